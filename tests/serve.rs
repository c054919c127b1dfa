//! `pbitoken serve` as a process: its endpoints, the browser rules, hostile
//! clients, upstream failures, single flight, renewal, memory and signals.
//! Plain HTTP/1.1 over loopback sockets, written by hand so that a test can
//! be the broken client.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::time::Duration;

use common::*;
use pbitoken_authority::embed_fixtures as efx;
use serde_json::Value;

const ORIGIN: &str = "http://127.0.0.1:3000";

/// A running `serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(w: &World, extra: &[&str]) -> Server {
        Server::start_with(w, extra, |_| {})
    }

    fn start_with(
        w: &World,
        extra: &[&str],
        adjust: impl FnOnce(&mut std::process::Command),
    ) -> Server {
        let mut cmd = w.cmd();
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        adjust(&mut cmd);
        let mut child = cmd.spawn().expect("spawn pbitoken serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let addr = first
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first stdout line: {first:?}"))
            .trim()
            .parse()
            .expect("ADDR:PORT");
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        Server {
            child,
            addr,
            stderr: Some(stderr),
        }
    }

    /// Sends SIGTERM (or SIGINT) and returns the exit code and stderr.
    fn stop(mut self, signal: i32) -> (i32, String) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let status = self.child.wait().unwrap();
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (status.code().unwrap_or(-1), stderr)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// An answer: status, headers (lower-case names), body.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }
}

/// Sends raw bytes, reads the whole answer (the request says close).
fn raw(addr: SocketAddr, request: &[u8]) -> Option<Answer> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    parse(&buf)
}

fn parse(buf: &[u8]) -> Option<Answer> {
    let text = String::from_utf8_lossy(buf);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Answer {
        status,
        headers,
        body: body.to_owned(),
    })
}

fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
        addr.port()
    );
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    raw(addr, req.as_bytes()).expect("an answer")
}

fn get(addr: SocketAddr, target: &str) -> Answer {
    request(addr, "GET", target, &[])
}

fn embed_path(report: &str) -> String {
    format!("/embed?report={report}")
}

fn world() -> World {
    let w = World::new();
    let api = format!("api_base = \"{}\"\n", w.authority.url());
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", &api)
    ));
    w
}

fn start(w: &World) -> Server {
    Server::start(
        w,
        &[
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "--report",
            efx::RLS_REPORT_ID,
            "--allow-origin",
            ORIGIN,
        ],
    )
}

#[test]
fn embed_answers_what_embed_config_prints_and_healthz_needs_no_token() {
    let w = world();
    let s = start(&w);
    let h = get(s.addr, "/healthz");
    assert_eq!((h.status, h.json()), (200, serde_json::json!({"ok": true})));
    assert_eq!(h.header("cache-control"), Some("no-store"));
    assert!(
        w.authority.requests().is_empty(),
        "healthz fetched something"
    );

    let a = get(s.addr, &embed_path(efx::REPORT_ID));
    assert_eq!(a.status, 200, "{a:#?}");
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert_eq!(
        a.header("access-control-allow-origin"),
        None,
        "no Origin, no CORS"
    );
    let v = a.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["config", "expiration", "expires_on"]);
    assert_eq!(v["config"]["id"], efx::REPORT_ID);
    assert_eq!(v["config"]["tokenType"], 1);
    let claims = w.verified_claims(v["config"]["accessToken"].as_str().unwrap());
    assert_eq!(claims["reports"][0], efx::REPORT_ID);

    // Cached: the same answer, no second call.
    let b = get(s.addr, &embed_path(&efx::REPORT_ID.to_uppercase()));
    assert_eq!(b.json(), v);
    assert_eq!(w.generate_token_calls(), 1);

    // Other reports: 403; a missing or empty report: 400; /token is off.
    assert_eq!(get(s.addr, &embed_path(efx::SECOND_REPORT_ID)).status, 403);
    assert_eq!(get(s.addr, "/embed").status, 400);
    assert_eq!(get(s.addr, "/embed?report=").status, 400);
    let t = get(s.addr, "/token");
    assert_eq!(t.status, 404);
    assert!(t.json()["hint"]
        .as_str()
        .unwrap()
        .contains("--access-token"));
    assert_eq!(get(s.addr, "/nope").status, 404);
}

#[test]
fn token_only_with_access_token_and_identities_reach_rls_datasets() {
    let w = world();
    let s = Server::start(
        &w,
        &[
            "--access-token",
            "--workspace",
            efx::WORKSPACE_ID,
            "--identity",
            "alice@contoso.com:Region",
        ],
    );
    let t = get(s.addr, "/token");
    assert_eq!(t.status, 200, "{t:#?}");
    let v = t.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["access_token", "token_type", "expires_on", "expires_at"]
    );
    w.verified_claims(v["access_token"].as_str().unwrap());
    // Every report of the workspace without --report; the identity goes
    // to the row-level security dataset.
    let a = get(s.addr, &embed_path(efx::RLS_REPORT_ID));
    assert_eq!(a.status, 200, "{a:#?}");
    let claims = w.verified_claims(a.json()["config"]["accessToken"].as_str().unwrap());
    assert_eq!(claims["identities"][0]["username"], "alice@contoso.com");
}

#[test]
fn browsers_get_cors_for_allowed_origins_only() {
    let w = world();
    let s = start(&w);
    let target = embed_path(efx::REPORT_ID);
    let pre = request(
        s.addr,
        "OPTIONS",
        &target,
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
    );
    assert_eq!(pre.status, 204, "{pre:#?}");
    assert_eq!(pre.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(pre.header("vary"), Some("Origin"));
    assert_eq!(pre.header("access-control-allow-methods"), Some("GET"));
    assert_eq!(
        pre.header("access-control-allow-headers"),
        Some("Content-Type")
    );
    assert_eq!(pre.header("cache-control"), Some("no-store"));
    let a = request(s.addr, "GET", &target, &[("Origin", ORIGIN)]);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(a.header("vary"), Some("Origin"));

    for evil in ["http://127.0.0.1:3001", "https://evil.example", "null"] {
        for method in ["GET", "OPTIONS"] {
            let r = request(s.addr, method, &target, &[("Origin", evil)]);
            assert_eq!(r.status, 403, "{evil} {method}: {r:#?}");
            assert_eq!(r.header("access-control-allow-origin"), None);
            assert!(r.json()["hint"]
                .as_str()
                .unwrap()
                .contains("--allow-origin"));
        }
    }
    // DNS rebinding: a foreign Host gets 421, except on /healthz.
    let r = request(s.addr, "GET", &target, &[("Host", "evil.example")]);
    // Two Host headers would be malformed: send the foreign one alone.
    let _ = r;
    let rebound = raw(
        s.addr,
        format!(
            "GET {target} HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
            s.addr.port()
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(rebound.status, 421, "{rebound:#?}");
    let health = raw(
        s.addr,
        b"GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    assert_eq!(health.status, 200);
    let localhost = raw(
        s.addr,
        format!(
            "GET /healthz HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            s.addr.port()
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(localhost.status, 200);
    // Only GET and OPTIONS.
    for m in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = request(s.addr, m, &target, &[("Content-Length", "0")]);
        assert_eq!(r.status, 405, "{m}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
}

#[test]
fn hostile_clients_never_stop_nor_stall_the_server() {
    let w = world();
    let s = start(&w);
    let addr = s.addr;
    // A client that sends one byte a second, while others are served.
    let trickle = std::thread::spawn(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        for b in b"GET /healthz HTTP/1.1\r\n".iter().take(6) {
            if c.write_all(&[*b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    // Connections that say nothing at all.
    let silent: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for _ in 0..5 {
        assert_eq!(get(addr, "/healthz").status, 200);
        std::thread::sleep(Duration::from_millis(300));
    }
    // A malformed request line, a 1 MB header, invalid UTF-8.
    let bad = raw(addr, b"THIS IS NOT HTTP\r\n\r\n");
    assert!(bad.as_ref().is_none_or(|a| a.status == 400), "{bad:?}");
    let mut big = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    big.extend(b"\r\n\r\n");
    let answer = raw(addr, &big);
    assert!(
        answer
            .as_ref()
            .is_none_or(|a| a.status == 431 || a.status == 400),
        "{answer:?}"
    );
    let utf8 = raw(addr, b"GET /embed?report=\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: \xff\r\nConnection: close\r\n\r\n");
    assert!(utf8.as_ref().is_none_or(|a| a.status >= 400), "{utf8:?}");
    let utf8 = raw(
        addr,
        b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(utf8.as_ref().is_none_or(|a| a.status >= 400), "{utf8:?}");
    // A client that goes away mid-response, many times.
    for _ in 0..50 {
        let mut c = TcpStream::connect(addr).unwrap();
        c.write_all(
            format!(
                "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                embed_path(efx::REPORT_ID)
            )
            .as_bytes(),
        )
        .unwrap();
        drop(c);
    }
    assert_eq!(get(addr, "/healthz").status, 200);
    assert_eq!(get(addr, &embed_path(efx::REPORT_ID)).status, 200);
    trickle.join().unwrap();
    drop(silent);
    assert_eq!(get(addr, "/healthz").status, 200);
    let (code, _) = s.stop(libc::SIGTERM);
    assert_eq!(code, 0);
}

#[test]
fn upstream_failures_are_502_and_504_json_without_secrets() {
    let w = world();
    let s = start(&w);
    // The authority refuses the secret.
    drop(s);
    let s = Server::start_with(&w, &["--workspace", efx::WORKSPACE_ID], |c| {
        c.env("TEST_SP_SECRET", fx::OTHER_SECRET);
    });
    let a = get(s.addr, &embed_path(efx::REPORT_ID));
    assert_eq!(a.status, 502, "{a:#?}");
    let v = a.json();
    assert!(v["error"].as_str().unwrap().contains("AADSTS"), "{v}");
    assert!(v["hint"].is_string(), "{v}");
    assert!(!a.body.contains(fx::OTHER_SECRET));
    drop(s);
    // Power BI refuses: row-level security without an identity.
    let s = Server::start(&w, &["--workspace", efx::WORKSPACE_ID]);
    let a = get(s.addr, &embed_path(efx::RLS_REPORT_ID));
    assert_eq!(a.status, 502, "{a:#?}");
    assert!(a.json()["hint"].as_str().unwrap().contains("--identity"));
    drop(s);
    // A timeout.
    let s = Server::start(&w, &["--timeout", "1", "--workspace", efx::WORKSPACE_ID]);
    w.authority
        .set_fault_always(Some(Fault::Delay(Duration::from_secs(3))));
    let a = get(s.addr, &embed_path(efx::REPORT_ID));
    w.authority.set_fault_always(None);
    assert_eq!(a.status, 504, "{a:#?}");
    assert!(a.json()["error"].is_string());
    for secret in SECRETS {
        assert!(!a.body.contains(secret));
    }
}

#[test]
fn sixty_four_concurrent_requests_on_a_cold_cache_make_one_generate_token_call() {
    let w = world();
    let s = start(&w);
    // Slow the authority a little so that the requests overlap.
    w.authority
        .set_fault_always(Some(Fault::Delay(Duration::from_millis(200))));
    let addr = s.addr;
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..64)
            .map(|_| scope.spawn(move || get(addr, &embed_path(efx::REPORT_ID))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    w.authority.set_fault_always(None);
    let first = answers[0].json();
    for a in &answers {
        assert_eq!(a.status, 200, "{a:#?}");
        assert_eq!(a.json(), first);
    }
    assert_eq!(w.generate_token_calls(), 1);
}

#[test]
fn tokens_are_renewed_before_min_validity() {
    let w = world();
    // Access tokens, and so embed tokens, live 250 s: less than the 300 s
    // --min-validity asks for, so each request renews.
    w.authority.set_token_lifetime(250);
    let s = start(&w);
    get(s.addr, &embed_path(efx::REPORT_ID));
    get(s.addr, &embed_path(efx::REPORT_ID));
    assert_eq!(w.generate_token_calls(), 2);
    drop(s);
    // With --min-validity 100 the same token is reused: the one the
    // first server left in the token cache.
    let s = Server::start(
        &w,
        &["--workspace", efx::WORKSPACE_ID, "--min-validity", "100"],
    );
    let a = get(s.addr, &embed_path(efx::REPORT_ID));
    let b = get(s.addr, &embed_path(efx::REPORT_ID));
    assert_eq!(a.body, b.body);
    assert_eq!(w.generate_token_calls(), 2);
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn memory_does_not_grow_with_requests_served() {
    let w = world();
    let s = start(&w);
    let target = embed_path(efx::REPORT_ID);
    let mut keep = TcpStream::connect(s.addr).unwrap();
    let mut reader = BufReader::new(keep.try_clone().unwrap());
    // Keep-alive requests on one connection, and a new connection each
    // time, with and without an Origin.
    let mut round = |n: usize| {
        for i in 0..n {
            keep.write_all(
                format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {ORIGIN}\r\n\r\n")
                    .as_bytes(),
            )
            .unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            if i % 10 == 0 {
                assert_eq!(
                    get(s.addr, &format!("/embed?report={}", efx::SECOND_REPORT_ID)).status,
                    403
                );
            }
        }
    };
    round(1000);
    let before = rss_kib(s.pid());
    round(4000);
    let after = rss_kib(s.pid());
    assert!(
        after <= before + 1024,
        "RSS grew from {before} KiB to {after} KiB over 4000 requests"
    );
    assert_eq!(w.generate_token_calls(), 1);
}

#[test]
fn sigterm_and_sigint_finish_the_requests_in_flight_and_exit_0() {
    let w = world();
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let s = start(&w);
        // The authority takes a while: the request is in flight when the signal comes.
        w.authority
            .set_fault_always(Some(Fault::Delay(Duration::from_millis(1500))));
        let addr = s.addr;
        let inflight = std::thread::spawn(move || get(addr, &embed_path(efx::RLS_REPORT_ID)));
        // Wait until the request reached the authority.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let seen = w.authority.requests().len();
        while w.authority.requests().len() == seen && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let (code, stderr) = s.stop(signal);
        w.authority.set_fault_always(None);
        assert_eq!(code, 0, "{stderr}");
        let a = inflight.join().unwrap();
        // Answered (502: that report needs an identity), not cut off.
        assert_eq!(a.status, 502, "{a:#?}");
    }
}

/// Started with neither `--workspace` nor `--access-token`, serve still
/// answers `/healthz` (with a warning that it serves nothing else), and the
/// token endpoints are off.
#[test]
fn with_nothing_to_serve_it_still_answers_healthz() {
    let w = world();
    let s = Server::start(&w, &[]);
    let h = get(s.addr, "/healthz");
    assert_eq!((h.status, h.json()), (200, serde_json::json!({"ok": true})));
    assert_eq!(get(s.addr, &embed_path(efx::REPORT_ID)).status, 404);
    assert_eq!(get(s.addr, "/token").status, 404);
    assert!(w.authority.requests().is_empty());
}

/// Any report but the ones `--report` allowed is 403, whatever its shape;
/// without `--report`, a report the workspace does not have is 403 too
/// (Power BI's 404), not an upstream failure.
#[test]
fn reports_not_allowed_or_not_in_the_workspace_are_403() {
    let w = world();
    let s = start(&w);
    assert_eq!(get(s.addr, &embed_path("not-a-guid")).status, 403);
    drop(s);
    let s = Server::start(&w, &["--workspace", efx::WORKSPACE_ID]);
    let missing = "0b1c2d3e-0000-4000-8000-00000000beef";
    let a = get(s.addr, &embed_path(missing));
    assert_eq!(a.status, 403, "{a:#?}");
    assert_eq!(get(s.addr, &embed_path(efx::REPORT_ID)).status, 200);
}

#[test]
fn bad_flags_are_usage_errors() {
    let w = world();
    for args in [
        vec!["serve", "--workspace", "nope"],
        vec!["serve", "--workspace", efx::WORKSPACE_ID, "--report", "x"],
        vec!["serve", "--access-token", "--listen", "nowhere"],
        vec!["serve", "--access-token", "--allow-origin", "*"],
        vec![
            "serve",
            "--access-token",
            "--allow-origin",
            "http://x.example/path",
        ],
        vec!["serve", "--access-token", "--report", efx::REPORT_ID],
    ] {
        let run = w.run(&args);
        run.fails(2);
        assert!(run.hint().is_some(), "{run:#?}");
    }
}

#[test]
fn verbose_logs_one_line_per_request_without_tokens() {
    let w = world();
    let s = Server::start(&w, &["-v", "--workspace", efx::WORKSPACE_ID]);
    let a = get(s.addr, &embed_path(efx::REPORT_ID));
    let token = a.json()["config"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    get(s.addr, "/healthz");
    let (code, stderr) = s.stop(libc::SIGTERM);
    assert_eq!(code, 0);
    assert!(stderr.contains("GET /embed 200 "), "{stderr}");
    assert!(stderr.contains("GET /healthz 200 "), "{stderr}");
    assert!(!stderr.contains(&token), "{stderr}");
    assert!(!stderr.contains(fx::SP_SECRET));
}
