//! Flags + environment + config file -> one resolved [`Profile`].
//!
//! Nothing here reads a secret or touches the network: a profile says where
//! the secret is, and the credential reads it only when a request is made, so
//! a cached token never costs a secret lookup or a prompt.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::cloud::Cloud;
use crate::config::{LoadedConfig, ProfileConfig};
use crate::error::Error;
use crate::secret::Secret;
use crate::url_check::{check_base_url, check_url};

pub use crate::endpoint::Endpoint;
pub use crate::env::var as env_var;
pub use crate::method::AuthMethod;

/// The longest value a setting may have (URLs and paths included).
const MAX_VALUE_LEN: usize = 4096;

/// Env var choosing the profile.
pub const PROFILE_ENV: &str = "PBITOKEN_PROFILE";
/// Name given to the profile formed from `AZURE_*` variables.
pub const IMPLICIT_PROFILE: &str = "env";
/// Default IMDS endpoint for managed identity on VMs.
pub const DEFAULT_IMDS_ENDPOINT: &str = "http://169.254.169.254/metadata/identity/oauth2/token";

/// Where a profile's effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable, by name.
    Env(String),
    /// The profile in the config file.
    Profile,
    /// Derived or built in.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::Profile => f.write_str("profile"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// Where the client secret comes from, in the order they are tried.
#[derive(Debug, Clone)]
pub enum SecretSource {
    /// `client_secret` in the profile.
    Literal(Secret),
    /// `client_secret_env`: the named variable.
    Env(String),
    /// `client_secret_file`: the file's content, trimmed.
    File(PathBuf),
    /// None named: `AZURE_CLIENT_SECRET`.
    DefaultEnv,
}

/// The PROFILE FLAGS: single fields overridden for one call.
#[derive(Debug, Default, Clone)]
#[allow(missing_docs)]
pub struct Overrides {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub auth: Option<String>,
    pub username: Option<String>,
    pub cloud: Option<String>,
    pub resource: Option<String>,
    pub scope: Option<String>,
    pub endpoint: Option<String>,
    pub authority_host: Option<String>,
}

/// A fully resolved profile: every default applied, every value checked for
/// shape, no secret read yet.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The profile's name (`env` for the implicit environment profile).
    pub name: String,
    /// The config file it came from, if any.
    pub config_path: Option<PathBuf>,
    /// Tenant GUID, domain or `organizations`; absent only with `token_endpoint`,
    /// managed identity or the Azure CLI.
    pub tenant: Option<String>,
    /// Application (client) id.
    pub client_id: Option<String>,
    /// How to sign in.
    pub auth: AuthMethod,
    /// Username for the password grant (profile, flag or `AZURE_USERNAME`).
    pub username: Option<String>,
    /// Where the client secret is.
    pub secret: SecretSource,
    /// Whether the secret source was named explicitly (a confidential client
    /// sends it with the password grant too).
    pub secret_named: bool,
    /// Env var holding the password.
    pub password_env: Option<String>,
    /// PEM with certificate and key.
    pub certificate_file: Option<PathBuf>,
    /// Federated assertion file.
    pub federated_token_file: Option<PathBuf>,
    /// The national cloud.
    pub cloud: Cloud,
    /// v1 or v2 token endpoint.
    pub endpoint: Endpoint,
    /// The resource URI the token is for.
    pub resource: String,
    /// The v2 scope.
    pub scope: String,
    /// Authority host without a trailing slash.
    pub authority_host: String,
    /// A full token URL that replaces authority host + tenant.
    pub token_endpoint: Option<String>,
    /// Power BI REST base URL.
    pub api_base: String,
    /// Fabric REST base URL, if the profile's cloud has one or it is set.
    pub fabric_api_base: Option<String>,
    /// Managed identity endpoint for VMs.
    pub imds_endpoint: String,
    /// The loopback port browser sign-in listens on; `None`: a free one.
    pub redirect_port: Option<u16>,
    /// Where each key's value came from, for `config show`.
    pub sources: BTreeMap<&'static str, Source>,
}

impl Profile {
    /// The URL token requests go to.
    pub fn token_url(&self) -> String {
        if let Some(url) = &self.token_endpoint {
            return url.clone();
        }
        let tenant = encode_path_segment(
            self.tenant
                .as_deref()
                .unwrap_or(crate::shape::ORGANIZATIONS),
        );
        match self.endpoint {
            Endpoint::V1 => format!("{}/{}/oauth2/token", self.authority_host, tenant),
            Endpoint::V2 => format!("{}/{}/oauth2/v2.0/token", self.authority_host, tenant),
        }
    }

    /// Whether requests carry the client secret: always for a service
    /// principal with a secret, and for any method when the profile names
    /// a secret source (a confidential client).
    pub fn uses_client_secret(&self) -> bool {
        self.auth.always_sends_secret() || self.secret_named
    }

    /// What the token is for: the scope on v2, the resource on v1.
    pub fn target(&self) -> &str {
        match self.endpoint {
            Endpoint::V1 => &self.resource,
            Endpoint::V2 => &self.scope,
        }
    }
}

/// Percent-encodes everything but unreserved characters, so a tenant value
/// cannot change the path or add a query.
pub(crate) fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How the profile was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `--profile NAME` (or a NAME argument).
    Flag(String),
    /// `PBITOKEN_PROFILE`.
    Env(String),
    /// `default_profile` in the config file.
    Default(String),
    /// The implicit profile from the `AZURE_*` variables (or flags).
    Implicit,
}

impl Choice {
    /// The profile's name.
    pub fn name(&self) -> &str {
        match self {
            Choice::Flag(n) | Choice::Env(n) | Choice::Default(n) => n,
            Choice::Implicit => IMPLICIT_PROFILE,
        }
    }

    /// Where the choice came from, in `config show`'s words.
    pub fn source(&self) -> Source {
        match self {
            Choice::Flag(_) => Source::Flag,
            Choice::Env(_) => Source::Env(PROFILE_ENV.to_owned()),
            Choice::Default(_) | Choice::Implicit => Source::Default,
        }
    }
}

/// Which profile the order `--profile` > `PBITOKEN_PROFILE` >
/// `default_profile` > the implicit environment profile picks, if any; the
/// one place that order is written down.
pub fn choose(
    config: Option<&LoadedConfig>,
    profile_flag: Option<&str>,
    overrides: &Overrides,
) -> Result<Option<Choice>, Error> {
    if let Some(name) = profile_flag {
        return Ok(Some(Choice::Flag(name.to_owned())));
    }
    if let Some(name) = env_var(PROFILE_ENV)? {
        return Ok(Some(Choice::Env(name)));
    }
    if let Some(name) = config.and_then(|c| c.file.default_profile.clone()) {
        return Ok(Some(Choice::Default(name)));
    }
    let has = |flag: &Option<String>, env: &str| -> Result<bool, Error> {
        Ok(flag.is_some() || env_var(env)?.is_some())
    };
    let idless = overrides
        .auth
        .as_deref()
        .and_then(|a| a.parse::<AuthMethod>().ok())
        .is_some_and(|a| !a.needs_ids());
    let ids =
        has(&overrides.tenant, "AZURE_TENANT_ID")? && has(&overrides.client_id, "AZURE_CLIENT_ID")?;
    Ok((ids || idless).then_some(Choice::Implicit))
}

/// Picks the profile (flag > `PBITOKEN_PROFILE` > `default_profile` >
/// implicit environment profile) and resolves it with the overrides.
pub fn resolve(
    config: Option<&LoadedConfig>,
    profile_flag: Option<&str>,
    overrides: &Overrides,
) -> Result<Profile, Error> {
    let choice = choose(config, profile_flag, overrides)?;
    resolve_choice(config, choice, overrides)
}

/// Resolves the profile [`choose`] picked (`None`: none was chosen, an
/// error naming the ways to choose one) with the overrides.
pub fn resolve_choice(
    config: Option<&LoadedConfig>,
    choice: Option<Choice>,
    overrides: &Overrides,
) -> Result<Profile, Error> {
    match choice {
        Some(Choice::Implicit) => {
            return build(
                IMPLICIT_PROFILE.to_owned(),
                config.map(|c| c.path.as_path()),
                ProfileConfig::default(),
                overrides,
                Layer::Environment,
            )
        }
        Some(choice) => {
            let name = choice.name().to_owned();
            let Some((loaded, cfg)) =
                config.and_then(|c| c.file.profiles.get(&name).map(|p| (c, p)))
            else {
                let mut err = unknown_profile(&name, config);
                if let (Choice::Default(_), Some(c)) = (&choice, config) {
                    err.hint = Some(format!(
                        "default_profile in {} names it; fix it with `pbitoken config use NAME`",
                        c.path.display()
                    ));
                }
                return Err(err);
            };
            return build(
                name,
                Some(&loaded.path),
                cfg.clone(),
                overrides,
                Layer::File,
            );
        }
        None => {}
    }

    Err(match config {
        Some(c) if !c.file.profiles.is_empty() => Error::usage(format!(
            "no profile chosen; profiles in {}: {}",
            c.path.display(),
            crate::shape::name_list(c.file.profiles.keys())
        ))
        .with_hint(
            "pass --profile NAME, set PBITOKEN_PROFILE, or set default_profile with `pbitoken config use NAME`",
        ),
        Some(c) => Error::usage(format!("no profiles in {}", c.path.display()))
            .with_hint("create one with `pbitoken config init`, or set AZURE_TENANT_ID and AZURE_CLIENT_ID"),
        None => Error::usage(format!(
            "no profile: no config file{} and AZURE_TENANT_ID / AZURE_CLIENT_ID are not set",
            crate::config::default_path()
                .map(|p| format!(" at {}", p.display()))
                .unwrap_or_default()
        ))
        .with_hint("create one with `pbitoken config init`, or set AZURE_TENANT_ID and AZURE_CLIENT_ID"),
    })
}

fn unknown_profile(name: &str, config: Option<&LoadedConfig>) -> Error {
    let name = &crate::shape::shorten(name, 64);
    match config {
        Some(c) if !c.file.profiles.is_empty() => Error::usage(format!(
            "unknown profile '{}'; profiles in {}: {}",
            crate::shape::shorten(name, 64),
            c.path.display(),
            crate::shape::name_list(c.file.profiles.keys())
        )),
        Some(c) => Error::usage(format!(
            "unknown profile '{name}'; {} has no profiles",
            c.path.display()
        ))
        .with_hint(format!("create it with `pbitoken config init -p {name}`")),
        None => Error::usage(format!("unknown profile '{name}': there is no config file"))
            .with_hint(format!("create it with `pbitoken config init -p {name}`")),
    }
}

/// Whether the profile came from the config file or from `AZURE_*` alone;
/// environment defaults apply to both.
#[derive(Clone, Copy, PartialEq)]
enum Layer {
    File,
    Environment,
}

/// First value found among flag, profile and env vars, with its source.
struct Picker<'a> {
    sources: &'a mut BTreeMap<&'static str, Source>,
}

impl Picker<'_> {
    fn pick(
        &mut self,
        key: &'static str,
        flag: Option<&String>,
        profile: Option<&String>,
        envs: &[&str],
    ) -> Result<Option<String>, Error> {
        let picked = self.pick_any(key, flag, profile, envs)?;
        if let Some(v) = picked.as_ref().filter(|v| v.len() > MAX_VALUE_LEN) {
            // Never echoed: a value that long is a mistake, maybe a pasted file.
            return Err(Error::usage(format!(
                "{key}: the value is {} bytes long; no setting is longer than {MAX_VALUE_LEN}",
                v.len()
            ))
            .with_hint(format!(
                "check where {key} comes from with `pbitoken config show`"
            )));
        }
        Ok(picked)
    }

    fn pick_any(
        &mut self,
        key: &'static str,
        flag: Option<&String>,
        profile: Option<&String>,
        envs: &[&str],
    ) -> Result<Option<String>, Error> {
        if let Some(v) = flag.filter(|v| !v.is_empty()) {
            self.sources.insert(key, Source::Flag);
            return Ok(Some(v.clone()));
        }
        if let Some(v) = profile.filter(|v| !v.is_empty()) {
            self.sources.insert(key, Source::Profile);
            return Ok(Some(v.clone()));
        }
        for env in envs {
            if let Some(v) = env_var(env)? {
                self.sources.insert(key, Source::Env((*env).to_owned()));
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    fn default(&mut self, key: &'static str, value: impl Into<String>) -> String {
        self.sources.insert(key, Source::Default);
        value.into()
    }
}

fn build(
    name: String,
    config_path: Option<&Path>,
    p: ProfileConfig,
    o: &Overrides,
    layer: Layer,
) -> Result<Profile, Error> {
    let mut sources = BTreeMap::new();
    let mut pick = Picker {
        sources: &mut sources,
    };
    let field_err =
        |key: &str, msg: String| Error::usage(format!("profile '{name}': {key}: {msg}"));
    // In the implicit profile the AZURE_* variables are the profile; in a
    // file profile only the ones SPEC.md names as defaults apply.
    let env_if_implicit = |v: &'static str| -> Vec<&'static str> {
        if layer == Layer::Environment {
            vec![v]
        } else {
            vec![]
        }
    };

    let tenant = pick.pick(
        "tenant",
        o.tenant.as_ref(),
        p.tenant.as_ref(),
        &env_if_implicit("AZURE_TENANT_ID"),
    )?;
    let client_id = pick.pick(
        "client_id",
        o.client_id.as_ref(),
        p.client_id.as_ref(),
        &env_if_implicit("AZURE_CLIENT_ID"),
    )?;

    let auth = match pick.pick("auth", o.auth.as_ref(), p.auth.as_ref(), &[])? {
        Some(a) => a.parse::<AuthMethod>().map_err(|e| field_err("auth", e))?,
        None if layer == Layer::Environment => {
            let (method, var) = implicit_auth()?;
            pick.sources.insert(
                "auth",
                var.map_or(Source::Default, |v| Source::Env(v.to_owned())),
            );
            method
        }
        None => {
            pick.default("auth", AuthMethod::default().name());
            AuthMethod::default()
        }
    };

    let cloud = match pick.pick("cloud", o.cloud.as_ref(), p.cloud.as_ref(), &[])? {
        Some(c) => c.parse::<Cloud>().map_err(|e| field_err("cloud", e))?,
        None => {
            pick.default("cloud", "public");
            Cloud::Public
        }
    };
    let endpoint = match pick.pick("endpoint", o.endpoint.as_ref(), p.endpoint.as_ref(), &[])? {
        Some(e) => e
            .parse::<Endpoint>()
            .map_err(|e| field_err("endpoint", e))?,
        None => {
            pick.default("endpoint", "v2");
            Endpoint::V2
        }
    };

    let resource = pick
        .pick("resource", o.resource.as_ref(), p.resource.as_ref(), &[])?
        .unwrap_or_else(|| pick.default("resource", cloud.powerbi_resource()));
    let scope = pick
        .pick("scope", o.scope.as_ref(), p.scope.as_ref(), &[])?
        .unwrap_or_else(|| {
            pick.default(
                "scope",
                format!("{}/.default", resource.trim_end_matches('/')),
            )
        });
    let authority_host = pick
        .pick(
            "authority_host",
            o.authority_host.as_ref(),
            p.authority_host.as_ref(),
            &["AZURE_AUTHORITY_HOST"],
        )?
        .unwrap_or_else(|| pick.default("authority_host", cloud.authority_host()))
        .trim_end_matches('/')
        .to_owned();
    let token_endpoint = pick.pick("token_endpoint", None, p.token_endpoint.as_ref(), &[])?;
    let api_base = pick
        .pick("api_base", None, p.api_base.as_ref(), &[])?
        .unwrap_or_else(|| pick.default("api_base", cloud.api_base()))
        .trim_end_matches('/')
        .to_owned();
    let fabric_api_base = pick
        .pick("fabric_api_base", None, p.fabric_api_base.as_ref(), &[])?
        .or_else(|| {
            cloud
                .fabric_api_base()
                .map(|b| pick.default("fabric_api_base", b))
        })
        .map(|b| b.trim_end_matches('/').to_owned());
    let imds_endpoint = pick
        .pick(
            "imds_endpoint",
            None,
            p.imds_endpoint.as_ref(),
            &["PBITOKEN_IMDS_ENDPOINT"],
        )?
        .unwrap_or_else(|| pick.default("imds_endpoint", DEFAULT_IMDS_ENDPOINT));

    let redirect_port = pick
        .pick("redirect_port", None, p.redirect_port.as_ref(), &[])?
        .map(|v| crate::config::edit::parse_port(&v).map_err(|e| field_err("redirect_port", e)))
        .transpose()?;

    let username = pick.pick(
        "username",
        o.username.as_ref(),
        p.username.as_ref(),
        &["AZURE_USERNAME"],
    )?;
    let password_env = pick.pick("password_env", None, p.password_env.as_ref(), &[])?;
    let certificate_file = pick
        .pick(
            "certificate_file",
            None,
            p.certificate_file.as_ref(),
            &["AZURE_CLIENT_CERTIFICATE_PATH"],
        )?
        .map(|f| relative_to(config_path, &f));
    let federated_token_file = pick
        .pick(
            "federated_token_file",
            None,
            p.federated_token_file.as_ref(),
            &["AZURE_FEDERATED_TOKEN_FILE"],
        )?
        .map(|f| relative_to(config_path, &f));

    let (secret, secret_named) = if let Some(s) = p.client_secret.as_ref().filter(|s| !s.is_empty())
    {
        pick.sources.insert("client_secret", Source::Profile);
        (SecretSource::Literal(s.clone()), true)
    } else if let Some(var) = p.client_secret_env.as_ref().filter(|s| !s.is_empty()) {
        pick.sources
            .insert("client_secret", Source::Env(var.clone()));
        (SecretSource::Env(var.clone()), true)
    } else if let Some(file) = p.client_secret_file.as_ref().filter(|s| !s.is_empty()) {
        pick.sources.insert("client_secret", Source::Profile);
        (SecretSource::File(relative_to(config_path, file)), true)
    } else {
        if env_var("AZURE_CLIENT_SECRET")?.is_some() {
            pick.sources
                .insert("client_secret", Source::Env("AZURE_CLIENT_SECRET".into()));
        }
        (SecretSource::DefaultEnv, false)
    };

    check_base_url(&authority_host).map_err(|e| field_err("authority_host", e))?;
    check_base_url(&api_base).map_err(|e| field_err("api_base", e))?;
    if let Some(v) = &fabric_api_base {
        check_base_url(v).map_err(|e| field_err("fabric_api_base", e))?;
    }
    if let Some(v) = &token_endpoint {
        check_url(v).map_err(|e| field_err("token_endpoint", e))?;
    }
    check_url(&imds_endpoint).map_err(|e| field_err("imds_endpoint", e))?;

    let needs_ids = auth.needs_ids();
    if needs_ids && tenant.is_none() && token_endpoint.is_none() {
        return Err(field_err("tenant", "missing".into()).with_hint(
            "set tenant (a tenant GUID or verified domain) in the profile, pass --tenant, or set AZURE_TENANT_ID",
        ));
    }
    if needs_ids && client_id.is_none() {
        return Err(field_err("client_id", "missing".into()).with_hint(
            "set client_id (the application id) in the profile, pass --client-id, or set AZURE_CLIENT_ID",
        ));
    }
    if let Some(t) = &tenant {
        auth.allows_tenant(t).map_err(|e| field_err("tenant", e))?;
    }

    check_shapes(
        &name,
        pick.sources,
        &Shapes {
            tenant: tenant.as_deref(),
            client_id: client_id.as_deref(),
            username: username.as_deref().filter(|_| auth.takes_username()),
            resource: &resource,
            scope: &scope,
            other_server: token_endpoint.is_some(),
        },
    )?;

    Ok(Profile {
        name,
        config_path: config_path.map(Path::to_path_buf),
        tenant,
        client_id,
        auth,
        username,
        secret,
        secret_named,
        password_env,
        certificate_file,
        federated_token_file,
        cloud,
        endpoint,
        resource,
        scope,
        authority_host,
        token_endpoint,
        api_base,
        fabric_api_base,
        imds_endpoint,
        redirect_port,
        sources,
    })
}

/// The values [`check_shapes`] looks at.
struct Shapes<'a> {
    tenant: Option<&'a str>,
    client_id: Option<&'a str>,
    /// Only when it is used: `AZURE_USERNAME` may be set for another tool.
    username: Option<&'a str>,
    resource: &'a str,
    scope: &'a str,
    /// A `token_endpoint` profile: another OAuth server, other id shapes.
    other_server: bool,
}

/// Ids and targets must have a shape the server can accept before anything
/// is sent: a secret pasted into `client_id` would otherwise travel to the
/// authority and come back in its error. Entra ID's shapes (GUID client id;
/// GUID, domain or `organizations` tenant; `user@domain` username) apply
/// unless the profile names a `token_endpoint`, where any id of visible
/// ASCII characters is accepted. The values are never quoted: they may be
/// the secret that was pasted in the wrong place.
fn check_shapes(
    name: &str,
    sources: &BTreeMap<&'static str, Source>,
    v: &Shapes<'_>,
) -> Result<(), Error> {
    let bad = |key: &str, why: String, hint: &str| {
        let from = sources
            .get(key)
            .map(|s| match s {
                Source::Flag => format!(" (from --{})", key.replace('_', "-")),
                other => format!(" (from {other})"),
            })
            .unwrap_or_default();
        Error::usage(format!(
            "profile '{name}': {key}{from} {why}; the value is not shown, in case it is a secret"
        ))
        .with_hint(hint)
    };
    if let Some(t) = v.tenant {
        let ok = if v.other_server {
            is_visible_id(t)
        } else {
            crate::shape::is_tenant(t)
        };
        if !ok {
            return Err(bad(
                "tenant",
                format!("is not a tenant GUID, a domain like contoso.onmicrosoft.com, or organizations{}", what_is_wrong(t)),
                "use the Directory (tenant) ID from the app registration's Overview page, or the tenant's verified domain",
            ));
        }
    }
    if let Some(c) = v.client_id {
        if v.other_server && !is_visible_id(c) {
            return Err(bad(
                "client_id",
                format!("is not a client id{}", what_is_wrong(c)),
                "a client id is up to 256 visible ASCII characters: no spaces, quotes or control characters",
            ));
        }
        if !v.other_server && !crate::shape::is_guid(c) {
            return Err(bad(
                "client_id",
                format!("is not a GUID{}", what_is_wrong(c)),
                "use the app registration's Application (client) ID from its Overview page, a GUID like 11111111-2222-3333-4444-555555555555 (not the app's name, nor a secret)",
            ));
        }
    }
    if let Some(u) = v.username {
        let ok = if v.other_server {
            is_visible_id(u)
        } else {
            crate::shape::is_upn(u) && is_visible_id(u)
        };
        if !ok {
            return Err(bad(
                "username",
                format!(
                    "is not a user principal name like alice@contoso.com{}",
                    what_is_wrong(u)
                ),
                "set username to the account's sign-in name, user@domain",
            ));
        }
    }
    for (key, value) in [("resource", v.resource), ("scope", v.scope)] {
        if !is_target(value) || (!v.other_server && !is_entra_target(key, value)) {
            return Err(bad(
                key,
                format!("is not a URI or a list of scopes separated by single spaces{}", what_is_wrong(value)),
                "e.g. https://analysis.windows.net/powerbi/api (resource) or https://analysis.windows.net/powerbi/api/.default (scope)",
            ));
        }
    }
    Ok(())
}

/// Up to 256 visible ASCII characters other than quotes and `\`: what any
/// OAuth server's ids are made of, and nothing that can break a form field,
/// a header or a terminal line.
fn is_visible_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"'\\`".contains(&b))
}

/// A resource or scope: space-separated words (URIs, GUIDs, scope names),
/// each of visible ASCII.
fn is_target(s: &str) -> bool {
    s.len() <= 2048
        && !s.is_empty()
        && s.split(' ').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"'\\`<>{}|^".contains(&b))
        })
}

/// What Entra ID takes as a resource (a URI or an app id GUID) or a scope
/// (words that are each a URI, a GUID optionally followed by `/...`, or a
/// scope name such as `offline_access` or `User.Read`). A client secret
/// (`~`, `+`, `/`, `=` and the like without a scheme) is none of these, so
/// one pasted here is refused before it can travel to the authority and
/// come back in its error.
fn is_entra_target(key: &str, s: &str) -> bool {
    let is_uri = |w: &str| {
        w.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        })
    };
    let is_app_id = |w: &str| crate::shape::is_guid(w.split('/').next().unwrap_or(w));
    let is_name = |w: &str| {
        w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    if key == "resource" {
        return is_uri(s) || crate::shape::is_guid(s);
    }
    s.split(' ')
        .all(|w| is_uri(w) || is_app_id(w) || is_name(w))
}

/// What is wrong with a value, without showing it.
fn what_is_wrong(s: &str) -> &'static str {
    if s.chars().any(char::is_control) {
        ": it holds a control character"
    } else if s.chars().any(char::is_whitespace) {
        ": it holds a space"
    } else if !s.is_ascii() {
        ": it holds a character that is not ASCII"
    } else if s.len() > 256 {
        ": it is too long"
    } else {
        ""
    }
}

/// The method the `AZURE_*` variables imply, in azure-identity's order, and
/// the variable that decided it.
fn implicit_auth() -> Result<(AuthMethod, Option<&'static str>), Error> {
    Ok(if env_var("AZURE_CLIENT_SECRET")?.is_some() {
        (AuthMethod::ClientSecret, Some("AZURE_CLIENT_SECRET"))
    } else if env_var("AZURE_CLIENT_CERTIFICATE_PATH")?.is_some() {
        (
            AuthMethod::Certificate,
            Some("AZURE_CLIENT_CERTIFICATE_PATH"),
        )
    } else if env_var("AZURE_USERNAME")?.is_some() {
        (AuthMethod::Password, Some("AZURE_USERNAME"))
    } else if env_var("AZURE_FEDERATED_TOKEN_FILE")?.is_some() {
        (
            AuthMethod::WorkloadIdentity,
            Some("AZURE_FEDERATED_TOKEN_FILE"),
        )
    } else if env_var("ACTIONS_ID_TOKEN_REQUEST_URL")?.is_some()
        && env_var("ACTIONS_ID_TOKEN_REQUEST_TOKEN")?.is_some()
    {
        // A GitHub Actions job allowed an OIDC token: federate, no secret.
        (
            AuthMethod::WorkloadIdentity,
            Some("ACTIONS_ID_TOKEN_REQUEST_URL"),
        )
    } else {
        (AuthMethod::ClientSecret, None)
    })
}

/// Relative file paths in a config file are relative to the file's folder;
/// `~/` is the home folder.
fn relative_to(config_path: Option<&Path>, file: &str) -> PathBuf {
    if let Some(rest) = file.strip_prefix("~/") {
        if let Some(home) = directories::BaseDirs::new() {
            return home.home_dir().join(rest);
        }
    }
    let path = PathBuf::from(file);
    match config_path.and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_cannot_escape_the_path() {
        assert_eq!(encode_path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(
            encode_path_segment("contoso.onmicrosoft.com"),
            "contoso.onmicrosoft.com"
        );
    }
}
