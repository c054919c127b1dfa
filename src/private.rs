//! Files only their owner may read: 0700 folders, 0600 files, written
//! atomically so a reader never sees half a file. The token cache and the
//! config file both hold secrets, so both go through here.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Creates a folder (and its parents) and makes it 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    check_own_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::symlink_metadata(dir)?;
        if meta.permissions().mode() & 0o777 != 0o700 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
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
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ));
    let result = (|| {
        let mut file = open_private(&tmp, true)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if let Err(e) = fs::rename(&tmp, path) {
            // A folder planted where the entry goes: remove it, try once more.
            match fs::symlink_metadata(path) {
                Ok(m) if m.is_dir() => {
                    fs::remove_dir_all(path)?;
                    fs::rename(&tmp, path)?;
                }
                _ => return Err(e),
            }
        }
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
