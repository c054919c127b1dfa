//! OIDC discovery: the document of reference §9, domains resolved to the
//! tenant GUID, and the refusals for unknown and malformed tenants.

use pbitoken_authority::{fixtures as fx, Authority};

use crate::client::request;

fn get(a: &Authority, path: &str) -> crate::client::Reply {
    request(a, "GET", path, &[], b"")
}

#[test]
fn v2_document_carries_the_tenant_guid_for_a_domain() {
    let a = Authority::start().unwrap();
    let r = get(
        &a,
        &format!(
            "/{}/v2.0/.well-known/openid-configuration",
            fx::TENANT_DOMAIN
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("max-age=86400, private"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let doc = r.json();
    let base = a.url();
    let tid = fx::TENANT_ID;
    assert_eq!(doc["issuer"], format!("{base}/{tid}/v2.0"));
    assert_eq!(
        doc["token_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/token")
    );
    assert_eq!(doc["jwks_uri"], format!("{base}/{tid}/discovery/v2.0/keys"));
    assert_eq!(
        doc["device_authorization_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/devicecode")
    );
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        serde_json::json!([
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic"
        ])
    );
    assert_eq!(
        doc["subject_types_supported"],
        serde_json::json!(["pairwise"])
    );
    assert_eq!(doc["tenant_region_scope"], "WW");
    assert_eq!(doc["cloud_instance_name"], "microsoftonline.com");
    assert_eq!(doc["request_uri_parameter_supported"], false);
    // Every advertised endpoint stays on this authority.
    for key in [
        "authorization_endpoint",
        "end_session_endpoint",
        "userinfo_endpoint",
    ] {
        assert!(
            doc[key].as_str().unwrap().starts_with(&base),
            "{key}: {doc}"
        );
    }
}

#[test]
fn v1_document_has_the_sts_issuer() {
    let a = Authority::start().unwrap();
    let r = get(
        &a,
        &format!("/{}/.well-known/openid-configuration", fx::TENANT_ID),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = r.json();
    assert_eq!(
        doc["issuer"],
        format!("https://sts.windows.net/{}/", fx::TENANT_ID)
    );
    assert_eq!(
        doc["token_endpoint"],
        format!("{}/{}/oauth2/token", a.url(), fx::TENANT_ID)
    );
}

#[test]
fn multi_tenant_names_get_the_issuer_template() {
    let a = Authority::start().unwrap();
    let doc = get(&a, "/organizations/v2.0/.well-known/openid-configuration").json();
    assert_eq!(doc["issuer"], format!("{}/{{tenantid}}/v2.0", a.url()));
    assert_eq!(
        doc["token_endpoint"],
        format!("{}/organizations/oauth2/v2.0/token", a.url())
    );
    assert!(doc["tenant_region_scope"].is_null());
}

#[test]
fn unknown_tenant_is_invalid_tenant_90002() {
    let a = Authority::start().unwrap();
    let r = get(
        &a,
        "/9a9a9a9a-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration",
    );
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(body["error"], "invalid_tenant");
    assert_eq!(body["error_codes"], serde_json::json!([90002]));
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS90002: Tenant '9a9a9a9a-0000-4000-8000-000000000000' not found."));
}

#[test]
fn malformed_tenant_is_900023() {
    let a = Authority::start().unwrap();
    let r = get(&a, "/your%20tenant/v2.0/.well-known/openid-configuration");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error_codes"], serde_json::json!([900023]));
}

#[test]
fn keys_hold_the_signing_key() {
    let a = Authority::start().unwrap();
    let r = get(&a, &format!("/{}/discovery/v2.0/keys", fx::TENANT_ID));
    assert_eq!(r.status, 200);
    let keys = r.json();
    let key = &keys["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
    assert!(key["n"].as_str().is_some_and(|n| n.len() > 300));
}

#[test]
fn discovery_is_get_only_and_not_a_token_request() {
    let a = Authority::start().unwrap();
    let r = request(
        &a,
        "POST",
        &format!("/{}/v2.0/.well-known/openid-configuration", fx::TENANT_ID),
        &[],
        b"",
    );
    assert_eq!(r.status, 404);
    assert_eq!(a.token_requests(), 0);
}
