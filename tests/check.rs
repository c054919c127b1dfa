//! `pbitoken check` against the local authority: one test per way an app
//! registration can be wrong, each in both output modes, plus the full pass.
//! No secret and no token may show in either mode.

mod common;
use common::*;
use serde_json::Value;
use std::process::Command;

/// The SP profile `sp` with the Power BI API on the authority too.
fn sp_world(extra: &str) -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", &api_base(&w, extra))
    ));
    w
}

fn api_base(w: &World, extra: &str) -> String {
    format!("api_base = \"{}\"\n{extra}", w.authority.url())
}

/// A profile `app` for one of the fixture apps, its secret in APP_SECRET.
fn app_world(client_id: &str) -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"app\"\n[profiles.app]\ntenant = \"{}\"\nclient_id = \"{client_id}\"\nclient_secret_env = \"APP_SECRET\"\nauthority_host = \"{}\"\n{}",
        fx::TENANT_ID,
        w.authority.url(),
        api_base(&w, "")
    ));
    w
}

fn app_secret(secret: &'static str) -> impl Fn(&mut Command) {
    move |c: &mut Command| {
        c.env("APP_SECRET", secret);
    }
}

/// The human report's line for `step`: `  STATUS  step  detail`.
fn line<'a>(run: &'a Run, step: &str) -> &'a str {
    run.stdout
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(step))
        .unwrap_or_else(|| panic!("no line for {step}: {run:#?}"))
}

fn status<'a>(run: &'a Run, step: &str) -> &'a str {
    line(run, step).split_whitespace().next().unwrap()
}

/// The `hint:` line right under `step`'s line, if any.
fn hint<'a>(run: &'a Run, step: &str) -> Option<&'a str> {
    let mut lines = run.stdout.lines();
    lines.find(|l| l.split_whitespace().nth(1) == Some(step))?;
    lines
        .next()
        .map(str::trim_start)
        .filter(|l| l.starts_with("hint: "))
}

/// Parses `--json` output and checks the document's shape.
fn document(run: &Run) -> Value {
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {run:#?}"));
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["profile", "ok", "steps", "claims"], "{doc}");
    assert!(doc["ok"].is_boolean());
    let steps = doc["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["profile", "credential", "tenant", "token", "claims", "api"]
    );
    for s in steps {
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "status", "detail", "hint"], "{s}");
        assert!(["pass", "fail", "skip"].contains(&s["status"].as_str().unwrap()));
        assert!(s["detail"].as_str().is_some_and(|d| !d.is_empty()), "{s}");
        // A hint belongs to a failure.
        if s["status"] != "fail" {
            assert!(s["hint"].is_null(), "{s}");
        }
    }
    assert_eq!(
        doc["ok"],
        steps.iter().all(|s| s["status"] != "fail"),
        "{doc}"
    );
    doc
}

fn json_step<'a>(doc: &'a Value, step: &str) -> &'a Value {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == step)
        .unwrap()
}

/// No secret, and not the token the API was called with, in any output.
fn leaks_nothing(w: &World, run: &Run) {
    run.leaks_nothing();
    for secret in [
        fx::NO_WORKSPACE_SECRET,
        fx::SP_DISABLED_SECRET,
        fx::FORBIDDEN_SECRET,
    ] {
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    }
    for req in w.authority.requests() {
        if let Some(token) = req
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            assert!(
                !run.stdout.contains(token) && !run.stderr.contains(token),
                "the token leaked: {run:#?}"
            );
        }
    }
    // However it got there, a JWT starts with a base64 '{"'.
    assert!(!run.stdout.contains("eyJ") && !run.stderr.contains("eyJ"));
}

/// Runs `check ARGS` in both modes; asserts exit 1, that `step` failed with a
/// hint containing `needle` in both, and that the steps after it that
/// depend on it were skipped. Returns the human run and the JSON document.
fn fails_at(
    w: &World,
    args: &[&str],
    adjust: impl Fn(&mut Command),
    step: &str,
    needle: &str,
) -> (Run, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let human = w.run_with(&all, &adjust);
    assert_eq!(human.code, 1, "{human:#?}");
    assert_eq!(human.stderr, "", "{human:#?}");
    assert_eq!(status(&human, step), "FAIL", "{human:#?}");
    let h = hint(&human, step).unwrap_or_else(|| panic!("no hint under {step}: {human:#?}"));
    assert!(h.contains(needle), "{needle:?} not in {h:?}");
    assert!(!human.stdout.contains('\x1b'), "colour without a terminal");
    assert!(human.stdout.lines().last().unwrap().starts_with("FAILED: "));
    leaks_nothing(w, &human);

    all.push("--json");
    let json = w.run_with(&all, &adjust);
    assert_eq!(json.code, 1, "{json:#?}");
    assert_eq!(json.stderr, "", "{json:#?}");
    let doc = document(&json);
    assert_eq!(doc["ok"], false);
    let s = json_step(&doc, step);
    assert_eq!(s["status"], "fail", "{doc}");
    assert!(s["hint"].as_str().unwrap().contains(needle), "{doc}");
    leaks_nothing(w, &json);
    (human, doc)
}

#[test]
fn full_pass_with_the_api() {
    let w = sp_world("");
    let human = w.run(&["check", "--api"]);
    assert_eq!(human.code, 0, "{human:#?}");
    assert_eq!(human.stderr, "");
    for step in ["profile", "credential", "tenant", "token", "claims", "api"] {
        assert_eq!(status(&human, step), "PASS", "{human:#?}");
        assert!(hint(&human, step).is_none());
    }
    assert!(human.stdout.starts_with("pbitoken check: profile sp\n"));
    assert!(line(&human, "profile").starts_with("  PASS  profile     sp: tenant "));
    assert!(line(&human, "credential").contains("env TEST_SP_SECRET"));
    assert!(line(&human, "claims").contains("roles Tenant.Read.All"));
    assert!(line(&human, "claims").contains(" UTC)"));
    assert!(line(&human, "api").contains(fx::WORKSPACE_NAMES[0]));
    assert!(human
        .stdout
        .lines()
        .last()
        .unwrap()
        .starts_with("ok: 6 passed"));
    leaks_nothing(&w, &human);

    let json = w.run(&["check", "--api", "--json"]);
    assert_eq!(json.code, 0, "{json:#?}");
    let doc = document(&json);
    assert_eq!(doc["profile"], "sp");
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["claims"]["aud"], fx::POWERBI_RESOURCE);
    assert_eq!(doc["claims"]["tid"], fx::TENANT_ID);
    assert_eq!(doc["claims"]["appid"], fx::SP_CLIENT_ID);
    leaks_nothing(&w, &json);

    // The API was called with the very token the authority issued.
    let api = w
        .authority
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1.0/myorg/groups")
        .unwrap();
    let bearer = api.header("authorization").unwrap();
    w.verified_claims(bearer.strip_prefix("Bearer ").unwrap());
    // With a fresh RequestId of its own, a GUID, for support to trace.
    let ids: Vec<String> = w
        .authority
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1.0/myorg/groups")
        .map(|r| {
            r.header("requestid")
                .expect("a RequestId header")
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert_eq!(id.len(), 36, "{id}");
        assert!(id.split('-').map(str::len).eq([8, 4, 4, 4, 12]), "{id}");
        assert!(
            id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{id}"
        );
    }

    // Each run asked the authority: the cache is neither read nor written.
    assert_eq!(w.authority.token_requests(), 2);
    assert!(!w.path("cache/pbitoken").exists());
}

#[test]
fn api_is_skipped_unless_asked() {
    let w = sp_world("");
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(status(&run, "api"), "SKIP");
    assert!(line(&run, "api").contains("not requested (use --api)"));
    assert!(!w
        .authority
        .requests()
        .iter()
        .any(|r| r.path.starts_with("/v1.0/")));
}

#[test]
fn user_with_password_passes_and_sees_workspaces() {
    let w = World::new();
    w.write_config(&w.user_profile("me", fx::USER_UPN, &api_base(&w, "")));
    let run = w.run_with(&["check", "-p", "me", "--api", "--json"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = document(&run);
    assert_eq!(doc["claims"]["upn"], fx::USER_UPN);
    assert!(json_step(&doc, "claims")["detail"]
        .as_str()
        .unwrap()
        .contains("scp Dataset.Read.All"));
    leaks_nothing(&w, &run);
}

#[test]
fn client_id_that_is_not_a_guid_fails_the_profile() {
    let w = sp_world("");
    let (run, doc) = fails_at(
        &w,
        &["--client-id", "pbitoken-ci"],
        |_| {},
        "profile",
        "Application (client) ID",
    );
    assert!(line(&run, "profile").contains("client_id (from --client-id) is not a GUID"));
    // It may be a secret pasted into the wrong field: never echoed.
    run.shows_none_of(&["pbitoken-ci"]);
    for step in ["credential", "tenant", "token", "claims", "api"] {
        assert_eq!(status(&run, step), "SKIP", "{run:#?}");
    }
    assert_eq!(doc["profile"], "sp");
    assert!(doc["claims"].is_null());
    assert!(w.authority.requests().is_empty());
}

#[test]
fn a_profile_that_does_not_resolve_is_a_failed_report_not_a_usage_error() {
    let w = sp_world("");
    let run = w.run(&["check", "-p", "nope"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(status(&run, "profile"), "FAIL");
    assert!(line(&run, "profile").contains("unknown profile 'nope'"));
    let doc = document(&w.run(&["check", "-p", "nope", "--json"]));
    assert_eq!(doc["profile"], "nope");
    // Bad flags remain clap's.
    assert_eq!(w.run(&["check", "--bogus"]).code, 2);
}

#[test]
fn missing_secret_env_var_fails_the_credential() {
    let w = sp_world("");
    let (run, doc) = fails_at(
        &w,
        &[],
        |c| {
            c.env_remove("TEST_SP_SECRET");
        },
        "credential",
        "export TEST_SP_SECRET",
    );
    assert!(line(&run, "credential").contains("TEST_SP_SECRET"));
    // The tenant does not depend on the credential; the token does.
    assert_eq!(status(&run, "tenant"), "PASS");
    assert_eq!(status(&run, "token"), "SKIP");
    assert!(line(&run, "token").contains("credential"));
    assert!(doc["claims"].is_null());
    assert_eq!(w.authority.token_requests(), 0);
}

#[cfg(unix)]
#[test]
fn literal_secret_in_a_config_file_others_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::new();
    let path = w.write_config(&format!(
        "default_profile = \"lit\"\n[profiles.lit]\ntenant = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        w.authority.url()
    ));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (run, _) = fails_at(&w, &[], |_| {}, "credential", "chmod 600");
    assert!(line(&run, "credential").contains("mode 0644"), "{run:#?}");
    assert_eq!(status(&run, "token"), "SKIP");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(status(&run, "credential"), "PASS");
    leaks_nothing(&w, &run);
}

#[test]
fn unknown_tenant_fails_discovery_and_skips_the_rest() {
    let w = sp_world("");
    let unknown = "9a9a9a9a-0000-4000-8000-000000000000";
    let (run, doc) = fails_at(
        &w,
        &["--tenant", unknown, "--api"],
        |_| {},
        "tenant",
        "tenant was not found",
    );
    let detail = line(&run, "tenant");
    assert!(detail.contains("does not exist"), "{detail}");
    assert!(detail.contains("AADSTS90002"), "{detail}");
    for step in ["token", "claims", "api"] {
        assert_eq!(status(&run, step), "SKIP", "{run:#?}");
    }
    assert!(doc["claims"].is_null());
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn unreachable_authority_is_told_apart_from_an_unknown_tenant() {
    let w = sp_world("");
    // A port held without listening: connections to it are refused.
    let host = common::refused_url();
    let (run, _) = fails_at(
        &w,
        &["--authority-host", &host, "--timeout", "10"],
        |_| {},
        "tenant",
        "network",
    );
    let detail = line(&run, "tenant");
    assert!(detail.contains("unreachable"), "{detail}");
    assert!(!detail.contains("does not exist"), "{detail}");
    assert_eq!(status(&run, "token"), "SKIP");
}

#[test]
fn wrong_secret_fails_the_token_with_its_aadsts_code_and_hint() {
    let w = sp_world("");
    let wrong = "Wr18Q~FAKE.wrong-secret_value-not-valid";
    let (run, doc) = fails_at(
        &w,
        &["--api"],
        |c| {
            c.env("TEST_SP_SECRET", wrong);
        },
        "token",
        "Value",
    );
    assert!(line(&run, "token").contains("AADSTS7000215"), "{run:#?}");
    assert_eq!(status(&run, "claims"), "SKIP");
    assert_eq!(status(&run, "api"), "SKIP");
    assert!(doc["claims"].is_null());
    assert!(!run.stdout.contains(wrong));
}

#[test]
fn token_for_another_resource_fails_the_claims() {
    let w = sp_world("");
    // The scope names the US Government resource; the profile's resource is
    // the public one.
    let (run, doc) = fails_at(
        &w,
        &[
            "--scope",
            "https://analysis.usgovcloudapi.net/powerbi/api/.default",
        ],
        |_| {},
        "claims",
        "another API",
    );
    assert!(
        line(&run, "claims").contains("aud is 'https://analysis.usgovcloudapi.net/powerbi/api'")
    );
    assert_eq!(
        doc["claims"]["aud"],
        "https://analysis.usgovcloudapi.net/powerbi/api"
    );
}

#[test]
fn api_401_when_the_tenant_switch_is_off() {
    let w = app_world(fx::SP_DISABLED_CLIENT_ID);
    let (run, doc) = fails_at(
        &w,
        &["--api"],
        app_secret(fx::SP_DISABLED_SECRET),
        "api",
        "Service principals can call Fabric public APIs",
    );
    let detail = line(&run, "api");
    assert!(detail.contains("HTTP 401"), "{detail}");
    assert!(
        detail.contains("X-PowerBI-Error-Info: ServicePrincipalIsNotAllowedByTenantAdminSwitch"),
        "{detail}"
    );
    assert!(detail.contains("RequestId: "), "{detail}");
    assert_eq!(status(&run, "claims"), "PASS");
    assert_eq!(doc["claims"]["appid"], fx::SP_DISABLED_CLIENT_ID);
}

#[test]
fn api_403_when_power_bi_refuses_the_app() {
    let w = app_world(fx::FORBIDDEN_CLIENT_ID);
    let (run, _) = fails_at(
        &w,
        &["--api"],
        app_secret(fx::FORBIDDEN_SECRET),
        "api",
        "security group",
    );
    let detail = line(&run, "api");
    assert!(detail.contains("HTTP 403"), "{detail}");
    assert!(detail.contains("PowerBINotAuthorizedException"), "{detail}");
    assert!(detail.contains("RequestId: "), "{detail}");
}

#[test]
fn api_200_without_workspaces_passes_with_advice_for_a_service_principal() {
    let w = app_world(fx::NO_WORKSPACE_CLIENT_ID);
    // SPEC: the step passes when the API answers 200; the empty list and
    // what to do about it are in the detail.
    let run = w.run_with(&["check", "--api"], app_secret(fx::NO_WORKSPACE_SECRET));
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(status(&run, "api"), "PASS");
    assert!(line(&run, "api").contains("no workspace"), "{run:#?}");
    assert!(line(&run, "api").contains("Member or Admin"), "{run:#?}");
    assert_eq!(hint(&run, "api"), None, "a hint belongs to a failure");
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, "/v1.0/myorg/groups");
    assert_eq!(req.query, [("$top".to_string(), "1".to_string())]);

    let run = w.run_with(
        &["check", "--api", "--json"],
        app_secret(fx::NO_WORKSPACE_SECRET),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = document(&run);
    assert_eq!(doc["ok"], true);
    let api = step_of(&doc, "api");
    assert_eq!(api["status"], "pass");
    assert!(api["detail"].as_str().unwrap().contains("Member or Admin"));
}

#[test]
fn api_refuses_a_token_for_the_wrong_audience() {
    let w = sp_world("");
    // Resource and scope agree, so the claims pass; the API does not take it.
    let (run, _) = fails_at(
        &w,
        &[
            "--resource",
            "https://analysis.usgovcloudapi.net/powerbi/api",
            "--api",
        ],
        |_| {},
        "api",
        "aud must be",
    );
    assert_eq!(status(&run, "claims"), "PASS");
    let detail = line(&run, "api");
    assert!(detail.contains("HTTP 403"), "{detail}");
    assert!(detail.contains("InvalidToken"), "{detail}");
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let w = sp_world("");
    let on_pty = |no_color: bool| {
        let mut cmd = w.cmd();
        cmd.arg("check");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let mut s = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn on a pty");
        s.exp_eof().expect("pbitoken ends")
    };
    let coloured = on_pty(false);
    assert!(coloured.contains("\x1b[32mPASS\x1b[0m"), "{coloured:?}");
    let plain = on_pty(true);
    assert!(
        plain.contains("PASS") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}

// ---- the methods without a secret ----

fn step_of<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()
}

#[test]
fn certificate_profile_passes_and_an_expired_one_fails_the_credential_step() {
    use pbitoken_authority::testcert;
    let good = testcert::generate("check-good", 2099);
    let old = testcert::generate("check-old", 2021);
    let w = World::with_certificates(&[&good, &old]);
    for (name, cert) in [("good", &good), ("old", &old)] {
        let pem = w.path(&format!("{name}.pem"));
        std::fs::write(&pem, format!("{}{}", cert.cert_pem, cert.key_pkcs8_pem)).unwrap();
    }
    let profile = |name: &str| {
        format!(
            "[profiles.{name}]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"certificate\"\ncertificate_file = \"{}\"\nauthority_host = \"{}\"\n",
            fx::TENANT_ID,
            fx::CERT_CLIENT_ID,
            w.path(&format!("{name}.pem")).display(),
            w.authority.url()
        )
    };
    w.write_config(&format!("{}{}", profile("good"), profile("old")));

    let run = w.run(&["check", "-p", "good", "--json"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = document(&run);
    let detail = step_of(&doc, "credential")["detail"].as_str().unwrap();
    assert!(detail.starts_with("certificate "), "{detail}");
    assert_eq!(doc["claims"]["appidacr"], "2");
    assert!(!run.stdout.contains("PRIVATE KEY"));

    let run = w.run(&["check", "-p", "old"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(status(&run, "credential"), "FAIL");
    assert!(line(&run, "credential").contains("expired"), "{run:#?}");
    assert!(hint(&run, "credential").unwrap().contains("upload"));
}

#[test]
fn workload_identity_without_a_token_fails_the_credential_step() {
    let w = World::new();
    w.write_config(&format!(
        "[profiles.wi]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"workload_identity\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::FEDERATED_CLIENT_ID,
        w.authority.url()
    ));
    let run = w.run(&["check", "-p", "wi", "--json"]);
    assert_eq!(run.code, 1);
    let doc = document(&run);
    assert_eq!(step_of(&doc, "credential")["status"], "fail");
    assert!(step_of(&doc, "credential")["hint"]
        .as_str()
        .unwrap()
        .contains("id-token: write"));
    assert_eq!(step_of(&doc, "token")["status"], "skip");

    // With the file, everything passes.
    let file = w.path("token");
    std::fs::write(
        &file,
        w.authority.issue_federated_token(
            fx::K8S_ISSUER,
            fx::K8S_SUBJECT,
            fx::FEDERATED_AUDIENCE,
            600,
        ),
    )
    .unwrap();
    let run = w.run_with(&["check", "-p", "wi", "--json"], |c| {
        c.env("AZURE_FEDERATED_TOKEN_FILE", &file);
    });
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = document(&run);
    assert!(step_of(&doc, "credential")["detail"]
        .as_str()
        .unwrap()
        .contains("federated token from file"));
}

#[test]
fn managed_identity_profile_passes_without_tenant_or_client() {
    let w = World::new();
    w.write_config("[profiles.mi]\nauth = \"managed_identity\"\n");
    let run = w.run_with(&["check", "-p", "mi", "--json"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = document(&run);
    assert!(step_of(&doc, "credential")["detail"]
        .as_str()
        .unwrap()
        .contains("IMDS"));
    assert_eq!(step_of(&doc, "tenant")["status"], "skip");
    assert_eq!(doc["claims"]["appid"], fx::MI_SYSTEM_CLIENT_ID);
}

#[test]
fn azure_cli_missing_fails_the_credential_step() {
    let w = World::new();
    w.write_config("[profiles.az]\nauth = \"azure_cli\"\n");
    let empty = w.path("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let run = w.run_with(&["check", "-p", "az"], |c| {
        c.env("PATH", &empty);
    });
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(status(&run, "credential"), "FAIL");
    assert!(line(&run, "credential").contains("Azure CLI"));
}

/// Every failure `check` can be made to report carries a hint, in both
/// output modes: each scenario below fails at least one step.
#[test]
fn every_failing_step_has_a_hint() {
    let w = World::new();
    // A second server standing in for a Power BI API that is down.
    let api_down = Authority::start().expect("start a second server");
    api_down.set_fault_always(Some(Fault::html(503)));
    let closed = format!("{}/nothing-here", w.authority.url());
    let cert = format!(
            "[profiles.cert]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"certificate\"\ncertificate_file = \"no-such.pem\"\nauthority_host = \"{}\"\n",
            fx::TENANT_ID,
            fx::CERT_CLIENT_ID,
            w.authority.url()
        );
    let others = format!(
            "[profiles.wif]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"workload_identity\"\nfederated_token_file = \"no-such.jwt\"\nauthority_host = \"{}\"\n[profiles.az]\nauth = \"azure_cli\"\n",
            fx::TENANT_ID,
            fx::SP_CLIENT_ID,
            w.authority.url()
        );
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}{}{}{cert}{others}",
        w.sp_profile("sp", &api_base(&w, "")),
        w.sp_profile("api-down", &format!("api_base = \"{}\"", api_down.url())),
        w.sp_profile("api-404", &format!("api_base = \"{closed}\"")),
    ));
    let no_secret = |c: &mut Command| {
        c.env_remove("TEST_SP_SECRET");
    };
    let wrong_secret = |c: &mut Command| {
        c.env("TEST_SP_SECRET", "wrong");
    };
    let empty_path = w.path("empty-bin");
    std::fs::create_dir_all(&empty_path).unwrap();
    type Adjust = Box<dyn Fn(&mut Command)>;
    let scenarios: Vec<(Vec<&str>, Adjust)> = vec![
        (vec!["-p", "cert"], Box::new(|_| {})),
        (vec!["-p", "wif"], Box::new(|_| {})),
        (
            vec!["-p", "az"],
            Box::new(move |c| {
                c.env("PATH", &empty_path);
            }),
        ),
        (vec!["-p", "sp"], Box::new(no_secret)),
        (vec!["-p", "sp"], Box::new(wrong_secret)),
        (
            vec!["-p", "sp", "--tenant", "nosuchtenant.onmicrosoft.com"],
            Box::new(|_| {}),
        ),
        (
            vec!["-p", "sp", "--client-id", "not-a-guid"],
            Box::new(|_| {}),
        ),
        (
            vec!["-p", "sp", "--scope", "https://other.example/.default"],
            Box::new(|_| {}),
        ),
        (vec!["-p", "nosuch"], Box::new(|_| {})),
        (
            vec!["-p", "api-down", "--api", "--timeout", "5"],
            Box::new(|_| {}),
        ),
        (vec!["-p", "api-404", "--api"], Box::new(|_| {})),
    ];
    for (args, adjust) in &scenarios {
        let mut all = vec!["check", "--json"];
        all.extend_from_slice(args);
        let run = w.run_with(&all, |c| adjust(c));
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        let doc = document(&run);
        let failed: Vec<&Value> = doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "fail")
            .collect();
        assert!(!failed.is_empty(), "{args:?} failed nothing: {doc}");
        for step in failed {
            assert!(
                step["hint"].as_str().is_some_and(|h| !h.trim().is_empty()),
                "{args:?}: a failed step without a hint: {step}"
            );
            if step["name"] == "api" {
                let text = format!("{} {}", step["detail"], step["hint"]);
                assert!(text.contains("Power BI API"), "{args:?}: {step}");
                assert!(!text.contains("authority"), "{args:?}: {step}");
            }
        }
        if args[1] == "cert" {
            let cred = json_step(&doc, "credential");
            assert!(
                cred["hint"].as_str().unwrap().contains("certificate_file"),
                "{doc}"
            );
        }
    }
}
