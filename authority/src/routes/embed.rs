//! A stand-in for Power BI's embedding APIs (app owns data), on the
//! authority's own port: the report and dataset lookups, the multi-resource
//! `POST /v1.0/myorg/GenerateToken`, and the report page an embed URL
//! points at, which accepts an embed token as powerbi-client hands it over.
//!
//! The catalogue is [`crate::embed_fixtures`]. Refusals follow what Power
//! BI is reported to answer (reference §10 shapes: `{"error": {"code",
//! "message"}}`, `X-PowerBI-Error-Info`, `RequestId`); the exact wording of
//! the capacity and My workspace refusals is this emulator's.
//!
//! Embed tokens are JWTs signed with the authority's key, so that the
//! report page can check one without the authority remembering it.

use serde_json::{json, Value};

use super::powerbi::{answer, error_body, not_found, query};
use super::Call;
use crate::directory::PowerBiAccess;
use crate::embed_fixtures as efx;
use crate::fixtures::POWERBI_RESOURCE;
use crate::http::{Request, Response};
use crate::state::State;
use crate::{ids, jwt};

/// `typ` of the embed tokens this authority signs.
const EMBED_TYP: &str = "pbi-embed";
/// Power BI's default embed token lifetime when the request names none.
const DEFAULT_LIFETIME_MINUTES: i64 = 60;

struct Workspace {
    id: &'static str,
    on_capacity: bool,
    personal: bool,
    /// Whether the seeded principals are members.
    members: bool,
}

struct Report {
    id: &'static str,
    name: &'static str,
    workspace: &'static str,
    dataset: &'static str,
}

struct Dataset {
    id: &'static str,
    name: &'static str,
    workspace: &'static str,
    rls: bool,
}

const WORKSPACES: &[Workspace] = &[
    Workspace {
        id: efx::WORKSPACE_ID,
        on_capacity: true,
        personal: false,
        members: true,
    },
    Workspace {
        id: efx::NO_CAPACITY_WORKSPACE_ID,
        on_capacity: false,
        personal: false,
        members: true,
    },
    Workspace {
        id: efx::MY_WORKSPACE_ID,
        on_capacity: false,
        personal: true,
        members: true,
    },
    Workspace {
        id: efx::FOREIGN_WORKSPACE_ID,
        on_capacity: true,
        personal: false,
        members: false,
    },
];

const REPORTS: &[Report] = &[
    Report {
        id: efx::REPORT_ID,
        name: efx::REPORT_NAME,
        workspace: efx::WORKSPACE_ID,
        dataset: efx::DATASET_ID,
    },
    Report {
        id: efx::SECOND_REPORT_ID,
        name: efx::SECOND_REPORT_NAME,
        workspace: efx::WORKSPACE_ID,
        dataset: efx::DATASET_ID,
    },
    Report {
        id: efx::RLS_REPORT_ID,
        name: efx::RLS_REPORT_NAME,
        workspace: efx::WORKSPACE_ID,
        dataset: efx::RLS_DATASET_ID,
    },
    Report {
        id: efx::NO_CAPACITY_REPORT_ID,
        name: "Sandbox Report",
        workspace: efx::NO_CAPACITY_WORKSPACE_ID,
        dataset: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e03",
    },
    Report {
        id: efx::MY_WORKSPACE_REPORT_ID,
        name: "My Report",
        workspace: efx::MY_WORKSPACE_ID,
        dataset: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e04",
    },
    Report {
        id: efx::FOREIGN_REPORT_ID,
        name: "Their Report",
        workspace: efx::FOREIGN_WORKSPACE_ID,
        dataset: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e05",
    },
];

const DATASETS: &[Dataset] = &[
    Dataset {
        id: efx::DATASET_ID,
        name: "Sales",
        workspace: efx::WORKSPACE_ID,
        rls: false,
    },
    Dataset {
        id: efx::RLS_DATASET_ID,
        name: "Regional Sales",
        workspace: efx::WORKSPACE_ID,
        rls: true,
    },
    Dataset {
        id: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e03",
        name: "Sandbox",
        workspace: efx::NO_CAPACITY_WORKSPACE_ID,
        rls: false,
    },
    Dataset {
        id: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e04",
        name: "Mine",
        workspace: efx::MY_WORKSPACE_ID,
        rls: false,
    },
    Dataset {
        id: "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e05",
        name: "Theirs",
        workspace: efx::FOREIGN_WORKSPACE_ID,
        rls: false,
    },
];

fn workspace(id: &str) -> Option<&'static Workspace> {
    WORKSPACES.iter().find(|w| w.id.eq_ignore_ascii_case(id))
}

fn report(id: &str) -> Option<&'static Report> {
    REPORTS.iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

fn dataset(id: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.id.eq_ignore_ascii_case(id))
}

/// The embed URL of a report: this authority's stand-in report page.
fn embed_url(state: &State, r: &Report) -> String {
    format!(
        "{}{}?reportId={}&groupId={}",
        state.base_url,
        efx::REPORT_PAGE_PATH,
        r.id,
        r.workspace
    )
}

/// `GET /v1.0/myorg/groups/{group}/reports/{report}`: the embed fixtures'
/// workspaces answer their own report lookups (with embed URLs to the
/// stand-in report page); every other workspace is the Power BI API's.
pub(crate) fn report_lookup(state: &State, call: &Call) -> Response {
    let embed_workspaces = [
        efx::WORKSPACE_ID,
        efx::NO_CAPACITY_WORKSPACE_ID,
        efx::MY_WORKSPACE_ID,
        efx::FOREIGN_WORKSPACE_ID,
    ];
    if embed_workspaces.contains(&call.param("group")) {
        get_report(state, call)
    } else {
        super::powerbi::report(state, call)
    }
}

/// Answers `GET /v1.0/myorg/groups/{group}/reports/{report}`.
pub(crate) fn get_report(state: &State, call: &Call) -> Response {
    let request_id = ids::guid();
    let ws = match member_workspace(state, call.req, call.param("group")) {
        Ok(ws) => ws,
        Err(refusal) => return refusal.answer(&request_id),
    };
    let Some(r) = report(call.param("report")).filter(|r| r.workspace == ws.id) else {
        return not_found(&request_id);
    };
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/groups/{}/$metadata#reports/$entity", state.base_url, ws.id),
        "id": r.id,
        "reportType": "PowerBIReport",
        "name": r.name,
        "webUrl": format!("{}/groups/{}/reports/{}", state.base_url, ws.id, r.id),
        "embedUrl": embed_url(state, r),
        "isFromPbix": true,
        "isOwnedByMe": false,
        "datasetId": r.dataset,
        "datasetWorkspaceId": ws.id,
        "users": [],
        "subscriptions": [],
    });
    answer(200, &request_id, None, Some(body))
}

/// Answers `GET /v1.0/myorg/groups/{group}/datasets/{dataset}`.
pub(crate) fn get_dataset(state: &State, call: &Call) -> Response {
    let request_id = ids::guid();
    let ws = match member_workspace(state, call.req, call.param("group")) {
        Ok(ws) => ws,
        Err(refusal) => return refusal.answer(&request_id),
    };
    let Some(d) = dataset(call.param("dataset")).filter(|d| d.workspace == ws.id) else {
        return not_found(&request_id);
    };
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/groups/{}/$metadata#datasets/$entity", state.base_url, ws.id),
        "id": d.id,
        "name": d.name,
        "webUrl": format!("{}/groups/{}/datasets/{}", state.base_url, ws.id, d.id),
        "addRowsAPIEnabled": false,
        "configuredBy": "owner@contoso.onmicrosoft.com",
        "isRefreshable": true,
        "isEffectiveIdentityRequired": d.rls,
        "isEffectiveIdentityRolesRequired": d.rls,
        "isOnPremGatewayRequired": false,
        "targetStorageMode": "Abf",
    });
    answer(200, &request_id, None, Some(body))
}

/// Answers `POST /v1.0/myorg/GenerateToken` (the multi-resource V2 request):
/// `reports` (`id`, `allowEdit`), `datasets` (`id`), `targetWorkspaces`,
/// `identities` (`username`, `roles`, `datasets`), `lifetimeInMinutes`.
pub(crate) fn generate_token(state: &State, call: &Call) -> Response {
    let request_id = ids::guid();
    let claims = match caller(state, call.req) {
        Ok(claims) => claims,
        Err(refusal) => return refusal.answer(&request_id),
    };
    let Ok(body) = serde_json::from_slice::<Value>(&call.req.body) else {
        return invalid(&request_id, "The request body is not valid JSON.");
    };
    let list = |name: &str| body[name].as_array().cloned().unwrap_or_default();
    let id_of = |v: &Value| v["id"].as_str().unwrap_or_default().to_ascii_lowercase();
    let reports = list("reports");
    let mut datasets: Vec<String> = list("datasets").iter().map(id_of).collect();
    if reports.is_empty() && datasets.is_empty() {
        return invalid(
            &request_id,
            "GenerateToken needs at least one report or dataset.",
        );
    }
    let mut allow_edit = false;
    let mut report_ids = Vec::new();
    let mut workspaces = Vec::new();
    for r in &reports {
        let Some(rep) = report(&id_of(r)) else {
            return not_found(&request_id);
        };
        allow_edit |= r["allowEdit"].as_bool().unwrap_or(false);
        report_ids.push(rep.id);
        workspaces.push(rep.workspace);
        if !datasets.iter().any(|d| d == rep.dataset) {
            datasets.push(rep.dataset.to_owned());
        }
    }
    for d in &datasets {
        match dataset(d) {
            Some(ds) => workspaces.push(ds.workspace),
            None => return not_found(&request_id),
        }
    }
    for ws_id in &workspaces {
        let ws = workspace(ws_id).expect("every catalogued item has a workspace");
        if !ws.members || !principal_is_member(state, &claims) {
            return Refusal::NotMember.answer(&request_id);
        }
        if ws.personal {
            return invalid(
                &request_id,
                "Generating an embed token for an item in My workspace is not supported. Move the item to a workspace.",
            );
        }
        if !ws.on_capacity {
            return answer(
                403,
                &request_id,
                None,
                Some(error_body(
                    "InvalidRequest",
                    &format!(
                        "Creating an embed token for workspace {} requires the workspace to be on a dedicated capacity.",
                        ws.id
                    ),
                )),
            );
        }
    }
    let identities = list("identities");
    let mut covered: Vec<String> = Vec::new();
    for identity in &identities {
        if identity["username"].as_str().unwrap_or_default().is_empty() {
            return invalid(&request_id, "An effective identity needs a username.");
        }
        for d in identity["datasets"].as_array().into_iter().flatten() {
            let d = d.as_str().unwrap_or_default().to_ascii_lowercase();
            match dataset(&d) {
                Some(ds) if !ds.rls => {
                    return invalid(
                        &request_id,
                        &format!(
                            "Creating embed token for accessing dataset {} shouldn't have effective identity",
                            ds.id
                        ),
                    )
                }
                Some(ds) => {
                    for role in identity["roles"].as_array().into_iter().flatten() {
                        let role = role.as_str().unwrap_or_default();
                        if !efx::RLS_ROLES.contains(&role) {
                            return invalid(
                                &request_id,
                                &format!("Dataset {} has no role named '{role}'", ds.id),
                            );
                        }
                    }
                    covered.push(d);
                }
                None => return not_found(&request_id),
            }
        }
    }
    for d in &datasets {
        let ds = dataset(d).expect("checked above");
        if ds.rls && !covered.iter().any(|c| c == ds.id) {
            return invalid(
                &request_id,
                &format!(
                    "Creating embed token for accessing dataset {} requires effective identity to be provided",
                    ds.id
                ),
            );
        }
    }
    let now = chrono::Utc::now().timestamp();
    let minutes = body["lifetimeInMinutes"]
        .as_i64()
        .filter(|m| *m > 0)
        .unwrap_or(DEFAULT_LIFETIME_MINUTES);
    // An embed token never outlives the access token that asked for it.
    let access_exp = claims["exp"].as_i64().unwrap_or(now);
    let exp = (now + minutes * 60).min(access_exp);
    let token_id = ids::guid();
    let token = jwt::sign(&json!({
        "typ": EMBED_TYP,
        "tokenId": token_id,
        "reports": report_ids,
        "datasets": datasets,
        "allowEdit": allow_edit,
        "identities": identities,
        "iat": now,
        "exp": exp,
    }));
    let expiration = chrono::DateTime::from_timestamp(exp, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let body = json!({
        "@odata.context": format!("{}/v1.0/myorg/$metadata#Microsoft.PowerBI.ServiceContracts.Api.V1.EmbedToken", state.base_url),
        "token": token,
        "tokenId": token_id,
        "expiration": expiration,
    });
    answer(200, &request_id, None, Some(body))
}

/// Answers `GET /reportEmbed?reportId=&groupId=`: the page an embed URL
/// loads in powerbi-client's iframe. It waits for the embed token in a
/// `postMessage` (`{"action": "loadReport", "accessToken", "tokenType"}`),
/// has [`accept`] check it, shows the outcome and tells the parent page
/// (`{"event": "loaded" | "error", ...}`).
pub(crate) fn report_page(_: &State, call: &Call) -> Response {
    let report_id = query(call.req, "reportId").unwrap_or_default();
    let known = report(report_id).is_some();
    let html = REPORT_PAGE.replace(
        "__REPORT__",
        &serde_json::to_string(if known { report_id } else { "" }).unwrap_or_default(),
    );
    Response::new(200, "text/html; charset=utf-8", html)
        .header("Cache-Control", "no-store")
        // Any page may frame it, as app.powerbi.com's report page may be.
        .header("Content-Security-Policy", "frame-ancestors *")
}

/// Answers `GET /reportEmbed/accept?reportId=` with `Authorization:
/// EmbedToken <token>`: whether the token opens that report.
pub(crate) fn accept(_: &State, call: &Call) -> Response {
    let request_id = ids::guid();
    let report_id = query(call.req, "reportId").unwrap_or_default();
    let token = call
        .req
        .header("authorization")
        .and_then(|v| v.strip_prefix("EmbedToken "))
        .map(str::trim)
        .unwrap_or_default();
    let refuse = |code: &str, message: &str| {
        answer(
            403,
            &request_id,
            Some(code),
            Some(error_body(code, message)),
        )
    };
    let Ok(claims) = jwt::verify(token) else {
        return refuse(
            "InvalidToken",
            "The embed token is not one Power BI issued.",
        );
    };
    if claims["typ"] != EMBED_TYP {
        return refuse("InvalidToken", "This is not an embed token.");
    }
    if claims["exp"].as_i64().unwrap_or(0) <= chrono::Utc::now().timestamp() {
        return refuse("TokenExpired", "The embed token has expired.");
    }
    let Some(r) = report(report_id) else {
        return not_found(&request_id);
    };
    let opens = claims["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|id| id == r.id);
    if !opens {
        return refuse(
            "InvalidToken",
            "The embed token was not generated for this report.",
        );
    }
    let expiration = chrono::DateTime::from_timestamp(claims["exp"].as_i64().unwrap_or(0), 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let body = json!({
        "accepted": true,
        "reportId": r.id,
        "name": r.name,
        "tokenId": claims["tokenId"],
        "expiration": expiration,
    });
    answer(200, &request_id, None, Some(body))
}

/// Why a caller gets nothing.
enum Refusal {
    /// `X-PowerBI-Error-Info` only, 403, no body.
    Token(&'static str),
    SwitchOff,
    Forbidden,
    NotMember,
    NotFound,
}

impl Refusal {
    fn answer(&self, request_id: &str) -> Response {
        match self {
            Refusal::Token(info) => answer(403, request_id, Some(info), None),
            Refusal::SwitchOff => answer(
                401,
                request_id,
                Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch"),
                None,
            ),
            Refusal::Forbidden => answer(
                403,
                request_id,
                Some("PowerBINotAuthorizedException"),
                Some(error_body(
                    "PowerBINotAuthorizedException",
                    "API is not accessible for application",
                )),
            ),
            // A valid token without access to the workspace (reference §10).
            Refusal::NotMember => answer(
                401,
                request_id,
                Some("GroupNotAccessible"),
                Some(error_body(
                    "GroupNotAccessible",
                    "The caller is not a member of the workspace.",
                )),
            ),
            Refusal::NotFound => not_found(request_id),
        }
    }
}

/// The workspace `id` when the caller is a member of it.
fn member_workspace(state: &State, req: &Request, id: &str) -> Result<&'static Workspace, Refusal> {
    let claims = caller(state, req)?;
    let ws = workspace(id).ok_or(Refusal::NotFound)?;
    if !ws.members || !principal_is_member(state, &claims) {
        return Err(Refusal::NotMember);
    }
    Ok(ws)
}

/// The claims of a Power BI token this authority issued and that is still
/// valid, for a principal allowed to use the APIs.
fn caller(state: &State, req: &Request) -> Result<Value, Refusal> {
    let value = req
        .header("authorization")
        .ok_or(Refusal::Token("InvalidToken"))?;
    let token = value
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))
        .map(|_| value[7..].trim())
        .ok_or(Refusal::Token("InvalidToken"))?;
    let claims = jwt::verify(token).map_err(|_| Refusal::Token("InvalidToken"))?;
    let exp = claims["exp"]
        .as_i64()
        .ok_or(Refusal::Token("InvalidToken"))?;
    if exp <= chrono::Utc::now().timestamp() {
        return Err(Refusal::Token("TokenExpired"));
    }
    let aud = claims["aud"].as_str().unwrap_or_default();
    if !aud
        .trim_end_matches('/')
        .eq_ignore_ascii_case(POWERBI_RESOURCE)
    {
        return Err(Refusal::Token("InvalidToken"));
    }
    match access(state, &claims) {
        Some(PowerBiAccess::TenantSwitchOff) => Err(Refusal::SwitchOff),
        Some(PowerBiAccess::Forbidden) => Err(Refusal::Forbidden),
        Some(PowerBiAccess::Workspaces | PowerBiAccess::NoWorkspaces) => Ok(claims),
        None => Err(Refusal::Token("InvalidToken")),
    }
}

/// What the token's holder may do: users may do everything; apps as the
/// directory says.
fn access(state: &State, claims: &Value) -> Option<PowerBiAccess> {
    let tenant = claims["tid"].as_str().and_then(|t| state.dir.tenant(t))?;
    if claims["idtyp"] == "user" || claims.get("upn").is_some() {
        return Some(PowerBiAccess::Workspaces);
    }
    let app = claims["appid"]
        .as_str()
        .or_else(|| claims["azp"].as_str())
        .and_then(|id| tenant.app(id))?;
    Some(app.powerbi)
}

/// Whether the principal was added to the seeded workspaces.
fn principal_is_member(state: &State, claims: &Value) -> bool {
    access(state, claims) == Some(PowerBiAccess::Workspaces)
}

fn invalid(request_id: &str, message: &str) -> Response {
    answer(
        400,
        request_id,
        None,
        Some(error_body("InvalidRequest", message)),
    )
}

/// The stand-in report page. `__REPORT__` is the report id as a JSON string.
const REPORT_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Power BI report (local stand-in)</title></head>
<body><p id="status">waiting for the embed token</p>
<script>
const reportId = __REPORT__;
function tell(message) {
  try { window.parent.postMessage(message, "*"); } catch (e) {}
}
window.addEventListener("message", async (event) => {
  const m = event.data || {};
  if (m.action !== "loadReport") return;
  const status = document.getElementById("status");
  if (m.tokenType !== 1 || typeof m.accessToken !== "string") {
    status.textContent = "refused: not an embed token";
    tell({event: "error", detail: status.textContent});
    return;
  }
  try {
    const r = await fetch("/reportEmbed/accept?reportId=" + encodeURIComponent(reportId),
      {headers: {"Authorization": "EmbedToken " + m.accessToken}});
    const body = await r.json();
    if (r.ok && body.accepted) {
      status.textContent = "report " + body.name + " rendered; embed token accepted, expires " + body.expiration;
      tell({event: "loaded", report: body.name, reportId: body.reportId, expiration: body.expiration});
    } else {
      status.textContent = "embed token refused: " + ((body.error && body.error.code) || r.status);
      tell({event: "error", detail: status.textContent});
    }
  } catch (e) {
    status.textContent = "embed token check failed: " + e;
    tell({event: "error", detail: status.textContent});
  }
});
tell({event: "ready"});
</script></body></html>
"#;
