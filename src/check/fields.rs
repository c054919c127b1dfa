//! Step 1, `profile`: the profile resolves, and its fields have the shapes
//! Entra ID accepts. `pbitoken token` leaves GUID shapes to the server (it
//! also talks to other OAuth servers); `check` is where a typo is caught
//! before it turns into a confusing AADSTS code.

use crate::aad;
use crate::error::Error;
use crate::http::check_url_allowed;
use crate::profile::Profile;
use crate::shape::{is_guid, is_multi_tenant, is_tenant, ORGANIZATIONS};

use super::Failure;

/// Checks the resolved profile's fields; the pass detail sums it up.
pub(super) fn check(profile: Result<Profile, Error>) -> Result<(Profile, String), Failure> {
    let profile = profile?;
    check_fields(&profile)?;
    let mut detail = format!("{}:", profile.name);
    if let Some(t) = &profile.tenant {
        detail.push_str(&format!(" tenant {t},"));
    }
    if let Some(c) = &profile.client_id {
        detail.push_str(&format!(" client {c},"));
    }
    detail.push_str(&format!(
        " {}, {} cloud, {} endpoint",
        profile.auth,
        profile.cloud,
        profile.endpoint.name()
    ));
    if let Some(url) = &profile.token_endpoint {
        detail.push_str(&format!(", token_endpoint {url}"));
    }
    Ok((profile, detail))
}

fn check_fields(p: &Profile) -> Result<(), Failure> {
    let name = &p.name;
    if let Some(t) = &p.tenant {
        // `common` and `consumers` let personal accounts in, which Power
        // BI does not serve.
        if is_multi_tenant(t) && !t.eq_ignore_ascii_case(ORGANIZATIONS) {
            return Err(Failure::new(
                format!("profile '{name}': tenant '{t}' does not work for {} sign-in", p.auth),
                "use the tenant GUID or verified domain, or `organizations` for a user of any work or school tenant",
            ));
        }
        if !is_tenant(t) {
            return Err(Failure::new(
                format!("profile '{name}': tenant is neither a GUID nor a domain name (the value is not shown, in case it is a secret)"),
                aad::hint(900023).unwrap_or_default(),
            ));
        }
    }
    if let Some(c) = &p.client_id {
        if !is_guid(c) {
            return Err(Failure::new(
                format!("profile '{name}': client_id is not a GUID (the value is not shown, in case it is a secret)"),
                "use the app registration's Application (client) ID from its Overview page, a GUID like 11111111-2222-3333-4444-555555555555 (not the app's name, nor a secret)",
            ));
        }
    }
    // The transport would refuse these at request time; caught here they
    // are named as the profile's fault, not the network's.
    for (key, url) in [
        ("authority_host", Some(&p.authority_host)),
        ("token_endpoint", p.token_endpoint.as_ref()),
        ("api_base", Some(&p.api_base)),
    ] {
        if let Some(url) = url {
            check_url_allowed(url, false).map_err(|e| Failure {
                detail: format!("profile '{name}': {key}: {}", e.message),
                hint: e.hint,
            })?;
        }
    }
    Ok(())
}
