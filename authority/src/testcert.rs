//! Certificates for tests: an RSA key and a self-signed certificate made on
//! the spot, so no private key is ever committed.

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;

/// A generated certificate and its private key in the PEM forms clients read.
#[derive(Debug, Clone)]
pub struct TestCertificate {
    /// `-----BEGIN CERTIFICATE-----`.
    pub cert_pem: String,
    /// The key as PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
    pub key_pkcs8_pem: String,
    /// The same key as PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`).
    pub key_pkcs1_pem: String,
}

/// A fresh 2048-bit RSA key and a self-signed certificate for `common_name`,
/// valid from 2020 until `not_after_year` (a year in the past makes an
/// expired certificate).
pub fn generate(common_name: &str, not_after_year: i32) -> TestCertificate {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key generation");
    let pkcs8 = key
        .to_pkcs8_pem(LineEnding::LF)
        .expect("PKCS#8 encoding")
        .to_string();
    let pkcs1 = key
        .to_pkcs1_pem(LineEnding::LF)
        .expect("PKCS#1 encoding")
        .to_string();
    let pair = KeyPair::from_pem(&pkcs8).expect("rcgen reads the RSA key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    params.distinguished_name = dn;
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(not_after_year, 1, 1);
    let cert = params.self_signed(&pair).expect("self-signed certificate");
    TestCertificate {
        cert_pem: cert.pem(),
        key_pkcs8_pem: pkcs8,
        key_pkcs1_pem: pkcs1,
    }
}
