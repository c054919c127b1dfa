//! The config file: where it is, what it holds, and reading it without ever
//! echoing a line of it back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::secret::Secret;

pub mod edit;

/// Env var naming another config file.
pub const CONFIG_ENV: &str = "PBITOKEN_CONFIG";

/// The whole config file.
#[derive(Debug, Default)]
pub struct ConfigFile {
    /// The profile used when none is named.
    pub default_profile: Option<String>,
    /// Profiles by name.
    pub profiles: BTreeMap<String, ProfileConfig>,
}

/// One `[profiles.NAME]` table, as written: every key optional, checked later.
#[derive(Debug, Default, Clone)]
#[allow(missing_docs)] // the keys are documented in SPEC.md and the README
pub struct ProfileConfig {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub auth: Option<String>,
    /// A secret from the moment it is parsed: it never prints, and every
    /// message is scrubbed of it while the config is loaded.
    pub client_secret: Option<Secret>,
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
    pub fabric_api_base: Option<String>,
    pub imds_endpoint: Option<String>,
    pub redirect_port: Option<String>,
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
    if let Some(p) = crate::env::var(CONFIG_ENV)? {
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
    let text = match crate::limited::read_to_string(&path) {
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
        .find(|(_, p)| p.client_secret.as_ref().is_some_and(|s| !s.is_empty()))
        .map(|(name, _)| name)?;
    let mode = crate::private::readable_by_others(&config.path)?;
    Some(format!(
        "config file {} holds a literal client_secret (profile '{holder}') and group/others can read it (mode {mode:03o}); run `chmod 600 {}` or move the secret to client_secret_env",
        config.path.display(),
        config.path.display()
    ))
}

/// Parses config text. An error names the line and column, the key path
/// (`profiles.prod.client_id`) and what was expected, but never quotes the
/// text: the offending line may hold a secret. Every literal
/// `client_secret` is a [`Secret`] as it is read, so it is scrubbed from
/// every message while the config is held, before any profile is
/// resolved: an error about another key (a secret pasted into `auth`,
/// say) may quote it.
///
/// The schema is walked here by hand rather than by serde: serde's
/// messages quote the value that did not fit (`invalid type: string
/// "THE-SECRET"`), and no value of a config file may reach an error.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let message = scrub_message(e.message());
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                // A duplicate key's span is the key: name it if it is one.
                let key = text.get(span.clone()).filter(|k| is_key_shaped(k));
                match key {
                    Some(k) if message == "duplicate key" => {
                        format!("line {line}, column {col}: duplicate key {k}")
                    }
                    _ => format!("line {line}, column {col}: {message}"),
                }
            }
            None => message,
        }
    })?;
    let at = |span: Option<std::ops::Range<usize>>| match span {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: ")
        }
        None => String::new(),
    };
    let mut file = ConfigFile::default();
    for (key, item) in doc.as_table().iter() {
        let span = doc.as_table().key(key).and_then(toml_edit::Key::span);
        match key {
            "default_profile" => {
                file.default_profile = Some(string_value(item).ok_or_else(|| {
                    format!(
                        "{}default_profile: expected a string (a profile name), found {}",
                        at(item.span().or(span)),
                        kind(item)
                    )
                })?);
            }
            "profiles" => {
                let profiles = item.as_table_like().ok_or_else(|| {
                    format!(
                        "{}profiles: expected a table ([profiles.NAME] sections), found {}",
                        at(item.span().or(span)),
                        kind(item)
                    )
                })?;
                for (name, profile) in profiles.iter() {
                    let span = profiles.key(name).and_then(toml_edit::Key::span);
                    let path = format!("profiles.{}", shown_key(name));
                    let table = profile.as_table_like().ok_or_else(|| {
                        format!(
                            "{}{path}: expected a table (a [{path}] section holding the profile's keys), found {}",
                            at(span.clone().or(profile.span())),
                            kind(profile)
                        )
                    })?;
                    let mut config = ProfileConfig::default();
                    for (key, value) in table.iter() {
                        let span = table.key(key).and_then(toml_edit::Key::span);
                        let is_secret = key == "client_secret";
                        if !is_secret && config.slot(key).is_none() {
                            return Err(format!(
                                "{}{path}: unknown key {}; a profile's keys are: {}",
                                at(span),
                                shown_key(key),
                                edit::KEYS.join(", ")
                            ));
                        }
                        // A port may be written as a number too.
                        let number = (key == "redirect_port")
                            .then(|| value.as_integer().map(|n| n.to_string()))
                            .flatten();
                        let text = number.or_else(|| string_value(value)).ok_or_else(|| {
                            format!(
                                "{}{path}.{key}: expected a string, found {}",
                                at(value.span().or(span)),
                                kind(value)
                            )
                        })?;
                        if is_secret {
                            config.client_secret = Some(Secret::new(text));
                        } else if let Some(slot) = config.slot(key) {
                            *slot = Some(text);
                        }
                    }
                    file.profiles.insert(name.to_owned(), config);
                }
            }
            other => {
                return Err(format!(
                    "{}unknown key {}; the file holds default_profile and [profiles.NAME] sections",
                    at(span),
                    shown_key(other)
                ))
            }
        }
    }
    Ok(file)
}

impl ProfileConfig {
    /// The field for a key of [`edit::KEYS`] other than `client_secret`
    /// (a [`Secret`]); `None` for any other key.
    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "tenant" => &mut self.tenant,
            "client_id" => &mut self.client_id,
            "auth" => &mut self.auth,
            "client_secret_env" => &mut self.client_secret_env,
            "client_secret_file" => &mut self.client_secret_file,
            "username" => &mut self.username,
            "password_env" => &mut self.password_env,
            "certificate_file" => &mut self.certificate_file,
            "federated_token_file" => &mut self.federated_token_file,
            "cloud" => &mut self.cloud,
            "endpoint" => &mut self.endpoint,
            "resource" => &mut self.resource,
            "scope" => &mut self.scope,
            "authority_host" => &mut self.authority_host,
            "token_endpoint" => &mut self.token_endpoint,
            "api_base" => &mut self.api_base,
            "fabric_api_base" => &mut self.fabric_api_base,
            "imds_endpoint" => &mut self.imds_endpoint,
            "redirect_port" => &mut self.redirect_port,
            _ => return None,
        })
    }
}

/// A plain string value (not one inside an array or inline table).
fn string_value(item: &toml_edit::Item) -> Option<String> {
    item.as_str().map(str::to_owned)
}

/// What an item is, in TOML's words, without its value.
fn kind(item: &toml_edit::Item) -> &'static str {
    use toml_edit::{Item, Value};
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(v) => match v {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::InlineTable(_) => "an inline table",
        },
    }
}

/// Whether a key can be shown: a bare TOML key of modest length. Anything
/// else (spaces, `~`, quotes) may be a secret pasted where a key goes.
fn is_key_shaped(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A key as an error shows it: itself when [`is_key_shaped`], else a
/// description.
fn shown_key(key: &str) -> String {
    if is_key_shaped(key) {
        key.to_owned()
    } else {
        "(a key that is not a plain name; not shown)".to_owned()
    }
}

/// The parser's message on one line, with anything quoted in it removed
/// except the parser's own one-character tokens (`expected \`=\``): a
/// quoted value could be a secret.
fn scrub_message(message: &str) -> String {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    let mut rest = one_line.as_str();
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('`');
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            rest = "";
            break;
        };
        let inner = &after[..close];
        if inner.chars().count() <= 2 {
            out.push(quote);
            out.push_str(inner);
            out.push(quote);
        } else {
            out.push_str("(value)");
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn wrong_shapes_name_the_key_path_never_the_value() {
        for (text, path, found) in [
            (
                "[profiles]\nclient_secret = \"THE-SECRET\"\n",
                "profiles.client_secret:",
                "a string",
            ),
            ("profiles = \"THE-SECRET\"\n", "profiles:", "a string"),
            ("profiles = [\"THE-SECRET\"]\n", "profiles:", "an array"),
            (
                "default_profile = [\"THE-SECRET\"]\n",
                "default_profile:",
                "an array",
            ),
            (
                "default_profile = { a = \"THE-SECRET\" }\n",
                "default_profile:",
                "an inline table",
            ),
            (
                "[profiles.a]\nclient_secret = 1234567890\n",
                "profiles.a.client_secret:",
                "an integer",
            ),
            (
                "[profiles.a]\nclient_secret = 1234.5678\n",
                "profiles.a.client_secret:",
                "a float",
            ),
            (
                "[profiles.a]\nclient_secret = [\"THE-SECRET\"]\n",
                "profiles.a.client_secret:",
                "an array",
            ),
            (
                "[profiles.a]\nclient_secret = { v = \"THE-SECRET\" }\n",
                "profiles.a.client_secret:",
                "an inline table",
            ),
            (
                "[profiles.a.client_secret]\nv = \"THE-SECRET\"\n",
                "profiles.a.client_secret:",
                "a table",
            ),
            (
                "[profiles.a]\ntenant = 1979-05-27T07:32:00Z\n",
                "profiles.a.tenant:",
                "a date-time",
            ),
            (
                "[profiles.a]\nauth = true\n",
                "profiles.a.auth:",
                "a boolean",
            ),
            (
                "[[profiles]]\nclient_secret = \"THE-SECRET\"\n",
                "profiles:",
                "an array of tables",
            ),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.starts_with("line "), "{text}: {err}");
            assert!(err.contains(path) && err.contains(found), "{text}: {err}");
            for value in ["THE-SECRET", "1234567890", "1234.5678", "1979", "true"] {
                assert!(!err.contains(value), "{text}: {err}");
            }
        }
    }

    #[test]
    fn syntax_errors_never_quote_the_text() {
        for text in [
            "[profiles.a]\nclient_secret = \"THE-SECRET\"\nclient_secret = \"THE-SECRET2\"\n",
            "[profiles.a]\nclient_secret = THE-SECRET\n",
            "[profiles.a]\nTHE-SECRET~x\n",
            "[profiles.a]\nclient_secret = \"THE-SECRET\" junk\n",
            "[profiles.a]\nclient_secret = \"THE\\qSECRET\"\n",
            "[profiles.\"THE SECRET\"]\n[profiles.\"THE SECRET\"]\n",
            "[profiles.a]\n\"THE SECRET\" = \"x\"\n",
            "\"THE SECRET\" = 1\n",
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.starts_with("line "), "{text}: {err}");
            assert!(!err.contains("SECRET"), "{text}: {err}");
        }
        let err = parse("[profiles.a]\ntenant = \"a.com\"\ntenant = \"b.com\"\n").unwrap_err();
        assert!(err.contains("duplicate key tenant"), "{err}");
    }

    #[test]
    fn a_literal_secret_is_a_secret_from_parsing_on() {
        let cfg = parse("[profiles.a]\nclient_secret = \"parsed-secret-value\"\n").unwrap();
        let profile = &cfg.profiles["a"];
        assert_eq!(
            profile.client_secret.as_ref().map(Secret::expose),
            Some("parsed-secret-value")
        );
        for shown in [format!("{cfg:?}"), format!("{profile:?}")] {
            assert!(!shown.contains("parsed-secret-value"), "{shown}");
        }
        assert_eq!(
            crate::secret::redact("echo: parsed-secret-value"),
            "echo: ****"
        );
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
