//! Step 2, `credential`: the credential's sources are there (env var set,
//! file readable, a username and a way to get the password), and a literal
//! secret is not sitting in a config file others can read.
//!
//! Building the credential reads the secret (and, on a terminal, prompts
//! for a password) exactly as `pbitoken token` would; the checks before it
//! only give better words to what `check` can see without a prompt.

use std::path::Path;

use crate::credential::{self, Credential, CredentialOptions};
use crate::profile::{Profile, SecretSource};

use super::Failure;

/// Checks the sources and builds the credential; the pass detail says
/// where the secret or password comes from, never what it is.
pub(super) fn check(
    profile: &Profile,
    opts: &CredentialOptions,
) -> Result<(Box<dyn Credential>, String), Failure> {
    let uses_secret = profile.uses_client_secret();
    if uses_secret {
        if let (SecretSource::Literal(_), Some(path)) = (&profile.secret, &profile.config_path) {
            literal_secret_is_private(path)?;
        }
    }
    let mut parts = Vec::new();
    parts.extend(credential::check_sources(profile)?);
    if uses_secret {
        parts.push(secret_source(profile));
    }
    let credential = credential::for_profile(
        profile,
        &CredentialOptions {
            quiet: true,
            // A cached refresh token spares a browser sign-in.
            cached_refresh: true,
            ..opts.clone()
        },
    )?;
    Ok((credential, parts.join("; ")))
}

/// Where the client secret comes from, in words.
fn secret_source(profile: &Profile) -> String {
    match &profile.secret {
        SecretSource::Literal(_) => match &profile.config_path {
            Some(path) => format!(
                "client secret in {} (not readable by others)",
                path.display()
            ),
            None => "client secret in the profile".to_owned(),
        },
        SecretSource::Env(var) => format!("client secret from env {var}"),
        SecretSource::File(path) => format!("client secret from file {}", path.display()),
        SecretSource::DefaultEnv => "client secret from env AZURE_CLIENT_SECRET".to_owned(),
    }
}

/// A config file holding a secret must be private to its owner.
fn literal_secret_is_private(path: &Path) -> Result<(), Failure> {
    // If it is gone since it was read there is nothing to judge.
    let Some(mode) = crate::private::readable_by_others(path) else {
        return Ok(());
    };
    Err(Failure::new(
        format!(
            "{} holds a literal client_secret and is readable by {} (mode {mode:04o})",
            path.display(),
            if mode & 0o004 != 0 { "everyone" } else { "its group" }
        ),
        format!(
            "chmod 600 {}, or move the secret out of the file: client_secret_env = \"VAR\" or client_secret_file",
            path.display()
        ),
    ))
}
