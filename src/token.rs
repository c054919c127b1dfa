//! Token responses: the one function every grant's request goes through,
//! and parsing of both endpoint versions (v1 sends numbers as strings).

use serde_json::{Map, Value};

use crate::aad::AadError;
use crate::error::{Error, ExitCode};
use crate::http::{Response, Transport};
use crate::secret::Secret;

/// Fields that never leave pbitoken's hands in output.
pub(crate) const NEVER_SHOWN: [&str; 3] = ["access_token", "refresh_token", "id_token"];
/// Fields that are numbers, sent as strings by v1 and IMDS.
const NUMERIC: [&str; 5] = [
    "expires_in",
    "ext_expires_in",
    "expires_on",
    "not_before",
    "refresh_in",
];
/// Lifetimes beyond this are not believable (a parse error on the server's side).
const MAX_LIFETIME_SECS: i64 = 366 * 24 * 3600;

/// An access token and what came with it.
#[derive(Debug, Clone)]
pub struct Token {
    /// The access token.
    pub access_token: Secret,
    /// `Bearer`.
    pub token_type: String,
    /// Unix seconds when it expires.
    pub expires_on: i64,
    /// A refresh token (password and device code grants); never printed.
    pub refresh_token: Option<Secret>,
    /// An OpenID Connect id token, when the grant returned one: never
    /// printed nor cached, held so that any message is scrubbed of it.
    pub id_token: Option<Secret>,
    /// Every other field the endpoint returned, numbers as numbers.
    pub extra: Map<String, Value>,
}

impl Token {
    /// Seconds of validity left at `now`.
    pub fn expires_in(&self, now: i64) -> i64 {
        // expires_on comes from a cache file too, where it can be anything.
        self.expires_on.saturating_sub(now)
    }
}

/// When a token stops being valid: `expires_on` as the endpoint or a cache
/// entry says, but never later than the token's own `exp` when it is a JWT
/// that has one (an answer or a cache file may claim longer than the token
/// itself says it lives; the earlier of the two is trusted).
pub fn valid_until(access_token: &str, expires_on: i64) -> i64 {
    let exp = crate::jwt::decode(access_token)
        .ok()
        .and_then(|d| d.claims.get("exp").and_then(number));
    match exp {
        Some(exp) => expires_on.min(exp),
        None => expires_on,
    }
}

impl Token {
    /// Brings `expires_on` down to the JWT's `exp` if that is earlier
    /// (see [`valid_until`]).
    pub fn trust_earlier_expiry(mut self) -> Token {
        self.expires_on = valid_until(self.access_token.expose(), self.expires_on);
        self
    }
}

/// Current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// POSTs a token request form and returns the token, or the authority's
/// refusal as a typed error.
pub fn post_form(transport: &Transport, url: &str, form: &[(&str, &str)]) -> Result<Token, Error> {
    let resp = transport.send(url, "token request", |client| {
        client
            .post(url)
            .header("Accept", "application/json")
            .form(form)
    })?;
    token_from_response(&resp, url)
}

/// Turns an HTTP answer from a token endpoint into a token or an error.
pub fn token_from_response(resp: &Response, url: &str) -> Result<Token, Error> {
    match resp.status {
        200..=299 => parse(&resp.body).map_err(|why| {
            Error::unavailable(format!(
                "unexpected answer from {url} (HTTP {}): {why}: {}",
                resp.status,
                resp.snippet()
            ))
        }),
        300..=399 => Err(Error::unavailable(format!(
            "{url} answered with a redirect (HTTP {}) to {}; redirects are not followed with credentials",
            resp.status,
            match resp.header("location") {
                None => "nowhere".to_owned(),
                Some(l) => url::Url::parse(l).map_or_else(
                    |_| "a relative or malformed URL (not shown)".to_owned(),
                    |u| crate::http::origin_and_path(&u),
                ),
            }
        ))
        .with_hint("point authority_host or token_endpoint at the final URL")),
        status => match AadError::parse(&resp.body) {
            Some(aad) => Err(aad.to_error(status)),
            None if status == 401 || status == 403 => Err(Error::new(
                ExitCode::Refused,
                format!(
                    "{url} refused the request (HTTP {status}) without an error body: {}",
                    resp.snippet()
                ),
            )),
            None => Err(Error::unavailable(format!(
                "{url} answered HTTP {status}, not an OAuth error: {}",
                resp.snippet()
            ))),
        },
    }
}

/// Parses a successful token response body.
pub fn parse(body: &[u8]) -> Result<Token, String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "not JSON".to_owned())?;
    let Value::Object(mut fields) = value else {
        return Err("not a JSON object".into());
    };
    let access_token = match fields.remove("access_token") {
        Some(Value::String(s)) if !s.is_empty() => {
            let token = Secret::new(s);
            if !is_token68(token.expose()) {
                // `-o header` would print a second header line.
                return Err(
                    "access_token holds characters a bearer token cannot hold (RFC 6750 token68)"
                        .into(),
                );
            }
            token
        }
        Some(Value::String(_)) => return Err("access_token is empty".into()),
        Some(_) => return Err("access_token is not a string".into()),
        None => return Err("no access_token".into()),
    };
    let refresh_token = match fields.remove("refresh_token") {
        Some(Value::String(s)) if !s.is_empty() => Some(Secret::new(s)),
        _ => None,
    };
    let id_token = match fields.remove("id_token") {
        Some(Value::String(s)) if !s.is_empty() => Some(Secret::new(s)),
        _ => None,
    };
    let token_type = match fields.get("token_type") {
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => t.clone(),
        Some(Value::String(t)) if is_token68(t) => {
            return Err(format!("token_type is '{t}', not Bearer"))
        }
        Some(Value::String(_)) => return Err("token_type is not Bearer".into()),
        Some(_) => return Err("token_type is not a string".into()),
        None => return Err("no token_type".into()),
    };
    // As sent, for messages: a huge number would otherwise show as the
    // value it was clamped to.
    let sent = |key: &str| -> String {
        let text = match fields.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        };
        crate::shape::shorten(&text, 40)
    };
    let sent_expires_in = sent("expires_in");
    let sent_expires_on = sent("expires_on");
    for key in NUMERIC {
        if let Some(v) = fields.get_mut(key) {
            *v = Value::from(number(v).ok_or_else(|| format!("{key} is not a number"))?);
        }
    }
    let now = now();
    let expires_on = match (fields.get("expires_in"), fields.get("expires_on")) {
        (Some(v), _) => {
            let secs = v.as_i64().unwrap_or(0);
            if secs <= 0 || secs > MAX_LIFETIME_SECS {
                return Err(format!("expires_in {sent_expires_in} is out of range"));
            }
            now + secs
        }
        (None, Some(v)) => {
            let on = v.as_i64().unwrap_or(0);
            if on <= now || on > now + MAX_LIFETIME_SECS {
                return Err(format!("expires_on {sent_expires_on} is out of range"));
            }
            on
        }
        (None, None) => return Err("no expires_in".into()),
    };
    for key in NEVER_SHOWN {
        fields.remove(key);
    }
    Ok(Token {
        access_token,
        token_type,
        expires_on,
        refresh_token,
        id_token,
        extra: fields,
    }
    .trust_earlier_expiry())
}

/// Whether `s` is a token68 (RFC 7235), the shape of a bearer token:
/// ALPHA / DIGIT / `-._~+/`, then `=` padding only. Nothing else may reach
/// an `Authorization` header, a shell `export` or a terminal.
pub fn is_token68(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

/// An integer from a JSON number or a numeric string (v1, IMDS); floats are
/// truncated.
fn number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok().or_else(|| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_integers() {
        let t = parse(br#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ.a.b"}"#).unwrap();
        assert_eq!(t.access_token.expose(), "eyJ.a.b");
        assert!((t.expires_in(now()) - 3599).abs() <= 1);
        assert_eq!(t.extra["ext_expires_in"], 3599);
        assert!(!t.extra.contains_key("access_token"));
    }

    #[test]
    fn v1_strings_become_numbers() {
        let t = parse(br#"{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","expires_on":"1622089429","not_before":"1622085529","resource":"https://r","access_token":"x","refresh_token":"rt","id_token":"id"}"#).unwrap();
        assert_eq!(t.extra["expires_on"], 1622089429);
        assert_eq!(t.extra["not_before"], 1622085529);
        assert_eq!(t.refresh_token.unwrap().expose(), "rt");
        assert!(!t.extra.contains_key("refresh_token"));
        assert!(!t.extra.contains_key("id_token"));
    }

    #[test]
    fn access_tokens_must_be_token68() {
        assert!(is_token68("eyJ.a-b_c~d+e/f=="));
        for bad in [
            "",
            "==",
            "a b",
            "a\r\nX-Evil: 1",
            "a=b",
            "a\u{1b}[2J",
            "a'b",
            "é",
        ] {
            assert!(!is_token68(bad), "{bad:?}");
            let body = serde_json::json!({"access_token": bad, "token_type": "Bearer", "expires_in": 3599});
            assert!(parse(body.to_string().as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_jwt_exp_earlier_than_expires_in_wins() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let jwt = |exp: i64| {
            format!(
                "{}.{}.sig",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
                URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{exp}}}"#))
            )
        };
        let soon = now() + 600;
        let body = format!(
            r#"{{"token_type":"Bearer","expires_in":3599,"access_token":"{}"}}"#,
            jwt(soon)
        );
        assert_eq!(parse(body.as_bytes()).unwrap().expires_on, soon);
        // A later exp does not lengthen expires_in; an opaque token keeps it.
        let late = jwt(now() + 99_999);
        assert_eq!(valid_until(&late, 1000), 1000);
        assert_eq!(valid_until("opaque", 1000), 1000);
        assert_eq!(valid_until(&jwt(500), 1000), 500);
        // exp as a string (some issuers) counts too.
        let stringy = format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode("{}"),
            URL_SAFE_NO_PAD.encode(r#"{"exp":"500"}"#)
        );
        assert_eq!(valid_until(&stringy, 1000), 500);
    }

    #[test]
    fn bad_shapes_are_errors_not_panics() {
        for body in [
            &b"<html>"[..],
            b"{}",
            b"[]",
            b"{\"token_type\":\"Bearer\",\"expires_in\":3599}",
            b"{\"access_token\":\"x\",\"token_type\":\"mac\",\"expires_in\":3599}",
            b"{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":-5}",
            b"{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":99999999999}",
            b"{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}",
            b"{\"access_token\":\"x\",\"token_type\":\"Bearer\"}",
            b"{\"access_token\":7,\"token_type\":\"Bearer\",\"expires_in\":1}",
            b"{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":1e400}",
        ] {
            assert!(parse(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
    }
}
