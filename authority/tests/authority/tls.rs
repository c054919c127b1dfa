//! The HTTPS authority: a handshake trusting only its test CA, and the same
//! token endpoint behind it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use pbitoken_authority::{fixtures as fx, Authority, Directory};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

use crate::client::{encode, parse};
use crate::{sp_v2_form, v2};

#[test]
fn tls_handshake_with_the_test_ca_and_a_token() {
    let a = Authority::start_tls(Directory::seeded()).unwrap();
    assert!(a.url().starts_with("https://localhost:"));
    let pem = a.ca_pem().expect("a CA for TLS");
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(pem.as_bytes()).unwrap())
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let config = Arc::new(config);
    for name in ["localhost", "127.0.0.1"] {
        let server_name = ServerName::try_from(name.to_string()).unwrap();
        let conn = rustls::ClientConnection::new(config.clone(), server_name).unwrap();
        let tcp = TcpStream::connect(("127.0.0.1", a.port())).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let body = encode(&sp_v2_form());
        write!(
            tls,
            "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            v2(fx::TENANT_ID),
            body.len()
        )
        .unwrap();
        let mut out = Vec::new();
        let _ = tls.read_to_end(&mut out);
        let r = parse(&out).expect("a response over TLS");
        assert_eq!(r.status, 200, "{}", r.text());
        let token = r.json()["access_token"].as_str().unwrap().to_string();
        assert!(a.verify_jwt(&token).is_ok());
        // Error URIs point at the TLS authority's own URL.
    }
    assert_eq!(a.token_requests(), 2);

    // A client that does not trust the CA fails the handshake; the server survives.
    let other = Authority::start_tls(Directory::seeded()).unwrap();
    let server_name = ServerName::try_from("localhost").unwrap();
    let conn = rustls::ClientConnection::new(config, server_name).unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", other.port())).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    assert!(tls
        .write_all(b"GET / HTTP/1.1\r\n\r\n")
        .and_then(|_| tls.flush())
        .is_err());
    assert_eq!(other.token_requests(), 0);
}
