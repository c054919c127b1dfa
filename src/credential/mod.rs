//! One credential per way of signing in, all behind [`Credential`]; the only
//! place that chooses between them is [`for_profile`].

pub mod auto;
mod azure_cli;
pub mod certificate;
mod client_secret;
mod device_code;
mod interactive;
mod managed_identity;
mod password;
mod workload_identity;

use sha2::{Digest, Sha256};

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::Transport;
use crate::method::AuthMethod;
use crate::profile::{Profile, SecretSource};
use crate::secret::Secret;
use crate::token::{self, Token};

pub use azure_cli::AzureCliCredential;
pub use certificate::CertificateCredential;
pub use client_secret::ClientSecretCredential;
pub use device_code::DeviceCodeCredential;
pub use interactive::InteractiveCredential;
pub use managed_identity::ManagedIdentityCredential;
pub use password::PasswordCredential;
pub use workload_identity::WorkloadIdentityCredential;

/// `client_assertion_type` for certificate and federated assertions.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long browser sign-in waits for the redirect unless
/// `--login-timeout` says otherwise.
pub const DEFAULT_LOGIN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// What the command line adds to a credential.
#[derive(Debug, Clone)]
pub struct CredentialOptions {
    /// `--password-stdin`.
    pub password_stdin: bool,
    /// `-q`: no warnings.
    pub quiet: bool,
    /// `--no-browser`: browser sign-in prints the URL and opens nothing.
    pub no_browser: bool,
    /// `--login-timeout`: how long browser sign-in waits for the redirect.
    pub login_timeout: std::time::Duration,
    /// Redeem a refresh token the cache holds before signing in (`check`,
    /// which bypasses the cache's access tokens but should not open a
    /// browser when a refresh token would do).
    pub cached_refresh: bool,
}

impl Default for CredentialOptions {
    fn default() -> Self {
        CredentialOptions {
            password_stdin: false,
            quiet: false,
            no_browser: false,
            login_timeout: DEFAULT_LOGIN_TIMEOUT,
            cached_refresh: false,
        }
    }
}

/// A way of getting a token for a profile.
pub trait Credential {
    /// Asks the authority for a new token.
    fn get_token(&self, transport: &Transport) -> Result<Token, Error>;
}

/// Builds a method's credential.
type Build = fn(&Profile, &CredentialOptions) -> Result<Box<dyn Credential>, Error>;
/// Something a method tells about a profile, if anything.
type Tell = fn(&Profile) -> Result<Option<String>, Error>;

/// What one auth method does, beyond the facts every layer shares
/// ([`AuthMethod::about`]). Each method's file has one, `METHOD`, and
/// [`method`] is the one place that picks between them.
pub struct Method {
    /// Builds the credential: reads the secret, may prompt.
    build: Build,
    /// What distinguishes this credential in the cache key beyond the
    /// profile, if anything.
    cache_identity: Tell,
    /// What `check` can verify without signing in, in words; `None` when
    /// the client secret's source says it all.
    check: Tell,
    /// What `config init` asks on a terminal after tenant and client id.
    pub init: &'static [Ask],
    /// Asks for a resource whatever the endpoint setting says, so the
    /// token is for the resource, not a scope.
    pub by_resource: bool,
    /// For a method that takes a password: the env var it would come
    /// from now, if any (else the prompt or `--password-stdin`).
    pub password_from: Option<Tell>,
}

/// A question of `config init` for one method.
#[derive(Debug, Clone, Copy)]
pub enum Ask {
    /// Where the client secret comes from: the flags, else a menu.
    SecretSource,
    /// A key the flag of the same name gives, else asked; Enter leaves it
    /// out.
    Optional {
        /// The profile key.
        key: &'static str,
        /// The question.
        question: &'static str,
    },
}

/// The auth method's [`Method`]: the one exhaustive choice between them.
pub fn method(auth: AuthMethod) -> &'static Method {
    match auth {
        AuthMethod::ClientSecret => &client_secret::METHOD,
        AuthMethod::Password => &password::METHOD,
        AuthMethod::Certificate => &certificate::METHOD,
        AuthMethod::DeviceCode => &device_code::METHOD,
        AuthMethod::WorkloadIdentity => &workload_identity::METHOD,
        AuthMethod::ManagedIdentity => &managed_identity::METHOD,
        AuthMethod::AzureCli => &azure_cli::METHOD,
        AuthMethod::Interactive => &interactive::METHOD,
        AuthMethod::Auto => &auto::METHOD,
    }
}

/// The credential for the profile's auth method. Secrets are read here (a
/// missing one is a usage error before any request), prompts happen here.
pub fn for_profile(
    profile: &Profile,
    opts: &CredentialOptions,
) -> Result<Box<dyn Credential>, Error> {
    (method(profile.auth).build)(profile, opts)
}

/// What distinguishes this credential in the cache key beyond the profile:
/// a digest of the client secret or the certificate file (a new one must not get
/// the old one's token), the managed-identity endpoint in use; nothing for
/// user sign-in, whose cached refresh token must be found without asking
/// for the password.
pub fn cache_identity(profile: &Profile) -> Result<Option<String>, Error> {
    (method(profile.auth).cache_identity)(profile)
}

/// What `check` can tell about the method's sources without signing in
/// (a missing username, an expired certificate, no `az` on PATH), in
/// words; `None` when there is nothing beyond the client secret's source.
pub fn check_sources(profile: &Profile) -> Result<Option<String>, Error> {
    (method(profile.auth).check)(profile)
}

/// For [`Method::cache_identity`]: nothing beyond the profile.
fn nothing_more(_profile: &Profile) -> Result<Option<String>, Error> {
    Ok(None)
}

/// A digest for the cache key: a new secret or file must not get the old
/// one's token, and the key must not hold the secret.
fn digest(bytes: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(bytes))
}

/// A secret or token read from a file: without a UTF-8 byte order mark
/// (Notepad writes one) and surrounding whitespace.
pub(crate) fn file_value(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim()
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random GUID (v4), for assertion ids.
pub(crate) fn random_guid() -> String {
    let mut b = [0u8; 16];
    // An OS without a random source cannot run TLS either; fall back to time.
    if getrandom::getrandom(&mut b).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        b = t.to_le_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
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

/// The client credentials grant with a client assertion in place of a
/// secret: a certificate-signed JWT or a federated token (reference §5, §6).
pub(crate) fn assertion_grant(
    transport: &Transport,
    profile: &Profile,
    assertion: &str,
) -> Result<Token, Error> {
    let client_id = profile.client_id.as_deref().unwrap_or_default();
    let form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_assertion_type", JWT_BEARER),
        ("client_assertion", assertion),
    ];
    request(transport, profile, form, &profile.scope)
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
        SecretSource::Env(var) => crate::env::var(var)?
            .map(Secret::new)
            .ok_or_else(|| {
                missing(format!("env {var} (client_secret_env) is not set")).with_hint(format!(
                    "export {var}=<the secret's Value>, or change client_secret_env"
                ))
            }),
        SecretSource::File(path) => {
            let text = crate::limited::read_to_string(path).map_err(|e| {
                missing(format!(
                    "cannot read client_secret_file {}: {e}",
                    path.display()
                ))
            })?;
            let value = file_value(&text);
            if value.is_empty() {
                return Err(missing(format!(
                    "client_secret_file {} is empty",
                    path.display()
                )));
            }
            Ok(Secret::new(value))
        }
        SecretSource::DefaultEnv => crate::env::var("AZURE_CLIENT_SECRET")?
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_questions_name_profile_keys() {
        for m in AuthMethod::ALL {
            for ask in method(m).init {
                if let Ask::Optional { key, .. } = ask {
                    assert!(crate::config::edit::KEYS.contains(key), "{m}: {key}");
                }
            }
        }
    }
}
