//! What tests get to inspect afterwards: every request the authority received.

use crate::http::{header_value, Request};

/// One request as the authority received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path of the request target, without the query, as sent (still percent-encoded).
    pub path: String,
    /// Decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// Headers in the order and case they were sent.
    pub headers: Vec<(String, String)>,
    /// Decoded form fields when the body is `application/x-www-form-urlencoded`.
    pub form: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub(crate) fn from_request(req: &Request) -> RecordedRequest {
        RecordedRequest {
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            headers: req.headers.clone(),
            form: req.form(),
            body: req.body.clone(),
        }
    }

    /// The first form field named `k` (exact, as form names are case-sensitive).
    pub fn form_value(&self, k: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    }

    /// The first header named `k`, compared case-insensitively.
    pub fn header(&self, k: &str) -> Option<&str> {
        header_value(&self.headers, k)
    }
}
