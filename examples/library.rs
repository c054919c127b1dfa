//! Getting a Power BI token from Rust with pbitoken's library: the same
//! steps `pbitoken token --no-cache` takes, one call each.
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

use pbitoken::credential::{self, CredentialOptions};
use pbitoken::http::{Transport, TransportOptions};
use pbitoken::profile::{self, Overrides};
use pbitoken::token::Token;
use pbitoken::{config, error};

/// A fresh token for a profile of the config file (`None`: the default
/// file, the default profile).
pub fn access_token(
    config_file: Option<&Path>,
    profile_name: Option<&str>,
) -> anyhow::Result<Token> {
    // The config file (or none), then one resolved profile: flags are
    // `Overrides`, the AZURE_* variables apply as they do on the command line.
    let loaded = config::load(config_file)?;
    let profile = profile::resolve(loaded.as_ref(), profile_name, &Overrides::default())?;
    // The one HTTP client: rustls, retries, loopback-only plain http.
    let transport = Transport::new(&TransportOptions {
        timeout: Duration::from_secs(30),
        ca_file: None,
        no_proxy: false,
    })?;
    // The profile's auth method decides the credential; it reads the secret.
    let credential = credential::for_profile(&profile, &CredentialOptions::default())?;
    Ok(credential.get_token(&transport)?)
}

fn main() -> ExitCode {
    let profile = std::env::args().nth(1);
    match access_token(None, profile.as_deref()) {
        Ok(token) => {
            eprintln!(
                "token valid for {} more seconds",
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
