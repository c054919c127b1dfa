//! `auth = "auto"`: environment, workload identity, managed identity, the
//! Azure CLI and browser sign-in, in that order; "not available" moves on,
//! a refusal stops the chain. Also the harness rule that keeps every
//! managed-identity request on loopback.

mod common;
use common::*;
use serde_json::Value;
use std::process::Command;

fn auto_world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"auto\"\n[profiles.auto]\nauth = \"auto\"\ntenant = \"{}\"\nclient_id = \"{}\"\nauthority_host = \"{}\"\n",
        fx::TENANT_DOMAIN,
        fx::PUBLIC_CLIENT_ID,
        w.authority.url()
    ));
    w
}

fn json(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap()
}

/// A fake `az` on PATH answering `script`; each run is logged.
fn fake_az(w: &World, script: &str) -> String {
    let log = w.path("az.log");
    w.fake_program(
        "az",
        &format!("echo run >> \"{}\"\n{script}", log.display()),
    )
}

const AZ_NOT_SIGNED_IN: &str =
    "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1";

fn env_sp(c: &mut Command) {
    c.env("AZURE_TENANT_ID", fx::TENANT_ID)
        .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
        .env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
}

#[test]
fn environment_comes_first() {
    let w = auto_world();
    let run = w.run_with(&["token", "-o", "json", "-v"], env_sp);
    let out = json(&run);
    assert_eq!(out["auth"], "client_secret");
    assert_eq!(out["client_id"], fx::SP_CLIENT_ID);
    assert_eq!(out["tenant"], fx::TENANT_ID);
    assert_eq!(
        w.verified_claims(out["access_token"].as_str().unwrap())["appid"],
        fx::SP_CLIENT_ID
    );
    assert!(run.stderr.contains("auto: using environment"), "{run:#?}");
    // Cached under the method used: the next call is a hit.
    let run = w.run_with(&["token", "-o", "json"], env_sp);
    assert_eq!(json(&run)["cached"], true);
    run.leaks_nothing();
}

#[test]
fn managed_identity_when_imds_answers() {
    let w = auto_world();
    let run = w.run_with(&["token", "-o", "json", "-v"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    let out = json(&run);
    assert_eq!(out["auth"], "managed_identity");
    assert_eq!(
        w.verified_claims(out["access_token"].as_str().unwrap())["appid"],
        fx::MI_SYSTEM_CLIENT_ID
    );
    assert!(
        run.stderr.contains("auto: environment is not available"),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("auto: using managed_identity"),
        "{run:#?}"
    );
    // check names the method it chose.
    let run = w.run_with(&["check", "--json"], |c| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let detail = report["steps"][1]["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("auto chose managed_identity"),
        "{report}"
    );
    assert_eq!(report["steps"][3]["status"], "pass", "{report}");
}

#[test]
fn the_azure_cli_when_signed_in_and_not_available_when_not() {
    let w = auto_world();
    let path = fake_az(&w, &format!(
        "echo '{{\"accessToken\":\"eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln\",\"expires_on\":{},\"tokenType\":\"Bearer\"}}'",
        chrono_now() + 3600
    ));
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PATH", &path);
    });
    assert_eq!(json(&run)["auth"], "azure_cli");

    // Not signed in: not available; interactive has no terminal: nothing is.
    let w = auto_world();
    let path = fake_az(&w, AZ_NOT_SIGNED_IN);
    let run = w.run_with(&["token"], |c| {
        c.env("PATH", &path);
    });
    let err = run.fails(2);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].contains("auth = \"auto\""), "{err}");
    let names: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.strip_prefix("  - ").expect(l).split(':').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "environment",
            "workload_identity",
            "managed_identity",
            "azure_cli",
            "interactive"
        ],
        "{err}"
    );
    assert!(err.contains("azure_cli: az is not signed in"), "{err}");
    assert!(err.contains("interactive: no terminal"), "{err}");
}

#[test]
fn a_refusal_stops_the_chain() {
    let w = auto_world();
    let path = fake_az(&w, AZ_NOT_SIGNED_IN);
    let run = w.run_with(&["token"], |c| {
        env_sp(c);
        c.env("AZURE_CLIENT_SECRET", fx::OTHER_SECRET)
            .env("PATH", &path);
    });
    run.fails(3);
    assert!(run.error_line().contains("AADSTS7000215"), "{run:#?}");
    assert!(!w.path("az.log").exists(), "az ran after a refusal");
}

#[test]
fn azure_token_credentials_narrows_the_chain() {
    let w = auto_world();
    let imds = |c: &mut Command| {
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    };
    // dev: the Azure CLI and the browser only, so managed identity is not tried.
    let run = w.run_with(&["token"], |c| {
        imds(c);
        c.env("AZURE_TOKEN_CREDENTIALS", "dev");
    });
    let err = run.fails(2);
    assert!(err.contains("AZURE_TOKEN_CREDENTIALS"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("  - ")).count(),
        2,
        "{err}"
    );
    assert!(err.contains("  - azure_cli: "), "{err}");
    // One method by azure-identity's name, any case, trimmed.
    for value in [" ManagedIdentityCredential ", "managed_identity", "PROD"] {
        let run = w.run_with(&["token", "-o", "json"], |c| {
            imds(c);
            c.env("AZURE_TOKEN_CREDENTIALS", value);
        });
        assert_eq!(json(&run)["auth"], "managed_identity", "{value}");
    }
    // Environment by its name, but nothing set: not available.
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential");
    });
    assert!(
        run.fails(2).contains("  - environment: AZURE_TENANT_ID"),
        "{run:#?}"
    );
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_TOKEN_CREDENTIALS", "bogus");
    });
    run.fails_cleanly(2);
    assert!(
        run.error_line().contains("AZURE_TOKEN_CREDENTIALS"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("bogus"));
}

#[test]
fn workload_identity_from_a_token_file() {
    let w = auto_world();
    let token = w.authority.issue_federated_token(
        fx::K8S_ISSUER,
        fx::K8S_SUBJECT,
        fx::FEDERATED_AUDIENCE,
        600,
    );
    let file = w.path("federated.jwt");
    std::fs::write(&file, token).unwrap();
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::FEDERATED_CLIENT_ID)
            .env("AZURE_FEDERATED_TOKEN_FILE", &file);
    });
    assert_eq!(json(&run)["auth"], "workload_identity");
}

/// The profile's own tenant and client id serve the federated token when
/// the environment names none (a GitHub Actions job allowed an OIDC token).
#[test]
fn workload_identity_with_the_profiles_ids() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"auto\"\n[profiles.auto]\nauth = \"auto\"\ntenant = \"{}\"\nclient_id = \"{}\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::FEDERATED_CLIENT_ID,
        w.authority.url()
    ));
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            w.authority.github_oidc_url(),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", fx::GITHUB_REQUEST_TOKEN);
    });
    let out = json(&run);
    assert_eq!(out["auth"], "workload_identity");
    let claims = w.verified_claims(out["access_token"].as_str().unwrap());
    assert_eq!(claims["appid"], fx::FEDERATED_CLIENT_ID);
}

#[test]
fn auto_needs_no_config_file() {
    let w = World::new();
    let run = w.run_with(
        &[
            "token",
            "--auth",
            "auto",
            "--authority-host",
            &w.authority.url(),
            "-o",
            "json",
        ],
        env_sp,
    );
    assert_eq!(json(&run)["auth"], "client_secret");
}

#[test]
fn every_run_has_a_loopback_imds_endpoint() {
    let w = World::new();
    let cmd = w.cmd();
    let imds = cmd
        .get_envs()
        .find(|(k, _)| *k == "PBITOKEN_IMDS_ENDPOINT")
        .and_then(|(_, v)| v)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(imds.starts_with("http://127.0.0.1:"), "{imds}");
    // Managed identity with no endpoint set by the test: refused on
    // loopback, never 169.254.169.254.
    let run = w.run(&["token", "--auth", "managed_identity"]);
    run.fails(4);
    assert!(!run.stderr.contains("169.254.169.254"), "{run:#?}");
}

#[test]
#[should_panic(expected = "must point at loopback")]
fn the_harness_refuses_a_run_without_a_loopback_imds_endpoint() {
    let w = World::new();
    w.run_with(&["token", "--auth", "managed_identity"], |c| {
        c.env_remove("PBITOKEN_IMDS_ENDPOINT");
    });
}

#[test]
#[should_panic(expected = "must point at loopback")]
fn the_harness_refuses_the_link_local_imds_address() {
    let w = World::new();
    w.run_with(&["token", "--auth", "auto"], |c| {
        c.env(
            "PBITOKEN_IMDS_ENDPOINT",
            "http://169.254.169.254/metadata/identity/oauth2/token",
        );
    });
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
