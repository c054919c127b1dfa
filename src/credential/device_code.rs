//! The device code flow (reference §4): the user signs in on another device
//! while pbitoken polls. For accounts with MFA, where the password grant
//! cannot go. The refresh token is cached so the next call is silent.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{nothing_more, user_scope, Credential, Method};
use crate::aad::AadError;
use crate::endpoint::Endpoint;
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::profile::Profile;
use crate::token::{token_from_response, Token};

/// `slow_down` adds this to the polling interval.
const SLOW_DOWN: Duration = Duration::from_secs(5);

/// Device code sign-in.
pub struct DeviceCodeCredential {
    profile: Profile,
}

/// What the device code endpoint answered.
struct DeviceCode {
    device_code: String,
    message: String,
    interval: Duration,
    expires_in: Duration,
}

impl DeviceCodeCredential {
    /// The credential for a profile.
    pub fn new(profile: &Profile) -> Self {
        DeviceCodeCredential {
            profile: profile.clone(),
        }
    }

    /// `.../oauth2/v2.0/devicecode` or, on v1, `.../oauth2/devicecode`.
    fn devicecode_url(&self) -> String {
        let token_url = self.profile.token_url();
        let base = token_url.strip_suffix("/token").unwrap_or(&token_url);
        match self.profile.endpoint {
            Endpoint::V2 => format!("{base}/devicecode"),
            Endpoint::V1 => format!("{base}/devicecode?api-version=1.0"),
        }
    }

    fn start(&self, transport: &Transport) -> Result<DeviceCode, Error> {
        let url = self.devicecode_url();
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let scope = user_scope(&self.profile);
        let mut form = vec![("client_id", client_id)];
        match self.profile.endpoint {
            Endpoint::V2 => form.push(("scope", scope.as_str())),
            Endpoint::V1 => form.push(("resource", self.profile.resource.as_str())),
        }
        let resp = transport.send(&url, "device code request", |c| {
            c.post(&url)
                .header("Accept", "application/json")
                .form(&form)
        })?;
        if resp.status != 200 {
            // Refusals have the token endpoint's shape.
            return Err(token_from_response(&resp, &url).err().unwrap_or_else(|| {
                Error::unavailable(format!("{url} answered HTTP {}", resp.status))
            }));
        }
        let bad = |why: &str| {
            Error::unavailable(format!(
                "unexpected answer from {url}: {why}: {}",
                resp.snippet()
            ))
        };
        let v: Value = serde_json::from_slice(&resp.body).map_err(|_| bad("not JSON"))?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        // v1 sends numbers as strings.
        let secs = |k: &str| match v.get(k) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let device_code = text("device_code").ok_or_else(|| bad("no device_code"))?;
        let user_code = text("user_code").ok_or_else(|| bad("no user_code"))?;
        let uri = text("verification_uri").or_else(|| text("verification_url"));
        let message = text("message").unwrap_or_else(|| {
            format!(
                "To sign in, use a web browser to open the page {} and enter the code {user_code} to authenticate.",
                uri.as_deref().unwrap_or("https://microsoft.com/devicelogin")
            )
        });
        Ok(DeviceCode {
            device_code,
            message,
            interval: Duration::from_secs(secs("interval").unwrap_or(5).clamp(1, 60)),
            expires_in: Duration::from_secs(secs("expires_in").unwrap_or(900).max(1)),
        })
    }

    fn poll(&self, transport: &Transport, code: &DeviceCode) -> Result<Token, Error> {
        let url = self.profile.token_url();
        let client_id = self.profile.client_id.as_deref().unwrap_or_default();
        let form: Vec<(&str, &str)> = match self.profile.endpoint {
            Endpoint::V2 => vec![
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", client_id),
                ("device_code", &code.device_code),
            ],
            Endpoint::V1 => vec![
                ("grant_type", "device_code"),
                ("client_id", client_id),
                ("code", &code.device_code),
                ("resource", &self.profile.resource),
            ],
        };
        let deadline = Instant::now() + code.expires_in;
        let mut interval = code.interval;
        loop {
            std::thread::sleep(interval.min(deadline.saturating_duration_since(Instant::now())));
            let resp = transport.send(&url, "device code poll", |c| {
                c.post(&url)
                    .header("Accept", "application/json")
                    .form(&form)
            })?;
            if resp.status == 400 {
                if let Some(aad) = AadError::parse(&resp.body) {
                    match aad.error.as_str() {
                        "authorization_pending" => {}
                        "slow_down" => interval += SLOW_DOWN,
                        "authorization_declined" => {
                            return Err(Error::new(
                                ExitCode::Refused,
                                "the sign-in was declined on the other device",
                            ))
                        }
                        "expired_token" | "code_expired" => return Err(expired()),
                        _ => return Err(aad.to_error(resp.status)),
                    }
                    if Instant::now() >= deadline {
                        return Err(expired());
                    }
                    continue;
                }
            }
            return token_from_response(&resp, &url);
        }
    }
}

fn expired() -> Error {
    Error::new(
        ExitCode::Refused,
        "the device code expired before the sign-in was finished",
    )
    .with_hint("run the command again and finish signing in within the time shown")
}

impl Credential for DeviceCodeCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let code = self.start(transport)?;
        // The one thing on stderr a person must see, even with -q.
        eprintln!("{}", code.message);
        self.poll(transport, &code)
    }
}

/// Device code sign-in.
pub(super) const METHOD: Method = Method {
    build: |profile, _| Ok(Box::new(DeviceCodeCredential::new(profile))),
    // User sign-in: the cached refresh token is found by the profile alone.
    cache_identity: nothing_more,
    check: |_| {
        Ok(Some(
            "device code sign-in: a code to enter in a browser is shown on stderr".to_owned(),
        ))
    },
    init: &[],
    by_resource: false,
    password_from: None,
};
