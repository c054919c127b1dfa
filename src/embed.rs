//! Embed tokens (app owns data): the end of the WireBootstrap sample's
//! flow. An access token from [`crate::acquire`], then through the one
//! Power BI client: each report's lookup (dataset, embed URL), the datasets'
//! row-level security when `--identity` is given, and the multi-resource
//! `POST /v1.0/myorg/GenerateToken`.
//!
//! Embed tokens are cached as access tokens are, in a key space of their
//! own (the cache folder's `embed/`): keyed by the profile's cache key and
//! everything in the request, 0600 files written atomically, one request
//! between concurrent callers of the same key.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use crate::cache::{self, Cache, Key};
use crate::credential::{self, CredentialOptions};
use crate::error::{Error, ExitCode};
use crate::powerbi::{Client, Reply};
use crate::profile::Profile;
use crate::secret::Secret;
use crate::shape::is_guid;

const ENTRY_VERSION: u32 = 1;

/// What an embed token is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbedRequest {
    /// `--workspace`.
    pub workspace: String,
    /// `--report`, in order.
    pub reports: Vec<String>,
    /// `--dataset`: datasets besides the reports' own.
    pub datasets: Vec<String>,
    /// `--identity`.
    pub identities: Vec<Identity>,
    /// `--lifetime` in minutes.
    pub lifetime: Option<u32>,
    /// `--edit`.
    pub edit: bool,
}

/// An effective identity for row-level security: `USER[:ROLE,ROLE]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The user name the dataset's roles filter on.
    pub username: String,
    /// The roles to apply.
    pub roles: Vec<String>,
}

impl std::str::FromStr for Identity {
    type Err = String;

    fn from_str(s: &str) -> Result<Identity, String> {
        let (user, roles) = match s.split_once(':') {
            Some((u, r)) => (u, Some(r)),
            None => (s, None),
        };
        if user.trim().is_empty() {
            return Err("the identity has no user name: give USER[:ROLE,ROLE]".into());
        }
        let roles: Vec<String> = match roles {
            None => Vec::new(),
            Some(r) => r.split(',').map(|r| r.trim().to_owned()).collect(),
        };
        if roles.iter().any(String::is_empty) {
            return Err("an empty role: give USER[:ROLE,ROLE]".into());
        }
        if s.chars().any(char::is_control) {
            return Err("the identity holds a control character".into());
        }
        Ok(Identity {
            username: user.trim().to_owned(),
            roles,
        })
    }
}

/// A report the token opens, as Power BI described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInfo {
    /// The report id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The URL powerbi-client loads.
    #[serde(rename = "embedUrl")]
    pub embed_url: String,
    /// Its dataset.
    #[serde(rename = "datasetId")]
    pub dataset_id: String,
}

/// An embed token and what it opens.
#[derive(Debug, Clone)]
pub struct EmbedToken {
    /// The token.
    pub token: Secret,
    /// `tokenId` as returned.
    pub token_id: String,
    /// `expiration` as returned (RFC 3339).
    pub expiration: String,
    /// `expiration` in Unix seconds.
    pub expires_on: i64,
    /// The reports, in the request's order.
    pub reports: Vec<ReportInfo>,
}

/// How embed tokens are fetched: the access token's road and the cache.
pub struct Fetch<'a> {
    /// The resolved profile.
    pub profile: &'a Profile,
    /// `--no-cache` ([`CachePolicy::NoCache`]) or `--min-validity`; the
    /// access token is cached with the same policy.
    pub cache: CachePolicy,
    /// Where the cache is; `None`: as for `token`.
    pub cache_at: Option<Cache>,
    /// For building the credential when the access token is not cached.
    pub credential: CredentialOptions,
    /// The HTTP client.
    pub transport: TransportSource<'a>,
}

/// The request's checks that need no network: ids shaped as Power BI's,
/// and My workspace named as such.
pub fn validate(req: &EmbedRequest) -> Result<(), Error> {
    let ws = req.workspace.trim();
    if ["me", "myorg", "my workspace", "my-workspace"]
        .iter()
        .any(|m| ws.eq_ignore_ascii_case(m))
    {
        return Err(
            Error::usage("embed tokens cannot be generated for My workspace")
                .with_hint(MY_WORKSPACE_HINT),
        );
    }
    let check = |what: &str, id: &str| {
        if is_guid(id) {
            Ok(())
        } else {
            Err(Error::usage(format!(
                "{what} is not a Power BI id (a GUID): {}",
                crate::shape::shorten(&crate::error::one_line(id), 60)
            ))
            .with_hint(
                "copy the id from the item's URL in Power BI: .../groups/WORKSPACE/reports/REPORT",
            ))
        }
    };
    check("--workspace", ws)?;
    if req.reports.is_empty() {
        return Err(Error::usage("give at least one --report ID"));
    }
    for r in &req.reports {
        check("--report", r)?;
    }
    for d in &req.datasets {
        check("--dataset", d)?;
    }
    Ok(())
}

/// An embed token for `req`, and whether it came from the cache.
pub fn fetch(
    f: &Fetch<'_>,
    req: &EmbedRequest,
    warn: &mut dyn FnMut(&str),
) -> Result<(EmbedToken, bool), Error> {
    validate(req)?;
    let min_validity = match f.cache {
        CachePolicy::Use { min_validity, .. } => Some(min_validity),
        CachePolicy::NoCache | CachePolicy::Bypass => None,
    };
    // Embed tokens live in the cache folder's `embed/`, under the same
    // protocol as access tokens.
    let store = min_validity
        .and_then(|_| acquire::usable_cache(f.cache_at.clone(), warn))
        .map(|c| Cache::at(c.dir().join("embed")));
    let kept = Kept {
        id: key_id(f.profile, req)?,
        profile: &f.profile.name,
        min_validity: min_validity.unwrap_or(0),
    };
    let wait = f
        .transport
        .get()
        .map_or(Duration::from_secs(30), |t| t.timeout());
    acquire::through_cache(
        &kept,
        store.as_ref(),
        true,
        wait,
        |_, warn| generate(f, req, warn),
        warn,
    )
}

/// Embed tokens, under their profile's key and the request.
struct Kept<'p> {
    id: String,
    profile: &'p str,
    min_validity: u64,
}

impl acquire::Kept for Kept<'_> {
    type Entry = EmbedToken;
    type Value = EmbedToken;
    const LABEL: &'static str = "embed cache";

    fn read(&self, store: &Cache) -> Option<EmbedToken> {
        read(store, &self.id)
    }

    fn fresh(&self, t: &EmbedToken) -> bool {
        fresh(t, self.min_validity)
    }

    fn value(&self, t: EmbedToken) -> EmbedToken {
        t
    }

    fn lock(&self, store: &Cache, wait: Duration) -> cache::LockGuard {
        store.lock_id(&self.id, wait)
    }

    fn write(&self, store: &Cache, t: &EmbedToken, lock: &cache::LockGuard) -> std::io::Result<()> {
        write(store, &self.id, self.profile, t, lock)
    }
}

/// Asks Power BI: the access token, the reports, the datasets' row-level
/// security when identities are given, then GenerateToken.
fn generate(
    f: &Fetch<'_>,
    req: &EmbedRequest,
    warn: &mut dyn FnMut(&str),
) -> Result<EmbedToken, Error> {
    let transport = f.transport.get()?;
    let (access, _) = acquire::acquire(
        &acquire::Request {
            profile: f.profile,
            cache: f.cache,
            cache_at: f.cache_at.clone(),
            credential: CredentialSource::Build(f.credential.clone()),
            transport: TransportSource::ready(transport),
        },
        warn,
    )?;
    let client = Client::new(transport, f.profile, &access);
    let ws = req.workspace.trim().to_ascii_lowercase();
    let mut reports = Vec::new();
    for id in &req.reports {
        let endpoint = format!("groups/{ws}/reports/{}", id.to_ascii_lowercase());
        let body = json_answer(&client, &endpoint, client.get(&endpoint)?)?;
        let text = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
        let info = ReportInfo {
            id: text("id"),
            name: text("name"),
            embed_url: text("embedUrl"),
            dataset_id: text("datasetId"),
        };
        if info.id.is_empty() || info.embed_url.is_empty() {
            return Err(Error::unavailable(format!(
                "Power BI's answer for report {id} has no id or embedUrl"
            )));
        }
        reports.push(info);
    }
    let mut datasets: Vec<String> = Vec::new();
    for d in reports
        .iter()
        .map(|r| r.dataset_id.to_ascii_lowercase())
        .chain(req.datasets.iter().map(|d| d.to_ascii_lowercase()))
    {
        if !d.is_empty() && !datasets.contains(&d) {
            datasets.push(d);
        }
    }
    let mut identities = Vec::new();
    if !req.identities.is_empty() {
        let mut rls = Vec::new();
        for d in &datasets {
            let endpoint = format!("groups/{ws}/datasets/{d}");
            let body = json_answer(&client, &endpoint, client.get(&endpoint)?)?;
            if body["isEffectiveIdentityRequired"].as_bool() == Some(true) {
                rls.push(d.clone());
            }
        }
        if rls.is_empty() {
            return Err(Error::usage(
                "--identity was given, but no dataset of this request uses row-level security",
            )
            .with_hint(NO_RLS_HINT));
        }
        for i in &req.identities {
            let mut identity = json!({"username": i.username, "datasets": rls});
            if !i.roles.is_empty() {
                identity["roles"] = json!(i.roles);
            }
            identities.push(identity);
        }
    }
    let mut body = Map::new();
    body.insert(
        "reports".into(),
        Value::Array(
            reports
                .iter()
                .map(|r| {
                    let mut v = json!({"id": r.id});
                    if req.edit {
                        v["allowEdit"] = Value::Bool(true);
                    }
                    v
                })
                .collect(),
        ),
    );
    body.insert(
        "datasets".into(),
        Value::Array(datasets.iter().map(|d| json!({"id": d})).collect()),
    );
    if req.edit {
        body.insert("targetWorkspaces".into(), json!([{"id": ws}]));
    }
    if !identities.is_empty() {
        body.insert("identities".into(), Value::Array(identities));
    }
    if let Some(minutes) = req.lifetime {
        body.insert("lifetimeInMinutes".into(), json!(minutes));
    }
    let endpoint = "GenerateToken";
    let reply = client.post_json(endpoint, &Value::Object(body))?;
    let answer = json_answer(&client, endpoint, reply)?;
    let token = answer["token"].as_str().unwrap_or_default();
    let expiration = answer["expiration"].as_str().unwrap_or_default();
    let expires_on = parse_expiration(expiration);
    if token.is_empty() || !crate::token::is_token68(token) || expires_on.is_none() {
        return Err(Error::unavailable(
            "Power BI's GenerateToken answer has no usable token or expiration",
        ));
    }
    let token = Secret::new(token);
    Ok(EmbedToken {
        token,
        token_id: answer["tokenId"].as_str().unwrap_or_default().to_owned(),
        expiration: expiration.to_owned(),
        expires_on: expires_on.unwrap_or_default(),
        reports,
    })
}

/// The JSON of a successful answer; a refusal becomes its error, with the
/// embed hints first and `api`'s after.
fn json_answer(client: &Client<'_>, endpoint: &str, reply: Reply) -> Result<Value, Error> {
    let resp = &reply.response;
    if !(200..300).contains(&resp.status) {
        let path = url::Url::parse(&client.url(endpoint))
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        let mut err = crate::api::errors::http_error(
            resp.status,
            &resp.headers,
            &resp.body,
            &crate::api::errors::Context {
                path: &path,
                token_audience: None,
                expected_audience: None,
            },
        );
        if err.notes.is_empty() {
            err.notes.push(format!("request id: {}", reply.request_id));
        }
        if let Some(hint) = embed_hint(&err.message) {
            err.hint = Some(hint.to_owned());
        }
        return Err(err);
    }
    serde_json::from_slice(crate::api::strip_bom(&resp.body)).map_err(|_| {
        Error::unavailable(format!(
            "Power BI answered {endpoint} with something that is not JSON: {}",
            resp.snippet()
        ))
    })
}

const MY_WORKSPACE_HINT: &str = "My workspace cannot be embedded from: move the report (and its dataset) to a workspace on a Premium, Embedded or Fabric capacity and give that workspace's id";
const CAPACITY_HINT: &str = "embedding for customers needs the workspace on a Premium, Embedded or Fabric capacity: assign one in the workspace's settings (License info), or ask a capacity admin";
const NEEDS_IDENTITY_HINT: &str = "the dataset uses row-level security: give --identity USER[:ROLE,...] (the user name the roles filter on, and the roles to apply)";
const NO_RLS_HINT: &str = "Power BI refuses an effective identity for a dataset without row-level security: drop --identity, or embed a report whose dataset defines roles";

/// The hint for what GenerateToken says, for the refusals embedding meets.
fn embed_hint(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if m.contains("my workspace") {
        Some(MY_WORKSPACE_HINT)
    } else if m.contains("capacity") {
        Some(CAPACITY_HINT)
    } else if m.contains("shouldn't have effective identity")
        || m.contains("should not have effective identity")
    {
        Some(NO_RLS_HINT)
    } else if m.contains("requires effective identity") {
        Some(NEEDS_IDENTITY_HINT)
    } else {
        None
    }
}

/// `expiration` (RFC 3339) in Unix seconds.
pub fn parse_expiration(s: &str) -> Option<i64> {
    s.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

fn fresh(t: &EmbedToken, min_validity: u64) -> bool {
    i128::from(t.expires_on) - i128::from(crate::token::now()) >= i128::from(min_validity)
}

/// The cache key: the profile's own cache key and everything that changes
/// the embed token.
fn key_id(profile: &Profile, req: &EmbedRequest) -> Result<String, Error> {
    let access_key = Key::new(profile, credential::cache_identity(profile)?.as_deref());
    let mut h = Sha256::new();
    h.update(b"pbitoken embed key v1\0");
    let mut reports: Vec<String> = req.reports.iter().map(|r| r.to_ascii_lowercase()).collect();
    reports.sort();
    reports.dedup();
    let mut datasets: Vec<String> = req
        .datasets
        .iter()
        .map(|d| d.to_ascii_lowercase())
        .collect();
    datasets.sort();
    datasets.dedup();
    let identities = serde_json::to_string(&req.identities).unwrap_or_default();
    let lifetime = req.lifetime.map(|l| l.to_string()).unwrap_or_default();
    let parts = [
        access_key.id().to_owned(),
        profile.api_base.trim_end_matches('/').to_owned(),
        req.workspace.trim().to_ascii_lowercase(),
        reports.join(","),
        datasets.join(","),
        identities,
        lifetime,
        req.edit.to_string(),
    ];
    for p in &parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    Ok(h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// What one embed cache file holds.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    version: u32,
    profile: String,
    token: String,
    #[serde(rename = "tokenId")]
    token_id: String,
    expiration: String,
    expires_on: i64,
    reports: Vec<ReportInfo>,
}

fn path(store: &Cache, id: &str) -> PathBuf {
    store.dir().join(format!("{id}.json"))
}

/// The entry of `id`; anything odd is a miss.
fn read(store: &Cache, id: &str) -> Option<EmbedToken> {
    let bytes = cache::read_private(&path(store, id))?;
    let e: Entry = serde_json::from_slice(&bytes).ok()?;
    let sane = e.version == ENTRY_VERSION
        && crate::token::is_token68(&e.token)
        && parse_expiration(&e.expiration).is_some();
    sane.then(|| EmbedToken {
        // A file can claim anything: the earlier of its two expiries.
        expires_on: e
            .expires_on
            .min(parse_expiration(&e.expiration).unwrap_or(e.expires_on)),
        token: Secret::new(e.token),
        token_id: e.token_id,
        expiration: e.expiration,
        reports: e.reports,
    })
}

fn write(
    store: &Cache,
    id: &str,
    profile: &str,
    t: &EmbedToken,
    _lock: &cache::LockGuard,
) -> std::io::Result<()> {
    crate::private::create_private_dir(store.dir())?;
    let entry = Entry {
        version: ENTRY_VERSION,
        profile: profile.to_owned(),
        token: t.token.expose().to_owned(),
        token_id: t.token_id.clone(),
        expiration: t.expiration.clone(),
        expires_on: t.expires_on,
        reports: t.reports.clone(),
    };
    let bytes = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
    crate::private::write_atomic(store.dir(), &path(store, id), &bytes)
}

/// `-o` of `embed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The embed token and a newline.
    #[default]
    Token,
    /// The token, its expiry and the reports.
    Json,
    /// What a page hands to powerbi-client's `powerbi.embed()`.
    Config,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 3] = [Format::Token, Format::Json, Format::Config];

    /// The `-o` name.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Token => "token",
            Format::Json => "json",
            Format::Config => "config",
        }
    }
}

/// `-o json`'s object.
pub fn json(t: &EmbedToken, cached: bool, now: i64) -> Value {
    json!({
        "token": t.token.expose(),
        "tokenId": t.token_id,
        "expiration": t.expiration,
        "expires_on": t.expires_on,
        "expires_at": crate::time::rfc3339(t.expires_on),
        "expires_in": t.expires_on.saturating_sub(now),
        "cached": cached,
        "reports": t.reports,
    })
}

/// `-o config`'s object for the token's first report (the one of
/// `report`, when given).
pub fn config(t: &EmbedToken, report: Option<&str>) -> Option<Value> {
    let r = match report {
        Some(id) => t.reports.iter().find(|r| r.id.eq_ignore_ascii_case(id))?,
        None => t.reports.first()?,
    };
    Some(json!({
        "config": {
            "type": "report",
            "id": r.id,
            "embedUrl": r.embed_url,
            "accessToken": t.token.expose(),
            "tokenType": 1,
        },
        "expiration": t.expiration,
        "expires_on": t.expires_on,
    }))
}

/// Renders the token in the chosen format, newline included.
pub fn render(format: Format, t: &EmbedToken, cached: bool, now: i64) -> Result<String, Error> {
    let pretty = |v: &Value| {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into());
        s.push('\n');
        s
    };
    Ok(match format {
        Format::Token => format!("{}\n", t.token.expose()),
        Format::Json => pretty(&json(t, cached, now)),
        Format::Config => {
            pretty(&config(t, None).ok_or_else(|| {
                Error::new(ExitCode::Failure, "Power BI's answer named no report")
            })?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_parse() {
        let i: Identity = "alice@contoso.com:Region,Manager".parse().unwrap();
        assert_eq!(i.username, "alice@contoso.com");
        assert_eq!(i.roles, vec!["Region", "Manager"]);
        let i: Identity = "bob".parse().unwrap();
        assert!(i.roles.is_empty());
        for bad in ["", ":Region", "bob:", "bob:a,,b", " :x", "bob:a\u{1b}"] {
            assert!(bad.parse::<Identity>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn expirations_parse() {
        assert_eq!(parse_expiration("2021-05-27T04:23:49Z"), Some(1622089429));
        assert_eq!(
            parse_expiration("2021-05-27T04:23:49.123+00:00"),
            Some(1622089429)
        );
        assert_eq!(parse_expiration("tomorrow"), None);
    }

    #[test]
    fn hints_match_what_generate_token_says() {
        assert_eq!(
            embed_hint("Creating embed token for accessing dataset x requires effective identity to be provided"),
            Some(NEEDS_IDENTITY_HINT)
        );
        assert_eq!(
            embed_hint(
                "Creating embed token for accessing dataset x shouldn't have effective identity"
            ),
            Some(NO_RLS_HINT)
        );
        assert_eq!(
            embed_hint("... requires the workspace to be on a dedicated capacity."),
            Some(CAPACITY_HINT)
        );
        assert_eq!(
            embed_hint("not supported for My workspace"),
            Some(MY_WORKSPACE_HINT)
        );
        assert_eq!(embed_hint("Power BI answered 404"), None);
    }

    #[test]
    fn my_workspace_and_malformed_ids_are_refused_before_any_request() {
        let mut req = EmbedRequest {
            workspace: "me".into(),
            reports: vec!["9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d01".into()],
            ..EmbedRequest::default()
        };
        let e = validate(&req).unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
        assert_eq!(e.hint.as_deref(), Some(MY_WORKSPACE_HINT));
        req.workspace = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c01".into();
        assert!(validate(&req).is_ok());
        req.reports.push("../groups".into());
        assert_eq!(validate(&req).unwrap_err().code, ExitCode::Usage);
    }
}
