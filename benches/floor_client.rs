//! The floor for a cold token call over HTTPS: a few lines of rustls that
//! trust only the given CA file, POST the form once and print the body.
//! No config, no cache, no HTTP library, no platform roots. Built by
//! `benches/run.sh` (`cargo build --release --example floor-client`); not
//! part of pbitoken.
//!
//! Usage: floor-client CA_FILE HOST PORT PATH FORM

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [ca, host, port, path, form] = &args[..] else {
        eprintln!("usage: floor-client CA_FILE HOST PORT PATH FORM");
        std::process::exit(2);
    };
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).expect("read the CA file") {
        roots.add(cert.expect("a PEM certificate")).expect("a CA");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(host.clone()).expect("a server name");
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let sock = TcpStream::connect((host.as_str(), port.parse::<u16>().unwrap())).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, sock);
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    tls.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    // The authority closes after answering; a missing close_notify is fine here.
    let _ = tls.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    println!("{body}");
}
