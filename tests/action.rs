//! The GitHub Action's sign-in script (`action/token.sh`), run as the
//! runner runs it: the job's OIDC request variables point at the local
//! authority's GitHub stand-in, `GITHUB_ENV` is a file, and `pbitoken` is on
//! PATH. The token must be masked before it is exported, and never printed
//! otherwise.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// The script with the runner's environment for this world.
fn action(w: &World, oidc: bool) -> (Command, std::path::PathBuf) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pbitoken")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let runner_temp = w.path("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let github_env = w.path("github-env");
    std::fs::write(&github_env, "EARLIER=1\n").unwrap();
    let mut cmd = w.program("bash");
    cmd.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/action/token.sh"))
        .env("PATH", path)
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_ENV", &github_env)
        .env("INPUT_TENANT_ID", fx::TENANT_ID)
        .env("INPUT_CLIENT_ID", fx::FEDERATED_CLIENT_ID)
        .env("INPUT_CLOUD", "public")
        .env("INPUT_AUTHORITY_HOST", w.authority.url());
    if oidc {
        cmd.env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            w.authority.github_oidc_url(),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", fx::GITHUB_REQUEST_TOKEN);
    }
    (cmd, github_env)
}

fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().expect("run bash");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exports_a_masked_token_from_the_workflow_oidc_token() {
    let w = World::new();
    // A config file on the runner must not choose another profile.
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    let (cmd, github_env) = action(&w, true);
    let (code, stdout, stderr) = run(cmd);
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");

    let exported = std::fs::read_to_string(&github_env).unwrap();
    let mut lines = exported.lines();
    assert_eq!(lines.next(), Some("EARLIER=1"), "GITHUB_ENV is appended to");
    let token = lines
        .next()
        .and_then(|l| l.strip_prefix("PBI_TOKEN="))
        .expect("PBI_TOKEN exported")
        .to_owned();
    assert_eq!(lines.next(), None);
    // The very token the authority issued, for the federated app (not the
    // config file's service principal).
    let claims = w.verified_claims(&token);
    assert_eq!(claims["appid"], fx::FEDERATED_CLIENT_ID);
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

    // Masked first: the only place the token is printed is the mask
    // command, which is the first line; stderr never has it.
    let first = stdout.lines().next().unwrap_or_default();
    assert_eq!(first, format!("::add-mask::{token}"));
    assert_eq!(stdout.matches(token.as_str()).count(), 1, "{stdout}");
    assert!(!stderr.contains(&token), "{stderr}");
    // No token file is left behind on the runner.
    assert!(!w.cache_dir().exists());
    assert_eq!(
        std::fs::read_dir(w.path("runner-temp")).unwrap().count(),
        0,
        "the temporary empty config is removed"
    );
}

#[test]
fn without_id_token_permission_says_so_and_exports_nothing() {
    let w = World::new();
    let (cmd, github_env) = action(&w, false);
    let (code, stdout, stderr) = run(cmd);
    assert_eq!(code, 1, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.starts_with("::error::"), "{stderr}");
    assert!(stderr.contains("id-token: write"), "{stderr}");
    assert_eq!(std::fs::read_to_string(github_env).unwrap(), "EARLIER=1\n");
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn a_refused_sign_in_fails_the_step_and_exports_nothing() {
    let w = World::new();
    let (mut cmd, github_env) = action(&w, true);
    // GitHub refuses a wrong request token.
    cmd.env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "not-the-token-0000");
    let (code, stdout, stderr) = run(cmd);
    assert_ne!(code, 0);
    assert!(!stdout.contains("::add-mask::"), "{stdout}");
    assert!(stderr.contains("error: "), "{stderr}");
    assert_eq!(std::fs::read_to_string(github_env).unwrap(), "EARLIER=1\n");
}
