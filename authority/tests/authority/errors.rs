//! Refusals: status, `error`, AADSTS code and the body shape of reference §2.

use pbitoken_authority::{fixtures as fx, Authority};

use crate::client::{post_form, post_form_with, request};
use crate::{sp_v2_form, v1, v2};

const PBI: &str = fx::POWERBI_RESOURCE;
const PBI_DEFAULT: &str = fx::POWERBI_DEFAULT_SCOPE;

/// Asserts the refusal and the shape of its body; returns the body.
fn refused(
    a: &Authority,
    path: &str,
    form: &[(&str, &str)],
    status: u16,
    error: &str,
    code: u64,
) -> serde_json::Value {
    let r = post_form(a, path, form);
    let body = r.json();
    let what = format!("{path} {form:?} -> {} {body}", r.status);
    assert_eq!(r.status, status, "{what}");
    assert_eq!(body["error"], error, "{what}");
    assert_eq!(body["error_codes"], serde_json::json!([code]), "{what}");
    let desc = body["error_description"].as_str().unwrap();
    assert!(desc.starts_with(&format!("AADSTS{code}: ")), "{desc}");
    let trace = body["trace_id"].as_str().unwrap();
    let corr = body["correlation_id"].as_str().unwrap();
    let ts = body["timestamp"].as_str().unwrap();
    assert!(
        desc.ends_with(&format!(
            "\r\nTrace ID: {trace}\r\nCorrelation ID: {corr}\r\nTimestamp: {ts}"
        )),
        "{desc:?}"
    );
    assert!(chrono::NaiveDateTime::parse_from_str(ts, "%Y-%m-%d %H:%M:%SZ").is_ok());
    assert_eq!(r.header("x-ms-request-id"), Some(trace));
    assert_eq!(
        body["error_uri"],
        format!("{}/error?code={code}", a.url()),
        "{what}"
    );
    assert_eq!(r.header("cache-control"), Some("no-store, no-cache"));
    body
}

fn sp(secret: &str, scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        ("client_id", fx::SP_CLIENT_ID.into()),
        ("client_secret", secret.into()),
        ("scope", scope.into()),
    ]
}

fn borrow<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn user_form<'a>(upn: &'a str, password: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("grant_type", "password"),
        ("client_id", fx::PUBLIC_CLIENT_ID),
        ("username", upn),
        ("password", password),
        ("scope", PBI_DEFAULT),
    ]
}

#[test]
fn request_shape_errors() {
    let a = Authority::start().unwrap();
    let t = v2(fx::TENANT_ID);
    refused(
        &a,
        &t,
        &[("client_id", fx::SP_CLIENT_ID)],
        400,
        "invalid_request",
        900144,
    );
    refused(
        &a,
        &t,
        &[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ),
            ("client_id", fx::SP_CLIENT_ID),
        ],
        400,
        "unsupported_grant_type",
        70003,
    );
    // The authorization code grant is served; a request without its code
    // is told so.
    refused(
        &a,
        &t,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", fx::SP_CLIENT_ID),
        ],
        400,
        "invalid_request",
        900144,
    );
    refused(
        &a,
        &t,
        &[("grant_type", "client_credentials")],
        400,
        "invalid_request",
        900144,
    );
    let mut f = sp_v2_form();
    f.push(("resource", PBI));
    refused(&a, &t, &f, 400, "invalid_request", 901002);
    refused(
        &a,
        &t,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fx::SP_CLIENT_ID),
            ("client_secret", fx::SP_SECRET),
        ],
        400,
        "invalid_request",
        900144,
    );
    refused(
        &a,
        &v1(fx::TENANT_ID),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fx::SP_CLIENT_ID),
            ("client_secret", fx::SP_SECRET),
        ],
        400,
        "invalid_request",
        50001,
    );
    // A JSON body is not read as a form, so grant_type is missing.
    let r = request(
        &a,
        "POST",
        &t,
        &[("Content-Type", "application/json")],
        br#"{"grant_type":"client_credentials"}"#,
    );
    assert_eq!(r.json()["error_codes"][0], 900144);
}

#[test]
fn scope_and_resource_errors() {
    let a = Authority::start().unwrap();
    let t = v2(fx::TENANT_ID);
    let cases = [
        (PBI.to_string(), "invalid_scope", 1002012),
        (format!("{PBI}/Dataset.Read.All"), "invalid_scope", 1002012),
        (
            format!("{PBI_DEFAULT} https://graph.microsoft.com/.default"),
            "invalid_scope",
            700022,
        ),
        (
            "https://management.azure.com/.default".to_string(),
            "invalid_resource",
            500011,
        ),
    ];
    for (scope, error, code) in cases {
        refused(
            &a,
            &t,
            &borrow(&sp(fx::SP_SECRET, &scope)),
            400,
            error,
            code,
        );
    }
    let mut f = user_form(fx::USER_UPN, fx::USER_PASSWORD);
    let two = format!("{PBI_DEFAULT} https://graph.microsoft.com/User.Read");
    f[4] = ("scope", &two);
    refused(&a, &t, &f, 400, "invalid_scope", 700022);
    f[4] = ("scope", "openid offline_access");
    refused(&a, &t, &f, 400, "invalid_scope", 70011);
    f[4] = ("scope", "User.Read");
    refused(&a, &t, &f, 400, "invalid_resource", 500011);
    refused(
        &a,
        &v1(fx::TENANT_ID),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fx::SP_CLIENT_ID),
            ("client_secret", fx::SP_SECRET),
            ("resource", "https://analysis.cloudapi.de/powerbi/api"),
        ],
        400,
        "invalid_resource",
        500011,
    );
}

#[test]
fn tenant_errors() {
    let a = Authority::start().unwrap();
    let f = sp_v2_form();
    refused(
        &a,
        &v2("your-tenant-id-here"),
        &f,
        400,
        "invalid_request",
        900023,
    );
    refused(
        &a,
        &v2("contoso%20ltd.com"),
        &f,
        400,
        "invalid_request",
        900023,
    );
    let b = refused(
        &a,
        &v2("nowhere.onmicrosoft.com"),
        &f,
        400,
        "invalid_request",
        90002,
    );
    assert!(b["error_description"]
        .as_str()
        .unwrap()
        .contains("Tenant 'nowhere.onmicrosoft.com' not found."));
    refused(
        &a,
        &v2("00000000-0000-0000-0000-000000000000"),
        &f,
        400,
        "invalid_request",
        90002,
    );
    let u = user_form(fx::USER_UPN, fx::USER_PASSWORD);
    refused(&a, &v2("common"), &u, 400, "invalid_request", 90019);
    refused(&a, &v2("consumers"), &u, 400, "invalid_request", 90019);
    refused(&a, &v2("organizations"), &f, 400, "invalid_request", 90019);
}

#[test]
fn client_errors() {
    let a = Authority::start().unwrap();
    let t = v2(fx::TENANT_ID);
    // The other tenant's app does not exist here.
    let mut f = sp_v2_form();
    f[1] = ("client_id", fx::OTHER_CLIENT_ID);
    let b = refused(&a, &t, &f, 400, "unauthorized_client", 700016);
    assert!(b["error_description"].as_str().unwrap().contains(&format!(
        "Application with identifier '{}' was not found in the directory '{}'",
        fx::OTHER_CLIENT_ID,
        fx::TENANT_ID
    )));
    f[1] = ("client_id", fx::DISABLED_CLIENT_ID);
    f[2] = ("client_secret", fx::DISABLED_SECRET);
    refused(&a, &t, &f, 400, "unauthorized_client", 7000112);
    refused(
        &a,
        &t,
        &borrow(&sp("wrong", PBI_DEFAULT)),
        401,
        "invalid_client",
        7000215,
    );
    let mut f = sp_v2_form();
    f.remove(2);
    refused(&a, &t, &f, 401, "invalid_client", 7000218);
    let mut f = sp_v2_form();
    f[1] = ("client_id", fx::EXPIRED_SECRET_CLIENT_ID);
    f[2] = ("client_secret", fx::EXPIRED_SECRET);
    refused(&a, &t, &f, 401, "invalid_client", 7000222);
    // A public client has no secret to send.
    let mut f = sp_v2_form();
    f[1] = ("client_id", fx::PUBLIC_CLIENT_ID);
    refused(&a, &t, &f, 401, "invalid_client", 700025);
    let mut f = sp_v2_form();
    f.remove(2);
    f.push((
        "client_assertion_type",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    ));
    f.push(("client_assertion", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
    refused(&a, &t, &f, 401, "invalid_client", 700027);
    // A wrong secret in Basic is refused like one in the form.
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{}:nope", fx::SP_CLIENT_ID)
        )
    );
    let r = post_form_with(
        &a,
        &t,
        &[("Authorization", &basic)],
        &[("grant_type", "client_credentials"), ("scope", PBI_DEFAULT)],
    );
    assert_eq!(
        (r.status, r.json()["error_codes"][0].as_u64()),
        (401, Some(7000215))
    );
}

#[test]
fn user_errors() {
    let a = Authority::start().unwrap();
    let t = v2(fx::TENANT_ID);
    let pw = fx::USER_PASSWORD;
    refused(
        &a,
        &t,
        &user_form("nobody@contoso.onmicrosoft.com", pw),
        400,
        "invalid_grant",
        50034,
    );
    refused(
        &a,
        &t,
        &user_form(fx::USER_UPN, "wrong"),
        400,
        "invalid_grant",
        50126,
    );
    let b = refused(
        &a,
        &t,
        &user_form(fx::MFA_UPN, pw),
        400,
        "invalid_grant",
        50076,
    );
    assert_eq!(b["suberror"], "basic_action");
    refused(
        &a,
        &t,
        &user_form(fx::MFA_REGISTRATION_UPN, pw),
        400,
        "interaction_required",
        50079,
    );
    let b = refused(
        &a,
        &t,
        &user_form(fx::CA_UPN, pw),
        400,
        "invalid_grant",
        53003,
    );
    assert_eq!(b["suberror"], "message_only");
    let claims: serde_json::Value =
        serde_json::from_str(b["claims"].as_str().expect("claims is a string")).unwrap();
    assert!(claims["access_token"]["capolids"]["values"].is_array());
    refused(
        &a,
        &t,
        &user_form(fx::PASSWORD_EXPIRED_UPN, pw),
        400,
        "invalid_grant",
        50055,
    );
    refused(
        &a,
        &t,
        &user_form(fx::LOCKED_UPN, pw),
        400,
        "invalid_grant",
        50053,
    );
    refused(
        &a,
        &t,
        &user_form(fx::LOCKED_UPN, "wrong"),
        400,
        "invalid_grant",
        50053,
    );
    refused(
        &a,
        &t,
        &user_form(fx::DISABLED_UPN, pw),
        400,
        "invalid_grant",
        50057,
    );
    let mut f = user_form(fx::USER_UPN, pw);
    f[1] = ("client_id", fx::UNCONSENTED_CLIENT_ID);
    let b = refused(&a, &t, &f, 400, "invalid_grant", 65001);
    assert_eq!(b["suberror"], "consent_required");
    // A permission the app was never granted cannot be consented to in ROPC.
    let mut f = user_form(fx::USER_UPN, pw);
    f[4] = (
        "scope",
        "https://analysis.windows.net/powerbi/api/Dataset.ReadWrite.All",
    );
    refused(&a, &t, &f, 400, "invalid_grant", 65001);
    let mut f = user_form(fx::USER_UPN, pw);
    f.remove(2);
    refused(&a, &t, &f, 400, "invalid_request", 900144);
    let r = post_form(
        &a,
        &t,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", fx::PUBLIC_CLIENT_ID),
            ("refresh_token", "0.Anot-a-token"),
            ("scope", PBI_DEFAULT),
        ],
    );
    assert_eq!(
        (r.status, r.json()["error_codes"][0].as_u64()),
        (400, Some(9002313))
    );
}

#[test]
fn correlation_id_echoes_client_request_id() {
    let a = Authority::start().unwrap();
    let id = "11111111-2222-4333-8444-555555555555";
    let r = post_form_with(
        &a,
        &v2(fx::TENANT_ID),
        &[("client-request-id", id)],
        &[("grant_type", "client_credentials")],
    );
    assert_eq!(r.json()["correlation_id"], id);
    assert_eq!(r.header("client-request-id"), Some(id));
    let r = post_form(
        &a,
        &v2(fx::TENANT_ID),
        &[("grant_type", "client_credentials")],
    );
    let corr = r.json()["correlation_id"].as_str().unwrap().to_string();
    assert_eq!(corr.len(), 36);
    assert_ne!(corr, id);
}
