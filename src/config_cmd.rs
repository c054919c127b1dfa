//! `pbitoken config ...`: list, show, init, set, unset, remove, use.
//!
//! Each command returns what goes to stdout; notes and warnings go to
//! stderr here (unless quiet). Reading is [`config`]'s and [`profile`]'s
//! job, changing the file [`edit`]'s: this module only asks and reports.

use std::path::{Path, PathBuf};

use crate::config;
use crate::config::edit::{self, check_value, Editor, KEYS};
use crate::credential::{self, Ask};
use crate::error::Error;
use crate::method::AuthMethod;
use crate::profile::{self, Overrides, Profile, SecretSource, Source};
use crate::prompt;
use crate::secret::Secret;

/// A line on stderr for a person: profile names, values and paths come
/// from the command line and the config file, so it is one line with no
/// escape sequence or bidi override, as errors are.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", crate::error::one_line(&format!($($arg)*)))
    };
}

/// How often a bad answer is asked again before giving up.
const MAX_TRIES: usize = 5;

/// Where the config file is, or an error when there is no home folder.
pub fn path(config_flag: Option<&Path>) -> Result<PathBuf, Error> {
    config::locate(config_flag)?.map(|(p, _)| p).ok_or_else(|| {
        Error::usage("cannot tell the config dir: no home folder; pass --config PATH")
    })
}

/// `config list`: a table of the profiles, `*` marking the default; with
/// `names_only` just the names, one a line, and never an error (it feeds
/// shell completion).
pub fn list(config_flag: Option<&Path>, names_only: bool) -> Result<String, Error> {
    let loaded = match config::load(config_flag) {
        Ok(l) => l,
        Err(_) if names_only => return Ok(String::new()),
        Err(e) => return Err(e),
    };
    let Some(loaded) = loaded else {
        if !names_only {
            say!(
                "no config file at {}; create one with `pbitoken config init`",
                path(config_flag)?.display()
            );
        }
        return Ok(String::new());
    };
    let profiles = &loaded.file.profiles;
    if names_only {
        return Ok(profiles
            .keys()
            .map(|n| format!("{}\n", crate::error::one_line(n)))
            .collect());
    }
    if profiles.is_empty() {
        say!("no profiles in {}", loaded.path.display());
        return Ok(String::new());
    }
    let default = loaded.file.default_profile.as_deref();
    if let Some(d) = default.filter(|d| !profiles.contains_key(*d)) {
        say!(
            "warning: default_profile '{}' is not a profile in {}",
            crate::error::one_line(d),
            loaded.path.display()
        );
    }
    let rows: Vec<[String; 5]> = profiles
        .iter()
        .map(|(name, p)| {
            [
                if Some(name.as_str()) == default {
                    "*"
                } else {
                    ""
                }
                .to_owned(),
                name.clone(),
                listed(p.tenant.as_deref(), |t| {
                    crate::shape::is_tenant(t) || (other_server(p) && is_visible(t))
                }),
                listed(p.client_id.as_deref(), |c| {
                    crate::shape::is_guid(c) || (other_server(p) && is_visible(c))
                }),
                match p.auth.as_deref() {
                    None => "client_secret".into(),
                    Some(a) => listed(Some(a), |a| a.parse::<AuthMethod>().is_ok()),
                },
            ]
        })
        .collect();
    let header = ["", "NAME", "TENANT", "CLIENT", "AUTH"].map(String::from);
    // The cells are values as written: a secret pasted into the wrong key
    // would show here, so scrub what parsing remembered as secret.
    Ok(crate::secret::redact(&table(&header, &rows)))
}

/// A `config list` cell: the value when it has the key's shape, else
/// `(malformed)`, as `token` and `config show` refuse it without showing
/// it (a secret pasted into `client_id` must not be listed either).
fn listed(value: Option<&str>, well_formed: impl Fn(&str) -> bool) -> String {
    match value {
        None => "-".to_owned(),
        Some(v) if well_formed(v) => v.to_owned(),
        Some(_) => "(malformed)".to_owned(),
    }
}

/// A profile for another OAuth server, whose ids may have other shapes.
fn other_server(p: &crate::config::ProfileConfig) -> bool {
    p.token_endpoint.is_some()
}

/// Up to 256 visible ASCII characters, no quotes or backslash: the ids
/// `token` accepts for another OAuth server.
fn is_visible(s: &str) -> bool {
    s.len() <= 256
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"'\\`".contains(&b))
}

/// Left-aligned columns two spaces apart, for `config list` and `cache list`.
pub(crate) fn table<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    // Cells come from config and cache files: no escape sequence, line
    // break or bidi override reaches the terminal.
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|row| row.clone().map(|cell| crate::error::one_line(&cell)))
        .collect();
    let rows = rows.as_slice();
    let mut widths = [0usize; N];
    for row in std::iter::once(header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `config show`: every effective key of the profile, `key = value
/// (source)`, secrets as `****`, then the config file's path.
pub fn show(
    config_flag: Option<&Path>,
    name: Option<&str>,
    profile_flag: Option<&str>,
    overrides: &Overrides,
) -> Result<String, Error> {
    if let (Some(a), Some(b)) = (name, profile_flag) {
        if a != b {
            return Err(Error::usage(format!(
                "two profiles named: '{a}' and --profile '{b}'; give one"
            )));
        }
    }
    let chosen = name.or(profile_flag);
    let loaded = config::load(config_flag)?;
    let choice = profile::choose(loaded.as_ref(), chosen, overrides)?;
    let source = choice.as_ref().map_or(Source::Default, |c| c.source());
    let profile = profile::resolve_choice(loaded.as_ref(), choice, overrides)?;
    let mut out = String::new();
    // Values and names come from files and the environment: printed
    // without escape sequences, line breaks or bidi overrides.
    let mut line = |key: &str, value: &str, source: &str| {
        let (value, source) = (
            crate::error::one_line(value),
            crate::error::one_line(source),
        );
        out.push_str(&format!("{key} = {value}  ({source})\n"));
    };
    line("profile", &profile.name, &source.to_string());

    for key in KEYS {
        if key == "client_secret" {
            if profile.uses_client_secret() {
                let (value, source) = secret_line(&profile)?;
                line(key, &value, &source);
            }
            continue;
        }
        let password_from = credential::method(profile.auth).password_from;
        if let (true, Some(password_from)) = (key == "password_env", password_from) {
            match password_from(&profile)? {
                Some(var) => line("password", "****", &Source::Env(var).to_string()),
                None => line(
                    "password",
                    "(asked on the terminal, or --password-stdin)",
                    "default",
                ),
            }
        }
        let Some(source) = profile.sources.get(key) else {
            continue;
        };
        let Some(value) = value_of(&profile, key) else {
            continue;
        };
        line(key, &value, &source.to_string());
    }
    let file_source = if config_flag.is_some() {
        Source::Flag
    } else if crate::env::var(config::CONFIG_ENV)?.is_some() {
        Source::Env(config::CONFIG_ENV.to_owned())
    } else {
        Source::Default
    };
    match config::locate(config_flag)?.map(|(p, _)| p) {
        Some(p) => {
            out.push_str(&format!("config_file = {}  ({file_source})\n", p.display()));
            if loaded.is_none() {
                say!("note: {} does not exist", p.display());
            }
        }
        None => out.push_str("config_file = (none: no home folder)  (default)\n"),
    }
    // Values are shown as written; a secret pasted into another key too
    // must still come out as ****.
    Ok(crate::secret::redact(&out))
}

/// The value of a non-secret key as `config show` prints it.
fn value_of(p: &Profile, key: &str) -> Option<String> {
    let path = |f: &Option<PathBuf>| f.as_ref().map(|f| f.display().to_string());
    match key {
        "tenant" => p.tenant.clone(),
        "client_id" => p.client_id.clone(),
        "auth" => Some(p.auth.to_string()),
        "username" => p.username.clone(),
        "password_env" => p.password_env.clone(),
        "certificate_file" => path(&p.certificate_file),
        "federated_token_file" => path(&p.federated_token_file),
        "cloud" => Some(p.cloud.name().to_owned()),
        "endpoint" => Some(p.endpoint.name().to_owned()),
        "resource" => Some(p.resource.clone()),
        "scope" => Some(p.scope.clone()),
        "authority_host" => Some(p.authority_host.clone()),
        "token_endpoint" => p.token_endpoint.clone(),
        "api_base" => Some(p.api_base.clone()),
        "fabric_api_base" => p.fabric_api_base.clone(),
        "imds_endpoint" => Some(p.imds_endpoint.clone()),
        "redirect_port" => p.redirect_port.map(|port| port.to_string()),
        _ => None,
    }
}

/// The client secret's line: `****` when there is one, `(not set)` when
/// the place it should come from is empty, and where that place is.
fn secret_line(p: &Profile) -> Result<(String, String), Error> {
    let masked = |present: bool| if present { "****" } else { "(not set)" }.to_owned();
    Ok(match &p.secret {
        SecretSource::Literal(_) => (masked(true), "profile".into()),
        SecretSource::Env(var) if !edit::is_env_name(var) => {
            say!(
                "warning: client_secret_env of profile '{}' is not an env var name; is it the secret itself? Put the secret in an env var and name that",
                p.name
            );
            (masked(true), "profile".into())
        }
        SecretSource::Env(var) => (
            masked(crate::env::var(var)?.is_some()),
            Source::Env(var.clone()).to_string(),
        ),
        SecretSource::File(path) => (masked(path.is_file()), "profile".into()),
        SecretSource::DefaultEnv if crate::env::var("AZURE_CLIENT_SECRET")?.is_some() => {
            (masked(true), "env AZURE_CLIENT_SECRET".into())
        }
        SecretSource::DefaultEnv => (masked(false), "default".into()),
    })
}

/// The FIELD FLAGS of `config init`, as plain options.
#[derive(Debug, Default, Clone)]
#[allow(missing_docs)] // the flags of the same names
pub struct InitOptions {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub auth: Option<String>,
    pub username: Option<String>,
    pub client_secret_env: Option<String>,
    pub client_secret_file: Option<String>,
    pub certificate_file: Option<String>,
    pub cloud: Option<String>,
    /// Replace an existing profile.
    pub force: bool,
}

impl InitOptions {
    /// The flag that gives a profile key, if it was given.
    fn field(&self, key: &str) -> Option<&String> {
        match key {
            "tenant" => self.tenant.as_ref(),
            "client_id" => self.client_id.as_ref(),
            "auth" => self.auth.as_ref(),
            "username" => self.username.as_ref(),
            "client_secret_env" => self.client_secret_env.as_ref(),
            "client_secret_file" => self.client_secret_file.as_ref(),
            "certificate_file" => self.certificate_file.as_ref(),
            "cloud" => self.cloud.as_ref(),
            _ => None,
        }
    }
}

/// `config init`: creates the profile `name` from the options, asking on a
/// terminal for what they leave out.
pub fn init(
    config_flag: Option<&Path>,
    name: &str,
    opts: &InitOptions,
    quiet: bool,
) -> Result<(), Error> {
    edit::check_profile_name(name)?;
    let path = path(config_flag)?;
    let mut editor = Editor::open(&path)?;
    if editor.has_profile(name) && !opts.force {
        return Err(Error::usage(format!(
            "profile '{name}' already exists in {}",
            path.display()
        ))
        .with_hint(
            "pass --force to replace it, or change single keys with `pbitoken config set`",
        ));
    }
    for (key, value) in [
        ("tenant", &opts.tenant),
        ("client_id", &opts.client_id),
        ("username", &opts.username),
        ("client_secret_env", &opts.client_secret_env),
        ("client_secret_file", &opts.client_secret_file),
        ("certificate_file", &opts.certificate_file),
    ] {
        if let Some(v) = value {
            check_value(key, v).map_err(|e| flag_error(key, e))?;
        }
    }

    let terminal = prompt::has_terminal();
    let fields = if terminal {
        ask_fields(name, opts, &path)?
    } else {
        flag_fields(name, opts)?
    };
    // A path typed on the command line or at a prompt is relative to where
    // the user stands; in the file it would be relative to the file.
    let fields: Vec<(&'static str, String)> = fields
        .into_iter()
        .map(|(k, v)| match k {
            "client_secret_file" | "certificate_file" => (k, absolute(&v)),
            _ => (k, v),
        })
        .collect();
    let auth: AuthMethod = fields
        .iter()
        .find(|(k, _)| *k == "auth")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or_default();

    editor.put_profile(name, &fields, opts.force)?;
    let made_default = editor.default_profile().is_none();
    if made_default {
        editor.set_default(name)?;
    }
    editor.save()?;
    if !quiet {
        say!(
            "{} profile '{name}' in {}{}",
            if editor.existed() && opts.force {
                "wrote"
            } else {
                "created"
            },
            path.display(),
            if made_default {
                " (the default profile)"
            } else {
                ""
            }
        );
        if auth.always_sends_secret()
            && !fields.iter().any(|(k, _)| edit::SECRET_SOURCES.contains(k))
        {
            say!("note: no secret source given: the secret will be read from env AZURE_CLIENT_SECRET; set one with `pbitoken config set {name} client_secret_env VAR`");
        }
    }
    Ok(())
}

/// A bad flag value, named as the flag.
fn flag_error(key: &str, e: Error) -> Error {
    Error::usage(format!("--{}: {}", key.replace('_', "-"), e.message))
}

/// The profile from the flags alone: what a script gets, with an error
/// naming every missing required flag.
fn flag_fields(name: &str, opts: &InitOptions) -> Result<Vec<(&'static str, String)>, Error> {
    let auth: AuthMethod = opts
        .auth
        .as_deref()
        .unwrap_or(AuthMethod::default().name())
        .parse()
        .map_err(Error::usage)?;
    let mut missing = Vec::new();
    if auth.needs_ids() {
        if opts.tenant.is_none() {
            missing.push("--tenant");
        }
        if opts.client_id.is_none() {
            missing.push("--client-id");
        }
    }
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "cannot create profile '{name}': missing {} and there is no terminal to ask on",
            missing.join(", ")
        ))
        .with_hint(format!(
            "pass {}, or run `pbitoken config init` on a terminal",
            missing.join(" and ")
        )));
    }
    if let Some(t) = &opts.tenant {
        check_tenant_for(auth, t).map_err(|e| flag_error("tenant", e))?;
    }
    let mut fields = Vec::new();
    push(&mut fields, "tenant", &opts.tenant);
    push(&mut fields, "client_id", &opts.client_id);
    fields.push(("auth", auth.name().to_owned()));
    push(&mut fields, "client_secret_env", &opts.client_secret_env);
    push(&mut fields, "client_secret_file", &opts.client_secret_file);
    push(&mut fields, "username", &opts.username);
    push(&mut fields, "certificate_file", &opts.certificate_file);
    push(&mut fields, "cloud", &opts.cloud);
    Ok(fields)
}

/// A relative path made absolute against the current folder (`~/` kept).
fn absolute(path: &str) -> String {
    let p = Path::new(path);
    if p.is_absolute() || path.starts_with("~/") {
        return path.to_owned();
    }
    std::env::current_dir()
        .map(|d| {
            d.join(p.strip_prefix(".").unwrap_or(p))
                .display()
                .to_string()
        })
        .unwrap_or_else(|_| path.to_owned())
}

fn push(fields: &mut Vec<(&'static str, String)>, key: &'static str, value: &Option<String>) {
    if let Some(v) = value {
        fields.push((key, v.clone()));
    }
}

/// `organizations` and friends only work for user sign-in.
fn check_tenant_for(auth: AuthMethod, tenant: &str) -> Result<(), Error> {
    auth.allows_tenant(tenant).map_err(Error::usage)
}

/// The profile from the flags plus answers on the terminal.
fn ask_fields(
    name: &str,
    opts: &InitOptions,
    path: &Path,
) -> Result<Vec<(&'static str, String)>, Error> {
    say!("Creating profile '{name}' in {}", path.display());
    let auth: AuthMethod = match &opts.auth {
        Some(a) => a.parse().map_err(Error::usage)?,
        None => ask_valid(
            &format!(
                "Auth method ({}) [{}]: ",
                AuthMethod::NAMES.join(", "),
                AuthMethod::default()
            ),
            Some(AuthMethod::default().name()),
            |v| v.parse::<AuthMethod>().map(drop),
        )?
        .expect("a default was given")
        .parse()
        .map_err(Error::usage)?,
    };
    let optional = !auth.needs_ids();
    let skip = if optional { " (Enter to skip)" } else { "" };
    let tenant = match &opts.tenant {
        Some(t) => {
            check_tenant_for(auth, t).map_err(|e| flag_error("tenant", e))?;
            Some(t.clone())
        }
        None => ask_optional(
            &format!("Tenant (GUID or domain, e.g. contoso.onmicrosoft.com){skip}: "),
            optional,
            |v| {
                edit::check_tenant(v)?;
                check_tenant_for(auth, v).map_err(|e| e.message)
            },
        )?,
    };
    let client_id = match &opts.client_id {
        Some(c) => Some(c.clone()),
        None => ask_optional(&format!("Application (client) id{skip}: "), optional, |v| {
            check_value("client_id", v).map_err(|e| e.message)
        })?,
    };

    let mut fields = Vec::new();
    push(&mut fields, "tenant", &tenant);
    push(&mut fields, "client_id", &client_id);
    fields.push(("auth", auth.name().to_owned()));

    for ask in credential::method(auth).init {
        match *ask {
            Ask::SecretSource => {
                if opts.client_secret_env.is_some() || opts.client_secret_file.is_some() {
                    push(&mut fields, "client_secret_env", &opts.client_secret_env);
                    push(&mut fields, "client_secret_file", &opts.client_secret_file);
                } else if let Some(field) = ask_secret_source(name, path)? {
                    fields.push(field);
                }
            }
            Ask::Optional { key, question } => {
                let value = match opts.field(key) {
                    Some(v) => Some(v.clone()),
                    None => ask_optional(question, true, |v| {
                        check_value(key, v).map_err(|e| e.message)
                    })?,
                };
                push(&mut fields, key, &value);
            }
        }
    }
    let cloud = match &opts.cloud {
        Some(c) => Some(c.clone()),
        None => ask_valid(
            &format!(
                "Cloud ({}) [public]: ",
                crate::cloud::Cloud::NAMES.join(", ")
            ),
            Some("public"),
            |v| check_value("cloud", v).map_err(|e| e.message),
        )?
        // The default is not written: the file says only what was chosen.
        .filter(|c| c != "public"),
    };
    push(&mut fields, "cloud", &cloud);
    Ok(fields)
}

/// Asks where the client secret comes from; an env var is the
/// recommendation, a typed secret is stored in the file (with a warning).
fn ask_secret_source(name: &str, path: &Path) -> Result<Option<(&'static str, String)>, Error> {
    eprintln!(
        "Where will the client secret come from?\n  1) an environment variable (recommended: the secret stays out of files)\n  2) a file holding only the secret\n  3) type it now: it is stored in the config file in plain text\n  4) nothing now: env AZURE_CLIENT_SECRET when pbitoken runs"
    );
    let choice = ask_valid("Choice [1]: ", Some("1"), |v| match v {
        "1" | "2" | "3" | "4" => Ok(()),
        _ => Err("answer 1, 2, 3 or 4".into()),
    })?
    .expect("a default was given");
    Ok(match choice.as_str() {
        "1" => {
            let suggested = suggested_env_name(name);
            let var = ask_valid(
                &format!("Environment variable name [{suggested}]: "),
                Some(&suggested),
                |v| check_value("client_secret_env", v).map_err(|e| e.message),
            )?
            .expect("a default was given");
            Some(("client_secret_env", var))
        }
        "2" => ask_valid("Secret file path: ", None, |_| Ok(()))?
            .map(|file| ("client_secret_file", file)),
        "3" => {
            say!(
                "warning: the secret will be stored in plain text in {} (mode 0600); an env var keeps it out of the file",
                path.display()
            );
            let secret = ask_secret_value("Client secret (not shown): ")?;
            Some(("client_secret", secret.expose().to_owned()))
        }
        _ => None,
    })
}

/// `PBI_PROD_SECRET` for profile `prod`.
fn suggested_env_name(profile: &str) -> String {
    let upper: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("PBI_{upper}_SECRET")
}

/// Asks for a secret without echo, again if the answer is empty.
fn ask_secret_value(question: &str) -> Result<Secret, Error> {
    for _ in 0..MAX_TRIES {
        let secret = prompt::ask_secret(question)
            .map_err(|e| Error::usage(format!("cannot read the secret: {e}")))?;
        if !secret.is_empty() {
            return Ok(secret);
        }
        eprintln!("  empty; try again");
    }
    Err(Error::usage("no secret given"))
}

/// Asks until `check` accepts the answer (at most [`MAX_TRIES`] times);
/// Enter takes `default`, and without one an empty answer is asked again.
/// The end of the input is an error, so a closed terminal cannot loop.
fn ask_valid(
    question: &str,
    default: Option<&str>,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>, Error> {
    for _ in 0..MAX_TRIES {
        let answer = prompt::ask_line(question)
            .map_err(|e| Error::usage(format!("cannot read the answer: {e}")))?
            .ok_or_else(|| Error::usage("no answer: the input ended"))?;
        let answer = match (answer.is_empty(), default) {
            (true, Some(d)) => d.to_owned(),
            (true, None) => {
                eprintln!("  an answer is needed; try again");
                continue;
            }
            (false, _) => answer,
        };
        match check(&answer) {
            Ok(()) => return Ok(Some(answer)),
            Err(why) => eprintln!("  {why}; try again"),
        }
    }
    Err(Error::usage(format!(
        "no valid answer after {MAX_TRIES} tries"
    )))
}

/// Like [`ask_valid`], but an empty answer is `None` when `optional`.
fn ask_optional(
    question: &str,
    optional: bool,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>, Error> {
    if !optional {
        return ask_valid(question, None, check);
    }
    // The empty answer is the marker for "skip"; a real one is checked.
    ask_valid(question, Some(""), |v| {
        if v.is_empty() {
            Ok(())
        } else {
            check(v)
        }
    })
    .map(|a| a.filter(|v| !v.is_empty()))
}

/// `config set`: one key of an existing profile. `-` as the client
/// secret reads it from stdin (or asks without echo on a terminal), so it
/// stays out of the shell history.
pub fn set(
    config_flag: Option<&Path>,
    name: &str,
    key: &str,
    value: &str,
    quiet: bool,
) -> Result<(), Error> {
    edit::check_key(key)?;
    let mut editor = open_existing(config_flag)?;
    if !editor.has_profile(name) {
        return Err(editor.unknown_profile(name));
    }
    let secret_from_stdin = key == "client_secret" && value == "-";
    // A secret is a Secret while it is handled, so no message can show it.
    let secret = match (key, value) {
        _ if secret_from_stdin && prompt::has_terminal() => {
            Some(ask_secret_value("Client secret (not shown): ")?)
        }
        _ if secret_from_stdin => Some(
            prompt::read_stdin_secret()
                .map_err(|e| Error::usage(format!("cannot read the secret from stdin: {e}")))?,
        ),
        ("client_secret", _) => Some(Secret::new(value)),
        _ => None,
    };
    let value = secret.as_ref().map_or(value, Secret::expose);
    let removed = editor.set(name, key, value)?;
    editor.save()?;
    if !quiet {
        let shown = if key == "client_secret" {
            "****"
        } else {
            value
        };
        say!(
            "profile '{name}': {key} = {shown} ({})",
            editor.path().display()
        );
        for other in removed {
            say!("profile '{name}': removed {other} (a profile names one secret source)");
        }
        if key == "client_secret" {
            say!(
                "warning: the client secret is stored in plain text in {}{}; client_secret_env keeps it out of files",
                editor.path().display(),
                if secret_from_stdin { "" } else { " and is in your shell history" }
            );
        }
    }
    Ok(())
}

/// `config unset`: removes one key; a key that is not there changes nothing.
pub fn unset(config_flag: Option<&Path>, name: &str, key: &str, quiet: bool) -> Result<(), Error> {
    edit::check_key(key)?;
    let mut editor = open_existing(config_flag)?;
    if editor.unset(name, key)? {
        editor.save()?;
        if !quiet {
            say!(
                "profile '{name}': removed {key} ({})",
                editor.path().display()
            );
        }
    } else if !quiet {
        say!("profile '{name}' has no {key}; nothing changed");
    }
    Ok(())
}

/// `config remove`: removes a profile (and `default_profile` if it was that).
pub fn remove(config_flag: Option<&Path>, name: &str, quiet: bool) -> Result<(), Error> {
    let mut editor = open_existing(config_flag)?;
    let was_default = editor.remove_profile(name)?;
    editor.save()?;
    if !quiet {
        say!("removed profile '{name}' from {}", editor.path().display());
        if was_default {
            eprintln!("it was the default profile; choose another with `pbitoken config use NAME`");
        }
    }
    Ok(())
}

/// `config use`: makes a profile the default.
pub fn use_profile(config_flag: Option<&Path>, name: &str, quiet: bool) -> Result<(), Error> {
    let mut editor = open_existing(config_flag)?;
    editor.set_default(name)?;
    editor.save()?;
    if !quiet {
        say!("default profile: '{name}' ({})", editor.path().display());
    }
    Ok(())
}

/// The config file, which must exist: only `init` creates one.
fn open_existing(config_flag: Option<&Path>) -> Result<Editor, Error> {
    let path = path(config_flag)?;
    let editor = Editor::open(&path)?;
    if !editor.existed() {
        return Err(
            Error::usage(format!("config file {} does not exist", path.display()))
                .with_hint("create a profile with `pbitoken config init`"),
        );
    }
    Ok(editor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_name_suggestion() {
        assert_eq!(suggested_env_name("prod"), "PBI_PROD_SECRET");
        assert_eq!(suggested_env_name("eu-test.2"), "PBI_EU_TEST_2_SECRET");
        assert!(edit::is_env_name(&suggested_env_name("a-b")));
    }

    #[test]
    fn organizations_is_for_users_only() {
        assert!(check_tenant_for(AuthMethod::Password, "organizations").is_ok());
        assert!(check_tenant_for(AuthMethod::ClientSecret, "organizations").is_err());
        assert!(check_tenant_for(AuthMethod::ClientSecret, "contoso.com").is_ok());
    }

    #[test]
    fn table_aligns_columns() {
        let header = ["", "NAME", "AUTH"].map(String::from);
        let rows = [["*".into(), "prod".into(), "client_secret".into()]];
        assert_eq!(
            table(&header, &rows),
            "   NAME  AUTH\n*  prod  client_secret\n"
        );
    }
}
