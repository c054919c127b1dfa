//! Misbehaviour on demand: the ways a real authority, proxy or network lets a
//! client down, so that the client's retries, timeouts and error reporting
//! can be tested.

use std::io::Write;
use std::time::Duration;

use crate::errors::AadError;
use crate::http::{status_line, Response};
use crate::ids;

/// A fault applied to one request (see `Authority::push_fault`) or to all of
/// them (`Authority::set_fault_always`), before the request is routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this canned response instead of routing the request.
    Status {
        /// HTTP status code.
        status: u16,
        /// Value of a `Retry-After` header, if any (seconds or an HTTP date).
        retry_after: Option<String>,
        /// Value of the `Content-Type` header.
        content_type: String,
        /// The body, sent as is.
        body: String,
    },
    /// Read the request, then close the socket without answering.
    DropConnection,
    /// Send a status line and headers promising 1000 body bytes, send 10, then close.
    ResetMidBody,
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer with a redirect to `location`.
    Redirect {
        /// Value of the `Location` header.
        location: String,
        /// 301, 302, 303, 307 or 308.
        status: u16,
    },
    /// A 200 `application/json` response whose body is `bytes` long and is
    /// not a token response (`{"x":"aaaa…"}`), streamed in chunks.
    Huge {
        /// Exact body length.
        bytes: usize,
    },
}

impl Fault {
    /// An HTML error page like the ones proxies and load balancers send.
    pub fn html(status: u16) -> Fault {
        let title = status_line(status)
            .trim_end()
            .trim_start_matches("HTTP/1.1 ")
            .to_string();
        Fault::Status {
            status,
            retry_after: None,
            content_type: "text/html; charset=utf-8".to_string(),
            body: format!(
                "<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body><h1>{title}</h1><p>The proxy server received an invalid response from an upstream server.</p><hr><address>FAKE-proxy/1.0</address></body></html>\n"
            ),
        }
    }

    /// A JSON answer with any status and body.
    pub fn json(status: u16, body: serde_json::Value) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "application/json; charset=utf-8".to_string(),
            body: body.to_string(),
        }
    }

    /// 429 with `Retry-After: <secs>` and an AAD-shaped body
    /// (`temporarily_unavailable`, AADSTS90055).
    pub fn throttled(retry_after_secs: u64) -> Fault {
        // Built now rather than per request, so the ids are fixed; error_uri
        // is optional and left out because the host is not known yet.
        let body = AadError::throttled().body(&ids::guid(), &ids::guid(), None);
        Fault::Status {
            status: 429,
            retry_after: Some(retry_after_secs.to_string()),
            content_type: "application/json; charset=utf-8".to_string(),
            body: body.to_string(),
        }
    }
}

/// What the connection handler does after a fault was applied.
pub(crate) enum Action {
    /// Route the request as usual.
    Proceed,
    /// Send this instead of routing.
    Answer(Response),
    /// Close at once, without a graceful shutdown.
    Abort,
    /// The answer has been written; close normally.
    Done,
}

/// Applies `fault`, writing to `w` when the fault is a malformed answer.
pub(crate) fn apply<W: Write>(fault: &Fault, w: &mut W) -> Action {
    match fault {
        Fault::Status {
            status,
            retry_after,
            content_type,
            body,
        } => {
            let mut r = Response::new(*status, content_type, body.as_bytes());
            if let Some(ra) = retry_after {
                r = r.header("Retry-After", ra.clone());
            }
            Action::Answer(r)
        }
        Fault::DropConnection => Action::Abort,
        Fault::ResetMidBody => {
            let head = format!(
                "{}Content-Type: application/json; charset=utf-8\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{\"token_ty",
                status_line(200)
            );
            let _ = w.write_all(head.as_bytes());
            let _ = w.flush();
            Action::Abort
        }
        Fault::Delay(d) => {
            std::thread::sleep(*d);
            Action::Proceed
        }
        Fault::Redirect { location, status } => Action::Answer(
            Response::new(*status, "text/html; charset=utf-8", Vec::new())
                .header("Location", location.clone()),
        ),
        Fault::Huge { bytes } => {
            let _ = write_huge(w, *bytes);
            Action::Done
        }
    }
}

fn write_huge<W: Write>(w: &mut W, bytes: usize) -> std::io::Result<()> {
    let head = format!(
        "{}Content-Type: application/json; charset=utf-8\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n",
        status_line(200)
    );
    w.write_all(head.as_bytes())?;
    let prefix: &[u8] = b"{\"x\":\"";
    let suffix: &[u8] = b"\"}";
    let (prefix, suffix) = if bytes >= prefix.len() + suffix.len() {
        (prefix, suffix)
    } else {
        (&b""[..], &b""[..])
    };
    w.write_all(prefix)?;
    let chunk = [b'a'; 16 * 1024];
    let mut left = bytes - prefix.len() - suffix.len();
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n])?;
        left -= n;
    }
    w.write_all(suffix)?;
    w.flush()
}
