//! Secrets (client secrets, passwords, tokens) as their own type.
//!
//! A [`Secret`] prints as `****` through both `Debug` and `Display`, so it
//! cannot reach a log line or an error message by accident. Every secret is
//! also remembered, so that [`redact`] can scrub it from any text that came
//! from elsewhere (an authority's error body, a proxy page) before that text
//! is shown.
//!
//! The list is bounded: a value is remembered while any [`Secret`] holding
//! it lives, and after the last one drops it stays among the
//! [`MAX_FORGOTTEN`] most recently dropped (an error is often rendered after
//! the credential that caused it is gone). A long-running caller that sees a
//! new token every hour therefore keeps a list of constant size.

use std::fmt;
use std::sync::{Arc, Mutex};

/// Shorter values are not remembered for redaction: scrubbing a one-letter
/// "secret" from every message would make the messages unreadable.
const MIN_REDACT_LEN: usize = 4;

/// How many values whose last [`Secret`] has dropped are still remembered.
pub const MAX_FORGOTTEN: usize = 64;

/// One remembered value: the forms a server may echo it in, and how many
/// live [`Secret`]s hold it.
struct Known {
    value: String,
    variants: Vec<String>,
    live: usize,
}

/// Oldest first; a value remembered again moves to the end.
static KNOWN: Mutex<Vec<Known>> = Mutex::new(Vec::new());

/// A value that must never be shown: only the code that puts it on the wire
/// calls [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(Arc<Held>);

/// The value itself; dropping the last clone of a [`Secret`] drops it and
/// lets the redaction list forget it in time.
struct Held(String);

impl Drop for Held {
    fn drop(&mut self) {
        release(&self.0);
    }
}

impl Secret {
    /// Wraps a value and remembers it for [`redact`].
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        remember(&value);
        Secret(Arc::new(Held(value)))
    }

    /// The plain value, for the wire or the cache file only.
    pub fn expose(&self) -> &str {
        &self.0 .0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0 .0.is_empty()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

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

fn known() -> std::sync::MutexGuard<'static, Vec<Known>> {
    KNOWN.lock().unwrap_or_else(|e| e.into_inner())
}

fn remember(value: &str) {
    if value.len() < MIN_REDACT_LEN {
        return;
    }
    let mut known = known();
    if let Some(i) = known.iter().position(|k| k.value == value) {
        let mut entry = known.remove(i);
        entry.live += 1;
        known.push(entry);
        return;
    }
    // A server may echo what it was sent: as a form field (percent- or
    // plus-encoded) or inside a JSON string (escaped).
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.trim_matches('"').to_owned();
    let mut variants: Vec<String> = Vec::new();
    for variant in [value.to_owned(), form, percent, json] {
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    known.push(Known {
        value: value.to_owned(),
        variants,
        live: 1,
    });
    forget_oldest(&mut known);
}

/// The last [`Secret`] of a value may have dropped: past
/// [`MAX_FORGOTTEN`] such values, the oldest is forgotten.
fn release(value: &str) {
    if value.len() < MIN_REDACT_LEN {
        return;
    }
    let mut known = known();
    if let Some(entry) = known.iter_mut().find(|k| k.value == value) {
        entry.live = entry.live.saturating_sub(1);
    }
    forget_oldest(&mut known);
}

fn forget_oldest(known: &mut Vec<Known>) {
    let mut dead = known.iter().filter(|k| k.live == 0).count();
    while dead > MAX_FORGOTTEN {
        if let Some(i) = known.iter().position(|k| k.live == 0) {
            known.remove(i);
        }
        dead -= 1;
    }
}

/// How many values the redaction list holds now: those of live
/// [`Secret`]s plus at most [`MAX_FORGOTTEN`] others. For tests that a
/// long-running caller does not grow it.
#[doc(hidden)]
pub fn remembered_count() -> usize {
    known().len()
}

/// Forgets every remembered secret. For the fuzz harness only: it runs
/// millions of inputs in one process, each of which must start as a fresh
/// `pbitoken` would.
#[doc(hidden)]
pub fn forget_all() {
    known().clear();
}

/// Replaces every secret this process has seen with `****`, in its raw
/// form and in every encoding a server may echo it in: percent-encoding
/// (either case of hex, `+` for space), HTML entities (`&amp;`, `&#43;`,
/// `&#x2B;`), JSON escapes (`\/`, `\u0041`), and those nested up to three
/// deep (an HTML page quoting a form body).
pub fn redact(text: &str) -> String {
    let known = known();
    if known.is_empty() || text.is_empty() {
        return text.to_owned();
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for plus_is_space in [false, true] {
        let mut units: Vec<Unit> = text
            .bytes()
            .enumerate()
            .map(|(i, b)| Unit {
                byte: b,
                start: i,
                end: i + 1,
            })
            .collect();
        for depth in 0..=3 {
            let bytes: Vec<u8> = units.iter().map(|u| u.byte).collect();
            for secret in known.iter().flat_map(|k| &k.variants) {
                let needle = secret.as_bytes();
                if needle.is_empty() || needle.len() > bytes.len() {
                    continue;
                }
                let mut i = 0;
                while i + needle.len() <= bytes.len() {
                    if &bytes[i..i + needle.len()] == needle {
                        ranges.push((units[i].start, units[i + needle.len() - 1].end));
                        i += needle.len();
                    } else {
                        i += 1;
                    }
                }
            }
            if depth < 3 {
                let decoded = decode_once(&units, plus_is_space);
                if decoded.len() == units.len() {
                    break; // nothing left to decode
                }
                units = decoded;
            }
        }
    }
    if ranges.is_empty() {
        return text.to_owned();
    }
    ranges.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in ranges {
        // Widen to character boundaries; a match that overlaps or touches
        // the one before extends it.
        let mut start = start;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = end.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if end <= at {
            continue;
        }
        if start >= at {
            out.push_str(&text[at..start.max(at)]);
            out.push_str("****");
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// One byte of decoded text and the span of the original text it came from.
#[derive(Clone, Copy)]
struct Unit {
    byte: u8,
    start: usize,
    end: usize,
}

/// One layer of decoding: `%XX`, `+` (when `plus_is_space`), HTML
/// entities and JSON backslash escapes. Each decoded byte keeps the span of
/// the escape it came from.
fn decode_once(units: &[Unit], plus_is_space: bool) -> Vec<Unit> {
    let bytes: Vec<u8> = units.iter().map(|u| u.byte).collect();
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    let span = |from: usize, len: usize| (units[from].start, units[from + len - 1].end);
    let push_str = |out: &mut Vec<Unit>, decoded: &[u8], from: usize, len: usize| {
        let (start, end) = span(from, len);
        for &byte in decoded {
            out.push(Unit { byte, start, end });
        }
    };
    while i < bytes.len() {
        let rest = &bytes[i..];
        let hex = |b: &[u8]| -> Option<u32> {
            std::str::from_utf8(b)
                .ok()
                .and_then(|s| u32::from_str_radix(s, 16).ok())
        };
        // %XX, either case.
        if rest[0] == b'%'
            && rest.len() >= 3
            && rest[1].is_ascii_hexdigit()
            && rest[2].is_ascii_hexdigit()
        {
            if let Some(v) = hex(&rest[1..3]) {
                push_str(&mut out, &[v as u8], i, 3);
                i += 3;
                continue;
            }
        }
        if rest[0] == b'+' && plus_is_space {
            push_str(&mut out, b" ", i, 1);
            i += 1;
            continue;
        }
        // HTML entities: named few, decimal and hex.
        if rest[0] == b'&' {
            if let Some(semi) = rest.iter().take(12).position(|&b| b == b';') {
                let body = &rest[1..semi];
                let ch = match body {
                    b"amp" => Some('&'),
                    b"lt" => Some('<'),
                    b"gt" => Some('>'),
                    b"quot" => Some('"'),
                    b"apos" => Some('\''),
                    b"sol" => Some('/'),
                    b"plus" => Some('+'),
                    b"equals" => Some('='),
                    b"tilde" => Some('~'),
                    _ if body.first() == Some(&b'#') => {
                        let num = &body[1..];
                        let v = match num.first() {
                            Some(b'x') | Some(b'X') => hex(&num[1..]),
                            _ => std::str::from_utf8(num).ok().and_then(|s| s.parse().ok()),
                        };
                        v.and_then(char::from_u32)
                    }
                    _ => None,
                };
                if let Some(c) = ch {
                    let mut buf = [0u8; 4];
                    push_str(&mut out, c.encode_utf8(&mut buf).as_bytes(), i, semi + 1);
                    i += semi + 1;
                    continue;
                }
            }
        }
        // JSON escapes.
        if rest[0] == b'\\' && rest.len() >= 2 {
            let simple = match rest[1] {
                b'/' => Some(b'/'),
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                b'\'' => Some(b'\''),
                b'n' => Some(b'\n'),
                b't' => Some(b'\t'),
                b'r' => Some(b'\r'),
                _ => None,
            };
            if let Some(b) = simple {
                push_str(&mut out, &[b], i, 2);
                i += 2;
                continue;
            }
            if rest[1] == b'u' && rest.len() >= 6 {
                if let Some(c) = hex(&rest[2..6]).and_then(char::from_u32) {
                    let mut buf = [0u8; 4];
                    push_str(&mut out, c.encode_utf8(&mut buf).as_bytes(), i, 6);
                    i += 6;
                    continue;
                }
            }
        }
        out.push(units[i]);
        i += 1;
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
    fn redact_scrubs_every_encoding_a_server_may_echo() {
        let _s = Secret::new("Ab8Q~x/y+z&w@v é");
        for echoed in [
            "Ab8Q~x/y+z&w@v é",
            r"Ab8Q~x\/y+z&w@v \u00e9",
            "Ab8Q~x/y+z&amp;w@v é",
            "Ab8Q&#126;x&#47;y&#43;z&#38;w&#64;v&#32;&#233;",
            "Ab8Q&#x7e;x&#x2F;y&#x2B;z&#X26;w&#x40;v&#x20;&#xE9;",
            "Ab8Q%7ex%2fy%2bz%26w%40v+%c3%a9",
            "Ab8Q%7Ex%2Fy%2Bz%26w%40v%20%C3%A9",
            "Ab8Q~x/y%2Bz%26w@v%20é",
            "Ab8Q~x/y%2Bz&amp;w@v+%C3%A9",
            "Ab8Q%257Ex%252Fy%252Bz%2526w%2540v%2520%25C3%25A9",
        ] {
            let text = format!("<p>bad secret '{echoed}' for app</p>");
            assert_eq!(
                redact(&text),
                "<p>bad secret '****' for app</p>",
                "{echoed}"
            );
        }
        assert_eq!(
            redact("nothing here é &amp; %41"),
            "nothing here é &amp; %41"
        );
    }

    #[test]
    fn redact_scrubs_every_known_secret() {
        let _a = Secret::new("abcd-secret-one");
        let _b = Secret::new("abcd-secret-one-longer");
        let text = "x abcd-secret-one-longer y abcd-secret-one z";
        assert_eq!(redact(text), "x **** y **** z");
    }

    #[test]
    fn the_list_stays_bounded_over_many_secrets() {
        let kept = Secret::new("kept-alive-secret-value");
        for i in 0..20_000 {
            let token = Secret::new(format!("eyJ-token-number-{i}"));
            assert_eq!(token.expose(), format!("eyJ-token-number-{i}"));
        }
        // Other tests hold a few live secrets of their own meanwhile.
        assert!(
            remembered_count() <= MAX_FORGOTTEN + 32,
            "{}",
            remembered_count()
        );
        // A live secret is never forgotten; a just-dropped one still redacts.
        assert_eq!(redact("a kept-alive-secret-value b"), "a **** b");
        assert_eq!(redact("x eyJ-token-number-19999 y"), "x **** y");
        drop(kept);
    }

    #[test]
    fn a_value_held_twice_is_kept_until_both_drop() {
        let a = Secret::new("held-twice-value");
        let b = a.clone();
        let c = Secret::new("held-twice-value");
        drop(a);
        drop(c);
        assert_eq!(b, Secret::new("held-twice-value"));
        for i in 0..(MAX_FORGOTTEN * 4) {
            drop(Secret::new(format!("filler-secret-{i}")));
        }
        assert_eq!(redact("held-twice-value"), "****");
    }
}
