//! What `api` says about an HTTP error from Power BI or Fabric: the
//! `error: Power BI answered STATUS REASON: CODE: MESSAGE` line, a hint for
//! the known causes, the `request id:` line and the exit code. Pure: status,
//! headers and body in, an [`Error`] out. The body itself still goes to
//! stdout; that is the caller's.
//!
//! The shapes (reference §10): Power BI's `{"error": {"code", "message"}}`,
//! the older `{"Message": ...}`, Fabric's `{"errorCode", "message"}`, an
//! empty body with `X-PowerBI-Error-Info`, and `RequestId` in a header.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::{one_line, Error, ExitCode};

/// What the caller knows about the request that failed, for the hints.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The URL path called (`/v1.0/myorg/admin/groups`): admin APIs get
    /// their own hint.
    pub path: &'a str,
    /// The `aud` claim of the token that was sent, if it could be read.
    pub token_audience: Option<&'a str>,
    /// The resource the API takes tokens for (`api_base`'s resource, or
    /// `fabric_api_base`), to tell a wrong audience from an expired token.
    pub expected_audience: Option<&'a str>,
}

/// Longest error message or code quoted from a body.
const MAX_QUOTED: usize = 300;

/// The exit code for an HTTP status: 3 for 401 and 403, 4 for 429 and 5xx,
/// 1 for any other status that is not a success.
pub fn exit_code(status: u16) -> ExitCode {
    match status {
        401 | 403 => ExitCode::Refused,
        429 | 500..=599 => ExitCode::Unavailable,
        _ => ExitCode::Failure,
    }
}

/// The error for a status that is not a success: message, hint, the
/// `request id: ...` note and the exit code. Everything quoted from the
/// answer is put on one line and shortened.
pub fn http_error(status: u16, headers: &HeaderMap, body: &[u8], ctx: &Context<'_>) -> Error {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let info = header(headers, "x-powerbi-error-info");
    let (code, message) = body_error(body);
    let mut line = format!("Power BI answered {status}");
    if !reason.is_empty() {
        line.push(' ');
        line.push_str(reason);
    }
    let code = code.or_else(|| info.clone());
    for part in [code.as_deref(), message.as_deref()].into_iter().flatten() {
        line.push_str(": ");
        line.push_str(&clip(part));
    }
    let mut err = Error::new(exit_code(status), line);
    let empty_body = body.iter().all(u8::is_ascii_whitespace);
    if let Some(hint) = hint(
        status,
        code.as_deref(),
        info.as_deref(),
        empty_body,
        headers,
        ctx,
    ) {
        err = err.with_hint(hint);
    }
    let request_id = header(headers, "requestid").or_else(|| body_request_id(body));
    if let Some(id) = request_id {
        err.notes.push(format!("request id: {}", clip(&id)));
    }
    err
}

/// When a token was refused as invalid: if its `aud` is not the resource
/// the API takes, a hint that says which it is and which it should be.
/// `None` when they match (then the token is expired or otherwise bad).
/// Scopes (`.../.default`) and trailing slashes compare as their resource;
/// Power BI's application id stands for its resource.
pub fn wrong_audience_hint(aud: &str, expected: &str) -> Option<String> {
    if normalise_audience(aud) == normalise_audience(expected) {
        return None;
    }
    Some(format!(
        "the token is for '{}', but this API takes tokens for '{}': set the profile's resource/scope (or --resource/--scope) to the API's, or call this URL on the API the token is for",
        clip(aud),
        clip(expected.trim_end_matches("/.default"))
    ))
}

/// `(code, message)` from the body's known shapes.
fn body_error(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(super::strip_bom(body)) else {
        return (None, None);
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    if let Some(e) = v.get("error").filter(|e| e.is_object()) {
        let code = text(e.get("code"));
        let message = text(e.get("message")).or_else(|| {
            e.get("details")
                .and_then(Value::as_array)
                .and_then(|d| d.first())
                .and_then(|d| text(d.get("message")))
        });
        return (code, message);
    }
    let code = text(v.get("errorCode")).or_else(|| text(v.get("code")));
    let message = text(v.get("message")).or_else(|| text(v.get("Message")));
    (code, message)
}

fn body_request_id(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(super::strip_bom(body)).ok()?;
    v.get("requestId")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn hint(
    status: u16,
    code: Option<&str>,
    info: Option<&str>,
    empty_body: bool,
    headers: &HeaderMap,
    ctx: &Context<'_>,
) -> Option<String> {
    let is = |name: &str| {
        code.is_some_and(|c| c.eq_ignore_ascii_case(name))
            || info.is_some_and(|i| i.eq_ignore_ascii_case(name))
    };
    let admin = is_admin_path(ctx.path);
    if is("ServicePrincipalIsNotAllowedByTenantAdminSwitch")
        || (status == 401 && empty_body && info.is_none())
    {
        return Some(TENANT_SWITCH.into());
    }
    if is("TokenExpired") || is("InvalidToken") || is("InvalidAuthenticationToken") {
        if let (Some(aud), Some(expected)) = (ctx.token_audience, ctx.expected_audience) {
            if let Some(h) = wrong_audience_hint(aud, expected) {
                return Some(h);
            }
        }
        return Some(
            "the token was refused as expired or invalid: run `pbitoken cache clear` and try again; if it persists, check the profile's resource (the token's 'aud' must be the API's resource)"
                .into(),
        );
    }
    if (status == 401 || status == 403) && admin {
        return Some(READ_ONLY_ADMIN.into());
    }
    if is("PowerBINotAuthorizedException") {
        return Some(format!("the principal may not call this API: {TENANT_SWITCH_SHORT}; a user needs the API's delegated permission (scope)"));
    }
    if is("PowerBIEntityNotFound")
        || is("GroupNotAccessible")
        || is("ItemNotFound")
        || is("WorkspaceNotFound")
        || is("EntityNotFound")
    {
        return Some(NOT_A_MEMBER.into());
    }
    if status == 429 {
        let wait = header(headers, "retry-after")
            .map(|s| format!(" (Retry-After: {} s)", clip(&s)))
            .unwrap_or_default();
        return Some(format!(
            "Power BI is throttling this principal{wait}: wait and try again, and space out calls (admin APIs allow 200 requests an hour)"
        ));
    }
    if status == 401 || status == 403 {
        return Some(format!(
            "{TENANT_SWITCH_SHORT}; and it must be a member of the workspace it calls"
        ));
    }
    None
}

const TENANT_SWITCH: &str = "the tenant does not let this service principal call the API: a Fabric administrator must turn on 'Service principals can use Fabric APIs' (formerly 'Allow service principals to use Power BI APIs') in the admin portal's tenant settings, for a security group this app is in";

const TENANT_SWITCH_SHORT: &str = "a service principal needs the tenant setting 'Service principals can use Fabric APIs' on for a security group it is in";

const READ_ONLY_ADMIN: &str = "admin APIs need, for a service principal, the tenant setting 'Allow service principals to use read-only admin APIs' for a security group it is in, and no admin-consent Power BI application permissions on the app; for a user, the Fabric administrator role";

const NOT_A_MEMBER: &str = "the principal is not a member of the workspace, or the item does not exist: add the service principal (or a group it is in) to the workspace with at least the Viewer role (Member or Admin to change things), and check the IDs";

fn is_admin_path(path: &str) -> bool {
    path.to_ascii_lowercase().split('/').any(|s| s == "admin")
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// One line, at most [`MAX_QUOTED`] characters.
fn clip(s: &str) -> String {
    let s = one_line(s);
    match s.char_indices().nth(MAX_QUOTED) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

/// A resource as compared: no `/.default`, no trailing '/', lower case,
/// Power BI's application id as its URI.
fn normalise_audience(a: &str) -> String {
    let a = a
        .trim()
        .trim_end_matches("/.default")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    if a == "00000009-0000-0000-c000-000000000000" {
        "https://analysis.windows.net/powerbi/api".into()
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn err(status: u16, hs: &[(&str, &str)], body: &str, ctx: Context<'_>) -> Error {
        http_error(status, &headers(hs), body.as_bytes(), &ctx)
    }

    fn rendered(e: Error) -> String {
        crate::error::render(&anyhow::Error::new(e))
    }

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code(401), ExitCode::Refused);
        assert_eq!(exit_code(403), ExitCode::Refused);
        assert_eq!(exit_code(429), ExitCode::Unavailable);
        assert_eq!(exit_code(500), ExitCode::Unavailable);
        assert_eq!(exit_code(503), ExitCode::Unavailable);
        assert_eq!(exit_code(400), ExitCode::Failure);
        assert_eq!(exit_code(404), ExitCode::Failure);
        assert_eq!(exit_code(409), ExitCode::Failure);
    }

    #[test]
    fn message_from_the_body_and_request_id() {
        let e = err(
            404,
            &[("RequestId", "r-123")],
            r#"{"error":{"code":"PowerBIEntityNotFound","message":"PowerBIEntityNotFound"}}"#,
            Context::default(),
        );
        assert_eq!(
            rendered(e),
            "error: Power BI answered 404 Not Found: PowerBIEntityNotFound: PowerBIEntityNotFound\n\
             hint: the principal is not a member of the workspace, or the item does not exist: add the service principal (or a group it is in) to the workspace with at least the Viewer role (Member or Admin to change things), and check the IDs\n\
             request id: r-123\n"
        );
    }

    #[test]
    fn tenant_switch_from_the_header_or_an_empty_401() {
        let e = err(
            401,
            &[
                (
                    "X-PowerBI-Error-Info",
                    "ServicePrincipalIsNotAllowedByTenantAdminSwitch",
                ),
                ("RequestId", "abc"),
            ],
            "",
            Context::default(),
        );
        assert_eq!(e.code, ExitCode::Refused);
        assert_eq!(
            e.message,
            "Power BI answered 401 Unauthorized: ServicePrincipalIsNotAllowedByTenantAdminSwitch"
        );
        assert!(e
            .hint
            .as_deref()
            .unwrap()
            .contains("Service principals can use Fabric APIs"));
        assert_eq!(e.notes, ["request id: abc"]);

        let e = err(401, &[], " ", Context::default());
        assert_eq!(e.message, "Power BI answered 401 Unauthorized");
        assert!(e.hint.as_deref().unwrap().contains("tenant setting"));
        assert!(e.notes.is_empty());
    }

    #[test]
    fn not_authorized_and_admin_apis() {
        let body = r#"{"error":{"code":"PowerBINotAuthorizedException","message":"API is not accessible for application"}}"#;
        let e = err(
            401,
            &[],
            body,
            Context {
                path: "/v1.0/myorg/groups",
                ..Default::default()
            },
        );
        assert_eq!(
            e.message,
            "Power BI answered 401 Unauthorized: PowerBINotAuthorizedException: API is not accessible for application"
        );
        assert!(e.hint.as_deref().unwrap().contains("may not call this API"));
        let e = err(
            401,
            &[],
            body,
            Context {
                path: "/v1.0/myorg/admin/groups",
                ..Default::default()
            },
        );
        assert!(
            e.hint.as_deref().unwrap().contains("read-only admin APIs"),
            "{:?}",
            e.hint
        );
        let e = err(
            403,
            &[],
            r#"{"Message":"API is not accessible for application"}"#,
            Context {
                path: "/v1.0/myorg/Admin/activityevents",
                ..Default::default()
            },
        );
        assert_eq!(
            e.message,
            "Power BI answered 403 Forbidden: API is not accessible for application"
        );
        assert!(e.hint.as_deref().unwrap().contains("read-only admin APIs"));
    }

    #[test]
    fn workspace_membership() {
        let e = err(
            401,
            &[("X-PowerBI-Error-Info", "GroupNotAccessible")],
            "",
            Context::default(),
        );
        assert_eq!(
            e.message,
            "Power BI answered 401 Unauthorized: GroupNotAccessible"
        );
        assert!(e
            .hint
            .as_deref()
            .unwrap()
            .contains("not a member of the workspace"));
    }

    #[test]
    fn expired_or_wrong_audience_tokens() {
        let pbi = "https://analysis.windows.net/powerbi/api";
        let e = err(
            403,
            &[("X-PowerBI-Error-Info", "TokenExpired")],
            "",
            Context {
                path: "/v1.0/myorg/groups",
                token_audience: Some(pbi),
                expected_audience: Some("https://analysis.windows.net/powerbi/api/.default"),
            },
        );
        assert_eq!(e.code, ExitCode::Refused);
        assert!(e.hint.as_deref().unwrap().contains("expired or invalid"));

        let e = err(
            403,
            &[("X-PowerBI-Error-Info", "InvalidToken")],
            "",
            Context {
                path: "/v1.0/myorg/groups",
                token_audience: Some("https://graph.microsoft.com"),
                expected_audience: Some(pbi),
            },
        );
        let hint = e.hint.unwrap();
        assert!(
            hint.contains("'https://graph.microsoft.com'") && hint.contains(pbi),
            "{hint}"
        );

        assert_eq!(
            wrong_audience_hint("00000009-0000-0000-c000-000000000000", pbi),
            None
        );
        assert_eq!(
            wrong_audience_hint(
                "https://analysis.windows.net/powerbi/api/",
                &format!("{pbi}/.default")
            ),
            None
        );
        assert!(wrong_audience_hint("https://api.fabric.microsoft.com", pbi).is_some());
        assert!(
            wrong_audience_hint(pbi, "https://api.fabric.microsoft.com/.default")
                .unwrap()
                .contains("'https://api.fabric.microsoft.com'")
        );
    }

    #[test]
    fn throttling_and_server_errors() {
        let e = err(429, &[("Retry-After", "30")], "", Context::default());
        assert_eq!(e.code, ExitCode::Unavailable);
        assert_eq!(e.message, "Power BI answered 429 Too Many Requests");
        assert!(e.hint.as_deref().unwrap().contains("Retry-After: 30 s"));
        let e = err(503, &[], "<html>busy</html>", Context::default());
        assert_eq!(e.code, ExitCode::Unavailable);
        assert_eq!(e.message, "Power BI answered 503 Service Unavailable");
        assert!(e.hint.is_none());
        let e = err(
            409,
            &[],
            r#"{"error":{"code":"DuplicatePackageNotFoundError"}}"#,
            Context::default(),
        );
        assert_eq!(e.code, ExitCode::Failure);
        assert_eq!(
            e.message,
            "Power BI answered 409 Conflict: DuplicatePackageNotFoundError"
        );
    }

    #[test]
    fn fabric_error_shape() {
        let e = err(
            404,
            &[],
            r#"{"requestId":"f-1","errorCode":"WorkspaceNotFound","message":"The requested workspace was not found"}"#,
            Context::default(),
        );
        assert_eq!(e.message, "Power BI answered 404 Not Found: WorkspaceNotFound: The requested workspace was not found");
        assert_eq!(e.notes, ["request id: f-1"]);
        // Some answers start with a byte order mark.
        let e = err(
            400,
            &[],
            "\u{feff}{\"error\":{\"code\":\"InvalidRequest\"}}",
            Context::default(),
        );
        assert_eq!(
            e.message,
            "Power BI answered 400 Bad Request: InvalidRequest"
        );
    }

    #[test]
    fn quoted_text_is_one_line_and_short() {
        let long = "x".repeat(1000);
        let body =
            format!(r#"{{"error":{{"code":"Bad\nhint: forged","message":"{long}\u001b[2J"}}}}"#);
        let e = err(400, &[("RequestId", "a\tb")], &body, Context::default());
        let out = rendered(e);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(
            out.starts_with("error: Power BI answered 400 Bad Request: Bad hint: forged: xxx"),
            "{out}"
        );
        assert!(out.len() < 500, "{}", out.len());
        assert!(!out.contains('\u{1b}'));
    }
}
