//! Borrow the signed-in Azure CLI session: run `az account get-access-token`
//! and read its JSON. For a developer who already ran `az login`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::{nothing_more, Credential, Method};
use crate::error::{Error, ExitCode};
use crate::http::Transport;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// The Azure CLI's program name.
const AZ: &str = if cfg!(windows) { "az.cmd" } else { "az" };

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
        let mut cmd = Command::new(AZ);
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
        let mut cmd = self.command();
        // Its own process group, so that on a timeout az and whatever it
        // started (python, a browser helper) end together.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::usage("the Azure CLI (az) is not installed or not on PATH").with_hint(
                    "install the Azure CLI and run `az login`, or choose another auth method",
                )
            } else {
                Error::usage(format!("cannot run az: {e}"))
            }
        })?;
        // Read both pipes on threads so a chatty az cannot block on a full pipe.
        let (tx, rx) = std::sync::mpsc::channel();
        let pipes: [(bool, Box<dyn Read + Send>); 2] = [
            (true, Box::new(child.stdout.take().expect("piped"))),
            (false, Box::new(child.stderr.take().expect("piped"))),
        ];
        for (is_stdout, mut pipe) in pipes {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut b = Vec::new();
                let _ = pipe.read_to_end(&mut b);
                let _ = tx.send((is_stdout, b));
            });
        }
        drop(tx);
        let deadline = Instant::now() + transport.timeout();
        let timed_out = |child: &mut std::process::Child| {
            end_group(child);
            Error::unavailable(format!(
                "az account get-access-token gave no answer within {} s",
                transport.timeout().as_secs()
            ))
            .with_hint(
                "check that `az account get-access-token` answers on its own, or raise --timeout",
            )
        };
        let status = loop {
            if let Some(status) = child
                .try_wait()
                .map_err(|e| Error::usage(format!("az: {e}")))?
            {
                break status;
            }
            if Instant::now() >= deadline {
                return Err(timed_out(&mut child));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Both pipes close when az and anything holding them have exited.
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok((true, b)) => stdout = b,
                Ok((false, b)) => stderr = b,
                Err(_) => return Err(timed_out(&mut child)),
            }
        }
        if !status.success() {
            return Err(az_error(&String::from_utf8_lossy(&stderr)));
        }
        parse(&stdout)
    }
}

/// Kills az's whole process group (on unix), then reaps az.
fn end_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group
        // that process_group(0) made for az; it has no memory effects.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// What a failed `az account get-access-token` means: an AADSTS code in
/// its message decides the exit code as the authority's own answer would
/// (MFA, conditional access and consent are 5, SPEC.md), with its hint.
fn az_error(text: &str) -> Error {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message")
        .trim_start_matches("ERROR: ");
    let code = aadsts_code(text);
    let exit = code
        .and_then(crate::aad::exit_code_of_code)
        .unwrap_or(ExitCode::Refused);
    let mut e = Error::new(exit, format!("az account get-access-token failed: {first}"));
    if exit == ExitCode::Interaction {
        let why = code
            .and_then(crate::aad::hint)
            .unwrap_or("the sign-in needs an interaction");
        e = e.with_hint(format!(
            "{why}; for the Azure CLI: run `az login` (with --tenant, and --scope RESOURCE/.default if asked) on a terminal to complete it, then try again"
        ));
    } else if let Some(h) = code.and_then(crate::aad::hint) {
        e = e.with_hint(h);
    } else if text.contains("login") {
        e = e.with_hint(NOT_SIGNED_IN);
    }
    e
}

/// The hint for an `az` that is not signed in.
const NOT_SIGNED_IN: &str = "sign in with `az login` (add --tenant for another tenant)";

/// Whether `az` failed because it is not signed in (for `auto`, that is
/// "not available", not a refusal).
pub(crate) fn not_signed_in(e: &Error) -> bool {
    e.hint.as_deref() == Some(NOT_SIGNED_IN)
}

/// The first `AADSTSnnnnn` in az's message.
fn aadsts_code(text: &str) -> Option<i64> {
    text.match_indices("AADSTS").find_map(|(i, _)| {
        let digits: String = text[i + 6..]
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        digits.parse().ok()
    })
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
        let local = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S%.f", s).ok()?;
        local
            .to_zoned(jiff::tz::TimeZone::system())
            .ok()
            .map(|t| t.timestamp().as_second())
    })
    .ok_or_else(|| bad("no expires_on"))?;
    // As for the authority's own answer: a token that has already expired
    // is never handed out as if it were good.
    if expires_on <= crate::token::now() {
        return Err(bad("its token has already expired (expires_on is in the past)")
            .with_hint("run `az account get-access-token` to see what az answers, and check the clock; `az login` signs in afresh"));
    }
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
        id_token: None,
        extra,
    }
    .trust_earlier_expiry())
}

/// The Azure CLI's session.
pub(super) const METHOD: Method = Method {
    build: |profile, _| Ok(Box::new(AzureCliCredential::new(profile))),
    // Nothing beyond the profile: the session is az's.
    cache_identity: nothing_more,
    check,
    init: &[],
    // `az account get-access-token --resource`.
    by_resource: true,
    password_from: None,
};

/// `check`: `az` is on PATH.
fn check(_profile: &Profile) -> Result<Option<String>, Error> {
    let az = on_path()?;
    Ok(Some(format!("the Azure CLI session ({})", az.display())))
}

/// Where `az` is on PATH.
pub(crate) fn on_path() -> Result<std::path::PathBuf, Error> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(AZ))
            .find(|p| p.is_file())
    });
    match found {
        Some(az) => Ok(az),
        None => Err(
            Error::usage("the Azure CLI (az) is not installed or not on PATH").with_hint(
                "install the Azure CLI and run `az login`, or choose another auth method",
            ),
        ),
    }
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

    #[test]
    fn aadsts_codes_in_az_messages() {
        assert_eq!(
            aadsts_code("ERROR: AADSTS50076: Due to a configuration change"),
            Some(50076)
        );
        assert_eq!(aadsts_code("x (AADSTS53003) y"), Some(53003));
        assert_eq!(aadsts_code("AADSTS"), None);
        assert_eq!(
            az_error("ERROR: AADSTS65001: no consent").code,
            ExitCode::Interaction
        );
        assert_eq!(
            az_error("ERROR: Please run 'az login'").code,
            ExitCode::Refused
        );
    }
}
