//! A deliberately small HTTP/1.1 server side: one request per connection,
//! answered with `Connection: close`.
//!
//! Hand-written rather than hyper so that faults (dropped connections,
//! truncated bodies, delays) are a matter of writing or not writing bytes.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

/// Largest request head (request line + headers) accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted; more gets 413.
pub(crate) const MAX_BODY: usize = 1024 * 1024;
/// A client must finish sending its request within this time, so that a
/// trickle of bytes (slowloris) cannot hold a thread forever.
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

/// A parsed request.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// The path part of the request target, still percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Headers in the order and case they were sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The body as form fields when it is (or may be) `application/x-www-form-urlencoded`.
    ///
    /// A body declared as something else (JSON, say) yields no fields, which
    /// is how Entra ends up reporting the missing `grant_type`.
    pub fn form(&self) -> Vec<(String, String)> {
        let is_form = match self.header("content-type") {
            None => true,
            Some(ct) => ct
                .trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded"),
        };
        if is_form {
            parse_urlencoded(&String::from_utf8_lossy(&self.body))
        } else {
            Vec::new()
        }
    }
}

/// The first value named `name` (case-insensitive) in a list of pairs.
pub(crate) fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why no request could be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The client went away (or stayed silent) before sending anything: nothing to answer.
    Silent,
    /// Something arrived but it is not HTTP; answer 400.
    Malformed(&'static str),
    /// The client stopped sending halfway; answer 408.
    Timeout,
    /// Head over [`MAX_HEAD`]; answer 431.
    HeadTooLarge,
    /// Body over [`MAX_BODY`]; answer 413.
    BodyTooLarge,
    /// `Transfer-Encoding` bodies are not supported; answer 411.
    LengthRequired,
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Reads one request. `stream` must have a read timeout set, or a silent
/// client blocks this forever.
pub(crate) fn read_request<S: Read + Write>(stream: &mut S) -> Result<Request, ReadError> {
    let started = Instant::now();
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::HeadTooLarge);
        }
        if started.elapsed() > REQUEST_DEADLINE {
            return Err(ReadError::Timeout);
        }
        match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Err(ReadError::Silent),
            Ok(0) => return Err(ReadError::Malformed("request head ended early")),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) && !buf.is_empty() => return Err(ReadError::Timeout),
            Err(_) => return Err(ReadError::Silent),
        }
    };
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| ReadError::Malformed("request head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m, t, v),
        _ => return Err(ReadError::Malformed("bad request line")),
    };
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || !target.starts_with('/')
        || !version.starts_with("HTTP/1.")
    {
        return Err(ReadError::Malformed("bad request line"));
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or(ReadError::Malformed("header without a colon"))?;
        if name.is_empty() || name.contains(' ') {
            return Err(ReadError::Malformed("bad header name"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    if header_value(&headers, "transfer-encoding").is_some() {
        return Err(ReadError::LengthRequired);
    }
    let length = match header_value(&headers, "content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ReadError::Malformed("bad Content-Length"))?,
    };
    if length > MAX_BODY {
        return Err(ReadError::BodyTooLarge);
    }
    if header_value(&headers, "expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        // curl waits a second for this before sending bodies over 1 KiB.
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        let _ = stream.flush();
    }
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        if started.elapsed() > REQUEST_DEADLINE {
            return Err(ReadError::Timeout);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(ReadError::Malformed("body shorter than Content-Length")),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => return Err(ReadError::Timeout),
            Err(_) => return Err(ReadError::Malformed("connection failed mid-body")),
        }
    }
    body.truncate(length);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, parse_urlencoded(q)),
        None => (target, Vec::new()),
    };
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses `a=b&c=d` with percent-decoding and `+` as space. Pairs without `=`
/// get an empty value; empty pairs are skipped.
pub(crate) fn parse_urlencoded(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Percent-decodes `s`; malformed escapes are kept literally rather than
/// rejected, since a lenient server is what clients meet in practice.
pub(crate) fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_as_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A response to write.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body and its content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".to_string(), content_type.to_string())],
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Writes the whole response, adding `Content-Length` and `Connection: close`.
    pub fn write_to<W: Write>(&self, w: &mut W) -> io::Result<()> {
        self.write_with(w, true)
    }

    /// Writes the head, then the body in a second write (as many servers
    /// do), adding `Content-Length` and, when `close`, `Connection: close`.
    pub fn write_with<W: Write>(&self, w: &mut W, close: bool) -> io::Result<()> {
        let mut head = status_line(self.status);
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        w.write_all(head.as_bytes())?;
        w.flush()?;
        w.write_all(&self.body)?;
        w.flush()
    }
}

/// `HTTP/1.1 <status> <reason>\r\n`.
pub(crate) fn status_line(status: u16) -> String {
    format!("HTTP/1.1 {status} {}\r\n", reason(status))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms() {
        let f = parse_urlencoded("a=1+2&b=%7E%3d&c&&d=%zz%4");
        assert_eq!(
            f,
            vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "~=".into()),
                ("c".into(), "".into()),
                ("d".into(), "%zz%4".into()),
            ]
        );
        assert_eq!(percent_decode("a+b%20c", false), "a+b c");
        assert_eq!(percent_decode("%", true), "%");
        assert_eq!(percent_decode("%4", true), "%4");
        assert_eq!(percent_decode("%41", true), "A");
    }
}
