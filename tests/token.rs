//! `pbitoken token` against the local authority: both grants on both
//! endpoints, every output format.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn client_secret_v2_prints_a_token_for_power_bi() {
    let w = World::with_sp("");
    let run = w.run(&["token"]);
    let token = run.ok();
    assert!(token.ends_with('\n') && token.lines().count() == 1);
    assert_eq!(run.stderr, "");
    let claims = w.verified_claims(token);
    assert_eq!(claims["aud"], fx::POWERBI_RESOURCE);
    assert_eq!(claims["tid"], fx::TENANT_ID);
    assert_eq!(claims["appid"], fx::SP_CLIENT_ID);
    assert_eq!(claims["roles"][0], "Tenant.Read.All");

    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, format!("/{}/oauth2/v2.0/token", fx::TENANT_ID));
    assert_eq!(req.form_value("grant_type"), Some("client_credentials"));
    assert_eq!(req.form_value("scope"), Some(fx::POWERBI_DEFAULT_SCOPE));
    assert_eq!(req.form_value("resource"), None);
    assert_eq!(req.form_value("client_secret"), Some(fx::SP_SECRET));
}

#[test]
fn client_secret_v1_sends_resource() {
    let w = World::with_sp("endpoint = \"v1\"");
    let run = w.run(&["token", "-o", "json"]);
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(json["resource"], fx::POWERBI_RESOURCE);
    assert!(json.get("scope").is_none());
    // v1 sends numbers as strings; the output has numbers.
    assert!(json["ext_expires_in"].is_i64(), "{json}");
    assert!(json["not_before"].is_i64(), "{json}");
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, format!("/{}/oauth2/token", fx::TENANT_ID));
    assert_eq!(req.form_value("resource"), Some(fx::POWERBI_RESOURCE));
    assert_eq!(req.form_value("scope"), None);
    w.verified_claims(json["access_token"].as_str().unwrap());
}

/// SPEC's fields come first, in SPEC's order; whatever else the endpoint
/// (or pbitoken: `auth`) adds comes after `cached`.
#[test]
fn json_fields_are_in_specs_order() {
    for (extra, target) in [("", "scope"), ("endpoint = \"v1\"", "resource")] {
        let w = World::with_sp(extra);
        let run = w.run(&["token", "-o", "json"]);
        let json: Value = serde_json::from_str(run.ok()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let spec = [
            "access_token",
            "token_type",
            "expires_on",
            "expires_at",
            "expires_in",
            target,
            "tenant",
            "client_id",
            "profile",
            "cached",
        ];
        assert_eq!(keys[..spec.len()], spec, "{keys:?}");
        assert!(keys[spec.len()..].contains(&"auth"), "{keys:?}");
    }
}

#[test]
fn password_grant_v2_asks_for_offline_access() {
    let w = World::new();
    w.write_config(&w.user_profile("me", fx::USER_UPN, ""));
    let run = w.run_with(&["token", "-p", "me"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    let claims = w.verified_claims(run.ok());
    assert_eq!(claims["upn"], fx::USER_UPN);
    assert!(claims["scp"].as_str().unwrap().contains("Dataset.Read.All"));
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("grant_type"), Some("password"));
    assert_eq!(req.form_value("username"), Some(fx::USER_UPN));
    assert_eq!(req.form_value("password"), Some(fx::USER_PASSWORD));
    let scope = req.form_value("scope").unwrap();
    assert!(scope.split(' ').any(|s| s == "offline_access"), "{scope}");
    assert!(
        scope.split(' ').any(|s| s == fx::POWERBI_DEFAULT_SCOPE),
        "{scope}"
    );
    assert_eq!(req.form_value("client_secret"), None);
    run.leaks_nothing();
}

#[test]
fn password_grant_v1_sends_resource() {
    let w = World::new();
    w.write_config(&w.user_profile("me", fx::USER_UPN, "endpoint = \"v1\""));
    let run = w.run_with(&["token", "-p", "me", "-o", "json"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(json["resource"], fx::POWERBI_RESOURCE);
    assert!(json.get("refresh_token").is_none() && json.get("id_token").is_none());
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, format!("/{}/oauth2/token", fx::TENANT_DOMAIN));
    assert_eq!(req.form_value("resource"), Some(fx::POWERBI_RESOURCE));
}

#[test]
fn confidential_client_sends_its_secret_with_the_password_grant() {
    let w = World::new();
    let profile = format!(
        "[profiles.me]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"password\"\nusername = \"{}\"\nclient_secret_env = \"TEST_SP_SECRET\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        fx::USER_UPN,
        w.authority.url()
    );
    w.write_config(&profile);
    let run = w.run_with(&["token", "-p", "me"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    run.ok();
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("client_secret"), Some(fx::SP_SECRET));
}

#[test]
fn json_output_has_every_field_spec_names() {
    let w = World::with_sp("");
    let run = w.run(&["token", "-o", "json"]);
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(json["access_token"].as_str().unwrap().starts_with("ey"));
    assert_eq!(json["token_type"], "Bearer");
    let expires_on = json["expires_on"].as_i64().unwrap();
    let expires_in = json["expires_in"].as_i64().unwrap();
    assert!((expires_on - now - expires_in).abs() <= 2, "{json}");
    assert!((3500..=3600).contains(&expires_in), "{json}");
    let at = json["expires_at"].as_str().unwrap();
    assert!(at.ends_with('Z') && at.len() == 20, "{at}");
    assert_eq!(json["scope"], fx::POWERBI_DEFAULT_SCOPE);
    assert_eq!(json["tenant"], fx::TENANT_ID);
    assert_eq!(json["client_id"], fx::SP_CLIENT_ID);
    assert_eq!(json["profile"], "sp");
    assert_eq!(json["cached"], false);
    assert!(json["ext_expires_in"].is_i64());
}

#[test]
fn header_env_and_claims_formats() {
    let w = World::with_sp("");
    let header = w.run(&["token", "-o", "header"]);
    let line = header.ok().trim_end().to_owned();
    let token = line
        .strip_prefix("Authorization: Bearer ")
        .expect("header format");
    w.verified_claims(token);

    let env = w.run(&["token", "-o", "env"]);
    let line = env.ok().trim_end().to_owned();
    let token = line
        .strip_prefix("export PBI_TOKEN='")
        .and_then(|l| l.strip_suffix('\''))
        .expect("env format");
    w.verified_claims(token);

    let claims = w.run(&["token", "-o", "claims"]);
    let json: Value = serde_json::from_str(claims.ok()).unwrap();
    assert_eq!(json["aud"], fx::POWERBI_RESOURCE);
    assert_eq!(json["appid"], fx::SP_CLIENT_ID);
    assert!(json["exp"].is_i64());
}

#[test]
fn env_format_evaluates_in_a_shell() {
    let w = World::with_sp("");
    let run = w.shell(r#"eval "$("$PBITOKEN" token -o env)" && printf %s "$PBI_TOKEN""#);
    let token = run.ok();
    assert!(token.starts_with("ey"), "{run:?}");
    w.verified_claims(token);
}

#[test]
fn national_cloud_changes_the_resource() {
    let w = World::with_sp("cloud = \"usgov\"");
    let run = w.run(&["token", "-o", "claims"]);
    let claims: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        claims["aud"],
        "https://analysis.usgovcloudapi.net/powerbi/api"
    );
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(
        req.form_value("scope"),
        Some("https://analysis.usgovcloudapi.net/powerbi/api/.default")
    );
}

#[test]
fn token_endpoint_replaces_host_and_tenant() {
    let w = World::new();
    let url = format!("{}/{}/oauth2/token", w.authority.url(), fx::TENANT_ID);
    w.write_config(&format!(
        "[profiles.adfs]\nclient_id = \"{}\"\nclient_secret_env = \"TEST_SP_SECRET\"\ntoken_endpoint = \"{url}\"\nendpoint = \"v1\"\n",
        fx::SP_CLIENT_ID
    ));
    let run = w.run(&["token", "-p", "adfs"]);
    w.verified_claims(run.ok());
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, format!("/{}/oauth2/token", fx::TENANT_ID));
    assert_eq!(req.form_value("resource"), Some(fx::POWERBI_RESOURCE));
}
