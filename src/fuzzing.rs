//! Entry points of the fuzz targets in `fuzz/`, shared with
//! `tests/fuzz_regressions.rs`, which replays the committed seeds and every
//! input that once broke something, so both run exactly this code.
//!
//! Each function takes arbitrary bytes, hands them to the real parser, then
//! to what consumes the parser's result in pbitoken (profile resolution,
//! output formats, the cache, error rendering). It panics only when
//! pbitoken breaks a promise: bad input must give an error or a cache miss,
//! never a panic, and what pbitoken prints must keep the shape SPEC.md
//! gives it.

use std::path::PathBuf;
use std::sync::OnceLock;

use reqwest::header::HeaderMap;
use serde_json::{Map, Value};

use crate::aad::AadError;
use crate::cache::{self, Key};
use crate::config::{self, LoadedConfig};
use crate::endpoint::Endpoint;
use crate::error;
use crate::http::Response;
use crate::output::{self, Format};
use crate::profile::{self, Overrides, Profile};
use crate::secret::{self, Secret};
use crate::token::{self, Token};

/// A fuzz target's entry point: any bytes in, a panic only for a bug.
pub type Target = fn(&[u8]);

/// Every target by name: `fuzz/fuzz_targets/NAME.rs` calls the function,
/// and its seeds live in `fuzz/seeds/NAME/`.
pub const TARGETS: [(&str, Target); 5] = [
    ("config", config),
    ("token_response", token_response),
    ("aad_error", aad_error),
    ("jwt", jwt),
    ("cache_entry", cache_entry),
];

const TENANT: &str = "0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6";
const CLIENT: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a01";
const TOKEN_URL: &str = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token";

/// A config file: parse it, then resolve every profile it holds (and the
/// default one, and one it does not hold) with a few sets of flags.
pub fn config(data: &[u8]) {
    secret::forget_all();
    let text = String::from_utf8_lossy(data);
    let Ok(file) = config::parse(&text) else {
        return;
    };
    let mut names: Vec<Option<String>> = file.profiles.keys().cloned().map(Some).collect();
    names.push(None);
    names.push(Some("not-in-the-file".into()));
    let loaded = LoadedConfig {
        path: PathBuf::from("fuzz/config.toml"),
        file,
    };
    for name in &names {
        for flags in overrides() {
            if let Ok(profile) = profile::resolve(Some(&loaded), name.as_deref(), &flags) {
                check_profile(&profile);
            }
        }
    }
}

/// A token endpoint's answer: parse it as a success, then show the token
/// every way `pbitoken token` can, keep it in a cache entry and read that
/// back; and treat the same body as the answer to a failed request.
pub fn token_response(data: &[u8]) {
    secret::forget_all();
    let before = token::now();
    if let Ok(token) = token::parse(data) {
        let after = token::now();
        assert!(!token.access_token.is_empty(), "empty access token");
        assert!(token.token_type.eq_ignore_ascii_case("bearer"));
        // The answer's lifetime, or the JWT's own `exp` when that is earlier.
        let exp = token::valid_until(token.access_token.expose(), i64::MAX);
        assert!(
            (token.expires_on > before || token.expires_on == exp)
                && token.expires_on <= after + 366 * 24 * 3600,
            "expires_on {} out of range",
            token.expires_on
        );
        for never in ["access_token", "refresh_token", "id_token"] {
            assert!(!token.extra.contains_key(never), "{never} kept in extra");
        }
        show(&token, after);
        let profile = &profiles()[0];
        let key = Key::new(profile, None);
        let bytes = cache::Entry::new(&key, &profile.name, &token)
            .to_bytes()
            .expect("an entry serialises");
        let entry = cache::parse_entry(&bytes).expect("a written entry reads back");
        assert_eq!(entry.access_token, token.access_token.expose());
        assert_eq!(entry.expires_on, token.expires_on);
    }
    for status in [200, 302, 400, 401, 500] {
        let resp = Response {
            status,
            headers: HeaderMap::new(),
            body: data.to_vec(),
        };
        if let Err(e) = token::token_from_response(&resp, TOKEN_URL) {
            check_rendered(&error::render(&anyhow::Error::new(e)));
        }
    }
}

/// An authority's error body: parse it, then everything an error report
/// makes of it, rendered as pbitoken prints it.
pub fn aad_error(data: &[u8]) {
    secret::forget_all();
    let Some(aad) = AadError::parse(data) else {
        return;
    };
    let _ = aad.code();
    let _ = aad.summary();
    let _ = aad.exit_code();
    for status in [400, 401, 403, 429, 500] {
        check_rendered(&error::render(&anyhow::Error::new(aad.to_error(status))));
    }
}

/// An access token: decode it as a JWT, show its claims (`-o claims`) and
/// compare them with a profile as `check` does.
pub fn jwt(data: &[u8]) {
    secret::forget_all();
    let text = String::from_utf8_lossy(data);
    if let Ok(decoded) = crate::jwt::decode(&text) {
        assert!(decoded.header.is_object() && decoded.claims.is_object());
    }
    let now = token::now();
    let token = Token {
        access_token: Secret::new(text.into_owned()),
        token_type: "Bearer".into(),
        expires_on: now + 3600,
        refresh_token: None,
        id_token: None,
        extra: Map::new(),
    };
    for profile in profiles() {
        let _ = output::render(Format::Claims, &token, profile, false, now);
        let _ = crate::check::claims::check(&token, profile, Some(TENANT));
    }
}

/// A cache entry file: parse it, decide whether it is fresh, show the
/// token it holds, and write it back.
pub fn cache_entry(data: &[u8]) {
    secret::forget_all();
    let Some(entry) = cache::parse_entry(data) else {
        return;
    };
    let now = token::now();
    for min_validity in [0, 300, i64::MAX as u64, u64::MAX] {
        let until = entry.valid_until();
        assert!(until <= entry.expires_on);
        let left = i128::from(until) - i128::from(now);
        assert_eq!(
            entry.is_fresh(now, min_validity),
            left >= i128::from(min_validity),
            "is_fresh wrong for expires_on {} and min_validity {min_validity}",
            entry.expires_on
        );
    }
    let _ = output::rfc3339(entry.expires_on);
    show(&entry.token(), now);
    let bytes = entry.to_bytes().expect("an entry serialises");
    let again = cache::parse_entry(&bytes).expect("a re-written entry reads back");
    assert_eq!(again.expires_on, entry.expires_on);
}

/// The flags a profile is resolved with: none, the ids, and ones that
/// change every derived value.
fn overrides() -> [Overrides; 4] {
    [
        Overrides::default(),
        Overrides {
            tenant: Some("contoso.onmicrosoft.com".into()),
            client_id: Some(CLIENT.into()),
            ..Default::default()
        },
        Overrides {
            auth: Some("password".into()),
            username: Some("alice@contoso.com".into()),
            endpoint: Some("v1".into()),
            cloud: Some("china".into()),
            ..Default::default()
        },
        Overrides {
            auth: Some("managed_identity".into()),
            authority_host: Some("http://127.0.0.1:8400/".into()),
            resource: Some("https://analysis.windows.net/powerbi/api".into()),
            scope: Some("https://analysis.windows.net/powerbi/api/.default".into()),
            ..Default::default()
        },
    ]
}

/// What is derived from a resolved profile. Its token URL must be the
/// authority's, with the tenant as one path segment: a value in the file
/// must not move the request elsewhere.
fn check_profile(profile: &Profile) {
    let _ = Key::new(profile, Some("credential-digest"));
    let _ = Key::new(profile, None);
    let _ = profile.target();
    let url = profile.token_url();
    if profile.token_endpoint.is_some() {
        return;
    }
    let parsed =
        url::Url::parse(&url).unwrap_or_else(|e| panic!("token URL {url:?} does not parse: {e}"));
    let tail = match profile.endpoint {
        Endpoint::V1 => "/oauth2/token",
        Endpoint::V2 => "/oauth2/v2.0/token",
    };
    assert!(
        parsed.path().ends_with(tail) && parsed.query().is_none() && parsed.fragment().is_none(),
        "token URL {url:?} from authority_host {:?}",
        profile.authority_host
    );
}

/// Every output format for a token, for a v1 and a v2 profile, and the
/// `check` claims step.
fn show(token: &Token, now: i64) {
    for profile in profiles() {
        for format in Format::ALL {
            for cached in [false, true] {
                let Ok(out) = output::render(format, token, profile, cached, now) else {
                    continue;
                };
                if format == Format::Json {
                    let value: Value = serde_json::from_str(&out).expect("-o json is JSON");
                    for never in ["refresh_token", "id_token"] {
                        assert!(value.get(never).is_none(), "-o json shows {never}");
                    }
                }
            }
        }
        let _ = crate::check::claims::check(token, profile, Some(TENANT));
    }
}

/// An error as pbitoken prints it: one `error: ` line, then only `hint: `
/// and id lines; no control character can forge another line or move the
/// cursor.
fn check_rendered(out: &str) {
    assert!(out.ends_with('\n'), "{out:?}");
    let mut lines = out.trim_end_matches('\n').split('\n');
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{out:?}");
    for line in lines {
        assert!(
            ["hint: ", "trace id: ", "correlation id: "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{out:?}"
        );
    }
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "control character in {out:?}"
    );
}

/// A v2 and a v1 profile, resolved once.
fn profiles() -> &'static [Profile; 2] {
    static PROFILES: OnceLock<[Profile; 2]> = OnceLock::new();
    PROFILES.get_or_init(|| {
        let text = format!(
            "[profiles.v2]\ntenant = \"{TENANT}\"\nclient_id = \"{CLIENT}\"\n\
             [profiles.v1]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\n\
             auth = \"password\"\nusername = \"alice@contoso.com\"\nendpoint = \"v1\"\n"
        );
        let loaded = LoadedConfig {
            path: PathBuf::from("fuzz/config.toml"),
            file: config::parse(&text).expect("the fixed profiles parse"),
        };
        ["v2", "v1"].map(|name| {
            profile::resolve(Some(&loaded), Some(name), &Overrides::default())
                .expect("the fixed profiles resolve")
        })
    })
}
