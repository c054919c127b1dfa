//! The fault matrix: every way an authority, a proxy or the network can let
//! `pbitoken token` down, one row each. Every row checks the whole error
//! contract of SPEC.md at once: the exit code, one `error: ` line (then only
//! `hint: ` and id lines), nothing on stdout, no secret anywhere, a bounded
//! memory footprint, and whatever else the row is about.

mod common;
use common::*;
use serde_json::json;

/// An access token a malformed answer carries: it must never be shown.
const ANSWERED_TOKEN: &str = "eyJhbGciOiJub25lIn0.FAKE-answered-access-token.sig";
/// The body the `Huge` fault streams: 50 MB.
const HUGE: usize = 50 * 1024 * 1024;
/// A pbitoken that read the whole huge body would hold at least this much.
const MAX_RSS_KIB: u64 = 40 * 1024;

/// One row: how to break the world, which arguments to add, and what must
/// come out.
struct Row {
    name: &'static str,
    /// Breaks the world; returns extra arguments for `pbitoken token`.
    setup: fn(&World, &Authority) -> Vec<String>,
    /// The exit code (0 for the one row that must succeed).
    code: i32,
    /// Text the `error: ` line must contain.
    needle: &'static str,
    /// Token requests the authority must have seen (`None`: not checked).
    tries: Option<usize>,
    /// Anything else the row must check.
    after: fn(&World, &Authority, &Run),
}

fn nothing(_: &World, _: &Authority, _: &Run) {}

fn always(w: &World, fault: Fault) -> Vec<String> {
    w.authority.set_fault_always(Some(fault));
    Vec::new()
}

/// A 200 answer with this JSON body.
fn ok_json(w: &World, body: serde_json::Value) -> Vec<String> {
    always(w, Fault::json(200, body))
}

fn token_with(expires_in: serde_json::Value) -> serde_json::Value {
    json!({"token_type": "Bearer", "expires_in": expires_in, "access_token": ANSWERED_TOKEN})
}

fn aad_body(error: &str, code: u32, message: &str) -> serde_json::Value {
    json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {message}\r\nTrace ID: 11111111-0000-4000-8000-000000000001\r\nCorrelation ID: 22222222-0000-4000-8000-000000000002"),
        "error_codes": [code],
        "trace_id": "11111111-0000-4000-8000-000000000001",
        "correlation_id": "22222222-0000-4000-8000-000000000002",
    })
}

fn plain(status: u16, body: &str) -> Fault {
    Fault::Status {
        status,
        retry_after: None,
        content_type: "text/plain".into(),
        body: body.into(),
    }
}

/// An `https` world: the authority has a certificate from its own test CA.
fn tls_world() -> World {
    World::with(Authority::start_tls(Directory::seeded()).expect("start a TLS authority"))
}

fn rows() -> Vec<(Row, fn() -> World)> {
    let http: fn() -> World = World::new;
    vec![
        (
            Row {
                name: "connection refused",
                setup: |_, _| vec!["--authority-host".into(), common::refused_url()],
                code: 4,
                needle: "cannot reach",
                tries: Some(0),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "reset mid-body",
                setup: |w, _| always(w, Fault::ResetMidBody),
                code: 4,
                needle: "cut off",
                tries: Some(3),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "200 with HTML",
                setup: |w, _| always(w, Fault::html(200)),
                code: 4,
                needle: "HTTP 200",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "200 with {}",
                setup: |w, _| ok_json(w, json!({})),
                code: 4,
                needle: "no access_token",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "200 without access_token",
                setup: |w, _| ok_json(w, json!({"token_type": "Bearer", "expires_in": 3599})),
                code: 4,
                needle: "no access_token",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "token_type not Bearer",
                setup: |w, _| {
                    ok_json(
                        w,
                        json!({"token_type": "pop", "expires_in": 3599, "access_token": ANSWERED_TOKEN}),
                    )
                },
                code: 4,
                needle: "token_type",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "expires_in negative",
                setup: |w, _| ok_json(w, token_with(json!(-5))),
                code: 4,
                needle: "expires_in",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "expires_in huge",
                setup: |w, _| ok_json(w, token_with(json!(99_999_999_999u64))),
                code: 4,
                needle: "expires_in",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "expires_in not a number",
                setup: |w, _| ok_json(w, token_with(json!("an hour or so"))),
                code: 4,
                needle: "expires_in",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "expires_in missing",
                setup: |w, _| {
                    ok_json(
                        w,
                        json!({"token_type": "Bearer", "access_token": ANSWERED_TOKEN}),
                    )
                },
                code: 4,
                needle: "expires_in",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "400 with an AAD body",
                setup: |w, _| {
                    always(
                        w,
                        Fault::json(
                            400,
                            aad_body("invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'."),
                        ),
                    )
                },
                code: 3,
                needle: "AADSTS900144",
                tries: Some(1),
                after: |_, _, run| {
                    assert!(run.hint().is_some(), "no hint: {run:?}");
                    assert!(run.stderr.contains("trace id: 11111111-"), "{run:?}");
                    assert!(run.stderr.contains("correlation id: 22222222-"), "{run:?}");
                },
            },
            http,
        ),
        (
            Row {
                name: "400 without an AAD body",
                setup: |w, _| always(w, Fault::html(400)),
                code: 4,
                needle: "HTTP 400",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "401 with an AAD body",
                setup: |w, _| {
                    always(
                        w,
                        Fault::json(
                            401,
                            aad_body("invalid_client", 7000215, "Invalid client secret provided."),
                        ),
                    )
                },
                code: 3,
                needle: "AADSTS7000215",
                tries: Some(1),
                after: |_, _, run| {
                    assert!(run.hint().unwrap_or("").contains("Value"), "{run:?}");
                },
            },
            http,
        ),
        (
            Row {
                // An HTTP 401 says "unauthorized" by itself: a refusal, even
                // when nothing explains it.
                name: "401 without an AAD body",
                setup: |w, _| always(w, plain(401, "")),
                code: 3,
                needle: "HTTP 401",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "429 forever",
                setup: |w, _| always(w, Fault::throttled(1)),
                code: 4,
                needle: "HTTP 429",
                tries: Some(3),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "503 forever",
                setup: |w, _| {
                    always(
                        w,
                        Fault::json(503, json!({"error": "temporarily_unavailable"})),
                    )
                },
                code: 4,
                needle: "HTTP 503",
                tries: Some(3),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                // Bounded read: the transport stops after MAX_BODY and does
                // not try again (the peak-memory bound is checked for every row).
                name: "a 50 MB body",
                setup: |w, _| always(w, Fault::Huge { bytes: HUGE }),
                code: 4,
                needle: "larger than 1024 KiB",
                tries: Some(1),
                after: nothing,
            },
            http,
        ),
        (
            Row {
                name: "redirect to another host",
                setup: |w, other| {
                    always(
                        w,
                        Fault::Redirect {
                            location: format!(
                                "{}/{}/oauth2/v2.0/token",
                                other.url(),
                                fx::TENANT_ID
                            ),
                            status: 307,
                        },
                    )
                },
                code: 4,
                needle: "redirect",
                tries: Some(1),
                after: |_, other, _| {
                    // No request at all, so the secret cannot have reached it.
                    assert_eq!(other.requests().len(), 0, "the redirect was followed");
                },
            },
            http,
        ),
        (
            Row {
                name: "TLS with an untrusted CA",
                setup: |_, _| Vec::new(),
                code: 4,
                needle: "cannot reach",
                tries: Some(0),
                after: |_, _, run| {
                    assert!(run.hint().unwrap_or("").contains("--ca-file"), "{run:?}");
                },
            },
            tls_world,
        ),
        (
            Row {
                name: "TLS with its CA passed in --ca-file",
                setup: |w, _| {
                    let ca = w.path("ca.pem");
                    std::fs::write(&ca, w.authority.ca_pem().unwrap()).unwrap();
                    vec!["--ca-file".into(), ca.display().to_string()]
                },
                code: 0,
                needle: "",
                tries: Some(1),
                after: |w, _, run| {
                    let claims = w.verified_claims(&run.stdout);
                    assert_eq!(claims["appid"], fx::SP_CLIENT_ID);
                },
            },
            tls_world,
        ),
    ]
}

#[test]
#[cfg(target_os = "linux")]
fn every_fault_gets_its_exit_code_one_error_line_and_no_secret() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (row, make_world) in rows() {
        seen += 1;
        let w = make_world();
        // A second authority: a redirect target that must never be asked.
        let other = Authority::start().unwrap();
        w.write_config(&format!(
            "default_profile = \"sp\"\n{}",
            w.sp_profile("sp", "")
        ));
        let extra = (row.setup)(&w, &other);
        let mut args = vec!["token", "--no-cache"];
        args.extend(extra.iter().map(String::as_str));
        let (run, rss_kib) = w.run_measured(&args);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if row.code == 0 {
                run.ok();
            } else {
                run.fails_cleanly(row.code);
                assert!(
                    run.error_line().contains(row.needle),
                    "the error does not say {:?}: {run:?}",
                    row.needle
                );
            }
            run.leaks_nothing();
            run.shows_none_of(&[ANSWERED_TOKEN]);
            if let Some(n) = row.tries {
                assert_eq!(w.authority.token_requests(), n, "token requests: {run:?}");
            }
            assert!(
                rss_kib < MAX_RSS_KIB,
                "pbitoken peaked at {rss_kib} KiB: {run:?}"
            );
            (row.after)(&w, &other, &run);
        }));
        if let Err(panic) = outcome {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {why}", row.name));
        }
    }
    assert_eq!(seen, 20, "a row went missing");
    assert!(
        failures.is_empty(),
        "{} of {seen} rows failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
