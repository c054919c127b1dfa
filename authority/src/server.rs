//! The running authority: a listener on loopback, a thread per connection,
//! and the state tests can inspect and steer.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::context::RequestContext;
use crate::directory::Directory;
use crate::errors::AadError;
use crate::faults::{self, Action, Fault};
use crate::http::{self, ReadError, Response};
use crate::recording::RecordedRequest;
use crate::state::{lock, DeviceState, SignIn, State};
use crate::{jwt, router, tls};

/// How long a read may block; a client silent for longer is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A local Entra ID authority listening on `127.0.0.1`. Stops when dropped.
pub struct Authority {
    state: Arc<State>,
    addr: SocketAddr,
    ca_pem: Option<String>,
    accept_loop: Option<JoinHandle<()>>,
}

impl Authority {
    /// Serves [`Directory::seeded`] over plain HTTP on an ephemeral port.
    pub fn start() -> io::Result<Authority> {
        Authority::start_with(Directory::seeded())
    }

    /// Serves `dir` over plain HTTP on an ephemeral port.
    pub fn start_with(dir: Directory) -> io::Result<Authority> {
        Authority::bind(dir, 0, false)
    }

    /// Serves `dir` over HTTPS on an ephemeral port, with a certificate for
    /// `localhost` and `127.0.0.1` issued by a CA made for this authority
    /// (see [`Authority::ca_pem`]).
    pub fn start_tls(dir: Directory) -> io::Result<Authority> {
        Authority::bind(dir, 0, true)
    }

    /// Serves `dir` on `127.0.0.1:port` (0 for an ephemeral port), over
    /// HTTPS when `tls` is set. The other constructors are shorthands for this.
    pub fn bind(dir: Directory, port: u16, tls: bool) -> io::Result<Authority> {
        jwt::warm_up();
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let identity = if tls { Some(tls::identity()?) } else { None };
        let base_url = if tls {
            format!("https://localhost:{}", addr.port())
        } else {
            format!("http://127.0.0.1:{}", addr.port())
        };
        let state = Arc::new(State::new(dir, base_url));
        let tls_config = identity.as_ref().map(|i| i.config.clone());
        let loop_state = state.clone();
        let accept_loop = std::thread::Builder::new()
            .name(format!("authority-{}", addr.port()))
            .spawn(move || accept_loop(listener, loop_state, tls_config))?;
        Ok(Authority {
            state,
            addr,
            ca_pem: identity.map(|i| i.ca_pem),
            accept_loop: Some(accept_loop),
        })
    }

    /// `http://127.0.0.1:PORT`, or `https://localhost:PORT` with TLS; no trailing slash.
    pub fn url(&self) -> String {
        self.state.base_url.clone()
    }

    /// The port the authority listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The test CA certificate (PEM) that issued the server certificate, for TLS authorities.
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// Every request received so far, in order (faulted ones included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// How many requests reached a token endpoint path, faulted ones included.
    pub fn token_requests(&self) -> usize {
        self.state.token_requests()
    }

    /// Queues a fault for the next request that has none queued before it (FIFO).
    pub fn push_fault(&self, fault: Fault) {
        self.state.push_fault(fault);
    }

    /// Applies `fault` to every request (after any queued ones) until set to `None`.
    pub fn set_fault_always(&self, fault: Option<Fault>) {
        self.state.set_fault_always(fault);
    }

    /// Answers new connections like a typical keep-alive server: Nagle left
    /// on (no `TCP_NODELAY`), the head and the body in two writes, and the
    /// connection kept open for another request unless the client's request
    /// said `Connection: close`. A client that keeps the connection waits
    /// for the body until its delayed ACK lets Nagle send it (about 40 ms
    /// on Linux). Faulted requests are still answered and closed as usual.
    pub fn set_keep_alive(&self, on: bool) {
        self.state.set_keep_alive(on);
    }

    /// Sets `expires_in` (seconds) of tokens issued from now on; default 3599.
    pub fn set_token_lifetime(&self, secs: u64) {
        self.state.set_lifetime(secs);
    }

    /// Forgets every refresh token issued so far: they now fail with AADSTS9002313.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.state.refresh_tokens).clear();
    }

    /// The user codes of device code sign-ins that wait for the user.
    pub fn pending_device_codes(&self) -> Vec<String> {
        lock(&self.state.device_codes)
            .iter()
            .filter(|s| s.state == DeviceState::Pending)
            .map(|s| s.user_code.clone())
            .collect()
    }

    /// The user `upn` signs in with `user_code` on the other device.
    /// Returns whether such a code was waiting.
    pub fn approve_device_code(&self, user_code: &str, upn: &str) -> bool {
        self.set_device_state(user_code, DeviceState::Approved(upn.to_string()))
    }

    /// The user declines the sign-in for `user_code`.
    pub fn decline_device_code(&self, user_code: &str) -> bool {
        self.set_device_state(user_code, DeviceState::Declined)
    }

    /// The next poll for `user_code` is answered `slow_down`.
    pub fn slow_down_device_code(&self, user_code: &str) -> bool {
        self.state
            .with_device_session(user_code, |s| s.slow_down = true)
    }

    /// `expires_in` and `interval` (seconds) of device codes issued from now
    /// on; Entra's defaults are 900 and 5.
    pub fn set_device_code_timing(&self, expires_in: u64, interval: u64) {
        *lock(&self.state.device_timing) = (expires_in, interval);
    }

    fn set_device_state(&self, user_code: &str, state: DeviceState) -> bool {
        self.state
            .with_device_session(user_code, |s| s.state = state)
    }

    /// What the authorize endpoints do when a browser arrives: show the
    /// sign-in form (the default), sign a user in at once, decline consent,
    /// or fill the form in and submit it by script (for a real browser).
    pub fn set_sign_in(&self, mode: SignIn) {
        *lock(&self.state.sign_in) = mode;
    }

    /// How long authorization codes issued from now on may wait to be
    /// redeemed (seconds); Entra's is about 600.
    pub fn set_auth_code_lifetime(&self, secs: u64) {
        self.state
            .auth_code_lifetime
            .store(secs, std::sync::atomic::Ordering::Relaxed);
    }

    /// The URL a GitHub runner's `ACTIONS_ID_TOKEN_REQUEST_URL` would hold
    /// (it has a query already, so clients append `&audience=`).
    pub fn github_oidc_url(&self) -> String {
        format!("{}/github/oidc/token?api-version=2.0", self.state.base_url)
    }

    /// The IMDS endpoint for `PBITOKEN_IMDS_ENDPOINT`.
    pub fn imds_url(&self) -> String {
        format!("{}/metadata/identity/oauth2/token", self.state.base_url)
    }

    /// The App Service endpoint for `IDENTITY_ENDPOINT`.
    pub fn identity_endpoint_url(&self) -> String {
        format!("{}/msi/token", self.state.base_url)
    }

    /// A token from an external issuer this authority plays (GitHub,
    /// Kubernetes), valid for `lifetime` seconds (negative: expired), for a
    /// federated token file.
    pub fn issue_federated_token(
        &self,
        issuer: &str,
        subject: &str,
        audience: &str,
        lifetime: i64,
    ) -> String {
        jwt::external_token(issuer, subject, audience, lifetime)
    }

    /// Checks a token's RS256 signature against the authority's key and
    /// returns its claims. Expiry and audience are left to the caller.
    pub fn verify_jwt(&self, token: &str) -> Result<serde_json::Value, String> {
        jwt::verify(token)
    }
}

impl Drop for Authority {
    fn drop(&mut self) {
        self.state.stop();
        // Wake the blocking accept() so the loop sees the flag. If even that
        // fails, leave the thread detached rather than hang here.
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(handle) = self.accept_loop.take() {
            if woke {
                let _ = handle.join();
            }
        }
    }
}

fn accept_loop(listener: TcpListener, state: Arc<State>, tls: Option<Arc<ServerConfig>>) {
    for stream in listener.incoming() {
        if state.stopping() {
            break;
        }
        let Ok(stream) = stream else {
            // Usually out of file descriptors; back off instead of spinning.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let state = state.clone();
        let tls = tls.clone();
        let spawned = std::thread::Builder::new()
            .name("authority-conn".into())
            .spawn(move || serve_connection(&state, stream, tls));
        if spawned.is_err() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// How a connection ends.
enum Ending {
    /// Shut down politely: close_notify, FIN, and drain what the client still sends.
    Graceful,
    /// Just drop the socket.
    Abort,
}

fn serve_connection(state: &State, tcp: TcpStream, tls: Option<Arc<ServerConfig>>) {
    let keep_alive = state.keep_alive();
    let _ = tcp.set_read_timeout(Some(READ_TIMEOUT));
    let _ = tcp.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = tcp.set_nodelay(!keep_alive);
    match tls {
        None => {
            let mut tcp = tcp;
            if let Ending::Graceful = serve_all(state, &mut tcp, keep_alive) {
                linger(&tcp);
            }
        }
        Some(config) => {
            let Ok(conn) = ServerConnection::new(config) else {
                return;
            };
            let mut stream = StreamOwned::new(conn, tcp);
            if let Ending::Graceful = serve_all(state, &mut stream, keep_alive) {
                stream.conn.send_close_notify();
                let _ = stream.flush();
                linger(&stream.sock);
            }
        }
    }
}

/// Closes our side and reads what the client still sends, so that closing
/// with unread data does not turn into a reset that destroys the answer
/// before the client read it (e.g. a 413 sent before the body arrived).
fn linger(tcp: &TcpStream) {
    let _ = tcp.shutdown(Shutdown::Write);
    let _ = tcp.set_read_timeout(Some(Duration::from_millis(500)));
    let mut reader = tcp;
    let mut buf = [0u8; 8192];
    let mut drained = 0;
    while drained < 4 * http::MAX_BODY {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Serves one request, or with `keep_alive` as many as the client sends
/// until it asks for `Connection: close` or goes away.
fn serve_all<S: Read + Write>(state: &State, stream: &mut S, keep_alive: bool) -> Ending {
    loop {
        match serve(state, stream, keep_alive) {
            Served::Open => continue,
            Served::Closed(ending) => return ending,
        }
    }
}

/// What serving one request left of the connection.
enum Served {
    /// Answered, and the connection stays open for another request.
    Open,
    /// The connection ends.
    Closed(Ending),
}

fn serve<S: Read + Write>(state: &State, stream: &mut S, keep_alive: bool) -> Served {
    let req = match http::read_request(stream) {
        Ok(req) => req,
        Err(ReadError::Silent) => return Served::Closed(Ending::Abort),
        Err(e) => {
            let _ = unreadable_request(state, e).write_to(stream);
            return Served::Closed(Ending::Graceful);
        }
    };
    let matched = router::find(&req.method, &req.path);
    state.record(&req, matched.token_endpoint);
    if let Some(fault) = state.next_fault() {
        match faults::apply(&fault, stream) {
            Action::Proceed => {}
            Action::Answer(resp) => {
                let _ = resp.write_to(stream);
                return Served::Closed(Ending::Graceful);
            }
            Action::Abort => return Served::Closed(Ending::Abort),
            Action::Done => return Served::Closed(Ending::Graceful),
        }
    }
    let close = !keep_alive
        || req
            .header("connection")
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
    match matched.answer(state, &req).write_with(stream, close) {
        Ok(()) if !close => Served::Open,
        _ => Served::Closed(Ending::Graceful),
    }
}

fn unreadable_request(state: &State, e: ReadError) -> Response {
    let (status, why) = match e {
        ReadError::Silent => (400, "nothing was sent"),
        ReadError::Malformed(why) => (400, why),
        ReadError::Timeout => (408, "the request was not completed in time"),
        ReadError::HeadTooLarge => (431, "the request head is too large"),
        ReadError::BodyTooLarge => (413, "the request body is larger than 1 MiB"),
        ReadError::LengthRequired => (411, "bodies need a Content-Length"),
    };
    let ctx = RequestContext::detached(&state.base_url);
    let mut err = AadError::malformed_request();
    err.status = status;
    err.message = format!("{} ({why})", err.message);
    err.response(&ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_authority_ends_its_accept_loop() {
        let a = Authority::start().unwrap();
        let state = Arc::downgrade(&a.state);
        drop(a);
        // The accept loop's thread held the only other reference, and the
        // listener; both went when drop joined it.
        assert!(state.upgrade().is_none());
    }
}
