//! The token cache: one small JSON file per key, 0600 in a 0700 folder,
//! written atomically, with a per-key lock so that concurrent invocations
//! make one request between them.
//!
//! Reading is the hot path (`pbitoken token` called again and again from a
//! script): it opens one file and parses it, nothing else. Anything odd about
//! an entry (garbage, wrong shape, wrong permissions, a folder or a symlink
//! where the file should be) makes it a miss, never an error.

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::private::{check_own_dir, create_private_dir, open_private, write_atomic};
use crate::profile::Profile;
use crate::secret::Secret;
use crate::token::Token;

/// Env var naming the cache folder.
pub const CACHE_DIR_ENV: &str = "PBITOKEN_CACHE_DIR";
/// Entries larger than this are not read (a real one is a few KiB).
const MAX_ENTRY: u64 = 256 * 1024;
const ENTRY_VERSION: u32 = 1;

/// What identifies a token: everything that changes it. The secret enters
/// the key only as part of a hash, so a different secret is a different
/// entry but no file holds the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySummary {
    /// Token URL (authority host + tenant + endpoint version, or token_endpoint).
    pub token_url: String,
    /// Tenant as configured.
    pub tenant: Option<String>,
    /// Client id.
    pub client_id: Option<String>,
    /// Auth method name.
    pub auth: String,
    /// User, for user sign-in.
    pub username: Option<String>,
    /// `v1` or `v2`.
    pub endpoint: String,
    /// Scope (v2) or resource (v1).
    pub target: String,
}

/// A cache key: the summary plus the file name derived from it.
#[derive(Debug, Clone)]
pub struct Key {
    /// What the entry is for (stored in the entry, shown by `cache list`).
    pub summary: KeySummary,
    id: String,
}

impl Key {
    /// The key for a profile. `credential` identifies the credential (a
    /// digest of the client secret, say) or is `None` for user sign-in, whose
    /// entries must survive without the password.
    pub fn new(profile: &Profile, credential: Option<&str>) -> Key {
        let summary = KeySummary {
            token_url: profile.token_url(),
            tenant: profile.tenant.clone(),
            client_id: profile.client_id.clone(),
            auth: profile.auth.name().to_owned(),
            username: profile.username.clone(),
            endpoint: profile.endpoint.name().to_owned(),
            target: profile.target().to_owned(),
        };
        let mut h = Sha256::new();
        h.update(b"pbitoken cache key v1\0");
        for part in [
            Some(summary.token_url.as_str()),
            summary.tenant.as_deref(),
            summary.client_id.as_deref(),
            Some(summary.auth.as_str()),
            summary.username.as_deref().map(str::trim),
            Some(summary.endpoint.as_str()),
            Some(summary.target.as_str()),
            credential,
        ] {
            // Length-prefixed, so no two different keys hash the same bytes.
            let bytes = part.unwrap_or("\u{0}none").as_bytes();
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        let id = h
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Key { summary, id }
    }

    /// The entry's file name stem.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// What one cache file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Format version.
    pub version: u32,
    /// The profile that wrote it (for `cache list` and `cache clear --profile`).
    pub profile: String,
    /// What it is for.
    pub key: KeySummary,
    /// The access token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Unix seconds.
    pub expires_on: i64,
    /// The other response fields.
    #[serde(default)]
    pub extra: Map<String, Value>,
    /// Refresh token (password / device code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl Entry {
    /// The entry that keeps `token` for `key`, written by `profile`.
    pub fn new(key: &Key, profile: &str, token: &Token) -> Entry {
        Entry {
            version: ENTRY_VERSION,
            profile: profile.to_owned(),
            key: key.summary.clone(),
            access_token: token.access_token.expose().to_owned(),
            token_type: token.token_type.clone(),
            expires_on: token.expires_on,
            extra: token.extra.clone(),
            refresh_token: token.refresh_token.as_ref().map(|s| s.expose().to_owned()),
        }
    }

    /// The bytes of the entry's file, as [`parse_entry`] reads them.
    pub fn to_bytes(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(self)
    }

    /// The token this entry holds.
    pub fn token(&self) -> Token {
        Token {
            access_token: Secret::new(self.access_token.clone()),
            token_type: self.token_type.clone(),
            expires_on: self.expires_on,
            refresh_token: self.refresh_token.clone().map(Secret::new),
            extra: self.extra.clone(),
        }
    }

    /// Whether the access token has at least `min_validity` seconds left.
    pub fn is_fresh(&self, now: i64, min_validity: u64) -> bool {
        // Wide enough that no entry and no --min-validity can wrap around
        // (`as i64` made a huge --min-validity negative: every entry fresh).
        i128::from(self.expires_on) - i128::from(now) >= i128::from(min_validity)
    }
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// Holds a key's lock until dropped.
pub struct LockGuard {
    file: Option<File>,
}

impl LockGuard {
    /// Whether the lock was actually taken (see [`Cache::lock`]).
    pub fn held(&self) -> bool {
        self.file.is_some()
    }
}

impl Cache {
    /// The folder from `PBITOKEN_CACHE_DIR`, else the platform cache dir;
    /// `None` when there is no home to put it in. Touches nothing on disk.
    pub fn locate() -> Option<Cache> {
        let dir = std::env::var_os(CACHE_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "pbitoken")
                    .map(|d| d.cache_dir().to_path_buf())
            })?;
        Some(Cache { dir })
    }

    /// A cache in the given folder.
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Fails when the folder is there but is a symlink, not a folder, or
    /// someone else's: pbitoken then neither reads nor writes the cache
    /// (see SECURITY.md). A missing folder is fine; it is made on writing.
    pub fn check_dir(&self) -> std::io::Result<()> {
        check_own_dir(&self.dir)
    }

    fn entry_path(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{}.json", key.id))
    }

    /// Reads a key's entry; any problem is a miss.
    pub fn read(&self, key: &Key) -> Option<Entry> {
        let entry = read_entry(&self.entry_path(key))?;
        (entry.key == key.summary).then_some(entry)
    }

    /// Takes the key's lock, waiting at most `wait`. Without it (no folder,
    /// a lock held too long) the caller goes on unlocked: the cache is an
    /// optimisation and must never be why a token is not printed.
    pub fn lock(&self, key: &Key, wait: Duration) -> LockGuard {
        let file = self.ensure_dir().ok().and_then(|_| {
            let locks = self.dir.join("locks");
            create_private_dir(&locks).ok()?;
            let path = locks.join(format!("{}.lock", key.id));
            let file = open_private(&path, false).ok()?;
            if wait_for_lock(&file, wait) {
                Some(file)
            } else {
                crate::log::log(1, "cache: lock not taken; going on without it");
                None
            }
        });
        LockGuard { file }
    }

    /// Writes an entry: a private temp file in the same folder, synced, then
    /// renamed over the old one, so a reader sees the old entry or the new.
    ///
    /// With the key's `lock` held, temp files other writers of this key left
    /// are removed first: whoever wrote them held this lock and died
    /// mid-write (the lock is free again), or went on without the lock and
    /// merely loses its write.
    pub fn write(
        &self,
        key: &Key,
        profile: &str,
        token: &Token,
        lock: &LockGuard,
    ) -> std::io::Result<()> {
        self.ensure_dir()?;
        if lock.held() {
            self.remove_leftovers(key);
        }
        let bytes = Entry::new(key, profile, token)
            .to_bytes()
            .map_err(std::io::Error::other)?;
        let path = self.entry_path(key);
        write_atomic(&self.dir, &path, &bytes)
    }

    /// Removes `.<id>.json.<pid>.<nanos>.tmp` files of a key (see
    /// [`write_atomic`]). Only called under the key's lock.
    fn remove_leftovers(&self, key: &Key) {
        let prefix = format!(".{}.json.", key.id);
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for item in dir.filter_map(Result::ok) {
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                crate::log::log(1, format!("cache: removing the leftover {name}"));
                let _ = fs::remove_file(item.path());
            }
        }
    }

    /// Every readable entry with its file.
    pub fn list(&self) -> Vec<(PathBuf, Entry)> {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<(PathBuf, Entry)> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| read_entry(&p).map(|e| (p, e)))
            .collect();
        out.sort_by(|a, b| a.1.profile.cmp(&b.1.profile).then(a.0.cmp(&b.0)));
        out
    }

    /// Removes the entries of one profile (or all, with `None`), damaged
    /// ones and stale temp and lock files included when clearing all.
    /// Returns how many entries went.
    pub fn clear(&self, profile: Option<&str>) -> std::io::Result<usize> {
        let dir = match fs::read_dir(&self.dir) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for item in dir.filter_map(Result::ok) {
            let path = item.path();
            let is_entry = path.extension().is_some_and(|x| x == "json");
            let matches = match profile {
                None => true,
                Some(name) => is_entry && read_entry(&path).is_some_and(|e| e.profile == name),
            };
            if !matches {
                continue;
            }
            let meta = fs::symlink_metadata(&path)?;
            if meta.is_dir() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::remove_file(&path)?;
            }
            if is_entry {
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn ensure_dir(&self) -> std::io::Result<()> {
        create_private_dir(&self.dir)
    }
}

/// Takes `file`'s exclusive lock, waiting at most `wait`; whether it was
/// taken. A held lock is waited for by a blocking `flock` on a helper
/// thread, so the waiter wakes when the holder lets go, not on a poll tick.
/// If the wait runs out first, the helper lets go of the lock as soon as it
/// gets it (the lock belongs to the open file, shared with the clone).
fn wait_for_lock(file: &File, wait: Duration) -> bool {
    match file.try_lock() {
        Ok(()) => return true,
        Err(fs::TryLockError::WouldBlock) if !wait.is_zero() => {}
        Err(_) => return false,
    }
    let Ok(clone) = file.try_clone() else {
        return false;
    };
    // A rendezvous channel: the hand-over happens, or the send fails
    // because the caller stopped waiting; never a lock left in a buffer.
    let (tx, rx) = std::sync::mpsc::sync_channel(0);
    let spawned = std::thread::Builder::new()
        .name("cache-lock".into())
        .spawn(move || {
            let locked = clone.lock().is_ok();
            if tx.send(locked).is_err() && locked {
                // The caller gave up waiting and went on without the lock.
                let _ = clone.unlock();
            }
        });
    if spawned.is_err() {
        return false;
    }
    rx.recv_timeout(wait).unwrap_or(false)
}

/// Reads an entry file, refusing anything that is not a private regular
/// file of ours with the expected shape.
fn read_entry(path: &Path) -> Option<Entry> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK);
    }
    let file = opts.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_ENTRY {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.mode() & 0o077 != 0 || meta.uid() != me {
            crate::log::log(
                1,
                format!("cache: ignoring {} (permissions)", path.display()),
            );
            return None;
        }
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_ENTRY).read_to_end(&mut bytes).ok()?;
    parse_entry(&bytes)
}

/// Parses the bytes of an entry file; anything but an entry of this
/// version holding a bearer token is `None` (a miss).
pub fn parse_entry(bytes: &[u8]) -> Option<Entry> {
    let entry: Entry = serde_json::from_slice(bytes).ok()?;
    let sane = entry.version == ENTRY_VERSION
        && !entry.access_token.is_empty()
        && entry.token_type.eq_ignore_ascii_case("bearer");
    sane.then_some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{resolve, Overrides};

    fn profile(tenant: &str, user: Option<&str>) -> Profile {
        let text = format!(
            "[profiles.p]\ntenant = \"{tenant}\"\nclient_id = \"c\"\nauth = \"{}\"\n{}",
            if user.is_some() {
                "password"
            } else {
                "client_secret"
            },
            user.map(|u| format!("username = \"{u}\"\n"))
                .unwrap_or_default()
        );
        let cfg = crate::config::LoadedConfig {
            path: PathBuf::from("/x/config.toml"),
            file: crate::config::parse(&text).unwrap(),
        };
        resolve(Some(&cfg), Some("p"), &Overrides::default()).unwrap()
    }

    fn token(expires_on: i64) -> Token {
        Token {
            access_token: Secret::new("eyJ-token-value"),
            token_type: "Bearer".into(),
            expires_on,
            refresh_token: Some(Secret::new("refresh-value")),
            extra: Map::new(),
        }
    }

    #[test]
    fn keys_differ_by_every_field_and_the_secret() {
        let a = Key::new(&profile("t1", None), Some("s1"));
        let b = Key::new(&profile("t2", None), Some("s1"));
        let c = Key::new(&profile("t1", None), Some("s2"));
        let d = Key::new(&profile("t1", Some("u")), None);
        let a2 = Key::new(&profile("t1", None), Some("s1"));
        assert_eq!(a.id(), a2.id());
        for other in [&b, &c, &d] {
            assert_ne!(a.id(), other.id());
        }
        assert!(!a.id().contains("s1"));
    }

    #[test]
    fn round_trip_and_freshness() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("c"));
        let key = Key::new(&profile("t", None), None);
        assert!(cache.read(&key).is_none());
        cache
            .write(&key, "p", &token(1000), &cache.lock(&key, Duration::ZERO))
            .unwrap();
        let e = cache.read(&key).unwrap();
        assert_eq!(e.access_token, "eyJ-token-value");
        assert!(e.is_fresh(600, 300));
        assert!(!e.is_fresh(800, 300));
        assert_eq!(cache.list().len(), 1);
        assert_eq!(cache.clear(Some("other")).unwrap(), 0);
        assert_eq!(cache.clear(Some("p")).unwrap(), 1);
        assert!(cache.read(&key).is_none());
    }

    #[test]
    fn a_locked_write_removes_the_keys_leftover_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = Key::new(&profile("t", None), None);
        let other = Key::new(&profile("t2", None), None);
        fs::create_dir_all(dir.path()).unwrap();
        let leftover = dir.path().join(format!(".{}.json.4242.17.tmp", key.id()));
        let others = dir.path().join(format!(".{}.json.4242.17.tmp", other.id()));
        fs::write(&leftover, "{\"half").unwrap();
        fs::write(&others, "{\"half").unwrap();
        // Without the lock, nothing is swept: another writer may be busy.
        let unlocked = LockGuard { file: None };
        cache.write(&key, "p", &token(1000), &unlocked).unwrap();
        assert!(leftover.exists());
        let lock = cache.lock(&key, Duration::ZERO);
        assert!(lock.held());
        cache.write(&key, "p", &token(1000), &lock).unwrap();
        assert!(!leftover.exists(), "the key's leftover stayed");
        assert!(others.exists(), "another key's temp file was removed");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_or_foreign_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let cache = Cache::at(&link);
        assert!(cache.check_dir().is_err());
        let key = Key::new(&profile("t", None), None);
        let lock = cache.lock(&key, Duration::ZERO);
        assert!(!lock.held(), "locked through a symlinked folder");
        assert!(cache.write(&key, "p", &token(1000), &lock).is_err());
        assert_eq!(fs::read_dir(&real).unwrap().count(), 0, "wrote through it");
        assert!(Cache::at(&real).check_dir().is_ok());
        assert!(Cache::at(dir.path().join("missing")).check_dir().is_ok());
    }

    #[test]
    fn freshness_never_wraps_around() {
        let key = Key::new(&profile("t", None), None);
        let mut e = Entry::new(&key, "p", &token(1_699_999_999));
        assert!(!e.is_fresh(1_700_000_000, u64::MAX), "huge --min-validity");
        assert!(!e.is_fresh(1_700_000_000, 1 << 63));
        e.expires_on = i64::MIN;
        assert!(!e.is_fresh(1_700_000_000, 0));
        e.expires_on = i64::MAX;
        assert!(e.is_fresh(1_700_000_000, 300));
        assert!(!e.is_fresh(0, u64::MAX));
    }

    #[cfg(unix)]
    #[test]
    fn damaged_entries_are_misses_and_get_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = Key::new(&profile("t", None), None);
        let path = cache.entry_path(&key);
        for damage in ["garbage", "{\"version\":1", "{\"version\":1,\"x\":2}", "[]"] {
            fs::write(&path, damage).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            assert!(cache.read(&key).is_none(), "{damage}");
            cache
                .write(&key, "p", &token(1000), &cache.lock(&key, Duration::ZERO))
                .unwrap();
            assert!(cache.read(&key).is_some());
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(
            cache.read(&key).is_none(),
            "group-readable entry must be a miss"
        );
        fs::remove_file(&path).unwrap();
        fs::create_dir_all(path.join("sub")).unwrap();
        assert!(cache.read(&key).is_none());
        cache
            .write(&key, "p", &token(1000), &cache.lock(&key, Duration::ZERO))
            .unwrap();
        assert!(cache.read(&key).is_some());
    }
}
