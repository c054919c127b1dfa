//! The GitHub Actions OIDC token endpoint (reference §6): what a runner's
//! `ACTIONS_ID_TOKEN_REQUEST_URL` answers, played with this process's key.

use serde_json::json;

use super::Call;
use crate::fixtures::{GITHUB_ISSUER, GITHUB_REQUEST_TOKEN, GITHUB_SUBJECT};
use crate::http::Response;
use crate::state::State;
use crate::{ids, jwt};

/// `GET /github/oidc/token?api-version=2.0&audience=...` with
/// `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`.
pub(crate) fn token(_: &State, call: &Call) -> Response {
    let req = call.req;
    let expected = format!("Bearer {GITHUB_REQUEST_TOKEN}");
    if req.header("authorization") != Some(expected.as_str()) {
        return Response::new(
            401,
            "application/json",
            json!({"message": "Bad credentials"}).to_string(),
        );
    }
    let audience = req
        .query
        .iter()
        .find(|(k, _)| k == "audience")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "https://github.com/contoso".to_string());
    let now = chrono::Utc::now().timestamp();
    let value = jwt::sign(&json!({
        "jti": ids::guid(),
        "sub": GITHUB_SUBJECT,
        "aud": audience,
        "ref": "refs/heads/main",
        "repository": "contoso/powerbi-reports",
        "repository_owner": "contoso",
        "run_id": "1234567890",
        "event_name": "push",
        "iss": GITHUB_ISSUER,
        "nbf": now - 5,
        "iat": now,
        "exp": now + 300,
    }));
    Response::new(
        200,
        "application/json; charset=utf-8",
        json!({"count": 1, "value": value}).to_string(),
    )
}
