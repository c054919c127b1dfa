//! The other ways to sign in, each verified for real by the local
//! authority: certificate, workload identity (file and GitHub Actions),
//! managed identity (IMDS and App Service), the Azure CLI, device code.

mod common;
use common::*;
use pbitoken_authority::testcert;
use serde_json::Value;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn json(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap()
}

// ---- certificate ----

fn cert_profile(w: &World, pem_path: &std::path::Path, extra: &str) {
    w.write_config(&format!(
        "default_profile = \"cert\"\n[profiles.cert]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"certificate\"\ncertificate_file = \"{}\"\nauthority_host = \"{}\"\n{extra}\n",
        fx::TENANT_ID,
        fx::CERT_CLIENT_ID,
        pem_path.display(),
        w.authority.url()
    ));
}

fn write_pem(w: &World, name: &str, parts: &[&str]) -> std::path::PathBuf {
    let path = w.path(name);
    std::fs::write(&path, parts.concat()).unwrap();
    path
}

#[test]
fn certificate_pkcs8_and_pkcs1_on_both_endpoints() {
    let cert = testcert::generate("pbitoken-test", 2099);
    let w = World::with_certificates(&[&cert]);
    let pkcs8 = write_pem(&w, "pkcs8.pem", &[&cert.cert_pem, &cert.key_pkcs8_pem]);
    let pkcs1 = write_pem(&w, "pkcs1.pem", &[&cert.key_pkcs1_pem, &cert.cert_pem]);
    for (pem, endpoint) in [(&pkcs8, "v2"), (&pkcs1, "v1"), (&pkcs1, "v2")] {
        cert_profile(&w, pem, &format!("endpoint = \"{endpoint}\""));
        let run = w.run(&["token", "--no-cache"]);
        let claims = w.verified_claims(run.ok());
        assert_eq!(claims["appid"], fx::CERT_CLIENT_ID);
        assert_eq!(claims["appidacr"], "2", "signed in with a certificate");
        let req = w.authority.requests().pop().unwrap();
        assert_eq!(
            req.form_value("client_assertion_type"),
            Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        );
        assert_eq!(req.form_value("client_secret"), None);
        // The assertion names the token endpoint it was sent to.
        let assertion = req.form_value("client_assertion").unwrap();
        let payload = assertion.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["aud"], format!("{}{}", w.authority.url(), req.path));
        assert_eq!(claims["iss"], fx::CERT_CLIENT_ID);
        assert_eq!(claims["sub"], fx::CERT_CLIENT_ID);
        assert!(claims["exp"].as_i64().unwrap() - claims["nbf"].as_i64().unwrap() <= 600);
    }
}

#[test]
fn certificate_problems_are_named() {
    let cert = testcert::generate("pbitoken-test", 2099);
    let other = testcert::generate("someone-else", 2099);
    let w = World::with_certificates(&[&cert]);
    let cases = [
        (
            write_pem(&w, "nokey.pem", &[&cert.cert_pem]),
            "no private key",
        ),
        (
            write_pem(&w, "nocert.pem", &[&cert.key_pkcs8_pem]),
            "no CERTIFICATE",
        ),
        (
            write_pem(&w, "mismatch.pem", &[&cert.cert_pem, &other.key_pkcs8_pem]),
            "does not match",
        ),
        (w.path("missing.pem"), "cannot read"),
    ];
    for (path, needle) in cases {
        cert_profile(&w, &path, "");
        let run = w.run(&["token"]);
        let err = run.fails(2);
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(!err.contains("PRIVATE KEY-----"), "{err}");
    }
    assert_eq!(w.authority.token_requests(), 0);

    // A certificate the app does not know: the authority refuses it.
    let unknown = write_pem(&w, "unknown.pem", &[&other.cert_pem, &other.key_pkcs8_pem]);
    cert_profile(&w, &unknown, "");
    let run = w.run(&["token"]);
    run.fails(3);
    assert!(run.error_line().contains("AADSTS700027"), "{run:?}");
    assert!(run.hint().unwrap().contains("certificate"));
}

#[test]
fn expired_certificate_is_warned_about() {
    let old = testcert::generate("pbitoken-old", 2021);
    let w = World::with_certificates(&[&old]);
    let pem = write_pem(&w, "old.pem", &[&old.cert_pem, &old.key_pkcs8_pem]);
    cert_profile(&w, &pem, "");
    let run = w.run(&["token"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.starts_with("warning: the certificate"),
        "{run:?}"
    );
    assert!(run.stderr.contains("expired"), "{run:?}");
    assert!(run.stderr.contains("AADSTS700027"), "{run:?}");
}

#[test]
fn certificate_tokens_are_cached_per_certificate() {
    let a = testcert::generate("a", 2099);
    let b = testcert::generate("b", 2099);
    let w = World::with_certificates(&[&a, &b]);
    let pem_a = write_pem(&w, "a.pem", &[&a.cert_pem, &a.key_pkcs8_pem]);
    let pem_b = write_pem(&w, "b.pem", &[&b.cert_pem, &b.key_pkcs8_pem]);
    cert_profile(&w, &pem_a, "");
    w.run(&["token"]).ok();
    assert_eq!(json(&w.run(&["token", "-o", "json"]))["cached"], true);
    assert_eq!(w.authority.token_requests(), 1);
    // A rotated certificate is a new entry.
    cert_profile(&w, &pem_b, "");
    assert_eq!(json(&w.run(&["token", "-o", "json"]))["cached"], false);
    assert_eq!(w.authority.token_requests(), 2);
}

#[test]
fn a_certificate_cache_hit_parses_nothing() {
    // The cache key comes from the file's bytes: a hit reads the file but
    // parses neither the certificate nor the key. Shown with a file that
    // cannot be parsed, whose entry is in the cache.
    let w = World::new();
    let pem = write_pem(
        &w,
        "broken.pem",
        &["-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"],
    );
    cert_profile(&w, &pem, "");
    // Without an entry: the usage error.
    w.run(&["token"]).fails(2);
    // With one, written as pbitoken writes it: a hit.
    let config = pbitoken::config::load(Some(&w.config_path())).unwrap();
    let profile =
        pbitoken::profile::resolve(config.as_ref(), Some("cert"), &Default::default()).unwrap();
    let identity = pbitoken::credential::cache_identity(&profile).unwrap();
    let key = pbitoken::cache::Key::new(&profile, identity.as_deref());
    let cache = pbitoken::cache::Cache::at(w.path("cache/pbitoken"));
    let token = pbitoken::token::Token {
        access_token: pbitoken::secret::Secret::new("eyJ-cached"),
        token_type: "Bearer".into(),
        expires_on: pbitoken::token::now() + 3600,
        refresh_token: None,
        id_token: None,
        extra: Default::default(),
    };
    let lock = cache.lock(&key, std::time::Duration::ZERO);
    cache.write(&key, "cert", &token, &lock).unwrap();
    drop(lock);
    assert_eq!(w.run(&["token"]).ok().trim(), "eyJ-cached");
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn certificate_from_the_environment_only() {
    let cert = testcert::generate("env", 2099);
    let w = World::with_certificates(&[&cert]);
    let pem = write_pem(&w, "env.pem", &[&cert.cert_pem, &cert.key_pkcs8_pem]);
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::CERT_CLIENT_ID)
            .env("AZURE_CLIENT_CERTIFICATE_PATH", &pem)
            .env("AZURE_AUTHORITY_HOST", w.authority.url());
    });
    assert_eq!(json(&run)["appidacr"], "2");
}

// ---- workload identity ----

fn federated_world(token_file: Option<&std::path::Path>) -> World {
    let w = World::new();
    let file = token_file
        .map(|p| format!("federated_token_file = \"{}\"\n", p.display()))
        .unwrap_or_default();
    w.write_config(&format!(
        "default_profile = \"wi\"\n[profiles.wi]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"workload_identity\"\nauthority_host = \"{}\"\n{file}",
        fx::TENANT_ID,
        fx::FEDERATED_CLIENT_ID,
        w.authority.url()
    ));
    w
}

#[test]
fn federated_token_file_is_read_on_every_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("azure-identity-token");
    let w = federated_world(Some(&file));
    // A token for another subject: refused with the subject named.
    let wrong = w.authority.issue_federated_token(
        fx::K8S_ISSUER,
        "system:serviceaccount:x:y",
        fx::FEDERATED_AUDIENCE,
        600,
    );
    std::fs::write(&file, &wrong).unwrap();
    let run = w.run(&["token"]);
    run.fails(3);
    assert!(run.error_line().contains("AADSTS700213"), "{run:?}");
    assert!(!run.stderr.contains(&wrong), "the assertion leaked");
    // Rotated: the next call reads the new one.
    let good = w.authority.issue_federated_token(
        fx::K8S_ISSUER,
        fx::K8S_SUBJECT,
        fx::FEDERATED_AUDIENCE,
        600,
    );
    std::fs::write(&file, format!("{good}\n")).unwrap();
    let run = w.run(&["token", "-o", "claims"]);
    let claims = json(&run);
    assert_eq!(claims["appid"], fx::FEDERATED_CLIENT_ID);
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("client_assertion"), Some(good.as_str()));
    assert_eq!(req.form_value("client_secret"), None);
}

#[test]
fn federated_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    let w = federated_world(Some(&file));
    let cases = [
        (
            "https://unknown.issuer.test",
            fx::K8S_SUBJECT,
            fx::FEDERATED_AUDIENCE,
            600,
            "70021",
        ),
        (
            fx::K8S_ISSUER,
            fx::K8S_SUBJECT,
            "api://wrong-audience",
            600,
            "70021",
        ),
        (
            fx::K8S_ISSUER,
            fx::K8S_SUBJECT,
            fx::FEDERATED_AUDIENCE,
            -900,
            "700024",
        ),
    ];
    for (iss, sub, aud, lifetime, code) in cases {
        std::fs::write(
            &file,
            w.authority.issue_federated_token(iss, sub, aud, lifetime),
        )
        .unwrap();
        let run = w.run(&["token"]);
        run.fails(3);
        assert!(
            run.error_line().contains(&format!("AADSTS{code}")),
            "{code}: {run:?}"
        );
        assert!(run.hint().is_some(), "{code}: {run:?}");
    }
    std::fs::write(&file, "").unwrap();
    assert!(w.run(&["token"]).fails(2).contains("empty"));
}

#[test]
fn azure_federated_token_file_from_the_environment_only() {
    let w = World::new();
    let file = w.path("aks-token");
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
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::FEDERATED_CLIENT_ID)
            .env("AZURE_FEDERATED_TOKEN_FILE", &file)
            .env("AZURE_AUTHORITY_HOST", w.authority.url());
    });
    assert_eq!(json(&run)["appid"], fx::FEDERATED_CLIENT_ID);
}

#[test]
fn github_actions_oidc_token() {
    let w = federated_world(None);
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            w.authority.github_oidc_url(),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", fx::GITHUB_REQUEST_TOKEN);
    });
    assert_eq!(json(&run)["appid"], fx::FEDERATED_CLIENT_ID);
    let gh = w
        .authority
        .requests()
        .into_iter()
        .find(|r| r.path == "/github/oidc/token")
        .expect("asked the GitHub OIDC endpoint");
    assert!(gh
        .query
        .iter()
        .any(|(k, v)| k == "audience" && v == "api://AzureADTokenExchange"));
    assert!(gh
        .query
        .iter()
        .any(|(k, v)| k == "api-version" && v == "2.0"));
    run.leaks_nothing();
    assert!(!run.stderr.contains(fx::GITHUB_REQUEST_TOKEN));

    // A wrong request token: GitHub refuses.
    let run = w.run_with(&["token", "--no-cache"], |c| {
        c.env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            w.authority.github_oidc_url(),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "not-the-token-0000");
    });
    let err = run.fails(3);
    assert!(err.contains("id-token: write"), "{err}");
}

#[test]
fn no_federated_token_anywhere_is_exit_2() {
    let w = federated_world(None);
    let err = w.run(&["token"]).fails(2).to_owned();
    for place in [
        "federated_token_file",
        "AZURE_FEDERATED_TOKEN_FILE",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
}

// ---- managed identity ----

fn mi_world(extra: &str) -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"mi\"\n[profiles.mi]\nauth = \"managed_identity\"\n{extra}\n"
    ));
    w
}

#[test]
fn imds_system_and_user_assigned() {
    let w = mi_world("");
    let imds = |c: &mut std::process::Command| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    };
    let run = w.run_with(&["token", "-o", "json"], imds);
    let out = json(&run);
    assert!(out["expires_on"].is_i64(), "string numbers parsed: {out}");
    let claims = w.verified_claims(out["access_token"].as_str().unwrap());
    assert_eq!(claims["appid"], fx::MI_SYSTEM_CLIENT_ID);
    assert_eq!(claims["aud"], fx::POWERBI_RESOURCE);
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.method, "GET");
    assert_eq!(req.header("metadata"), Some("true"));
    assert!(req
        .query
        .iter()
        .any(|(k, v)| k == "resource" && v == fx::POWERBI_RESOURCE));
    assert!(req
        .query
        .iter()
        .any(|(k, v)| k == "api-version" && v == "2018-02-01"));

    let w = mi_world(&format!("client_id = \"{}\"", fx::MI_USER_CLIENT_ID));
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    assert_eq!(json(&run)["appid"], fx::MI_USER_CLIENT_ID);

    let w = mi_world("client_id = \"00000000-0000-4000-8000-000000000000\"");
    let run = w.run_with(&["token"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    let err = run.fails(3);
    assert!(err.contains("Identity not found"), "{err}");
    assert!(run.hint().unwrap().contains("client_id"));
}

#[test]
fn app_service_identity_endpoint() {
    let w = mi_world("");
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("IDENTITY_ENDPOINT", w.authority.identity_endpoint_url())
            .env("IDENTITY_HEADER", fx::IDENTITY_HEADER);
    });
    let out = json(&run);
    let left = out["expires_in"].as_i64().unwrap();
    assert!((3500..=3600).contains(&left), "{out}");
    w.verified_claims(out["access_token"].as_str().unwrap());
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, "/msi/token");
    assert_eq!(req.header("x-identity-header"), Some(fx::IDENTITY_HEADER));
    assert!(req
        .query
        .iter()
        .any(|(k, v)| k == "api-version" && v == "2019-08-01"));

    let run = w.run_with(&["token", "--no-cache"], |c| {
        c.env("IDENTITY_ENDPOINT", w.authority.identity_endpoint_url())
            .env("IDENTITY_HEADER", "stale-header");
    });
    run.fails(3);
    assert!(!run.stderr.contains("stale-header"));
}

#[test]
fn imds_over_http_only_at_its_own_address_or_loopback() {
    let w = mi_world("imds_endpoint = \"http://10.20.30.40/metadata/identity/oauth2/token\"");
    let run = w.run(&["token"]);
    assert!(run.fails(2).contains("http"));
}

// ---- Azure CLI ----

/// A fake `az` on PATH that logs its arguments and answers `script`.
fn fake_az(w: &World, script: &str) -> String {
    let args = w.path("az.args");
    w.fake_program(
        "az",
        &format!("echo \"$@\" > \"{}\"\n{script}", args.display()),
    )
}

fn az_world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"az\"\n[profiles.az]\nauth = \"azure_cli\"\ntenant = \"{}\"\n",
        fx::TENANT_ID
    ));
    w
}

#[test]
fn azure_cli_session_is_borrowed() {
    let w = az_world();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let path = fake_az(
        &w,
        &format!(
            "printf '{{\"accessToken\":\"eyJhei.from-az.sig\",\"expiresOn\":\"2099-01-01 00:00:00.000000\",\"expires_on\":{},\"subscription\":\"s\",\"tenant\":\"{}\",\"tokenType\":\"Bearer\"}}'",
            now + 3000,
            fx::TENANT_ID
        ),
    );
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PATH", &path);
    });
    let out = json(&run);
    assert_eq!(out["access_token"], "eyJhei.from-az.sig");
    assert_eq!(out["expires_on"], now + 3000);
    let args = std::fs::read_to_string(w.path("az.args")).unwrap();
    assert_eq!(
        args.trim(),
        format!(
            "account get-access-token --resource {} --tenant {} --output json",
            fx::POWERBI_RESOURCE,
            fx::TENANT_ID
        )
    );
}

#[test]
fn azure_cli_not_signed_in_or_missing() {
    let w = az_world();
    let path = fake_az(
        &w,
        "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1",
    );
    let run = w.run_with(&["token"], |c| {
        c.env("PATH", &path);
    });
    let err = run.fails(3);
    assert!(err.contains("az login"), "{err}");

    let empty = w.path("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let run = w.run_with(&["token"], |c| {
        c.env("PATH", &empty);
    });
    assert!(run.fails(2).contains("Azure CLI"));
}

#[test]
fn azure_cli_interaction_codes_exit_5_with_a_hint() {
    let w = az_world();
    // Every code SPEC.md's exit 5 row names.
    for code in [50076, 50079, 53003, 65001, 65004, 50055] {
        let path = fake_az(
            &w,
            &format!("echo \"ERROR: AADSTS{code}: the tenant wants more.\" >&2; exit 1"),
        );
        let run = w.run_with(&["token"], |c| {
            c.env("PATH", &path);
        });
        run.fails_cleanly(5);
        assert!(
            run.error_line().contains(&format!("AADSTS{code}")),
            "{run:#?}"
        );
        assert!(run.hint().unwrap_or("").contains("az login"), "{run:#?}");
    }
    // A plain refusal with a code stays 3, with that code's hint.
    let path = fake_az(
        &w,
        "echo \"ERROR: AADSTS700016: Application not found.\" >&2; exit 1",
    );
    let run = w.run_with(&["token"], |c| {
        c.env("PATH", &path);
    });
    run.fails_cleanly(3);
    assert!(run.hint().unwrap_or("").contains("client id"), "{run:#?}");
}

/// Whether the process is gone (or a zombie, which no longer runs).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn azure_cli_that_hangs_is_ended_with_everything_it_started() {
    let w = az_world();
    let pids = w.path("az.pids");
    // az starts a helper that outlives it unless its group is ended.
    let path = fake_az(
        &w,
        &format!(
            "sleep 300 & echo $! >> '{p}'; echo $$ >> '{p}'; sleep 300",
            p = pids.display()
        ),
    );
    let run = w.run_with(&["token", "--timeout", "1"], |c| {
        c.env("PATH", &path);
    });
    run.fails_cleanly(4);
    assert!(
        run.error_line().contains("no answer within 1 s"),
        "{run:#?}"
    );
    let pids = std::fs::read_to_string(&pids).unwrap();
    let pids: Vec<&str> = pids.split_whitespace().collect();
    assert_eq!(pids.len(), 2);
    // SIGKILL was sent before pbitoken exited; give the kernel a moment to
    // finish the processes off.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !pids.iter().all(|p| gone(p)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in pids {
        assert!(gone(pid), "az's process {pid} is still running");
    }
}

// ---- device code ----

fn device_world(extra: &str) -> World {
    let w = World::new();
    w.authority.set_device_code_timing(60, 1);
    w.write_config(&format!(
        "default_profile = \"dc\"\n[profiles.dc]\ntenant = \"organizations\"\nclient_id = \"{}\"\nauth = \"device_code\"\nauthority_host = \"{}\"\n{extra}\n",
        fx::PUBLIC_CLIENT_ID,
        w.authority.url()
    ));
    w
}

/// Starts `pbitoken token`, waits for its device code, lets `act` play the
/// user, and returns the finished run.
fn device_run(w: &World, args: &[&str], act: impl FnOnce(&str)) -> Run {
    let mut cmd = w.cmd();
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(code) = w.authority.pending_device_codes().pop() {
            break code;
        }
        assert!(Instant::now() < deadline, "no device code was requested");
        std::thread::sleep(Duration::from_millis(50));
    };
    act(&code);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn device_code_sign_in_then_silent() {
    let w = device_world("");
    w.authority.set_token_lifetime(120);
    let mut user_code = String::new();
    let run = device_run(&w, &["token"], |code| {
        user_code = code.to_owned();
        assert!(w.authority.approve_device_code(code, fx::USER_UPN));
    });
    let claims = w.verified_claims(run.ok());
    assert_eq!(claims["upn"], fx::USER_UPN);
    assert!(
        run.stderr.contains(&user_code),
        "the message was not shown: {run:?}"
    );
    assert!(run.stderr.contains("https://microsoft.com/devicelogin"));
    let req = w
        .authority
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/devicecode"))
        .unwrap();
    assert!(req.form_value("scope").unwrap().contains("offline_access"));

    // The token is stale at once (120 s < 300): the cached refresh token
    // gets the next one without any prompt or code.
    let run = w.run(&["token", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false);
    let last = w.authority.requests().pop().unwrap();
    assert_eq!(last.form_value("grant_type"), Some("refresh_token"));
    assert!(w.authority.pending_device_codes().is_empty());
}

#[test]
fn device_code_v1() {
    let w = device_world(
        "endpoint = \"v1\"\ntenant = \"contoso.onmicrosoft.com\""
            .replace("organizations", "x")
            .as_str(),
    );
    // The profile above sets tenant twice; write a clean one instead.
    w.write_config(&format!(
        "default_profile = \"dc\"\n[profiles.dc]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"device_code\"\nendpoint = \"v1\"\nauthority_host = \"{}\"\n",
        fx::TENANT_DOMAIN,
        fx::PUBLIC_CLIENT_ID,
        w.authority.url()
    ));
    let run = device_run(&w, &["token", "-o", "json"], |code| {
        assert!(w.authority.approve_device_code(code, fx::USER_UPN));
    });
    let out = json(&run);
    assert_eq!(out["resource"], fx::POWERBI_RESOURCE);
    let poll = w.authority.requests().pop().unwrap();
    assert_eq!(poll.form_value("grant_type"), Some("device_code"));
    assert!(poll.form_value("code").is_some());
}

#[test]
fn device_code_declined_and_expired() {
    let w = device_world("");
    let run = device_run(&w, &["token"], |code| {
        assert!(w.authority.decline_device_code(code));
    });
    assert!(run.stderr.contains("declined"), "{run:?}");
    assert_eq!(run.code, 3);
    assert_eq!(run.stdout, "");

    w.authority.set_device_code_timing(2, 1);
    let run = device_run(&w, &["token"], |_| {});
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("expired"), "{run:?}");
}

#[test]
fn device_code_slow_down_keeps_polling() {
    let w = device_world("");
    let run = device_run(&w, &["token", "-v"], |code| {
        assert!(w.authority.slow_down_device_code(code));
        std::thread::sleep(Duration::from_millis(1500));
        assert!(w.authority.approve_device_code(code, fx::USER_UPN));
    });
    assert_eq!(run.code, 0, "{run:?}");
    let polls = w
        .authority
        .requests()
        .iter()
        .filter(|r| {
            r.form_value("grant_type") == Some("urn:ietf:params:oauth:grant-type:device_code")
        })
        .count();
    assert!(polls >= 2, "{polls}");
}

#[test]
fn managed_identity_json_names_the_resource_not_a_scope() {
    let w = mi_world("");
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    let out = json(&run);
    assert_eq!(out["resource"], fx::POWERBI_RESOURCE);
    assert!(out.get("scope").is_none(), "{out}");
}

#[test]
fn managed_identity_needs_no_config_file() {
    let w = World::new();
    let run = w.run_with(
        &["token", "--auth", "managed_identity", "-o", "claims"],
        |c| {
            c.env("IDENTITY_ENDPOINT", w.authority.identity_endpoint_url())
                .env("IDENTITY_HEADER", fx::IDENTITY_HEADER);
        },
    );
    assert_eq!(json(&run)["appid"], fx::MI_SYSTEM_CLIENT_ID);
}

#[test]
fn github_actions_oidc_needs_no_config_file() {
    let w = World::new();
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::FEDERATED_CLIENT_ID)
            .env("AZURE_AUTHORITY_HOST", w.authority.url())
            .env(
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                w.authority.github_oidc_url(),
            )
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", fx::GITHUB_REQUEST_TOKEN);
    });
    assert_eq!(json(&run)["appid"], fx::FEDERATED_CLIENT_ID);
}
