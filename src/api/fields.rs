//! `-f`/`-F` fields, `-X` and `-H` for `api`, as `gh api` reads them.
//!
//! `-f key=value` is a string; `-F key=value` is typed (`true`, `false`,
//! `null`, JSON numbers, `@FILE` a file's text, `@-` standard input).
//! `key[sub]=v` nests an object, `key[]=v` appends to an array, and
//! `key[][sub]=v` fills the array's last object (a new one when `sub` is
//! already set there). The fields become query parameters for GET and a
//! JSON body otherwise.

use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::Error;

/// Which flag a field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// `-f key=value`: the value is a string as given.
    Raw,
    /// `-F key=value`: the value is typed, or read from a file or stdin.
    Typed,
}

/// One `-f`/`-F` argument, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldArg {
    /// `-f` or `-F`.
    pub kind: FieldKind,
    /// `key=value` as given.
    pub text: String,
}

impl FieldArg {
    /// A `-f` field.
    pub fn raw(text: impl Into<String>) -> Self {
        FieldArg {
            kind: FieldKind::Raw,
            text: text.into(),
        }
    }

    /// A `-F` field.
    pub fn typed(text: impl Into<String>) -> Self {
        FieldArg {
            kind: FieldKind::Typed,
            text: text.into(),
        }
    }
}

/// Where the fields go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Appended to the URL's query.
    Query,
    /// Sent as a JSON object body.
    Body,
}

/// Turns the fields into one JSON object. `stdin` is read for `@-` (at
/// most once; a second `@-` is an error). Errors are usage errors (exit 2)
/// and never quote a value, which may be a secret.
pub fn parse_fields(
    fields: &[FieldArg],
    stdin: &mut dyn Read,
) -> Result<Map<String, Value>, Error> {
    let mut out = Map::new();
    let mut stdin_read = false;
    for field in fields {
        let (keys, raw_value) = split_key(&field.text)?;
        let shown = &field.text[..field.text.find('=').unwrap_or(field.text.len())];
        let value = match (raw_value, field.kind) {
            (None, _) => None,
            (Some(v), FieldKind::Raw) => Some(Value::String(v.to_string())),
            (Some(v), FieldKind::Typed) => Some(typed_value(v, shown, stdin, &mut stdin_read)?),
        };
        insert(&mut out, &keys, value, shown)?;
    }
    Ok(out)
}

/// The method: `-X` as given (upper-cased), else POST when a field or
/// `--input` is given, else GET. A method that is not an HTTP token is a
/// usage error.
pub fn method(explicit: Option<&str>, has_fields: bool, has_input: bool) -> Result<String, Error> {
    match explicit {
        Some(m) if !m.is_empty() && m.bytes().all(is_tchar) => Ok(m.to_ascii_uppercase()),
        Some(_) => {
            Err(Error::usage("-X: not an HTTP method")
                .with_hint("use GET, POST, PUT, PATCH or DELETE"))
        }
        None if has_fields || has_input => Ok("POST".into()),
        None => Ok("GET".into()),
    }
}

/// Where the fields go for this method: the query for GET and HEAD (which
/// have no body) and when `--input` is the body, else a JSON body.
pub fn placement(method: &str, has_input: bool) -> Placement {
    if has_input || method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
        Placement::Query
    } else {
        Placement::Body
    }
}

/// The fields as query pairs: nested keys flattened as `key[sub]`, arrays
/// as repeated `key[]`, `null` as an empty value.
pub fn query_pairs(fields: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, v) in fields {
        flatten(k.clone(), v, &mut out);
    }
    out
}

/// The fields appended to a URL's query, encoded so that OData's `$top`,
/// `$filter=name eq 'x'` and `(`, `)`, `,`, `:` arrive as Power BI expects
/// (spaces as `%20`, never `+`).
pub fn append_query(url: &mut url::Url, fields: &Map<String, Value>) {
    let pairs = query_pairs(fields);
    if pairs.is_empty() {
        return;
    }
    let mut q = url.query().unwrap_or("").to_string();
    for (k, v) in pairs {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&encode_query(&k));
        q.push('=');
        q.push_str(&encode_query(&v));
    }
    url.set_query(Some(&q));
}

/// The fields as a JSON body.
pub fn json_body(fields: &Map<String, Value>) -> Vec<u8> {
    serde_json::to_vec(fields).unwrap_or_default()
}

/// Parses `-H 'Name: value'`. `Authorization` is refused (pbitoken sets
/// it), as are the headers that frame the request (`Host`,
/// `Content-Length`, `Transfer-Encoding`, `Connection`); a name that is not
/// an HTTP token, a missing ':' or a line break in the value is malformed.
/// All are usage errors that never quote the value.
pub fn parse_header(text: &str) -> Result<(String, String), Error> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(Error::usage("-H: expected 'Name: value' (no ':' found)"));
    };
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(Error::usage(
            "-H: the header name is empty or has characters a header name cannot have",
        ));
    }
    if name.eq_ignore_ascii_case("authorization") {
        return Err(Error::usage(
            "-H: an Authorization header is refused: pbitoken attaches the token itself",
        )
        .with_hint("drop -H 'Authorization: ...'; the profile decides the token"));
    }
    for framing in ["host", "content-length", "transfer-encoding", "connection"] {
        if name.eq_ignore_ascii_case(framing) {
            return Err(Error::usage(format!(
                "-H: {name} is set by pbitoken and cannot be given"
            )));
        }
    }
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::usage(format!(
            "-H: the value of {name} has a line break or control character"
        )));
    }
    Ok((name.to_string(), value.to_string()))
}

/// `key`, `key[sub]`, `key[]`, `key[][sub]`... then `=value`. Returns the
/// key path (an empty string for `[]`) and the value if there is an '='.
fn split_key(text: &str) -> Result<(Vec<String>, Option<&str>), Error> {
    let (key, value) = match text.find('=') {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let bad = || {
        Error::usage(format!(
            "-f/-F '{key}': expected key=value, key[sub]=value or key[]=value"
        ))
    };
    let (first, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if first.is_empty() || first.contains(']') {
        return Err(bad());
    }
    let mut keys = vec![first.to_string()];
    while !rest.is_empty() {
        let inner_end = rest.find(']').ok_or_else(bad)?;
        if !rest.starts_with('[') || rest[1..inner_end].contains('[') {
            return Err(bad());
        }
        keys.push(rest[1..inner_end].to_string());
        rest = &rest[inner_end + 1..];
    }
    if value.is_none() && keys.last().is_none_or(|k| !k.is_empty()) {
        return Err(Error::usage(format!(
            "-f/-F '{key}' needs a value: key=value (only key[]=... may stand alone, for an empty array)"
        )));
    }
    Ok((keys, value))
}

fn typed_value(
    v: &str,
    shown: &str,
    stdin: &mut dyn Read,
    stdin_read: &mut bool,
) -> Result<Value, Error> {
    if let Some(path) = v.strip_prefix('@') {
        let bytes = if path == "-" {
            if *stdin_read {
                return Err(Error::usage(format!(
                    "-F {shown}=@-: standard input was already read by another field"
                )));
            }
            *stdin_read = true;
            let mut buf = Vec::new();
            stdin
                .read_to_end(&mut buf)
                .map_err(|e| Error::usage(format!("-F {shown}=@-: reading standard input: {e}")))?;
            buf
        } else {
            std::fs::read(Path::new(path))
                .map_err(|e| Error::usage(format!("-F {shown}=@{path}: {}", io_reason(&e))))?
        };
        return String::from_utf8(bytes).map(Value::String).map_err(|_| {
            Error::usage(format!("-F {shown}: the file is not UTF-8 text"))
                .with_hint("send binary data with --input FILE")
        });
    }
    Ok(match v {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => number(v).unwrap_or_else(|| Value::String(v.to_string())),
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A JSON number as JSON spells it (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// so `007`, `+1`, `1.`, `NaN` and `inf` stay strings. Integers that fit
/// 64 bits are exact; a longer one stays a string rather than lose digits.
fn number(v: &str) -> Option<Value> {
    let b = v.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return None;
    }
    let mut integral = true;
    if i < b.len() && b[i] == b'.' {
        integral = false;
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return None;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        integral = false;
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    if integral {
        if let Ok(n) = v.parse::<i64>() {
            return Some(n.into());
        }
        return v.parse::<u64>().ok().map(Value::from);
    }
    v.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

/// Puts `value` at `keys` in `root` (see the module doc for the rules).
fn insert(
    root: &mut Map<String, Value>,
    keys: &[String],
    value: Option<Value>,
    shown: &str,
) -> Result<(), Error> {
    let clash = |what: &str| Error::usage(format!("-f/-F '{shown}': {what}"));
    let mut map = root;
    let mut i = 0;
    // Walk to the map that holds the last key.
    loop {
        let key = &keys[i];
        let next_is_array = keys.get(i + 1).is_some_and(|k| k.is_empty());
        let last = if next_is_array {
            i + 1 == keys.len() - 1
        } else {
            i == keys.len() - 1
        };
        if last {
            break;
        }
        if next_is_array {
            // key[][sub]...: the array's last object, or a new one when
            // `sub` is already set there (the next element starts).
            let sub = &keys[i + 2];
            let entry = map
                .entry(key.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(items) = entry else {
                return Err(clash(&format!("'{key}' is already set and not an array")));
            };
            let reuse = matches!(items.last(), Some(Value::Object(o)) if !o.contains_key(sub.as_str()) || matches!(o.get(sub.as_str()), Some(Value::Array(_))));
            if !reuse {
                items.push(Value::Object(Map::new()));
            }
            let Some(Value::Object(o)) = items.last_mut() else {
                return Err(clash(&format!("'{key}[]' holds values, not objects")));
            };
            map = o;
            i += 2;
        } else {
            let entry = map
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(o) = entry else {
                return Err(clash(&format!("'{key}' is already set and not an object")));
            };
            map = o;
            i += 1;
        }
    }
    let key = &keys[i];
    if keys.len() > i + 1 {
        // key[]=value (or key[] alone: an empty array)
        let entry = map
            .entry(key.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(items) = entry else {
            return Err(clash(&format!("'{key}' is already set and not an array")));
        };
        if let Some(v) = value {
            items.push(v);
        }
        return Ok(());
    }
    if key.is_empty() {
        return Err(clash("an empty key"));
    }
    if map.contains_key(key.as_str()) {
        return Err(clash(&format!("'{key}' is given twice")));
    }
    map.insert(key.clone(), value.unwrap_or(Value::Null));
    Ok(())
}

fn flatten(key: String, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => out.push((key, String::new())),
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, n.to_string())),
        Value::String(s) => out.push((key, s.clone())),
        Value::Array(items) => {
            for item in items {
                flatten(format!("{key}[]"), item, out);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                flatten(format!("{key}[{k}]"), item, out);
            }
        }
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters and the
/// sub-delimiters OData filters use (`$ ' ( ) , : / @ ! *`); `&`, `=`, `+`,
/// `#`, `;`, `%` and spaces are encoded.
fn encode_query(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~$'(),:/@!*".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// RFC 9110 `tchar`: what a method or a header name is made of.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitCode;
    use serde_json::json;

    fn parse(fields: &[FieldArg]) -> Result<Value, Error> {
        parse_fields(fields, &mut std::io::empty()).map(Value::Object)
    }

    #[test]
    fn raw_fields_are_strings_and_typed_fields_are_typed() {
        let v = parse(&[
            FieldArg::raw("name=true"),
            FieldArg::raw("n=12"),
            FieldArg::typed("a=true"),
            FieldArg::typed("b=false"),
            FieldArg::typed("c=null"),
            FieldArg::typed("d=42"),
            FieldArg::typed("e=-1.5e3"),
            FieldArg::typed("f=007"),
            FieldArg::typed("g=+1"),
            FieldArg::typed("h=1."),
            FieldArg::typed("i=NaN"),
            FieldArg::typed("j=99999999999999999999999"),
            FieldArg::typed("k=18446744073709551615"),
            FieldArg::typed("l=a=b"),
            FieldArg::typed("m="),
        ])
        .unwrap();
        assert_eq!(
            v,
            json!({"name": "true", "n": "12", "a": true, "b": false, "c": null, "d": 42,
                   "e": -1500.0, "f": "007", "g": "+1", "h": "1.", "i": "NaN",
                   "j": "99999999999999999999999", "k": 18446744073709551615u64,
                   "l": "a=b", "m": ""})
        );
    }

    #[test]
    fn nesting_and_arrays() {
        let v = parse(&[
            FieldArg::raw("name=ws"),
            FieldArg::raw("details[kind]=x"),
            FieldArg::typed("details[size]=3"),
            FieldArg::raw("tags[]=a"),
            FieldArg::raw("tags[]=b"),
            FieldArg::typed("empty[]"),
            FieldArg::raw("ids[][id]=1"),
            FieldArg::raw("ids[][role]=Viewer"),
            FieldArg::raw("ids[][id]=2"),
            FieldArg::raw("a[b][c]=deep"),
        ])
        .unwrap();
        assert_eq!(
            v,
            json!({"name": "ws", "details": {"kind": "x", "size": 3}, "tags": ["a", "b"],
                   "empty": [], "ids": [{"id": "1", "role": "Viewer"}, {"id": "2"}],
                   "a": {"b": {"c": "deep"}}})
        );
        // Order is kept as given.
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["name", "details", "tags", "empty", "ids", "a"]);
    }

    #[test]
    fn malformed_and_clashing_fields_are_usage_errors() {
        for bad in [
            vec![FieldArg::raw("novalue")],
            vec![FieldArg::raw("=v")],
            vec![FieldArg::raw("[a]=v")],
            vec![FieldArg::raw("a[b=v")],
            vec![FieldArg::raw("a[b]c=v")],
            vec![FieldArg::raw("a]=v")],
            vec![FieldArg::raw("a[[b]]=v")],
            vec![FieldArg::raw("a=1"), FieldArg::raw("a=2")],
            vec![FieldArg::raw("a=1"), FieldArg::raw("a[b]=2")],
            vec![FieldArg::raw("a=1"), FieldArg::raw("a[]=2")],
            vec![FieldArg::raw("a[][]=1")],
            vec![FieldArg::typed("x=@/nonexistent/pbitoken-test-file")],
        ] {
            let e = parse(&bad).expect_err(&format!("{bad:?}"));
            assert_eq!(e.code, ExitCode::Usage);
        }
    }

    #[test]
    fn errors_never_quote_the_value() {
        let e = parse(&[FieldArg::raw("a=SECRET1"), FieldArg::raw("a=SECRET2")]).unwrap_err();
        assert!(!e.message.contains("SECRET"), "{}", e.message);
    }

    #[test]
    fn file_and_stdin_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.dax");
        std::fs::write(&path, "EVALUATE\n'Sales'").unwrap();
        let mut stdin: &[u8] = b"from stdin";
        let v = parse_fields(
            &[
                FieldArg::typed(format!("query=@{}", path.display())),
                FieldArg::typed("body=@-"),
                FieldArg::raw("raw=@-"),
            ],
            &mut stdin,
        )
        .unwrap();
        assert_eq!(
            Value::Object(v),
            json!({"query": "EVALUATE\n'Sales'", "body": "from stdin", "raw": "@-"})
        );

        let mut stdin: &[u8] = b"x";
        let e = parse_fields(
            &[FieldArg::typed("a=@-"), FieldArg::typed("b=@-")],
            &mut stdin,
        )
        .unwrap_err();
        assert!(e.message.contains("already read"), "{}", e.message);

        std::fs::write(&path, [0xff, 0xfe, 0]).unwrap();
        let e = parse(&[FieldArg::typed(format!("bin=@{}", path.display()))]).unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
    }

    #[test]
    fn method_defaults_like_gh() {
        assert_eq!(method(None, false, false).unwrap(), "GET");
        assert_eq!(method(None, true, false).unwrap(), "POST");
        assert_eq!(method(None, false, true).unwrap(), "POST");
        assert_eq!(method(Some("patch"), true, false).unwrap(), "PATCH");
        assert_eq!(method(Some("GET"), true, false).unwrap(), "GET");
        for bad in ["", "GE T", "GET\r\n", "G/ET"] {
            assert_eq!(
                method(Some(bad), false, false).unwrap_err().code,
                ExitCode::Usage
            );
        }
        assert_eq!(placement("GET", false), Placement::Query);
        assert_eq!(placement("head", false), Placement::Query);
        assert_eq!(placement("POST", false), Placement::Body);
        assert_eq!(placement("POST", true), Placement::Query);
    }

    #[test]
    fn fields_as_query() {
        let v = parse_fields(
            &[
                FieldArg::raw("$top=100"),
                FieldArg::raw("$filter=name eq 'a&b' and x+y=1"),
                FieldArg::typed("n=null"),
                FieldArg::raw("ids[]=1"),
                FieldArg::raw("ids[]=2"),
                FieldArg::raw("o[k]=v"),
            ],
            &mut std::io::empty(),
        )
        .unwrap();
        let mut url = url::Url::parse("https://api.powerbi.com/v1.0/myorg/groups?x=1").unwrap();
        append_query(&mut url, &v);
        assert_eq!(
            url.as_str(),
            "https://api.powerbi.com/v1.0/myorg/groups?x=1&$top=100&$filter=name%20eq%20%27a%26b%27%20and%20x%2By%3D1&n=&ids%5B%5D=1&ids%5B%5D=2&o%5Bk%5D=v"
        );
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(url.query().unwrap().as_bytes())
                .into_owned()
                .collect();
        assert_eq!(
            pairs[2],
            ("$filter".into(), "name eq 'a&b' and x+y=1".into())
        );
        assert_eq!(pairs[4], ("ids[]".into(), "1".into()));

        let mut url = url::Url::parse("https://h/p").unwrap();
        append_query(&mut url, &Map::new());
        assert_eq!(url.as_str(), "https://h/p");
    }

    #[test]
    fn fields_as_body() {
        let v = parse(&[FieldArg::raw("name=ws"), FieldArg::typed("n=1")]).unwrap();
        assert_eq!(json_body(v.as_object().unwrap()), br#"{"name":"ws","n":1}"#);
    }

    #[test]
    fn headers() {
        assert_eq!(
            parse_header("X-A: b c ").unwrap(),
            ("X-A".into(), "b c".into())
        );
        assert_eq!(
            parse_header("Content-Type:text/csv").unwrap(),
            ("Content-Type".into(), "text/csv".into())
        );
        assert_eq!(
            parse_header("X-Empty:").unwrap(),
            ("X-Empty".into(), String::new())
        );
        assert_eq!(parse_header("X-T: a:b").unwrap().1, "a:b");
        for bad in [
            "Authorization: Bearer eyJSECRET",
            "authorization:x",
            "AUTHORIZATION : x",
        ] {
            let e = parse_header(bad).unwrap_err();
            assert_eq!(e.code, ExitCode::Usage);
            assert!(e.message.contains("Authorization"), "{}", e.message);
            assert!(!e.message.contains("SECRET"));
        }
        for bad in [
            "NoColon",
            ": v",
            "Bad Name: v",
            "X-A: v\r\nX-B: w",
            "X\u{e9}: v",
            "Host: evil",
            "content-length: 1",
        ] {
            let e = parse_header(bad).expect_err(bad);
            assert_eq!(e.code, ExitCode::Usage);
        }
    }
}
