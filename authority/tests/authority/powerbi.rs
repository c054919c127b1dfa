//! The Power BI groups endpoint: what each kind of caller gets (reference §10).

use pbitoken_authority::{fixtures as fx, Authority};

use crate::client::{post_form, request, Reply};
use crate::v2;

/// An app-only token for `client_id` and `scope`.
fn app_token(a: &Authority, client_id: &str, secret: &str, scope: &str) -> String {
    let r = post_form(
        a,
        &v2(fx::TENANT_ID),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
            ("scope", scope),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["access_token"].as_str().unwrap().to_string()
}

fn groups(a: &Authority, query: &str, token: Option<&str>) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|v| vec![("Authorization", v)])
        .unwrap_or_default();
    request(
        a,
        "GET",
        &format!("/v1.0/myorg/groups{query}"),
        &headers,
        b"",
    )
}

fn request_id(r: &Reply) -> &str {
    let id = r.header("requestid").expect("a RequestId header");
    assert_eq!(id.len(), 36, "{id}");
    id
}

#[test]
fn allowed_app_sees_workspaces_and_top_limits_them() {
    let a = Authority::start().unwrap();
    let token = app_token(
        &a,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let r = groups(&a, "", Some(&token));
    assert_eq!(r.status, 200, "{}", r.text());
    request_id(&r);
    let body = r.json();
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("/v1.0/myorg/$metadata#groups"));
    let value = body["value"].as_array().unwrap();
    assert_eq!(value.len(), fx::WORKSPACE_NAMES.len());
    assert_eq!(value[0]["name"], fx::WORKSPACE_NAMES[0]);
    assert_eq!(value[0]["isReadOnly"], false);
    assert_eq!(value[0]["id"].as_str().unwrap().len(), 36);
    let top = groups(&a, "?$top=1", Some(&token)).json();
    assert_eq!(top["value"].as_array().unwrap().len(), 1);
    // Not counted as token requests: only the one POST was.
    assert_eq!(a.token_requests(), 1);
}

#[test]
fn app_without_workspaces_gets_an_empty_list() {
    let a = Authority::start().unwrap();
    let token = app_token(
        &a,
        fx::NO_WORKSPACE_CLIENT_ID,
        fx::NO_WORKSPACE_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let r = groups(&a, "?$top=1", Some(&token));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["value"], serde_json::json!([]));
}

#[test]
fn tenant_switch_off_is_401_with_an_empty_body_and_the_header() {
    let a = Authority::start().unwrap();
    let token = app_token(
        &a,
        fx::SP_DISABLED_CLIENT_ID,
        fx::SP_DISABLED_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let r = groups(&a, "", Some(&token));
    assert_eq!(r.status, 401);
    assert!(r.body.is_empty(), "{}", r.text());
    assert_eq!(
        r.header("x-powerbi-error-info"),
        Some("ServicePrincipalIsNotAllowedByTenantAdminSwitch")
    );
    request_id(&r);
}

#[test]
fn forbidden_app_is_403_power_bi_not_authorized() {
    let a = Authority::start().unwrap();
    let token = app_token(
        &a,
        fx::FORBIDDEN_CLIENT_ID,
        fx::FORBIDDEN_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let r = groups(&a, "", Some(&token));
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"]["code"], "PowerBINotAuthorizedException");
}

#[test]
fn user_token_sees_workspaces() {
    let a = Authority::start().unwrap();
    let r = post_form(
        &a,
        &v2(fx::TENANT_DOMAIN),
        &[
            ("grant_type", "password"),
            ("client_id", fx::PUBLIC_CLIENT_ID),
            ("username", fx::USER_UPN),
            ("password", fx::USER_PASSWORD),
            ("scope", fx::POWERBI_DEFAULT_SCOPE),
        ],
    );
    let token = r.json()["access_token"].as_str().unwrap().to_string();
    let r = groups(&a, "", Some(&token));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(!r.json()["value"].as_array().unwrap().is_empty());
}

#[test]
fn wrong_audience_missing_and_garbage_tokens_are_invalid_token() {
    let a = Authority::start().unwrap();
    let gov = app_token(
        &a,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        "https://analysis.usgovcloudapi.net/powerbi/api/.default",
    );
    for token in [Some(gov.as_str()), None, Some("not.a.jwt"), Some("abc")] {
        let r = groups(&a, "", token);
        assert_eq!(r.status, 403, "{token:?}");
        assert_eq!(r.header("x-powerbi-error-info"), Some("InvalidToken"));
        request_id(&r);
    }
    // A token signed by someone else: right shape, wrong signature.
    let good = app_token(
        &a,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let mut parts: Vec<&str> = good.split('.').collect();
    parts[2] = "c2lnbmF0dXJl";
    let r = groups(&a, "", Some(&parts.join(".")));
    assert_eq!(r.header("x-powerbi-error-info"), Some("InvalidToken"));
}

#[test]
fn expired_token_is_token_expired() {
    let a = Authority::start().unwrap();
    // A zero lifetime makes `exp` the issue time: expired on arrival.
    a.set_token_lifetime(0);
    let token = app_token(
        &a,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        fx::POWERBI_DEFAULT_SCOPE,
    );
    let r = groups(&a, "", Some(&token));
    assert_eq!(r.status, 403);
    assert_eq!(r.header("x-powerbi-error-info"), Some("TokenExpired"));
}
