//! One credential per way of signing in, all behind [`Credential`]; the only
//! place that chooses between them is [`for_profile`].

mod client_secret;
mod password;

use crate::error::Error;
use crate::http::Transport;
use crate::profile::{AuthMethod, Endpoint, Profile, SecretSource};
use crate::secret::Secret;
use crate::token::{self, Token};

pub use client_secret::ClientSecretCredential;
pub use password::PasswordCredential;

/// What the command line adds to a credential.
#[derive(Debug, Clone, Default)]
pub struct CredentialOptions {
    /// `--password-stdin`.
    pub password_stdin: bool,
}

/// A way of getting a token for a profile.
pub trait Credential {
    /// Asks the authority for a new token.
    fn get_token(&self, transport: &Transport) -> Result<Token, Error>;
}

/// The credential for the profile's auth method. Secrets are read here (a
/// missing one is a usage error before any request), prompts happen here.
pub fn for_profile(
    profile: &Profile,
    opts: &CredentialOptions,
) -> Result<Box<dyn Credential>, Error> {
    Ok(match profile.auth {
        AuthMethod::ClientSecret => Box::new(ClientSecretCredential::new(profile)?),
        AuthMethod::Password => Box::new(PasswordCredential::new(profile, opts)?),
        other => {
            return Err(Error::usage(format!(
                "profile '{}': auth = \"{other}\" is not supported by this version of pbitoken",
                profile.name
            ))
            .with_hint("use auth = \"client_secret\" or \"password\""))
        }
    })
}

/// Whether this version can sign in with the method; [`for_profile`] is
/// the place that decides, keep the two in step.
pub fn is_supported(method: AuthMethod) -> bool {
    matches!(method, AuthMethod::ClientSecret | AuthMethod::Password)
}

/// What distinguishes this credential in the cache key beyond the profile:
/// the client secret for `client_secret` (a new secret must not get the old
/// secret's token); nothing for user sign-in, whose cached refresh token
/// must be found without asking for the password.
pub fn cache_identity(profile: &Profile) -> Result<Option<Secret>, Error> {
    Ok(match profile.auth {
        AuthMethod::ClientSecret => Some(client_secret(profile)?),
        _ => None,
    })
}

/// Redeems a refresh token from an earlier user sign-in.
pub fn refresh(
    transport: &Transport,
    profile: &Profile,
    refresh_token: &Secret,
) -> Result<Token, Error> {
    let secret = if profile.secret_named {
        Some(client_secret(profile)?)
    } else {
        None
    };
    let client_id = profile.client_id.as_deref().unwrap_or_default();
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("refresh_token", refresh_token.expose()),
    ];
    if let Some(s) = &secret {
        form.push(("client_secret", s.expose()));
    }
    request(transport, profile, form, &user_scope(profile))
}

/// The v2 scope for user sign-in: the profile's plus `offline_access`, so a
/// refresh token comes back.
pub(crate) fn user_scope(profile: &Profile) -> String {
    if profile.scope.split(' ').any(|s| s == "offline_access") {
        profile.scope.clone()
    } else {
        format!("{} offline_access", profile.scope)
    }
}

/// Posts a grant's form fields plus the target (`scope` on v2, `resource`
/// on v1) to the profile's token endpoint.
pub(crate) fn request<'a>(
    transport: &Transport,
    profile: &'a Profile,
    mut form: Vec<(&'a str, &'a str)>,
    scope: &'a str,
) -> Result<Token, Error> {
    match profile.endpoint {
        Endpoint::V1 => form.push(("resource", &profile.resource)),
        Endpoint::V2 => form.push(("scope", scope)),
    }
    token::post_form(transport, &profile.token_url(), &form)
}

/// Reads the client secret from the first source the profile names, or
/// `AZURE_CLIENT_SECRET`. The error names every place that was looked in.
pub fn client_secret(profile: &Profile) -> Result<Secret, Error> {
    let missing = |msg: String| {
        Error::usage(format!(
            "no client secret for profile '{}': {msg}",
            profile.name
        ))
    };
    match &profile.secret {
        SecretSource::Literal(s) => Ok(s.clone()),
        SecretSource::Env(var) => crate::profile::env_var(var)
            .map(Secret::new)
            .ok_or_else(|| {
                missing(format!("env {var} (client_secret_env) is not set")).with_hint(format!(
                    "export {var}=<the secret's Value>, or change client_secret_env"
                ))
            }),
        SecretSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                missing(format!(
                    "cannot read client_secret_file {}: {e}",
                    path.display()
                ))
            })?;
            let value = text.trim();
            if value.is_empty() {
                return Err(missing(format!(
                    "client_secret_file {} is empty",
                    path.display()
                )));
            }
            Ok(Secret::new(value))
        }
        SecretSource::DefaultEnv => crate::profile::env_var("AZURE_CLIENT_SECRET")
            .map(Secret::new)
            .ok_or_else(|| {
                let place = match &profile.config_path {
                    Some(p) if profile.name != crate::profile::IMPLICIT_PROFILE => {
                        format!("the profile in {}", p.display())
                    }
                    _ => "the profile".to_owned(),
                };
                missing(format!(
                    "client_secret, client_secret_env and client_secret_file are not set in {place}, and env AZURE_CLIENT_SECRET is not set"
                ))
                .with_hint("set client_secret_env = \"VAR\" (recommended) or client_secret_file in the profile, or export AZURE_CLIENT_SECRET")
            }),
    }
}
