//! Secrets (client secrets, passwords, tokens) as their own type.
//!
//! A [`Secret`] prints as `****` through both `Debug` and `Display`, so it
//! cannot reach a log line or an error message by accident. Every secret is
//! also remembered for the life of the process, so that [`redact`] can scrub
//! it from any text that came from elsewhere (an authority's error body, a
//! proxy page) before that text is shown.

use std::fmt;
use std::sync::Mutex;

/// Shorter values are not remembered for redaction: scrubbing a one-letter
/// "secret" from every message would make the messages unreadable.
const MIN_REDACT_LEN: usize = 4;

static KNOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A value that must never be shown: only the code that puts it on the wire
/// calls [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value and remembers it for [`redact`].
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        remember(&value);
        Secret(value)
    }

    /// The plain value, for the wire or the cache file only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

fn remember(value: &str) {
    if value.len() < MIN_REDACT_LEN {
        return;
    }
    // A server may echo what it was sent: as a form field (percent- or
    // plus-encoded) or inside a JSON string (escaped).
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.trim_matches('"').to_owned();
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    for variant in [value.to_owned(), form, percent, json] {
        if !known.contains(&variant) {
            known.push(variant);
        }
    }
}

/// Forgets every remembered secret. For the fuzz harness only: it runs
/// millions of inputs in one process, each of which must start as a fresh
/// `pbitoken` would (and the list would otherwise grow without end).
#[doc(hidden)]
pub fn forget_all() {
    KNOWN.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Replaces every secret this process has seen with `****`.
pub fn redact(text: &str) -> String {
    let known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_owned();
    // Longest first, so a secret that contains another is scrubbed whole.
    let mut sorted: Vec<&String> = known.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in sorted {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "****");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-but-longer");
        assert_eq!(format!("{s:?}"), "Secret(****)");
        assert_eq!(format!("{s}"), "****");
        assert_eq!(s.expose(), "hunter2-but-longer");
    }

    #[test]
    fn redact_scrubs_encoded_forms_too() {
        let _s = Secret::new("P@ss w0rd~\"x");
        assert_eq!(
            redact("password=P%40ss+w0rd%7E%22x&a=1"),
            "password=****&a=1"
        );
        assert_eq!(redact("p=P%40ss%20w0rd%7E%22x"), "p=****");
        assert_eq!(redact(r#"{"p":"P@ss w0rd~\"x"}"#), r#"{"p":"****"}"#);
    }

    #[test]
    fn redact_scrubs_every_known_secret() {
        let _a = Secret::new("abcd-secret-one");
        let _b = Secret::new("abcd-secret-one-longer");
        let text = "x abcd-secret-one-longer y abcd-secret-one z";
        assert_eq!(redact(text), "x **** y **** z");
    }
}
