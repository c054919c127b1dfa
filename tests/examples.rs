//! The files in examples/ work: the config parses and shows every auth
//! method, the shell scripts run against the local authority (and a stub
//! Power BI API), and the library example gets a token.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use pbitoken::acquire::CachePolicy;

#[allow(dead_code)] // its `main` is for `cargo run --example demo`
#[path = "../examples/demo.rs"]
mod demo;
#[allow(dead_code)] // its `main` is for `cargo run --example library`
#[path = "../examples/library.rs"]
mod library;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

#[test]
fn example_config_parses_and_has_every_auth_method() {
    let text = std::fs::read_to_string(example("config.toml")).unwrap();
    let cfg = pbitoken::config::parse(&text).unwrap();
    for method in pbitoken::profile::AuthMethod::NAMES {
        let has = cfg
            .profiles
            .values()
            .any(|p| p.auth.as_deref().unwrap_or("client_secret") == method);
        assert!(has, "examples/config.toml has no {method} profile");
    }
    // Every profile resolves (the shapes are right), through the binary.
    let w = World::new();
    w.write_config(&text);
    for name in cfg.profiles.keys() {
        w.run(&["config", "show", name]).ok();
    }
}

/// PATH with the built binary first, as an installed pbitoken would be.
fn path_with_binary() -> String {
    let dir = Path::new(env!("CARGO_BIN_EXE_pbitoken")).parent().unwrap();
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn world_with_profile(extra: &str) -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"prod\"\n{}",
        w.sp_profile("prod", extra)
    ));
    w
}

/// Sources export-token.sh in `shell` and reports `status=… token=…`.
fn source_export_token(w: &World, shell: &str, before: &str, args: &str) -> String {
    let mut cmd = w.program(shell);
    cmd.env("PATH", path_with_binary()).arg("-c").arg(format!(
        "{before} . '{}' {args}; echo \"status=$? token=${{PBI_TOKEN:-}}\"; sh -c 'echo \"exported=${{PBI_TOKEN:+yes}}\"'",
        example("export-token.sh").display()
    ));
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn export_token_sh_sets_and_exports_pbi_token() {
    let w = world_with_profile("");
    w.write_config(&format!(
        "{}{}",
        w.sp_profile("prod", ""),
        w.sp_profile("other", "")
    ));
    for (shell, before, args) in [
        ("bash", "", "prod"),
        ("sh", "export PBITOKEN_PROFILE=prod;", ""),
    ] {
        let out = source_export_token(&w, shell, before, args);
        let token = out
            .strip_prefix("status=0 token=")
            .and_then(|rest| rest.strip_suffix("\nexported=yes\n"))
            .unwrap_or_else(|| panic!("{shell}: {out}"));
        w.verified_claims(token);
    }
    // A failure leaves a non-zero status in the caller's shell, not a token.
    for (shell, before, args) in [
        ("bash", "", "nope"),
        ("sh", "export PBITOKEN_PROFILE=nope;", ""),
    ] {
        let out = source_export_token(&w, shell, before, args);
        assert_eq!(out, "status=1 token=\nexported=\n", "{shell}");
    }
}

/// A stand-in for the Power BI REST API on loopback: answers one request
/// and hands back its request line and Authorization header.
fn stub_api() -> (String, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut authorization = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Authorization: ") {
                authorization = v.trim().to_owned();
            }
        }
        let body = r#"{"value":[{"id":"e1b2c3d4-0000-4000-8000-000000000001","name":"Sales"}]}"#;
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        tx.send((request_line.trim().to_owned(), authorization))
            .unwrap();
    });
    (url, rx)
}

#[test]
fn list_workspaces_sh_calls_the_api_with_the_token() {
    let (api, seen) = stub_api();
    // The API base comes from the profile, through `config show`.
    let w = world_with_profile(&format!("api_base = \"{api}\""));
    let mut cmd = w.program(example("list-workspaces.sh").to_str().unwrap());
    cmd.env("PATH", path_with_binary()).arg("prod");
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"name\":\"Sales\""));
    let (request_line, authorization) = seen.recv().unwrap();
    assert_eq!(request_line, "GET /v1.0/myorg/groups?$top=100 HTTP/1.1");
    let token = authorization
        .strip_prefix("Bearer ")
        .unwrap_or_else(|| panic!("not a bearer header: {authorization:?}"));
    w.verified_claims(token);
}

#[test]
fn library_example_gets_a_token() {
    let w = World::new();
    let secret = w.path("sp.secret");
    write_file(&secret, fx::SP_SECRET);
    let config = w.write_config(&w.sp_profile("prod", "").replace(
        "client_secret_env = \"TEST_SP_SECRET\"",
        &format!("client_secret_file = \"{}\"", secret.display()),
    ));
    let (token, cached) =
        library::access_token(Some(&config), Some("prod"), CachePolicy::NoCache).unwrap();
    assert!(!cached);
    let claims = w.verified_claims(token.access_token.expose());
    assert_eq!(claims["appid"], fx::SP_CLIENT_ID);

    let err = library::access_token(Some(&config), Some("nope"), CachePolicy::NoCache).unwrap_err();
    assert_eq!(
        pbitoken::error::exit_code_of(&err),
        pbitoken::error::ExitCode::Usage
    );
}

/// The README's first command: the demo runs its four steps against the
/// local authority and each ends with the exit code it expects (a token,
/// JSON, claims, then the refused secret with exit 3).
#[test]
fn demo_example_runs_end_to_end() {
    demo::demo().expect("the demo ran as the README says");
}
