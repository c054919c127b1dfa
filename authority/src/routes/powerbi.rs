//! A stand-in for the Power BI REST API's `GET /v1.0/myorg/groups`, on the
//! authority's own port, so that `pbitoken check --api` can be tested
//! end to end (reference §10).
//!
//! It stands in for the public cloud's API, so it takes tokens for the
//! public Power BI resource only, verified with the authority's own key.
//! What an app-only token gets is decided by [`App::powerbi`]; user tokens
//! always see the workspaces.

use serde_json::{json, Value};

use super::Call;
use crate::directory::{App, PowerBiAccess};
use crate::fixtures::{POWERBI_RESOURCE, WORKSPACE_NAMES};
use crate::http::{Request, Response};
use crate::state::State;
use crate::{ids, jwt};

const JSON: &str = "application/json; charset=utf-8";

/// Power BI's answer to a method a resource does not support.
pub(crate) fn method_not_allowed(_: &State, call: &Call) -> Response {
    let body = error_body(
        "MethodNotAllowed",
        &format!(
            "The requested resource does not support http method '{}'.",
            call.req.method
        ),
    );
    answer(405, &ids::guid(), None, Some(body))
}

/// Answers `GET /v1.0/myorg/groups[?$top=N]`.
pub(crate) fn groups(state: &State, call: &Call) -> Response {
    let req = call.req;
    let request_id = ids::guid();
    let access = match caller_access(state, req) {
        Ok(access) => access,
        // Power BI answers a token it does not take with 403, no body, and
        // the reason in a header only.
        Err(info) => return answer(403, &request_id, Some(info), None),
    };
    match access {
        PowerBiAccess::Workspaces | PowerBiAccess::NoWorkspaces => {
            let tenant = bearer_claims(req)
                .and_then(|c| c["tid"].as_str().map(str::to_string))
                .unwrap_or_default();
            let mut value: Vec<Value> = if access == PowerBiAccess::Workspaces {
                WORKSPACE_NAMES
                    .iter()
                    .map(|name| {
                        json!({
                            "id": ids::derived_guid(&format!("workspace:{tenant}:{name}")),
                            "isReadOnly": false,
                            "isOnDedicatedCapacity": false,
                            "type": "Workspace",
                            "name": name,
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if let Some(top) = query(req, "$top").and_then(|t| t.parse::<usize>().ok()) {
                value.truncate(top);
            }
            let body = json!({
                "@odata.context": format!("{}/v1.0/myorg/$metadata#groups", state.base_url),
                "value": value,
            });
            answer(200, &request_id, None, Some(body))
        }
        // Often an empty body: the header is all a client gets (reference §10).
        PowerBiAccess::TenantSwitchOff => answer(
            401,
            &request_id,
            Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch"),
            None,
        ),
        PowerBiAccess::Forbidden => answer(
            403,
            &request_id,
            Some("PowerBINotAuthorizedException"),
            Some(error_body(
                "PowerBINotAuthorizedException",
                "API is not accessible for application",
            )),
        ),
    }
}

/// What the bearer token's holder may do, or the `X-PowerBI-Error-Info`
/// value that refuses it.
fn caller_access(state: &State, req: &Request) -> Result<PowerBiAccess, &'static str> {
    let claims = bearer_claims(req).ok_or("InvalidToken")?;
    let exp = claims["exp"].as_i64().ok_or("InvalidToken")?;
    if exp <= chrono::Utc::now().timestamp() {
        return Err("TokenExpired");
    }
    let aud = claims["aud"].as_str().unwrap_or_default();
    if !aud
        .trim_end_matches('/')
        .eq_ignore_ascii_case(POWERBI_RESOURCE)
    {
        return Err("InvalidToken");
    }
    let tenant = claims["tid"]
        .as_str()
        .and_then(|tid| state.dir.tenant(tid))
        .ok_or("InvalidToken")?;
    if claims["idtyp"] == "user" || claims.get("upn").is_some() {
        return Ok(PowerBiAccess::Workspaces);
    }
    let app: &App = claims["appid"]
        .as_str()
        .or_else(|| claims["azp"].as_str())
        .and_then(|id| tenant.app(id))
        .ok_or("InvalidToken")?;
    Ok(app.powerbi)
}

/// The verified claims of `Authorization: Bearer <token>`, if it is one of ours.
fn bearer_claims(req: &Request) -> Option<Value> {
    let value = req.header("authorization")?;
    let token = value
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))
        .map(|_| value[7..].trim())?;
    jwt::verify(token).ok()
}

fn query<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The error body shape the Power BI SDK reads (reference §10).
fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// An answer with the headers Power BI sends: `RequestId` always, and
/// `X-PowerBI-Error-Info` on refusals.
fn answer(status: u16, request_id: &str, info: Option<&str>, body: Option<Value>) -> Response {
    let mut r = match body {
        Some(b) => Response::new(status, JSON, b.to_string()),
        None => Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        },
    };
    r = r
        .header("RequestId", request_id)
        .header("Access-Control-Expose-Headers", "RequestId");
    if let Some(info) = info {
        r = r.header("X-PowerBI-Error-Info", info);
    }
    r
}
