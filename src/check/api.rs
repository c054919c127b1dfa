//! Step 6, `api` (`--api`): `GET {api_base}/v1.0/myorg/groups?$top=1` with
//! the token, and an explanation of each way Power BI says no (reference
//! §10). Power BI puts its reason in `X-PowerBI-Error-Info`, often with an
//! empty body, so the headers matter more than the body here.

use serde_json::Value;

use crate::error::ExitCode;
use crate::http::{Response, Transport};
use crate::powerbi::{self, facts};
use crate::profile::Profile;
use crate::token::Token;

use super::Failure;

const SWITCH_OFF: &str = "ServicePrincipalIsNotAllowedByTenantAdminSwitch";
const SWITCH_HINT: &str = "a Fabric/Power BI admin must turn on the tenant setting \"Service principals can call Fabric public APIs\" (formerly \"Allow service principals to use Power BI APIs\", under Developer settings in the admin portal) and add this app's service principal to the security group it is limited to";

/// Calls the groups API; the pass detail names what it saw.
pub(super) fn check(
    transport: &Transport,
    profile: &Profile,
    token: &Token,
) -> Result<String, Failure> {
    let resp = powerbi::Client::new(transport, profile, token)
        .get("groups?$top=1")
        .map(|reply| reply.response)
        .map_err(|e| {
            if e.code == ExitCode::Unavailable {
                Failure {
                    detail: format!("the Power BI API is unreachable: {}", e.message),
                    hint: Some(e.hint.unwrap_or_else(|| {
                        format!(
                            "check api_base ({}) and --cloud, the network and the proxy",
                            profile.api_base
                        )
                    })),
                }
            } else {
                Failure::from(e)
            }
        })
        .map_err(name_the_api)?;
    judge(&resp, profile).map_err(name_the_api)
}

/// A failure of this step is about the Power BI API; says so where the
/// detail does not (the authority is not involved here).
fn name_the_api(mut f: Failure) -> Failure {
    if !f.detail.contains("Power BI API") {
        f.detail = format!("the Power BI API: {}", f.detail);
    }
    f
}

/// What the answer means for this profile.
fn judge(resp: &Response, profile: &Profile) -> Result<String, Failure> {
    let pass = Ok;
    let info = resp.header("x-powerbi-error-info").unwrap_or("");
    let facts = facts(resp);
    let user = profile.auth.is_user();
    match resp.status {
        200 => {
            let list = serde_json::from_slice::<Value>(&resp.body)
                .ok()
                .and_then(|v| v.get("value").and_then(Value::as_array).cloned());
            let Some(list) = list else {
                return Err(Failure::new(
                    format!("GET /v1.0/myorg/groups answered 200 but not with a list of workspaces ({facts})"),
                    format!("check api_base ({}): it should be the Power BI REST API of the profile's cloud ({})", profile.api_base, profile.cloud.api_base()),
                ));
            };
            match list.first() {
                Some(ws) => pass(format!(
                    "GET /v1.0/myorg/groups: HTTP 200, sees workspace '{}' ({facts})",
                    ws.get("name").and_then(Value::as_str).unwrap_or("?")
                )),
                // "My workspace" is not a group: a user may rightly have none.
                None if user => pass(format!(
                    "GET /v1.0/myorg/groups: HTTP 200, the user is in no shared workspace ({facts})"
                )),
                // The API answered 200, so the step passes (SPEC: "answers
                // 200"; a hint belongs to a failure), but no workspace is
                // what breaks every later call: the detail says what to do.
                None => pass(format!(
                    "HTTP 200 with an empty list: the API accepts the service principal but it is in no workspace; add it (or a security group holding it) to the workspace as Member or Admin ({facts})"
                )),
            }
        }
        401 if info == SWITCH_OFF || (!user && info.is_empty()) => Err(Failure::new(
            format!("Power BI does not let service principals use its APIs in this tenant: HTTP 401 ({facts})"),
            SWITCH_HINT,
        )),
        401 => Err(Failure::new(
            format!("Power BI refused the token: HTTP 401 ({facts})"),
            if user {
                "the user needs a Power BI license and the app the delegated Power BI permissions (e.g. Workspace.Read.All) with consent"
            } else {
                SWITCH_HINT
            },
        )),
        403 if info == "InvalidToken" => Err(Failure::new(
            format!("Power BI does not take this token: HTTP 403 ({facts})"),
            format!(
                "the token is not for the Power BI API of this cloud: its aud must be {} (scope {}/.default); check --resource, --scope, --cloud and api_base",
                profile.cloud.powerbi_resource(),
                profile.cloud.powerbi_resource()
            ),
        )),
        403 if info == "TokenExpired" => Err(Failure::new(
            format!("Power BI says the token has expired: HTTP 403 ({facts})"),
            "check this machine's clock (NTP): the token was just issued",
        )),
        403 => Err(Failure::new(
            format!("Power BI refused the request: HTTP 403 ({facts})"),
            if user {
                "the user is not allowed to call this API: check the user's Power BI license and the app's delegated Power BI permissions (e.g. Workspace.Read.All)"
            } else {
                "Power BI refused the service principal: put it in the security group the tenant setting \"Service principals can call Fabric public APIs\" allows, and remove admin-consent-required Power BI application permissions from the app registration (they conflict with service principal access)"
            },
        )),
        404 => Err(Failure::new(
            format!("GET /v1.0/myorg/groups was not found: HTTP 404 ({facts})"),
            format!("check api_base ({}) and --cloud: the Power BI REST API of {} is {}", profile.api_base, profile.cloud, profile.cloud.api_base()),
        )),
        status => Err(Failure::new(
            format!("unexpected answer from the Power BI API: HTTP {status} ({facts})"),
            format!("check api_base ({})", profile.api_base),
        )),
    }
}
