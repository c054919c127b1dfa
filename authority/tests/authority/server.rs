//! The HTTP server itself: routing, recording, robustness.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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
    let connect = || {
        let s = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    };
    // One client sends half a token request and pauses; another sends a
    // head promising a body it never sends.
    let body = crate::client::encode(&sp_v2_form());
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let mut paused = connect();
    write!(
        paused,
        "POST {}?paused=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{first_half}",
        v2(fx::TENANT_ID),
        body.len()
    )
    .unwrap();
    let mut stalled = connect();
    stalled
        .write_all(b"POST /x HTTP/1.1\r\nContent-Length: 50\r\n\r\nabc")
        .unwrap();
    // A third client is answered meanwhile.
    let r = crate::client::post_form(&a, &v2(fx::TENANT_ID), &sp_v2_form());
    assert_eq!(r.status, 200);
    // The paused client was still being waited for, not given up on so that
    // the third could be served: it finishes and gets its token, after the
    // third's request was recorded.
    paused.write_all(second_half.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = paused.read_to_end(&mut out);
    assert_eq!(parse(&out).map(|r| r.status), Some(200));
    let recorded: Vec<_> = a.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert!(recorded[0].is_empty(), "{recorded:?}");
    assert_eq!(recorded[1], [("paused".to_string(), "1".to_string())]);
    // The stalled one eventually gets a 408 rather than holding a thread forever.
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

/// That dropping it also stops its accept loop is checked inside the crate
/// (`server::tests`), where the loop's thread can be seen.
#[test]
fn a_plain_authority_has_an_http_url_and_no_ca() {
    let a = Authority::start().unwrap();
    assert_eq!(a.url(), format!("http://127.0.0.1:{}", a.port()));
    assert!(a.ca_pem().is_none());
}
