//! The managed identity of the Azure resource pbitoken runs on (reference
//! §7): App Service / Functions / Container Apps through `IDENTITY_ENDPOINT`,
//! VMs and AKS through IMDS. System-assigned unless `client_id` names a
//! user-assigned identity.

use super::{Credential, Method};
use crate::env::var as env_var;
use crate::error::Error;
use crate::http::Transport;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::{token_from_response, Token};

const APP_SERVICE_API: &str = "2019-08-01";
const IMDS_API: &str = "2018-02-01";

/// A token from the platform's managed-identity endpoint.
pub struct ManagedIdentityCredential {
    profile: Profile,
}

/// The App Service style endpoint, when the platform set one.
fn app_service() -> Result<Option<(String, Secret)>, Error> {
    Ok(
        match (env_var("IDENTITY_ENDPOINT")?, env_var("IDENTITY_HEADER")?) {
            (Some(url), Some(header)) => Some((url, Secret::new(header))),
            _ => None,
        },
    )
}

/// The endpoint this profile will use.
fn endpoint(profile: &Profile) -> Result<String, Error> {
    Ok(app_service()?
        .map(|(url, _)| url)
        .unwrap_or_else(|| profile.imds_endpoint.clone()))
}

impl ManagedIdentityCredential {
    /// The credential for a profile.
    pub fn new(profile: &Profile) -> Self {
        ManagedIdentityCredential {
            profile: profile.clone(),
        }
    }

    fn url(&self, base: &str, api_version: &str) -> Result<String, Error> {
        // The endpoint comes from IDENTITY_ENDPOINT or imds_endpoint: not
        // quoted unless it is a URL without credentials in it.
        let mut url = url::Url::parse(base).map_err(|e| {
            Error::usage(format!(
                "the managed identity endpoint is not a URL ({e}); check IDENTITY_ENDPOINT / imds_endpoint"
            ))
        })?;
        if crate::http::has_userinfo(&url) {
            return Err(Error::usage(
                "the managed identity endpoint holds a user name or password (user:password@); check IDENTITY_ENDPOINT / imds_endpoint",
            ));
        }
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("api-version", api_version)
                .append_pair("resource", &self.profile.resource);
            if let Some(id) = &self.profile.client_id {
                q.append_pair("client_id", id);
            }
        }
        Ok(url.to_string())
    }
}

/// Plain http to IMDS only at its link-local address or loopback (tests).
pub(crate) fn check_imds_url(url: &str) -> Result<(), Error> {
    let parsed = url::Url::parse(url)
        .map_err(|e| Error::usage(format!("imds_endpoint is not a URL ({e})")))?;
    let link_local = parsed.host_str() == Some("169.254.169.254");
    if parsed.scheme() == "http" && !link_local {
        // Anything else over http goes through the ordinary loopback rule.
        crate::http::check_url_allowed(url, false)?;
    }
    Ok(())
}

impl Credential for ManagedIdentityCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let resp_and_url = if let Some((endpoint, header)) = app_service()? {
            let url = self.url(&endpoint, APP_SERVICE_API)?;
            let resp =
                transport.send_managed_identity(&url, "managed identity token request", |c| {
                    c.get(&url).header("X-IDENTITY-HEADER", header.expose())
                })?;
            (resp, url)
        } else {
            let url = self.url(&self.profile.imds_endpoint, IMDS_API)?;
            check_imds_url(&url)?;
            let direct = transport.direct()?;
            let resp = direct.send_managed_identity(&url, "IMDS token request", |c| {
                c.get(&url).header("Metadata", "true")
            })?;
            (resp, url)
        };
        let (resp, url) = resp_and_url;
        token_from_response(&resp, &url).map_err(|mut e| {
            if e.hint.is_none() && resp.status == 400 {
                e.hint = Some(if self.profile.client_id.is_some() {
                    "no managed identity with this client_id is assigned to this resource; check client_id".into()
                } else {
                    "this resource has no system-assigned managed identity; enable it, or set client_id of a user-assigned one".into()
                });
            }
            e
        })
    }
}

/// The platform's managed identity.
pub(super) const METHOD: Method = Method {
    build: |profile, _| Ok(Box::new(ManagedIdentityCredential::new(profile))),
    // Another endpoint is another identity.
    cache_identity: |profile| Ok(Some(format!("mi:{}", endpoint(profile)?))),
    check: |profile| {
        Ok(Some(match env_var("IDENTITY_ENDPOINT")? {
            Some(url) if env_var("IDENTITY_HEADER")?.is_some() => {
                format!("managed identity through IDENTITY_ENDPOINT {url}")
            }
            _ => format!("managed identity through IMDS at {}", profile.imds_endpoint),
        }))
    },
    init: &[],
    // The endpoints take `resource` only.
    by_resource: true,
    password_from: None,
};
