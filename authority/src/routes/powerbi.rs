//! A stand-in for the Power BI REST API on the authority's own port, so
//! that `pbitoken check --api` and `pbitoken api` can be tested end to end
//! (reference §10): workspaces (listed, created, deleted), their reports
//! (with embed URLs and a binary `Export`) and datasets, and the admin APIs
//! (`admin/groups` paged with `@odata.nextLink`, `admin/activityevents`
//! paged with `continuationUri`/`continuationToken`).
//!
//! It stands in for the public cloud's API, so it takes tokens for the
//! public Power BI resource only, verified with the authority's own key.
//! What an app-only token gets is decided by [`App::powerbi`]; user tokens
//! always see the workspaces.

use serde_json::{json, Value};

use super::Call;
use crate::directory::{App, PowerBiAccess};
use crate::fixtures::{ADMIN_ONLY_WORKSPACE_NAMES, POWERBI_RESOURCE, WORKSPACE_NAMES};
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
    let caller = match authorize(state, req) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let mut value: Vec<Value> = member_workspaces(state, &caller)
        .iter()
        .map(Workspace::to_json)
        .collect();
    if let Some(top) = query(req, "$top").and_then(|t| t.parse::<usize>().ok()) {
        value.truncate(top);
    }
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/$metadata#groups", state.base_url),
        "value": value,
    });
    answer(200, &caller.request_id, None, Some(body))
}

/// `POST /v1.0/myorg/groups` with `{"name": ...}`: creates a workspace;
/// 400 without a name, 409 when the tenant has one of that name.
pub(crate) fn create_group(state: &State, call: &Call) -> Response {
    let caller = match authorize(state, call.req) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let name = serde_json::from_slice::<Value>(&call.req.body)
        .ok()
        .and_then(|b| b.get("name").and_then(Value::as_str).map(str::to_string))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        return answer(
            400,
            &caller.request_id,
            None,
            Some(error_body(
                "InvalidRequest",
                "The request body must be a JSON object with a non-empty 'name'.",
            )),
        );
    };
    if all_workspaces(state, &caller.tenant)
        .iter()
        .any(|w| w.name.eq_ignore_ascii_case(&name))
    {
        return answer(
            409,
            &caller.request_id,
            None,
            Some(error_body(
                "PowerBIEntityAlreadyExists",
                &format!("A workspace named '{name}' already exists."),
            )),
        );
    }
    let id = ids::guid();
    crate::state::lock(&state.workspaces).created.push((
        caller.tenant.clone(),
        id.clone(),
        name.clone(),
    ));
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/$metadata#groups/$entity", state.base_url),
        "id": id,
        "isReadOnly": false,
        "isOnDedicatedCapacity": false,
        "name": name,
    });
    answer(200, &caller.request_id, None, Some(body))
}

/// `DELETE /v1.0/myorg/groups/{group}`.
pub(crate) fn delete_group(state: &State, call: &Call) -> Response {
    let (caller, ws) = match workspace(state, call) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let mut changes = crate::state::lock(&state.workspaces);
    changes.created.retain(|(_, id, _)| *id != ws.id);
    changes.deleted.push(ws.id);
    answer(200, &caller.request_id, None, None)
}

/// `GET /v1.0/myorg/groups/{group}/reports`.
pub(crate) fn reports(state: &State, call: &Call) -> Response {
    let (caller, ws) = match workspace(state, call) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let value: Vec<Value> = ws_reports(&ws).iter().map(Report::to_json).collect();
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/groups/{}/$metadata#reports", state.base_url, ws.id),
        "value": value,
    });
    answer(200, &caller.request_id, None, Some(body))
}

/// `GET /v1.0/myorg/groups/{group}/reports/{report}`.
pub(crate) fn report(state: &State, call: &Call) -> Response {
    match report_of(state, call) {
        Ok((caller, r)) => answer(200, &caller.request_id, None, Some(r.to_json())),
        Err(refusal) => refusal,
    }
}

/// `GET /v1.0/myorg/groups/{group}/reports/{report}/Export`: a `.pbix`
/// (a zip), here bytes that hold every byte value, NUL and 0xFF included,
/// so that a client that treats the body as text is caught.
pub(crate) fn export(state: &State, call: &Call) -> Response {
    let (caller, r) = match report_of(state, call) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let body = export_bytes(&r.id);
    let mut resp = answer(200, &caller.request_id, None, None);
    resp.headers
        .push(("Content-Type".into(), "application/zip".into()));
    resp.headers.push((
        "Content-Disposition".into(),
        format!("attachment; filename=\"{}.pbix\"", r.name),
    ));
    resp.body = body;
    resp
}

/// The bytes `Export` sends for a report: a zip signature, then every byte
/// value in turn, then the report's id, eight times over.
pub fn export_bytes(report_id: &str) -> Vec<u8> {
    let mut out = b"PK\x03\x04".to_vec();
    for _ in 0..8 {
        out.extend(0u8..=255);
        out.extend_from_slice(report_id.as_bytes());
        out.extend_from_slice(b"\r\n\x00\xff\xfe");
    }
    out
}

/// `GET /v1.0/myorg/groups/{group}/datasets`.
pub(crate) fn datasets(state: &State, call: &Call) -> Response {
    let (caller, ws) = match workspace(state, call) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let value: Vec<Value> = ws_reports(&ws)
        .iter()
        .map(|r| {
            json!({
                "id": r.dataset_id,
                "name": r.name,
                "configuredBy": "pbitoken-ci",
                "isRefreshable": true,
                "isEffectiveIdentityRequired": false,
                "isEffectiveIdentityRolesRequired": false,
                "targetStorageMode": "Abf",
                "webUrl": format!("https://app.powerbi.com/groups/{}/datasets/{}", ws.id, r.dataset_id),
            })
        })
        .collect();
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/groups/{}/$metadata#datasets", state.base_url, ws.id),
        "value": value,
    });
    answer(200, &caller.request_id, None, Some(body))
}

/// `POST /v1.0/myorg/groups/{group}/datasets/{dataset}/refreshes`: 202.
pub(crate) fn refresh(state: &State, call: &Call) -> Response {
    let (caller, ws) = match workspace(state, call) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let dataset = call.param("dataset");
    if !ws_reports(&ws)
        .iter()
        .any(|r| r.dataset_id.eq_ignore_ascii_case(dataset))
    {
        return not_found(&caller.request_id);
    }
    answer(202, &caller.request_id, None, None)
}

/// `GET /v1.0/myorg/admin/groups?$top=N[&$skip=M]`: every workspace of the
/// tenant, the caller's or not. `$top` is required (1 to 5000); a page
/// that leaves some out links the next with `@odata.nextLink`. For
/// principals the read-only admin APIs are allowed to only.
pub(crate) fn admin_groups(state: &State, call: &Call) -> Response {
    let req = call.req;
    let caller = match authorize_admin(state, req) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let top = query(req, "$top").and_then(|t| t.parse::<usize>().ok());
    let Some(top) = top.filter(|t| (1..=5000).contains(t)) else {
        return answer(
            400,
            &caller.request_id,
            None,
            Some(error_body(
                "InvalidRequest",
                "$top is required and must be between 1 and 5000.",
            )),
        );
    };
    let skip = query(req, "$skip")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let mut all = all_workspaces(state, &caller.tenant);
    all.extend(
        ADMIN_ONLY_WORKSPACE_NAMES
            .iter()
            .map(|n| Workspace::seeded(&caller.tenant, n)),
    );
    let value: Vec<Value> = all
        .iter()
        .skip(skip)
        .take(top)
        .map(|w| {
            let mut v = w.to_json();
            v["state"] = json!("Active");
            v
        })
        .collect();
    let mut body = json!({
        "@odata.context": format!("{}/v1.0/myorg/admin/$metadata#groups", state.base_url),
        "value": value,
    });
    if skip + top < all.len() {
        body["@odata.nextLink"] = json!(format!(
            "{}/v1.0/myorg/admin/groups?$top={top}&$skip={}",
            state.base_url,
            skip + top
        ));
    }
    answer(200, &caller.request_id, None, Some(body))
}

/// The continuation tokens of the activity log's pages after the first,
/// as Power BI sends them (percent-encoded).
const ACTIVITY_TOKENS: [&str; 2] = ["LDAx%2BMjA%3D-page2", "LDAx%2BMjA%3D-page3"];

/// `GET /v1.0/myorg/admin/activityevents`: the first page needs
/// `startDateTime` and `endDateTime` (quoted); the next are asked for with
/// `continuationToken='...'` alone. Three pages, the last one
/// `lastResultSet: true`.
pub(crate) fn activity_events(state: &State, call: &Call) -> Response {
    let req = call.req;
    let caller = match authorize_admin(state, req) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let page = match query(req, "continuationToken") {
        Some(t) => {
            let t = t.trim_matches('\'');
            match ACTIVITY_TOKENS
                .iter()
                .position(|k| crate::http::percent_decode(k, false) == t)
            {
                Some(i) => i + 2,
                None => {
                    return answer(
                        400,
                        &caller.request_id,
                        None,
                        Some(error_body("InvalidContinuationToken", "The continuation token is not valid.")),
                    )
                }
            }
        }
        None if query(req, "startDateTime").is_some() && query(req, "endDateTime").is_some() => 1,
        None => {
            return answer(
                400,
                &caller.request_id,
                None,
                Some(error_body(
                    "InvalidRequest",
                    "startDateTime and endDateTime are required, e.g. startDateTime='2025-01-01T00:00:00Z'.",
                )),
            )
        }
    };
    let entities: Vec<Value> = (0..2)
        .map(|i| {
            json!({
                "Id": ids::derived_guid(&format!("activity:{}:{page}:{i}", caller.tenant)),
                "CreationTime": format!("2025-01-01T0{page}:0{i}:00"),
                "Operation": if i == 0 { "ViewReport" } else { "ExportReport" },
                "UserId": "alice@contoso.onmicrosoft.com",
                "Activity": if i == 0 { "ViewReport" } else { "ExportReport" },
            })
        })
        .collect();
    let last = page == 3;
    let (uri, token) = if last {
        (Value::Null, Value::Null)
    } else {
        let t = ACTIVITY_TOKENS[page - 1];
        (
            json!(format!(
                "{}/v1.0/myorg/admin/activityevents?continuationToken='{t}'",
                state.base_url
            )),
            json!(t),
        )
    };
    let body = json!({
        "activityEventEntities": entities,
        "continuationUri": uri,
        "continuationToken": token,
        "lastResultSet": last,
    });
    answer(200, &caller.request_id, None, Some(body))
}

/// A workspace as the API shows it.
#[derive(Debug, Clone)]
struct Workspace {
    id: String,
    name: String,
}

impl Workspace {
    fn seeded(tenant: &str, name: &str) -> Workspace {
        Workspace {
            id: ids::derived_guid(&format!("workspace:{tenant}:{name}")),
            name: name.to_string(),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "isReadOnly": false,
            "isOnDedicatedCapacity": false,
            "type": "Workspace",
            "name": self.name,
        })
    }
}

/// A report of a workspace, and its dataset.
struct Report {
    id: String,
    name: String,
    dataset_id: String,
    workspace_id: String,
}

impl Report {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "reportType": "PowerBIReport",
            "name": self.name,
            "webUrl": format!("https://app.powerbi.com/groups/{}/reports/{}", self.workspace_id, self.id),
            "embedUrl": format!("https://app.powerbi.com/reportEmbed?reportId={}&groupId={}", self.id, self.workspace_id),
            "isFromPbix": true,
            "isOwnedByMe": true,
            "datasetId": self.dataset_id,
            "datasetWorkspaceId": self.workspace_id,
        })
    }
}

/// Two reports per workspace, each on its own dataset.
fn ws_reports(ws: &Workspace) -> Vec<Report> {
    ["Overview", "Details"]
        .iter()
        .map(|n| Report {
            id: ids::derived_guid(&format!("report:{}:{n}", ws.id)),
            name: format!("{} {n}", ws.name),
            dataset_id: ids::derived_guid(&format!("dataset:{}:{n}", ws.id)),
            workspace_id: ws.id.clone(),
        })
        .collect()
}

/// The tenant's workspaces: the seeded ones and those created, less those deleted.
fn all_workspaces(state: &State, tenant: &str) -> Vec<Workspace> {
    let changes = crate::state::lock(&state.workspaces).clone();
    WORKSPACE_NAMES
        .iter()
        .map(|n| Workspace::seeded(tenant, n))
        .chain(
            changes
                .created
                .iter()
                .filter(|(t, _, _)| t == tenant)
                .map(|(_, id, name)| Workspace {
                    id: id.clone(),
                    name: name.clone(),
                }),
        )
        .filter(|w| !changes.deleted.contains(&w.id))
        .collect()
}

/// The workspaces the caller is a member of.
fn member_workspaces(state: &State, caller: &Caller) -> Vec<Workspace> {
    match caller.access {
        PowerBiAccess::Workspaces => all_workspaces(state, &caller.tenant),
        PowerBiAccess::NoWorkspaces | PowerBiAccess::TenantSwitchOff | PowerBiAccess::Forbidden => {
            Vec::new()
        }
    }
}

/// The `{group}` of the path, if the caller is a member of it.
fn workspace(state: &State, call: &Call) -> Result<(Caller, Workspace), Response> {
    let caller = authorize(state, call.req)?;
    let group = call.param("group");
    match member_workspaces(state, &caller)
        .into_iter()
        .find(|w| w.id.eq_ignore_ascii_case(group))
    {
        Some(ws) => Ok((caller, ws)),
        None => Err(not_found(&caller.request_id)),
    }
}

/// The `{report}` of the path's `{group}`.
fn report_of(state: &State, call: &Call) -> Result<(Caller, Report), Response> {
    let (caller, ws) = workspace(state, call)?;
    let id = call.param("report");
    match ws_reports(&ws)
        .into_iter()
        .find(|r| r.id.eq_ignore_ascii_case(id))
    {
        Some(r) => Ok((caller, r)),
        None => Err(not_found(&caller.request_id)),
    }
}

/// Power BI's answer for an item that is not there or not the caller's.
pub(crate) fn not_found(request_id: &str) -> Response {
    answer(
        404,
        request_id,
        Some("PowerBIEntityNotFound"),
        Some(error_body("PowerBIEntityNotFound", "PowerBIEntityNotFound")),
    )
}

/// Who is calling, once the token is taken and the tenant lets them in.
pub(crate) struct Caller {
    pub request_id: String,
    pub tenant: String,
    pub access: PowerBiAccess,
    /// May use the read-only admin APIs.
    pub admin: bool,
}

/// The caller of a Power BI API, or the answer that refuses them.
fn authorize(state: &State, req: &Request) -> Result<Caller, Response> {
    authorize_for(state, req, |aud| {
        aud.trim_end_matches('/')
            .eq_ignore_ascii_case(POWERBI_RESOURCE)
    })
}

/// [`authorize`] for a token whose audience `aud_ok` takes; the refusals
/// of reference §10 for a token it does not take or a tenant that does not
/// let the caller in.
pub(crate) fn authorize_for(
    state: &State,
    req: &Request,
    aud_ok: impl Fn(&str) -> bool,
) -> Result<Caller, Response> {
    let request_id = ids::guid();
    let (access, admin, tenant) = match caller_access(state, req, aud_ok) {
        Ok(found) => found,
        // Power BI answers a token it does not take with 403, no body, and
        // the reason in a header only.
        Err(info) => return Err(answer(403, &request_id, Some(info), None)),
    };
    match access {
        PowerBiAccess::Workspaces | PowerBiAccess::NoWorkspaces => Ok(Caller {
            request_id,
            tenant,
            access,
            admin,
        }),
        // Often an empty body: the header is all a client gets (reference §10).
        PowerBiAccess::TenantSwitchOff => Err(answer(
            401,
            &request_id,
            Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch"),
            None,
        )),
        PowerBiAccess::Forbidden => Err(answer(
            403,
            &request_id,
            Some("PowerBINotAuthorizedException"),
            Some(error_body(
                "PowerBINotAuthorizedException",
                "API is not accessible for application",
            )),
        )),
    }
}

/// [`authorize`], and the caller may use the read-only admin APIs: else
/// 401 `PowerBINotAuthorizedException` (reference §10).
fn authorize_admin(state: &State, req: &Request) -> Result<Caller, Response> {
    let caller = authorize(state, req)?;
    if caller.admin {
        return Ok(caller);
    }
    Err(answer(
        401,
        &caller.request_id,
        Some("PowerBINotAuthorizedException"),
        Some(error_body(
            "PowerBINotAuthorizedException",
            "API is not accessible for application",
        )),
    ))
}

/// What the bearer token's holder may do, whether it may use the admin
/// APIs, and its tenant; or the `X-PowerBI-Error-Info` value that refuses it.
fn caller_access(
    state: &State,
    req: &Request,
    aud_ok: impl Fn(&str) -> bool,
) -> Result<(PowerBiAccess, bool, String), &'static str> {
    let claims = bearer_claims(req).ok_or("InvalidToken")?;
    let exp = claims["exp"].as_i64().ok_or("InvalidToken")?;
    if exp <= chrono::Utc::now().timestamp() {
        return Err("TokenExpired");
    }
    if !aud_ok(claims["aud"].as_str().unwrap_or_default()) {
        return Err("InvalidToken");
    }
    let tenant = claims["tid"]
        .as_str()
        .and_then(|tid| state.dir.tenant(tid))
        .ok_or("InvalidToken")?;
    let tenant_id = tenant.id.clone();
    if claims["idtyp"] == "user" || claims.get("upn").is_some() {
        return Ok((PowerBiAccess::Workspaces, false, tenant_id));
    }
    let app: &App = claims["appid"]
        .as_str()
        .or_else(|| claims["azp"].as_str())
        .and_then(|id| tenant.app(id))
        .ok_or("InvalidToken")?;
    Ok((app.powerbi, app.powerbi_admin, tenant_id))
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

pub(crate) fn query<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The error body shape the Power BI SDK reads (reference §10).
pub(crate) fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// An answer with the headers Power BI sends: `RequestId` always, and
/// `X-PowerBI-Error-Info` on refusals.
pub(crate) fn answer(
    status: u16,
    request_id: &str,
    info: Option<&str>,
    body: Option<Value>,
) -> Response {
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
