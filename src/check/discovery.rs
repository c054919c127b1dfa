//! Step 3, `tenant`: OIDC discovery at the authority (reference §9) as the
//! "does this tenant exist" probe. It tells apart a tenant that does not
//! exist (the authority answered, and said so) from an authority that could
//! not be asked (connection, timeout, 5xx): the fixes have nothing in common.

use serde_json::Value;

use crate::aad::{self, AadError};
use crate::error::ExitCode;
use crate::http::{snippet, Transport};
use crate::profile::{encode_path_segment, Profile};

use super::Failure;
use crate::shape::is_guid;

/// What discovery found.
pub(super) enum Outcome {
    /// The tenant exists; its GUID when the profile named a single tenant.
    Found {
        tenant_id: Option<String>,
        detail: String,
    },
    /// Not applicable to this profile.
    Skipped(String),
    /// The tenant does not exist, or the authority could not tell.
    Failed(Failure),
}

/// `GET {authority_host}/{tenant}/v2.0/.well-known/openid-configuration`.
pub(super) fn check(transport: &Transport, profile: &Profile) -> Outcome {
    if profile.token_endpoint.is_some() {
        return Outcome::Skipped(
            "token_endpoint is set (not an Entra ID authority): no OIDC discovery to ask".into(),
        );
    }
    let Some(tenant) = profile.tenant.as_deref() else {
        return Outcome::Skipped("the profile names no tenant".into());
    };
    let host = &profile.authority_host;
    let url = format!(
        "{host}/{}/v2.0/.well-known/openid-configuration",
        encode_path_segment(tenant)
    );
    let resp = match transport.send(&url, "OIDC discovery", |c| {
        c.get(&url).header("Accept", "application/json")
    }) {
        Ok(resp) => resp,
        Err(e) if e.code == ExitCode::Unavailable => {
            return Outcome::Failed(Failure {
                detail: format!("the authority is unreachable: {}", e.message),
                hint: Some(e.hint.unwrap_or_else(|| {
                    format!("check authority_host ({host}) and --cloud, the network, and the proxy (HTTPS_PROXY / NO_PROXY); the authority may also be down, try again later")
                })),
            })
        }
        Err(e) => return Outcome::Failed(e.into()),
    };

    if resp.status == 200 {
        return match found(tenant, &resp.body) {
            Some((tenant_id, detail)) => Outcome::Found { tenant_id, detail },
            None => Outcome::Failed(Failure::new(
                format!(
                    "{url} answered HTTP 200 but not with an OpenID configuration: {}",
                    snippet(&resp.body)
                ),
                format!("check authority_host ({host}): it should be the Entra ID authority of the profile's cloud"),
            )),
        };
    }
    if let Some(err) = AadError::parse(&resp.body) {
        let code = err.code();
        let what = match code {
            Some(90002) => format!("tenant '{tenant}' does not exist at {host}"),
            Some(900023) => format!("tenant '{tenant}' is not a valid tenant identifier"),
            _ => format!("the authority refused the discovery of tenant '{tenant}'"),
        };
        let mut detail = format!("{what} ({}", err.error);
        if let Some(c) = code {
            detail.push_str(&format!(", AADSTS{c}"));
        }
        detail.push_str(&format!(", HTTP {})", resp.status));
        if code.is_none_or(|c| c != 90002 && c != 900023) {
            detail.push_str(&format!(": {}", err.summary()));
        }
        return Outcome::Failed(Failure {
            detail,
            hint: code.and_then(aad::hint).map(str::to_owned),
        });
    }
    Outcome::Failed(Failure::new(
        format!(
            "{host} does not look like an Entra ID authority: discovery answered HTTP {}: {}",
            resp.status,
            snippet(&resp.body)
        ),
        "check authority_host and --cloud; for ADFS or another OAuth server set token_endpoint instead",
    ))
}

/// The tenant's GUID (from the token endpoint, where Entra puts it even
/// when asked by domain) and the pass detail; `None` when the body is not
/// a discovery document.
fn found(tenant: &str, body: &[u8]) -> Option<(Option<String>, String)> {
    let doc: Value = serde_json::from_slice(body).ok()?;
    let token_endpoint = doc.get("token_endpoint")?.as_str()?;
    let issuer = doc.get("issuer")?.as_str()?;
    let tenant_id = url::Url::parse(token_endpoint)
        .ok()?
        .path_segments()?
        .next()
        .filter(|s| is_guid(s))
        .map(str::to_owned);
    let detail = match &tenant_id {
        Some(tid) if tid.eq_ignore_ascii_case(tenant) => {
            format!("tenant {tid} exists (issuer {issuer})")
        }
        Some(tid) => format!("tenant {tenant} exists: tenant id {tid} (issuer {issuer})"),
        None => format!("{tenant}: the authority serves it (issuer {issuer})"),
    };
    Some((tenant_id, detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guid_comes_from_the_token_endpoint() {
        let body = br#"{"token_endpoint":"https://login.microsoftonline.com/0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6/v2.0"}"#;
        let (tid, detail) = found("contoso.onmicrosoft.com", body).unwrap();
        assert_eq!(tid.as_deref(), Some("0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6"));
        assert!(
            detail.contains("contoso.onmicrosoft.com exists"),
            "{detail}"
        );
    }

    #[test]
    fn organizations_has_no_guid() {
        let body = br#"{"token_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/{tenantid}/v2.0"}"#;
        let (tid, _) = found("organizations", body).unwrap();
        assert_eq!(tid, None);
    }

    #[test]
    fn other_json_is_not_a_document() {
        assert!(found("x", b"{}").is_none());
        assert!(found("x", b"<html>").is_none());
    }
}
