//! A stand-in for the Fabric REST API's `GET /v1/workspaces`, paged with
//! `continuationToken` and `continuationUri`. It takes tokens for the
//! Fabric API only: its real resource, or the authority's own URL (a
//! profile whose `fabric_api_base` points here asks for
//! `{authority}/.default`). A Power BI token gets Fabric's error shape.

use serde_json::{json, Value};

use super::powerbi::{authorize_for, query};
use super::Call;
use crate::fixtures::{FABRIC_RESOURCE, WORKSPACE_NAMES};
use crate::http::Response;
use crate::ids;
use crate::state::State;

/// Items per page of the emulated lists.
const PAGE: usize = 2;
/// The workspaces Fabric lists: the Power BI ones and a few more.
const EXTRA: [&str; 3] = ["Lakehouse Dev", "Lakehouse Prod", "Notebooks"];

/// Whether `aud` is the Fabric API's: its public resource or this
/// authority's own URL (trailing slashes and case aside).
pub(crate) fn is_fabric_audience(base_url: &str, aud: &str) -> bool {
    let norm = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
    norm(aud) == norm(FABRIC_RESOURCE) || norm(aud) == norm(base_url)
}

/// `GET /v1/workspaces[?continuationToken=T]`.
pub(crate) fn workspaces(state: &State, call: &Call) -> Response {
    let req = call.req;
    let caller = match authorize_for(state, req, |aud| is_fabric_audience(&state.base_url, aud)) {
        Ok(c) => c,
        Err(refusal) => return fabric_shape(refusal),
    };
    let names: Vec<&str> = WORKSPACE_NAMES
        .iter()
        .chain(EXTRA.iter())
        .copied()
        .collect();
    let start = match query(req, "continuationToken") {
        None => 0,
        Some(t) => match t.strip_prefix("fab-").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n < names.len() => n,
            _ => {
                return error(
                    400,
                    &caller.request_id,
                    "InvalidContinuationToken",
                    "The continuation token is not valid.",
                )
            }
        },
    };
    let value: Vec<Value> = names
        .iter()
        .skip(start)
        .take(PAGE)
        .map(|n| {
            json!({
                "id": ids::derived_guid(&format!("workspace:{}:{n}", caller.tenant)),
                "displayName": n,
                "description": "",
                "type": "Workspace",
            })
        })
        .collect();
    let mut body = json!({ "value": value });
    let next = start + PAGE;
    if next < names.len() {
        let token = format!("fab-{next}");
        body["continuationToken"] = json!(token);
        body["continuationUri"] = json!(format!(
            "{}/v1/workspaces?continuationToken={token}",
            state.base_url
        ));
    }
    Response::new(200, "application/json; charset=utf-8", body.to_string())
        .header("RequestId", caller.request_id)
}

/// Fabric's error body: `{"requestId", "errorCode", "message"}`.
fn error(status: u16, request_id: &str, code: &str, message: &str) -> Response {
    let body = json!({"requestId": request_id, "errorCode": code, "message": message});
    Response::new(status, "application/json; charset=utf-8", body.to_string())
        .header("RequestId", request_id)
}

/// A Power BI refusal in Fabric's shape: a token for another audience is
/// 401 `InvalidToken` (`TokenExpired` when it has expired).
fn fabric_shape(refusal: Response) -> Response {
    let header = |name: &str| {
        refusal
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let request_id = header("RequestId").unwrap_or_else(ids::guid);
    match header("X-PowerBI-Error-Info").as_deref() {
        Some("InvalidToken") => error(401, &request_id, "InvalidToken", "Access token is invalid"),
        Some("TokenExpired") => error(
            401,
            &request_id,
            "TokenExpired",
            "Access token has expired, resubmit with a new access token",
        ),
        Some(other) => error(
            refusal.status,
            &request_id,
            other,
            "The caller is not allowed to call this API",
        ),
        None => refusal,
    }
}
