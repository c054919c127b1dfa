//! The transport's retries: connection errors, 429 and 5xx are tried again
//! (at most three tries, Retry-After honoured, all within --timeout);
//! refusals never are.

mod common;
use common::*;

fn world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    w
}

#[test]
fn throttled_then_ok_honours_retry_after() {
    let w = world();
    w.authority.push_fault(Fault::throttled(1));
    let run = w.run(&["token", "-v"]);
    w.verified_claims(run.ok());
    assert_eq!(w.authority.token_requests(), 2);
    assert!(run.stderr.contains("HTTP 429"), "{}", run.stderr);
    assert!(run.stderr.contains("retrying in 1000 ms"), "{}", run.stderr);
    assert!(run.stderr.contains("try 2/3"), "{}", run.stderr);
}

#[test]
fn dropped_connection_is_retried() {
    let w = world();
    w.authority.push_fault(Fault::DropConnection);
    let run = w.run(&["token"]);
    w.verified_claims(run.ok());
    assert_eq!(w.authority.token_requests(), 2);
}

#[test]
fn always_dropped_gives_up_after_three_tries() {
    let w = world();
    w.authority.set_fault_always(Some(Fault::DropConnection));
    let run = w.run(&["token"]);
    run.fails(4);
    assert_eq!(w.authority.token_requests(), 3);
    run.leaks_nothing();
}

#[test]
fn retry_after_beyond_the_timeout_gives_up_at_once() {
    let w = world();
    w.authority.set_fault_always(Some(Fault::throttled(120)));
    let run = w.run(&["token", "--timeout", "3"]);
    let err = run.fails(4);
    assert!(err.contains("HTTP 429"), "{err}");
    // Waiting 60 s (the cap) would pass the 3 s timeout: no second try.
    assert_eq!(w.authority.token_requests(), 1);
    // It says how long the server asked to wait, not only that time ran out.
    let hint = run.hint().unwrap_or_default();
    assert!(hint.contains("asked to wait 120 s"), "{run:#?}");
    assert!(hint.contains("--timeout"), "{run:#?}");
}

#[test]
fn service_unavailable_forever_is_three_tries() {
    let w = world();
    w.authority.set_fault_always(Some(Fault::json(
        503,
        serde_json::json!({"error": "temporarily_unavailable"}),
    )));
    let run = w.run(&["token", "-v"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert_eq!(run.stdout, "");
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap();
    assert!(error.contains("HTTP 503"), "{error}");
    assert_eq!(w.authority.token_requests(), 3);
    for n in 1..=3 {
        assert!(run.stderr.contains(&format!("try {n}/3")), "{}", run.stderr);
    }
    assert!(!run.stderr.contains("try 4/"), "{}", run.stderr);
}

#[test]
fn bad_request_is_not_retried() {
    let w = world();
    w.authority.set_fault_always(Some(Fault::json(
        400,
        serde_json::json!({"error": "invalid_request", "error_description": "AADSTS900144: missing", "error_codes": [900144]}),
    )));
    let run = w.run(&["token"]);
    run.fails(3);
    assert_eq!(w.authority.token_requests(), 1);
}
