//! examples/embed/ in real headless Chromium: the page, served from an
//! allowed origin, gets its embed config from `pbitoken serve` through a
//! real CORS preflight and loads the embed URL, the local authority's
//! stand-in report page, which accepts the token; the same page from
//! another origin gets nothing and says why.
//!
//! Chromium must be installed (Debian's `chromium`; `.ci/run` installs
//! it): without it this test fails, it does not skip. Nothing leaves
//! loopback: every host name but 127.0.0.1 resolves to nothing, and the
//! page's powerbi-client is a local stand-in (see examples/embed/README.md).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use pbitoken_authority::embed_fixtures as efx;

/// The browser, from `PBITOKEN_CHROMIUM` or the PATH.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("PBITOKEN_CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "this test needs Chromium: install Debian's `chromium` package (apt-get install -y chromium), or set PBITOKEN_CHROMIUM to a Chromium binary"
    );
}

/// A static file server for the page, on its own port (its own origin).
fn static_site(files: Vec<(&'static str, PathBuf)>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let files = files.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                        break;
                    }
                }
                let path = line.split(' ').nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or("/");
                let found = files.iter().find(|(p, _)| *p == path);
                let (status, kind, body) = match found {
                    Some((p, file)) => (
                        "200 OK",
                        if p.ends_with(".js") {
                            "text/javascript"
                        } else {
                            "text/html; charset=utf-8"
                        },
                        std::fs::read(file).unwrap(),
                    ),
                    None => ("404 Not Found", "text/plain", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    addr
}

/// The page's DOM after it settled, as Chromium dumps it.
fn dump_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            // No name resolves but loopback: nothing can leave the machine.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run Chromium: {e}"));
    let out = wait_or_kill(&mut child, Duration::from_secs(120));
    let stdout = String::from_utf8_lossy(&out.0).into_owned();
    assert!(
        stdout.contains("</html>"),
        "Chromium dumped no DOM (exit {:?}): {}",
        out.2,
        String::from_utf8_lossy(&out.1)
    );
    stdout
}

fn wait_or_kill(child: &mut Child, limit: Duration) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let e = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let deadline = Instant::now() + limit;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (o.join().unwrap(), e.join().unwrap(), code)
}

/// The text of the element with this id in a dumped DOM.
fn element_text<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {dom}"));
    let rest = &dom[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find("</").unwrap();
    &rest[open..open + close]
}

#[test]
fn the_example_page_embeds_from_an_allowed_origin_and_says_why_not_from_another() {
    let browser = chromium();
    assert!(browser.exists());
    let w = World::new();
    let api = format!("api_base = \"{}\"\n", w.authority.url());
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", &api)
    ));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = vec![
        ("/index.html", root.join("examples/embed/index.html")),
        ("/index.js", root.join("examples/embed/index.js")),
        ("/powerbi.min.js", root.join("tests/browser/powerbi.min.js")),
    ];
    let allowed = static_site(files.clone());
    let other = static_site(files);
    let allowed_origin = format!("http://127.0.0.1:{}", allowed.port());

    let mut serve = w
        .cmd()
        .args([
            "-v",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "--allow-origin",
            &allowed_origin,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let server = first
        .strip_prefix("listening on ")
        .expect("the listening line")
        .trim()
        .to_owned();

    let page = |site: SocketAddr| {
        format!(
            "http://127.0.0.1:{}/index.html?server={server}&report={}",
            site.port(),
            efx::REPORT_ID
        )
    };
    let dom = dump_dom(&page(allowed));
    let status = element_text(&dom, "status");
    assert_eq!(
        status,
        format!("report {} loaded; embed token accepted", efx::REPORT_NAME),
        "{dom}"
    );
    let expiry = element_text(&dom, "expiry");
    assert!(
        embed_expiry_is_rfc3339(expiry),
        "the page shows no expiry: {expiry:?}"
    );
    // The stand-in report page checked the token the page handed it.
    let accepted = w
        .authority
        .requests()
        .iter()
        .filter(|r| r.path == "/reportEmbed/accept")
        .count();
    assert_eq!(accepted, 1);
    let calls = |w: &World| {
        w.authority
            .requests()
            .iter()
            .filter(|r| r.path == efx::GENERATE_TOKEN_PATH)
            .count()
    };
    assert_eq!(calls(&w), 1);

    let dom = dump_dom(&page(other));
    let status = element_text(&dom, "status");
    assert!(
        status.contains("is not an --allow-origin of pbitoken serve")
            && status.contains(&format!("127.0.0.1:{}", other.port())),
        "{dom}"
    );
    assert!(!dom.contains("embed token accepted"), "{dom}");
    assert_eq!(element_text(&dom, "expiry"), "-");
    assert_eq!(calls(&w), 1, "the other origin got a token fetched");

    // serve saw the preflights: one allowed, one refused.
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(serve.id() as i32, libc::SIGTERM) };
    let mut log = String::new();
    serve
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert_eq!(serve.wait().unwrap().code(), Some(0), "{log}");
    assert!(log.contains("OPTIONS /embed 204"), "{log}");
    assert!(log.contains("GET /embed 200"), "{log}");
    assert!(log.contains("OPTIONS /embed 403"), "{log}");
}

fn embed_expiry_is_rfc3339(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T'
}
