//! RS256 JSON Web Tokens signed with one RSA key per process.
//!
//! One key per process rather than per authority because generating a
//! 2048-bit key costs a noticeable fraction of a second and tests start many
//! authorities.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

struct Key {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    /// Doubles as `x5t`: Entra's v1 tokens carry the same value in both.
    kid: String,
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
            .expect("generating an RSA key with the OS RNG");
        let public = private.to_public_key();
        let modulus = public.n().to_bytes_be();
        let exponent = public.e().to_bytes_be();
        // A real x5t is the SHA-1 of a certificate; there is no certificate
        // here, so a 20-byte digest of the key gives a value of the same shape.
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(&modulus)[..20]);
        Key {
            signing: SigningKey::new(private),
            verifying: VerifyingKey::new(public),
            kid,
            modulus,
            exponent,
        }
    })
}

/// Generates the key now, so the first token request is not the slow one.
pub(crate) fn warm_up() {
    key();
}

/// The signing key's id (`kid`, also used as `x5t`).
pub(crate) fn key_id() -> &'static str {
    &key().kid
}

/// The public key as a JWK, for the `discovery/keys` endpoint.
pub(crate) fn jwk() -> Value {
    let k = key();
    json!({
        "kty": "RSA",
        "use": "sig",
        "kid": k.kid,
        "x5t": k.kid,
        "n": URL_SAFE_NO_PAD.encode(&k.modulus),
        "e": URL_SAFE_NO_PAD.encode(&k.exponent),
    })
}

/// Signs `claims` as a compact JWS with the header Entra uses for v1 tokens.
pub(crate) fn sign(claims: &Value) -> String {
    let k = key();
    let header = json!({"typ": "JWT", "alg": "RS256", "x5t": k.kid, "kid": k.kid});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = k.signing.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

/// Checks an RS256 token's signature against this process's key and returns
/// its payload. Expiry is not checked: callers decide what time means.
pub(crate) fn verify(token: &str) -> Result<Value, String> {
    let mut parts = token.split('.');
    let (h, p, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => (h, p, s),
        _ => return Err("not a compact JWS (expected three dot-separated parts)".into()),
    };
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("{what} is not base64url: {e}"))
    };
    let header: Value = serde_json::from_slice(&decode(h, "header")?)
        .map_err(|e| format!("header is not JSON: {e}"))?;
    if header["alg"] != "RS256" {
        return Err(format!("unexpected alg {}", header["alg"]));
    }
    if header["kid"] != key_id() {
        return Err(format!("unknown kid {}", header["kid"]));
    }
    let sig = Signature::try_from(decode(s, "signature")?.as_slice())
        .map_err(|e| format!("bad signature encoding: {e}"))?;
    key()
        .verifying
        .verify(format!("{h}.{p}").as_bytes(), &sig)
        .map_err(|_| "signature does not verify".to_string())?;
    serde_json::from_slice(&decode(p, "payload")?).map_err(|e| format!("payload is not JSON: {e}"))
}

/// A token as any trusted external issuer would mint it (for federated
/// token files in tests).
pub(crate) fn external_token(issuer: &str, subject: &str, audience: &str, lifetime: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    sign(&json!({
        "aud": [audience],
        "exp": now + lifetime,
        "iat": now - 1,
        "iss": issuer,
        "nbf": now - 1,
        "sub": subject,
        "kubernetes.io": {"namespace": "reports", "serviceaccount": {"name": "pbitoken"}},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let t = sign(&json!({"aud": "x", "n": 1}));
        assert_eq!(verify(&t).unwrap()["aud"], "x");
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(json!({"aud": "y", "n": 1}).to_string());
        parts[1] = &forged;
        assert!(verify(&parts.join(".")).is_err());
        assert!(verify("a.b").is_err());
        assert!(verify("!!.!!.!!").is_err());
    }
}
