//! Borrow the signed-in Azure CLI session: run `az account get-access-token`
//! and read its JSON. For a developer who already ran `az login`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::Credential;
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// A token from `az account get-access-token`.
pub struct AzureCliCredential {
    profile: Profile,
}

impl AzureCliCredential {
    /// The credential for a profile.
    pub fn new(profile: &Profile) -> Self {
        AzureCliCredential {
            profile: profile.clone(),
        }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(if cfg!(windows) { "az.cmd" } else { "az" });
        cmd.args([
            "account",
            "get-access-token",
            "--resource",
            &self.profile.resource,
        ]);
        if let Some(tenant) = &self.profile.tenant {
            cmd.args(["--tenant", tenant]);
        }
        cmd.args(["--output", "json"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }
}

impl Credential for AzureCliCredential {
    fn get_token(&self, transport: &Transport) -> Result<Token, Error> {
        let mut child = self.command().spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::usage("the Azure CLI (az) is not installed or not on PATH").with_hint(
                    "install the Azure CLI and run `az login`, or choose another auth method",
                )
            } else {
                Error::usage(format!("cannot run az: {e}"))
            }
        })?;
        // Read both pipes on threads so a chatty az cannot block on a full pipe.
        let mut stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let out = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = stdout.read_to_end(&mut b);
            b
        });
        let err = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = stderr.read_to_end(&mut b);
            b
        });
        let deadline = Instant::now() + transport.timeout();
        let status = loop {
            if let Some(status) = child
                .try_wait()
                .map_err(|e| Error::usage(format!("az: {e}")))?
            {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::unavailable(format!(
                    "az account get-access-token gave no answer within {} s",
                    transport.timeout().as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        if !status.success() {
            let text = String::from_utf8_lossy(&stderr);
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("no message")
                .trim_start_matches("ERROR: ");
            let mut e = Error::new(
                ExitCode::Refused,
                format!("az account get-access-token failed: {first}"),
            );
            if text.contains("az login") || text.contains("login") {
                e = e.with_hint("sign in with `az login` (add --tenant for another tenant)");
            }
            return Err(e);
        }
        parse(&stdout)
    }
}

/// Reads az's JSON: `accessToken`, and `expires_on` (Unix seconds, newer az)
/// or `expiresOn` (local time, older az).
fn parse(stdout: &[u8]) -> Result<Token, Error> {
    let bad = |why: &str| Error::unavailable(format!("unexpected output from az: {why}"));
    let v: Value = serde_json::from_slice(stdout).map_err(|_| bad("not JSON"))?;
    let access = v
        .get("accessToken")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("no accessToken"))?;
    let expires_on = match v.get("expires_on") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .or_else(|| {
        let s = v.get("expiresOn")?.as_str()?;
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok()?;
        naive
            .and_local_timezone(chrono::Local)
            .earliest()
            .map(|t| t.timestamp())
    })
    .ok_or_else(|| bad("no expires_on"))?;
    let mut extra = Map::new();
    if let Some(t) = v.get("tenant").cloned() {
        extra.insert("az_tenant".into(), t);
    }
    Ok(Token {
        access_token: Secret::new(access),
        token_type: v
            .get("tokenType")
            .and_then(Value::as_str)
            .unwrap_or("Bearer")
            .to_owned(),
        expires_on,
        refresh_token: None,
        extra,
    }
    .trust_earlier_expiry())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_new_and_old_az_output() {
        let t = parse(br#"{"accessToken":"eyJx","expiresOn":"2030-01-01 10:00:00.000000","expires_on":1893492000,"tenant":"t","tokenType":"Bearer"}"#).unwrap();
        assert_eq!(t.expires_on, 1893492000);
        assert_eq!(t.access_token.expose(), "eyJx");
        let t =
            parse(br#"{"accessToken":"eyJx","expiresOn":"2030-01-01 10:00:00.000000"}"#).unwrap();
        assert!(t.expires_on > 1_800_000_000);
        assert!(parse(b"{}").is_err());
        assert!(parse(b"nope").is_err());
    }
}
