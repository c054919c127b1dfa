//! Workload identity federation: a token from another identity provider
//! (a Kubernetes service account, a GitHub Actions job) exchanged for an
//! Entra token as a client assertion (reference §6). No secret anywhere.

use super::{assertion_grant, nothing_more, Credential, Method};
use crate::env::var as env_var;
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// `grant_type=client_credentials` with a federated assertion.
pub struct WorkloadIdentityCredential {
    profile: Profile,
}

impl WorkloadIdentityCredential {
    /// The credential for a profile; the assertion is read per request.
    pub fn new(profile: &Profile) -> Self {
        WorkloadIdentityCredential {
            profile: profile.clone(),
        }
    }

    /// The federated token: the file (re-read every time: the kubelet
    /// rotates it), else the GitHub Actions runner's OIDC token.
    fn assertion(&self, transport: &Transport) -> Result<Secret, Error> {
        if let Some(path) = &self.profile.federated_token_file {
            let text = crate::limited::read_to_string(path).map_err(|e| {
                Error::usage(format!(
                    "cannot read federated_token_file {}: {e}",
                    path.display()
                ))
            })?;
            let token = super::file_value(&text);
            if token.is_empty() {
                return Err(Error::usage(format!(
                    "federated_token_file {} is empty",
                    path.display()
                )));
            }
            return Ok(Secret::new(token));
        }
        match (
            env_var("ACTIONS_ID_TOKEN_REQUEST_URL")?,
            env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN")?,
        ) {
            (Some(url), Some(bearer)) => self.github_token(transport, &url, Secret::new(bearer)),
            (Some(_), None) | (None, Some(_)) => Err(Error::usage(
                "only one of ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN is set",
            )
            .with_hint("give the job `permissions: id-token: write`")),
            (None, None) => Err(Error::usage(format!(
                "no federated token for profile '{}': federated_token_file is not set, env AZURE_FEDERATED_TOKEN_FILE is not set, and this is not a GitHub Actions job with an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN)",
                self.profile.name
            ))
            .with_hint("on GitHub Actions give the job `permissions: id-token: write`; on Kubernetes enable workload identity on the pod")),
        }
    }

    /// `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=...` with the runner's
    /// request token; the JWT is in `value`.
    fn github_token(
        &self,
        transport: &Transport,
        base: &str,
        bearer: Secret,
    ) -> Result<Secret, Error> {
        let mut url = url::Url::parse(base)
            .map_err(|e| Error::usage(format!("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("audience", self.profile.cloud.federated_audience());
        let url = url.to_string();
        let resp = transport.send(&url, "GitHub OIDC token request", |c| {
            c.get(&url)
                .header("Authorization", format!("Bearer {}", bearer.expose()))
                .header("Accept", "application/json")
        })?;
        if resp.status == 401 || resp.status == 403 {
            return Err(Error::new(
                ExitCode::Refused,
                format!(
                    "GitHub refused the OIDC token request (HTTP {}): {}",
                    resp.status,
                    resp.snippet()
                ),
            )
            .with_hint("give the job `permissions: id-token: write`"));
        }
        let value = (resp.status == 200)
            .then(|| serde_json::from_slice::<serde_json::Value>(&resp.body).ok())
            .flatten()
            .and_then(|v| v.get("value").and_then(|v| v.as_str()).map(str::to_owned))
            .ok_or_else(|| {
                Error::unavailable(format!(
                    "unexpected answer from the GitHub OIDC endpoint (HTTP {}): {}",
                    resp.status,
                    resp.snippet()
                ))
            })?;
        Ok(Secret::new(value))
    }
}

impl Credential for WorkloadIdentityCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let assertion = self.assertion(transport)?;
        assertion_grant(transport, &self.profile, assertion.expose())
    }
}

/// Workload identity federation.
pub(super) const METHOD: Method = Method {
    build: |profile, _| Ok(Box::new(WorkloadIdentityCredential::new(profile))),
    // The federated token rotates; the app it signs in as is the profile's.
    cache_identity: nothing_more,
    check,
    init: &[],
    by_resource: false,
    password_from: None,
};

/// `check`: a federated token file that can be read, or a GitHub Actions
/// job allowed an OIDC token.
fn check(profile: &Profile) -> Result<Option<String>, Error> {
    match &profile.federated_token_file {
        Some(path) => match crate::limited::read_to_string(path) {
            Ok(t) if !t.trim().is_empty() => {
                Ok(Some(format!("federated token from file {}", path.display())))
            }
            Ok(_) => Err(Error::usage(format!(
                "federated_token_file {} is empty",
                path.display()
            ))
            .with_hint("check that workload identity is enabled for the pod or job")),
            Err(e) => Err(Error::usage(format!(
                "cannot read federated_token_file {}: {e}",
                path.display()
            ))
            .with_hint("check the path, or set AZURE_FEDERATED_TOKEN_FILE")),
        },
        None if env_var("ACTIONS_ID_TOKEN_REQUEST_URL")?.is_some()
            && env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN")?.is_some() =>
        {
            Ok(Some(format!(
                "GitHub Actions OIDC token (audience {})",
                profile.cloud.federated_audience()
            )))
        }
        None => Err(Error::usage(
            "no federated token: federated_token_file is not set, env AZURE_FEDERATED_TOKEN_FILE is not set, and this is not a GitHub Actions job with an OIDC token",
        )
        .with_hint("on GitHub Actions give the job `permissions: id-token: write`; on Kubernetes enable workload identity on the pod")),
    }
}
