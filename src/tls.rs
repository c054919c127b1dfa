//! The TLS client configuration: the platform's root certificates plus the
//! extra CA (`--ca-file`, else `SSL_CERT_FILE`), built only when a request
//! is https, each source read once.
//!
//! Built here rather than by reqwest because reqwest's native-roots loader
//! runs for every client (plain http to loopback too), reads `SSL_CERT_FILE`
//! a second time, and on Linux reads both the bundle file and every file of
//! the hashed folder (each root decoded twice); with `SSL_CERT_FILE` set it
//! also drops the platform's roots, where SPEC says the extra CA adds to them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::Error;
use crate::log::log;

/// The extra CA file: `--ca-file`, else a non-empty `SSL_CERT_FILE`.
///
/// Its contents are read only for https, but a file that is not there is
/// a usage error for every request: the flag or variable is wrong.
pub fn extra_ca_file(ca_file: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    let path = match ca_file {
        Some(path) => path.to_path_buf(),
        None => match crate::env::var("SSL_CERT_FILE")? {
            Some(v) => PathBuf::from(v),
            None => return Ok(None),
        },
    };
    match std::fs::metadata(&path) {
        Ok(m) if !m.is_dir() => Ok(Some(path)),
        Ok(_) => Err(Error::usage(format!(
            "cannot read CA file {}: it is a folder",
            path.display()
        ))),
        Err(e) => Err(Error::usage(format!(
            "cannot read CA file {}: {e}",
            path.display()
        ))),
    }
}

/// A rustls client configuration (ring, TLS 1.2 and 1.3, HTTP/1.1) trusting
/// the platform's roots and the certificates in `ca_file`.
///
/// With an extra CA, the server's chain is first checked against it alone;
/// the platform's roots (about 150 certificates to read and decode, a few
/// milliseconds) are loaded only when that fails. Trust is the same as with
/// both loaded at once: a chain anchored in a subset is anchored in the whole.
pub fn client_config(ca_file: Option<&Path>) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| setup_error(&e))?;
    let mut config = match extra_ca_file(ca_file)? {
        Some(path) => {
            let extra = read_extra_ca(&path)?;
            let mut roots = RootCertStore::empty();
            let (added, _) = roots.add_parsable_certificates(extra.iter().cloned());
            if added == 0 {
                return Err(no_certificate(&path));
            }
            log(
                1,
                format!("tls: {added} certificates from {}", path.display()),
            );
            let verifier = ExtraFirst {
                extra: verifier(roots, &provider).map_err(|e| setup_error(&e))?,
                extra_certs: extra,
                full: OnceLock::new(),
                provider,
            };
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
        }
        None => builder.with_root_certificates(loaded_platform_roots()),
    }
    .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn setup_error(e: &dyn std::fmt::Display) -> Error {
    Error::unavailable(format!("cannot set up HTTPS: {e}"))
}

fn verifier(
    roots: RootCertStore,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, rustls::client::VerifierBuilderError> {
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build()
}

/// The platform's roots in a store, logged.
fn loaded_platform_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    let (added, ignored) = roots.add_parsable_certificates(platform_roots());
    log(
        1,
        format!("tls: {added} platform root certificates ({ignored} unusable)"),
    );
    roots
}

/// Verifies a server's chain against the extra CA alone, then, if that
/// fails, against the extra CA plus the platform's roots, loaded then.
#[derive(Debug)]
struct ExtraFirst {
    extra: Arc<WebPkiServerVerifier>,
    extra_certs: Vec<CertificateDer<'static>>,
    full: OnceLock<Result<Arc<WebPkiServerVerifier>, String>>,
    provider: Arc<CryptoProvider>,
}

impl ExtraFirst {
    fn full(&self) -> Result<&Arc<WebPkiServerVerifier>, rustls::Error> {
        self.full
            .get_or_init(|| {
                let mut roots = loaded_platform_roots();
                roots.add_parsable_certificates(self.extra_certs.iter().cloned());
                verifier(roots, &self.provider).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| rustls::Error::General(e.clone()))
    }
}

impl ServerCertVerifier for ExtraFirst {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.extra
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .or_else(|_| {
                self.full()?.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                )
            })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.extra.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.extra.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.extra.supported_verify_schemes()
    }
}

/// The PEM certificates of the extra CA file, read once.
fn read_extra_ca(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let pem = crate::limited::read(path)
        .map_err(|e| Error::usage(format!("cannot read CA file {}: {e}", path.display())))?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(no_certificate(path));
    }
    Ok(certs)
}

fn no_certificate(path: &Path) -> Error {
    Error::usage(format!(
        "CA file {} holds no PEM certificate",
        path.display()
    ))
}

/// Bundle files the distributions keep their roots in, most common first
/// (the list openssl-probe and Go use).
#[cfg(all(unix, not(target_os = "macos")))]
const BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/ssl/cert.pem",
    "/usr/local/etc/ssl/cert.pem",
    "/usr/local/share/certs/ca-root-nss.crt",
    "/etc/openssl/certs/ca-certificates.crt",
];

/// Hashed certificate folders, for systems without a bundle file.
#[cfg(all(unix, not(target_os = "macos")))]
const FOLDERS: &[&str] = &["/etc/ssl/certs", "/etc/pki/tls/certs"];

/// The platform's roots on Linux and the BSDs: the folders in
/// `SSL_CERT_DIR` when set (OpenSSL's override of the store), else the
/// first bundle file found (one read: the hashed folder next to it holds the
/// same roots again), else the hashed folders. `SSL_CERT_FILE` is not a
/// store here but the extra CA, read by [`client_config`].
#[cfg(all(unix, not(target_os = "macos")))]
fn platform_roots() -> Vec<CertificateDer<'static>> {
    let from_env: Vec<PathBuf> = std::env::var_os("SSL_CERT_DIR")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let folders: Vec<PathBuf> = if !from_env.is_empty() {
        from_env
    } else if let Some(bundle) = BUNDLES.iter().map(Path::new).find(|p| p.is_file()) {
        return load(Some(bundle), None);
    } else {
        FOLDERS.iter().map(PathBuf::from).collect()
    };
    folders
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| load(None, Some(d)))
        .collect()
}

#[cfg(all(unix, not(target_os = "macos")))]
fn load(file: Option<&Path>, dir: Option<&Path>) -> Vec<CertificateDer<'static>> {
    let result = rustls_native_certs::load_certs_from_paths(file, dir);
    for e in &result.errors {
        log(1, format!("tls: {e}"));
    }
    result.certs
}

/// The platform's roots from its own store (Keychain, the Windows store).
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn platform_roots() -> Vec<CertificateDer<'static>> {
    let result = rustls_native_certs::load_native_certs();
    for e in &result.errors {
        log(1, format!("tls: {e}"));
    }
    result.certs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_certificates_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        let e = client_config(Some(&path)).unwrap_err();
        assert_eq!(e.code, crate::error::ExitCode::Usage);
        assert!(e.message.contains("holds no PEM certificate"), "{e}");
        let e = client_config(Some(&dir.path().join("missing.pem"))).unwrap_err();
        assert!(e.message.contains("cannot read CA file"), "{e}");
    }
}
