//! The tokens `serve` hands out, kept in memory in front of the token
//! cache: an answer is reused while it has `--min-validity` left, and
//! concurrent requests for the same token wait for one upstream fetch
//! (single flight). The fetch is the blocking road every command takes
//! ([`crate::embed::fetch`], [`crate::acquire::acquire`]), on tokio's
//! blocking pool; it stores its answer itself, so a request that gave up
//! waiting does not make the next one fetch again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{json, Value};

use crate::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use crate::credential::CredentialOptions;
use crate::embed::{self, EmbedRequest, Identity};
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::profile::Profile;

use super::rules::error_body;

/// At most this many reports are remembered (a server without `--report`
/// answers for any report id: the map must not grow with them).
const MAX_REPORTS: usize = 256;

/// What fetching needs, shared with the blocking pool.
pub struct Upstream {
    /// The resolved profile.
    pub profile: Profile,
    /// The one HTTP client.
    pub transport: Transport,
    /// For building the credential.
    pub credential: CredentialOptions,
    /// `--workspace`.
    pub workspace: Option<String>,
    /// `--identity`.
    pub identities: Vec<Identity>,
    /// `--min-validity`.
    pub min_validity: u64,
    /// `-q`: no warnings.
    pub quiet: bool,
}

/// A failed answer: the status and the `{"error", "hint"}` body.
#[derive(Debug, Clone)]
pub struct Failure {
    /// 502, 504, or 503 when too many reports are in flight.
    pub status: u16,
    /// The JSON body.
    pub body: Value,
}

/// Which token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Which {
    /// `/embed`'s config for this report (lower-case id).
    Embed(String),
    /// `/token`'s access token.
    Access,
}

#[derive(Default)]
struct Slot {
    /// The answer's body and when its token expires.
    value: Mutex<Option<(Bytes, i64)>>,
    /// Held by the one fetch in flight.
    flight: Arc<tokio::sync::Mutex<()>>,
}

impl Slot {
    fn fresh(&self, min_validity: u64) -> Option<Bytes> {
        let value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        let (body, expires_on) = value.as_ref()?;
        let left = i128::from(*expires_on) - i128::from(crate::token::now());
        (left >= i128::from(min_validity)).then(|| body.clone())
    }
}

/// The tokens, in memory.
pub struct Tokens {
    upstream: Arc<Upstream>,
    slots: Mutex<HashMap<Which, Arc<Slot>>>,
    timeout: Duration,
}

impl Tokens {
    /// Tokens fetched through `upstream`; a request waits at most
    /// `timeout` for one (then 504).
    pub fn new(upstream: Upstream, timeout: Duration) -> Tokens {
        Tokens {
            upstream: Arc::new(upstream),
            slots: Mutex::new(HashMap::new()),
            timeout,
        }
    }

    /// The answer's body for `which`.
    pub async fn get(&self, which: Which) -> Result<Bytes, Failure> {
        let min = self.upstream.min_validity;
        let slot = self.slot(&which)?;
        if let Some(body) = slot.fresh(min) {
            return Ok(body);
        }
        let deadline = tokio::time::Instant::now() + self.timeout;
        let guard = tokio::time::timeout_at(deadline, slot.flight.clone().lock_owned())
            .await
            .map_err(|_| timed_out(self.timeout))?;
        if let Some(body) = slot.fresh(min) {
            return Ok(body);
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        let upstream = self.upstream.clone();
        let filled = slot.clone();
        tokio::task::spawn_blocking(move || {
            let result = fetch(&upstream, &which);
            if let Ok(value) = &result {
                *filled.value.lock().unwrap_or_else(|e| e.into_inner()) = Some(value.clone());
            }
            // The next waiter goes in only once the slot is filled.
            drop(guard);
            let _ = tx.send(result);
        });
        match tokio::time::timeout_at(deadline, rx).await {
            Ok(Ok(Ok((body, _)))) => Ok(body),
            Ok(Ok(Err(e))) => Err(failure(&e)),
            Ok(Err(_)) => Err(Failure {
                status: 502,
                body: error_body("the token fetch ended without an answer", None),
            }),
            Err(_) => Err(timed_out(self.timeout)),
        }
    }

    /// The slot of `which`, made if need be; the map stays bounded.
    fn slot(&self, which: &Which) -> Result<Arc<Slot>, Failure> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get(which) {
            return Ok(slot.clone());
        }
        if slots.len() >= MAX_REPORTS {
            // Forget the slots nobody is using: stale ones first, then any.
            let min = self.upstream.min_validity;
            slots.retain(|_, s| Arc::strong_count(s) > 1 || s.fresh(min).is_some());
            if slots.len() >= MAX_REPORTS {
                slots.retain(|_, s| Arc::strong_count(s) > 1);
            }
            if slots.len() >= MAX_REPORTS {
                return Err(Failure {
                    status: 503,
                    body: error_body(
                        "too many different reports are being fetched at once",
                        Some("try again in a moment, or start serve with --report for the reports pages embed"),
                    ),
                });
            }
        }
        let slot = Arc::new(Slot::default());
        slots.insert(which.clone(), slot.clone());
        Ok(slot)
    }
}

/// Fetches one token the blocking way, and renders the answer's body.
fn fetch(up: &Upstream, which: &Which) -> Result<(Bytes, i64), Error> {
    let cache = CachePolicy::Use {
        force_refresh: false,
        min_validity: up.min_validity,
    };
    let quiet = up.quiet;
    let mut warn = |message: &str| {
        if !quiet {
            let line = crate::error::one_line(&format!("warning: {message}"));
            eprintln!("{}", crate::secret::redact(&line));
        }
    };
    match which {
        Which::Embed(report) => {
            let request = EmbedRequest {
                workspace: up.workspace.clone().unwrap_or_default(),
                reports: vec![report.clone()],
                identities: up.identities.clone(),
                ..EmbedRequest::default()
            };
            let (token, _) = embed::fetch(
                &embed::Fetch {
                    profile: &up.profile,
                    cache,
                    cache_at: None,
                    credential: up.credential.clone(),
                    transport: TransportSource::ready(&up.transport),
                },
                &request,
                &mut warn,
            )?;
            let config = embed::config(&token, Some(report)).ok_or_else(|| {
                Error::unavailable("Power BI's answer did not name the report asked for")
            })?;
            Ok((Bytes::from(config.to_string()), token.expires_on))
        }
        Which::Access => {
            let (token, _) = acquire::acquire(
                &acquire::Request {
                    profile: &up.profile,
                    cache,
                    cache_at: None,
                    credential: CredentialSource::Build(up.credential.clone()),
                    transport: TransportSource::ready(&up.transport),
                },
                &mut warn,
            )?;
            if !crate::token::is_token68(token.access_token.expose()) {
                return Err(Error::unavailable(
                    "the access token holds characters a bearer token cannot hold",
                ));
            }
            let body = json!({
                "access_token": token.access_token.expose(),
                "token_type": token.token_type,
                "expires_on": token.expires_on,
                "expires_at": crate::time::rfc3339(token.expires_on),
            });
            Ok((Bytes::from(body.to_string()), token.expires_on))
        }
    }
}

/// The answer for an upstream error: 504 for a timeout, else 502; the
/// error's one line and hint, redacted.
fn failure(e: &Error) -> Failure {
    let status = match e.code {
        ExitCode::Unavailable if e.message.contains("no answer within") => 504,
        // Power BI knows no such report in the workspace (or will not
        // say): not one of the workspace's reports, so refused as any
        // other report is.
        _ if e.message.starts_with("Power BI answered 404") => 403,
        _ => 502,
    };
    let clean = |s: &str| crate::secret::redact(&crate::error::one_line(s));
    let hint = e.hint.as_deref().map(clean);
    Failure {
        status,
        body: error_body(&clean(&e.message), hint.as_deref()),
    }
}

fn timed_out(timeout: Duration) -> Failure {
    Failure {
        status: 504,
        body: error_body(
            &format!(
                "no token within {} s: the authority or Power BI is slow",
                timeout.as_secs()
            ),
            Some("try again; raise --timeout if it keeps happening"),
        ),
    }
}
