//! The Power BI REST API client: the profile's `api_base` (its cloud's API
//! unless set), the bearer token, a fresh `RequestId` on every request, and
//! the ways Power BI says no (reference §10) turned into one error with the
//! exit code SPEC's `api` section gives. Requests go through the
//! [`Transport`], which retries 429 (after `Retry-After`) and, for methods
//! that may be repeated, 5xx and connection failures.
//!
//! `check --api`, `api`, `embed` and `serve` use it.

use serde_json::Value;

use crate::error::{Error, ExitCode};
use crate::http::{snippet, Policy, Response, Transport};
use crate::profile::Profile;
use crate::token::Token;

/// The request id header, sent and answered.
pub const REQUEST_ID: &str = "RequestId";
/// Power BI's reason for a refusal, often with an empty body.
pub const ERROR_INFO: &str = "X-PowerBI-Error-Info";
/// Power BI's error details; may carry the error body.
pub const ERROR_DETAILS: &str = "X-PowerBI-Error-Details";

/// A client for one profile's Power BI REST API, with one token.
pub struct Client<'a> {
    transport: &'a Transport,
    base: String,
    token: &'a Token,
}

/// An answer, and the request id that was sent for it.
#[derive(Debug)]
pub struct Reply {
    /// The response as it came.
    pub response: Response,
    /// The `RequestId` this client sent.
    pub request_id: String,
}

impl Reply {
    /// The answer's error when its status is not a success.
    pub fn error(&self) -> Option<ApiError> {
        ApiError::from_response(&self.response, &self.request_id)
    }
}

impl<'a> Client<'a> {
    /// A client for the profile's `api_base` with `token`.
    pub fn new(transport: &'a Transport, profile: &Profile, token: &'a Token) -> Client<'a> {
        Client {
            transport,
            base: profile.api_base.trim_end_matches('/').to_owned(),
            token,
        }
    }

    /// The API's base URL (`https://api.powerbi.com` in the public cloud).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL for an endpoint: a path relative to `{api_base}/v1.0/myorg/`
    /// (`groups?$top=1`) or an absolute one (`/v1.0/myorg/admin/groups`).
    pub fn url(&self, endpoint: &str) -> String {
        if endpoint.starts_with('/') {
            format!("{}{endpoint}", self.base)
        } else {
            format!("{}/v1.0/myorg/{endpoint}", self.base)
        }
    }

    /// `GET` an endpoint (see [`Client::url`]). An error is a request that
    /// got no answer (after the retries); any answer is returned, its
    /// error, if any, from [`Reply::error`].
    pub fn get(&self, endpoint: &str) -> Result<Reply, Error> {
        let url = self.url(endpoint);
        self.send(&Call {
            method: "GET",
            url: &url,
            headers: &[("Accept".to_owned(), "application/json".to_owned())],
            body: None,
            what: "Power BI API",
        })
    }
}

/// One request as `api` makes it: any method, any URL the caller checked
/// belongs to the token's API, extra headers, an optional body.
#[derive(Debug, Clone, Copy)]
pub struct Call<'r> {
    /// The HTTP method, upper case.
    pub method: &'r str,
    /// The full URL.
    pub url: &'r str,
    /// Extra headers (never `Authorization`: the client sets it).
    pub headers: &'r [(String, String)],
    /// The body, if any (`Content-Type: application/json` unless a header
    /// says otherwise).
    pub body: Option<&'r [u8]>,
    /// Who answers, for messages: `Power BI API` or `Fabric API`.
    pub what: &'r str,
}

impl Client<'_> {
    /// `POST` a JSON body to an endpoint (see [`Client::url`]); answers as
    /// [`Client::send`] does, so a 5xx is not repeated: a POST may not be.
    pub fn post_json(&self, endpoint: &str, body: &Value) -> Result<Reply, Error> {
        let url = self.url(endpoint);
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::new(ExitCode::Failure, format!("cannot encode the body: {e}")))?;
        self.send(&Call {
            method: "POST",
            url: &url,
            headers: &[("Accept".to_owned(), "application/json".to_owned())],
            body: Some(&bytes),
            what: "Power BI API",
        })
    }

    /// Sends `call` with the bearer token and a `RequestId` (unless the
    /// caller gave one), under [`Policy::api`]: 429 retried for any method,
    /// 5xx and connection failures only for GET, HEAD, PUT and DELETE; the
    /// last answer is returned whatever its status. An error is a request
    /// that got no answer.
    pub fn send(&self, call: &Call<'_>) -> Result<Reply, Error> {
        let method = reqwest::Method::from_bytes(call.method.as_bytes())
            .map_err(|_| Error::usage("-X: not an HTTP method"))?;
        let given = |name: &str| {
            call.headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let request_id = call
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(REQUEST_ID))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(crate::credential::random_guid);
        let json_body = call.body.is_some() && !given("content-type");
        if crate::log::enabled(1) {
            crate::log::log(1, format!("> {} {}", call.method, call.url));
            crate::log::log(1, "> Authorization: Bearer ****");
            if !given(REQUEST_ID) {
                crate::log::log(1, format!("> {REQUEST_ID}: {request_id}"));
            }
            if json_body {
                crate::log::log(1, "> Content-Type: application/json");
            }
            for (name, value) in call.headers {
                crate::log::log(1, format!("> {name}: {value}"));
            }
            if let Some(body) = call.body {
                crate::log::log(1, format!("> ({} bytes of body)", body.len()));
            }
        }
        let response =
            self.transport
                .send_with(call.url, call.what, Policy::api(call.method), |c| {
                    let mut b = c
                        .request(method.clone(), call.url)
                        .bearer_auth(self.token.access_token.expose());
                    if !given(REQUEST_ID) {
                        b = b.header(REQUEST_ID, &request_id);
                    }
                    if json_body {
                        b = b.header("Content-Type", "application/json");
                    }
                    for (name, value) in call.headers {
                        b = b.header(name.as_str(), value.as_str());
                    }
                    if let Some(body) = call.body {
                        b = b.body(body.to_vec());
                    }
                    b
                })?;
        Ok(Reply {
            response,
            request_id,
        })
    }
}

/// A refusal or failure from Power BI, in every shape it comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// `error.code` of the body, else `X-PowerBI-Error-Info`, else a
    /// `WWW-Authenticate` challenge's `error`.
    pub code: Option<String>,
    /// `error.message` (or `Message`, `message`) of the body, with the
    /// first of `error.details` when it adds something.
    pub message: Option<String>,
    /// `X-PowerBI-Error-Info`, as sent.
    pub error_info: Option<String>,
    /// The request id: the one Power BI answered with, else the one sent.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The error of an answer; `None` for a success (2xx).
    pub fn from_response(resp: &Response, sent_request_id: &str) -> Option<ApiError> {
        let mut err = ApiError::parse(
            resp.status,
            resp.header(ERROR_INFO),
            resp.header(ERROR_DETAILS),
            resp.header("www-authenticate"),
            &resp.body,
        )?;
        err.request_id = resp
            .header(REQUEST_ID)
            .or(Some(sent_request_id).filter(|s| !s.is_empty()))
            .map(str::to_owned);
        Some(err)
    }

    /// The error from its parts: status, the `X-PowerBI-Error-Info`,
    /// `X-PowerBI-Error-Details` and `WWW-Authenticate` headers, and the
    /// body; `None` for a success (2xx).
    pub fn parse(
        status: u16,
        error_info: Option<&str>,
        error_details: Option<&str>,
        www_authenticate: Option<&str>,
        body: &[u8],
    ) -> Option<ApiError> {
        if (200..300).contains(&status) {
            return None;
        }
        let from_body = body_error(body);
        // The details header may carry the error body when the body is empty.
        let from_header = error_details.and_then(|d| body_error(d.as_bytes()));
        let (code, message) = match (from_body, from_header) {
            (Some(b), Some(h)) => (b.0.or(h.0), b.1.or(h.1)),
            (Some(b), None) => b,
            (None, Some(h)) => h,
            (None, None) => (None, None),
        };
        let error_info = error_info
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let code = code
            .or_else(|| error_info.clone())
            .or_else(|| www_authenticate.and_then(challenge_error));
        Some(ApiError {
            status,
            code,
            message,
            error_info,
            request_id: None,
        })
    }

    /// SPEC's `api` exit codes: 3 for 401 and 403, 4 for 429 and 5xx
    /// (after the retries), 1 for any other error.
    pub fn exit_code(&self) -> ExitCode {
        match self.status {
            401 | 403 => ExitCode::Refused,
            429 | 500..=599 => ExitCode::Unavailable,
            _ => ExitCode::Failure,
        }
    }

    /// `Power BI answered STATUS REASON: CODE: MESSAGE`.
    pub fn summary(&self) -> String {
        let reason = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map(|r| format!(" {r}"))
            .unwrap_or_default();
        let mut out = format!("Power BI answered {}{reason}", self.status);
        for part in [&self.code, &self.message].into_iter().flatten() {
            out.push_str(": ");
            out.push_str(part);
        }
        out
    }

    /// The error to report: the summary, its exit code, and the request id
    /// as a note (what Power BI support asks for).
    pub fn to_error(&self) -> Error {
        let mut err = Error::new(self.exit_code(), self.summary());
        if let Some(id) = &self.request_id {
            err.notes.push(format!("request id: {id}"));
        }
        err
    }
}

/// `(code, message)` from the JSON error shapes Power BI uses:
/// `{"error":{"code","message","details":[{"message"}]}}`,
/// `{"Message": "..."}`, `{"code","message"}`. `None` when the body is not
/// one of them.
fn body_error(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let object = value
        .get("error")
        .filter(|e| e.is_object())
        .unwrap_or(&value);
    let object = object.as_object()?;
    let field = |names: &[&str]| names.iter().find_map(|n| text(object.get(*n)));
    let code = field(&["code", "Code"]);
    let mut message = field(&["message", "Message"]);
    let detail = object
        .get("details")
        .and_then(Value::as_array)
        .and_then(|d| d.first())
        .and_then(|d| text(d.get("message")));
    match (&mut message, detail) {
        (Some(m), Some(d)) if !m.contains(&d) => {
            m.push_str(" (");
            m.push_str(&d);
            m.push(')');
        }
        (None, Some(d)) => message = Some(d),
        _ => {}
    }
    (code.is_some() || message.is_some()).then_some((code, message))
}

/// `error="..."` of a `WWW-Authenticate: Bearer ...` challenge.
fn challenge_error(header: &str) -> Option<String> {
    let at = header.find("error=\"")? + "error=\"".len();
    let rest = &header[at..];
    let value = &rest[..rest.find('"')?];
    (!value.is_empty()).then(|| value.to_owned())
}

/// What a report says about an answer besides its status: the error
/// header, the request id, and the body when there is one.
pub fn facts(resp: &Response) -> String {
    let mut parts = Vec::new();
    if let Some(info) = resp.header(ERROR_INFO) {
        parts.push(format!("{ERROR_INFO}: {info}"));
    }
    if let Some(id) = resp.header(REQUEST_ID) {
        parts.push(format!("{REQUEST_ID}: {id}"));
    }
    if resp.status != 200 && !resp.body.is_empty() {
        parts.push(format!("body: {}", snippet(&resp.body)));
    }
    if parts.is_empty() {
        parts.push("no error details".to_owned());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, info: Option<&str>, body: &str) -> ApiError {
        ApiError::parse(status, info, None, None, body.as_bytes()).unwrap()
    }

    #[test]
    fn success_is_no_error() {
        assert_eq!(ApiError::parse(200, None, None, None, b"{}"), None);
        assert_eq!(ApiError::parse(204, None, None, None, b""), None);
    }

    #[test]
    fn the_switch_off_header_with_an_empty_body() {
        let e = parse(
            401,
            Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch"),
            "",
        );
        assert_eq!(
            e.code.as_deref(),
            Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch")
        );
        assert_eq!(e.message, None);
        assert_eq!(e.exit_code(), ExitCode::Refused);
        assert_eq!(
            e.summary(),
            "Power BI answered 401 Unauthorized: ServicePrincipalIsNotAllowedByTenantAdminSwitch"
        );
    }

    #[test]
    fn the_error_object_with_details() {
        let e = parse(
            403,
            Some("InvalidToken"),
            r#"{"error":{"code":"PowerBINotAuthorizedException","message":"API is not accessible for application","details":[{"message":"more words"}],"target":"x"}}"#,
        );
        assert_eq!(e.code.as_deref(), Some("PowerBINotAuthorizedException"));
        assert_eq!(
            e.message.as_deref(),
            Some("API is not accessible for application (more words)")
        );
        assert_eq!(e.error_info.as_deref(), Some("InvalidToken"));
        assert_eq!(
            e.summary(),
            "Power BI answered 403 Forbidden: PowerBINotAuthorizedException: API is not accessible for application (more words)"
        );
    }

    #[test]
    fn the_capital_message_shape() {
        let e = parse(
            401,
            None,
            r#"{"Message":"API is not accessible for application"}"#,
        );
        assert_eq!(e.code, None);
        assert_eq!(
            e.message.as_deref(),
            Some("API is not accessible for application")
        );
    }

    #[test]
    fn the_details_header_carries_the_body() {
        let e = ApiError::parse(
            404,
            Some("PowerBIEntityNotFound"),
            Some(r#"{"error":{"code":"PowerBIEntityNotFound","message":"not found"}}"#),
            None,
            b"",
        )
        .unwrap();
        assert_eq!(e.code.as_deref(), Some("PowerBIEntityNotFound"));
        assert_eq!(e.message.as_deref(), Some("not found"));
        assert_eq!(e.exit_code(), ExitCode::Failure);
    }

    #[test]
    fn a_claims_challenge() {
        let e = ApiError::parse(
            401,
            None,
            None,
            Some(r#"Bearer authorization_uri="https://login.example/x", error="insufficient_claims", claims="eyJ""#),
            b"",
        )
        .unwrap();
        assert_eq!(e.code.as_deref(), Some("insufficient_claims"));
    }

    #[test]
    fn bodies_that_are_no_error_shape() {
        for body in ["", "<html>oops</html>", "[1,2]", "{}", r#"{"error":"x"}"#] {
            let e = parse(500, None, body);
            assert_eq!((&e.code, &e.message), (&None, &None), "{body}");
            assert_eq!(e.exit_code(), ExitCode::Unavailable);
        }
        let e = parse(429, Some("TooManyRequests"), "");
        assert_eq!(e.exit_code(), ExitCode::Unavailable);
        assert_eq!(
            e.summary(),
            "Power BI answered 429 Too Many Requests: TooManyRequests"
        );
        assert_eq!(parse(400, None, "").exit_code(), ExitCode::Failure);
    }

    #[test]
    fn the_error_carries_the_request_id() {
        let mut e = parse(403, Some("TokenExpired"), "");
        e.request_id = Some("0b6ce2c2-1111-4222-8333-444455556666".into());
        let err = e.to_error();
        assert_eq!(err.code, ExitCode::Refused);
        assert_eq!(
            err.notes,
            vec!["request id: 0b6ce2c2-1111-4222-8333-444455556666".to_owned()]
        );
    }
}
