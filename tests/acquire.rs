//! The library's front door, `acquire::acquire`, called in one process as a
//! long-running caller (the coming `serve`) calls it: many times, each
//! answer a new token, and nothing grows.

mod common;
use common::*;

use std::time::Duration;

use pbitoken::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use pbitoken::cache::{Cache, Key};
use pbitoken::credential::{self, CredentialOptions};
use pbitoken::http::TransportOptions;
use pbitoken::secret::{self, Secret};
use pbitoken::token::{self, Token};

#[test]
fn many_calls_keep_the_redaction_list_bounded() {
    let w = World::new();
    let secret_file = w.path("sp.secret");
    write_file(&secret_file, fx::SP_SECRET);
    let config = w.write_config(&w.sp_profile("sp", "").replace(
        "client_secret_env = \"TEST_SP_SECRET\"",
        &format!("client_secret_file = \"{}\"", secret_file.display()),
    ));
    let loaded = pbitoken::config::load(Some(&config)).unwrap();
    let profile =
        pbitoken::profile::resolve(loaded.as_ref(), Some("sp"), &Default::default()).unwrap();
    let cache = Cache::at(w.path("cache/pbitoken"));
    let call = || {
        acquire::acquire(
            &acquire::Request {
                profile: &profile,
                cache: CachePolicy::from_flags(false, false, 300),
                cache_at: Some(cache.clone()),
                credential: CredentialSource::Build(CredentialOptions::default()),
                transport: TransportSource::lazy(TransportOptions {
                    timeout: Duration::from_secs(10),
                    ca_file: None,
                    no_proxy: false,
                }),
            },
            &mut |warning| panic!("unexpected warning: {warning}"),
        )
        .unwrap()
    };

    // The first call signs in and fills the cache; the second is a hit.
    let (first, cached) = call();
    assert!(!cached);
    w.verified_claims(first.access_token.expose());
    let (again, cached) = call();
    assert!(cached);
    assert_eq!(again.access_token, first.access_token);
    assert_eq!(w.authority.token_requests(), 1);
    drop((first, again));

    // Then every call finds a token it has not seen before, as a caller
    // running for days sees new tokens: the list of values to redact
    // must not grow with them.
    let identity = credential::cache_identity(&profile).unwrap();
    let key = Key::new(&profile, identity.as_deref());
    let baseline = secret::remembered_count();
    for i in 0..3000 {
        let value = format!("eyJ-token-number-{i}");
        let entry = Token {
            access_token: Secret::new(value.clone()),
            token_type: "Bearer".into(),
            expires_on: token::now() + 3600,
            refresh_token: Some(Secret::new(format!("refresh-number-{i}"))),
            id_token: None,
            extra: Default::default(),
        };
        let lock = cache.lock(&key, Duration::ZERO);
        cache.write(&key, "sp", &entry, &lock).unwrap();
        drop((lock, entry));
        let (token, cached) = call();
        assert!(cached);
        assert_eq!(token.access_token.expose(), value);
    }
    assert_eq!(w.authority.token_requests(), 1);
    let count = secret::remembered_count();
    assert!(
        count <= baseline + secret::MAX_FORGOTTEN,
        "{count} values remembered after 3000 calls (baseline {baseline})"
    );
    // What was seen last is still scrubbed from any message.
    assert_eq!(
        secret::redact("a eyJ-token-number-2999 b refresh-number-2999"),
        "a **** b ****"
    );
}
