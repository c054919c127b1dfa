//! The token cache through the real binary: warm calls make no request,
//! concurrent calls make one, damaged entries recover, files stay private,
//! refresh tokens are used and fall back when refused.

mod common;
use common::*;
use serde_json::Value;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;
use std::process::Stdio;

fn sp_world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}{}",
        w.sp_profile("sp", ""),
        w.sp_profile("other", "endpoint = \"v1\"")
    ));
    w
}

fn entries(w: &World) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(w.cache_dir()) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

fn json(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap()
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn second_call_makes_no_request() {
    let w = sp_world();
    let first = json(&w.run(&["token", "-o", "json"]));
    assert_eq!(first["cached"], false);
    assert_eq!(w.authority.token_requests(), 1);
    let second = json(&w.run(&["token", "-o", "json"]));
    assert_eq!(
        w.authority.token_requests(),
        1,
        "the warm call asked the authority"
    );
    assert_eq!(second["cached"], true);
    assert_eq!(second["access_token"], first["access_token"]);
    assert_eq!(second["expires_on"], first["expires_on"]);
    let left = second["expires_in"].as_i64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((second["expires_on"].as_i64().unwrap() - now - left).abs() <= 1);
    // Plain output is the same token.
    let plain = w.run(&["token"]);
    assert_eq!(plain.ok().trim(), first["access_token"].as_str().unwrap());
    assert_eq!(w.authority.token_requests(), 1);
    // Another profile (another key) is its own entry.
    w.run(&["token", "-p", "other"]).ok();
    assert_eq!(w.authority.token_requests(), 2);
    assert_eq!(entries(&w).len(), 2);
}

#[test]
fn files_are_private_even_with_umask_000() {
    let w = sp_world();
    let run = w.shell(r#"umask 000; "$PBITOKEN" token >/dev/null"#);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(mode(&w.cache_dir()), 0o700);
    let files = entries(&w);
    assert_eq!(files.len(), 1);
    assert_eq!(mode(&files[0]), 0o600);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        !text.contains(fx::SP_SECRET),
        "the secret is in the cache file"
    );
    // Nothing else left behind but the entry and the lock folder.
    let names: Vec<String> = std::fs::read_dir(w.cache_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.ends_with(".json") || n == "locks"),
        "{names:?}"
    );
    assert_eq!(mode(&w.cache_dir().join("locks")), 0o700);
}

#[test]
fn min_validity_decides_reuse() {
    let w = sp_world();
    w.authority.set_token_lifetime(200);
    w.run(&["token"]).ok();
    // 200 s left < the default 300: not reused.
    w.run(&["token"]).ok();
    assert_eq!(w.authority.token_requests(), 2);
    // 200 s left >= 100: reused.
    let run = w.run(&["token", "-o", "json", "--min-validity", "100"]);
    assert_eq!(json(&run)["cached"], true);
    assert_eq!(w.authority.token_requests(), 2);
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let w = sp_world();
    w.run(&["token", "--no-cache"]).ok();
    assert!(entries(&w).is_empty(), "--no-cache wrote an entry");
    w.run(&["token"]).ok();
    assert_eq!(entries(&w).len(), 1);
    let run = w.run(&["token", "--no-cache", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false);
    // Three calls, three requests: the valid entry was not read.
    assert_eq!(w.authority.token_requests(), 3);
}

#[test]
fn force_refresh_skips_reading_but_writes() {
    let w = sp_world();
    let first = json(&w.run(&["token", "-o", "json"]));
    let forced = json(&w.run(&["token", "-o", "json", "--force-refresh"]));
    assert_eq!(forced["cached"], false);
    assert_eq!(w.authority.token_requests(), 2);
    assert_ne!(forced["access_token"], first["access_token"]);
    let after = json(&w.run(&["token", "-o", "json"]));
    assert_eq!(after["cached"], true);
    assert_eq!(after["access_token"], forced["access_token"]);
}

#[test]
fn concurrent_calls_make_one_request() {
    let w = sp_world();
    // A slow authority keeps the first request in flight while the others start.
    w.authority
        .set_fault_always(Some(Fault::Delay(std::time::Duration::from_millis(1500))));
    let children: Vec<_> = (0..16)
        .map(|_| {
            let mut cmd = w.cmd();
            cmd.arg("token")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let first = &outputs[0].stdout;
    assert!(
        outputs.iter().all(|o| &o.stdout == first),
        "different tokens printed"
    );
    assert_eq!(w.authority.token_requests(), 1);
}

#[test]
fn a_held_key_does_not_block_another_key() {
    let w = sp_world();
    w.run(&["token"]).ok();
    let locks = w.cache_dir().join("locks");
    let lock_path = std::fs::read_dir(&locks)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.lock().unwrap();
    // The same key waits for the lock...
    let mut same = w.cmd();
    same.args(["token", "--force-refresh", "--timeout", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut same = same.spawn().unwrap();
    // ...while another key goes through.
    w.run(&["token", "-p", "other"]).ok();
    assert!(
        same.try_wait().unwrap().is_none(),
        "the same key did not wait for its lock"
    );
    held.unlock().unwrap();
    let out = same.wait_with_output().unwrap();
    assert!(out.status.success());
}

#[test]
fn damaged_entries_are_misses_and_are_replaced() {
    let w = sp_world();
    w.run(&["token"]).ok();
    let entry = entries(&w).pop().unwrap();
    let good = std::fs::read(&entry).unwrap();
    type Damage = Box<dyn Fn(&PathBuf)>;
    let damages: Vec<(&str, Damage)> = vec![
        (
            "garbage",
            Box::new(|p| std::fs::write(p, "\u{0}\u{1}garbage").unwrap()),
        ),
        (
            "truncated",
            Box::new(move |p| std::fs::write(p, &good[..good.len() / 2]).unwrap()),
        ),
        (
            "wrong shape",
            Box::new(|p| std::fs::write(p, r#"{"version":1,"hello":"world"}"#).unwrap()),
        ),
        ("empty", Box::new(|p| std::fs::write(p, "").unwrap())),
        (
            "world-readable",
            Box::new(|p| {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap()
            }),
        ),
    ];
    for (what, damage) in damages {
        let before = w.authority.token_requests();
        damage(&entry);
        let run = w.run(&["token", "-o", "json"]);
        assert_eq!(json(&run)["cached"], false, "{what}");
        assert_eq!(run.stderr, "", "{what}: {run:?}");
        assert_eq!(w.authority.token_requests(), before + 1, "{what}");
        // Replaced: the next call is a hit again, from a private file.
        assert!(entry.is_file(), "{what}");
        assert_eq!(mode(&entry), 0o600, "{what}");
        assert_eq!(
            json(&w.run(&["token", "-o", "json"]))["cached"],
            true,
            "{what}"
        );
    }
}

#[test]
fn a_symlink_at_the_entry_is_not_followed() {
    let w = sp_world();
    w.run(&["token"]).ok();
    let entry = entries(&w).pop().unwrap();
    let elsewhere = w.path("elsewhere.json");
    std::fs::rename(&entry, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &entry).unwrap();
    let before = std::fs::read(&elsewhere).unwrap();
    let run = w.run(&["token", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false, "read through a symlink");
    assert_eq!(
        std::fs::read(&elsewhere).unwrap(),
        before,
        "wrote through a symlink"
    );
    assert!(!std::fs::symlink_metadata(&entry)
        .unwrap()
        .file_type()
        .is_symlink());
}

fn user_world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"me\"\n{}",
        w.user_profile("me", fx::USER_UPN, "")
    ));
    w
}

#[test]
fn refresh_token_is_used_then_falls_back_when_refused() {
    let w = user_world();
    w.authority.set_token_lifetime(120); // stale at once for min-validity 300
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    run.ok();
    let text = std::fs::read_to_string(entries(&w).pop().unwrap()).unwrap();
    assert!(text.contains("refresh_token"), "no refresh token kept");

    // Stale: the refresh token gets a new one, no password needed.
    let run = w.run(&["token", "-o", "json"]);
    let out = json(&run);
    assert_eq!(out["cached"], false);
    assert!(out.get("refresh_token").is_none());
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("grant_type"), Some("refresh_token"));
    assert!(req.form_value("scope").unwrap().contains("offline_access"));
    w.verified_claims(out["access_token"].as_str().unwrap());

    // Refused refresh: back to the password grant.
    w.authority.revoke_refresh_tokens();
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    w.verified_claims(run.ok());
    let reqs = w.authority.requests();
    let grants: Vec<_> = reqs[reqs.len() - 2..]
        .iter()
        .map(|r| r.form_value("grant_type").unwrap().to_owned())
        .collect();
    assert_eq!(grants, ["refresh_token", "password"]);
    run.leaks_nothing();

    // Refused refresh and no password to fall back on: exit 2, not a hang.
    w.authority.revoke_refresh_tokens();
    let run = w.run(&["token"]);
    assert!(run.fails(2).contains("--password-stdin"));
}

#[test]
fn cache_list_and_clear() {
    let w = sp_world();
    w.run(&["token"]).ok();
    w.run(&["token", "-p", "other"]).ok();
    let run = w.run(&["cache", "list"]);
    let list = run.ok().to_owned();
    assert!(list.lines().next().unwrap().starts_with("PROFILE"));
    assert!(
        list.contains("\nother ") && list.contains("\nsp "),
        "{list}"
    );
    assert!(list.contains(fx::POWERBI_DEFAULT_SCOPE), "{list}");
    let token = w.run(&["token"]).ok().trim().to_owned();
    assert!(!list.contains(&token), "cache list shows a token");
    assert!(!list.contains("eyJ"), "cache list shows a token");

    let run = w.run(&["cache", "clear", "--profile", "other"]);
    run.ok();
    assert_eq!(entries(&w).len(), 1);
    let run = w.run(&["cache", "clear", "--all"]);
    run.ok();
    assert!(entries(&w).is_empty());
    let run = w.run(&["cache", "list"]);
    assert_eq!(run.ok(), "");
    // Clearing the default profile's entries with no flag.
    w.run(&["token"]).ok();
    w.run(&["cache", "clear"]).ok();
    assert!(entries(&w).is_empty());
}

#[test]
fn pbitoken_cache_dir_moves_the_cache() {
    let w = sp_world();
    let dir = w.path("elsewhere-cache");
    w.run_with(&["token"], |c| {
        c.env("PBITOKEN_CACHE_DIR", &dir);
    })
    .ok();
    assert!(entries(&w).is_empty());
    assert_eq!(
        std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "json")
            })
            .count(),
        1
    );
}

#[test]
fn a_new_secret_does_not_get_the_old_secrets_token() {
    let w = sp_world();
    w.run(&["token"]).ok();
    let run = w.run_with(&["token"], |c| {
        c.env("TEST_SP_SECRET", "Wr18Q~FAKE.wrong-secret_value-not-valid");
    });
    run.fails(3);
}

#[test]
fn force_refresh_still_uses_the_refresh_token() {
    let w = user_world();
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    run.ok();
    // No password anywhere now: only the refresh token can do it.
    let run = w.run(&["token", "--force-refresh", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false);
    let last = w.authority.requests().pop().unwrap();
    assert_eq!(last.form_value("grant_type"), Some("refresh_token"));
}

#[test]
fn an_enormous_min_validity_is_never_fresh_enough() {
    let w = sp_world();
    w.run(&["token"]).ok();
    let run = w.run(&[
        "token",
        "-o",
        "json",
        "--min-validity",
        "18446744073709551615",
    ]);
    assert_eq!(json(&run)["cached"], false);
    assert_eq!(w.authority.token_requests(), 2);
}

#[test]
fn cache_clear_without_flags_clears_the_environment_profile() {
    let w = World::new();
    let env = |c: &mut std::process::Command| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", fx::SP_SECRET)
            .env("AZURE_AUTHORITY_HOST", w.authority.url());
    };
    w.run_with(&["token"], env).ok();
    assert_eq!(entries(&w).len(), 1);
    w.run_with(&["cache", "clear"], env).ok();
    assert!(entries(&w).is_empty());
}

#[test]
fn a_shared_cache_folder_is_not_used_or_chmodded() {
    use std::os::unix::fs::PermissionsExt;
    let w = sp_world();
    let shared = w.path("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let run = w.run_with(&["token"], |c| {
        c.env("PBITOKEN_CACHE_DIR", &shared);
    });
    run.ok();
    assert!(run.stderr.contains("not using the token cache"), "{run:?}");
    let after = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777;
    assert_eq!(after, 0o1777, "the shared folder was changed");
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
}

#[test]
fn a_folder_at_the_entry_is_a_miss_and_is_left_alone() {
    // Not pbitoken's: it is neither removed to make room for the entry nor
    // by `cache clear`; the token is still printed, with a warning.
    let w = sp_world();
    w.run(&["token"]).ok();
    let entry = entries(&w).pop().unwrap();
    std::fs::remove_file(&entry).unwrap();
    std::fs::create_dir_all(entry.join("inside")).unwrap();
    std::fs::write(entry.join("inside/notes.txt"), "mine\n").unwrap();
    for _ in 0..2 {
        let run = w.run(&["token", "-o", "json"]);
        assert_eq!(json(&run)["cached"], false);
        assert!(
            run.stderr.contains("cannot write the token cache"),
            "{run:?}"
        );
    }
    w.run(&["cache", "clear", "--all"]).ok();
    assert_eq!(
        std::fs::read_to_string(entry.join("inside/notes.txt")).unwrap(),
        "mine\n"
    );
}

/// Everything under `root`: each path with its mode and what it holds (a
/// file's bytes, a link's target, nothing for a folder).
fn snapshot(root: &std::path::Path) -> std::collections::BTreeMap<PathBuf, (u32, Vec<u8>)> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let what = if meta.file_type().is_symlink() {
            std::fs::read_link(&path)
                .unwrap()
                .into_os_string()
                .into_encoded_bytes()
        } else if meta.is_dir() {
            for item in std::fs::read_dir(&path).unwrap() {
                todo.push(item.unwrap().path());
            }
            b"<folder>".to_vec()
        } else {
            std::fs::read(&path).unwrap()
        };
        out.insert(path, (meta.permissions().mode() & 0o7777, what));
    }
    out
}

/// A folder like a home folder, with look-alikes of pbitoken's own names
/// among the user's files, and the given mode.
fn home_like(w: &World, mode: u32) -> PathBuf {
    let home = w.path("home-like");
    let lookalike = "0123456789abcdef0123456789abcdef";
    let files: [(String, &str, u32); 10] = [
        (".ssh/id_ed25519".into(), "PRIVATE KEY\n", 0o600),
        (
            ".ssh/authorized_keys".into(),
            "ssh-ed25519 AAAA me\n",
            0o644,
        ),
        ("Documents/report.txt".into(), "quarterly\n", 0o644),
        ("Documents/deeper/more/notes.json".into(), "{}\n", 0o600),
        (".bashrc".into(), "alias ll='ls -l'\n", 0o644),
        ("config.json".into(), "{\"version\":1}\n", 0o600),
        (format!("{lookalike}.json.bak"), "backup\n", 0o600),
        (format!("{lookalike}.json/inside.txt"), "a folder\n", 0o600),
        (format!(".{lookalike}.json.tmp"), "not ours\n", 0o600),
        ("locks/my-own-lock".into(), "mine\n", 0o600),
    ];
    for (rel, text, file_mode) in files {
        let path = home.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
    }
    for (folder, folder_mode) in [(".ssh", 0o700), ("locks", 0o755), ("Documents", 0o755)] {
        std::fs::set_permissions(
            home.join(folder),
            std::fs::Permissions::from_mode(folder_mode),
        )
        .unwrap();
    }
    // A link with an entry's name, to a file outside.
    let victim = w.path("victim.json");
    std::fs::write(&victim, "{}").unwrap();
    let link = format!("{}.json", "fedcba9876543210fedcba9876543210");
    std::os::unix::fs::symlink(&victim, home.join(link)).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(mode)).unwrap();
    home
}

#[test]
fn clear_all_in_a_home_folder_removes_only_pbitokens_files() {
    let w = sp_world();
    let home = home_like(&w, 0o700);
    let before = snapshot(&home);
    let env = |c: &mut std::process::Command| {
        c.env("PBITOKEN_CACHE_DIR", &home);
    };
    w.run_with(&["token"], env).ok();
    let run = w.run_with(&["token", "-o", "json"], env);
    assert_eq!(json(&run)["cached"], true, "a private folder is used");
    let listed = w.run_with(&["cache", "list"], env);
    assert_eq!(listed.ok().lines().count(), 2, "{listed:?}");
    let run = w.run_with(&["cache", "clear", "--all"], env);
    run.ok();
    assert!(run.stderr.contains("removed 1 cached token"), "{run:?}");
    // Nothing of pbitoken's is left (the `locks` folder that was there is
    // the user's, open to others, so no lock file was made in it), and
    // everything else is as it was, byte for byte and mode for mode.
    assert_eq!(snapshot(&home), before);
    let run = w.run_with(&["cache", "clear", "--all"], env);
    run.ok();
    assert!(run.stderr.contains("removed 0 cached token"), "{run:?}");
    w.run_with(&["cache", "clear"], env).ok();
    assert_eq!(snapshot(&home), before);
}

#[test]
fn an_open_folder_is_neither_remoded_nor_used() {
    // A folder pbitoken did not make, open to others (a home folder at
    // 0755): used only if already private, never chmodded.
    let w = sp_world();
    let home = home_like(&w, 0o755);
    let before = snapshot(&home);
    let env = |c: &mut std::process::Command| {
        c.env("PBITOKEN_CACHE_DIR", &home);
    };
    for _ in 0..2 {
        let run = w.run_with(&["token", "-o", "json"], env);
        assert_eq!(json(&run)["cached"], false);
        assert_eq!(run.stderr.matches("warning:").count(), 1, "{run:?}");
        assert!(
            run.stderr.contains("not using the token cache") && run.stderr.contains("0755"),
            "{run:?}"
        );
    }
    assert_eq!(w.authority.token_requests(), 2);
    w.run_with(&["cache", "clear", "--all"], env).ok();
    assert_eq!(snapshot(&home), before, "the folder was changed");
    assert_eq!(mode(&home), 0o755);
    // -q: no warning, still the token.
    let run = w.run_with(&["token", "-q"], env);
    assert_eq!(run.stderr, "");
    w.verified_claims(run.ok());
    assert_eq!(snapshot(&home), before, "the folder was changed");
}

#[test]
fn a_new_cache_folder_and_its_missing_parents_are_made_private() {
    let w = sp_world();
    let dir = w.path("made/for/cache");
    w.run_with(&["token"], |c| {
        c.env("PBITOKEN_CACHE_DIR", &dir);
    })
    .ok();
    for made in ["made", "made/for", "made/for/cache", "made/for/cache/locks"] {
        assert_eq!(mode(&w.path(made)), 0o700, "{made}");
    }
}

/// The file stem of the entry holding `token`.
fn entry_id_of(w: &World, token: &str) -> String {
    entries(w)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains(token))
        .unwrap()
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn clear_keeps_locks_that_others_hold() {
    let w = sp_world();
    let sp_token = w.run(&["token"]).ok().trim().to_owned();
    let other_token = w.run(&["token", "-p", "other"]).ok().trim().to_owned();
    let id = entry_id_of(&w, &sp_token);
    let other_id = entry_id_of(&w, &other_token);
    let lock_path = w.cache_dir().join("locks").join(format!("{id}.lock"));
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.lock().unwrap();
    let inode = std::fs::metadata(&lock_path).unwrap().ino();
    // A temp file of the held key (its writer is busy) and one of a key
    // whose lock is free (its writer died).
    let busy = w.cache_dir().join(format!(".{id}.json.1.2.tmp"));
    let dead = w.cache_dir().join(format!(".{other_id}.json.1.2.tmp"));
    for temp in [&busy, &dead] {
        std::fs::write(temp, "{\"half").unwrap();
        std::fs::set_permissions(temp, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    w.run(&["cache", "clear", "--all"]).ok();
    assert!(entries(&w).is_empty());
    assert_eq!(
        std::fs::metadata(&lock_path).map(|m| m.ino()).ok(),
        Some(inode),
        "a held lock file was removed"
    );
    assert!(busy.exists(), "the temp file of a held key was removed");
    assert!(!dead.exists(), "a dead writer's temp file stayed");

    // The holder still excludes others: a token for the key waits for it,
    // then writes its entry.
    let mut waiting = w.cmd();
    waiting
        .args(["token", "--timeout", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let waiting = waiting.spawn().unwrap();
    held.unlock().unwrap();
    let out = waiting.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(entries(&w).len(), 1);
}

#[test]
fn clear_profile_goes_by_the_resolved_key() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"a\"\n{}{}{}",
        w.sp_profile("a", ""),
        w.sp_profile("b", ""),
        w.sp_profile("c", "endpoint = \"v1\"")
    ));
    // `a` and `b` have the same settings: one key, one entry.
    w.run(&["token", "-p", "a"]).ok();
    let run = w.run(&["token", "-p", "b", "-o", "json"]);
    assert_eq!(json(&run)["cached"], true);
    w.run(&["token", "-p", "c"]).ok();
    assert_eq!(entries(&w).len(), 2);
    assert_eq!(w.authority.token_requests(), 2);

    // Written by `a`, cleared as `b`'s.
    let run = w.run(&["cache", "clear", "-p", "b"]);
    run.ok();
    assert!(run.stderr.contains("removed 1 cached token"), "{run:?}");
    assert_eq!(entries(&w).len(), 1, "c's entry went too, or a's stayed");
    let run = w.run(&["token", "-p", "a", "-o", "json"]);
    assert_eq!(json(&run)["cached"], false);
    let run = w.run(&["token", "-p", "c", "-o", "json"]);
    assert_eq!(json(&run)["cached"], true);

    // Written by `a` again, cleared as `b`'s with the secret's variable
    // unset: the key's settings still find it.
    let run = w.run_with(&["cache", "clear", "-p", "b"], |c| {
        c.env_remove("TEST_SP_SECRET");
    });
    run.ok();
    assert!(run.stderr.contains("removed 1 cached token"), "{run:?}");
    assert_eq!(entries(&w).len(), 1);

    // A profile that does not exist is an error, as for `token`.
    let code = w.run(&["token", "-p", "nope"]).code;
    assert_ne!(code, 0);
    w.run(&["cache", "clear", "-p", "nope"]).fails(code);
    assert_eq!(entries(&w).len(), 1);
}

/// An unsigned JWT with these claims (pbitoken never checks signatures).
fn unsigned_jwt(claims: &Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn a_cached_expiry_later_than_the_tokens_exp_is_not_trusted() {
    let w = sp_world();
    let token = w.run(&["token"]).ok().trim().to_owned();
    let exp = w.verified_claims(&token)["exp"].as_i64().unwrap();
    // The entry claims a day more than the token itself says.
    let entry = entries(&w).pop().unwrap();
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
    doc["expires_on"] = (exp + 86_400).into();
    std::fs::write(&entry, doc.to_string()).unwrap();

    let out = json(&w.run(&["token", "-o", "json"]));
    assert_eq!(out["cached"], true);
    assert_eq!(out["expires_on"], exp);
    assert!(out["expires_in"].as_i64().unwrap() <= exp - now() + 1);
    let list = w.run(&["cache", "list"]).ok().to_owned();
    let at = |secs: i64| {
        jiff::Timestamp::from_second(secs)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    assert!(list.contains(&at(exp)), "{list}");
    assert!(!list.contains(&at(exp + 86_400)), "{list}");
    // Asking for more validity than exp leaves: a new token, not the entry.
    let more = (exp - now() + 60).to_string();
    let out = json(&w.run(&["token", "-o", "json", "--min-validity", &more]));
    assert_eq!(out["cached"], false);
    assert_eq!(w.authority.token_requests(), 2);
}

#[test]
fn a_fresh_token_whose_exp_is_before_expires_in_expires_at_exp() {
    let w = sp_world();
    let exp = now() + 600;
    let access = unsigned_jwt(&serde_json::json!({"aud": "x", "exp": exp}));
    w.authority.push_fault(Fault::json(
        200,
        serde_json::json!({
            "token_type": "Bearer",
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": access,
        }),
    ));
    let out = json(&w.run(&["token", "-o", "json"]));
    assert_eq!(out["access_token"], access.as_str());
    assert_eq!(out["expires_on"], exp);
    assert!(out["expires_in"].as_i64().unwrap() <= 600);
    // Reused while 300 s of the 600 are left, not when 900 are asked for.
    let run = w.run(&["token", "-o", "json"]);
    assert_eq!(json(&run)["cached"], true);
    let out = json(&w.run(&["token", "-o", "json", "--min-validity", "900"]));
    assert_eq!(out["cached"], false);
    assert_ne!(out["access_token"], access.as_str());
}
