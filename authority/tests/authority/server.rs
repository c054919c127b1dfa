//! The HTTP server itself: routing, recording, robustness.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use pbitoken_authority::{fixtures as fx, Authority};

use crate::client::{parse, post_form_with, raw, request};
use crate::{sp_v2_form, v2};

#[test]
fn unknown_routes_get_an_aad_shaped_404() {
    let a = Authority::start().unwrap();
    let r = request(&a, "GET", "/nothing/here", &[], b"");
    assert_eq!(r.status, 404);
    let body = r.json();
    assert_eq!(body["error"], "invalid_request");
    assert!(body["error_codes"][0].is_u64());
    assert!(body["trace_id"].is_string());
    let r = request(&a, "GET", &v2(fx::TENANT_ID), &[], b"");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error_codes"][0], 900561);
    assert_eq!(a.token_requests(), 1);
}

#[test]
fn requests_are_recorded_in_order() {
    let a = Authority::start().unwrap();
    let mut form = sp_v2_form();
    form.push(("client_info", "1"));
    post_form_with(
        &a,
        &format!("{}?api-version=1.0&x=a+b", v2(fx::TENANT_ID)),
        &[("X-Client-SKU", "test")],
        &form,
    );
    request(&a, "GET", "/other", &[], b"");
    let reqs = a.requests();
    assert_eq!(reqs.len(), 2);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, v2(fx::TENANT_ID));
    assert_eq!(
        r.query,
        vec![
            ("api-version".to_string(), "1.0".to_string()),
            ("x".to_string(), "a b".to_string())
        ]
    );
    assert_eq!(r.header("x-client-sku"), Some("test"));
    assert_eq!(r.form_value("client_secret"), Some(fx::SP_SECRET));
    assert_eq!(r.form_value("client_info"), Some("1"));
    assert!(String::from_utf8_lossy(&r.body).contains("grant_type=client_credentials"));
    assert_eq!(reqs[1].path, "/other");
    assert_eq!(a.token_requests(), 1);
}

#[test]
fn garbage_gets_400_and_the_server_keeps_serving() {
    let a = Authority::start().unwrap();
    for junk in [
        &b"\x16\x03\x01\x02\x00garbage\r\n\r\n"[..],
        b"HELLO\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"POST /x HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
        b"GET /\xff\xfe HTTP/1.1\r\n\r\n",
        b"POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
    ] {
        let r = parse(&raw(&a, junk)).expect("an answer");
        assert_eq!(r.status, 400, "{junk:?}");
        assert_eq!(r.json()["error_codes"][0], 9002313);
    }
    // Over-long bodies are refused before they are read.
    let r = parse(&raw(
        &a,
        b"POST /x HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n",
    ))
    .unwrap();
    assert_eq!(r.status, 413);
    let r = parse(&raw(
        &a,
        b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ))
    .unwrap();
    assert_eq!(r.status, 411);
    // Clients that connect and leave are shrugged off.
    for _ in 0..5 {
        drop(TcpStream::connect(("127.0.0.1", a.port())).unwrap());
    }
    let r = crate::client::post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200);
}

#[test]
fn a_stalled_client_does_not_block_others() {
    let a = Authority::start().unwrap();
    let mut stalled = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
    stalled
        .write_all(b"POST /x HTTP/1.1\r\nContent-Length: 50\r\n\r\nabc")
        .unwrap();
    let started = Instant::now();
    let r = crate::client::post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200);
    assert!(started.elapsed() < Duration::from_secs(3));
    // The stalled one eventually gets a 408 rather than holding a thread forever.
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut out = Vec::new();
    let _ = stalled.read_to_end(&mut out);
    assert_eq!(parse(&out).map(|r| r.status), Some(408));
}

#[test]
fn expect_continue_is_honoured() {
    let a = Authority::start().unwrap();
    let body = crate::client::encode(&sp_v2_form());
    let mut s = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST {} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        v2(fx::TENANT_ID),
        body.len()
    )
    .unwrap();
    let mut buf = [0u8; 25];
    s.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(body.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert_eq!(parse(&out).unwrap().status, 200);
}

#[test]
fn dropping_the_authority_stops_it_promptly() {
    let a = Authority::start().unwrap();
    let port = a.port();
    assert!(a.url().starts_with("http://127.0.0.1:"));
    assert!(a.ca_pem().is_none());
    let started = Instant::now();
    drop(a);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}
