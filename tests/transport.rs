//! How requests go out: one connection per request, closed by the server
//! at once, and root certificates read only for https.

mod common;
use common::*;

fn sp(w: &World) {
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
}

/// The token request of the last run.
fn token_request(w: &World) -> pbitoken_authority::RecordedRequest {
    w.authority
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/oauth2/v2.0/token"))
        .expect("a token request")
}

#[test]
fn a_one_shot_request_asks_a_keep_alive_server_to_close() {
    // A keep-alive server that writes head and body apart, with Nagle on,
    // holds the body until the client's delayed ACK unless it closes the
    // connection after answering: the request must ask it to.
    for authority in [
        Authority::start().unwrap(),
        Authority::start_tls(Directory::seeded()).unwrap(),
    ] {
        authority.set_keep_alive(true);
        let w = World::with(authority);
        sp(&w);
        let ca = w.authority.ca_pem().map(|pem| {
            let path = w.path("ca.pem");
            std::fs::write(&path, pem).unwrap();
            path
        });
        let run = w.run_with(&["token", "--no-cache"], |c| {
            if let Some(ca) = &ca {
                c.env("SSL_CERT_FILE", ca);
            }
        });
        w.verified_claims(run.ok());
        let req = token_request(&w);
        assert_eq!(
            req.header("connection").map(str::to_ascii_lowercase),
            Some("close".to_owned()),
            "{}: {:?}",
            w.authority.url(),
            req.headers
        );
    }
}

#[test]
fn plain_http_reads_no_certificates() {
    let w = World::new();
    sp(&w);
    // Neither the extra CA nor the platform's roots are read for a loopback
    // http authority: a broken SSL_CERT_FILE does not matter to it.
    let bogus = w.path("bogus.pem");
    std::fs::write(&bogus, "not a certificate").unwrap();
    let run = w.run_with(&["token", "--no-cache", "-v"], |c| {
        c.env("SSL_CERT_FILE", &bogus);
    });
    w.verified_claims(run.ok());
    assert!(!run.stderr.contains("pbitoken: tls:"), "{run:?}");

    // A CA file that is not there is a wrong flag, whatever the scheme.
    let before = w.authority.requests().len();
    let missing = w.path("missing.pem");
    let run = w.run(&[
        "token",
        "--no-cache",
        "--ca-file",
        missing.to_str().unwrap(),
    ]);
    run.fails(2);
    assert!(run.stderr.contains("cannot read CA file"), "{run:?}");
    assert_eq!(w.authority.requests().len(), before);

    // The same file breaks an https request, before anything is sent.
    let tls = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    sp(&tls);
    let run = tls.run_with(&["token", "--no-cache"], |c| {
        c.env("SSL_CERT_FILE", &bogus);
    });
    run.fails(2);
    assert!(run.stderr.contains("holds no PEM certificate"), "{run:?}");
    assert_eq!(tls.authority.requests().len(), 0);
}

#[test]
fn the_extra_ca_adds_to_the_platform_store() {
    // Two https authorities with CAs of their own: one CA in the platform
    // store (SSL_CERT_DIR stands in for it), the other given as the extra
    // CA. Both must be trusted in the same environment.
    let store = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    let extra = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    let dir = store.path("certs");
    write_file(
        &dir.join("store-ca.pem"),
        &store.authority.ca_pem().unwrap(),
    );
    let ca = store.path("extra-ca.pem");
    write_file(&ca, &extra.authority.ca_pem().unwrap());
    for w in [&store, &extra] {
        sp(w);
        let run = w.run_with(&["token", "--no-cache", "-v"], |c| {
            c.env("SSL_CERT_DIR", &dir).env("SSL_CERT_FILE", &ca);
        });
        w.verified_claims(run.ok());
        // The platform's roots are read only when the extra CA alone does
        // not anchor the server's chain.
        let platform = std::ptr::eq(w, &store);
        assert_eq!(
            run.stderr.contains("platform root certificates"),
            platform,
            "{run:?}"
        );
        let run = w.run_with(
            &["token", "--no-cache", "--ca-file", ca.to_str().unwrap()],
            |c| {
                c.env("SSL_CERT_DIR", &dir);
            },
        );
        w.verified_claims(run.ok());
    }
}
