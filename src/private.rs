//! Files only their owner may read: 0700 folders, 0600 files, written
//! atomically so a reader never sees half a file. The token cache and the
//! config file both hold secrets, so both go through here.
//!
//! pbitoken only ever changes what it created: a folder it makes is 0700,
//! a folder that was already there is used as it is and never re-moded.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// The file's permission bits if its group or others may read it; `None`
/// when they may not, or the file cannot be looked at. Windows ACLs are not
/// modes: always `None` there.
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o044 != 0).then_some(mode)
}

/// The file's permission bits if its group or others may read it: never,
/// on Windows.
#[cfg(not(unix))]
pub fn readable_by_others(_path: &Path) -> Option<u32> {
    None
}

/// Makes the folders of `dir` that are missing (parents first), each 0700,
/// and leaves every folder that is already there as it is. Returns whether
/// `dir` itself was made here.
pub fn create_missing_dirs(dir: &Path) -> std::io::Result<bool> {
    match fs::symlink_metadata(dir) {
        Ok(_) => return Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_missing_dirs(parent)?;
    }
    #[cfg(unix)]
    let builder = {
        use std::os::unix::fs::DirBuilderExt;
        let mut builder = fs::DirBuilder::new();
        builder.mode(0o700);
        builder
    };
    #[cfg(not(unix))]
    let builder = fs::DirBuilder::new();
    match builder.create(dir) {
        Ok(()) => {}
        // Made by someone else (another pbitoken) meanwhile: not ours to touch.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    }
    // Made here, so ours to set: a umask that takes the owner's own bits
    // away would leave a folder even its owner cannot use.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::symlink_metadata(dir)?;
        if meta.is_dir() && meta.permissions().mode() & 0o777 != 0o700 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(true)
}

/// A folder to keep secrets in: made 0700 (with missing parents) if it is
/// not there; if it is, used only when it is already private to this user
/// (see [`check_private_dir`]), never re-moded.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    create_missing_dirs(dir)?;
    check_private_dir(dir)
}

/// Fails unless `dir` is missing, or a real folder of this user's (see
/// [`check_own_dir`]) that group and others cannot use at all.
pub fn check_private_dir(dir: &Path) -> std::io::Result<()> {
    check_own_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match fs::symlink_metadata(dir) {
            Ok(m) => m.permissions().mode() & 0o7777,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        if mode & 0o077 != 0 {
            return Err(std::io::Error::other(format!(
                "{} is open to group or others (mode {mode:04o}) and pbitoken does not change \
                 folders it did not make; use a folder that only you can use (mode 0700)",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Fails unless `dir` is missing or a real folder (not a symlink) owned by
/// this user. A symlink planted at a private folder, or a folder someone
/// else owns, could hand what is written there to someone else.
pub fn check_own_dir(dir: &Path) -> std::io::Result<()> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other(format!(
            "{} is a symlink, not a folder of its own",
            dir.display()
        )));
    }
    if !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a folder",
            dir.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(std::io::Error::other(format!(
                "{} belongs to another user (uid {})",
                dir.display(),
                meta.uid()
            )));
        }
        // A folder others may write to (/tmp, say) is shared: making it
        // 0700 would take it away from them, and using it as it is would
        // put tokens where others can replace them.
        let mode = meta.mode() & 0o7777;
        if mode & 0o1002 != 0 {
            return Err(std::io::Error::other(format!(
                "{} is shared with other users (mode {mode:04o}); use a folder of your own",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Opens (creating) a file readable by its owner only, never through a
/// symlink. With `exclusive` the file must not exist yet.
pub fn open_private(path: &Path, exclusive: bool) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true);
    if exclusive {
        opts.create_new(true);
    } else {
        opts.create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    opts.open(path)
}

/// Writes `bytes` to `path` (in `dir`) as a 0600 file: temp file in the same
/// folder + fsync + rename + fsync of the folder.
pub fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_mode(dir, path, bytes, 0o600)
}

/// [`write_atomic`] leaving the file with `mode` (`api --output-file`
/// writes a 0644 file that is no secret). The temp file is 0600 until it
/// is whole.
pub fn write_atomic_mode(dir: &Path, path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ));
    // Only a temp file made here is removed on failure, never one that was
    // there already (O_EXCL failed) or a link planted at its name.
    let mut file = open_private(&tmp, true)?;
    let result = (|| {
        file.write_all(bytes)?;
        #[cfg(unix)]
        if mode != 0o600 {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        file.sync_all()?;
        drop(file);
        // A folder where the file goes is not pbitoken's to remove: the
        // rename fails and the write with it.
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
