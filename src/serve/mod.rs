//! `pbitoken serve`: the WireBootstrap sample's token endpoint as a local
//! HTTP server. hyper's HTTP/1 server on a current-thread tokio runtime
//! (the stack reqwest already brings); limits are set where connections
//! are built, not in handlers:
//!
//! - a request head must arrive within [`HEAD_TIMEOUT`] and fit in
//!   [`MAX_HEAD`] (hyper answers 400/431 and closes otherwise), so a
//!   trickling or oversized client costs one task for a while, never the
//!   server;
//! - at most [`MAX_CONNECTIONS`] connections; more are closed at once;
//! - SIGINT/SIGTERM stop accepting, let the requests in flight finish
//!   (within `--timeout`), then return.
//!
//! [`rules`] decides what a request gets before any token is involved;
//! [`tokens`] holds the tokens, one upstream fetch per token at a time.

pub mod rules;
pub mod tokens;

use std::convert::Infallible;
use std::future::Future;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, HOST, ORIGIN};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use crate::error::{Error, ExitCode};
use crate::log::log;
use rules::{Decision, Endpoint, Rules};
use tokens::{Tokens, Upstream, Which};

/// A request head must arrive within this time.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head read (hyper's buffer).
pub const MAX_HEAD: usize = 64 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 1024;

/// `serve`'s options.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--listen`.
    pub listen: String,
    /// `--allow-origin`.
    pub allow_origins: Vec<String>,
    /// `--report`.
    pub reports: Vec<String>,
    /// `--access-token`.
    pub access_token: bool,
    /// `--timeout`: how long a request waits for a token, and the drain.
    pub timeout: Duration,
    /// `-q`.
    pub quiet: bool,
}

struct Shared {
    rules: Rules,
    tokens: Tokens,
}

/// The listen address: `ADDR:PORT`, or `localhost:PORT`.
pub fn parse_listen(listen: &str) -> Result<SocketAddr, Error> {
    let bad = || {
        Error::usage(format!(
            "--listen is not ADDR:PORT: {}",
            crate::shape::shorten(&crate::error::one_line(listen), 60)
        ))
        .with_hint("e.g. --listen 127.0.0.1:8765 (port 0 picks a free one)")
    };
    if let Ok(addr) = listen.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let (host, _) = listen.rsplit_once(':').ok_or_else(bad)?;
    if !host.eq_ignore_ascii_case("localhost") {
        return Err(bad());
    }
    // localhost only: no name is looked up on the network.
    listen
        .to_socket_addrs()
        .map_err(|_| bad())?
        .find(SocketAddr::is_ipv4)
        .ok_or_else(bad)
}

/// An `--allow-origin` as browsers send `Origin`: `scheme://host[:port]`.
pub fn parse_origin(origin: &str) -> Result<String, Error> {
    let bad = |why: &str| {
        Error::usage(format!(
            "--allow-origin {}: {why}",
            crate::shape::shorten(&crate::error::one_line(origin), 80)
        ))
        .with_hint("give the page's origin as the browser sends it, e.g. --allow-origin https://app.contoso.com or http://localhost:3000")
    };
    if origin == "*" {
        return Err(bad("any origin would let every web page read tokens"));
    }
    let url = url::Url::parse(origin).map_err(|_| bad("not an origin"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad("not an http or https origin"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("an origin has no path, query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("an origin has no user name or password"));
    }
    Ok(url.origin().ascii_serialization())
}

/// Binds, prints `listening on http://ADDR:PORT`, and serves until
/// SIGINT or SIGTERM. `announce` prints the first line of stdout.
pub fn run(
    opts: Options,
    upstream: Upstream,
    announce: &mut dyn FnMut(&str) -> Result<(), Error>,
) -> Result<ExitCode, Error> {
    let listen = parse_listen(&opts.listen)?;
    let mut allow_origins = Vec::new();
    for o in &opts.allow_origins {
        allow_origins.push(parse_origin(o)?);
    }
    if !listen.ip().is_loopback() && !opts.quiet {
        eprintln!(
            "warning: serving on {listen}, a non-loopback address: anyone who can reach it gets tokens; the Host header is not checked"
        );
    }
    // Signals are taken by a thread of their own; every other thread,
    // made from here on, inherits them blocked.
    #[cfg(unix)]
    let signals = signals::block()?;
    let listener = TcpListener::bind(listen).map_err(|e| {
        Error::usage(format!("cannot listen on {listen}: {e}"))
            .with_hint("pick another --listen address or port (port 0 picks a free one)")
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::new(ExitCode::Failure, format!("cannot tell the address: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::new(ExitCode::Failure, format!("cannot listen: {e}")))?;
    let rules = Rules {
        listen: local,
        allow_origins,
        workspace: upstream.workspace.is_some(),
        reports: opts
            .reports
            .iter()
            .map(|r| r.to_ascii_lowercase())
            .collect(),
        access_token: opts.access_token,
    };
    let shared = Arc::new(Shared {
        rules,
        tokens: Tokens::new(upstream, opts.timeout),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(16)
        .build()
        .map_err(|e| Error::new(ExitCode::Failure, format!("cannot start the server: {e}")))?;
    let stop = Arc::new(tokio::sync::Notify::new());
    #[cfg(unix)]
    signals::forward(signals, stop.clone())?;
    announce(&format!("listening on http://{local}\n"))?;
    let drain = opts.timeout;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(ExitCode::Failure, format!("cannot listen: {e}")))?;
        serve(listener, shared, stop, drain).await;
        Ok::<(), Error>(())
    })?;
    // Fetches still running on the blocking pool are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(ExitCode::Success)
}

/// Accepts until `stop` is notified, then drains.
async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stop: Arc<tokio::sync::Notify>,
    drain: Duration,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    loop {
        let accepted = {
            let mut accept = std::pin::pin!(listener.accept());
            let mut stopped = std::pin::pin!(stop.notified());
            std::future::poll_fn(|cx| {
                if stopped.as_mut().poll(cx).is_ready() {
                    return std::task::Poll::Ready(None);
                }
                accept.as_mut().poll(cx).map(Some)
            })
            .await
        };
        let (stream, _) = match accepted {
            None => break,
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                // Out of file descriptors, say: back off, do not spin.
                log(1, format!("serve: accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let service = hyper::service::service_fn(move |req| handle(shared.clone(), req));
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    log(1, "serve: stopping; finishing the requests in flight");
    let _ = tokio::time::timeout(drain, graceful.shutdown()).await;
}

/// Answers one request.
async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let origin = req.headers().get(ORIGIN).map(HeaderValue::as_bytes);
    let decision = shared.rules.decide(
        &method,
        &path,
        req.uri().query(),
        req.headers().get(HOST).map(HeaderValue::as_bytes),
        origin,
    );
    let allowed = shared
        .rules
        .origin(origin)
        .ok()
        .flatten()
        .map(str::to_owned);
    drop(req);
    let preflight = decision == Decision::Preflight;
    let (status, body) = match decision {
        Decision::Serve(Endpoint::Health) => (200, Bytes::from_static(b"{\"ok\":true}")),
        Decision::Serve(Endpoint::Embed(report)) => {
            answer(shared.tokens.get(Which::Embed(report)).await)
        }
        Decision::Serve(Endpoint::Token) => answer(shared.tokens.get(Which::Access).await),
        Decision::Preflight => (204, Bytes::new()),
        Decision::Refuse(status, body) if body.is_null() => (status, Bytes::new()),
        Decision::Refuse(status, body) => (status, Bytes::from(body.to_string())),
    };
    let mut resp = Response::new(Full::new(body.clone()));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let h = resp.headers_mut();
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if !body.is_empty() {
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    if let Some(origin) = allowed.and_then(|o| HeaderValue::from_str(&o).ok()) {
        h.insert("access-control-allow-origin", origin);
        h.insert("vary", HeaderValue::from_static("Origin"));
        if preflight {
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static("GET"),
            );
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static("Content-Type"),
            );
            h.insert("access-control-max-age", HeaderValue::from_static("600"));
        }
    }
    if status == 405 {
        h.insert("allow", HeaderValue::from_static("GET, OPTIONS"));
    }
    log(
        1,
        format!(
            "{} {} {status} {} ms",
            crate::shape::shorten(&method, 20),
            crate::shape::shorten(&path, 200),
            started.elapsed().as_millis()
        ),
    );
    Ok(resp)
}

fn answer(result: Result<Bytes, tokens::Failure>) -> (u16, Bytes) {
    match result {
        Ok(body) => (200, body),
        Err(f) => (f.status, Bytes::from(f.body.to_string())),
    }
}

#[cfg(unix)]
mod signals {
    //! SIGINT and SIGTERM, blocked in every thread and taken by one thread
    //! with `sigwait`, which wakes the server.

    use std::sync::Arc;

    use crate::error::{Error, ExitCode};

    /// The signal set, blocked in this thread (and so in every thread it
    /// starts from now on).
    pub struct Blocked(libc::sigset_t);

    pub fn block() -> Result<Blocked, Error> {
        // SAFETY: the set is initialised by sigemptyset before use, and
        // pthread_sigmask only reads it.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return Err(Error::new(ExitCode::Failure, "cannot block signals"));
            }
            Ok(Blocked(set))
        }
    }

    /// Waits for the first signal on a thread of its own, then notifies.
    pub fn forward(set: Blocked, stop: Arc<tokio::sync::Notify>) -> Result<(), Error> {
        let set = set.0;
        std::thread::Builder::new()
            .name("serve-signals".into())
            .spawn(move || {
                let mut sig = 0;
                // SAFETY: set is a valid, initialised signal set.
                if unsafe { libc::sigwait(&set, &mut sig) } == 0 {
                    crate::log::log(1, format!("serve: signal {sig}"));
                    stop.notify_one();
                }
            })
            .map(|_| ())
            .map_err(|e| Error::new(ExitCode::Failure, format!("cannot start: {e}")))
    }
}
