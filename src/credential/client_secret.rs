//! A service principal with a client secret: the `client_credentials` grant.

use super::{client_secret, digest, request, Ask, Credential, CredentialOptions, Method};
use crate::error::Error;
use crate::http::Transport;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// `grant_type=client_credentials` with `client_secret`.
pub struct ClientSecretCredential {
    profile: Profile,
    secret: Secret,
}

impl ClientSecretCredential {
    /// Reads the secret now, so a missing one fails before any request.
    pub fn new(profile: &Profile) -> Result<Self, Error> {
        Ok(ClientSecretCredential {
            profile: profile.clone(),
            secret: client_secret(profile)?,
        })
    }
}

impl Credential for ClientSecretCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", self.secret.expose()),
        ];
        request(transport, &self.profile, form, &self.profile.scope)
    }
}

/// The client secret grant.
pub(super) const METHOD: Method = Method {
    build,
    cache_identity,
    // Where the secret comes from is the whole story.
    check: |_| Ok(None),
    init: &[Ask::SecretSource],
    by_resource: false,
    password_from: None,
};

fn build(profile: &Profile, _: &CredentialOptions) -> Result<Box<dyn Credential>, Error> {
    Ok(Box::new(ClientSecretCredential::new(profile)?))
}

/// A digest of the secret.
fn cache_identity(profile: &Profile) -> Result<Option<String>, Error> {
    let secret = client_secret(profile)?;
    Ok(Some(format!("secret:{}", digest(secret.expose()))))
}
