//! Browser sign-in (`auth = "interactive"`): authorization code with PKCE
//! against the local authority's authorize endpoints. The tests act as the
//! browser with plain HTTP (the authority signs a user in at once, or
//! shows its form), and one drives real headless Chromium.

mod common;
use common::*;
use pbitoken_authority::SignIn;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn world(client_id: &str, extra: &str) -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"me\"\n[profiles.me]\ntenant = \"{}\"\nclient_id = \"{client_id}\"\nauth = \"interactive\"\nauthority_host = \"{}\"\n{extra}\n",
        fx::TENANT_DOMAIN,
        w.authority.url()
    ));
    w
}

/// A `pbitoken` run waiting for its browser: the sign-in URL it printed.
struct Waiting {
    child: Child,
    url: String,
    stderr: mpsc::Receiver<String>,
}

/// Starts `pbitoken ARGS --no-browser` and reads the sign-in URL from stderr.
fn start(w: &World, args: &[&str]) -> Waiting {
    let mut cmd = w.cmd();
    cmd.args(args)
        .arg("--no-browser")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    spawn_guard(&cmd);
    let mut child = cmd.spawn().expect("spawn pbitoken");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no sign-in URL on stderr: {seen:?}"));
        if line.starts_with("http") && line.contains("/authorize?") {
            break line;
        }
        seen.push(line);
    };
    Waiting {
        child,
        url,
        stderr: rx,
    }
}

impl Waiting {
    fn param(&self, name: &str) -> Option<String> {
        url::Url::parse(&self.url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The browser: follows the authority's redirect to pbitoken's
    /// listener and returns that page.
    fn browse(&self) -> (u16, String) {
        let location = authorize(&self.url);
        get(&location)
    }

    fn finish(self) -> Run {
        let out = self.child.wait_with_output().unwrap();
        let mut stderr: Vec<String> = Vec::new();
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_secs(5)) {
            stderr.push(line);
        }
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: stderr.join("\n"),
        }
    }
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// GETs the authorize URL; the authority answers a redirect: its Location.
fn authorize(url: &str) -> String {
    let resp = client().get(url).send().unwrap();
    assert_eq!(resp.status().as_u16(), 302, "{:?}", resp.text());
    resp.headers()["location"].to_str().unwrap().to_owned()
}

fn get(url: &str) -> (u16, String) {
    let resp = client().get(url).send().unwrap();
    (resp.status().as_u16(), resp.text().unwrap())
}

#[test]
fn browser_sign_in_with_pkce_then_silent() {
    let w = world(
        fx::PUBLIC_CLIENT_ID,
        &format!("username = \"{}\"", fx::USER_UPN),
    );
    w.authority.set_sign_in(SignIn::As(fx::USER_UPN.into()));
    w.authority.set_token_lifetime(120);
    let waiting = start(&w, &["token", "-o", "json"]);
    let url = url::Url::parse(&waiting.url).unwrap();
    assert_eq!(
        url.path(),
        format!("/{}/oauth2/v2.0/authorize", fx::TENANT_DOMAIN)
    );
    assert_eq!(waiting.param("response_type").unwrap(), "code");
    assert_eq!(waiting.param("code_challenge_method").unwrap(), "S256");
    assert_eq!(waiting.param("code_challenge").unwrap().len(), 43);
    assert!(waiting.param("state").unwrap().len() >= 22);
    assert_eq!(waiting.param("prompt").unwrap(), "select_account");
    assert_eq!(waiting.param("login_hint").unwrap(), fx::USER_UPN);
    let redirect = waiting.param("redirect_uri").unwrap();
    assert!(redirect.starts_with("http://localhost:"), "{redirect}");
    let scope = waiting.param("scope").unwrap();
    for s in [
        fx::POWERBI_DEFAULT_SCOPE,
        "offline_access",
        "openid",
        "profile",
    ] {
        assert!(scope.split(' ').any(|x| x == s), "{s} in {scope}");
    }

    let location = authorize(&waiting.url);
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let (status, page) = get(&location);
    assert_eq!(status, 200);
    assert!(page.contains("You are signed in"), "{page}");
    assert!(!page.contains(&code), "the page shows the code: {page}");
    let run = waiting.finish();
    let out: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(out["auth"], "interactive");
    let claims = w.verified_claims(out["access_token"].as_str().unwrap());
    assert_eq!(claims["upn"], fx::USER_UPN);
    assert!(!run.stderr.contains(&code));
    let redeem = w
        .authority
        .requests()
        .into_iter()
        .find(|r| r.form_value("grant_type") == Some("authorization_code"))
        .unwrap();
    assert_eq!(redeem.form_value("redirect_uri"), Some(redirect.as_str()));
    assert_eq!(redeem.form_value("code_verifier").unwrap().len(), 43);

    // Stale at once (120 s < 300): the cached refresh token gets the next
    // one, with no browser and no terminal.
    let run = w.run(&["token", "-o", "json"]);
    let out: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(out["cached"], false);
    let last = w.authority.requests().pop().unwrap();
    assert_eq!(last.form_value("grant_type"), Some("refresh_token"));

    // check says a refresh token is cached, and redeems it: no browser.
    let run = w.run(&["check", "--json"]);
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    let detail = report["steps"][1]["detail"].as_str().unwrap();
    assert!(detail.contains("refresh token is cached"), "{detail}");
    assert_eq!(report["steps"][3]["status"], "pass", "{report}");
}

#[test]
fn v1_endpoint_and_mfa_user() {
    let w = world(fx::PUBLIC_CLIENT_ID, "endpoint = \"v1\"");
    // MFA is done in the browser: the user signs in.
    w.authority.set_sign_in(SignIn::As(fx::MFA_UPN.into()));
    let waiting = start(&w, &["token"]);
    assert!(
        waiting.url.contains("/oauth2/authorize?"),
        "{}",
        waiting.url
    );
    assert_eq!(waiting.param("resource").unwrap(), fx::POWERBI_RESOURCE);
    assert_eq!(waiting.param("login_hint"), None);
    waiting.browse();
    let run = waiting.finish();
    assert_eq!(w.verified_claims(run.ok())["upn"], fx::MFA_UPN);
}

#[test]
fn a_redirect_with_another_state_is_refused_and_the_wait_goes_on() {
    let w = world(fx::PUBLIC_CLIENT_ID, "");
    w.authority.set_sign_in(SignIn::As(fx::USER_UPN.into()));
    let waiting = start(&w, &["token"]);
    let port = waiting
        .param("redirect_uri")
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let (status, page) = get(&format!(
        "http://127.0.0.1:{port}/?code=forged&state=not-ours"
    ));
    assert_eq!(status, 400);
    assert!(page.contains("does not match"), "{page}");
    let (status, _) = get(&format!("http://127.0.0.1:{port}/favicon.ico"));
    assert_eq!(status, 404);
    waiting.browse();
    let run = waiting.finish();
    w.verified_claims(run.ok());
    assert!(!run.stdout.contains("forged"));
}

#[test]
fn redirect_errors_are_named_with_hint_and_exit_code() {
    let cases: [(&str, SignIn, &str, i32); 4] = [
        (
            fx::PUBLIC_CLIENT_ID,
            SignIn::As(fx::CA_UPN.into()),
            "AADSTS53003",
            5,
        ),
        (
            fx::PUBLIC_CLIENT_ID,
            SignIn::Decline(fx::USER_UPN.into()),
            "AADSTS65004",
            5,
        ),
        (
            fx::UNCONSENTED_CLIENT_ID,
            SignIn::As(fx::USER_UPN.into()),
            "AADSTS65001",
            5,
        ),
        (
            fx::NO_REDIRECT_CLIENT_ID,
            SignIn::As(fx::USER_UPN.into()),
            "AADSTS50011",
            3,
        ),
    ];
    for (client_id, mode, code, exit) in cases {
        let w = world(client_id, "");
        w.authority.set_sign_in(mode);
        let waiting = start(&w, &["token"]);
        let (status, page) = waiting.browse();
        assert_eq!(status, 200);
        assert!(page.contains("The sign-in failed"), "{page}");
        assert!(page.contains(code), "{page}");
        assert!(!page.contains("<script"), "{page}");
        let run = waiting.finish();
        assert_eq!(run.code, exit, "{code}: {run:#?}");
        assert_eq!(run.stdout, "");
        let error = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap();
        assert!(error.contains(code), "{error}");
        assert!(
            run.stderr.lines().any(|l| l.starts_with("hint: ")),
            "{run:#?}"
        );
    }
}

#[test]
fn a_confidential_app_without_its_secret_is_7000218() {
    // The app registered http://localhost as a web app: the code is
    // redeemed without a secret, which it refuses.
    let w = world(fx::SP_CLIENT_ID, "");
    w.authority.set_sign_in(SignIn::As(fx::USER_UPN.into()));
    let waiting = start(&w, &["token"]);
    waiting.browse();
    let run = waiting.finish();
    assert_eq!(run.code, 3, "{run:#?}");
    assert!(run.stderr.contains("AADSTS7000218"), "{run:#?}");
    assert!(run.stderr.contains("Mobile and desktop"), "{run:#?}");
}

#[test]
fn no_terminal_and_no_browser_flag_is_exit_5_at_once() {
    let w = world(fx::PUBLIC_CLIENT_ID, "");
    let run = w.run(&["token"]);
    run.fails_cleanly(5);
    assert!(run.error_line().contains("no terminal"), "{run:#?}");
    assert!(run.hint().unwrap().contains("--no-browser"));
    assert!(w.authority.requests().is_empty());
    // check says so in its credential step.
    let run = w.run(&["check", "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["steps"][1]["status"], "fail", "{report}");
    assert!(report["steps"][1]["detail"]
        .as_str()
        .unwrap()
        .contains("browser sign-in"));
}

#[test]
fn login_timeout_is_exit_5() {
    let w = world(fx::PUBLIC_CLIENT_ID, "");
    let run = w.run(&["token", "--no-browser", "--login-timeout", "1"]);
    assert_eq!(run.code, 5, "{run:#?}");
    assert!(run.stderr.contains("/oauth2/v2.0/authorize?"), "{run:#?}");
    assert!(
        run.stderr
            .contains("error: the browser sign-in was not finished within 1 s"),
        "{run:#?}"
    );
}

#[test]
fn redirect_port_is_listened_on_and_a_taken_one_is_named() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = held.local_addr().unwrap().port();
    let w = world(fx::PUBLIC_CLIENT_ID, &format!("redirect_port = {taken}"));
    let run = w.run(&["token", "--no-browser"]);
    run.fails_cleanly(2);
    assert!(run.error_line().contains("redirect_port"), "{run:#?}");
    drop(held);

    // A port nobody holds: the one the held socket had is free now.
    let w = world(
        fx::PUBLIC_CLIENT_ID,
        &format!("redirect_port = \"{taken}\""),
    );
    w.authority.set_sign_in(SignIn::As(fx::USER_UPN.into()));
    let waiting = start(&w, &["token"]);
    assert_eq!(
        waiting.param("redirect_uri").unwrap(),
        format!("http://localhost:{taken}")
    );
    waiting.browse();
    w.verified_claims(waiting.finish().ok());
}

// ---- the authority's side ----

/// A code for the public client, PKCE challenge of `verifier`.
fn code_for(w: &World, verifier: &str, redirect: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    let mut url = url::Url::parse(&format!(
        "{}/{}/oauth2/v2.0/authorize",
        w.authority.url(),
        fx::TENANT_ID
    ))
    .unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", fx::PUBLIC_CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect)
        .append_pair(
            "scope",
            "https://analysis.windows.net/powerbi/api/.default offline_access",
        )
        .append_pair("state", "s1")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let location = authorize(url.as_str());
    assert!(location.starts_with(redirect), "{location}");
    url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

fn redeem(w: &World, code: &str, verifier: &str, redirect: &str) -> (u16, Value) {
    let resp = client()
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            w.authority.url(),
            fx::TENANT_ID
        ))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", fx::PUBLIC_CLIENT_ID),
            ("code", code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("scope", "https://analysis.windows.net/powerbi/api/.default"),
        ])
        .send()
        .unwrap();
    let status = resp.status().as_u16();
    (status, serde_json::from_str(&resp.text().unwrap()).unwrap())
}

#[test]
fn authority_codes_are_single_use_pkce_checked_and_expire() {
    let w = World::new();
    w.authority.set_sign_in(SignIn::As(fx::USER_UPN.into()));
    let redirect = "http://localhost:41234";
    let verifier = "a-verifier-of-enough-length-0123456789-abcdefgh";
    let code = code_for(&w, verifier, redirect);
    let (status, body) = redeem(
        &w,
        &code,
        "another-verifier-0123456789-abcdefghijklmnop",
        redirect,
    );
    assert_eq!(status, 400);
    assert_eq!(body["error_codes"][0], 501481, "{body}");
    // A failed redemption used it up.
    let (_, body) = redeem(&w, &code, verifier, redirect);
    assert_eq!(body["error_codes"][0], 54005, "{body}");

    let code = code_for(&w, verifier, redirect);
    let (status, body) = redeem(&w, &code, verifier, "http://localhost:1");
    assert_eq!(
        (status, &body["error_codes"][0]),
        (400, &Value::from(500112))
    );
    let code = code_for(&w, verifier, redirect);
    let (status, body) = redeem(&w, &code, verifier, redirect);
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].is_string());
    let (_, body) = redeem(&w, &code, verifier, redirect);
    assert_eq!(body["error_codes"][0], 54005, "{body}");

    w.authority.set_auth_code_lifetime(0);
    let code = code_for(&w, verifier, redirect);
    let (_, body) = redeem(&w, &code, verifier, redirect);
    assert_eq!(body["error_codes"][0], 70008, "{body}");
}

#[test]
fn authority_sign_in_form() {
    let w = World::new();
    let url = format!(
        "{}/{}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A5000&scope=openid&state=x&login_hint=alice%40contoso.onmicrosoft.com",
        w.authority.url(),
        fx::TENANT_DOMAIN,
        fx::PUBLIC_CLIENT_ID
    );
    let (status, page) = get(&url);
    assert_eq!(status, 200);
    assert!(page.contains("<form"), "{page}");
    assert!(page.contains(fx::USER_UPN), "login_hint prefilled: {page}");
    let flow = page
        .split("name=\"flow\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let post = |password: &str| {
        client()
            .post(format!(
                "{}/{}/oauth2/v2.0/authorize",
                w.authority.url(),
                fx::TENANT_DOMAIN
            ))
            .form(&[
                ("flow", flow.as_str()),
                ("login", fx::USER_UPN),
                ("passwd", password),
            ])
            .send()
            .unwrap()
    };
    let wrong = post("nope");
    assert_eq!(wrong.status().as_u16(), 200);
    assert!(wrong.text().unwrap().contains("incorrect"));
    let right = post(fx::USER_PASSWORD);
    assert_eq!(right.status().as_u16(), 302);
    let location = right.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("http://localhost:5000?code="),
        "{location}"
    );
    assert!(location.contains("&state=x"), "{location}");

    // An unregistered https redirect URI is shown on the page, not followed.
    let (status, page) = get(&url.replace(
        "http%3A%2F%2Flocalhost%3A5000",
        "https%3A%2F%2Fevil.example",
    ));
    assert_eq!(status, 400);
    assert!(page.contains("AADSTS50011"), "{page}");
}

// ---- a real browser ----

#[test]
fn real_headless_chromium_signs_in() {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("chromium").is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "chromium is not installed: this test needs Debian's chromium (apt-get install -y chromium), as .ci/run installs it"
    );
    let w = world(
        fx::PUBLIC_CLIENT_ID,
        &format!("username = \"{}\"", fx::USER_UPN),
    );
    w.authority
        .set_sign_in(SignIn::AutoSubmit(fx::USER_UPN.into()));
    let browser =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/headless-browser");
    let mut cmd = w.cmd();
    cmd.args(["token", "--login-timeout", "120"])
        .env("BROWSER", &browser);
    spawn_guard(&cmd);
    // On a terminal: without one (and without --no-browser) pbitoken would
    // rightly refuse to start a browser nobody sees.
    let mut session = rexpect::session::spawn_command(cmd, Some(150_000)).expect("spawn on a pty");
    let out = session.exp_eof().expect("pbitoken ends");
    let token = out
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("eyJ"))
        .unwrap_or_else(|| panic!("no token printed: {out}"));
    assert_eq!(w.verified_claims(token)["upn"], fx::USER_UPN);
    // The browser, not the test, posted the form.
    let posted = w
        .authority
        .requests()
        .into_iter()
        .any(|r| r.method == "POST" && r.path.ends_with("/authorize"));
    assert!(posted, "the form was not submitted by the browser");
}

#[test]
fn config_init_asks_only_what_browser_sign_in_needs() {
    let w = World::new();
    let rest = w.on_terminal(
        &["config", "init", "-p", "me", "--auth", "interactive"],
        &[
            ("Tenant", fx::TENANT_DOMAIN),
            ("client) id", fx::PUBLIC_CLIENT_ID),
            ("Username to suggest", fx::USER_UPN),
            ("Cloud", ""),
        ],
    );
    assert!(rest.contains("created profile 'me'"), "{rest}");
    assert!(!rest.to_lowercase().contains("secret"), "{rest}");
    let text = std::fs::read_to_string(w.config_path()).unwrap();
    assert_eq!(
        text,
        format!(
            "default_profile = \"me\"\n\n[profiles.me]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"interactive\"\nusername = \"{}\"\n",
            fx::TENANT_DOMAIN,
            fx::PUBLIC_CLIENT_ID,
            fx::USER_UPN
        )
    );
    // And without a terminal, from the flags alone.
    let run = w.run(&[
        "config",
        "init",
        "-p",
        "me2",
        "--auth",
        "interactive",
        "--tenant",
        fx::TENANT_ID,
        "--client-id",
        fx::PUBLIC_CLIENT_ID,
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    let run = w.run(&["config", "set", "me2", "redirect_port", "70000"]);
    run.fails_cleanly(2);
    w.run(&["config", "set", "me2", "redirect_port", "8400"])
        .ok();
    let show = w.run(&["config", "show", "me2"]);
    assert!(
        show.ok().contains("redirect_port = 8400  (profile)"),
        "{show:#?}"
    );
}
