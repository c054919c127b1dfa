//! A user's name and password: the resource owner password (ROPC) grant.
//! It cannot do MFA; the errors for that point to device code instead.

use super::{
    client_secret, nothing_more, request, user_scope, Ask, Credential, CredentialOptions, Method,
};
use crate::env::var as env_var;
use crate::error::Error;
use crate::http::Transport;
use crate::profile::Profile;
use crate::prompt;
use crate::secret::Secret;
use crate::token::Token;

/// `grant_type=password`.
pub struct PasswordCredential {
    profile: Profile,
    username: String,
    password: Secret,
    /// A confidential client sends its secret too.
    secret: Option<Secret>,
}

impl PasswordCredential {
    /// Finds username and password (prompting on a terminal if need be).
    pub fn new(profile: &Profile, opts: &CredentialOptions) -> Result<Self, Error> {
        let username = match &profile.username {
            Some(u) => u.clone(),
            None if prompt::has_terminal() => {
                let u = prompt::ask(&format!("Username for profile '{}': ", profile.name))
                    .map_err(|e| Error::usage(format!("cannot read the username: {e}")))?;
                if u.is_empty() {
                    return Err(Error::usage("no username given"));
                }
                u
            }
            None => return Err(no_username(profile)),
        };
        let password = password(profile, &username, opts)?;
        let secret = if profile.secret_named {
            Some(client_secret(profile)?)
        } else {
            None
        };
        Ok(PasswordCredential {
            profile: profile.clone(),
            username,
            password,
            secret,
        })
    }
}

/// The env var read when no `password_env` names one.
const DEFAULT_ENV: &str = "AZURE_PASSWORD";

/// The password grant.
pub(super) const METHOD: Method = Method {
    build: |profile, opts| Ok(Box::new(PasswordCredential::new(profile, opts)?)),
    // User sign-in: the cached refresh token must be found without asking
    // for the password.
    cache_identity: nothing_more,
    check,
    init: &[Ask::Optional {
        key: "username",
        question: "Username, e.g. alice@contoso.com (Enter to be asked at sign-in): ",
    }],
    by_resource: false,
    password_from: Some(|profile| Ok(env_source(profile)?.map(|(var, _)| var.to_owned()))),
};

/// The password from the environment, and the variable it came from:
/// `password_env`, then `AZURE_PASSWORD`. The one place that order is
/// written; `--password-stdin` and the prompt come after it.
fn env_source(profile: &Profile) -> Result<Option<(&str, String)>, Error> {
    for var in profile
        .password_env
        .iter()
        .map(String::as_str)
        .chain([DEFAULT_ENV])
    {
        if let Some(v) = env_var(var)? {
            return Ok(Some((var, v)));
        }
    }
    Ok(None)
}

/// The env vars [`env_source`] found unset, in words.
fn env_not_set(profile: &Profile) -> Vec<String> {
    let mut looked = Vec::new();
    if let Some(var) = &profile.password_env {
        looked.push(format!("env {var} (password_env) is not set"));
    }
    looked.push(format!("env {DEFAULT_ENV} is not set"));
    looked
}

/// No username anywhere, and no terminal to ask on.
fn no_username(profile: &Profile) -> Error {
    Error::usage(format!(
        "no username for profile '{}': username is not set in the profile, --username was not given, env AZURE_USERNAME is not set, and there is no terminal to prompt on",
        profile.name
    ))
    .with_hint("set username in the profile, pass --username, or export AZURE_USERNAME")
}

/// `check`: a username and a password it can get. `check` has no
/// `--password-stdin`, so what is left is an env var or a prompt.
fn check(profile: &Profile) -> Result<Option<String>, Error> {
    let terminal = prompt::has_terminal();
    let user = match &profile.username {
        Some(u) => u.clone(),
        None if terminal => "the user (username asked at the prompt)".to_owned(),
        None => return Err(no_username(profile)),
    };
    let from = match env_source(profile)? {
        Some((var, _)) => format!("env {var}"),
        None if terminal => "the prompt".to_owned(),
        None => {
            let mut looked = env_not_set(profile);
            looked.push("there is no terminal to prompt on".to_owned());
            return Err(Error::usage(format!(
                "no password for {user}: {}",
                looked.join(", ")
            ))
            .with_hint("give it one of three ways: set password_env = \"VAR\" in the profile (or export AZURE_PASSWORD), run on a terminal to be prompted, or pipe it to `pbitoken token --password-stdin`"));
        }
    };
    Ok(Some(format!(
        "password grant for {user}, password from {from}"
    )))
}

/// The environment (see [`env_source`]), then `--password-stdin`, then a
/// prompt without echo.
fn password(profile: &Profile, username: &str, opts: &CredentialOptions) -> Result<Secret, Error> {
    if let Some((_, v)) = env_source(profile)? {
        return Ok(Secret::new(v));
    }
    if opts.password_stdin {
        let p = prompt::read_stdin_secret()
            .map_err(|e| Error::usage(format!("cannot read the password from stdin: {e}")))?;
        if p.is_empty() {
            return Err(Error::usage("--password-stdin: stdin held no password"));
        }
        return Ok(p);
    }
    if prompt::has_terminal() {
        let p = prompt::ask_secret(&format!("Password for {username}: "))
            .map_err(|e| Error::usage(format!("cannot read the password: {e}")))?;
        if p.is_empty() {
            return Err(Error::usage("no password given"));
        }
        return Ok(p);
    }
    let mut looked = env_not_set(profile);
    looked.push("--password-stdin was not given".into());
    looked.push("there is no terminal to prompt on".into());
    Err(Error::usage(format!(
        "no password for {username}: {}",
        looked.join(", ")
    ))
    .with_hint("give it one of three ways: set password_env = \"VAR\" in the profile (or export AZURE_PASSWORD), pipe it with --password-stdin, or run on a terminal to be prompted"))
}

impl Credential for PasswordCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let mut form = vec![
            ("grant_type", "password"),
            ("client_id", client_id),
            ("username", self.username.as_str()),
            ("password", self.password.expose()),
        ];
        if let Some(s) = &self.secret {
            form.push(("client_secret", s.expose()));
        }
        // On v2 a refresh token comes back only when offline_access is asked.
        request(transport, &self.profile, form, &user_scope(&self.profile))
    }
}
