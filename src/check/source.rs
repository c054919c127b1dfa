//! Step 2, `credential`: the credential's sources are there (env var set,
//! file readable, a username and a way to get the password), and a literal
//! secret is not sitting in a config file others can read.
//!
//! Building the credential reads the secret (and, on a terminal, prompts
//! for a password) exactly as `pbitoken token` would; the checks before it
//! only give better words to what `check` can see without a prompt.

use std::path::Path;

use crate::credential::{self, Credential, CredentialOptions};
use crate::profile::{env_var, AuthMethod, Profile, SecretSource};
use crate::prompt;

use super::Failure;

/// Checks the sources and builds the credential; the pass detail says
/// where the secret or password comes from, never what it is.
pub(super) fn check(profile: &Profile) -> Result<(Box<dyn Credential>, String), Failure> {
    let uses_secret = profile.auth == AuthMethod::ClientSecret || profile.secret_named;
    if uses_secret {
        if let (SecretSource::Literal(_), Some(path)) = (&profile.secret, &profile.config_path) {
            literal_secret_is_private(path)?;
        }
    }
    let mut parts = Vec::new();
    match profile.auth {
        AuthMethod::Password => parts.push(password_sources(profile)?),
        AuthMethod::ClientSecret => {}
        _ => parts.push(method_source(profile)?),
    }
    if uses_secret {
        parts.push(secret_source(profile));
    }
    let credential = credential::for_profile(
        profile,
        &CredentialOptions {
            quiet: true,
            ..CredentialOptions::default()
        },
    )?;
    Ok((credential, parts.join("; ")))
}

/// What the methods without a secret rely on, checked as far as can be
/// without signing in.
fn method_source(profile: &Profile) -> Result<String, Failure> {
    match profile.auth {
        AuthMethod::Certificate => {
            let cert = credential::certificate::load_for(profile)?;
            let path = profile
                .certificate_file
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let until = crate::output::rfc3339(cert.not_after);
            if cert.not_after < crate::token::now() {
                return Err(Failure::new(
                    format!("the certificate in {path} (thumbprint {}) expired on {until}", cert.thumbprint_hex()),
                    "create a new certificate, upload it to the app registration and point certificate_file at it",
                ));
            }
            Ok(format!(
                "certificate {} from {path}, valid until {until}",
                cert.thumbprint_hex()
            ))
        }
        AuthMethod::WorkloadIdentity => match &profile.federated_token_file {
            Some(path) => match crate::limited::read_to_string(path) {
                Ok(t) if !t.trim().is_empty() => {
                    Ok(format!("federated token from file {}", path.display()))
                }
                Ok(_) => Err(Failure::new(
                    format!("federated_token_file {} is empty", path.display()),
                    "check that workload identity is enabled for the pod or job",
                )),
                Err(e) => Err(Failure::new(
                    format!("cannot read federated_token_file {}: {e}", path.display()),
                    "check the path, or set AZURE_FEDERATED_TOKEN_FILE",
                )),
            },
            None if env_var("ACTIONS_ID_TOKEN_REQUEST_URL")?.is_some()
                && env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN")?.is_some() =>
            {
                Ok(format!(
                    "GitHub Actions OIDC token (audience {})",
                    profile.cloud.federated_audience()
                ))
            }
            None => Err(Failure::new(
                "no federated token: federated_token_file is not set, env AZURE_FEDERATED_TOKEN_FILE is not set, and this is not a GitHub Actions job with an OIDC token",
                "on GitHub Actions give the job `permissions: id-token: write`; on Kubernetes enable workload identity on the pod",
            )),
        },
        AuthMethod::ManagedIdentity => Ok(match env_var("IDENTITY_ENDPOINT")? {
            Some(url) if env_var("IDENTITY_HEADER")?.is_some() => {
                format!("managed identity through IDENTITY_ENDPOINT {url}")
            }
            _ => format!("managed identity through IMDS at {}", profile.imds_endpoint),
        }),
        AuthMethod::AzureCli => {
            let found = std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(if cfg!(windows) { "az.cmd" } else { "az" }))
                    .find(|p| p.is_file())
            });
            match found {
                Some(az) => Ok(format!("the Azure CLI session ({})", az.display())),
                None => Err(Failure::new(
                    "the Azure CLI (az) is not installed or not on PATH",
                    "install the Azure CLI and run `az login`, or choose another auth method",
                )),
            }
        }
        AuthMethod::DeviceCode => Ok("device code sign-in: a code to enter in a browser is shown on stderr".to_owned()),
        AuthMethod::ClientSecret | AuthMethod::Password => Ok(format!("auth {}", profile.auth)),
    }
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
#[cfg(unix)]
fn literal_secret_is_private(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        // It was read a moment ago; if it is gone now there is nothing to judge.
        return Ok(());
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o044 != 0 {
        return Err(Failure::new(
            format!(
                "{} holds a literal client_secret and is readable by {} (mode {mode:04o})",
                path.display(),
                if mode & 0o004 != 0 { "everyone" } else { "its group" }
            ),
            format!(
                "chmod 600 {}, or move the secret out of the file: client_secret_env = \"VAR\" or client_secret_file",
                path.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn literal_secret_is_private(_path: &Path) -> Result<(), Failure> {
    Ok(())
}

/// The password grant needs a username and a password it can get. `check`
/// has no `--password-stdin`, so what is left is an env var or a prompt.
fn password_sources(profile: &Profile) -> Result<String, Failure> {
    let terminal = prompt::has_terminal();
    let user = match &profile.username {
        Some(u) => u.clone(),
        None if terminal => "the user (username asked at the prompt)".to_owned(),
        None => {
            return Err(Failure::new(
                format!(
                    "no username for profile '{}': username is not set in the profile, --username was not given, env AZURE_USERNAME is not set, and there is no terminal to prompt on",
                    profile.name
                ),
                "set username in the profile, pass --username, or export AZURE_USERNAME",
            ))
        }
    };
    let named = match profile.password_env.as_deref() {
        Some(var) => env_var(var)?.map(|_| var),
        None => None,
    };
    let from = if let Some(var) = named {
        format!("env {var}")
    } else if env_var("AZURE_PASSWORD")?.is_some() {
        "env AZURE_PASSWORD".to_owned()
    } else if terminal {
        "the prompt".to_owned()
    } else {
        let mut looked = Vec::new();
        if let Some(var) = &profile.password_env {
            looked.push(format!("env {var} (password_env) is not set"));
        }
        looked.push("env AZURE_PASSWORD is not set".to_owned());
        looked.push("there is no terminal to prompt on".to_owned());
        return Err(Failure::new(
            format!("no password for {user}: {}", looked.join(", ")),
            "give it one of three ways: set password_env = \"VAR\" in the profile (or export AZURE_PASSWORD), run on a terminal to be prompted, or pipe it to `pbitoken token --password-stdin`",
        ));
    };
    Ok(format!("password grant for {user}, password from {from}"))
}
