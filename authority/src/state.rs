//! What the authority remembers between requests: the directory, the
//! tokens and sign-ins it has handed out, the faults it was told to play
//! and the requests it received. The routes read and change it; it knows
//! nothing of them.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use crate::directory::Directory;
use crate::faults::Fault;
use crate::http::Request;
use crate::recording::RecordedRequest;

/// Default `expires_in` of issued tokens, as Entra usually answers.
const DEFAULT_LIFETIME: u64 = 3599;
/// Entra's default `expires_in` and `interval` of device codes.
const DEFAULT_DEVICE_TIMING: (u64, u64) = (900, 5);
/// Entra's authorization codes live about ten minutes.
const DEFAULT_AUTH_CODE_LIFETIME: u64 = 600;

/// State shared by the accept loop, the connection threads and the handle.
pub(crate) struct State {
    pub dir: Directory,
    /// `http://127.0.0.1:PORT` or `https://localhost:PORT`.
    pub base_url: String,
    /// Issued refresh tokens and what they stand for.
    pub refresh_tokens: Mutex<HashMap<String, RefreshGrant>>,
    /// Device code sign-ins in progress.
    pub device_codes: Mutex<Vec<DeviceSession>>,
    /// Workspaces created and deleted through the Power BI API.
    pub workspaces: Mutex<WorkspaceChanges>,
    /// `(expires_in, interval)` of new device codes.
    pub device_timing: Mutex<(u64, u64)>,
    /// Browser sign-ins waiting for the form to be submitted, by id.
    pub sign_in_flows: Mutex<HashMap<String, SignInFlow>>,
    /// Issued authorization codes not yet redeemed.
    pub auth_codes: Mutex<HashMap<String, AuthCode>>,
    /// Codes already redeemed (a second try is AADSTS54005).
    pub redeemed_codes: Mutex<Vec<String>>,
    /// How long a new authorization code may wait to be redeemed.
    pub auth_code_lifetime: AtomicU64,
    /// What the authorize endpoint does in place of a person.
    pub sign_in: Mutex<SignIn>,
    faults: Mutex<VecDeque<Fault>>,
    always: Mutex<Option<Fault>>,
    requests: Mutex<Vec<RecordedRequest>>,
    token_requests: AtomicUsize,
    lifetime: AtomicU64,
    stopping: AtomicBool,
    /// Answer like a keep-alive server (see `Authority::set_keep_alive`).
    keep_alive: AtomicBool,
}

/// What an issued refresh token stands for.
#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub tenant_id: String,
    pub client_id: String,
    pub upn: String,
    /// The resource of the original request, the default for v1 refreshes without `resource`.
    pub resource: String,
}

/// What the authorize endpoint does when a browser arrives: show the form
/// to a person, or act for a test.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SignIn {
    /// The sign-in form, for a person (or a test that posts it).
    #[default]
    Form,
    /// Signs this user in at once, without the form, and redirects: for
    /// tests that act as the browser with plain HTTP.
    As(String),
    /// This user declines the consent prompt (AADSTS65004).
    Decline(String),
    /// The form, filled in with this user's name and password and
    /// submitted by a small inline script: for a real headless browser.
    AutoSubmit(String),
}

/// An authorize request waiting for its form.
#[derive(Debug, Clone)]
pub(crate) struct SignInFlow {
    pub tenant_id: Option<String>,
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    /// `scope` (v2) or `resource` (v1).
    pub target: String,
    pub code_challenge: Option<String>,
    pub login_hint: Option<String>,
}

/// An issued authorization code.
#[derive(Debug, Clone)]
pub(crate) struct AuthCode {
    pub tenant_id: String,
    pub client_id: String,
    pub upn: String,
    pub redirect_uri: String,
    pub target: String,
    /// S256 challenge, when the request carried one.
    pub code_challenge: Option<String>,
    pub expires_at: Instant,
}

/// What the Power BI API's callers changed about the workspaces.
#[derive(Debug, Clone, Default)]
pub(crate) struct WorkspaceChanges {
    /// `(tenant id, workspace id, name)` of the workspaces created.
    pub created: Vec<(String, String, String)>,
    /// Ids of the workspaces deleted.
    pub deleted: Vec<String>,
}

/// What became of a device code sign-in on the other device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeviceState {
    Pending,
    Approved(String),
    Declined,
}

/// One device code sign-in in progress.
#[derive(Debug, Clone)]
pub(crate) struct DeviceSession {
    pub device_code: String,
    pub user_code: String,
    pub client_id: String,
    /// The `scope` (v2) or `resource` (v1) asked for; polls need not repeat it.
    pub target: String,
    pub state: DeviceState,
    pub expires_at: Instant,
    /// Answer the next poll with `slow_down`.
    pub slow_down: bool,
    /// Polled already, to tell `slow_down` from the first poll.
    pub polls: u32,
}

/// Locks ignoring poisoning: a panicking connection thread must not take
/// the whole authority down with it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn new(dir: Directory, base_url: String) -> State {
        State {
            dir,
            base_url,
            refresh_tokens: Mutex::new(HashMap::new()),
            device_codes: Mutex::new(Vec::new()),
            device_timing: Mutex::new(DEFAULT_DEVICE_TIMING),
            workspaces: Mutex::new(WorkspaceChanges::default()),
            sign_in_flows: Mutex::new(HashMap::new()),
            auth_codes: Mutex::new(HashMap::new()),
            redeemed_codes: Mutex::new(Vec::new()),
            auth_code_lifetime: AtomicU64::new(DEFAULT_AUTH_CODE_LIFETIME),
            sign_in: Mutex::new(SignIn::Form),
            faults: Mutex::new(VecDeque::new()),
            always: Mutex::new(None),
            requests: Mutex::new(Vec::new()),
            token_requests: AtomicUsize::new(0),
            lifetime: AtomicU64::new(DEFAULT_LIFETIME),
            stopping: AtomicBool::new(false),
            keep_alive: AtomicBool::new(false),
        }
    }

    /// `expires_in` for tokens issued now.
    pub fn lifetime(&self) -> u64 {
        self.lifetime.load(Ordering::Relaxed)
    }

    pub fn set_lifetime(&self, secs: u64) {
        self.lifetime.store(secs, Ordering::Relaxed);
    }

    pub fn push_fault(&self, fault: Fault) {
        lock(&self.faults).push_back(fault);
    }

    pub fn set_fault_always(&self, fault: Option<Fault>) {
        *lock(&self.always) = fault;
    }

    /// The fault for the request at hand: the next queued one, else the standing one.
    pub fn next_fault(&self) -> Option<Fault> {
        lock(&self.faults)
            .pop_front()
            .or_else(|| lock(&self.always).clone())
    }

    /// Remembers a request; `token_endpoint` says whether it counts
    /// towards [`State::token_requests`].
    pub fn record(&self, req: &Request, token_endpoint: bool) {
        if token_endpoint {
            self.token_requests.fetch_add(1, Ordering::SeqCst);
        }
        lock(&self.requests).push(RecordedRequest::from_request(req));
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    pub fn token_requests(&self) -> usize {
        self.token_requests.load(Ordering::SeqCst)
    }

    pub fn keep_alive(&self) -> bool {
        self.keep_alive.load(Ordering::SeqCst)
    }

    pub fn set_keep_alive(&self, on: bool) {
        self.keep_alive.store(on, Ordering::SeqCst);
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Changes the device code sign-in with `user_code`; false when there is none.
    pub fn with_device_session(&self, user_code: &str, f: impl FnOnce(&mut DeviceSession)) -> bool {
        let mut sessions = lock(&self.device_codes);
        match sessions.iter_mut().find(|s| s.user_code == user_code) {
            Some(s) => {
                f(s);
                true
            }
            None => false,
        }
    }
}
