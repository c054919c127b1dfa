//! The device code flow (reference §4): `POST .../devicecode` starts a
//! session, a test approves or declines it as the user would on the other
//! device, and the token endpoint's device code grant redeems it.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{tenant_exists, Call, Form, Version};
use crate::errors::AadError;
use crate::http::{Request, Response};
use crate::ids;
use crate::state::{lock, DeviceSession, DeviceState, State};

/// Where Entra sends people to enter the code.
const VERIFICATION_URI: &str = "https://microsoft.com/devicelogin";

/// `POST /{tenant}/oauth2/devicecode`: `client_id` plus `resource`.
pub(crate) fn start_v1(state: &State, call: &Call) -> Response {
    start(state, call, Version::V1)
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`: `client_id` plus `scope`.
pub(crate) fn start_v2(state: &State, call: &Call) -> Response {
    start(state, call, Version::V2)
}

/// Starts a session.
fn start(state: &State, call: &Call, version: Version) -> Response {
    match start_session(state, call.req, call.param("tenant"), version) {
        Ok(body) => call.ctx.json(200, &body),
        Err(e) => e.response(&call.ctx),
    }
}

fn start_session(
    state: &State,
    req: &Request,
    tenant: &str,
    version: Version,
) -> Result<Value, AadError> {
    let form = Form(req.form());
    if matches!(tenant.to_ascii_lowercase().as_str(), "common" | "consumers") {
        return Err(AadError::bad(
            "invalid_request",
            90133,
            "Device flow is not supported on the common or consumers endpoints; use a tenant or organizations.",
        ));
    }
    let tenant_known =
        tenant.eq_ignore_ascii_case("organizations") || tenant_exists(&state.dir, tenant)?;
    debug_assert!(tenant_known);
    let client_id = form.require("client_id")?.to_string();
    let app = state
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
    let (expires_in, interval) = *lock(&state.device_timing);
    let user_code = user_code();
    let session = DeviceSession {
        device_code: format!("DAQABAAEAAA{}", ids::random_b64(48)),
        user_code: user_code.clone(),
        client_id,
        target,
        state: DeviceState::Pending,
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
    lock(&state.device_codes).push(session);
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
    state: &State,
    device_code: &str,
    client_id: &str,
) -> Result<Redeemed, AadError> {
    let mut sessions = lock(&state.device_codes);
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
        DeviceState::Pending => Err(AadError::bad(
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        )),
        DeviceState::Declined => Err(AadError::bad(
            "authorization_declined",
            70000,
            "The end user declined the authorization request.",
        )),
        DeviceState::Approved(upn) => {
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
