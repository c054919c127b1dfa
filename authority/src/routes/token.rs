//! The token endpoints: `POST /{tenant}/oauth2/token` (v1) and
//! `POST /{tenant}/oauth2/v2.0/token` (v2), for the client credentials,
//! password (ROPC) and refresh token grants.
//!
//! Checks run in the order Entra appears to run them (tenant, grant type,
//! client, resource/scope, credentials, user), because a client's error
//! reporting is judged by which error it gets first.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::{authorize, device_code, resolve_tenant, Call, Form, TenantRef, Version};
use crate::context::RequestContext;
use crate::directory::{App, Tenant, User, UserState};
use crate::errors::AadError;
use crate::fixtures::KNOWN_RESOURCES;
use crate::http::{percent_decode, Request, Response};
use crate::state::{lock, RefreshGrant, State};
use crate::{assertion, ids, jwt};

/// The form of `client_assertion_type` for certificate and federated credentials.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Where a scope without a resource prefix (`User.Read`) points, as in Entra.
const GRAPH: &str = "https://graph.microsoft.com";
/// `nbf` lies this far before issue time, as in real tokens.
const NOT_BEFORE_SKEW: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    ClientCredentials,
    Password,
    RefreshToken,
    DeviceCode,
    AuthorizationCode,
}

/// How the client proved (or did not prove) who it is.
enum ClientCredential {
    None,
    Secret(String),
    Assertion {
        assertion_type: String,
        assertion: String,
    },
}

/// What the token is for.
struct Target {
    /// The resource as requested; becomes `aud` and v1's `resource`.
    resource: String,
    /// `<resource>/.default` asked for every consented permission.
    default: bool,
    /// Specific delegated permissions asked for (v2 `<resource>/<perm>`).
    permissions: Vec<String>,
    offline_access: bool,
    openid: bool,
}

/// `POST /{tenant}/oauth2/token`.
pub(crate) fn v1(state: &State, call: &Call) -> Response {
    answer(state, call, Version::V1)
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub(crate) fn v2(state: &State, call: &Call) -> Response {
    answer(state, call, Version::V2)
}

fn answer(state: &State, call: &Call, version: Version) -> Response {
    let ctx = &call.ctx;
    match issue(state, ctx, call.req, call.param("tenant"), version) {
        Ok(body) => ctx.json(200, &body),
        Err(e) => e.response(ctx),
    }
}

fn issue(
    state: &State,
    ctx: &RequestContext,
    req: &Request,
    tenant_segment: &str,
    version: Version,
) -> Result<Value, AadError> {
    let form = Form(req.form());
    let tenant_ref = resolve_tenant(&state.dir, tenant_segment)?;
    let grant = match form.require("grant_type")? {
        "client_credentials" => Grant::ClientCredentials,
        "password" => Grant::Password,
        "refresh_token" => Grant::RefreshToken,
        "urn:ietf:params:oauth:grant-type:device_code" | "device_code" => Grant::DeviceCode,
        "authorization_code" => Grant::AuthorizationCode,
        other => return Err(AadError::unsupported_grant_type(other)),
    };
    let (client_id, credential) = client_identity(req, &form)?;
    // A device code poll learns its user (or why not yet) first; v1 sends
    // the code as `code`, v2 as `device_code`, MSAL both.
    let device_user = match grant {
        Grant::DeviceCode => {
            let code = form
                .get("device_code")
                .or_else(|| form.get("code"))
                .ok_or_else(|| AadError::missing_parameter("device_code"))?;
            Some(device_code::redeem(state, code, &client_id)?)
        }
        _ => None,
    };
    // A browser sign-in's code says who signed in, where, and for what.
    let code_user = match grant {
        Grant::AuthorizationCode => Some(authorize::redeem(state, &form, &client_id)?),
        _ => None,
    };
    // Peeked now because it can decide the tenant and the v1 resource; it is
    // validated only after the client has authenticated.
    let refresh_grant = match grant {
        Grant::RefreshToken => form
            .get("refresh_token")
            .and_then(|rt| lock(&state.refresh_tokens).get(rt).cloned()),
        _ => None,
    };
    let tenant = match tenant_ref {
        TenantRef::Known(t) => t,
        _ if grant == Grant::AuthorizationCode => code_user
            .as_ref()
            .and_then(|c| state.dir.tenant(&c.tenant_id))
            .ok_or_else(AadError::no_tenant_information)?,
        TenantRef::Organizations if grant == Grant::Password => {
            let upn = form.require("username")?;
            state
                .dir
                .tenant_of_user(upn)
                .ok_or_else(|| AadError::user_not_found("organizations"))?
        }
        TenantRef::Organizations if grant == Grant::DeviceCode => device_user
            .as_ref()
            .and_then(|d| state.dir.tenant_of_user(&d.upn))
            .ok_or_else(|| AadError::user_not_found("organizations"))?,
        TenantRef::Organizations if grant == Grant::RefreshToken => {
            form.require("refresh_token")?;
            refresh_grant
                .as_ref()
                .and_then(|g| state.dir.tenant(&g.tenant_id))
                .ok_or_else(AadError::refresh_token_invalid)?
        }
        _ => return Err(AadError::no_tenant_information()),
    };
    let tenant_label = match tenant_ref {
        TenantRef::Known(_) => tenant_segment,
        _ => tenant.id.as_str(),
    };
    let app = tenant
        .app(&client_id)
        .ok_or_else(|| AadError::app_not_found(&client_id, tenant_label))?;
    if app.disabled {
        return Err(AadError::app_disabled(&app.client_id, &app.name));
    }
    let target = match version {
        Version::V2 => {
            if form.get("resource").is_some() {
                return Err(AadError::resource_not_supported());
            }
            // A device code poll may leave out the scope it started with.
            let scope = match (form.get("scope"), &device_user, &code_user) {
                (Some(s), _, _) => s,
                (None, Some(d), _) => d.target.as_str(),
                (None, None, Some(c)) => c.target.as_str(),
                (None, None, None) => form.require("scope")?,
            };
            v2_target(grant, scope)?
        }
        Version::V1 => {
            let resource = match (form.get("resource"), &refresh_grant, &device_user) {
                (Some(r), _, _) => r.to_string(),
                (None, Some(g), _) => g.resource.clone(),
                (None, None, Some(d)) => d.target.clone(),
                (None, None, None) => match &code_user {
                    Some(c) => c.target.clone(),
                    None => return Err(AadError::resource_missing()),
                },
            };
            Target {
                resource,
                default: true,
                permissions: Vec::new(),
                offline_access: true,
                openid: true,
            }
        }
    };
    if !is_known_resource(&target.resource)
        && !super::fabric::is_fabric_audience(&ctx.base_url, &target.resource)
    {
        return Err(AadError::resource_not_found(
            &target.resource,
            tenant_name(tenant),
        ));
    }
    let audiences = token_urls(&ctx.base_url, tenant_segment, tenant);
    let authenticate_client = |app: &App, credential: &ClientCredential, public_allowed: bool| {
        authenticate_client(app, credential, public_allowed, &audiences)
    };
    let issuer = Issuer {
        now: chrono::Utc::now().timestamp(),
        lifetime: state.lifetime(),
        base_url: &ctx.base_url,
        version,
        tenant,
        app,
    };
    match grant {
        Grant::ClientCredentials => {
            let acr = authenticate_client(app, &credential, false)?;
            let token = issuer.app_access_token(acr, &target.resource);
            Ok(issuer.body(None, &target.resource, token, None, None))
        }
        Grant::Password => {
            let username = form.require("username")?;
            let password = form.require("password")?;
            let acr = authenticate_client(app, &credential, true)?;
            let user = sign_in(tenant, username, password, &target.resource)?;
            let permissions = consented_permissions(app, &target)?;
            Ok(issuer.user_tokens(state, user, acr, &target, &permissions))
        }
        Grant::DeviceCode => {
            let acr = authenticate_client(app, &credential, true)?;
            let upn = device_user.map(|d| d.upn).unwrap_or_default();
            let user = tenant
                .user(&upn)
                .ok_or_else(|| AadError::user_not_found(tenant_name(tenant)))?;
            let permissions = consented_permissions(app, &target)?;
            Ok(issuer.user_tokens(state, user, acr, &target, &permissions))
        }
        Grant::AuthorizationCode => {
            let acr = authenticate_client(app, &credential, true)?;
            let upn = code_user.map(|c| c.upn).unwrap_or_default();
            let user = tenant
                .user(&upn)
                .ok_or_else(|| AadError::user_not_found(tenant_name(tenant)))?;
            let permissions = consented_permissions(app, &target)?;
            Ok(issuer.user_tokens(state, user, acr, &target, &permissions))
        }
        Grant::RefreshToken => {
            form.require("refresh_token")?;
            let acr = authenticate_client(app, &credential, true)?;
            let g = refresh_grant.ok_or_else(AadError::refresh_token_invalid)?;
            if g.tenant_id != tenant.id || !g.client_id.eq_ignore_ascii_case(&app.client_id) {
                return Err(AadError::grant_mismatch());
            }
            let user = tenant
                .user(&g.upn)
                .ok_or_else(AadError::refresh_token_invalid)?;
            match user.state {
                UserState::Disabled => return Err(AadError::user_disabled()),
                UserState::Locked => return Err(AadError::account_locked()),
                _ => {}
            }
            let permissions = consented_permissions(app, &target)?;
            Ok(issuer.user_tokens(state, user, acr, &target, &permissions))
        }
    }
}

fn tenant_name(t: &Tenant) -> &str {
    t.domains.first().unwrap_or(&t.id)
}

/// The client id and credential, from the form and/or HTTP Basic
/// (`base64(urlenc(id):urlenc(secret))`, RFC 6749 §2.3.1).
fn client_identity(req: &Request, form: &Form) -> Result<(String, ClientCredential), AadError> {
    let basic = match req.header("authorization") {
        Some(v) if v.get(..6).is_some_and(|s| s.eq_ignore_ascii_case("basic ")) => {
            Some(parse_basic(&v[6..]).ok_or_else(AadError::malformed_request)?)
        }
        _ => None,
    };
    let client_id = match (form.get("client_id"), &basic) {
        (Some(f), Some((b, _))) if !f.eq_ignore_ascii_case(b) => {
            return Err(AadError::malformed_request())
        }
        (Some(f), _) => f.to_string(),
        (None, Some((b, _))) if !b.is_empty() => b.clone(),
        _ => return Err(AadError::missing_parameter("client_id")),
    };
    let basic_secret = basic.map(|(_, s)| s).filter(|s| !s.is_empty());
    let secret = match (form.get("client_secret"), basic_secret) {
        (Some(f), Some(b)) if f != b => return Err(AadError::malformed_request()),
        (Some(f), _) => Some(f.to_string()),
        (None, b) => b,
    };
    let credential = match (secret, form.get("client_assertion")) {
        (None, None) => ClientCredential::None,
        (Some(s), None) => ClientCredential::Secret(s),
        (None, Some(a)) => ClientCredential::Assertion {
            assertion_type: form.require("client_assertion_type")?.to_string(),
            assertion: a.to_string(),
        },
        (Some(_), Some(_)) => return Err(AadError::malformed_request()),
    };
    Ok((client_id, credential))
}

fn parse_basic(encoded: &str) -> Option<(String, String)> {
    let raw = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((percent_decode(id, true), percent_decode(secret, true)))
}

/// Every URL this request's token endpoint answers to, for the `aud` of a
/// certificate assertion: v1 and v2, by the tenant as sent, its id and domains.
fn token_urls(base_url: &str, segment: &str, tenant: &Tenant) -> Vec<String> {
    let mut names = vec![segment.to_string(), tenant.id.clone()];
    names.extend(tenant.domains.iter().cloned());
    names
        .iter()
        .flat_map(|t| {
            [
                format!("{base_url}/{t}/oauth2/v2.0/token"),
                format!("{base_url}/{t}/oauth2/token"),
            ]
        })
        .collect()
}

/// Authenticates the client; returns its `appidacr` ("0" public, "1" secret, "2" assertion).
fn authenticate_client(
    app: &App,
    credential: &ClientCredential,
    public_allowed: bool,
    audiences: &[String],
) -> Result<&'static str, AadError> {
    match credential {
        ClientCredential::None if public_allowed && app.public_client => Ok("0"),
        ClientCredential::None => Err(AadError::secret_missing()),
        ClientCredential::Secret(s) => {
            if app.public_client && app.secrets.is_empty() && app.expired_secrets.is_empty() {
                Err(AadError::public_client_with_credential())
            } else if app.secrets.iter().any(|x| x == s) {
                Ok("1")
            } else if app.expired_secrets.iter().any(|x| x == s) {
                Err(AadError::secret_expired(&app.client_id))
            } else {
                Err(AadError::secret_invalid(&app.client_id))
            }
        }
        ClientCredential::Assertion {
            assertion_type,
            assertion,
        } => {
            if assertion_type != JWT_BEARER {
                return Err(AadError::malformed_request());
            }
            assertion::verify(app, assertion, audiences, chrono::Utc::now().timestamp())?;
            Ok("2")
        }
    }
}

/// Parses a v2 `scope` for `grant`.
fn v2_target(grant: Grant, scope: &str) -> Result<Target, AadError> {
    let tokens: Vec<&str> = scope.split_whitespace().collect();
    if grant == Grant::ClientCredentials {
        if let [only] = tokens.as_slice() {
            if let Some(resource) = only.strip_suffix("/.default").filter(|r| !r.is_empty()) {
                return Ok(Target {
                    resource: resource.to_string(),
                    default: true,
                    permissions: Vec::new(),
                    offline_access: false,
                    openid: false,
                });
            }
        }
        let mut resources: Vec<&str> = Vec::new();
        for (res, _) in tokens.iter().filter_map(|t| t.rsplit_once('/')) {
            if !resources.iter().any(|r| same_resource(r, res)) {
                resources.push(res);
            }
        }
        return Err(if resources.len() > 1 {
            AadError::several_resources(scope)
        } else {
            AadError::scope_not_default(scope)
        });
    }
    let mut target = Target {
        resource: String::new(),
        default: false,
        permissions: Vec::new(),
        offline_access: false,
        openid: false,
    };
    let mut resources: Vec<&str> = Vec::new();
    for token in tokens {
        match token.to_ascii_lowercase().as_str() {
            "offline_access" => target.offline_access = true,
            "openid" => target.openid = true,
            "profile" | "email" => {}
            _ => {
                let (res, perm) = token.rsplit_once('/').unwrap_or((GRAPH, token));
                if res.is_empty() || perm.is_empty() {
                    return Err(AadError::invalid_scope(scope));
                }
                if !resources.iter().any(|r| same_resource(r, res)) {
                    resources.push(res);
                }
                if perm == ".default" {
                    target.default = true;
                } else {
                    target.permissions.push(perm.to_string());
                }
            }
        }
    }
    match resources.as_slice() {
        [] => Err(AadError::invalid_scope(scope)),
        [one] => {
            target.resource = one.to_string();
            Ok(target)
        }
        _ => Err(AadError::several_resources(scope)),
    }
}

fn same_resource(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

fn is_known_resource(resource: &str) -> bool {
    KNOWN_RESOURCES.iter().any(|k| same_resource(k, resource))
}

/// The password check and what the user's state makes of it.
fn sign_in<'a>(
    tenant: &'a Tenant,
    username: &str,
    password: &str,
    resource: &str,
) -> Result<&'a User, AadError> {
    let user = tenant
        .user(username)
        .ok_or_else(|| AadError::user_not_found(tenant_name(tenant)))?;
    // A locked account answers the same whatever the password.
    if user.state == UserState::Locked {
        return Err(AadError::account_locked());
    }
    if user.password != password {
        return Err(AadError::bad_password());
    }
    match user.state {
        UserState::Ok | UserState::Locked => Ok(user),
        UserState::MfaRequired => Err(AadError::mfa_required(resource)),
        UserState::MfaRegistrationRequired => Err(AadError::mfa_registration_required(resource)),
        UserState::ConditionalAccessBlocked => Err(AadError::conditional_access_blocked()),
        UserState::PasswordExpired => Err(AadError::password_expired()),
        UserState::Disabled => Err(AadError::user_disabled()),
    }
}

/// The delegated permissions a user token gets. ROPC cannot ask the user
/// for consent, so anything not consented beforehand is AADSTS65001.
fn consented_permissions(app: &App, target: &Target) -> Result<Vec<String>, AadError> {
    if !app.consented {
        return Err(AadError::consent_required(&app.client_id, &app.name));
    }
    let mut granted: Vec<String> = Vec::new();
    if target.default {
        granted.extend(app.scopes.iter().cloned());
    }
    for p in &target.permissions {
        let known = app
            .scopes
            .iter()
            .find(|s| s.eq_ignore_ascii_case(p))
            .ok_or_else(|| AadError::consent_required(&app.client_id, &app.name))?;
        if !granted.contains(known) {
            granted.push(known.clone());
        }
    }
    Ok(granted)
}

/// Everything that is the same for all tokens of one response.
struct Issuer<'a> {
    now: i64,
    lifetime: u64,
    base_url: &'a str,
    version: Version,
    tenant: &'a Tenant,
    app: &'a App,
}

impl Issuer<'_> {
    fn exp(&self) -> i64 {
        self.now
            .saturating_add(i64::try_from(self.lifetime).unwrap_or(i64::MAX))
    }

    fn sts_issuer(&self) -> String {
        format!("https://sts.windows.net/{}/", self.tenant.id)
    }

    /// The claims every token starts with, in Entra's order.
    fn base_claims(&self, aud: &str, iss: String) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("aud".into(), json!(aud));
        c.insert("iss".into(), json!(iss));
        c.insert("iat".into(), json!(self.now));
        c.insert("nbf".into(), json!(self.now - NOT_BEFORE_SKEW));
        c.insert("exp".into(), json!(self.exp()));
        c
    }

    fn app_access_token(&self, acr: &str, resource: &str) -> String {
        let iss = self.sts_issuer();
        let oid = ids::derived_guid(&format!("sp:{}:{}", self.tenant.id, self.app.client_id));
        let mut c = self.base_claims(resource, iss.clone());
        c.insert("appid".into(), json!(self.app.client_id));
        c.insert("appidacr".into(), json!(acr));
        c.insert("idp".into(), json!(iss));
        c.insert("idtyp".into(), json!("app"));
        c.insert("oid".into(), json!(oid));
        if !self.app.roles.is_empty() {
            c.insert("roles".into(), json!(self.app.roles));
        }
        c.insert("sub".into(), json!(oid));
        c.insert("tid".into(), json!(self.tenant.id));
        c.insert("uti".into(), json!(ids::random_b64(16)));
        c.insert("ver".into(), json!("1.0"));
        jwt::sign(&Value::Object(c))
    }

    fn user_access_token(&self, user: &User, acr: &str, resource: &str, scp: &str) -> String {
        let mut c = self.base_claims(resource, self.sts_issuer());
        c.insert("acr".into(), json!("1"));
        c.insert("amr".into(), json!(["pwd"]));
        c.insert("appid".into(), json!(self.app.client_id));
        c.insert("appidacr".into(), json!(acr));
        c.insert("idtyp".into(), json!("user"));
        c.insert("ipaddr".into(), json!("127.0.0.1"));
        c.insert("name".into(), json!(user.display_name()));
        c.insert("oid".into(), json!(user.object_id));
        if !scp.is_empty() {
            c.insert("scp".into(), json!(scp));
        }
        c.insert(
            "sub".into(),
            json!(ids::derived_subject(&format!(
                "{}:{}",
                user.object_id, self.app.client_id
            ))),
        );
        c.insert("tid".into(), json!(self.tenant.id));
        c.insert("unique_name".into(), json!(user.upn));
        c.insert("upn".into(), json!(user.upn));
        c.insert("uti".into(), json!(ids::random_b64(16)));
        c.insert("ver".into(), json!("1.0"));
        jwt::sign(&Value::Object(c))
    }

    fn id_token(&self, user: &User) -> String {
        let sub = ids::derived_subject(&format!("id:{}:{}", user.object_id, self.app.client_id));
        let mut c = match self.version {
            Version::V2 => self.base_claims(
                &self.app.client_id,
                format!("{}/{}/v2.0", self.base_url, self.tenant.id),
            ),
            Version::V1 => self.base_claims(&self.app.client_id, self.sts_issuer()),
        };
        if self.version == Version::V1 {
            c.insert("amr".into(), json!(["pwd"]));
        }
        c.insert("name".into(), json!(user.display_name()));
        c.insert("oid".into(), json!(user.object_id));
        if self.version == Version::V2 {
            c.insert("preferred_username".into(), json!(user.upn));
        }
        c.insert("sub".into(), json!(sub));
        c.insert("tid".into(), json!(self.tenant.id));
        match self.version {
            Version::V2 => {
                c.insert("uti".into(), json!(ids::random_b64(16)));
                c.insert("ver".into(), json!("2.0"));
            }
            Version::V1 => {
                c.insert("unique_name".into(), json!(user.upn));
                c.insert("upn".into(), json!(user.upn));
                c.insert("ver".into(), json!("1.0"));
            }
        }
        jwt::sign(&Value::Object(c))
    }

    /// The response of a user grant: access token, and refresh / id tokens
    /// where the version and the scopes call for them.
    fn user_tokens(
        &self,
        state: &State,
        user: &User,
        acr: &str,
        target: &Target,
        permissions: &[String],
    ) -> Value {
        let access = self.user_access_token(user, acr, &target.resource, &permissions.join(" "));
        let scope = match self.version {
            Version::V1 => permissions.join(" "),
            Version::V2 => {
                let prefix = target.resource.trim_end_matches('/');
                permissions
                    .iter()
                    .map(|p| format!("{prefix}/{p}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        let refresh = target.offline_access.then(|| {
            // Shaped like Entra's ("0.A…"), opaque and only meaningful here.
            let rt = format!("0.A{}", ids::random_b64(96));
            lock(&state.refresh_tokens).insert(
                rt.clone(),
                RefreshGrant {
                    tenant_id: self.tenant.id.clone(),
                    client_id: self.app.client_id.clone(),
                    upn: user.upn.clone(),
                    resource: target.resource.clone(),
                },
            );
            rt
        });
        let id = target.openid.then(|| self.id_token(user));
        self.body(Some(scope), &target.resource, access, refresh, id)
    }

    /// The success body: integers on v2, strings and v1's extra fields on v1,
    /// keys in the order seen on the wire (reference §1).
    fn body(
        &self,
        scope: Option<String>,
        resource: &str,
        access_token: String,
        refresh_token: Option<String>,
        id_token: Option<String>,
    ) -> Value {
        let mut m = Map::new();
        m.insert("token_type".into(), json!("Bearer"));
        if let Some(s) = scope {
            m.insert("scope".into(), json!(s));
        }
        match self.version {
            Version::V2 => {
                m.insert("expires_in".into(), json!(self.lifetime));
                m.insert("ext_expires_in".into(), json!(self.lifetime));
            }
            Version::V1 => {
                m.insert("expires_in".into(), json!(self.lifetime.to_string()));
                m.insert("ext_expires_in".into(), json!(self.lifetime.to_string()));
                m.insert("expires_on".into(), json!(self.exp().to_string()));
                m.insert(
                    "not_before".into(),
                    json!((self.now - NOT_BEFORE_SKEW).to_string()),
                );
                m.insert("resource".into(), json!(resource));
            }
        }
        m.insert("access_token".into(), json!(access_token));
        if let Some(rt) = refresh_token {
            m.insert("refresh_token".into(), json!(rt));
        }
        if let Some(id) = id_token {
            m.insert("id_token".into(), json!(id));
        }
        Value::Object(m)
    }
}
