//! The files pbitoken writes: never through a symlink someone planted, and
//! never readable by anyone else, whatever the umask. (Entries replaced by a
//! symlink are covered in cache.rs.)

mod common;
use common::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

fn only_file(dir: &Path, ext: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.pop().unwrap()
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(run.ok()).unwrap()
}

/// A file of the user's that a planted symlink points at.
fn victim(w: &World) -> (PathBuf, &'static str) {
    let path = w.path("victim.txt");
    let text = "the user's own file\n";
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    (path, text)
}

#[test]
fn a_symlink_at_the_lock_file_is_not_followed() {
    let w = World::with_sp("");
    w.run(&["token"]).ok();
    let entry = only_file(&w.cache_dir(), "json");
    let lock = only_file(&w.cache_dir().join("locks"), "lock");
    let (victim, text) = victim(&w);
    // Pointing at an existing file, and dangling (O_CREAT would create it).
    let dangling = w.path("created-through-the-link");
    for target in [&victim, &dangling] {
        std::fs::remove_file(&entry).unwrap();
        std::fs::remove_file(&lock).unwrap();
        std::os::unix::fs::symlink(target, &lock).unwrap();
        // The lock is not taken, the token is still printed and cached.
        let run = w.run(&["token", "-o", "json"]);
        assert_eq!(json(&run)["cached"], false);
        assert!(entry.is_file());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), text);
        assert!(
            !dangling.exists(),
            "a file was created through the lock link"
        );
        assert_eq!(mode(&victim), 0o600);
    }
}

#[test]
fn leftover_temp_files_are_removed_and_planted_links_left_alone() {
    // The temp name holds the pid and the clock's nanoseconds and is opened
    // O_EXCL|O_NOFOLLOW, so it cannot be planted in advance. A leftover temp
    // file of the key is removed on the next locked write; a symlink or a
    // folder at such a name is not pbitoken's: neither followed nor removed.
    let w = World::with_sp("");
    w.run(&["token"]).ok();
    let entry = only_file(&w.cache_dir(), "json");
    let (victim, text) = victim(&w);
    let name = entry.file_name().unwrap().to_string_lossy().into_owned();
    let leftover = w.cache_dir().join(format!(".{name}.1.1.tmp"));
    std::fs::write(&leftover, "{\"half").unwrap();
    let planted = w.cache_dir().join(format!(".{name}.1.2.tmp"));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let folder = w.cache_dir().join(format!(".{name}.1.3.tmp"));
    std::fs::create_dir_all(folder.join("inside")).unwrap();
    for clear in [false, true] {
        if clear {
            w.run(&["cache", "clear", "--all"]).ok();
        } else {
            let run = w.run(&["token", "--force-refresh"]);
            w.verified_claims(run.ok());
            assert!(!leftover.exists(), "leftover stayed");
        }
        assert!(std::fs::symlink_metadata(&planted)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(folder.join("inside").is_dir());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), text);
    }
}

#[test]
fn an_existing_config_folder_is_not_remoded() {
    // `config init` and `set` make missing folders 0700 but leave one that
    // is there as it is: `--config` may point into any folder of the user's.
    let w = World::new();
    let open = w.path("shared-dotfiles");
    std::fs::create_dir_all(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = open.join("pbitoken.toml");
    let config = config.to_str().unwrap();
    let run = w.run(&[
        "--config",
        config,
        "config",
        "init",
        "-p",
        "x",
        "--tenant",
        fx::TENANT_ID,
        "--client-id",
        fx::SP_CLIENT_ID,
        "--client-secret-env",
        "X",
    ]);
    run.ok();
    w.run(&["--config", config, "config", "set", "x", "cloud", "public"])
        .ok();
    assert_eq!(mode(&open), 0o755);
    assert_eq!(mode(Path::new(config)), 0o600);
}

#[test]
fn a_symlinked_cache_folder_is_not_used() {
    // Chosen: the cache folder itself must be a real folder; a symlink there
    // (planted, or made by hand) switches the cache off with a warning, so
    // no token is read from or written to wherever it points, and `cache
    // clear` does not delete what is there. Folders above it may be links.
    let w = World::with_sp("");
    w.run(&["token"]).ok();
    let elsewhere = w.path("elsewhere");
    std::fs::rename(w.cache_dir(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, w.cache_dir()).unwrap();
    let entry = only_file(&elsewhere, "json");
    let before = std::fs::read(&entry).unwrap();
    let planted = elsewhere.join("precious.json");
    std::fs::write(&planted, "{}").unwrap();

    for _ in 0..2 {
        let run = w.run(&["token", "-o", "json"]);
        assert_eq!(json(&run)["cached"], false, "read through the link");
        assert!(
            run.stderr.contains("not using the token cache") && run.stderr.contains("symlink"),
            "{run:?}"
        );
    }
    assert_eq!(w.authority.token_requests(), 3);
    assert_eq!(std::fs::read(&entry).unwrap(), before, "wrote through it");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 3); // entry, locks, precious

    w.run(&["cache", "list"]).fails(1);
    w.run(&["cache", "clear", "--all"]).fails(1);
    assert!(planted.exists(), "cache clear deleted through the link");
    // -q silences the warning, not the refusal.
    let run = w.run(&["token", "-q"]);
    assert_eq!(run.stderr, "", "{run:?}");
    w.verified_claims(run.ok());

    // PBITOKEN_CACHE_DIR naming the link is refused the same way; naming
    // the real folder works.
    let link = w.path("cache-link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PBITOKEN_CACHE_DIR", &link);
    });
    assert_eq!(json(&run)["cached"], false);
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PBITOKEN_CACHE_DIR", &elsewhere);
    });
    assert_eq!(json(&run)["cached"], true);
}

#[test]
fn a_cache_folder_of_another_user_is_not_used() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only root can give a folder to another user");
        return;
    }
    let w = World::with_sp("");
    w.run(&["token"]).ok();
    let dir = w.cache_dir();
    let entry = only_file(&dir, "json");
    let nobody = 65534;
    for path in [&dir, &entry] {
        std::os::unix::fs::chown(path, Some(nobody), Some(nobody)).unwrap();
    }
    let before = std::fs::read(&entry).unwrap();
    let run = w.run(&["token", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false);
    assert!(run.stderr.contains("another user"), "{run:?}");
    assert_eq!(std::fs::read(&entry).unwrap(), before);
    assert_eq!(std::fs::metadata(&dir).unwrap().uid(), nobody);
    w.run(&["cache", "clear", "--all"]).fails(1);
    assert!(entry.exists());
}

#[test]
fn nothing_is_world_readable_with_umask_000() {
    let w = World::new();
    let run = w.shell(&format!(
        r#"umask 000
"$PBITOKEN" config init -p sp --tenant {} --client-id {} --client-secret-env TEST_SP_SECRET --cloud public &&
"$PBITOKEN" config set sp authority_host {} &&
"$PBITOKEN" config use sp &&
"$PBITOKEN" token >/dev/null &&
"$PBITOKEN" --config "$HOME/deep/new/config.toml" config init -p x --tenant {} --client-id {} --client-secret-env X"#,
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        w.authority.url(),
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
    ));
    assert_eq!(run.code, 0, "{run:?}");
    let config = w.config_path();
    let cache = w.cache_dir();
    let lock = only_file(&cache.join("locks"), "lock");
    let entry = only_file(&cache, "json");
    for (path, want) in [
        (config.clone(), 0o600),
        (config.parent().unwrap().to_path_buf(), 0o700),
        (w.path("deep/new/config.toml"), 0o600),
        (w.path("deep/new"), 0o700),
        (w.path("deep"), 0o700),
        (cache.clone(), 0o700),
        (cache.join("locks"), 0o700),
        (lock, 0o600),
        (entry, 0o600),
    ] {
        assert_eq!(mode(&path), want, "{}", path.display());
    }
    // `set` on a file someone made readable leaves it private again.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = w.shell(r#"umask 000; "$PBITOKEN" config set sp cloud public"#);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(mode(&config), 0o600);
    // And no temp file is left next to the config.
    let names: Vec<String> = std::fs::read_dir(config.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["config.toml"]);
}
