//! Browser sign-in: `GET /{tenant}/oauth2/v2.0/authorize` (v2, `scope`)
//! and `GET /{tenant}/oauth2/authorize` (v1, `resource`) show a sign-in
//! form; posting it (or a test's [`SignIn`] switch) redirects to the
//! registered redirect URI with a single-use, expiring code, or with
//! `error` and `error_description`. The token endpoint redeems the code
//! with its PKCE verifier (see [`redeem`]).

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{resolve_tenant, Call, Form, TenantRef, Version};
use crate::directory::{App, Tenant, User, UserState};
use crate::errors::AadError;
use crate::fixtures as fx;
use crate::http::Response;
use crate::ids;
use crate::state::{lock, AuthCode, SignIn, SignInFlow, State};

/// `GET /{tenant}/oauth2/authorize`.
pub(crate) fn start_v1(state: &State, call: &Call) -> Response {
    start(state, call, Version::V1)
}

/// `GET /{tenant}/oauth2/v2.0/authorize`.
pub(crate) fn start_v2(state: &State, call: &Call) -> Response {
    start(state, call, Version::V2)
}

/// What a redirect carries back.
enum Back {
    Code(String),
    Error {
        error: &'static str,
        code: u32,
        message: String,
    },
}

fn query<'a>(call: &'a Call, k: &str) -> Option<&'a str> {
    call.req
        .query
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn start(state: &State, call: &Call, version: Version) -> Response {
    // Errors before the redirect URI is trusted are shown on the page, as
    // Entra does; later ones go back to the app.
    let tenant = match resolve_tenant(&state.dir, call.param("tenant")) {
        Ok(TenantRef::Known(t)) => Some(t),
        Ok(_) => None,
        Err(e) => return error_page(&e),
    };
    let Some(client_id) = query(call, "client_id") else {
        return error_page(&AadError::missing_parameter("client_id"));
    };
    let Some((app_tenant, app)) = find_app(state, tenant, client_id) else {
        return error_page(&AadError::app_not_found(client_id, call.param("tenant")));
    };
    let Some(redirect_uri) = query(call, "redirect_uri") else {
        return error_page(&AadError::missing_parameter("redirect_uri"));
    };
    let flow_state = query(call, "state").map(str::to_owned);
    if !registered(app, redirect_uri) {
        let e = AadError::bad(
            "invalid_request",
            50011,
            format!(
                "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{}'.",
                app.client_id
            ),
        );
        // Entra shows this on its own page; redirecting it to a loopback
        // listener lets the client report it (SPEC.md).
        return if is_loopback_http(redirect_uri) {
            redirect_error(redirect_uri, flow_state.as_deref(), &e)
        } else {
            error_page(&e)
        };
    }
    let back = |e: AadError| redirect_error(redirect_uri, flow_state.as_deref(), &e);
    if query(call, "response_type") != Some("code") {
        return back(AadError::bad(
            "unsupported_response_type",
            700054,
            "response_type must be 'code' for this application.",
        ));
    }
    let challenge = query(call, "code_challenge");
    match (challenge, query(call, "code_challenge_method")) {
        (None, _) => {}
        (Some(_), Some("S256")) => {}
        (Some(_), _) => {
            return back(AadError::bad(
                "invalid_request",
                501491,
                "Invalid code_challenge_method: only S256 is accepted here.",
            ))
        }
    }
    let target = match version {
        Version::V2 => query(call, "scope"),
        Version::V1 => query(call, "resource"),
    };
    let Some(target) = target else {
        return back(AadError::missing_parameter(match version {
            Version::V2 => "scope",
            Version::V1 => "resource",
        }));
    };
    let flow = SignInFlow {
        tenant_id: Some(app_tenant.id.clone()),
        client_id: app.client_id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        state: flow_state.clone(),
        target: target.to_owned(),
        code_challenge: challenge.map(str::to_owned),
        login_hint: query(call, "login_hint").map(str::to_owned),
    };
    let mode = lock(&state.sign_in).clone();
    match mode {
        SignIn::As(upn) => match app_tenant.user(&upn) {
            Some(user) => finish(state, &flow, app_tenant, app, user),
            None => back(AadError::user_not_found(&app_tenant.id)),
        },
        SignIn::Decline(_) => back(AadError::bad(
            "access_denied",
            65004,
            "User declined to consent to access the app.",
        )),
        SignIn::Form => form_page(state, &call.req.path, flow, None, None),
        SignIn::AutoSubmit(upn) => {
            let password = app_tenant.user(&upn).map(|u| u.password.clone());
            let prefill = password.map(|p| (upn.clone(), p));
            form_page(state, &call.req.path, flow, None, prefill)
        }
    }
}

/// `POST` to an authorize path: the sign-in form was submitted.
pub(crate) fn submit(state: &State, call: &Call) -> Response {
    let form = Form(call.req.form());
    let Some(flow) = form
        .get("flow")
        .and_then(|id| lock(&state.sign_in_flows).get(id).cloned())
    else {
        return error_page(&AadError::bad(
            "invalid_request",
            50058,
            "The sign-in session is not known or has ended; start again from the application.",
        ));
    };
    let login = form.get("login").unwrap_or_default();
    let password = form.get("passwd").unwrap_or_default();
    let tenant = flow.tenant_id.as_deref().and_then(|t| state.dir.tenant(t));
    let (Some(tenant), Some(app)) = (tenant, tenant.and_then(|t| t.app(&flow.client_id))) else {
        return error_page(&AadError::malformed_request());
    };
    match tenant.user(login) {
        Some(user) if user.password == password => {
            if let Some(id) = form.get("flow") {
                lock(&state.sign_in_flows).remove(id);
            }
            finish(state, &flow, tenant, app, user)
        }
        _ => form_page(
            state,
            &call.req.path,
            flow,
            Some("Your account or password is incorrect."),
            None,
        ),
    }
}

/// The user is signed in: a code, or the error their account gets.
fn finish(state: &State, flow: &SignInFlow, tenant: &Tenant, app: &App, user: &User) -> Response {
    let back = |b: Back| redirect(&flow.redirect_uri, flow.state.as_deref(), b);
    let refusal = match user.state {
        // In a browser, MFA, its registration and a password change are
        // done on the page: they sign in.
        UserState::Ok
        | UserState::MfaRequired
        | UserState::MfaRegistrationRequired
        | UserState::PasswordExpired => None,
        UserState::ConditionalAccessBlocked => Some((
            "access_denied",
            53003,
            "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        )),
        UserState::Locked => Some((
            "access_denied",
            50053,
            "Your account is locked because you've tried to sign in too many times with an incorrect user ID or password.",
        )),
        UserState::Disabled => Some(("access_denied", 50057, "The user account is disabled.")),
    };
    if let Some((error, code, message)) = refusal {
        return back(Back::Error {
            error,
            code,
            message: message.to_owned(),
        });
    }
    if !app.consented {
        return back(Back::Error {
            error: "consent_required",
            code: 65001,
            message: format!(
                "The user or administrator has not consented to use the application with ID '{}' named '{}'.",
                app.client_id, app.name
            ),
        });
    }
    let code = format!("1.A{}", ids::random_b64(96));
    let lifetime = state
        .auth_code_lifetime
        .load(std::sync::atomic::Ordering::Relaxed);
    lock(&state.auth_codes).insert(
        code.clone(),
        AuthCode {
            tenant_id: tenant.id.clone(),
            client_id: app.client_id.clone(),
            upn: user.upn.clone(),
            redirect_uri: flow.redirect_uri.clone(),
            target: flow.target.clone(),
            code_challenge: flow.code_challenge.clone(),
            expires_at: Instant::now() + Duration::from_secs(lifetime),
        },
    );
    back(Back::Code(code))
}

/// The app: in the tenant named, or in any tenant for `organizations`.
fn find_app<'a>(
    state: &'a State,
    tenant: Option<&'a Tenant>,
    client_id: &str,
) -> Option<(&'a Tenant, &'a App)> {
    match tenant {
        Some(t) => t.app(client_id).map(|a| (t, a)),
        None => state
            .dir
            .tenants
            .iter()
            .find_map(|t| t.app(client_id).map(|a| (t, a))),
    }
}

/// Whether `uri` is registered: exactly, or as `http://localhost` with any
/// port (Entra's loopback rule).
fn registered(app: &App, uri: &str) -> bool {
    app.redirect_uris
        .iter()
        .any(|r| r == uri || (r == fx::LOCALHOST_REDIRECT && localhost_any_port(uri).is_some()))
}

/// `http://localhost[:PORT][/]`: the port, 0 when none is given.
fn localhost_any_port(uri: &str) -> Option<u16> {
    let rest = uri.strip_prefix("http://localhost")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() {
        return Some(0);
    }
    rest.strip_prefix(':')?.parse().ok()
}

fn is_loopback_http(uri: &str) -> bool {
    ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|p| uri.starts_with(p))
}

fn redirect_error(redirect_uri: &str, state: Option<&str>, e: &AadError) -> Response {
    redirect(
        redirect_uri,
        state,
        Back::Error {
            error: e.error,
            code: e.code,
            message: e.message.clone(),
        },
    )
}

/// `302` to the redirect URI with the outcome in the query.
fn redirect(redirect_uri: &str, state: Option<&str>, back: Back) -> Response {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match back {
        Back::Code(code) => {
            pairs.push(("code", code));
        }
        Back::Error {
            error,
            code,
            message,
        } => {
            pairs.push(("error", error.to_owned()));
            pairs.push((
                "error_description",
                format!(
                    "AADSTS{code}: {message}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}",
                    ids::guid(),
                    ids::guid(),
                    chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ")
                ),
            ));
        }
    }
    if let Some(s) = state {
        pairs.push(("state", s.to_owned()));
    }
    pairs.push(("session_state", ids::guid()));
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    Response::new(302, "text/html; charset=utf-8", "")
        .header(
            "Location",
            format!("{redirect_uri}{sep}{}", query.join("&")),
        )
        .header("Cache-Control", "no-store, no-cache")
}

/// Percent-encodes all but unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The sign-in form. `prefill` fills it in and submits it by script.
fn form_page(
    state: &State,
    path: &str,
    flow: SignInFlow,
    problem: Option<&str>,
    prefill: Option<(String, String)>,
) -> Response {
    let id = ids::random_b64(24);
    let login = prefill
        .as_ref()
        .map(|(u, _)| u.clone())
        .or_else(|| flow.login_hint.clone())
        .unwrap_or_default();
    let password = prefill.as_ref().map(|(_, p)| p.clone()).unwrap_or_default();
    lock(&state.sign_in_flows).insert(id.clone(), flow);
    let script = if prefill.is_some() {
        "<script>document.getElementById('f').submit();</script>\n"
    } else {
        ""
    };
    let problem = problem
        .map(|p| format!("<p role=\"alert\">{}</p>\n", escape(p)))
        .unwrap_or_default();
    let body = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head>\n<body><h1>Sign in</h1>\n{problem}<form id=\"f\" method=\"post\" action=\"{}\">\n<input type=\"hidden\" name=\"flow\" value=\"{}\">\n<input name=\"login\" type=\"email\" value=\"{}\">\n<input name=\"passwd\" type=\"password\" value=\"{}\">\n<button type=\"submit\">Sign in</button>\n</form>\n{script}</body></html>\n",
        escape(path),
        escape(&id),
        escape(&login),
        escape(&password),
    );
    Response::new(200, "text/html; charset=utf-8", body)
        .header("Cache-Control", "no-store, no-cache")
        .header("X-Frame-Options", "DENY")
}

/// An error Entra shows on its own page (the redirect URI is not trusted).
fn error_page(e: &AadError) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head>\n<body><h1>Sorry, but we're having trouble signing you in.</h1>\n<p>AADSTS{}: {}</p></body></html>\n",
        e.code,
        escape(&e.message)
    );
    Response::new(e.status, "text/html; charset=utf-8", body)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A redeemed authorization code: who signed in, where, and for what.
pub(crate) struct Redeemed {
    pub upn: String,
    pub tenant_id: String,
    pub target: String,
}

/// Redeems `code` for `client_id`: once, before it expires, with the same
/// redirect URI and, when the request had a challenge, its verifier.
pub(crate) fn redeem(state: &State, form: &Form, client_id: &str) -> Result<Redeemed, AadError> {
    let code = form.require("code")?;
    let invalid = |n: u32, m: &str| AadError::bad("invalid_grant", n, m.to_owned());
    let entry = lock(&state.auth_codes).remove(code);
    let Some(entry) = entry else {
        return Err(if lock(&state.redeemed_codes).iter().any(|c| c == code) {
            invalid(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
        } else {
            invalid(
                70000,
                "The provided authorization code is invalid or has expired.",
            )
        });
    };
    lock(&state.redeemed_codes).push(code.to_owned());
    if Instant::now() >= entry.expires_at {
        return Err(invalid(
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        ));
    }
    if !entry.client_id.eq_ignore_ascii_case(client_id) {
        return Err(invalid(
            70000,
            "The provided authorization code was issued to another client.",
        ));
    }
    if form.get("redirect_uri") != Some(entry.redirect_uri.as_str()) {
        return Err(invalid(
            500112,
            "The reply address does not match the reply address of the authorization request.",
        ));
    }
    if let Some(challenge) = &entry.code_challenge {
        let Some(verifier) = form.get("code_verifier") else {
            return Err(AadError::missing_parameter("code_verifier"));
        };
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if &computed != challenge {
            return Err(invalid(
                501481,
                "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
            ));
        }
    }
    Ok(Redeemed {
        upn: entry.upn,
        tenant_id: entry.tenant_id,
        target: entry.target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_matches_any_port() {
        assert_eq!(localhost_any_port("http://localhost:8400"), Some(8400));
        assert_eq!(localhost_any_port("http://localhost/"), Some(0));
        assert_eq!(localhost_any_port("http://localhost.evil:1"), None);
        assert_eq!(localhost_any_port("https://localhost:1"), None);
        assert_eq!(localhost_any_port("http://localhost:1/cb"), None);
    }
}
