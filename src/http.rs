//! The one HTTP client: TLS, timeouts, proxies, retries, and the rule that
//! plain http goes to loopback only. Every request to an authority or API
//! goes through [`Transport::send`].

use std::io::Read;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderMap;

use crate::error::Error;
use crate::log::log;

/// Answers larger than this are not read: a token response is a few KiB.
pub const MAX_BODY: u64 = 1024 * 1024;
/// Tries per request, the first included.
pub const MAX_TRIES: u32 = 3;
/// The longest `Retry-After` that is honoured.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Which failures a request is tried again after, how much of an answer
/// is read, and what the caller gets when the tries run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Try again after a 5xx answer or a connection failure. 429 is always
    /// tried again: the request was not processed.
    pub retry_server_errors: bool,
    /// The most bytes of a body read; a longer answer is an error.
    pub max_body: u64,
    /// When the tries run out on a 429 or 5xx, return that answer (the
    /// caller shows its body) instead of an error.
    pub last_answer: bool,
}

impl Policy {
    /// Requests to an authority: every failure tried again, small bodies,
    /// an error when the tries run out.
    pub const AUTHORITY: Policy = Policy {
        retry_server_errors: true,
        max_body: MAX_BODY,
        last_answer: false,
    };

    /// `api`'s requests: 5xx and connection failures tried again only for
    /// methods that may be repeated (GET, HEAD, PUT, DELETE), bodies up to
    /// [`MAX_API_BODY`] (report exports), and the last answer returned.
    pub fn api(method: &str) -> Policy {
        Policy {
            retry_server_errors: ["GET", "HEAD", "PUT", "DELETE"]
                .iter()
                .any(|m| m.eq_ignore_ascii_case(method)),
            max_body: MAX_API_BODY,
            last_answer: true,
        }
    }
}

/// The largest answer `api` reads: 1 GiB (an exported report).
pub const MAX_API_BODY: u64 = 1 << 30;

/// How the client is built.
#[derive(Debug, Clone)]
pub struct TransportOptions {
    /// Overall time for one logical request, retries included.
    pub timeout: Duration,
    /// An extra CA bundle (`--ca-file`, else `SSL_CERT_FILE`).
    pub ca_file: Option<PathBuf>,
    /// Ignore `HTTPS_PROXY` too: IMDS must be reached directly, never via a
    /// proxy. (Plain http never uses one in any case.)
    pub no_proxy: bool,
}

/// An HTTP answer, its body read in full (up to [`MAX_BODY`]).
#[derive(Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first bytes of the body on one line, for error messages.
    pub fn snippet(&self) -> String {
        snippet(&self.body)
    }
}

/// The first 120 characters of a body, control characters flattened and
/// anything that may be a token scrubbed: a broken success answer (cut off,
/// not JSON) can still hold a real access token.
pub fn snippet(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(240)]);
    // Known secrets first, whole: token scrubbing below stops at the first
    // character a token cannot hold, and would leave the rest of one that
    // holds it.
    let flat = crate::error::one_line(&scrub_tokens(&crate::secret::redact(&text)));
    let mut out: String = flat.chars().take(120).collect();
    if flat.chars().count() > 120 || body.len() > 240 {
        out.push_str("...");
    }
    format!("\"{out}\"")
}

/// Replaces JWT-shaped runs (`eyJ...`) and the values of `access_token`,
/// `refresh_token` and `id_token` fields (JSON or form) with `****`.
pub fn scrub_tokens(text: &str) -> String {
    // `\` too: a JSON body may escape a token's '/' as `\/`.
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "-_.~+/=%\\".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let jwt = rest.find("eyJ");
        let field = ["access_token", "refresh_token", "id_token"]
            .iter()
            .filter_map(|k| rest.find(k).map(|i| (i, k.len())))
            .min();
        match (jwt, field) {
            (Some(j), f) if f.is_none_or(|(i, _)| j < i) => {
                out.push_str(&rest[..j]);
                out.push_str("****");
                let end = rest[j..]
                    .find(|c: char| !is_token_char(c))
                    .map_or(rest.len(), |e| j + e);
                rest = &rest[end..];
            }
            (_, Some((i, len))) => {
                // Keep the name and what separates it from the value.
                let after = i + len;
                let sep = rest[after..]
                    .find(|c: char| !matches!(c, '"' | ':' | '=' | ' '))
                    .map_or(rest.len(), |e| after + e);
                out.push_str(&rest[..sep]);
                let end = rest[sep..]
                    .find(|c: char| !is_token_char(c))
                    .map_or(rest.len(), |e| sep + e);
                if end > sep {
                    out.push_str("****");
                }
                rest = &rest[end..];
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// The configured clients and the time one logical request may take.
///
/// The clients are built on first use, one for https (the TLS
/// configuration with the root certificates, see [`crate::tls`]) and one
/// for plain http, which loads no certificates at all.
pub struct Transport {
    https: OnceLock<Client>,
    http: OnceLock<Client>,
    /// The https proxy from the environment, if any.
    proxy: Option<reqwest::Proxy>,
    opts: TransportOptions,
}

impl Transport {
    /// A transport: rustls with the platform roots plus the extra CA, no
    /// redirects, the env proxies, one connection per request. Reads
    /// nothing yet: see [`Transport::prepare_https`].
    pub fn new(opts: &TransportOptions) -> Result<Transport, Error> {
        // The environment is read now, files later: a variable that is not
        // UTF-8 or a proxy that is not a URL is a usage error whatever the
        // scheme of the request.
        let mut opts = opts.clone();
        opts.ca_file = crate::tls::extra_ca_file(opts.ca_file.as_deref())?;
        let proxy = if opts.no_proxy { None } else { https_proxy()? };
        Ok(Transport {
            https: OnceLock::new(),
            http: OnceLock::new(),
            proxy,
            opts,
        })
    }

    /// Builds the https client now (reading the CA file and the platform's
    /// roots), so that a broken `--ca-file` is reported before any request.
    pub fn prepare_https(&self) -> Result<(), Error> {
        self.client_for(true).map(|_| ())
    }

    /// The client for https (`tls`) or plain http URLs, built on first use.
    fn client_for(&self, tls: bool) -> Result<&Client, Error> {
        let cell = if tls { &self.https } else { &self.http };
        if let Some(client) = cell.get() {
            return Ok(client);
        }
        // A one-shot CLI never reuses a connection: keeping none idle, and
        // saying `Connection: close` (see `send_checked`), lets the server
        // close after its answer, which also flushes a body that Nagle would
        // otherwise hold until our delayed ACK (about 40 ms).
        let mut builder = Client::builder()
            .user_agent(concat!("pbitoken/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.opts.timeout)
            .timeout(self.opts.timeout)
            .pool_max_idle_per_host(0);
        // reqwest would also send plain http through HTTP_PROXY / ALL_PROXY,
        // and plain http here carries a secret or an identity header to
        // loopback or a managed-identity endpoint: that must go direct. So
        // the environment's proxies are off, and an https-only one is set.
        builder = builder.no_proxy();
        if let (true, Some(proxy)) = (tls, &self.proxy) {
            builder = builder.proxy(proxy.clone());
        }
        builder = if tls {
            let config = crate::tls::client_config(self.opts.ca_file.as_deref())?;
            builder.use_preconfigured_tls(config)
        } else {
            // reqwest builds an empty-rooted rustls configuration: no file is read.
            builder.use_rustls_tls()
        };
        let client = builder
            .build()
            .map_err(|e| Error::unavailable(format!("cannot set up HTTPS: {}", chain(&e))))?;
        Ok(cell.get_or_init(|| client))
    }

    /// The same transport without a proxy (IMDS must be reached directly).
    pub fn direct(&self) -> Result<Transport, Error> {
        Transport::new(&TransportOptions {
            no_proxy: true,
            ..self.opts.clone()
        })
    }

    /// The time one request may take, retries included.
    pub fn timeout(&self) -> Duration {
        self.opts.timeout
    }

    /// Sends a request, retrying connection errors, 429 and 5xx up to
    /// [`MAX_TRIES`] times within the timeout. `make` builds the request
    /// afresh for each try. Any other answer is returned as it is.
    pub fn send(
        &self,
        url: &str,
        what: &str,
        make: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, Error> {
        self.send_checked(url, what, false, Policy::AUTHORITY, make)
    }

    /// [`Transport::send`] under another [`Policy`].
    pub fn send_with(
        &self,
        url: &str,
        what: &str,
        policy: Policy,
        make: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, Error> {
        self.send_checked(url, what, false, policy, make)
    }

    /// [`Transport::send`] for a managed-identity endpoint, where the
    /// platform's plain-http address is allowed.
    pub fn send_managed_identity(
        &self,
        url: &str,
        what: &str,
        make: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, Error> {
        self.send_checked(url, what, true, Policy::AUTHORITY, make)
    }

    fn send_checked(
        &self,
        url: &str,
        what: &str,
        managed_identity: bool,
        policy: Policy,
        make: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, Error> {
        check_url_allowed(url, managed_identity)?;
        let tls = url::Url::parse(url).map_or(true, |u| u.scheme() == "https");
        let client = self.client_for(tls)?;
        let deadline = Instant::now() + self.opts.timeout;
        let mut try_no = 0;
        // The last answer, for a policy that returns it when time runs out.
        let mut last: Option<Response> = None;
        loop {
            try_no += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(timed_out(what, self.opts.timeout));
            }
            log(1, format!("{what}: try {try_no}/{MAX_TRIES}: {url}"));
            let t0 = Instant::now();
            let outcome = make(client)
                .header(reqwest::header::CONNECTION, "close")
                .timeout(remaining)
                .send()
                .and_then(|r| read_response(r, policy.max_body));
            let (retry_after, failure) = match outcome {
                Ok(Ok(resp)) => {
                    log(
                        1,
                        format!(
                            "{what}: HTTP {} in {} ms",
                            resp.status,
                            t0.elapsed().as_millis()
                        ),
                    );
                    let failed = resp.status == 429 || resp.status >= 500;
                    let retryable =
                        resp.status == 429 || (resp.status >= 500 && policy.retry_server_errors);
                    if !failed || (policy.last_answer && (!retryable || try_no >= MAX_TRIES)) {
                        return Ok(resp);
                    }
                    let after = resp.header("retry-after").and_then(parse_retry_after);
                    // Throttling and outages come with an AAD body too
                    // (AADSTS90055, 50196...): name the code and its hint.
                    let aad = crate::aad::AadError::parse(&resp.body);
                    let body = aad
                        .as_ref()
                        .map(|a| a.summary())
                        .unwrap_or_else(|| resp.snippet());
                    let mut err = Error::unavailable(format!(
                        "{what}: {url} answered HTTP {} after {try_no} tries: {body}",
                        resp.status,
                    ));
                    err.hint = Some(
                        aad.and_then(|a| a.code())
                            .and_then(crate::aad::hint)
                            .map(str::to_owned)
                            .unwrap_or_else(|| {
                                format!(
                                    "{} is failing or throttling: try again in a while",
                                    who(what)
                                )
                            }),
                    );
                    if !retryable {
                        return Err(err);
                    }
                    last = Some(resp);
                    (after, err)
                }
                Ok(Err(too_big)) => return Err(too_big),
                Err(e) => {
                    log(1, format!("{what}: {}", chain(&e)));
                    if e.is_timeout() {
                        return Err(timed_out(what, self.opts.timeout));
                    }
                    let err = transport_error(what, url, &e);
                    // An untrusted certificate will not be trusted on the next try.
                    if is_certificate_error(&e) || !policy.retry_server_errors {
                        return Err(err);
                    }
                    (None, err)
                }
            };
            if try_no >= MAX_TRIES {
                return Err(failure);
            }
            let wait = retry_after
                .map(|d| d.min(MAX_RETRY_AFTER))
                .unwrap_or_else(|| backoff(try_no));
            if Instant::now() + wait >= deadline {
                log(1, format!("{what}: no time left for another try"));
                if let (true, Some(resp)) = (policy.last_answer, last.take()) {
                    return Ok(resp);
                }
                let mut failure = failure;
                if let Some(asked) = retry_after.filter(|d| Instant::now() + *d >= deadline) {
                    // Say what the server asked for, not only that time ran out.
                    failure.hint = Some(format!(
                        "the server asked to wait {} s before trying again (Retry-After), longer than --timeout ({} s) leaves: wait that long, or raise --timeout",
                        asked.as_secs(),
                        self.opts.timeout.as_secs()
                    ));
                }
                return Err(failure);
            }
            log(1, format!("{what}: retrying in {} ms", wait.as_millis()));
            std::thread::sleep(wait);
        }
    }
}

/// The proxy for https requests: `HTTPS_PROXY`, else `ALL_PROXY` (either
/// spelling, as curl and reqwest read them), with `NO_PROXY`. It applies to
/// https URLs only; plain http never goes through a proxy.
fn https_proxy() -> Result<Option<reqwest::Proxy>, Error> {
    let mut found = None;
    for name in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        if let Some(value) = crate::env::var(name)? {
            found = Some((name, value));
            break;
        }
    }
    let Some((name, value)) = found else {
        return Ok(None);
    };
    let url = if value.contains("://") {
        value
    } else {
        format!("http://{value}")
    };
    // The value may hold the proxy's password: it is not quoted.
    let proxy = reqwest::Proxy::https(url.as_str())
        .map_err(|_| Error::usage(format!("{name} is not a proxy URL")))?;
    Ok(Some(proxy.no_proxy(reqwest::NoProxy::from_env())))
}

/// Reads status, headers and at most [`MAX_BODY`] bytes.
fn read_response(
    resp: reqwest::blocking::Response,
    max_body: u64,
) -> Result<Result<Response, Error>, reqwest::Error> {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let mut body = Vec::new();
    let mut limited = resp.take(max_body + 1);
    if let Err(e) = limited.read_to_end(&mut body) {
        // A body cut off mid-way: report it like a connection error.
        let inner = e
            .into_inner()
            .and_then(|b| b.downcast::<reqwest::Error>().ok().map(|b| *b));
        return match inner {
            Some(re) => Err(re),
            None => Ok(Err(Error::unavailable(format!(
                "the answer (HTTP {status}) was cut off before its end"
            )))),
        };
    }
    if body.len() as u64 > max_body {
        let what = if max_body == MAX_BODY {
            "; not a token response"
        } else {
            ""
        };
        return Ok(Err(Error::unavailable(format!(
            "the answer (HTTP {status}) is larger than {} KiB{what}",
            max_body / 1024
        ))));
    }
    Ok(Ok(Response {
        status,
        headers,
        body,
    }))
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, each +-25%.
fn backoff(try_no: u32) -> Duration {
    let base = 500u64 << (try_no - 1).min(6);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let jitter = nanos % (base / 2 + 1);
    Duration::from_millis(base * 3 / 4 + jitter)
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?;
    let secs = when.timestamp().as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(secs.max(0) as u64))
}

fn timed_out(what: &str, timeout: Duration) -> Error {
    Error::unavailable(format!(
        "{what}: no answer within {} s",
        timeout.as_secs_f64()
    ))
    .with_hint(format!(
        "{} is slow or unreachable; check the network or proxy, or raise --timeout",
        who(what)
    ))
}

/// Who answers a request, for hints: the Power BI API is not the authority.
fn who(what: &str) -> &'static str {
    if what.contains("Power BI API") {
        "the Power BI API (api_base)"
    } else if what.contains("Fabric API") {
        "the Fabric API (fabric_api_base)"
    } else if what.contains("GitHub") {
        "GitHub's OIDC token endpoint"
    } else if what.contains("IMDS") || what.contains("managed identity") {
        "the managed identity endpoint"
    } else {
        "the authority"
    }
}

/// Whether a request failed on the server's certificate.
fn is_certificate_error(e: &reqwest::Error) -> bool {
    let detail = chain(e);
    detail.contains("certificate") || detail.contains("UnknownIssuer")
}

fn transport_error(what: &str, url: &str, e: &reqwest::Error) -> Error {
    let detail = chain(e);
    if e.is_body() {
        // The server was reached and began to answer: "cannot reach" would
        // send the user after the network instead of the server or proxy.
        return Error::unavailable(format!(
            "{what}: the answer from {url} was cut off: {detail}"
        ));
    }
    let mut err = Error::unavailable(format!("{what}: cannot reach {url}: {detail}"));
    if is_certificate_error(e) || detail.contains("tls") {
        err = err.with_hint(
            "the server's certificate is not trusted; if a proxy inspects TLS, pass its CA with --ca-file or SSL_CERT_FILE",
        );
    } else if e.is_connect() {
        err = err.with_hint(format!(
            "check the network, the proxy (HTTPS_PROXY / NO_PROXY) and {}'s host",
            who(what)
        ));
    }
    err
}

/// An error and its causes on one line, without repeating the URL twice.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let text = err.to_string();
        // reqwest's outer layers only repeat the URL or say "client error".
        let noise = text.starts_with("error sending request") || text.starts_with("client error");
        if !noise && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// Plain http only to loopback (and, when `managed_identity` says so, to the
/// managed-identity endpoint); anything else must be https. A URL with
/// `user:password@` is refused whatever its scheme, without quoting it.
pub fn check_url_allowed(url: &str, managed_identity: bool) -> Result<(), Error> {
    let parsed = url::Url::parse(url).map_err(|e| {
        Error::usage(format!(
            "not a valid URL ({e}); the value is not shown, in case it holds a secret"
        ))
    })?;
    if has_userinfo(&parsed) {
        return Err(Error::usage(format!(
            "refusing a URL with a user name or password in it ({}://****@{}): credentials never go in a URL",
            parsed.scheme(),
            parsed.host_str().unwrap_or("")
        ))
        .with_hint("remove the user:password@ part"));
    }
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if managed_identity || is_loopback(&parsed) => Ok(()),
        "http" => Err(Error::usage(format!(
            "refusing plain http to {}: credentials and tokens travel only over https (http is allowed for loopback only)",
            parsed.host_str().unwrap_or("")
        ))
        .with_hint("use an https:// URL")),
        other => Err(Error::usage(format!(
            "'{}': unsupported scheme '{other}' (use https)",
            origin_and_path(&parsed)
        ))),
    }
}

/// Whether a URL carries `user@` or `user:password@`.
pub fn has_userinfo(url: &url::Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// A URL for a message: scheme, host, port and path, without userinfo,
/// query or fragment (any of which may hold a secret).
pub fn origin_and_path(url: &url::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// 127.0.0.0/8, ::1 or localhost.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_to_loopback() {
        assert!(check_url_allowed("http://127.0.0.1:8080/t", false).is_ok());
        assert!(check_url_allowed("http://127.9.9.9/t", false).is_ok());
        assert!(check_url_allowed("http://[::1]:80/t", false).is_ok());
        assert!(check_url_allowed("http://LocalHost/t", false).is_ok());
        assert!(check_url_allowed("https://login.microsoftonline.com/t", false).is_ok());
        for bad in [
            "http://login.microsoftonline.com/t",
            "http://10.0.0.1/t",
            "http://localhost.evil.com/t",
            "http://127.0.0.1.nip.io/t",
        ] {
            let e = check_url_allowed(bad, false).unwrap_err();
            assert_eq!(e.code, crate::error::ExitCode::Usage, "{bad}");
        }
        assert!(check_url_allowed("http://169.254.169.254/x", true).is_ok());
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_with_jitter_bounds() {
        for n in 1..=3 {
            let base = 500u64 << (n - 1);
            let d = backoff(n).as_millis() as u64;
            assert!(d >= base * 3 / 4 && d <= base * 5 / 4, "{n}: {d}");
        }
    }

    #[test]
    fn snippets_never_show_a_token() {
        let cut =
            br#"{"token_type":"Bearer","expires_in":3599,"access_token":"opaque-TOKEN-value-123"#;
        let s = snippet(cut);
        assert!(!s.contains("opaque-TOKEN-value-123"), "{s}");
        assert!(s.contains("access_token"), "{s}");
        let s = snippet(b"<p>token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl here</p>");
        assert!(!s.contains("eyJhbGciOi"), "{s}");
        assert!(s.contains("here"), "{s}");
        let s = snippet(b"access_token=abc123&refresh_token=def456");
        assert!(!s.contains("abc123") && !s.contains("def456"), "{s}");
        assert_eq!(scrub_tokens("no tokens here"), "no tokens here");
        let s = snippet(br#"{"access_token":"opaque\/TOKEN\/tail-789"#);
        assert!(!s.contains("TOKEN") && !s.contains("tail-789"), "{s}");
    }

    #[test]
    fn snippet_is_one_short_line() {
        let body = format!("<html>\n<body>{}</body>", "x".repeat(500));
        let s = snippet(body.as_bytes());
        assert!(!s.contains('\n'));
        assert!(s.len() < 140);
        assert_eq!(snippet(b""), "(empty body)");
    }
}
