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

use crate::private::{
    check_own_dir, check_private_dir, create_private_dir, open_private, write_atomic,
};
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
    /// The profile that wrote it last (shown by `cache list`; profiles with
    /// the same settings share an entry, so it says nothing about whose it is).
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
            expires_on: self.valid_until(),
            refresh_token: self.refresh_token.clone().map(Secret::new),
            id_token: None,
            extra: self.extra.clone(),
        }
    }

    /// When the access token stops being valid: `expires_on`, or the
    /// token's own JWT `exp` when that is earlier (a file can claim anything).
    pub fn valid_until(&self) -> i64 {
        crate::token::valid_until(&self.access_token, self.expires_on)
    }

    /// Whether the access token has at least `min_validity` seconds left.
    pub fn is_fresh(&self, now: i64, min_validity: u64) -> bool {
        // Wide enough that no entry and no --min-validity can wrap around
        // (`as i64` made a huge --min-validity negative: every entry fresh).
        i128::from(self.valid_until()) - i128::from(now) >= i128::from(min_validity)
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

    /// Fails when the folder is there but tokens may not be kept in it: a
    /// symlink, not a folder, someone else's, or open to group or others (a
    /// folder pbitoken did not make is never re-moded). pbitoken then
    /// neither reads nor writes the cache (see SECURITY.md). A missing
    /// folder is fine; it is made, 0700, on writing.
    pub fn check_dir(&self) -> std::io::Result<()> {
        check_private_dir(&self.dir)
    }

    /// Fails when the folder is there but is a symlink, not a folder, or
    /// someone else's: `cache list` and `cache clear` then refuse rather
    /// than act on what it points at. A folder open to others is fine for
    /// them: they only ever read or remove pbitoken's own files.
    pub fn check_dir_owned(&self) -> std::io::Result<()> {
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
        self.lock_id(&key.id, wait)
    }

    /// [`Cache::lock`] for an entry named by its id (32 hex digits), for
    /// entries of another kind than access tokens (embed tokens).
    pub fn lock_id(&self, id: &str, wait: Duration) -> LockGuard {
        let file = self.ensure_dir().ok().and_then(|_| {
            let locks = self.dir.join("locks");
            create_private_dir(&locks).ok()?;
            let path = locks.join(format!("{id}.lock"));
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

    /// Removes the key's temp files (`.<id>.json.<pid>.<nanos>.tmp`, see
    /// [`write_atomic`]) left by writers that died. Only called under the
    /// key's lock.
    fn remove_leftovers(&self, key: &Key) {
        for (name, path) in self.names() {
            if temp_id(&name) == Some(key.id.as_str()) && remove_own_file(&path).unwrap_or(false) {
                crate::log::log(1, format!("cache: removed the leftover {name}"));
            }
        }
    }

    /// The names in the cache folder (not descending), with their paths.
    fn names(&self) -> Vec<(String, PathBuf)> {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.filter_map(Result::ok)
            .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
            .collect()
    }

    /// Every readable entry with its file.
    pub fn list(&self) -> Vec<(PathBuf, Entry)> {
        let mut out: Vec<(PathBuf, Entry)> = self
            .names()
            .into_iter()
            .filter(|(name, _)| entry_id(name).is_some())
            .filter_map(|(_, p)| read_entry(&p).map(|e| (p, e)))
            .collect();
        out.sort_by(|a, b| a.1.profile.cmp(&b.1.profile).then(a.0.cmp(&b.0)));
        out
    }

    /// Removes entries: every one (damaged ones included, embed tokens
    /// too), or one key's.
    /// Only pbitoken's own files go: regular files named exactly as it
    /// names entries and their temp files; never anything else in the
    /// folder, never a folder or a symlink, never a lock file (another
    /// process may hold it). A temp file goes only while its key's lock is
    /// free: a writer holding it is about to rename it into place.
    /// Returns how many entries went.
    pub fn clear(&self, which: Clear<'_>) -> std::io::Result<usize> {
        if let Err(e) = fs::symlink_metadata(&self.dir) {
            return match e.kind() {
                std::io::ErrorKind::NotFound => Ok(0),
                _ => Err(e),
            };
        }
        let names = self.names();
        let mut ids = std::collections::HashSet::new();
        if let Clear::Key(key) = which {
            ids.insert(key.id.clone());
        }
        let mut removed = 0;
        for (name, path) in &names {
            let Some(id) = entry_id(name) else {
                continue;
            };
            let hit = match which {
                Clear::All => true,
                // The key's file, or an entry for the same settings under
                // another credential (the secret since changed, say).
                Clear::Key(key) => {
                    id == key.id || read_entry(path).is_some_and(|e| e.key == key.summary)
                }
            };
            if hit {
                ids.insert(id.to_owned());
                if remove_own_file(path)? {
                    removed += 1;
                }
            }
        }
        for (name, path) in &names {
            let Some(id) = temp_id(name) else {
                continue;
            };
            if (matches!(which, Clear::All) || ids.contains(id)) && self.lock_is_free(id) {
                remove_own_file(path)?;
            }
        }
        // Embed tokens (`pbitoken embed`) live in a key space of their
        // own, a real folder inside this one; --all takes them too.
        if matches!(which, Clear::All) {
            let embed = self.dir.join("embed");
            if fs::symlink_metadata(&embed).is_ok_and(|m| m.is_dir()) {
                removed += Cache::at(embed).clear(Clear::All)?;
            }
        }
        Ok(removed)
    }

    /// Whether no process holds the lock of key `id` right now; nothing is
    /// waited for and nothing is made.
    fn lock_is_free(&self, id: &str) -> bool {
        let mut opts = OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK);
        }
        match opts.open(self.dir.join("locks").join(format!("{id}.lock"))) {
            Ok(file) => file.try_lock().is_ok(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        }
    }

    fn ensure_dir(&self) -> std::io::Result<()> {
        create_private_dir(&self.dir)
    }
}

/// What `cache clear` removes.
#[derive(Debug, Clone, Copy)]
pub enum Clear<'a> {
    /// Every entry.
    All,
    /// The entry of this key, and any other entry for the same settings.
    Key(&'a Key),
}

/// Whether `s` is a key id: 32 lower-case hex digits.
fn is_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The key id of an entry's file name, `<id>.json`.
fn entry_id(name: &str) -> Option<&str> {
    name.strip_suffix(".json").filter(|id| is_id(id))
}

/// The key id of an entry's temp file name, `.<id>.json.<pid>.<nanos>.tmp`.
fn temp_id(name: &str) -> Option<&str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (id, rest) = rest.split_once(".json.")?;
    let (pid, nanos) = rest.split_once('.')?;
    (is_id(id) && digits(pid) && digits(nanos)).then_some(id)
}

/// Removes `path` if it is a regular file: never a folder, never a symlink.
/// Returns whether it went; already gone is no error.
fn remove_own_file(path: &Path) -> std::io::Result<bool> {
    let gone = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Ok(false),
        _ => Err(e),
    };
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => fs::remove_file(path).map(|()| true).or_else(gone),
        Ok(_) => Ok(false),
        Err(e) => gone(e),
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
    parse_entry(&read_private(path)?)
}

/// The bytes of a cache file (at most 256 KiB), when it is a private
/// regular file of this user; anything else is `None` (a miss).
pub fn read_private(path: &Path) -> Option<Vec<u8>> {
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
    Some(bytes)
}

/// Parses the bytes of an entry file; anything but an entry of this
/// version holding a bearer token is `None` (a miss).
pub fn parse_entry(bytes: &[u8]) -> Option<Entry> {
    let entry: Entry = serde_json::from_slice(bytes).ok()?;
    let sane = entry.version == ENTRY_VERSION
        && crate::token::is_token68(&entry.access_token)
        && entry.token_type.eq_ignore_ascii_case("bearer");
    sane.then_some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{resolve, Overrides};

    fn profile(tenant: &str, user: Option<&str>) -> Profile {
        let text = format!(
            // Ids of the shapes a profile must have: a domain, a GUID, a UPN.
            "[profiles.p]\ntenant = \"{tenant}.example\"\nclient_id = \"11111111-2222-3333-4444-555555555555\"\nauth = \"{}\"\n{}",
            if user.is_some() {
                "password"
            } else {
                "client_secret"
            },
            user.map(|u| format!("username = \"{u}@example.com\"\n"))
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
            id_token: None,
            extra: Map::new(),
        }
    }

    /// A temp folder private to the user, as a cache folder must be.
    fn private_tempdir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        }
        dir
    }

    #[cfg(unix)]
    #[test]
    fn an_open_folder_is_not_used_nor_remoded_and_a_new_one_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let open = dir.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o750)).unwrap();
        let cache = Cache::at(&open);
        assert!(cache.check_dir().is_err());
        assert!(cache.check_dir_owned().is_ok());
        let key = Key::new(&profile("t", None), None);
        let lock = cache.lock(&key, Duration::ZERO);
        assert!(!lock.held());
        assert!(cache.write(&key, "p", &token(1000), &lock).is_err());
        let mode = fs::metadata(&open).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o750);
        assert_eq!(fs::read_dir(&open).unwrap().count(), 0);
        let made = open.join("a/b");
        let cache = Cache::at(&made);
        assert!(cache.check_dir().is_ok());
        cache
            .write(&key, "p", &token(1000), &cache.lock(&key, Duration::ZERO))
            .unwrap();
        for folder in [open.join("a"), made.clone(), made.join("locks")] {
            let mode = fs::metadata(&folder).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, 0o700, "{}", folder.display());
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
        let other = Key::new(&profile("t2", None), None);
        assert_eq!(cache.clear(Clear::Key(&other)).unwrap(), 0);
        // Another credential, the same settings: cleared with the key.
        let same = Key::new(&profile("t", None), Some("another secret"));
        assert_eq!(cache.clear(Clear::Key(&same)).unwrap(), 1);
        assert!(cache.read(&key).is_none());
    }

    #[test]
    fn a_locked_write_removes_the_keys_leftover_temp_files() {
        let dir = private_tempdir();
        let cache = Cache::at(dir.path());
        let key = Key::new(&profile("t", None), None);
        let other = Key::new(&profile("t2", None), None);
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
        create_private_dir(&real).unwrap();
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
        let dir = private_tempdir();
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
        // A folder where the entry goes is not pbitoken's: a miss, and the
        // write fails rather than remove it.
        fs::remove_file(&path).unwrap();
        fs::create_dir_all(path.join("sub")).unwrap();
        assert!(cache.read(&key).is_none());
        let lock = cache.lock(&key, Duration::ZERO);
        assert!(cache.write(&key, "p", &token(1000), &lock).is_err());
        assert!(path.join("sub").is_dir());
        assert_eq!(cache.clear(Clear::All).unwrap(), 0);
        assert!(path.join("sub").is_dir());
    }

    #[test]
    fn only_pbitokens_own_names_are_its_files() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(entry_id(&format!("{id}.json")), Some(id));
        assert_eq!(temp_id(&format!(".{id}.json.4242.17.tmp")), Some(id));
        for name in [
            "config.json",
            "package.json",
            ".bashrc",
            "locks",
            &format!("{}.json", &id[1..]),
            &format!("{}.json", id.to_uppercase()),
            &format!("{id}.json.bak"),
            &format!("x{id}.json"),
            &format!(".{id}.json.tmp"),
            &format!(".{id}.json.1.tmp"),
            &format!(".{id}.json.1.x.tmp"),
            &format!(".{id}.json.1.2.tmp.old"),
            &format!("{id}.json.1.2.tmp"),
        ] {
            assert_eq!(entry_id(name), None, "{name}");
            assert_eq!(temp_id(name), None, "{name}");
        }
    }
}
