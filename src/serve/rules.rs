//! What `serve` answers before any token is involved: the browser rules
//! (DNS rebinding, origins, preflight, methods) and which endpoint a
//! request is for. Pure: method, path, query and headers in, a
//! [`Decision`] out, so that every rule is tested on strings.

use std::net::SocketAddr;

use serde_json::{json, Value};

/// The endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /healthz`.
    Health,
    /// `GET /embed?report=ID`, the report id lower-cased.
    Embed(String),
    /// `GET /token`.
    Token,
}

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Answer from an endpoint.
    Serve(Endpoint),
    /// A CORS preflight to allow: 204 with the CORS headers.
    Preflight,
    /// An answer made here: status and the `{"error", "hint"}` body.
    Refuse(u16, Value),
}

/// What the server was started with that the rules need.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The address listened on.
    pub listen: SocketAddr,
    /// `--allow-origin`, as given (scheme, host, port; no trailing slash).
    pub allow_origins: Vec<String>,
    /// `--workspace`: `/embed` is served with one.
    pub workspace: bool,
    /// `--report`, lower-cased; empty: every report of the workspace.
    pub reports: Vec<String>,
    /// `--access-token`: `/token` is served.
    pub access_token: bool,
}

/// The JSON error body: `{"error": ..., "hint": ...}`.
pub fn error_body(error: &str, hint: Option<&str>) -> Value {
    json!({"error": error, "hint": hint})
}

impl Rules {
    /// The origin of a request when it is allowed; `Ok(None)` when the
    /// request has no `Origin` (curl, a sidecar's client).
    pub fn origin<'a>(&self, origin: Option<&'a [u8]>) -> Result<Option<&'a str>, Decision> {
        let Some(raw) = origin else {
            return Ok(None);
        };
        let text = std::str::from_utf8(raw).ok();
        match text {
            Some(o) if self.allow_origins.iter().any(|a| a == o) => Ok(Some(o)),
            _ => {
                let shown = text
                    .map(|o| crate::shape::shorten(&crate::error::one_line(o), 80))
                    .unwrap_or_else(|| "(not UTF-8)".into());
                Err(Decision::Refuse(
                    403,
                    error_body(
                        &format!("origin {shown} is not allowed"),
                        Some("start serve with --allow-origin ORIGIN for each page origin that may ask for tokens"),
                    ),
                ))
            }
        }
    }

    /// Whether the `Host` header may reach this server: always on a
    /// non-loopback address (the operator chose the exposure); on loopback
    /// only the listen address, `localhost` and `127.0.0.1`, so that a
    /// DNS-rebinding page cannot read tokens.
    pub fn host_allowed(&self, host: Option<&[u8]>) -> bool {
        if !self.listen.ip().is_loopback() {
            return true;
        }
        let Some(host) = host else {
            // HTTP/1.0 clients send none; a browser always does.
            return true;
        };
        let Ok(host) = std::str::from_utf8(host) else {
            return false;
        };
        let name = match host.strip_prefix('[') {
            // [::1]:8765
            Some(rest) => rest.split(']').next().unwrap_or_default(),
            None => host.rsplit_once(':').map_or(host, |(n, _)| n),
        };
        let name = name.to_ascii_lowercase();
        name == "localhost" || name == "127.0.0.1" || name == self.listen.ip().to_string()
    }

    /// The decision for a request.
    pub fn decide(
        &self,
        method: &str,
        path: &str,
        query: Option<&str>,
        host: Option<&[u8]>,
        origin: Option<&[u8]>,
    ) -> Decision {
        if path != "/healthz" && !self.host_allowed(host) {
            return Decision::Refuse(
                421,
                error_body(
                    "this server answers only requests for its own address (Host)",
                    Some("call it as http://127.0.0.1:PORT or http://localhost:PORT; on a non-loopback --listen address Host is not checked"),
                ),
            );
        }
        let origin = match self.origin(origin) {
            Ok(o) => o,
            Err(refusal) => return refusal,
        };
        match method {
            "GET" => {}
            "OPTIONS" if origin.is_some() => return Decision::Preflight,
            "OPTIONS" => return Decision::Refuse(204, Value::Null),
            _ => {
                return Decision::Refuse(
                    405,
                    error_body(
                        &format!(
                            "method {} is not allowed",
                            crate::shape::shorten(&crate::error::one_line(method), 20)
                        ),
                        Some("use GET"),
                    ),
                )
            }
        }
        match path {
            "/healthz" => Decision::Serve(Endpoint::Health),
            "/token" if self.access_token => Decision::Serve(Endpoint::Token),
            "/token" => Decision::Refuse(
                404,
                error_body(
                    "/token is off",
                    Some("start serve with --access-token to hand out the profile's access token (it opens the whole API with the profile's rights)"),
                ),
            ),
            "/embed" if !self.workspace => Decision::Refuse(
                404,
                error_body("/embed is off", Some("start serve with --workspace ID")),
            ),
            "/embed" => self.embed(query),
            _ => Decision::Refuse(
                404,
                error_body(
                    "no such endpoint",
                    Some("the endpoints are /embed?report=ID, /token and /healthz"),
                ),
            ),
        }
    }

    fn embed(&self, query: Option<&str>) -> Decision {
        let report = query
            .into_iter()
            .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()))
            .find(|(k, _)| k == "report")
            .map(|(_, v)| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if report.is_empty() {
            return Decision::Refuse(
                400,
                error_body("no report", Some("ask for /embed?report=REPORT_ID")),
            );
        }
        if !self.reports.is_empty() && !self.reports.contains(&report) {
            return Decision::Refuse(
                403,
                error_body(
                    "this report is not one serve was started for",
                    Some("start serve with --report ID for each report pages may embed"),
                ),
            );
        }
        if !crate::shape::is_guid(&report) {
            return Decision::Refuse(
                400,
                error_body(
                    "the report is not a Power BI id (a GUID)",
                    Some("ask for /embed?report=REPORT_ID with the id from the report's URL"),
                ),
            );
        }
        Decision::Serve(Endpoint::Embed(report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d01";

    fn rules(listen: &str) -> Rules {
        Rules {
            listen: listen.parse().unwrap(),
            allow_origins: vec!["http://127.0.0.1:3000".into()],
            workspace: true,
            reports: vec![R.into()],
            access_token: false,
        }
    }

    fn status(d: &Decision) -> u16 {
        match d {
            Decision::Serve(_) => 200,
            Decision::Preflight => 204,
            Decision::Refuse(s, _) => *s,
        }
    }

    #[test]
    fn hosts_on_loopback() {
        let r = rules("127.0.0.1:8765");
        for ok in ["127.0.0.1:8765", "localhost:8765", "LOCALHOST", "127.0.0.1"] {
            assert!(r.host_allowed(Some(ok.as_bytes())), "{ok}");
        }
        for bad in [
            "evil.example:8765",
            "evil.example",
            "127.0.0.2:8765",
            "[::1]:8765",
        ] {
            assert!(!r.host_allowed(Some(bad.as_bytes())), "{bad}");
        }
        assert!(!r.host_allowed(Some(b"\xff")));
        let v6 = rules("[::1]:8765");
        assert!(v6.host_allowed(Some(b"[::1]:8765")));
        assert!(rules("0.0.0.0:8765").host_allowed(Some(b"evil.example")));
        let d = r.decide("GET", "/embed", None, Some(b"evil.example"), None);
        assert_eq!(status(&d), 421);
        let d = r.decide("GET", "/healthz", None, Some(b"evil.example"), None);
        assert_eq!(d, Decision::Serve(Endpoint::Health));
    }

    #[test]
    fn origins_methods_and_endpoints() {
        let r = rules("127.0.0.1:8765");
        let q = format!("report={}", R.to_uppercase());
        let ok = Some(&b"http://127.0.0.1:3000"[..]);
        assert_eq!(
            r.decide("GET", "/embed", Some(&q), None, ok),
            Decision::Serve(Endpoint::Embed(R.into()))
        );
        assert_eq!(
            r.decide("OPTIONS", "/embed", None, None, ok),
            Decision::Preflight
        );
        for bad in [&b"http://127.0.0.1:3001"[..], b"null", b"\xff\xfe"] {
            assert_eq!(
                status(&r.decide("GET", "/embed", Some(&q), None, Some(bad))),
                403
            );
            assert_eq!(
                status(&r.decide("OPTIONS", "/embed", None, None, Some(bad))),
                403
            );
        }
        for m in ["POST", "PUT", "DELETE", "HEAD", "PATCH"] {
            assert_eq!(status(&r.decide(m, "/embed", Some(&q), None, None)), 405);
        }
        let other = "report=9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d02";
        assert_eq!(
            status(&r.decide("GET", "/embed", Some(other), None, None)),
            403
        );
        for q in [
            None,
            Some(""),
            Some("report="),
            Some("report=%20"),
            Some("x=1"),
        ] {
            assert_eq!(
                status(&r.decide("GET", "/embed", q, None, None)),
                400,
                "{q:?}"
            );
        }
        // Not one of --report's: 403, whatever its shape.
        assert_eq!(
            status(&r.decide("GET", "/embed", Some("report=x"), None, None)),
            403
        );
        assert_eq!(status(&r.decide("GET", "/token", None, None, None)), 404);
        assert_eq!(status(&r.decide("GET", "/nope", None, None, None)), 404);
        let mut all = rules("127.0.0.1:8765");
        all.reports.clear();
        all.access_token = true;
        assert_eq!(
            all.decide("GET", "/embed", Some(other), None, None),
            Decision::Serve(Endpoint::Embed(other[7..].into()))
        );
        assert_eq!(
            all.decide("GET", "/token", None, None, None),
            Decision::Serve(Endpoint::Token)
        );
        // Without --report, a report that is not an id is a bad request.
        assert_eq!(
            status(&all.decide("GET", "/embed", Some("report=x"), None, None)),
            400
        );
    }
}
