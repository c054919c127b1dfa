//! A service principal with a certificate: the client credentials grant
//! with a signed client assertion (reference §5) instead of a secret.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::json;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::der::{Decode, Encode};
use x509_cert::Certificate;

use super::{assertion_grant, digest, random_guid, Ask, Credential, CredentialOptions, Method};
use crate::error::Error;
use crate::http::Transport;
use crate::profile::Profile;
use crate::token::{now, Token};

/// Assertions live this long; the reference says 5-10 minutes at most.
const ASSERTION_LIFETIME: i64 = 600;

/// A certificate and its private key, read from one PEM file.
pub struct LoadedCertificate {
    der: Vec<u8>,
    key: RsaPrivateKey,
    /// Unix seconds when the certificate expires.
    pub not_after: i64,
}

impl LoadedCertificate {
    /// SHA-1 of the certificate (the classic `x5t` thumbprint).
    pub fn sha1_thumbprint(&self) -> Vec<u8> {
        Sha1::digest(&self.der).to_vec()
    }

    /// SHA-256 of the certificate (`x5t#S256`).
    pub fn sha256_thumbprint(&self) -> Vec<u8> {
        Sha256::digest(&self.der).to_vec()
    }

    /// Hex SHA-1 thumbprint, as the Azure portal shows it.
    pub fn thumbprint_hex(&self) -> String {
        self.sha1_thumbprint()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }

    /// A signed client assertion for `audience` (the token endpoint).
    pub fn assertion(&self, client_id: &str, audience: &str) -> Result<String, Error> {
        let now = now();
        let header = json!({
            "alg": "RS256",
            "typ": "JWT",
            "x5t": URL_SAFE_NO_PAD.encode(self.sha1_thumbprint()),
            "x5t#S256": URL_SAFE_NO_PAD.encode(self.sha256_thumbprint()),
        });
        let claims = json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": random_guid(),
            "nbf": now,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
        });
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signer = SigningKey::<Sha256>::new(self.key.clone());
        let signature = signer
            .try_sign(input.as_bytes())
            .map_err(|e| Error::usage(format!("cannot sign the client assertion: {e}")))?;
        Ok(format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }
}

/// Reads a PEM file holding a certificate and its RSA private key (PKCS#8 or
/// PKCS#1), and checks that the two belong together.
pub fn load(path: &std::path::Path) -> Result<LoadedCertificate, Error> {
    let shown = path.display();
    let text = read(path)?;
    let text = String::from_utf8_lossy(&text);
    let mut cert: Option<Vec<u8>> = None;
    let mut key: Option<RsaPrivateKey> = None;
    for (label, der) in pem_blocks(&text) {
        match label.as_str() {
            "CERTIFICATE" if cert.is_none() => cert = Some(der),
            "PRIVATE KEY" => {
                key = Some(RsaPrivateKey::from_pkcs8_der(&der).map_err(|_| {
                    Error::usage(format!(
                    "certificate_file {shown}: the PRIVATE KEY is not an RSA key pbitoken can read"
                ))
                })?)
            }
            "RSA PRIVATE KEY" => {
                key = Some(RsaPrivateKey::from_pkcs1_der(&der).map_err(|_| {
                    Error::usage(format!(
                        "certificate_file {shown}: the RSA PRIVATE KEY cannot be read"
                    ))
                })?)
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(Error::usage(format!(
                    "certificate_file {shown}: the private key is encrypted"
                ))
                .with_hint(
                    "decrypt it: openssl pkey -in key.pem -out plain.pem (keep the file 0600)",
                ))
            }
            _ => {}
        }
    }
    let der = cert.ok_or_else(|| {
        Error::usage(format!("certificate_file {shown} holds no CERTIFICATE"))
            .with_hint("put the certificate and its private key in one PEM file")
    })?;
    let key = key.ok_or_else(|| {
        Error::usage(format!("certificate_file {shown} holds no private key"))
            .with_hint("append the private key (PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\") to the file")
    })?;
    let parsed = Certificate::from_der(&der).map_err(|e| {
        Error::usage(format!(
            "certificate_file {shown}: the CERTIFICATE cannot be parsed: {e}"
        ))
    })?;
    let tbs = &parsed.tbs_certificate;
    let spki = tbs
        .subject_public_key_info
        .to_der()
        .map_err(|e| Error::usage(format!("certificate_file {shown}: {e}")))?;
    let public = RsaPublicKey::from_public_key_der(&spki).map_err(|_| {
        Error::usage(format!(
            "certificate_file {shown}: the certificate's key is not RSA (Entra ID needs an RSA certificate)"
        ))
    })?;
    if public != key.to_public_key() {
        return Err(Error::usage(format!(
            "certificate_file {shown}: the private key does not match the certificate"
        ))
        .with_hint("put the certificate together with its own private key"));
    }
    let not_after = tbs.validity.not_after.to_unix_duration().as_secs() as i64;
    Ok(LoadedCertificate {
        der,
        key,
        not_after,
    })
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    crate::limited::read(path).map_err(|e| {
        Error::usage(format!(
            "cannot read certificate_file {}: {e}",
            path.display()
        ))
        .with_hint(
            "check certificate_file (a relative path is taken from the config file's folder) or AZURE_CLIENT_CERTIFICATE_PATH",
        )
    })
}

/// The bytes of the profile's certificate file, unparsed (for the cache key).
pub fn read_file(profile: &Profile) -> Result<Vec<u8>, Error> {
    read(certificate_path(profile)?)
}

/// `(label, der)` for every PEM block in the text.
fn pem_blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = after[..label_end].trim().to_owned();
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_start.find(&end_marker) else {
            break;
        };
        let body: String = body_start[..end]
            .lines()
            .filter(|l| !l.contains(':')) // RFC 1421 headers, e.g. Proc-Type
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Ok(der) = STANDARD.decode(body) {
            out.push((label, der));
        }
        rest = &body_start[end + end_marker.len()..];
    }
    out
}

/// The certificate file a profile names.
fn certificate_path(profile: &Profile) -> Result<&std::path::Path, Error> {
    profile.certificate_file.as_deref().ok_or_else(|| {
        Error::usage(format!(
            "no certificate for profile '{}': certificate_file is not set in the profile and env AZURE_CLIENT_CERTIFICATE_PATH is not set",
            profile.name
        ))
        .with_hint("set certificate_file = \"/path/to/cert-and-key.pem\" in the profile")
    })
}

/// Loads the profile's certificate (for the cache key and the credential).
pub fn load_for(profile: &Profile) -> Result<LoadedCertificate, Error> {
    load(certificate_path(profile)?)
}

/// `grant_type=client_credentials` with a certificate-signed assertion.
pub struct CertificateCredential {
    profile: Profile,
    cert: LoadedCertificate,
}

impl CertificateCredential {
    /// Loads and checks the certificate; warns when it has expired.
    pub fn new(profile: &Profile, opts: &CredentialOptions) -> Result<Self, Error> {
        let cert = load_for(profile)?;
        if cert.not_after < now() && !opts.quiet {
            eprintln!(
                "warning: the certificate in {} expired on {}; Entra ID will refuse it",
                certificate_path(profile)?.display(),
                crate::time::rfc3339(cert.not_after)
            );
        }
        Ok(CertificateCredential {
            profile: profile.clone(),
            cert,
        })
    }
}

impl Credential for CertificateCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let audience = self.profile.token_url();
        let assertion = self.cert.assertion(client_id, &audience)?;
        assertion_grant(transport, &self.profile, &assertion)
    }
}

/// A certificate-signed client assertion.
pub(super) const METHOD: Method = Method {
    build: |profile, opts| Ok(Box::new(CertificateCredential::new(profile, opts)?)),
    cache_identity,
    check,
    init: &[Ask::Optional {
        key: "certificate_file",
        question: "Certificate file, PEM with the private key (Enter for env AZURE_CLIENT_CERTIFICATE_PATH): ",
    }],
    by_resource: false,
    password_from: None,
};

/// A digest of the file's bytes, not of the parsed certificate: a cache
/// hit must not parse PEM and RSA key (a new file still gets a new key).
fn cache_identity(profile: &Profile) -> Result<Option<String>, Error> {
    Ok(Some(format!("certfile:{}", digest(read_file(profile)?))))
}

/// `check`: the certificate loads and has not expired.
fn check(profile: &Profile) -> Result<Option<String>, Error> {
    let cert = load_for(profile)?;
    let path = certificate_path(profile)?.display();
    let until = crate::time::rfc3339(cert.not_after);
    if cert.not_after < now() {
        return Err(Error::usage(format!(
            "the certificate in {path} (thumbprint {}) expired on {until}",
            cert.thumbprint_hex()
        ))
        .with_hint("create a new certificate, upload it to the app registration and point certificate_file at it"));
    }
    Ok(Some(format!(
        "certificate {} from {path}, valid until {until}",
        cert.thumbprint_hex()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_split_and_decode() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nAAEC\nAw==\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nBAU=\n-----END PRIVATE KEY-----\n";
        let blocks = pem_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0], ("CERTIFICATE".to_owned(), vec![0, 1, 2, 3]));
        assert_eq!(blocks[1].0, "PRIVATE KEY");
        assert!(pem_blocks("-----BEGIN X-----\nno end").is_empty());
    }
}
