//! OIDC discovery (reference §9): `GET /{tenant}/v2.0/.well-known/openid-configuration`,
//! its v1 twin `GET /{tenant}/.well-known/openid-configuration`, and the
//! signing keys they point to.
//!
//! Clients use discovery as a "does this tenant exist" probe, so the answer
//! for an unknown tenant (400 `invalid_tenant`, AADSTS90002) matters as much
//! as the document itself.

use serde_json::{json, Value};

use super::{Call, Version};
use crate::context::RequestContext;
use crate::directory::Directory;
use crate::errors::AadError;
use crate::http::Response;
use crate::ids;
use crate::jwt;
use crate::state::State;

/// The multi-tenant names, answered with the `{tenantid}` issuer template.
const MULTI_TENANT: [&str; 3] = ["organizations", "common", "consumers"];

/// `GET /{tenant}/.well-known/openid-configuration`.
pub(crate) fn configuration_v1(state: &State, call: &Call) -> Response {
    configuration(&state.dir, &call.ctx, call.param("tenant"), Version::V1)
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
pub(crate) fn configuration_v2(state: &State, call: &Call) -> Response {
    configuration(&state.dir, &call.ctx, call.param("tenant"), Version::V2)
}

/// Answers a discovery request for `tenant` (already percent-decoded).
fn configuration(
    dir: &Directory,
    ctx: &RequestContext,
    tenant: &str,
    version: Version,
) -> Response {
    let (segment, tid) = match resolve(dir, tenant) {
        Ok(t) => t,
        Err(e) => return e.response(ctx),
    };
    json_response(&document(&ctx.base_url, &segment, tid.as_deref(), version))
}

/// The JSON Web Key Set behind `jwks_uri`: `GET /{tenant}/discovery/v2.0/keys`
/// and `GET /{tenant}/discovery/keys`.
pub(crate) fn keys(_: &State, _: &Call) -> Response {
    json_response(&json!({ "keys": [jwt::jwk()] }))
}

/// The path segment the endpoints use and the tenant id (`None` for a
/// multi-tenant name). A domain resolves to its tenant's GUID, as in Entra,
/// which is how a client learns the GUID behind a domain.
fn resolve(dir: &Directory, tenant: &str) -> Result<(String, Option<String>), AadError> {
    let lower = tenant.to_ascii_lowercase();
    if MULTI_TENANT.contains(&lower.as_str()) {
        return Ok((lower, None));
    }
    if !ids::is_guid(tenant) && !ids::is_dns_name(tenant) {
        return Err(AadError::malformed_tenant(tenant));
    }
    match dir.tenant(tenant) {
        Some(t) => Ok((t.id.clone(), Some(t.id.clone()))),
        // Discovery says `invalid_tenant` where the token endpoint says
        // `invalid_request` for the same code (reference §9).
        None => Err(AadError::tenant_not_found(tenant).with_error("invalid_tenant")),
    }
}

/// The document, with the keys of reference §9 in the order Entra sends them.
fn document(base: &str, segment: &str, tid: Option<&str>, version: Version) -> Value {
    let issuer_tenant = tid.unwrap_or("{tenantid}");
    let (oauth, issuer, jwks, device) = match version {
        Version::V2 => (
            format!("{base}/{segment}/oauth2/v2.0"),
            format!("{base}/{issuer_tenant}/v2.0"),
            format!("{base}/{segment}/discovery/v2.0/keys"),
            format!("{base}/{segment}/oauth2/v2.0/devicecode"),
        ),
        Version::V1 => (
            format!("{base}/{segment}/oauth2"),
            format!("https://sts.windows.net/{issuer_tenant}/"),
            format!("{base}/common/discovery/keys"),
            format!("{base}/{segment}/oauth2/devicecode"),
        ),
    };
    json!({
        "token_endpoint": format!("{oauth}/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": jwks,
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "authorization_endpoint": format!("{oauth}/authorize"),
        "device_authorization_endpoint": device,
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{oauth}/logout"),
        "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "kerberos_endpoint": format!("{base}/{segment}/kerberos"),
        "tenant_region_scope": tid.map(|_| "WW"),
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    })
}

/// A 200 JSON answer with the caching headers discovery is served with.
fn json_response(body: &Value) -> Response {
    Response::new(200, "application/json; charset=utf-8", body.to_string())
        .header("Cache-Control", "max-age=86400, private")
        .header("Access-Control-Allow-Origin", "*")
        .header("x-ms-request-id", ids::guid())
}
