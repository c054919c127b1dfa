//! Successful token requests: response shapes, claims, grants.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use pbitoken_authority::{fixtures as fx, Authority};
use serde_json::Value;

use crate::client::{post_form, post_form_with, request};
use crate::{keys, sp_v2_form, v1, v2};

fn jwt_header(token: &str) -> Value {
    let h = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap()
}

#[test]
fn v2_client_credentials_has_integer_numbers_and_entra_headers() {
    let a = Authority::start().unwrap();
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(
        keys(&body),
        ["token_type", "expires_in", "ext_expires_in", "access_token"]
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["ext_expires_in"], 3599);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(r.header("cache-control"), Some("no-store, no-cache"));
    assert_eq!(r.header("pragma"), Some("no-cache"));
    assert_eq!(r.header("connection"), Some("close"));
    assert_eq!(r.header("x-ms-request-id").map(str::len), Some(36));
}

#[test]
fn v1_client_credentials_has_string_numbers_in_wire_order() {
    let a = Authority::start().unwrap();
    let r = post_form(
        &a,
        &v1(fx::TENANT_DOMAIN),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fx::SP_CLIENT_ID),
            ("client_secret", fx::SP_SECRET),
            ("resource", fx::POWERBI_RESOURCE),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(
        keys(&body),
        [
            "token_type",
            "expires_in",
            "ext_expires_in",
            "expires_on",
            "not_before",
            "resource",
            "access_token"
        ]
    );
    assert_eq!(body["expires_in"], "3599");
    assert_eq!(body["ext_expires_in"], "3599");
    assert_eq!(body["resource"], fx::POWERBI_RESOURCE);
    let on: i64 = body["expires_on"].as_str().unwrap().parse().unwrap();
    let nb: i64 = body["not_before"].as_str().unwrap().parse().unwrap();
    assert_eq!(on - nb, 3599 + 300);
    let now = chrono::Utc::now().timestamp();
    assert!((on - now - 3599).abs() <= 5);
}

#[test]
fn app_token_is_a_signed_jwt_with_power_bi_claims() {
    let a = Authority::start().unwrap();
    let body = post_form(&a, &v2(fx::TENANT_DOMAIN), &sp_v2_form()).json();
    let token = body["access_token"].as_str().unwrap();
    let header = jwt_header(token);
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["alg"], "RS256");
    assert!(header["kid"].is_string());
    assert_eq!(header["x5t"], header["kid"]);
    let c = a.verify_jwt(token).unwrap();
    assert_eq!(c["aud"], fx::POWERBI_RESOURCE);
    assert_eq!(
        c["iss"],
        format!("https://sts.windows.net/{}/", fx::TENANT_ID)
    );
    assert_eq!(c["tid"], fx::TENANT_ID);
    assert_eq!(c["appid"], fx::SP_CLIENT_ID);
    assert_eq!(c["appidacr"], "1");
    assert_eq!(c["idtyp"], "app");
    assert_eq!(c["ver"], "1.0");
    assert_eq!(c["roles"], serde_json::json!(["Tenant.Read.All"]));
    assert!(c.get("scp").is_none());
    assert!(c["oid"].as_str().unwrap().len() == 36);
    assert!(c["uti"].is_string());
    let iat = c["iat"].as_i64().unwrap();
    assert_eq!(c["nbf"].as_i64().unwrap(), iat - 300);
    assert_eq!(c["exp"].as_i64().unwrap(), iat + 3599);
    // A token signed by someone else does not verify.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(b"{\"aud\":\"evil\"}");
    assert!(a.verify_jwt(&parts.join(".")).is_err());
}

#[test]
fn basic_auth_and_percent_encoding_are_decoded() {
    let a = Authority::start().unwrap();
    // urlenc(id):urlenc(secret), with `~` percent-encoded as a careful client does.
    let creds = format!("{}:{}", fx::SP_CLIENT_ID, fx::SP_SECRET.replace('~', "%7E"));
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(creds)
    );
    let r = post_form_with(
        &a,
        &v2(fx::TENANT_ID),
        &[("Authorization", basic.as_str())],
        &[
            ("grant_type", "client_credentials"),
            ("scope", fx::POWERBI_DEFAULT_SCOPE),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Hand-written body: `+` for spaces between scopes, %2F for slashes.
    let body = format!(
        "grant_type=password&client_id={}&username=alice%40contoso.onmicrosoft.com&password={}&scope=openid+https%3A%2F%2Fanalysis.windows.net%2Fpowerbi%2Fapi%2F.default&client_info=1&x-client-SKU=MSAL.Python",
        fx::PUBLIC_CLIENT_ID,
        "FAKE-pw.Alice%21Pbitoken%232024"
    );
    let r = request(
        &a,
        "POST",
        &v2(fx::TENANT_ID),
        &[(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["id_token"].is_string());
}

#[test]
fn password_v2_returns_scopes_and_only_the_tokens_asked_for() {
    let a = Authority::start().unwrap();
    let base = [
        ("grant_type", "password"),
        ("client_id", fx::PUBLIC_CLIENT_ID),
        ("username", fx::USER_UPN),
        ("password", fx::USER_PASSWORD),
    ];
    let mut with = base.to_vec();
    let scope = format!(
        "{} offline_access openid profile",
        fx::POWERBI_DEFAULT_SCOPE
    );
    with.push(("scope", scope.as_str()));
    let body = post_form(&a, &v2(fx::TENANT_ID), &with).json();
    assert_eq!(
        keys(&body),
        [
            "token_type",
            "scope",
            "expires_in",
            "ext_expires_in",
            "access_token",
            "refresh_token",
            "id_token"
        ]
    );
    assert_eq!(
        body["scope"],
        "https://analysis.windows.net/powerbi/api/Dataset.Read.All https://analysis.windows.net/powerbi/api/Report.Read.All https://analysis.windows.net/powerbi/api/Workspace.Read.All"
    );
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        c["scp"],
        "Dataset.Read.All Report.Read.All Workspace.Read.All"
    );
    assert_eq!(c["upn"], fx::USER_UPN);
    assert_eq!(c["unique_name"], fx::USER_UPN);
    assert_eq!(c["name"], "Alice");
    assert_eq!(c["appidacr"], "0");
    assert_eq!(c["idtyp"], "user");
    assert!(c.get("roles").is_none());
    let id = a.verify_jwt(body["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(id["aud"], fx::PUBLIC_CLIENT_ID);
    assert_eq!(id["preferred_username"], fx::USER_UPN);
    assert_eq!(id["ver"], "2.0");

    let mut without = base.to_vec();
    without.push(("scope", fx::POWERBI_DEFAULT_SCOPE));
    let body = post_form(&a, &v2(fx::TENANT_ID), &without).json();
    assert!(body.get("refresh_token").is_none());
    assert!(body.get("id_token").is_none());
    assert!(body["scope"].is_string());

    // A specific consented permission narrows scp.
    let mut narrow = base.to_vec();
    narrow.push((
        "scope",
        "https://analysis.windows.net/powerbi/api/Report.Read.All",
    ));
    let body = post_form(&a, &v2(fx::TENANT_ID), &narrow).json();
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(c["scp"], "Report.Read.All");
}

#[test]
fn password_v1_always_returns_refresh_token_and_strings() {
    let a = Authority::start().unwrap();
    let body = post_form(
        &a,
        &v1(fx::TENANT_ID),
        &[
            ("grant_type", "password"),
            ("client_id", fx::PUBLIC_CLIENT_ID),
            ("username", fx::USER_UPN),
            ("password", fx::USER_PASSWORD),
            ("resource", fx::POWERBI_RESOURCE),
        ],
    )
    .json();
    assert_eq!(
        keys(&body),
        [
            "token_type",
            "scope",
            "expires_in",
            "ext_expires_in",
            "expires_on",
            "not_before",
            "resource",
            "access_token",
            "refresh_token",
            "id_token"
        ]
    );
    assert_eq!(
        body["scope"],
        "Dataset.Read.All Report.Read.All Workspace.Read.All"
    );
    assert_eq!(body["expires_in"], "3599");
}

#[test]
fn confidential_app_password_grant_needs_its_secret() {
    let a = Authority::start().unwrap();
    let mut form = vec![
        ("grant_type", "password"),
        ("client_id", fx::SP_CLIENT_ID),
        ("username", fx::USER_UPN),
        ("password", fx::USER_PASSWORD),
        ("scope", fx::POWERBI_DEFAULT_SCOPE),
    ];
    let r = post_form(&a, &v2(fx::TENANT_ID), &form);
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error_codes"][0], 7000218);
    form.push(("client_secret", fx::SP_SECRET));
    let body = post_form(&a, &v2(fx::TENANT_ID), &form).json();
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(c["appidacr"], "1");
    assert_eq!(c["appid"], fx::SP_CLIENT_ID);
}

#[test]
fn organizations_resolves_the_users_tenant() {
    let a = Authority::start().unwrap();
    let body = post_form(
        &a,
        &v2("organizations"),
        &[
            ("grant_type", "password"),
            ("client_id", fx::OTHER_CLIENT_ID),
            ("username", fx::OTHER_USER_UPN),
            ("password", fx::USER_PASSWORD),
            ("scope", fx::POWERBI_DEFAULT_SCOPE),
        ],
    )
    .json();
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(c["tid"], fx::OTHER_TENANT_ID);
}

#[test]
fn refresh_tokens_work_until_revoked() {
    let a = Authority::start().unwrap();
    let scope = format!("{} offline_access", fx::POWERBI_DEFAULT_SCOPE);
    let body = post_form(
        &a,
        &v2(fx::TENANT_ID),
        &[
            ("grant_type", "password"),
            ("client_id", fx::PUBLIC_CLIENT_ID),
            ("username", fx::USER_UPN),
            ("password", fx::USER_PASSWORD),
            ("scope", scope.as_str()),
        ],
    )
    .json();
    let rt = body["refresh_token"].as_str().unwrap().to_string();
    let refresh = |path: &str, client: &str, extra: Option<(&str, &str)>| {
        let mut f = vec![
            ("grant_type", "refresh_token"),
            ("client_id", client),
            ("refresh_token", rt.as_str()),
        ];
        f.extend(extra);
        post_form(&a, path, &f)
    };
    let r = refresh(
        &v2(fx::TENANT_ID),
        fx::PUBLIC_CLIENT_ID,
        Some(("scope", scope.as_str())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert!(body["refresh_token"].is_string());
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(c["upn"], fx::USER_UPN);
    // v1 may leave out the resource: the one of the original grant is used.
    let r = refresh(&v1(fx::TENANT_ID), fx::PUBLIC_CLIENT_ID, None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["resource"], fx::POWERBI_RESOURCE);
    // And `organizations` finds the tenant from the token.
    let r = refresh(
        &v2("organizations"),
        fx::PUBLIC_CLIENT_ID,
        Some(("scope", scope.as_str())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Another client cannot redeem it.
    let r = refresh(
        &v2(fx::TENANT_ID),
        fx::UNCONSENTED_CLIENT_ID,
        Some(("scope", scope.as_str())),
    );
    assert_eq!(
        (r.status, r.json()["error_codes"][0].as_u64()),
        (400, Some(70000))
    );

    a.revoke_refresh_tokens();
    let r = refresh(
        &v2(fx::TENANT_ID),
        fx::PUBLIC_CLIENT_ID,
        Some(("scope", scope.as_str())),
    );
    assert_eq!(r.status, 400);
    let e = r.json();
    assert_eq!(e["error"], "invalid_grant");
    assert_eq!(e["error_codes"][0], 9002313);
}

#[test]
fn token_lifetime_is_configurable() {
    let a = Authority::start().unwrap();
    a.set_token_lifetime(60);
    let body = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form()).json();
    assert_eq!(body["expires_in"], 60);
    let c = a
        .verify_jwt(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 60);
}

#[test]
fn sovereign_resources_and_trailing_slashes_are_known() {
    let a = Authority::start().unwrap();
    for scope in [
        "https://analysis.usgovcloudapi.net/powerbi/api/.default",
        "https://high.analysis.usgovcloudapi.net/powerbi/api/.default",
        "https://mil.analysis.usgovcloudapi.net/powerbi/api/.default",
        "https://analysis.chinacloudapi.cn/powerbi/api/.default",
        "https://analysis.windows.net/powerbi/api//.default",
    ] {
        let mut f = sp_v2_form();
        f[3] = ("scope", scope);
        let r = post_form(&a, &v2(fx::TENANT_ID), &f);
        assert_eq!(r.status, 200, "{scope}: {}", r.text());
        let c = a
            .verify_jwt(r.json()["access_token"].as_str().unwrap())
            .unwrap();
        assert_eq!(c["aud"], scope.strip_suffix("/.default").unwrap());
    }
    let r = post_form(
        &a,
        &v1(fx::TENANT_ID),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", fx::SP_CLIENT_ID),
            ("client_secret", fx::SP_SECRET),
            ("resource", "https://analysis.windows.net/powerbi/api/"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn fixture_secrets_look_like_entra_secrets() {
    for s in [
        fx::SP_SECRET,
        fx::EXPIRED_SECRET,
        fx::DISABLED_SECRET,
        fx::OTHER_SECRET,
    ] {
        assert_eq!(s.len(), 40, "{s}");
        assert_eq!(&s[3..6], "8Q~", "{s}");
        assert!(s.contains("FAKE"));
    }
}
