//! Decoding a JWT's header and claims, without checking the signature:
//! pbitoken only shows what a token says, it never trusts it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

/// A decoded JWT.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The JOSE header.
    pub header: Value,
    /// The claims.
    pub claims: Value,
}

/// Decodes `header.payload.signature`; the signature is not checked.
pub fn decode(token: &str) -> Result<Decoded, String> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the token is not a JWT (expected three dot-separated parts)".into());
    };
    Ok(Decoded {
        header: part(h, "header")?,
        claims: part(p, "payload")?,
    })
}

fn part(segment: &str, what: &str) -> Result<Value, String> {
    // Some issuers pad; base64url without padding is the standard.
    let bytes = URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .map_err(|_| format!("the token's {what} is not base64url"))?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|_| format!("the token's {what} is not JSON"))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(format!("the token's {what} is not a JSON object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn decodes_header_and_claims() {
        let t = format!(
            "{}.{}.sig",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"aud":"a","exp":5}"#)
        );
        let d = decode(&t).unwrap();
        assert_eq!(d.header["alg"], "RS256");
        assert_eq!(d.claims["exp"], 5);
    }

    #[test]
    fn rejects_non_jwts() {
        for t in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "!!!.e30.x",
            "e30.bm90IGpzb24.x",
            "e30.WzFd.x",
        ] {
            assert!(decode(t).is_err(), "{t}");
        }
    }
}
