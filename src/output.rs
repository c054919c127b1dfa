//! The output formats of `pbitoken token`: what goes to stdout, nothing else.

use serde_json::{Map, Value};

use crate::endpoint::Endpoint;
use crate::error::{Error, ExitCode};
use crate::profile::Profile;
use crate::token::Token;

pub use crate::time::rfc3339;

/// `-o` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The token and a newline.
    #[default]
    Token,
    /// One JSON object with the token and its metadata.
    Json,
    /// `Authorization: Bearer <token>`.
    Header,
    /// `export PBI_TOKEN='<token>'`.
    Env,
    /// The decoded JWT payload.
    Claims,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 5] = [
        Format::Token,
        Format::Json,
        Format::Header,
        Format::Env,
        Format::Claims,
    ];

    /// The `-o` name.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Token => "token",
            Format::Json => "json",
            Format::Header => "header",
            Format::Env => "env",
            Format::Claims => "claims",
        }
    }
}

/// Renders the token in the chosen format, newline included.
pub fn render(
    format: Format,
    token: &Token,
    profile: &Profile,
    cached: bool,
    now: i64,
) -> Result<String, Error> {
    let access = token.access_token.expose();
    // Every source (authority, cache file, az) ends here: a token that is
    // not token68 could forge a header line or run code after `eval`.
    if !crate::token::is_token68(access) || !crate::token::is_token68(&token.token_type) {
        return Err(Error::unavailable(
            "the access token or its token_type holds characters a bearer token cannot hold; refusing to print it",
        ));
    }
    Ok(match format {
        Format::Token => format!("{access}\n"),
        Format::Header => format!("Authorization: Bearer {access}\n"),
        Format::Env => format!("export PBI_TOKEN='{}'\n", access.replace('\'', r"'\''")),
        Format::Json => pretty(&Value::Object(json_fields(token, profile, cached, now))),
        Format::Claims => {
            let decoded = crate::jwt::decode(access).map_err(|why| {
                Error::new(ExitCode::Failure, format!("cannot show claims: {why}"))
                    .with_hint("the authority issued an opaque token; use -o token or -o json")
            })?;
            pretty(&decoded.claims)
        }
    })
}

/// The `-o json` object: SPEC.md's fields first, then whatever else the
/// endpoint returned (never a refresh or id token: a parsed response never
/// keeps them in `extra`, and a cache file that does is skipped here).
pub fn json_fields(token: &Token, profile: &Profile, cached: bool, now: i64) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("access_token".into(), token.access_token.expose().into());
    out.insert("token_type".into(), token.token_type.clone().into());
    out.insert("expires_on".into(), token.expires_on.into());
    out.insert("expires_at".into(), rfc3339(token.expires_on).into());
    out.insert("expires_in".into(), token.expires_in(now).max(0).into());
    // Some methods ask for a resource whatever the endpoint setting says.
    let by_resource = crate::credential::method(profile.auth).by_resource;
    match (profile.endpoint, by_resource) {
        (Endpoint::V1, _) | (_, true) => {
            let resource = token
                .extra
                .get("resource")
                .cloned()
                .unwrap_or_else(|| profile.resource.clone().into());
            out.insert("resource".into(), resource);
        }
        (Endpoint::V2, false) => {
            let scope = token
                .extra
                .get("scope")
                .cloned()
                .unwrap_or_else(|| profile.scope.clone().into());
            out.insert("scope".into(), scope);
        }
    }
    out.insert("tenant".into(), profile.tenant.clone().into());
    out.insert("client_id".into(), profile.client_id.clone().into());
    out.insert("profile".into(), profile.name.clone().into());
    out.insert("cached".into(), cached.into());
    // The method used (for `auto`, the one the chain chose): after the
    // fields SPEC lists in order, among the others.
    out.insert("auth".into(), profile.auth.name().into());
    for (k, v) in &token.extra {
        if !out.contains_key(k) && !crate::token::NEVER_SHOWN.contains(&k.as_str()) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}
