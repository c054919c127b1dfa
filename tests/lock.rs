//! The cache key's lock: a waiter sleeps in the kernel until the holder lets
//! go (no polling), and a holder lets go as soon as the entry is written,
//! before printing (stdout may be a pipe nobody reads yet).
#![cfg(target_os = "linux")]

mod common;
use common::*;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The one lock file and the one entry file of the world's cache.
fn lock_and_entry(w: &World) -> (PathBuf, PathBuf) {
    let lock = std::fs::read_dir(w.cache_dir().join("locks"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let id = lock.file_stem().unwrap().to_str().unwrap().to_owned();
    (lock, w.cache_dir().join(format!("{id}.json")))
}

/// A pipe whose buffer is already full: a write to `.1` blocks until `.0`
/// is read.
fn full_pipe() -> (File, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid array of two ints.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: pipe2 just returned these two descriptors, owned by nobody else.
    let (read, write) = unsafe { (File::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let set_nonblocking = |on: bool| {
        // SAFETY: fcntl on a descriptor we own.
        unsafe {
            let flags = libc::fcntl(fds[1], libc::F_GETFL);
            let flags = if on {
                flags | libc::O_NONBLOCK
            } else {
                flags & !libc::O_NONBLOCK
            };
            assert_eq!(libc::fcntl(fds[1], libc::F_SETFL, flags), 0);
        }
    };
    set_nonblocking(true);
    let mut writer = File::from(write.try_clone().unwrap());
    let chunk = [b'x'; 4096];
    while writer.write(&chunk).is_ok() {}
    set_nonblocking(false);
    (read, write)
}

/// Waits (up to a minute, for a loaded machine) until `f` holds.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !f() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether `lock` can be taken now (and lets go of it again).
fn lock_is_free(lock: &PathBuf) -> bool {
    let file = std::fs::OpenOptions::new().write(true).open(lock).unwrap();
    let free = file.try_lock().is_ok();
    drop(file);
    free
}

/// Runs `pbitoken token` writing to a full pipe; returns the child and the
/// pipe's read end.
fn spawn_blocked_on_stdout(w: &World, args: &[&str]) -> (Child, File) {
    let (read, write) = full_pipe();
    let mut cmd = w.cmd();
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped());
    (cmd.spawn().unwrap(), read)
}

/// Reads the pipe to its end and returns the child's last stdout line.
fn finish(mut child: Child, mut read: File) -> String {
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        read.read_to_end(&mut out).unwrap();
        out
    });
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let out = reader.join().unwrap();
    let text = String::from_utf8_lossy(&out);
    text.trim_start_matches('x').trim_end().to_owned()
}

#[test]
fn the_lock_is_let_go_before_printing() {
    let w = World::with_sp("");
    // A miss: the request, the entry written, then the print blocks.
    let (child, read) = spawn_blocked_on_stdout(&w, &["token"]);
    eventually("the lock file appears", || {
        w.cache_dir()
            .join("locks")
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some())
    });
    let (lock, entry) = lock_and_entry(&w);
    eventually("the entry is written", || entry.exists());
    eventually(
        "the writer lets go of the lock while its print blocks",
        || lock_is_free(&lock),
    );
    let mut child = child;
    assert!(child.try_wait().unwrap().is_none(), "printed already?");
    w.verified_claims(&finish(child, read));

    // A waiter that finds the entry another process wrote lets go before
    // printing too. Hold the lock with the entry moved away, so that the
    // child misses, waits, then finds it.
    let aside = w.path("entry.json");
    std::fs::rename(&entry, &aside).unwrap();
    let held = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    held.lock().unwrap();
    let (child, read) = spawn_blocked_on_stdout(&w, &["token"]);
    eventually("the waiter sleeps in flock(2)", || in_flock(&child));
    std::fs::rename(&aside, &entry).unwrap();
    held.unlock().unwrap();
    eventually(
        "the waiter lets go of the lock while its print blocks",
        || {
            // The test's own probe may win the lock first; it lets go at once.
            lock_is_free(&lock) && in_write(&child)
        },
    );
    w.verified_claims(&finish(child, read));
    assert_eq!(w.authority.token_requests(), 1);
}

/// The system call each thread of the child is in, from /proc.
fn syscalls(child: &Child) -> Vec<i64> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", child.id())) else {
        return Vec::new();
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("syscall")).ok())
        .filter_map(|s| s.split(' ').next()?.trim().parse().ok())
        .collect()
}

fn in_flock(child: &Child) -> bool {
    syscalls(child).contains(&libc::SYS_flock)
}

fn in_write(child: &Child) -> bool {
    syscalls(child).contains(&libc::SYS_write)
}

#[test]
fn a_waiter_blocks_in_the_kernel_instead_of_polling() {
    let w = World::with_sp("");
    w.run(&["token"]).ok();
    let (lock, _) = lock_and_entry(&w);
    let held = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    held.lock().unwrap();
    let mut cmd = w.cmd();
    cmd.args(["token", "--force-refresh", "--timeout", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    // A poll loop sleeps in nanosleep between tries; a blocking wait sits
    // in flock(2) until the lock is let go.
    eventually("the waiter sleeps in flock(2)", || in_flock(&child));
    held.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    w.verified_claims(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(w.authority.token_requests(), 2);
}
