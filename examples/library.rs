//! Getting a Power BI token from Rust with pbitoken's library: the same
//! road `pbitoken token` takes, through its front door,
//! [`pbitoken::acquire::acquire`].
//!
//! ```sh
//! cargo run --example library -- prod      # a profile of your config file
//! ```
//!
//! The token goes to stdout, like `pbitoken token`; use it as
//! `Authorization: Bearer <token>` against the Power BI REST API.
//! The tests run [`access_token`] against the local authority.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use pbitoken::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use pbitoken::credential::CredentialOptions;
use pbitoken::http::TransportOptions;
use pbitoken::profile::{self, Overrides};
use pbitoken::token::Token;
use pbitoken::{config, error};

/// A token for a profile of the config file (`None`: the default file, the
/// default profile), from the token cache when `cache` lets it, and whether
/// it came from there.
pub fn access_token(
    config_file: Option<&Path>,
    profile_name: Option<&str>,
    cache: CachePolicy,
) -> anyhow::Result<(Token, bool)> {
    // The config file (or none), then one resolved profile: flags are
    // `Overrides`, the AZURE_* variables apply as they do on the command line.
    let loaded = config::load(config_file)?;
    let profile = profile::resolve(loaded.as_ref(), profile_name, &Overrides::default())?;
    let request = acquire::Request {
        profile: &profile,
        cache,
        // The cache folder of the command line (PBITOKEN_CACHE_DIR or the
        // platform's): the two share their tokens.
        cache_at: None,
        // The profile's auth method decides the credential; it reads the
        // secret only when the cache cannot answer.
        credential: CredentialSource::Build(CredentialOptions::default()),
        // The one HTTP client (rustls, retries, loopback-only plain http),
        // built only when a request is needed.
        transport: TransportSource::lazy(TransportOptions {
            timeout: Duration::from_secs(30),
            ca_file: None,
            no_proxy: false,
        }),
    };
    // A cache that cannot be used is a warning, and pbitoken goes on without it.
    let token = acquire::acquire(&request, &mut |warning| eprintln!("warning: {warning}"))?;
    Ok(token)
}

fn main() -> ExitCode {
    let profile = std::env::args().nth(1);
    // As `pbitoken token` does: a cached token with 5 minutes left or more.
    let cache = CachePolicy::from_flags(false, false, 300);
    match access_token(None, profile.as_deref(), cache) {
        Ok((token, cached)) => {
            eprintln!(
                "token{} valid for {} more seconds",
                if cached { " (cached)" } else { "" },
                token.expires_in(pbitoken::token::now())
            );
            // `expose` is the one way to the plain value: keep it on the wire.
            println!("{}", token.access_token.expose());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{}", error::render(&err));
            error::exit_code_of(&err).into()
        }
    }
}
