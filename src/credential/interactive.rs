//! Browser sign-in, as `az login` and MSAL do it: the authorization code
//! flow with PKCE (S256) and a random `state`, the redirect caught by a
//! listener on 127.0.0.1. For accounts with MFA and tenants that block the
//! device code flow. The refresh token is cached as for `password`, so
//! later calls are silent.

use std::io::{IsTerminal, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{client_secret, nothing_more, request, user_scope, Ask, Credential, Method};
use super::{CredentialOptions, DEFAULT_LOGIN_TIMEOUT};
use crate::aad::AadError;
use crate::endpoint::Endpoint;
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::log::log;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// The largest request head the redirect listener reads.
const MAX_HEAD: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Browser sign-in.
pub struct InteractiveCredential {
    profile: Profile,
    no_browser: bool,
    login_timeout: Duration,
    /// A refresh token the cache holds, redeemed before any browser
    /// (`check`, which bypasses the cache's access tokens).
    cached_refresh: Option<Secret>,
    /// A client secret, when the profile names one (a confidential client).
    secret: Option<Secret>,
}

impl InteractiveCredential {
    /// The credential for a profile. With no terminal and no
    /// `--no-browser` (and no cached refresh token to use instead) it
    /// fails at once: nobody would see the browser.
    pub fn new(profile: &Profile, opts: &CredentialOptions) -> Result<Self, Error> {
        let cached_refresh = if opts.cached_refresh {
            cached_refresh_token(profile)
        } else {
            None
        };
        if cached_refresh.is_none() && !opts.no_browser && !has_terminal() {
            return Err(no_terminal(profile));
        }
        let secret = if profile.secret_named {
            Some(client_secret(profile)?)
        } else {
            None
        };
        Ok(InteractiveCredential {
            profile: profile.clone(),
            no_browser: opts.no_browser,
            login_timeout: opts.login_timeout,
            cached_refresh,
            secret,
        })
    }
}

/// SPEC.md: "no terminal" is standard input and standard error both not
/// terminals.
pub(crate) fn has_terminal() -> bool {
    std::io::stdin().is_terminal() || std::io::stderr().is_terminal()
}

fn no_terminal(profile: &Profile) -> Error {
    Error::new(
        ExitCode::Interaction,
        format!(
            "profile '{}' needs a browser sign-in and there is no terminal (standard input and standard error are not terminals)",
            profile.name
        ),
    )
    .with_hint("sign in once on a terminal (later calls redeem the cached refresh token silently), pass --no-browser to print the sign-in URL and open it yourself, or use auth = \"device_code\"")
}

/// The refresh token a cache entry of this profile holds, if any.
fn cached_refresh_token(profile: &Profile) -> Option<Secret> {
    let cache = crate::cache::Cache::locate()?;
    let key = crate::cache::Key::new(profile, None);
    cache.read(&key)?.token().refresh_token
}

/// Browser sign-in.
pub(super) const METHOD: Method = Method {
    build: |profile, opts| Ok(Box::new(InteractiveCredential::new(profile, opts)?)),
    // User sign-in: the cached refresh token is found by the profile alone.
    cache_identity: nothing_more,
    check: |profile| {
        Ok(Some(if cached_refresh_token(profile).is_some() {
            "browser sign-in: a refresh token is cached, so no browser is needed".to_owned()
        } else {
            let port = profile
                .redirect_port
                .map_or("a free port".to_owned(), |p| format!("port {p}"));
            format!("browser sign-in: no refresh token is cached, a browser sign-in will be needed (redirect to http://localhost on {port})")
        }))
    },
    init: &[Ask::Optional {
        key: "username",
        question:
            "Username to suggest on the sign-in page, e.g. alice@contoso.com (Enter for none): ",
    }],
    by_resource: false,
    password_from: None,
};

/// The v2 scope: the profile's plus `offline_access openid profile`.
fn scope(profile: &Profile) -> String {
    let mut scope = user_scope(profile);
    for extra in ["openid", "profile"] {
        if !scope.split(' ').any(|s| s == extra) {
            scope.push(' ');
            scope.push_str(extra);
        }
    }
    scope
}

/// `.../oauth2/v2.0/authorize` or, on v1, `.../oauth2/authorize`: the token
/// URL's sibling.
pub(crate) fn authorize_url(profile: &Profile) -> String {
    let token_url = profile.token_url();
    let base = token_url.strip_suffix("/token").unwrap_or(&token_url);
    format!("{base}/authorize")
}

/// Random bytes as base64url, for `state` and the PKCE verifier.
fn random_b64(n: usize) -> Result<String, Error> {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| Error::new(ExitCode::Failure, format!("no random source: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// One sign-in's secrets and where the browser comes back to.
struct Attempt {
    state: String,
    verifier: Secret,
    redirect_uri: String,
    url: String,
}

impl InteractiveCredential {
    fn attempt(&self, port: u16) -> Result<Attempt, Error> {
        let state = random_b64(24)?;
        // 43 characters, the shortest RFC 7636 allows, from 256 random bits.
        let verifier = Secret::new(random_b64(32)?);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose().as_bytes()));
        let redirect_uri = format!("http://localhost:{port}");
        let mut url = url::Url::parse(&authorize_url(&self.profile)).map_err(|e| {
            Error::usage(format!("the authorize URL is not a URL ({e})"))
                .with_hint("check authority_host and token_endpoint with `pbitoken config show`")
        })?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(
                "client_id",
                self.profile.client_id.as_deref().unwrap_or_default(),
            )
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("response_mode", "query");
            match self.profile.endpoint {
                Endpoint::V2 => q.append_pair("scope", &scope(&self.profile)),
                Endpoint::V1 => q.append_pair("resource", &self.profile.resource),
            };
            q.append_pair("state", &state)
                .append_pair("code_challenge", &challenge)
                .append_pair("code_challenge_method", "S256")
                .append_pair("prompt", "select_account");
            if let Some(user) = &self.profile.username {
                q.append_pair("login_hint", user);
            }
        }
        Ok(Attempt {
            state,
            verifier,
            redirect_uri,
            url: url.to_string(),
        })
    }

    /// Listens, shows the URL, opens the browser, waits for the redirect.
    fn sign_in(&self) -> Result<(Secret, Attempt), Error> {
        let port = self.profile.redirect_port.unwrap_or(0);
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            let what = if port == 0 {
                "a free port".to_owned()
            } else {
                format!("redirect_port {port}")
            };
            Error::usage(format!("cannot listen on 127.0.0.1 ({what}) for the sign-in redirect: {e}"))
                .with_hint("choose another redirect_port with `pbitoken config set PROFILE redirect_port N`, or unset it for a free one")
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(ExitCode::Failure, format!("the redirect listener: {e}")))?
            .port();
        let attempt = self.attempt(port)?;
        // The one thing on stderr a person must see, even with -q.
        if self.no_browser {
            eprintln!("To sign in, open this URL in a browser:\n{}", attempt.url);
        } else {
            eprintln!(
                "Opening a browser to sign in. If none opens, open this URL:\n{}",
                attempt.url
            );
            if let Err(why) = open_browser(&attempt.url) {
                eprintln!(
                    "{}",
                    crate::error::one_line(&format!(
                        "warning: could not open a browser ({why}); open the URL above yourself"
                    ))
                );
            }
        }
        log(
            1,
            format!(
                "interactive: waiting up to {} s for the redirect to http://localhost:{port}",
                self.login_timeout.as_secs()
            ),
        );
        let code = wait_for_code(&listener, &attempt.state, self.login_timeout)?;
        Ok((code, attempt))
    }

    /// Redeems the code with the verifier and the same redirect URI.
    fn redeem(
        &self,
        transport: &Transport,
        code: &Secret,
        attempt: &Attempt,
    ) -> Result<Token, Error> {
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", code.expose()),
            ("redirect_uri", attempt.redirect_uri.as_str()),
            ("code_verifier", attempt.verifier.expose()),
        ];
        if let Some(s) = &self.secret {
            form.push(("client_secret", s.expose()));
        }
        let scope = scope(&self.profile);
        request(transport, &self.profile, form, &scope)
    }
}

impl Credential for InteractiveCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        if let Some(rt) = &self.cached_refresh {
            match super::refresh(transport, &self.profile, rt) {
                Ok(token) => return Ok(token),
                Err(e) if matches!(e.code, ExitCode::Refused | ExitCode::Interaction) => {
                    log(1, format!("interactive: refresh refused ({e}); signing in"));
                    if !self.no_browser && !has_terminal() {
                        return Err(no_terminal(&self.profile));
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let (code, attempt) = self.sign_in()?;
        self.redeem(transport, &code, &attempt)
    }
}

/// Opens `url` in the user's browser: `$BROWSER`, else the platform's
/// opener (on WSL the Windows one). Does not wait for it.
fn open_browser(url: &str) -> Result<(), String> {
    let (program, args) = match crate::env::var("BROWSER").ok().flatten() {
        // As Python's webbrowser reads it: `:`-separated commands, `%s`
        // the URL (else it is appended); the first one is used.
        Some(browser) => {
            let first = browser
                .split(':')
                .map(str::trim)
                .find(|c| !c.is_empty())
                .ok_or("BROWSER is empty")?
                .to_owned();
            let mut words: Vec<String> = first.split_whitespace().map(str::to_owned).collect();
            let program = words.remove(0);
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_owned());
            }
            (program, words)
        }
        None => platform_opener(url),
    };
    let mut child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    // Reaped in the background, so no zombie is left while we wait.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// The platform's way to open a URL. `rundll32` takes the URL as it is,
/// where `cmd /c start` would read its `&`s.
fn platform_opener(url: &str) -> (String, Vec<String>) {
    let rundll = |exe: &str| {
        (
            exe.to_owned(),
            vec!["url.dll,FileProtocolHandler".to_owned(), url.to_owned()],
        )
    };
    if cfg!(windows) {
        rundll("rundll32")
    } else if cfg!(target_os = "macos") {
        ("open".to_owned(), vec![url.to_owned()])
    } else if is_wsl() {
        rundll("rundll32.exe")
    } else {
        ("xdg-open".to_owned(), vec![url.to_owned()])
    }
}

/// Whether this is Linux under WSL, where the browser is Windows'.
fn is_wsl() -> bool {
    std::env::var_os("WSL_DISTRO_NAME").is_some()
        || std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .is_ok_and(|r| r.to_ascii_lowercase().contains("microsoft"))
}

/// What one redirect brought.
enum Outcome {
    Code(Secret),
    Refused(AadError),
}

/// Accepts connections until one carries this sign-in's `state` with a
/// code or an error, or the time is up. Each connection is read on its own
/// thread: a browser's idle preconnection must not hold up the real one.
fn wait_for_code(listener: &TcpListener, state: &str, timeout: Duration) -> Result<Secret, Error> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::new(ExitCode::Failure, format!("the redirect listener: {e}")))?;
    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::channel();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let tx = tx.clone();
                let state = state.to_owned();
                std::thread::spawn(move || {
                    if let Some(outcome) = serve(stream, &state) {
                        let _ = tx.send(outcome);
                    }
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Error::new(
                    ExitCode::Failure,
                    format!("the redirect listener failed: {e}"),
                ))
            }
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Outcome::Code(code)) => return Ok(code),
            Ok(Outcome::Refused(aad)) => return Err(redirect_error(&aad)),
            Err(_) if Instant::now() >= deadline => {
                return Err(Error::new(
                    ExitCode::Interaction,
                    format!(
                        "the browser sign-in was not finished within {} s",
                        timeout.as_secs()
                    ),
                )
                .with_hint(format!("run the command again and finish signing in in time (--login-timeout SECS, default {}); without a browser here, use --no-browser and open the URL elsewhere (with ssh -L for redirect_port), or auth = \"device_code\"", DEFAULT_LOGIN_TIMEOUT.as_secs())))
            }
            Err(_) => {}
        }
    }
}

/// The error a redirect's `error` and `error_description` stand for.
fn redirect_error(aad: &AadError) -> Error {
    let summary = aad.summary();
    let mut message = format!("the sign-in was refused ({}", aad.error);
    if !summary.starts_with("AADSTS") {
        if let Some(code) = aad.code() {
            message.push_str(&format!(", AADSTS{code}"));
        }
    }
    message.push_str(&format!("): {summary}"));
    let mut err = Error::new(aad.exit_code(), message);
    err.hint = aad.code().and_then(crate::aad::hint).map(str::to_owned);
    err
}

/// Reads one request from the browser and answers it. `None` for anything
/// that is not this sign-in's redirect (a favicon, a wrong `state`).
fn serve(mut stream: TcpStream, state: &str) -> Option<Outcome> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let target = read_target(&mut stream)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    if path != "/" {
        respond(&mut stream, 404, "Not found", "Nothing here.");
        return None;
    }
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("state") != Some(state) {
        log(1, "interactive: a redirect with another state was refused");
        respond(
            &mut stream,
            400,
            "Sign-in response refused",
            "This response does not belong to the sign-in pbitoken is waiting for (its state does not match), so it was ignored. Finish the sign-in from the URL pbitoken printed.",
        );
        return None;
    }
    if let Some(error) = get("error") {
        let aad = AadError {
            error: error.to_owned(),
            error_description: get("error_description").map(str::to_owned),
            ..AadError::default()
        };
        respond(
            &mut stream,
            200,
            "Sign-in failed",
            &format!(
                "The sign-in failed: {}. See the terminal for what to do.",
                aad.summary()
            ),
        );
        return Some(Outcome::Refused(aad));
    }
    match get("code") {
        Some(code) => {
            respond(
                &mut stream,
                200,
                "Signed in",
                "You are signed in. You can close this window and return to the terminal.",
            );
            Some(Outcome::Code(Secret::new(code)))
        }
        None => {
            respond(
                &mut stream,
                400,
                "Sign-in response refused",
                "The response carries neither a code nor an error.",
            );
            None
        }
    }
}

/// The request target of a `GET`, read up to the end of the head.
fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            respond(
                stream,
                431,
                "Request too large",
                "The request is too large.",
            );
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut words = text.lines().next()?.split(' ');
    match (words.next(), words.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => {
            respond(
                stream,
                405,
                "Method not allowed",
                "Only GET is served here.",
            );
            None
        }
    }
}

/// A small HTML page; the text is escaped, and never holds the code.
fn respond(stream: &mut TcpStream, status: u16, title: &str, text: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    };
    let body = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pbitoken: {}</title></head>\n<body><h1>{}</h1>\n<p>{}</p></body></html>\n",
        html_escape(title),
        html_escape(title),
        html_escape(text)
    );
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

/// Text made safe to put in HTML.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            html_escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn pkce_challenge_is_s256() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
