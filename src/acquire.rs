//! The library's front door: a resolved [`Profile`] and a [`CachePolicy`]
//! in, a [`Token`] out, through the token cache. `pbitoken token` and
//! `pbitoken check` both come here, and so does a long-running caller:
//! nothing is kept between calls.
//!
//! The cache protocol, in one place:
//!
//! 1. The hot path: read the key's entry; a fresh one is the answer. One
//!    file read, no HTTP client.
//! 2. A miss: take the key's lock, then read again; the process that held
//!    the lock may have just written a fresh token.
//! 3. Still nothing fresh: redeem the entry's refresh token if there is
//!    one; when the authority refuses it, sign in with the profile's
//!    credential.
//! 4. Write the entry, then release the lock at once (before the caller
//!    prints; stdout may block).

use std::sync::OnceLock;
use std::time::Duration;

use crate::cache::{Cache, Entry, Key, LockGuard};
use crate::credential::{self, Credential, CredentialOptions};
use crate::error::{Error, ExitCode};
use crate::http::{Transport, TransportOptions};
use crate::log::log;
use crate::method::AuthMethod;
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::{self, Token};

/// How the token cache takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Read and write the cache (`pbitoken token`).
    Use {
        /// `--force-refresh`: never reuse a cached access token (a cached
        /// refresh token is still redeemed).
        force_refresh: bool,
        /// `--min-validity`: a cached token must stay valid this many
        /// seconds more.
        min_validity: u64,
    },
    /// `--no-cache`: neither read nor written.
    NoCache,
    /// `check`: straight from the authority, not even the cache key is
    /// worked out; a cached token would prove nothing about the app
    /// registration as it is now.
    Bypass,
}

impl CachePolicy {
    /// The policy for `token`'s flags.
    pub fn from_flags(no_cache: bool, force_refresh: bool, min_validity: u64) -> CachePolicy {
        if no_cache {
            CachePolicy::NoCache
        } else {
            CachePolicy::Use {
                force_refresh,
                min_validity,
            }
        }
    }
}

/// Where the credential comes from when the cache cannot answer.
pub enum CredentialSource<'a> {
    /// Built for the profile's auth method when needed (a cache hit reads
    /// no secret and prompts for no password).
    Build(CredentialOptions),
    /// One the caller built already (`check` builds it to test it).
    Ready(&'a dyn Credential),
}

/// The HTTP client: built on the first request (a cache hit needs none), or
/// one the caller already has.
pub struct TransportSource<'a>(Lazy<'a>);

enum Lazy<'a> {
    Options(TransportOptions, OnceLock<Box<Transport>>),
    Ready(&'a Transport),
}

impl<'a> TransportSource<'a> {
    /// A transport made from `opts` if a request is needed.
    pub fn lazy(opts: TransportOptions) -> TransportSource<'a> {
        TransportSource(Lazy::Options(opts, OnceLock::new()))
    }

    /// The caller's transport.
    pub fn ready(transport: &'a Transport) -> TransportSource<'a> {
        TransportSource(Lazy::Ready(transport))
    }

    /// How long one request may take; the cache lock is waited for as long.
    pub(crate) fn timeout(&self) -> Duration {
        match &self.0 {
            Lazy::Options(opts, _) => opts.timeout,
            Lazy::Ready(t) => t.timeout(),
        }
    }

    /// The transport, built now if need be.
    pub fn get(&self) -> Result<&Transport, Error> {
        match &self.0 {
            Lazy::Ready(t) => Ok(t),
            Lazy::Options(opts, built) => {
                if let Some(t) = built.get() {
                    return Ok(t);
                }
                let transport = Box::new(Transport::new(opts)?);
                Ok(built.get_or_init(|| transport))
            }
        }
    }
}

/// What [`acquire`] needs.
pub struct Request<'a> {
    /// The resolved profile.
    pub profile: &'a Profile,
    /// How the cache takes part.
    pub cache: CachePolicy,
    /// Where the cache is; `None`: `PBITOKEN_CACHE_DIR`, else the
    /// platform's cache folder, as for the command line.
    pub cache_at: Option<Cache>,
    /// The credential, if the cache cannot answer.
    pub credential: CredentialSource<'a>,
    /// The HTTP client, if the cache cannot answer.
    pub transport: TransportSource<'a>,
}

/// A token for the request's profile, and whether it came from the cache.
/// `warn` hears about a cache that cannot be used (pbitoken then goes on
/// without it); nothing is printed here.
pub fn acquire(req: &Request<'_>, warn: &mut dyn FnMut(&str)) -> Result<(Token, bool), Error> {
    acquire_used(req, warn).map(|used| (used.token, used.cached))
}

/// What [`acquire_used`] got, and with which profile.
#[derive(Debug)]
pub struct Used {
    /// The token.
    pub token: Token,
    /// Whether it came from the cache.
    pub cached: bool,
    /// The profile it was signed in with: the request's, or for `auth =
    /// "auto"` the concrete one the chain chose (its method, tenant and
    /// client), which output names.
    pub profile: Profile,
}

/// [`acquire`], also saying which profile signed in: `auth = "auto"`
/// becomes the first available method here, and its tokens are cached
/// under that method.
pub fn acquire_used(req: &Request<'_>, warn: &mut dyn FnMut(&str)) -> Result<Used, Error> {
    if req.profile.auth == AuthMethod::Auto {
        return credential::auto::first_available(req.profile, |_, concrete| {
            let (token, cached) = acquire_as(req, concrete, warn)?;
            Ok(Used {
                token,
                cached,
                profile: concrete.clone(),
            })
        });
    }
    let (token, cached) = acquire_as(req, req.profile, warn)?;
    Ok(Used {
        token,
        cached,
        profile: req.profile.clone(),
    })
}

/// The cache protocol for `profile`, a concrete one.
fn acquire_as(
    req: &Request<'_>,
    profile: &Profile,
    warn: &mut dyn FnMut(&str),
) -> Result<(Token, bool), Error> {
    let (force_refresh, min_validity) = match req.cache {
        CachePolicy::Use {
            force_refresh,
            min_validity,
        } => (force_refresh, min_validity),
        CachePolicy::NoCache => (false, 0),
        CachePolicy::Bypass => {
            let token = sign_in(req, profile)?;
            return Ok((token, false));
        }
    };
    let cache = match req.cache {
        CachePolicy::Use { .. } => usable_cache(req.cache_at.clone(), warn),
        _ => None,
    };
    let key = Key::new(profile, credential::cache_identity(profile)?.as_deref());
    let kept = AccessToken {
        key: &key,
        profile: &profile.name,
        min_validity,
    };
    through_cache(
        &kept,
        cache.as_ref(),
        !force_refresh,
        req.transport.timeout(),
        // --force-refresh never reuses the access token, but a user's
        // refresh token still saves asking for the password again.
        |stale, _| {
            // The client is built before the credential, whichever is used.
            req.transport.get()?;
            let refresh_token = stale.and_then(|e| e.token().refresh_token);
            let mut token = obtain(req, profile, refresh_token.as_ref())?;
            if token.refresh_token.is_none() {
                token.refresh_token = refresh_token;
            }
            Ok(token)
        },
        warn,
    )
}

/// One kind of thing kept in the token cache under a key: access tokens
/// here, embed tokens in `embed.rs`. [`through_cache`] is the protocol;
/// this is what differs between the kinds.
pub(crate) trait Kept {
    /// What the cache file holds.
    type Entry;
    /// What the caller gets.
    type Value;
    /// How `-v` names this cache.
    const LABEL: &'static str;
    /// The key's entry; anything odd is a miss.
    fn read(&self, cache: &Cache) -> Option<Self::Entry>;
    /// Whether an entry may be the answer.
    fn fresh(&self, entry: &Self::Entry) -> bool;
    /// The answer an entry gives.
    fn value(&self, entry: Self::Entry) -> Self::Value;
    /// Takes the key's lock, waiting at most `wait`.
    fn lock(&self, cache: &Cache, wait: Duration) -> LockGuard;
    /// Writes the key's entry under its lock.
    fn write(&self, cache: &Cache, value: &Self::Value, lock: &LockGuard) -> std::io::Result<()>;
}

/// The cache protocol (see the module's documentation): a fresh entry is
/// the answer; on a miss, take the key's lock and read again; else
/// `obtain` (given the stale entry, if any, and `warn`), write, and release the lock
/// before the caller prints. `reuse` false (`--force-refresh`) skips the
/// fresh entries. Returns the value and whether it came from the cache.
pub(crate) fn through_cache<K: Kept>(
    kept: &K,
    cache: Option<&Cache>,
    reuse: bool,
    wait: Duration,
    obtain: impl FnOnce(Option<K::Entry>, &mut dyn FnMut(&str)) -> Result<K::Value, Error>,
    warn: &mut dyn FnMut(&str),
) -> Result<(K::Value, bool), Error> {
    // The hot path: one file read, no HTTP client.
    if let (Some(cache), true) = (cache, reuse) {
        if let Some(entry) = kept.read(cache).filter(|e| kept.fresh(e)) {
            log(1, format!("{}: hit in {}", K::LABEL, cache.dir().display()));
            return Ok((kept.value(entry), true));
        }
    }

    // A miss: take the key's lock, then look again; the process that held
    // it may have just written a fresh entry.
    let lock = cache.map(|c| kept.lock(c, wait));
    let stale = match cache.and_then(|c| kept.read(c)) {
        Some(entry) if reuse && kept.fresh(&entry) => {
            log(1, format!("{}: filled by a concurrent pbitoken", K::LABEL));
            // Returning drops the lock: the next waiter goes in before the
            // caller prints (stdout may block).
            return Ok((kept.value(entry), true));
        }
        stale => stale,
    };

    let value = obtain(stale, warn)?;
    if let (Some(cache), Some(lock)) = (cache, &lock) {
        if let Err(e) = kept.write(cache, &value, lock) {
            warn(&format!(
                "cannot write the token cache in {}: {e}",
                cache.dir().display()
            ));
        }
    }
    // The entry is written: the lock has done its job.
    drop(lock);
    Ok((value, false))
}

/// The cache at `at` (else `PBITOKEN_CACHE_DIR`, else the platform's
/// folder), if its folder may be used; `warn` hears why not otherwise, and
/// pbitoken goes on without a cache.
pub(crate) fn usable_cache(at: Option<Cache>, warn: &mut dyn FnMut(&str)) -> Option<Cache> {
    at.or_else(Cache::locate).filter(|c| match c.check_dir() {
        Ok(()) => true,
        Err(e) => {
            warn(&format!("not using the token cache: {e}"));
            false
        }
    })
}

/// Access tokens, under their profile's [`Key`].
struct AccessToken<'k> {
    key: &'k Key,
    profile: &'k str,
    min_validity: u64,
}

impl Kept for AccessToken<'_> {
    type Entry = Entry;
    type Value = Token;
    const LABEL: &'static str = "cache";

    fn read(&self, cache: &Cache) -> Option<Entry> {
        cache.read(self.key)
    }

    fn fresh(&self, entry: &Entry) -> bool {
        entry.is_fresh(token::now(), self.min_validity)
    }

    fn value(&self, entry: Entry) -> Token {
        entry.token()
    }

    fn lock(&self, cache: &Cache, wait: Duration) -> LockGuard {
        cache.lock(self.key, wait)
    }

    fn write(&self, cache: &Cache, token: &Token, lock: &LockGuard) -> std::io::Result<()> {
        cache.write(self.key, self.profile, token, lock)
    }
}

/// A new token: from the refresh token if there is one and the authority
/// still takes it, else from the profile's credential.
fn obtain(
    req: &Request<'_>,
    profile: &Profile,
    refresh_token: Option<&Secret>,
) -> Result<Token, Error> {
    if let Some(rt) = refresh_token {
        match credential::refresh(req.transport.get()?, profile, rt) {
            Ok(token) => {
                log(1, "cache: refreshed with the cached refresh token");
                return Ok(token);
            }
            Err(e) if matches!(e.code, ExitCode::Refused | ExitCode::Interaction) => {
                log(1, format!("cache: refresh refused ({e}); signing in again"));
            }
            Err(e) => return Err(e),
        }
    }
    sign_in(req, profile)
}

/// A token from the profile's credential.
fn sign_in(req: &Request<'_>, profile: &Profile) -> Result<Token, Error> {
    match &req.credential {
        CredentialSource::Ready(credential) => credential.get_token(req.transport.get()?),
        CredentialSource::Build(opts) => {
            let credential = credential::for_profile(profile, opts)?;
            credential.get_token(req.transport.get()?)
        }
    }
}
