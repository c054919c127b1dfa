//! Refusals, broken answers and transport failures: each gets one
//! `error: ` line, the right exit code and, where there is one, a hint; no
//! secret ever shows.

mod common;
use common::*;

fn sp(w: &World, extra: &str) {
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", extra)
    ));
}

fn user(w: &World, upn: &str) {
    w.write_config(&format!(
        "default_profile = \"me\"\n{}",
        w.user_profile("me", upn, "")
    ));
}

fn with_password(c: &mut std::process::Command) {
    c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
}

#[test]
fn wrong_client_secret_is_refused_with_its_hint_and_ids() {
    let w = World::new();
    sp(&w, "");
    let run = w.run_with(&["token"], |c| {
        c.env("TEST_SP_SECRET", "Wr18Q~FAKE.wrong-secret_value-not-valid");
    });
    let err = run.fails(3);
    assert!(run.error_line().contains("AADSTS7000215"), "{err}");
    assert!(run.error_line().contains("invalid_client"), "{err}");
    assert!(run.hint().unwrap().contains("Value"), "{err}");
    assert!(err.contains("trace id: "), "{err}");
    assert!(err.contains("correlation id: "), "{err}");
    assert!(
        !err.contains("Wr18Q~FAKE.wrong-secret_value-not-valid"),
        "{err}"
    );
    run.leaks_nothing();
}

#[test]
fn refusals_map_to_exit_codes_and_hints() {
    let w = World::new();
    // (profile toml, expected exit, expected code, hint needle)
    let sp_with = |client: &str, secret: &str, tenant: &str| {
        format!(
            "[profiles.x]\ntenant = \"{tenant}\"\nclient_id = \"{client}\"\nclient_secret = \"{secret}\"\nauthority_host = \"{}\"\n",
            w.authority.url()
        )
    };
    let cases = [
        (
            sp_with(
                fx::EXPIRED_SECRET_CLIENT_ID,
                fx::EXPIRED_SECRET,
                fx::TENANT_ID,
            ),
            3,
            "7000222",
            "expired",
        ),
        (
            sp_with(fx::DISABLED_CLIENT_ID, fx::DISABLED_SECRET, fx::TENANT_ID),
            3,
            "7000112",
            "disabled",
        ),
        (
            sp_with(fx::OTHER_CLIENT_ID, fx::OTHER_SECRET, fx::TENANT_ID),
            3,
            "700016",
            "client id",
        ),
        (
            sp_with(
                fx::SP_CLIENT_ID,
                fx::SP_SECRET,
                "9a9a9a9a-0000-4000-8000-000000000000",
            ),
            3,
            "90002",
            "tenant",
        ),
    ];
    for (profile, exit, code, needle) in cases {
        w.write_config(&profile);
        let run = w.run(&["token", "-p", "x"]);
        run.fails(exit);
        assert!(
            run.error_line().contains(&format!("AADSTS{code}")),
            "{code}: {run:?}"
        );
        let hint = run
            .hint()
            .unwrap_or_else(|| panic!("{code}: no hint: {run:?}"));
        assert!(hint.to_lowercase().contains(needle), "{code}: {hint}");
        run.leaks_nothing();
    }
    // A malformed tenant never reaches the authority (SPEC: a configuration
    // error, exit 2), and the value is not echoed.
    w.write_config(&sp_with(
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        "your tenant here",
    ));
    let before = w.authority.token_requests();
    let run = w.run(&["token", "-p", "x"]);
    run.fails_cleanly(2);
    assert!(
        run.error_line().contains("tenant (from profile)"),
        "{run:?}"
    );
    assert!(
        run.hint().unwrap().contains("Directory (tenant) ID"),
        "{run:?}"
    );
    run.shows_none_of(&["your tenant here"]);
    assert_eq!(w.authority.token_requests(), before);
}

#[test]
fn user_refusals_and_interaction_required() {
    let w = World::new();
    let cases = [
        (fx::MFA_UPN, 5, "50076", "device_code"),
        (fx::MFA_REGISTRATION_UPN, 5, "50079", "device_code"),
        (fx::CA_UPN, 5, "53003", "conditional access"),
        (fx::PASSWORD_EXPIRED_UPN, 5, "50055", "password"),
        (fx::LOCKED_UPN, 3, "50053", "locked"),
        (fx::DISABLED_UPN, 3, "50057", "disabled"),
        (
            "nobody@contoso.onmicrosoft.com",
            3,
            "50034",
            "does not exist",
        ),
    ];
    for (upn, exit, code, needle) in cases {
        user(&w, upn);
        let run = w.run_with(&["token"], with_password);
        run.fails(exit);
        assert!(
            run.error_line().contains(&format!("AADSTS{code}")),
            "{code}: {run:?}"
        );
        let hint = run
            .hint()
            .unwrap_or_else(|| panic!("{code}: no hint: {run:?}"));
        assert!(hint.to_lowercase().contains(needle), "{code}: {hint}");
        run.leaks_nothing();
    }
    // Wrong password: 50126, exit 3, and the wrong password is not shown.
    user(&w, fx::USER_UPN);
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", "Not-The-Password-42!");
    });
    run.fails(3);
    assert!(run.error_line().contains("AADSTS50126"), "{run:?}");
    assert!(!run.stderr.contains("Not-The-Password-42!"));
    // No consent for the app: 65001, exit 5, hint about consent.
    w.write_config(
        &w.user_profile("me", fx::USER_UPN, "")
            .replace(fx::PUBLIC_CLIENT_ID, fx::UNCONSENTED_CLIENT_ID),
    );
    let run = w.run_with(&["token", "-p", "me"], with_password);
    run.fails(5);
    assert!(run.error_line().contains("AADSTS65001"), "{run:?}");
    assert!(run.hint().unwrap().contains("consent"));
}

#[test]
fn non_json_answers_are_exit_4_with_status_and_first_bytes() {
    let w = World::new();
    sp(&w, "");
    w.authority.push_fault(Fault::html(200));
    let run = w.run(&["token"]);
    let err = run.fails(4);
    assert!(err.contains("HTTP 200"), "{err}");
    assert!(err.contains("<"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    w.authority.push_fault(Fault::html(400));
    let run = w.run(&["token"]);
    let err = run.fails(4);
    assert!(err.contains("HTTP 400"), "{err}");

    // 200 with JSON that is not a token.
    w.authority
        .push_fault(Fault::json(200, serde_json::json!({})));
    assert!(w.run(&["token"]).fails(4).contains("no access_token"));
    w.authority.push_fault(Fault::json(
        200,
        serde_json::json!({"access_token": "x", "token_type": "PoP", "expires_in": 3599}),
    ));
    assert!(w.run(&["token"]).fails(4).contains("token_type"));
}

#[test]
fn truncated_body_is_exit_4() {
    let w = World::new();
    sp(&w, "");
    w.authority.set_fault_always(Some(Fault::ResetMidBody));
    let run = w.run(&["token", "--timeout", "10"]);
    run.fails(4);
    run.leaks_nothing();
}

#[test]
fn a_401_without_a_body_is_a_refusal() {
    let w = World::new();
    sp(&w, "");
    w.authority.push_fault(Fault::Status {
        status: 401,
        retry_after: None,
        content_type: "text/plain".into(),
        body: String::new(),
    });
    let run = w.run(&["token"]);
    assert!(run.fails(3).contains("HTTP 401"));
}

#[test]
fn plain_http_to_another_host_is_refused_before_any_request() {
    let w = World::new();
    sp(&w, "");
    for host in [
        "http://login.microsoftonline.com",
        "http://10.1.2.3:8080",
        "http://localhost.example",
    ] {
        let run = w.run(&["token", "--authority-host", host]);
        let err = run.fails(2);
        assert!(err.contains("http"), "{err}");
    }
    w.write_config(&format!(
        "[profiles.t]\nclient_id = \"{}\"\nclient_secret_env = \"TEST_SP_SECRET\"\ntoken_endpoint = \"http://example.com/token\"\n",
        fx::SP_CLIENT_ID
    ));
    w.run(&["token", "-p", "t"]).fails(2);
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn redirects_are_not_followed() {
    let w = World::new();
    let other = Authority::start().unwrap();
    sp(&w, "");
    w.authority.push_fault(Fault::Redirect {
        location: format!("{}/{}/oauth2/v2.0/token", other.url(), fx::TENANT_ID),
        status: 307,
    });
    let run = w.run(&["token"]);
    let err = run.fails(4);
    assert!(err.contains("redirect"), "{err}");
    assert_eq!(other.requests().len(), 0, "the redirect was followed");
}

#[test]
fn connection_refused_is_exit_4() {
    let w = World::new();
    sp(&w, "");
    let run = w.run(&["token", "--authority-host", &common::refused_url()]);
    let err = run.fails(4);
    assert!(err.contains("cannot reach"), "{err}");
}

#[test]
fn slow_authority_hits_the_timeout() {
    let w = World::new();
    sp(&w, "");
    w.authority
        .set_fault_always(Some(Fault::Delay(std::time::Duration::from_secs(5))));
    let run = w.run(&["token", "--timeout", "1"]);
    let err = run.fails(4);
    assert!(err.contains("within 1 s"), "{err}");
}

#[test]
fn server_errors_and_throttling_are_retried_then_exit_4() {
    let w = World::new();
    sp(&w, "");
    // Two failures, then success: the third try gets the token.
    w.authority.push_fault(Fault::json(
        503,
        serde_json::json!({"error": "temporarily_unavailable"}),
    ));
    w.authority.push_fault(Fault::throttled(1));
    let run = w.run(&["token"]);
    w.verified_claims(run.ok());
    assert_eq!(w.authority.token_requests(), 3);

    // Always 500: three tries, then exit 4 naming the status.
    let w = World::new();
    sp(&w, "");
    w.authority
        .set_fault_always(Some(Fault::json(500, serde_json::json!({}))));
    let run = w.run(&["token"]);
    assert!(run.fails(4).contains("HTTP 500"));
    assert_eq!(w.authority.token_requests(), 3);
}

#[test]
fn refusals_are_not_retried() {
    let w = World::new();
    sp(&w, "");
    let run = w.run_with(&["token"], |c| {
        c.env("TEST_SP_SECRET", "Wr18Q~FAKE.wrong-secret_value-not-valid");
    });
    run.fails(3);
    assert_eq!(w.authority.token_requests(), 1);
}

#[test]
fn verbose_logs_tries_but_no_secret() {
    let w = World::new();
    sp(&w, "");
    let run = w.run(&["token", "-vvv"]);
    let token = run.ok().trim().to_owned();
    assert!(run.stderr.contains("try 1/3"), "{run:?}");
    assert!(!run.stderr.contains(&token));
    run.leaks_nothing();
}

#[test]
fn https_with_a_test_ca_needs_ca_file() {
    let w = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    assert!(w.authority.url().starts_with("https://"));
    sp(&w, "");
    // Not trusted: exit 4 with a hint about the CA.
    let run = w.run(&["token"]);
    let err = run.fails(4);
    assert!(run.hint().unwrap_or("").contains("--ca-file"), "{err}");

    let ca = w.path("ca.pem");
    std::fs::write(&ca, w.authority.ca_pem().unwrap()).unwrap();
    let run = w.run(&["token", "--ca-file", ca.to_str().unwrap()]);
    w.verified_claims(run.ok());
    let run = w.run_with(&["token", "--no-cache"], |c| {
        c.env("SSL_CERT_FILE", &ca);
    });
    w.verified_claims(run.ok());

    // A CA file that is not PEM is a usage error.
    let bogus = w.path("bogus.pem");
    std::fs::write(&bogus, "not a certificate").unwrap();
    w.run(&["token", "--no-cache", "--ca-file", bogus.to_str().unwrap()])
        .fails(2);
}

#[test]
fn a_dangling_default_profile_says_where_it_came_from() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"gone\"\n{}",
        w.sp_profile("sp", "")
    ));
    let run = w.run(&["token"]);
    let err = run.fails(2);
    assert!(err.contains("'gone'"), "{err}");
    assert!(run.hint().unwrap().contains("default_profile"), "{err}");
}

#[test]
fn throttling_names_the_aadsts_code_and_its_hint() {
    let w = World::new();
    sp(&w, "");
    w.authority.set_fault_always(Some(Fault::throttled(0)));
    let run = w.run(&["token", "--timeout", "10"]);
    run.fails(4);
    assert!(run.error_line().contains("AADSTS90055"), "{run:?}");
    assert!(run.hint().is_some(), "{run:?}");
}

#[test]
fn a_secret_echoed_back_url_encoded_is_still_redacted() {
    let w = World::new();
    sp(&w, "");
    let encoded: String = url::form_urlencoded::byte_serialize(fx::SP_SECRET.as_bytes()).collect();
    assert_ne!(encoded, fx::SP_SECRET, "the fixture secret needs encoding");
    w.authority.push_fault(Fault::json(
        400,
        serde_json::json!({
            "error": "invalid_request",
            "error_description": format!("AADSTS900144: bad body: client_secret={encoded}&x=1"),
            "error_codes": [900144]
        }),
    ));
    let run = w.run(&["token"]);
    run.fails(3);
    assert!(!run.stderr.contains(&encoded), "{run:?}");
    run.leaks_nothing();
}

#[test]
fn a_cut_off_success_answer_does_not_show_its_token() {
    let w = World::new();
    sp(&w, "");
    let token = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA";
    for body in [
        format!(r#"{{"token_type":"Bearer","expires_in":3599,"access_token":"{token}"#),
        r#"{"token_type":"Bearer","access_token":"opaque-Token-Value-0001"#.to_owned(),
    ] {
        w.authority.push_fault(Fault::Status {
            status: 200,
            retry_after: None,
            content_type: "application/json".into(),
            body: body.clone(),
        });
        let run = w.run(&["token", "--no-cache"]);
        let err = run.fails(4);
        assert!(err.contains("not JSON"), "{err}");
        assert!(
            !err.contains(token) && !err.contains("opaque-Token-Value-0001"),
            "{err}"
        );
        assert!(!err.contains("c2lnbmF0dXJl"), "{err}");
    }
}
