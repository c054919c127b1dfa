//! The config file: where it is, what it holds, and reading it without ever
//! echoing a line of it back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

pub mod edit;

/// Env var naming another config file.
pub const CONFIG_ENV: &str = "PBITOKEN_CONFIG";

/// The whole config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when none is named.
    pub default_profile: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileConfig>,
}

/// One `[profiles.NAME]` table, as written: every key optional, checked later.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // the keys are documented in SPEC.md and the README
pub struct ProfileConfig {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub auth: Option<String>,
    pub client_secret: Option<String>,
    pub client_secret_env: Option<String>,
    pub client_secret_file: Option<String>,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub certificate_file: Option<String>,
    pub federated_token_file: Option<String>,
    pub cloud: Option<String>,
    pub endpoint: Option<String>,
    pub resource: Option<String>,
    pub scope: Option<String>,
    pub authority_host: Option<String>,
    pub token_endpoint: Option<String>,
    pub api_base: Option<String>,
    pub imds_endpoint: Option<String>,
}

/// A config file that was found and read.
#[derive(Debug)]
pub struct LoadedConfig {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it holds.
    pub file: ConfigFile,
}

/// Where the config file is: `--config`, else `PBITOKEN_CONFIG`, else the
/// platform config dir. The flag says whether the user named it (then it
/// must exist).
pub fn locate(flag: Option<&Path>) -> Result<Option<(PathBuf, bool)>, Error> {
    if let Some(p) = flag {
        return Ok(Some((p.to_path_buf(), true)));
    }
    if let Some(p) = crate::profile::env_var(CONFIG_ENV)? {
        return Ok(Some((PathBuf::from(p), true)));
    }
    Ok(default_path().map(|p| (p, false)))
}

/// `$XDG_CONFIG_HOME/pbitoken/config.toml` on Linux, the platform's
/// equivalent elsewhere.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pbitoken").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file if there is one. A file the user named that does
/// not exist is an error; a missing default file is simply no file.
pub fn load(flag: Option<&Path>) -> Result<Option<LoadedConfig>, Error> {
    let Some((path, named)) = locate(flag)? else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                Error::usage(format!("config file {} does not exist", path.display())).with_hint(
                    "create it with `pbitoken config init`, or fix --config / PBITOKEN_CONFIG",
                ),
            )
        }
        Err(e) => {
            return Err(Error::usage(format!(
                "cannot read config file {}: {e}",
                path.display()
            )))
        }
    };
    let file = parse(&text)
        .map_err(|msg| Error::usage(format!("malformed config file {}: {msg}", path.display())))?;
    Ok(Some(LoadedConfig { path, file }))
}

/// Whether the file holds a literal `client_secret` (in any profile) and
/// group or others may read it. `token` warns about it, `check` fails on it.
pub fn literal_secret_exposed(config: &LoadedConfig) -> bool {
    literal_secret_warning(config).is_some()
}

/// The warning for [`literal_secret_exposed`], naming the file, its mode
/// and the fix; `None` when there is nothing to warn about.
pub fn literal_secret_warning(config: &LoadedConfig) -> Option<String> {
    let holder = config
        .file
        .profiles
        .iter()
        .find(|(_, p)| p.client_secret.as_deref().is_some_and(|s| !s.is_empty()))
        .map(|(name, _)| name)?;
    let mode = group_or_other_readable(&config.path)?;
    Some(format!(
        "config file {} holds a literal client_secret (profile '{holder}') and group/others can read it (mode {mode:03o}); run `chmod 600 {}` or move the secret to client_secret_env",
        config.path.display(),
        config.path.display()
    ))
}

/// The file's permission bits if group or others may read it.
#[cfg(unix)]
fn group_or_other_readable(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o044 != 0).then_some(mode)
}

/// Windows ACLs are not modes; nothing to say there.
#[cfg(not(unix))]
fn group_or_other_readable(_path: &Path) -> Option<u32> {
    None
}

/// Parses config text. The error names line and column but never quotes the
/// text: the offending line may hold a secret. Every literal `client_secret`
/// is remembered for redaction at once, before any profile is resolved: an
/// error about another key (a secret pasted into `auth`, say) may quote it.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    let file = parse_unredacted(text)?;
    for profile in file.profiles.values() {
        if let Some(secret) = &profile.client_secret {
            crate::secret::Secret::new(secret.clone());
        }
    }
    Ok(file)
}

fn parse_unredacted(text: &str) -> Result<ConfigFile, String> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let message = scrub_message(e.message());
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!("line {line}, column {col}: {message}")
            }
            None => message,
        }
    })
}

/// The parser's message on one line, with any quoted value removed
/// ("invalid type: integer `1234`" would print a numeric secret).
fn scrub_message(message: &str) -> String {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.starts_with("invalid type") || one_line.starts_with("invalid value") {
        let mut out = String::new();
        let mut inside = false;
        for c in one_line.chars() {
            if c == '`' {
                inside = !inside;
                continue;
            }
            if !inside {
                out.push(c);
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        one_line
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_example() {
        let text = r#"
default_profile = "prod"
[profiles.prod]
tenant = "contoso.onmicrosoft.com"
client_id = "11111111-2222-3333-4444-555555555555"
auth = "client_secret"
client_secret_env = "PBI_PROD_SECRET"
"#;
        let cfg = parse(text).unwrap();
        assert_eq!(cfg.default_profile.as_deref(), Some("prod"));
        assert_eq!(
            cfg.profiles["prod"].client_secret_env.as_deref(),
            Some("PBI_PROD_SECRET")
        );
    }

    #[test]
    fn syntax_error_names_line_and_column_without_the_text() {
        let text = "[profiles.a]\nclient_secret = \"s3cr3t-value\n";
        let err = parse(text).unwrap_err();
        assert!(err.starts_with("line 2, column"), "{err}");
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn wrong_type_does_not_echo_the_value() {
        let err = parse("[profiles.a]\nclient_secret = 98765432\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains("98765432"), "{err}");
    }

    #[test]
    fn unknown_key_is_named() {
        let err = parse("[profiles.a]\nclient_secrett = \"x\"\n").unwrap_err();
        assert!(err.contains("client_secrett"), "{err}");
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("", 0), (1, 1));
    }
}
