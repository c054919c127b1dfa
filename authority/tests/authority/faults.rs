//! Faults: canned answers, broken connections, delays.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use pbitoken_authority::{fixtures as fx, Authority, Fault};

use crate::client::{encode, parse, post_form, raw};
use crate::{sp_v2_form, v2};

fn token_request_bytes() -> Vec<u8> {
    let body = encode(&sp_v2_form());
    format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        v2(fx::TENANT_ID),
        body.len()
    )
    .into_bytes()
}

#[test]
fn queued_faults_apply_once_each_in_order() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::throttled(7));
    a.push_fault(Fault::html(502));
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("7"));
    let body = r.json();
    assert_eq!(body["error"], "temporarily_unavailable");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS90055: "));
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("<html>"));
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200);
    assert_eq!(a.token_requests(), 3);
}

#[test]
fn json_and_redirect_faults() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::json(503, serde_json::json!({"error": "down"})));
    a.push_fault(Fault::Redirect {
        location: "https://login.example.invalid/x".into(),
        status: 307,
    });
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!((r.status, r.json()["error"].as_str()), (503, Some("down")));
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location"),
        Some("https://login.example.invalid/x")
    );
}

#[test]
fn always_fault_applies_until_cleared() {
    let a = Authority::start().unwrap();
    a.set_fault_always(Some(Fault::html(500)));
    for _ in 0..3 {
        assert_eq!(post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form()).status, 500);
    }
    a.set_fault_always(None);
    assert_eq!(post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form()).status, 200);
    assert_eq!(a.token_requests(), 4);
    assert_eq!(a.requests().len(), 4);
}

#[test]
fn drop_connection_answers_nothing() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::DropConnection);
    assert!(raw(&a, &token_request_bytes()).is_empty());
    assert_eq!(a.token_requests(), 1);
    assert_eq!(
        a.requests()[0].form_value("client_id"),
        Some(fx::SP_CLIENT_ID)
    );
}

#[test]
fn reset_mid_body_truncates_the_answer() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::ResetMidBody);
    let r = parse(&raw(&a, &token_request_bytes())).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("1000"));
    assert_eq!(r.body.len(), 10);
}

#[test]
fn delay_then_normal_answer() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::Delay(Duration::from_secs(3)));
    // The first request takes the delay ...
    let mut delayed = {
        let mut s = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(&token_request_bytes()).unwrap();
        s
    };
    while a.requests().is_empty() {
        std::thread::yield_now();
    }
    // ... so one sent after it had arrived is answered first ...
    let r = post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200);
    delayed.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let waiting = delayed.peek(&mut byte);
    assert_eq!(
        waiting.map_err(|e| e.kind()).err(),
        Some(std::io::ErrorKind::WouldBlock),
        "the delayed request was answered before the later one"
    );
    // ... and the delayed one then gets the normal answer.
    delayed.set_nonblocking(false).unwrap();
    let mut out = Vec::new();
    let _ = delayed.read_to_end(&mut out);
    let r = parse(&out).unwrap();
    assert_eq!(r.status, 200);
    assert!(r.json()["access_token"].is_string());
    assert_eq!(a.requests().len(), 2);
}

#[test]
fn huge_body_has_the_exact_length() {
    let a = Authority::start().unwrap();
    a.push_fault(Fault::Huge { bytes: 3_000_000 });
    let r = parse(&raw(&a, &token_request_bytes())).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 3_000_000);
    assert!(r.body.starts_with(b"{\"x\":\"aaa"));
    assert!(r.json().get("access_token").is_none());
}
