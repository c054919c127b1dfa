//! The managed-identity endpoints (reference §7): IMDS for VMs and AKS, and
//! the App Service / Functions / Container Apps endpoint.

use serde_json::{json, Value};

use super::Call;
use crate::directory::ManagedIdentity;
use crate::fixtures::{IDENTITY_HEADER, KNOWN_RESOURCES};
use crate::http::{Request, Response};
use crate::state::State;
use crate::{ids, jwt};

fn answer(status: u16, body: Value) -> Response {
    Response::new(status, "application/json; charset=utf-8", body.to_string())
}

fn query<'a>(req: &'a Request, k: &str) -> Option<&'a str> {
    req.query
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn known(resource: &str) -> bool {
    KNOWN_RESOURCES.iter().any(|k| {
        k.trim_end_matches('/')
            .eq_ignore_ascii_case(resource.trim_end_matches('/'))
    })
}

/// The identity asked for: by `client_id` (user-assigned), else the
/// system-assigned one.
fn identity<'a>(state: &'a State, client_id: Option<&str>) -> Option<&'a ManagedIdentity> {
    let ids = &state.dir.managed_identities;
    match client_id {
        Some(id) => ids.iter().find(|m| m.client_id.eq_ignore_ascii_case(id)),
        None => ids.iter().find(|m| m.system_assigned),
    }
}

/// An app-only access token for a managed identity.
fn access_token(state: &State, mi: &ManagedIdentity, resource: &str, now: i64) -> String {
    let iss = format!("https://sts.windows.net/{}/", mi.tenant_id);
    jwt::sign(&json!({
        "aud": resource,
        "iss": iss,
        "iat": now,
        "nbf": now - 300,
        "exp": now + state.lifetime() as i64,
        "appid": mi.client_id,
        "appidacr": "2",
        "idp": iss,
        "idtyp": "app",
        "oid": mi.object_id,
        "sub": mi.object_id,
        "tid": mi.tenant_id,
        "uti": ids::random_b64(16),
        "ver": "1.0",
        "xms_mirid": "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/local/providers/Microsoft.Compute/virtualMachines/pbitoken",
    }))
}

/// `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=...`
/// with `Metadata: true`; every number a string.
pub(crate) fn imds(state: &State, call: &Call) -> Response {
    let req = call.req;
    if req.header("metadata") != Some("true") {
        return answer(
            400,
            json!({"error": "bad_request_102", "error_description": "Required metadata header not specified"}),
        );
    }
    if query(req, "api-version").is_none() {
        return answer(
            400,
            json!({"error": "invalid_request", "error_description": "Required query variable 'api-version' is missing"}),
        );
    }
    let Some(resource) = query(req, "resource") else {
        return answer(
            400,
            json!({"error": "invalid_request", "error_description": "Required query variable 'resource' is missing"}),
        );
    };
    if !known(resource) {
        return answer(
            400,
            json!({"error": "invalid_resource", "error_description": format!("AADSTS500011: The resource principal named {resource} was not found in the tenant.")}),
        );
    }
    let Some(mi) = identity(state, query(req, "client_id")) else {
        return answer(
            400,
            json!({"error": "invalid_request", "error_description": "Identity not found"}),
        );
    };
    let now = chrono::Utc::now().timestamp();
    let lifetime = state.lifetime() as i64;
    answer(
        200,
        json!({
            "access_token": access_token(state, mi, resource, now),
            "refresh_token": "",
            "expires_in": lifetime.to_string(),
            "expires_on": (now + lifetime).to_string(),
            "ext_expires_in": lifetime.to_string(),
            "not_before": (now - 300).to_string(),
            "resource": resource,
            "token_type": "Bearer",
        }),
    )
}

/// `GET /msi/token?resource=...&api-version=2019-08-01` with
/// `X-IDENTITY-HEADER`; `expires_on` a string, no `expires_in`.
pub(crate) fn app_service(state: &State, call: &Call) -> Response {
    let req = call.req;
    if req.header("x-identity-header") != Some(IDENTITY_HEADER) {
        return answer(
            401,
            json!({"statusCode": 401, "message": "The X-IDENTITY-HEADER header is missing or not valid."}),
        );
    }
    let Some(resource) = query(req, "resource").filter(|r| known(r)) else {
        // The platform's vague answer to a bad resource (MSAL's comment).
        return answer(
            500,
            json!({"statusCode": 500, "message": "An unexpected error occurred while fetching the AAD Token."}),
        );
    };
    let Some(mi) = identity(state, query(req, "client_id")) else {
        return answer(
            400,
            json!({"statusCode": 400, "message": "No managed identity matches the request.", "error": "invalid_request", "error_description": "Identity not found"}),
        );
    };
    let now = chrono::Utc::now().timestamp();
    answer(
        200,
        json!({
            "access_token": access_token(state, mi, resource, now),
            "expires_on": (now + state.lifetime() as i64).to_string(),
            "resource": resource,
            "token_type": "Bearer",
            "client_id": mi.client_id,
        }),
    )
}
