//! Per-request facts shared by every answer: ids, the base URL, the headers
//! Entra puts on its JSON responses.

use crate::http::{Request, Response};
use crate::ids;

/// Identifiers and addresses one request's answer needs.
#[derive(Debug, Clone)]
pub(crate) struct RequestContext {
    /// Our id for this request (`trace_id`, `x-ms-request-id`).
    pub trace_id: String,
    /// The client's `client-request-id` if it sent one, else a fresh GUID.
    pub correlation_id: String,
    /// Whether the client sent `client-request-id`, which Entra echoes back.
    pub echo_client_request_id: bool,
    /// `http://127.0.0.1:PORT` or `https://localhost:PORT`.
    pub base_url: String,
}

impl RequestContext {
    pub fn new(req: &Request, base_url: &str) -> RequestContext {
        let sent = req
            .header("client-request-id")
            .map(str::to_string)
            .or_else(|| {
                // msal-node also puts it in the form.
                req.form()
                    .into_iter()
                    .find(|(k, _)| k == "client-request-id")
                    .map(|(_, v)| v)
            });
        RequestContext {
            trace_id: ids::guid(),
            echo_client_request_id: sent.is_some(),
            correlation_id: sent.unwrap_or_else(ids::guid),
            base_url: base_url.to_string(),
        }
    }

    /// A JSON response with the headers the token endpoint sends (reference §1).
    pub fn json(&self, status: u16, body: &serde_json::Value) -> Response {
        let mut r = Response::new(status, "application/json; charset=utf-8", body.to_string())
            .header("Cache-Control", "no-store, no-cache")
            .header("Pragma", "no-cache")
            .header("Expires", "-1")
            .header("X-Content-Type-Options", "nosniff")
            .header("x-ms-request-id", self.trace_id.clone())
            .header("x-ms-ests-server", "2.1.0 - LOCAL - pbitoken-authority");
        if self.echo_client_request_id {
            r = r.header("client-request-id", self.correlation_id.clone());
        }
        r
    }
}

impl RequestContext {
    /// A context for answering something that could not be parsed as a request.
    pub fn detached(base_url: &str) -> RequestContext {
        RequestContext {
            trace_id: ids::guid(),
            correlation_id: ids::guid(),
            echo_client_request_id: false,
            base_url: base_url.to_string(),
        }
    }
}
