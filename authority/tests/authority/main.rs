//! Integration tests: the authority driven over real sockets.

mod client;
mod discovery;
mod errors;
mod faults;
mod powerbi;
mod server;
mod tls;
mod tokens;

use pbitoken_authority::fixtures as fx;

/// The v1 token path for `tenant`.
pub fn v1(tenant: &str) -> String {
    format!("/{tenant}/oauth2/token")
}

/// The v2 token path for `tenant`.
pub fn v2(tenant: &str) -> String {
    format!("/{tenant}/oauth2/v2.0/token")
}

/// The form of a successful v2 client-credentials request.
pub fn sp_v2_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("grant_type", "client_credentials"),
        ("client_id", fx::SP_CLIENT_ID),
        ("client_secret", fx::SP_SECRET),
        ("scope", fx::POWERBI_DEFAULT_SCOPE),
    ]
}

/// Keys of a JSON object, in order.
pub fn keys(v: &serde_json::Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}
