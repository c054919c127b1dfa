//! `pbitoken check`: tells someone testing an app registration exactly what
//! is wrong with it, in six steps (SPEC.md, "check"):
//!
//! | step | module | depends on |
//! |---|---|---|
//! | `profile` | [`fields`] | - |
//! | `credential` | [`source`] | profile |
//! | `tenant` | [`discovery`] | profile |
//! | `token` | here | credential, tenant |
//! | `claims` | [`claims`] | token |
//! | `api` (`--api`) | [`api`] | token |
//!
//! A failed step skips the steps that depend on it. `api` depends on the
//! token only, not on `claims`: when the claims are wrong, what Power BI
//! says about the token is the most useful thing to see next.
//!
//! A profile that cannot be resolved at all is a failed `profile` step (exit
//! 1 with the report), not a usage error: the report is the answer `check`
//! exists to give.

mod api;
pub(crate) mod claims;
mod discovery;
mod fields;
mod report;
mod source;

use serde_json::Value;

use crate::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use crate::credential::{Credential, CredentialOptions};
use crate::error::Error;
use crate::http::{Transport, TransportOptions};
use crate::method::AuthMethod;
use crate::profile::Profile;
use crate::token::Token;

/// Step names, in order.
pub const STEPS: [&str; 6] = ["profile", "credential", "tenant", "token", "claims", "api"];

/// What `check` needs from the command line.
#[derive(Debug)]
pub struct Options {
    /// The profile's name as far as it could be told, so that a report on
    /// a profile that does not resolve still names it.
    pub chosen_name: Option<String>,
    /// The resolved profile, or why the config file or the profile does
    /// not load (the `profile` step's failure).
    pub profile: Result<Profile, Error>,
    /// `--api`: also call the Power BI REST API.
    pub api: bool,
    /// Timeout and CA file for every request.
    pub transport: TransportOptions,
    /// `--no-browser` and `--login-timeout`, for browser sign-in.
    pub credential: CredentialOptions,
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It checked out.
    Pass,
    /// Something is wrong; the hint says what to do.
    Fail,
    /// Not run: not requested, not applicable, or an earlier step failed.
    Skip,
}

impl Status {
    /// `pass`, `fail` or `skip`, as in the JSON document.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// One step's result.
#[derive(Debug, Clone)]
pub struct Step {
    /// One of [`STEPS`].
    pub name: &'static str,
    /// How it ended.
    pub status: Status,
    /// One line: what was found.
    pub detail: String,
    /// What to do about a failure.
    pub hint: Option<String>,
}

/// The whole report: what `check` prints, as text or as JSON.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The profile's name, when one was chosen.
    pub profile: Option<String>,
    /// The steps, in the order of [`STEPS`].
    pub steps: Vec<Step>,
    /// The issued token's decoded claims; `None` when no token was issued.
    pub claims: Option<Value>,
}

impl Report {
    /// Whether no step failed.
    pub fn ok(&self) -> bool {
        self.steps.iter().all(|s| s.status != Status::Fail)
    }

    fn push(&mut self, name: &'static str, status: Status, detail: String, hint: Option<String>) {
        self.steps.push(Step {
            name,
            status,
            detail,
            hint,
        });
    }

    fn pass(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(name, Status::Pass, detail.into(), None);
    }

    /// A failed step always says what to do: the failure's own hint, else
    /// the step's.
    fn fail(&mut self, name: &'static str, failure: Failure) {
        let hint = failure.hint.unwrap_or_else(|| step_hint(name).to_owned());
        self.push(name, Status::Fail, failure.detail, Some(hint));
    }

    fn skip(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(name, Status::Skip, detail.into(), None);
    }

    fn status(&self, name: &str) -> Option<Status> {
        self.steps.iter().find(|s| s.name == name).map(|s| s.status)
    }

    /// Skips `name`, naming the first of `needs` that failed.
    fn skip_after_failure(&mut self, name: &'static str, needs: &[&str]) {
        let blocker = needs
            .iter()
            .find(|n| self.status(n) == Some(Status::Fail))
            .unwrap_or(&"previous");
        self.skip(name, format!("skipped: the {blocker} step failed"));
    }
}

/// What to do when a step failed with no more specific hint.
fn step_hint(name: &str) -> &'static str {
    match name {
        "profile" => "fix the profile with `pbitoken config set`; `pbitoken config show` shows each value and where it comes from",
        "credential" => "check the secret, certificate, token file or password the profile points at; `pbitoken config show` says where each comes from",
        "tenant" => "check tenant, --cloud and authority_host",
        "token" => "run `pbitoken token -v` to see the request; check the app registration's client id and credential",
        "claims" => "check resource/scope, tenant and client_id against the app registration",
        "api" => "check api_base and --cloud, and that the app may call the Power BI API",
        _ => "see `pbitoken check --help` for what this step checks",
    }
}

/// Why a step failed: the detail line and what to do about it.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub detail: String,
    pub hint: Option<String>,
}

impl Failure {
    fn new(detail: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            detail: detail.into(),
            hint: Some(hint.into()),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let mut detail = e.message;
        // `auto`'s attempts, on the same line.
        for note in e.notes.iter().filter(|n| n.starts_with("  - ")) {
            detail.push_str(&format!("; {}", note.trim_start_matches("  - ")));
        }
        Failure {
            detail,
            hint: e.hint,
        }
    }
}

/// Runs the steps. Only a transport that cannot be built at all (an
/// unreadable `--ca-file`) is an error, exit 2 as for `token`; everything
/// about the profile and the app registration is in the report.
pub fn run(opts: Options) -> Result<Report, Error> {
    let transport = Transport::new(&opts.transport)?;
    transport.prepare_https()?;
    let mut report = Report {
        profile: opts.chosen_name,
        ..Report::default()
    };

    let profile = match fields::check(opts.profile) {
        Ok((profile, detail)) => {
            report.profile = Some(profile.name.clone());
            report.pass("profile", detail);
            profile
        }
        Err(failure) => {
            report.fail("profile", failure);
            for name in &STEPS[1..] {
                report.skip(name, "skipped: the profile step failed");
            }
            return Ok(report);
        }
    };

    // `auto` is checked as the method it chooses here.
    let (profile, chosen) = if profile.auth == AuthMethod::Auto {
        match crate::credential::auto::first_available(&profile, |link, p| Ok((p.clone(), link))) {
            Ok((concrete, link)) => (concrete, Some(link)),
            Err(e) => {
                report.fail("credential", Failure::from(e));
                for name in &STEPS[2..] {
                    report.skip(name, "skipped: the credential step failed");
                }
                return Ok(report);
            }
        }
    } else {
        (profile, None)
    };

    let credential = match source::check(&profile, &opts.credential) {
        Ok((credential, detail)) => {
            let detail = match chosen {
                Some(link) => format!("auto chose {}: {detail}", link.name()),
                None => detail,
            };
            report.pass("credential", detail);
            Some(credential)
        }
        Err(failure) => {
            report.fail("credential", failure);
            None
        }
    };

    let tenant_id = match discovery::check(&transport, &profile) {
        discovery::Outcome::Found { tenant_id, detail } => {
            report.pass("tenant", detail);
            tenant_id
        }
        discovery::Outcome::Skipped(detail) => {
            report.skip("tenant", detail);
            None
        }
        discovery::Outcome::Failed(failure) => {
            report.fail("tenant", failure);
            None
        }
    };

    let token = match credential {
        Some(c) if report.status("tenant") != Some(Status::Fail) => {
            token_step(&mut report, &transport, &profile, c.as_ref())
        }
        _ => {
            report.skip_after_failure("token", &["credential", "tenant"]);
            None
        }
    };

    match &token {
        Some(token) => {
            let (outcome, claims) = claims::check(token, &profile, tenant_id.as_deref());
            report.claims = claims;
            match outcome {
                claims::Outcome::Pass(detail) => report.pass("claims", detail),
                claims::Outcome::Skip(detail) => report.skip("claims", detail),
                claims::Outcome::Fail(failure) => report.fail("claims", failure),
            }
        }
        None => report.skip("claims", "skipped: no token was issued"),
    }

    match (&token, opts.api) {
        (_, false) => report.skip("api", "not requested (use --api)"),
        (None, true) => report.skip("api", "skipped: no token was issued"),
        (Some(token), true) => match api::check(&transport, &profile, token) {
            Ok(detail) => report.pass("api", detail),
            Err(failure) => report.fail("api", failure),
        },
    }
    Ok(report)
}

/// Step 4: a token straight from the authority. The cache is neither read
/// nor written: a cached token would prove nothing about the registration
/// as it is now.
fn token_step(
    report: &mut Report,
    transport: &Transport,
    profile: &Profile,
    credential: &dyn Credential,
) -> Option<Token> {
    let request = acquire::Request {
        profile,
        cache: CachePolicy::Bypass,
        cache_at: None,
        credential: CredentialSource::Ready(credential),
        transport: TransportSource::ready(transport),
    };
    // Bypassing the cache, there is no cache to warn about.
    match acquire::acquire(&request, &mut |_| {}) {
        Ok((token, _)) => {
            let left = token.expires_in(crate::token::now()).max(0);
            report.pass(
                "token",
                format!(
                    "issued by {}: {}, valid for {} min",
                    profile.token_url(),
                    token.token_type,
                    left / 60
                ),
            );
            Some(token)
        }
        Err(e) => {
            report.fail("token", Failure::from(e));
            None
        }
    }
}
