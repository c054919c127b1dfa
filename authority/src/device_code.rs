//! The device code flow (reference §4): `POST .../devicecode` starts a
//! session, a test approves or declines it as the user would on the other
//! device, and the token endpoint's device code grant redeems it.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::context::RequestContext;
use crate::errors::AadError;
use crate::http::{Request, Response};
use crate::server::{lock, Shared};
use crate::token::Version;
use crate::{ids, token};

/// Where Entra sends people to enter the code.
const VERIFICATION_URI: &str = "https://microsoft.com/devicelogin";

/// What became of a session on the other device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    Pending,
    Approved(String),
    Declined,
}

/// One device code sign-in in progress.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub device_code: String,
    pub user_code: String,
    pub client_id: String,
    /// The `scope` (v2) or `resource` (v1) asked for; polls need not repeat it.
    pub target: String,
    pub state: State,
    pub expires_at: Instant,
    /// Answer the next poll with `slow_down`.
    pub slow_down: bool,
    /// Polled already, to tell `slow_down` from the first poll.
    pub polls: u32,
}

/// Starts a session: `client_id` plus `scope` (v2) or `resource` (v1).
pub(crate) fn start(
    shared: &Shared,
    ctx: &RequestContext,
    req: &Request,
    tenant: &str,
    version: Version,
) -> Response {
    match start_session(shared, req, tenant, version) {
        Ok(body) => ctx.json(200, &body),
        Err(e) => e.response(ctx),
    }
}

fn start_session(
    shared: &Shared,
    req: &Request,
    tenant: &str,
    version: Version,
) -> Result<Value, AadError> {
    let form = token::Form(req.form());
    if matches!(tenant.to_ascii_lowercase().as_str(), "common" | "consumers") {
        return Err(AadError::bad(
            "invalid_request",
            90133,
            "Device flow is not supported on the common or consumers endpoints; use a tenant or organizations.",
        ));
    }
    let tenant_known =
        tenant.eq_ignore_ascii_case("organizations") || token::tenant_exists(&shared.dir, tenant)?;
    debug_assert!(tenant_known);
    let client_id = form.require("client_id")?.to_string();
    let app = shared
        .dir
        .tenants
        .iter()
        .filter(|t| {
            tenant.eq_ignore_ascii_case("organizations")
                || t.id.eq_ignore_ascii_case(tenant)
                || t.domains.iter().any(|d| d.eq_ignore_ascii_case(tenant))
        })
        .find_map(|t| t.app(&client_id))
        .ok_or_else(|| AadError::app_not_found(&client_id, tenant))?;
    if !app.public_client {
        return Err(AadError::secret_missing());
    }
    let target = match version {
        Version::V2 => form.require("scope")?.to_string(),
        Version::V1 => form.require("resource")?.to_string(),
    };
    let (expires_in, interval) = *lock(&shared.device_timing);
    let user_code = user_code();
    let session = Session {
        device_code: format!("DAQABAAEAAA{}", ids::random_b64(48)),
        user_code: user_code.clone(),
        client_id,
        target,
        state: State::Pending,
        expires_at: Instant::now() + Duration::from_secs(expires_in),
        slow_down: false,
        polls: 0,
    };
    let message = format!(
        "To sign in, use a web browser to open the page {VERIFICATION_URI} and enter the code {user_code} to authenticate."
    );
    let body = match version {
        Version::V2 => json!({
            "user_code": user_code,
            "device_code": session.device_code,
            "verification_uri": VERIFICATION_URI,
            "expires_in": expires_in,
            "interval": interval,
            "message": message,
        }),
        Version::V1 => json!({
            "user_code": user_code,
            "device_code": session.device_code,
            "verification_url": VERIFICATION_URI,
            "expires_in": expires_in.to_string(),
            "interval": interval.to_string(),
            "message": message,
        }),
    };
    lock(&shared.device_codes).push(session);
    Ok(body)
}

/// Nine upper-case letters and digits without look-alikes, like Entra's.
fn user_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let raw = ids::random_b64(9);
    raw.bytes()
        .take(9)
        .map(|b| ALPHABET[b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A redeemed device code: who signed in, and for what.
pub(crate) struct Redeemed {
    pub upn: String,
    pub target: String,
}

/// What a poll learns: the approving user, or why not (yet).
pub(crate) fn redeem(
    shared: &Shared,
    device_code: &str,
    client_id: &str,
) -> Result<Redeemed, AadError> {
    let mut sessions = lock(&shared.device_codes);
    let Some(s) = sessions.iter_mut().find(|s| s.device_code == device_code) else {
        return Err(AadError::bad(
            "bad_verification_code",
            70018,
            "The provided value for the input parameter 'device_code' is not valid.",
        ));
    };
    if !s.client_id.eq_ignore_ascii_case(client_id) {
        return Err(AadError::bad(
            "bad_verification_code",
            70018,
            "The device code was issued to another client.",
        ));
    }
    s.polls += 1;
    if Instant::now() >= s.expires_at {
        return Err(AadError::bad(
            "expired_token",
            70019,
            "Verification code expired.",
        ));
    }
    if std::mem::take(&mut s.slow_down) {
        return Err(AadError::bad(
            "slow_down",
            70016,
            "OAuth 2.0 device flow error. Slow down: poll less often.",
        ));
    }
    match &s.state {
        State::Pending => Err(AadError::bad(
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        )),
        State::Declined => Err(AadError::bad(
            "authorization_declined",
            70000,
            "The end user declined the authorization request.",
        )),
        State::Approved(upn) => {
            let out = Redeemed {
                upn: upn.clone(),
                target: s.target.clone(),
            };
            // A device code is redeemed once.
            let code = s.device_code.clone();
            sessions.retain(|x| x.device_code != code);
            Ok(out)
        }
    }
}
