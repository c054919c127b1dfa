//! Client assertions (reference §5, §6): a JWT in place of a client secret,
//! signed either by the app's certificate or by an external identity
//! provider that a federated credential trusts.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::der::{DecodePem, Encode};
use x509_cert::Certificate;

use crate::directory::App;
use crate::errors::AadError;
use crate::jwt;

/// Clock skew tolerated on `nbf`/`exp`, as Entra allows a few minutes.
const SKEW: f64 = 300.0;

/// Checks an assertion for `app`. `audiences` are the token endpoint URLs
/// this request could have been addressed as (certificate assertions must
/// name one of them).
pub(crate) fn verify(
    app: &App,
    assertion: &str,
    audiences: &[String],
    now: i64,
) -> Result<(), AadError> {
    let (header, claims, signed, signature) = split(assertion)?;
    // The app signs its own assertions (iss = client id); anything else
    // comes from an external issuer a federated credential must trust.
    let own = claims
        .get("iss")
        .and_then(Value::as_str)
        .is_some_and(|iss| iss.eq_ignore_ascii_case(&app.client_id));
    if own {
        verify_certificate(app, &header, &claims, signed, &signature, audiences, now)
    } else {
        verify_federated(app, assertion, &claims, now)
    }
}

type Parts<'a> = (Value, Value, &'a str, Vec<u8>);

fn split(assertion: &str) -> Result<Parts<'_>, AadError> {
    let bad = || AadError::client(50012, "The client assertion is not a well-formed JWT.");
    let mut parts = assertion.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let decode = |x: &str| {
        URL_SAFE_NO_PAD
            .decode(x.trim_end_matches('='))
            .map_err(|_| bad())
    };
    let header: Value = serde_json::from_slice(&decode(h)?).map_err(|_| bad())?;
    let claims: Value = serde_json::from_slice(&decode(p)?).map_err(|_| bad())?;
    let signed = &assertion[..h.len() + 1 + p.len()];
    Ok((header, claims, signed, decode(s)?))
}

/// A JSON number (integer or float, as MSAL Python sends) as seconds.
fn seconds(claims: &Value, key: &str) -> Option<f64> {
    claims.get(key).and_then(Value::as_f64)
}

fn check_lifetime(claims: &Value, now: i64) -> Result<(), AadError> {
    let now = now as f64;
    let exp = seconds(claims, "exp");
    let nbf = seconds(claims, "nbf").unwrap_or(f64::MIN);
    let in_range = exp.is_some_and(|e| now < e + SKEW) && now + SKEW >= nbf;
    if in_range {
        Ok(())
    } else {
        let shown = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("{}", v as i64));
        Err(AadError::client(
            700024,
            format!(
                "Client assertion is not within its valid time range. Current time: {}, assertion valid from {}, expiry time of assertion {}.",
                now as i64,
                shown(seconds(claims, "nbf")),
                shown(exp)
            ),
        ))
    }
}

fn signature_failed(app: &App, why: &str) -> AadError {
    AadError::client(
        700027,
        format!(
            "Client assertion failed signature validation. Trace: {why}. App '{}'.",
            app.client_id
        ),
    )
}

fn verify_certificate(
    app: &App,
    header: &Value,
    claims: &Value,
    signed: &str,
    signature: &[u8],
    audiences: &[String],
    now: i64,
) -> Result<(), AadError> {
    let want = |k: &str| {
        header
            .get(k)
            .and_then(Value::as_str)
            .and_then(|t| URL_SAFE_NO_PAD.decode(t.trim_end_matches('=')).ok())
    };
    let (x5t, x5t256) = (want("x5t"), want("x5t#S256"));
    let key = app
        .certificates
        .iter()
        .filter_map(|pem| {
            let cert = Certificate::from_pem(pem.as_bytes()).ok()?;
            let der = cert.to_der().ok()?;
            let matches = x5t256.as_deref() == Some(&Sha256::digest(&der)[..])
                || x5t.as_deref() == Some(&Sha1::digest(&der)[..]);
            let spki = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
            let validity = &cert.tbs_certificate.validity;
            let not_after = validity.not_after.to_unix_duration().as_secs() as i64;
            let key = RsaPublicKey::from_public_key_der(&spki).ok()?;
            matches.then_some((key, not_after))
        })
        .next()
        .ok_or_else(|| {
            signature_failed(
                app,
                "key was not found (no uploaded certificate has this thumbprint)",
            )
        })?;
    let (key, not_after) = key;
    if not_after < now {
        return Err(signature_failed(app, "the key used is expired"));
    }
    let ok = match header.get("alg").and_then(Value::as_str) {
        Some("RS256") => rsa::pkcs1v15::Signature::try_from(signature)
            .ok()
            .is_some_and(|s| {
                rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone())
                    .verify(signed.as_bytes(), &s)
                    .is_ok()
            }),
        Some("PS256") => rsa::pss::Signature::try_from(signature)
            .ok()
            .is_some_and(|s| {
                rsa::pss::VerifyingKey::<Sha256>::new(key.clone())
                    .verify(signed.as_bytes(), &s)
                    .is_ok()
            }),
        _ => false,
    };
    if !ok {
        return Err(signature_failed(
            app,
            "signature does not verify with the uploaded certificate",
        ));
    }
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    if !audiences
        .iter()
        .any(|a| a.eq_ignore_ascii_case(aud.trim_end_matches('/')))
    {
        return Err(AadError::client(
            50012,
            format!("Client assertion audience claim does not match Realm issuer. Provided value: '{aud}'."),
        ));
    }
    for k in ["iss", "sub"] {
        let v = claims.get(k).and_then(Value::as_str).unwrap_or("");
        if !v.eq_ignore_ascii_case(&app.client_id) {
            return Err(AadError::client(
                50012,
                format!(
                    "Client assertion contains an invalid '{k}' claim: it must be the client id."
                ),
            ));
        }
    }
    check_lifetime(claims, now)
}

fn verify_federated(app: &App, assertion: &str, claims: &Value, now: i64) -> Result<(), AadError> {
    // The external issuers this authority plays sign with its own key.
    jwt::verify(assertion).map_err(|why| signature_failed(app, &why))?;
    let get = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (iss, sub) = (get("iss"), get("sub"));
    let auds: Vec<String> = match claims.get("aud") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let issuer_matches: Vec<_> = app
        .federated
        .iter()
        .filter(|f| f.issuer == iss && auds.contains(&f.audience))
        .collect();
    if issuer_matches.is_empty() {
        return Err(AadError::bad(
            "invalid_request",
            70021,
            format!(
                "No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'. Assertion Audience: '{}'.",
                auds.join(",")
            ),
        ));
    }
    if !issuer_matches.iter().any(|f| f.subject == sub) {
        return Err(AadError::bad(
            "invalid_request",
            700213,
            format!("No matching federated identity record found for presented assertion subject '{sub}'. Please note that the matching is done using a case-sensitive comparison."),
        ));
    }
    check_lifetime(claims, now)
}
