//! Soak: 200 `pbitoken token` processes at once, ten profiles (ten cache
//! keys), one cache folder, an authority that takes a second per answer.
//! Then the same with every third process SIGKILLed mid-flight.
//!
//! The slow authority only makes overlap likely; every assertion holds
//! whatever the scheduling: one request per key (the per-key lock), entries
//! that are whole or absent (atomic rename), nothing left behind.

mod common;
use common::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PROFILES: usize = 10;
const PROCESSES: usize = 200;
/// The whole test gives up (and kills what is left) after this.
const DEADLINE: Duration = Duration::from_secs(150);
const SLOW: Duration = Duration::from_millis(1000);
/// A kill this soon after the spawn lands before the (slow) answer.
const KILL_AFTER: Duration = Duration::from_millis(300);
/// The second app's secret comes from this env var.
const NW_SECRET_ENV: &str = "TEST_NW_SECRET";

/// Profile `i`: one of two apps, one of five Power BI resources (one per
/// cloud), so ten keys whose tokens differ in `appid` and `aud`.
fn client_of(i: usize) -> &'static str {
    [fx::SP_CLIENT_ID, fx::NO_WORKSPACE_CLIENT_ID][i % 2]
}

fn resource_of(i: usize) -> &'static str {
    fx::KNOWN_RESOURCES[i / 2]
}

fn world() -> World {
    let w = World::new();
    let mut config = String::new();
    for i in 0..PROFILES {
        config.push_str(&format!(
            "[profiles.p{i}]\ntenant = \"{}\"\nclient_id = \"{}\"\nclient_secret_env = \"{}\"\nresource = \"{}\"\nauthority_host = \"{}\"\n\n",
            fx::TENANT_ID,
            client_of(i),
            if i % 2 == 0 { "TEST_SP_SECRET" } else { NW_SECRET_ENV },
            resource_of(i),
            w.authority.url(),
        ));
    }
    w.write_config(&config);
    w
}

fn spawn(w: &World, cache: &Path, profile: usize) -> Child {
    let mut cmd = w.cmd();
    cmd.args(["token", "-p", &format!("p{profile}")])
        .env("PBITOKEN_CACHE_DIR", cache)
        .env(NW_SECRET_ENV, fx::NO_WORKSPACE_SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().expect("spawn pbitoken")
}

/// Waits for every child, killing them all if the deadline passes.
fn wait_all(children: Vec<Child>, deadline: Instant) -> Vec<std::process::Output> {
    let mut children: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    loop {
        let mut running = 0;
        for c in children.iter_mut().flatten() {
            if c.try_wait().unwrap().is_none() {
                running += 1;
            }
        }
        if running == 0 {
            break;
        }
        if Instant::now() > deadline {
            for c in children.iter_mut().flatten() {
                let _ = c.kill();
                let _ = c.wait();
            }
            panic!("{running} pbitoken processes still running at the deadline");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    children
        .iter_mut()
        .map(|c| c.take().unwrap().wait_with_output().unwrap())
        .collect()
}

/// Reads every `*.json` in the folder until told to stop: each one that is
/// there must parse as a whole entry. Returns how many reads it made.
fn watch(dir: PathBuf, stop: Arc<AtomicBool>, deadline: Instant) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut reads = 0;
        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
            for path in json_files(&dir) {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        reads += 1;
                        assert_entry(&path, &bytes);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => panic!("{}: {e}", path.display()),
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        reads
    })
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(items) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    items
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect()
}

#[track_caller]
fn assert_entry(path: &Path, bytes: &[u8]) {
    let entry: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not a whole entry ({e}): {:?}",
            path.display(),
            String::from_utf8_lossy(bytes)
        )
    });
    assert!(entry["access_token"].is_string(), "{}", path.display());
}

/// The folder holds entries and `locks/` (with lock files) and nothing else:
/// no temp file, no partial entry. Returns the number of entries.
#[track_caller]
fn assert_tidy(dir: &Path) -> usize {
    let mut entries = 0;
    for item in std::fs::read_dir(dir).unwrap() {
        let item = item.unwrap();
        let name = item.file_name().to_string_lossy().into_owned();
        if name == "locks" {
            for lock in std::fs::read_dir(item.path()).unwrap() {
                let lock = lock.unwrap().file_name().to_string_lossy().into_owned();
                assert!(lock.ends_with(".lock"), "stray file in locks/: {lock}");
            }
        } else {
            assert!(
                name.ends_with(".json") && !name.starts_with('.'),
                "left behind in the cache: {name}"
            );
            assert_entry(&item.path(), &std::fs::read(item.path()).unwrap());
            entries += 1;
        }
    }
    entries
}

/// Asserts a run printed a token for profile `i`, signed by the authority.
#[track_caller]
fn assert_token_of(w: &World, i: usize, stdout: &[u8]) {
    let token = String::from_utf8_lossy(stdout);
    let claims = w.verified_claims(&token);
    assert_eq!(claims["appid"], client_of(i), "p{i}: {claims}");
    assert_eq!(claims["aud"], resource_of(i), "p{i}: {claims}");
    assert_eq!(claims["tid"], fx::TENANT_ID, "p{i}: {claims}");
}

/// Token requests per profile, told apart by client and scope.
fn requests_per_profile(w: &World) -> HashMap<usize, usize> {
    let mut counts = HashMap::new();
    for req in w.authority.requests() {
        if req.form_value("grant_type") != Some("client_credentials") {
            continue;
        }
        let i = (0..PROFILES)
            .find(|&i| {
                req.form_value("client_id") == Some(client_of(i))
                    && req.form_value("scope") == Some(&format!("{}/.default", resource_of(i)))
            })
            .unwrap_or_else(|| panic!("a request for no profile: {req:?}"));
        *counts.entry(i).or_insert(0) += 1;
    }
    counts
}

#[test]
fn two_hundred_processes_ten_keys_one_request_each_then_kills() {
    let started = Instant::now();
    let deadline = started + DEADLINE;
    let w = world();
    w.authority.set_fault_always(Some(Fault::Delay(SLOW)));

    // Round 1: everyone lives.
    let cache = w.path("soak-1");
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch(cache.clone(), stop.clone(), deadline);
    let children: Vec<Child> = (0..PROCESSES)
        .map(|n| spawn(&w, &cache, n % PROFILES))
        .collect();
    let outputs = wait_all(children, deadline);
    stop.store(true, Ordering::Relaxed);
    let reads = watcher.join().expect("a cache entry was read half-written");
    for (n, out) in outputs.iter().enumerate() {
        assert!(
            out.status.success(),
            "process {n} (p{}): {}",
            n % PROFILES,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_token_of(&w, n % PROFILES, &out.stdout);
    }
    let counts = requests_per_profile(&w);
    for i in 0..PROFILES {
        assert_eq!(counts.get(&i), Some(&1), "requests for p{i}: {counts:?}");
    }
    assert_eq!(w.authority.token_requests(), PROFILES);
    assert_eq!(assert_tidy(&cache), PROFILES);
    eprintln!(
        "round 1: {PROCESSES} processes in {:?}, {reads} entry reads while running",
        started.elapsed()
    );

    // Round 2: a fresh folder, and every third process killed while it
    // waits for the lock or for the authority's answer.
    let round2 = Instant::now();
    let cache = w.path("soak-2");
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch(cache.clone(), stop.clone(), deadline);
    let mut children = Vec::new();
    let mut to_kill: Vec<(usize, Instant)> = Vec::new();
    let killed = AtomicUsize::new(0);
    let kill_due = |children: &mut Vec<Child>, to_kill: &mut Vec<(usize, Instant)>| {
        to_kill.retain(|&(n, due)| {
            if Instant::now() < due {
                return true;
            }
            children[n].kill().unwrap();
            killed.fetch_add(1, Ordering::Relaxed);
            false
        });
    };
    for n in 0..PROCESSES {
        children.push(spawn(&w, &cache, n % PROFILES));
        if n % 3 == 0 {
            to_kill.push((n, Instant::now() + KILL_AFTER));
        }
        kill_due(&mut children, &mut to_kill);
    }
    while !to_kill.is_empty() {
        std::thread::sleep(Duration::from_millis(10));
        kill_due(&mut children, &mut to_kill);
    }
    let outputs = wait_all(children, deadline);
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("a cache entry was read half-written");
    assert_eq!(killed.load(Ordering::Relaxed), PROCESSES.div_ceil(3));
    for (n, out) in outputs.iter().enumerate() {
        if n % 3 == 0 {
            continue; // killed, or done before the kill: either is fine
        }
        assert!(
            out.status.success(),
            "survivor {n} (p{}): {}",
            n % PROFILES,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_token_of(&w, n % PROFILES, &out.stdout);
    }
    assert!(assert_tidy(&cache) <= PROFILES);

    // Afterwards every profile still works, from the cache or afresh.
    w.authority.set_fault_always(None);
    for i in 0..PROFILES {
        let out = spawn(&w, &cache, i).wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "p{i} after the kills: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_token_of(&w, i, &out.stdout);
    }
    assert_eq!(assert_tidy(&cache), PROFILES);
    eprintln!(
        "round 2: {PROCESSES} processes, {} killed, in {:?}",
        killed.load(Ordering::Relaxed),
        round2.elapsed()
    );
}
