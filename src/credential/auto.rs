//! `auth = "auto"`: the first way of signing in that is available here, in
//! azure-identity's order (SPEC.md, "Signing in as yourself"). Each link
//! turns the profile into a concrete one (the method it stands for, with
//! the tenant and client it takes), which then goes through the cache like
//! any other: tokens are cached under the method used.

use std::time::Duration;

use super::Method;
use crate::env::var as env_var;
use crate::error::{Error, ExitCode};
use crate::http::{Transport, TransportOptions};
use crate::log::log;
use crate::method::AuthMethod;
use crate::profile::{Profile, SecretSource};

/// How long the managed-identity probe waits for IMDS to answer.
const IMDS_PROBE: Duration = Duration::from_secs(1);
/// The variable that narrows the chain, as azure-identity reads it.
pub const TOKEN_CREDENTIALS_ENV: &str = "AZURE_TOKEN_CREDENTIALS";

/// One link of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// `AZURE_TENANT_ID` + `AZURE_CLIENT_ID` + a secret or certificate.
    Environment,
    /// A federated token file, or GitHub Actions OIDC.
    WorkloadIdentity,
    /// The platform's managed identity.
    ManagedIdentity,
    /// The signed-in Azure CLI.
    AzureCli,
    /// Browser sign-in, on a terminal.
    Interactive,
}

/// Every link, in the order they are tried.
pub const CHAIN: [Link; 5] = [
    Link::Environment,
    Link::WorkloadIdentity,
    Link::ManagedIdentity,
    Link::AzureCli,
    Link::Interactive,
];

impl Link {
    /// pbitoken's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Link::Environment => "environment",
            Link::WorkloadIdentity => "workload_identity",
            Link::ManagedIdentity => "managed_identity",
            Link::AzureCli => "azure_cli",
            Link::Interactive => "interactive",
        }
    }

    /// azure-identity's name for it.
    fn azure_name(self) -> &'static str {
        match self {
            Link::Environment => "EnvironmentCredential",
            Link::WorkloadIdentity => "WorkloadIdentityCredential",
            Link::ManagedIdentity => "ManagedIdentityCredential",
            Link::AzureCli => "AzureCliCredential",
            Link::Interactive => "InteractiveBrowserCredential",
        }
    }
}

/// The links `AZURE_TOKEN_CREDENTIALS` leaves (trimmed, any case): `dev`,
/// `prod`, or one link by either name; unset, all of them.
pub fn chain() -> Result<Vec<Link>, Error> {
    let Some(value) = env_var(TOKEN_CREDENTIALS_ENV)? else {
        return Ok(CHAIN.to_vec());
    };
    let value = value.trim().to_ascii_lowercase();
    match value.as_str() {
        "" => Ok(CHAIN.to_vec()),
        "dev" => Ok(vec![Link::AzureCli, Link::Interactive]),
        "prod" => Ok(vec![
            Link::Environment,
            Link::WorkloadIdentity,
            Link::ManagedIdentity,
        ]),
        _ => CHAIN
            .into_iter()
            .find(|l| l.name() == value || l.azure_name().to_ascii_lowercase() == value)
            .map(|l| vec![l])
            .ok_or_else(|| {
                Error::usage(format!(
                    "{TOKEN_CREDENTIALS_ENV} names no credential (the value is not shown)"
                ))
                .with_hint(format!(
                    "set it to dev, prod, or one of: {}",
                    CHAIN
                        .iter()
                        .flat_map(|l| [l.name(), l.azure_name()])
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
    }
}

/// What a link found here.
enum Found {
    /// The profile to sign in with.
    Use(Box<Profile>),
    /// Why not.
    NotAvailable(String),
}

/// Runs `run` with the first available link's concrete profile. "Not
/// available" moves on (also the Azure CLI answering that it is not signed
/// in); anything else `run` returns, a refusal included, ends the chain.
pub fn first_available<T>(
    profile: &Profile,
    mut run: impl FnMut(Link, &Profile) -> Result<T, Error>,
) -> Result<T, Error> {
    let chain = chain()?;
    let mut attempts = Vec::new();
    for link in &chain {
        let why = match find(*link, profile)? {
            Found::NotAvailable(why) => why,
            Found::Use(concrete) => {
                log(1, format!("auto: using {}", link.name()));
                match run(*link, &concrete) {
                    Err(e) if *link == Link::AzureCli && super::azure_cli::not_signed_in(&e) => {
                        "az is not signed in (run `az login`)".to_owned()
                    }
                    other => return other,
                }
            }
        };
        log(1, format!("auto: {} is not available: {why}", link.name()));
        attempts.push(format!("  - {}: {why}", link.name()));
    }
    let narrowed = if chain.len() < CHAIN.len() {
        format!(" (narrowed by {TOKEN_CREDENTIALS_ENV})")
    } else {
        String::new()
    };
    let mut err = Error::usage(format!(
        "no way of signing in that auth = \"auto\" tries is available here{narrowed}"
    ));
    err.notes = attempts;
    Err(err)
}

/// Whether `link` is available, and the profile it signs in with.
fn find(link: Link, profile: &Profile) -> Result<Found, Error> {
    let tenant_env = env_var("AZURE_TENANT_ID")?;
    let client_env = env_var("AZURE_CLIENT_ID")?;
    let mut concrete = profile.clone();
    // The platform's identity and the Azure CLI's session are their own.
    concrete.secret = SecretSource::DefaultEnv;
    concrete.secret_named = false;
    match link {
        Link::Environment => {
            let secret = env_var("AZURE_CLIENT_SECRET")?;
            let cert = env_var("AZURE_CLIENT_CERTIFICATE_PATH")?;
            let mut missing = Vec::new();
            if tenant_env.is_none() {
                missing.push("AZURE_TENANT_ID");
            }
            if client_env.is_none() {
                missing.push("AZURE_CLIENT_ID");
            }
            if secret.is_none() && cert.is_none() {
                missing.push("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
            }
            if !missing.is_empty() {
                return Ok(Found::NotAvailable(format!(
                    "{} not set",
                    missing.join(", ")
                )));
            }
            ids_from_env(&mut concrete, tenant_env, client_env)?;
            if secret.is_some() {
                concrete.auth = AuthMethod::ClientSecret;
            } else {
                concrete.auth = AuthMethod::Certificate;
                concrete.certificate_file = cert.map(Into::into);
            }
        }
        Link::WorkloadIdentity => {
            let github = env_var("ACTIONS_ID_TOKEN_REQUEST_URL")?.is_some()
                && env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN")?.is_some();
            // The environment's file, else the profile's.
            let file = env_var("AZURE_FEDERATED_TOKEN_FILE")?
                .map(std::path::PathBuf::from)
                .or_else(|| profile.federated_token_file.clone());
            if file.is_none() && !github {
                return Ok(Found::NotAvailable(
                    "AZURE_FEDERATED_TOKEN_FILE not set, and not a GitHub Actions job with an OIDC token".into(),
                ));
            }
            // The ids from the environment, else the profile's own.
            if (tenant_env.is_none() && profile.tenant.is_none())
                || (client_env.is_none() && profile.client_id.is_none())
            {
                return Ok(Found::NotAvailable(
                    "a federated token is there, but no tenant and client id: set AZURE_TENANT_ID and AZURE_CLIENT_ID, or the profile's tenant and client_id".into(),
                ));
            }
            ids_from_env(&mut concrete, tenant_env, client_env)?;
            concrete.tenant = concrete.tenant.or_else(|| profile.tenant.clone());
            concrete.client_id = concrete.client_id.or_else(|| profile.client_id.clone());
            concrete.auth = AuthMethod::WorkloadIdentity;
            concrete.federated_token_file = file;
        }
        Link::ManagedIdentity => {
            let app_service =
                env_var("IDENTITY_ENDPOINT")?.is_some() && env_var("IDENTITY_HEADER")?.is_some();
            if !app_service {
                if let Err(why) = probe_imds(&profile.imds_endpoint)? {
                    return Ok(Found::NotAvailable(why));
                }
            }
            concrete.auth = AuthMethod::ManagedIdentity;
            concrete.tenant = None;
            // User-assigned when AZURE_CLIENT_ID names one.
            concrete.client_id = client_env.filter(|c| crate::shape::is_guid(c));
        }
        Link::AzureCli => {
            if let Err(e) = super::azure_cli::on_path() {
                return Ok(Found::NotAvailable(e.message));
            }
            concrete.auth = AuthMethod::AzureCli;
            concrete.client_id = None;
        }
        Link::Interactive => {
            if profile.tenant.is_none() || profile.client_id.is_none() {
                return Ok(Found::NotAvailable(
                    "the profile has no tenant and client_id to sign in to".into(),
                ));
            }
            concrete.auth = AuthMethod::Interactive;
            concrete.secret = profile.secret.clone();
            concrete.secret_named = profile.secret_named;
            if !super::interactive::has_terminal() && !cached(&concrete) {
                return Ok(Found::NotAvailable(
                    "no terminal to sign in on in a browser, and no cached sign-in".into(),
                ));
            }
        }
    }
    Ok(Found::Use(Box::new(concrete)))
}

/// The tenant and client from the environment, which must have Entra's
/// shapes (the values are not shown: one may be a secret in the wrong place).
fn ids_from_env(
    concrete: &mut Profile,
    tenant: Option<String>,
    client: Option<String>,
) -> Result<(), Error> {
    if let Some(t) = &tenant {
        if !crate::shape::is_tenant(t) || crate::shape::is_multi_tenant(t) {
            return Err(Error::usage(
                "env AZURE_TENANT_ID is not a tenant GUID or domain (the value is not shown)",
            ));
        }
    }
    if let Some(c) = &client {
        if !crate::shape::is_guid(c) {
            return Err(Error::usage(
                "env AZURE_CLIENT_ID is not a GUID (the value is not shown)",
            ));
        }
    }
    concrete.tenant = tenant;
    concrete.client_id = client;
    Ok(())
}

/// Whether the cache holds a token or refresh token for this profile.
fn cached(profile: &Profile) -> bool {
    let Some(cache) = crate::cache::Cache::locate() else {
        return false;
    };
    let key = crate::cache::Key::new(profile, None);
    cache.read(&key).is_some()
}

/// Whether something answers HTTP at the IMDS endpoint within
/// [`IMDS_PROBE`]; any answer will do. `Err` inside: why not.
fn probe_imds(endpoint: &str) -> Result<Result<(), String>, Error> {
    super::managed_identity::check_imds_url(endpoint)?;
    let probe = Transport::new(&TransportOptions {
        timeout: IMDS_PROBE,
        ca_file: None,
        no_proxy: true,
    })?;
    match probe.send_managed_identity(endpoint, "IMDS probe", |c| c.get(endpoint)) {
        Ok(_) => Ok(Ok(())),
        Err(e) if e.code == ExitCode::Unavailable => Ok(Err(format!(
            "no managed identity endpoint answered at {endpoint} within {} s, and IDENTITY_ENDPOINT is not set",
            IMDS_PROBE.as_secs()
        ))),
        Err(e) => Err(e),
    }
}

/// `auto` never builds a credential of its own: [`first_available`] turns
/// the profile into a concrete one first.
pub(super) const METHOD: Method = Method {
    build: |profile, opts| {
        let concrete = first_available(profile, |_, p| Ok(p.clone()))?;
        super::for_profile(&concrete, opts)
    },
    cache_identity: |_| Ok(None),
    check: |_| Ok(None),
    init: &[],
    by_resource: false,
    password_from: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for l in CHAIN {
            assert!(l.azure_name().ends_with("Credential"));
            assert!(AuthMethod::NAMES.contains(&l.name()) || l == Link::Environment);
        }
    }
}
