//! What every integration test needs: a local authority on loopback, a
//! private home folder, and the real `pbitoken` binary run with a clean
//! environment.
#![allow(dead_code, unused_imports)] // each test file uses a different part of this

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub use pbitoken_authority::fixtures as fx;
pub use pbitoken_authority::{Authority, Directory, Fault};

/// A test's world: the authority, and a temp folder that is $HOME,
/// $XDG_CONFIG_HOME and $XDG_CACHE_HOME.
pub struct World {
    pub authority: Authority,
    pub dir: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        &self.stdout
    }

    /// Asserts the exit code, an empty stdout and an `error: ` first line.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "wrong exit code: {self:#?}");
        assert_eq!(
            self.stdout, "",
            "stdout must be empty on failure: {self:#?}"
        );
        assert!(
            self.stderr.starts_with("error: "),
            "stderr must start with 'error: ': {self:#?}"
        );
        &self.stderr
    }

    /// The `error: ` line.
    pub fn error_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// The `hint: ` line, if any.
    pub fn hint(&self) -> Option<&str> {
        self.stderr.lines().find(|l| l.starts_with("hint: "))
    }

    /// [`Run::fails`], and after the `error: ` line only `hint: ` and id
    /// lines: one clear error, as SPEC.md says.
    #[track_caller]
    pub fn fails_cleanly(&self, code: i32) -> &str {
        self.fails(code);
        for line in self.stderr.lines().skip(1) {
            assert!(
                ["hint: ", "trace id: ", "correlation id: "]
                    .iter()
                    .any(|p| line.starts_with(p)),
                "stray stderr line {line:?} after the error: {self:#?}"
            );
        }
        &self.stderr
    }

    /// Asserts that none of `values` appears in stdout or stderr.
    #[track_caller]
    pub fn shows_none_of(&self, values: &[&str]) {
        for value in values {
            assert!(
                !self.stdout.contains(value) && !self.stderr.contains(value),
                "{value:?} leaked: {self:#?}"
            );
        }
    }

    /// Asserts that none of the fixture secrets appears in stdout or stderr.
    #[track_caller]
    pub fn leaks_nothing(&self) {
        for secret in SECRETS {
            assert!(
                !self.stdout.contains(secret) && !self.stderr.contains(secret),
                "secret {secret:?} leaked: {self:#?}"
            );
        }
    }
}

/// Every secret value the fixtures hold.
pub const SECRETS: [&str; 5] = [
    fx::SP_SECRET,
    fx::EXPIRED_SECRET,
    fx::DISABLED_SECRET,
    fx::OTHER_SECRET,
    fx::USER_PASSWORD,
];

impl World {
    /// An http authority with the seeded directory.
    pub fn new() -> World {
        World::with(Authority::start().expect("start the local authority"))
    }

    /// An authority whose certificate app (`fx::CERT_CLIENT_ID`) trusts
    /// these certificates.
    pub fn with_certificates(certs: &[&pbitoken_authority::testcert::TestCertificate]) -> World {
        let mut dir = Directory::seeded();
        let app = dir.tenants[0]
            .apps
            .iter_mut()
            .find(|a| a.client_id == fx::CERT_CLIENT_ID)
            .expect("the seeded certificate app");
        app.certificates = certs.iter().map(|c| c.cert_pem.clone()).collect();
        World::with(Authority::start_with(dir).expect("start the local authority"))
    }

    /// A world around a given authority.
    pub fn with(authority: Authority) -> World {
        World {
            authority,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default config file's path.
    pub fn config_path(&self) -> PathBuf {
        self.path("config/pbitoken/config.toml")
    }

    /// Writes the default config file, mode 0600 as `pbitoken config`
    /// leaves it (a literal secret in a file others can read draws a
    /// warning; tests of that chmod the file themselves).
    pub fn write_config(&self, text: &str) -> PathBuf {
        let path = self.config_path();
        write_file(&path, text);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    /// A world whose config has one service-principal profile, `sp`, the
    /// default; `extra` is added to its table.
    pub fn with_sp(extra: &str) -> World {
        let w = World::new();
        w.write_config(&format!(
            "default_profile = \"sp\"\n{}",
            w.sp_profile("sp", extra)
        ));
        w
    }

    /// The token cache's folder (under the world's XDG cache home).
    pub fn cache_dir(&self) -> PathBuf {
        self.path("cache/pbitoken")
    }

    /// A program `name` in the world's `bin/` running the shell `script`,
    /// and a PATH that finds it first (a fake `az`, a browser wrapper).
    pub fn fake_program(&self, name: &str, script: &str) -> String {
        let bin = self.path("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let program = bin.join(name);
        std::fs::write(&program, format!("#!/bin/sh\n{script}\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    /// How many `GenerateToken` calls the authority has answered.
    pub fn generate_token_calls(&self) -> usize {
        self.authority
            .requests()
            .iter()
            .filter(|r| r.path == pbitoken_authority::embed_fixtures::GENERATE_TOKEN_PATH)
            .count()
    }

    /// A `[profiles.NAME]` table for the service principal against this authority.
    pub fn sp_profile(&self, name: &str, extra: &str) -> String {
        format!(
            "[profiles.{name}]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"client_secret\"\nclient_secret_env = \"TEST_SP_SECRET\"\nauthority_host = \"{}\"\n{extra}\n",
            fx::TENANT_ID,
            fx::SP_CLIENT_ID,
            self.authority.url()
        )
    }

    /// A `[profiles.NAME]` table for a user with the password grant.
    pub fn user_profile(&self, name: &str, upn: &str, extra: &str) -> String {
        format!(
            "[profiles.{name}]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"password\"\nusername = \"{upn}\"\nauthority_host = \"{}\"\n{extra}\n",
            fx::TENANT_DOMAIN,
            fx::PUBLIC_CLIENT_ID,
            self.authority.url()
        )
    }

    /// The binary with a clean environment: only PATH, a private HOME and
    /// XDG dirs, and the SP secret in TEST_SP_SECRET.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pbitoken"));
        self.clean_env(&mut cmd);
        cmd
    }

    /// Runs a `sh -c` script with the same clean environment; `$PBITOKEN`
    /// is the binary.
    pub fn shell(&self, script: &str) -> Run {
        let mut cmd = Command::new("sh");
        self.clean_env(&mut cmd);
        cmd.stdin(Stdio::null());
        cmd.env("PBITOKEN", env!("CARGO_BIN_EXE_pbitoken"))
            .arg("-c")
            .arg(script);
        spawn_guard(&cmd);
        Run::from(cmd.output().expect("run sh"))
    }

    /// Another program (a shell, say) with the same clean environment.
    pub fn program(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        self.clean_env(&mut cmd);
        cmd
    }

    fn clean_env(&self, cmd: &mut Command) {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("TEST_SP_SECRET", fx::SP_SECRET)
            // No test may send a packet to 169.254.169.254: every run's
            // managed-identity endpoint is on loopback, where nothing
            // listens unless a test points it at the authority.
            .env("PBITOKEN_IMDS_ENDPOINT", imds_nowhere());
    }

    /// Runs the binary with these arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, |_| {})
    }

    /// Runs the binary after letting the caller adjust the command.
    pub fn run_with(&self, args: &[&str], adjust: impl FnOnce(&mut Command)) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args).stdin(Stdio::null());
        adjust(&mut cmd);
        spawn_guard(&cmd);
        Run::from(cmd.output().expect("run pbitoken"))
    }

    /// Runs the binary with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &str, adjust: impl FnOnce(&mut Command)) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        adjust(&mut cmd);
        spawn_guard(&cmd);
        let mut child = cmd.spawn().expect("spawn pbitoken");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .expect("write stdin");
        Run::from(child.wait_with_output().expect("wait"))
    }

    /// Runs the binary and also returns its peak resident memory in KiB,
    /// from `wait4`'s resource usage of that one child.
    #[cfg(target_os = "linux")]
    #[allow(clippy::zombie_processes)] // reaped by wait4, which std cannot see
    pub fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        use std::io::Read;
        let mut cmd = self.cmd();
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn pbitoken");
        let drain = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = r.read_to_end(&mut buf);
                buf
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value to be overwritten.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our unreaped child; both pointers are valid. std's
        // Child never waits on drop, so it does not race this reap.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        let run = Run {
            code,
            stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        };
        (run, usage.ru_maxrss as u64)
    }

    /// Runs `pbitoken ARGS` on a pseudo-terminal, answering each prompt in
    /// turn; returns everything the terminal showed after the last answer.
    pub fn on_terminal(&self, args: &[&str], answers: &[(&str, &str)]) -> String {
        let mut cmd = self.cmd();
        cmd.args(args);
        spawn_guard(&cmd);
        let mut session =
            rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn on a pty");
        for (prompt, answer) in answers {
            session
                .exp_string(prompt)
                .unwrap_or_else(|e| panic!("no prompt {prompt:?}: {e}"));
            session.send_line(answer).unwrap();
        }
        session.exp_eof().expect("pbitoken ends")
    }

    /// The claims of a token the authority issued, signature verified.
    pub fn verified_claims(&self, token: &str) -> serde_json::Value {
        self.authority
            .verify_jwt(token.trim())
            .expect("the token verifies against the authority's key")
    }
}

/// The managed-identity endpoint every run gets unless a test points it
/// at the authority: loopback, where connections are refused.
pub fn imds_nowhere() -> String {
    format!("{}/metadata/identity/oauth2/token", refused_url())
}

/// Refuses to start a command whose managed-identity endpoints are not on
/// loopback: unset, `PBITOKEN_IMDS_ENDPOINT` would mean 169.254.169.254,
/// and a test must never send a packet off this machine.
#[track_caller]
pub fn spawn_guard(cmd: &Command) {
    // A value that is not UTF-8 pbitoken refuses before any request.
    let env = |name: &str| {
        cmd.get_envs()
            .find(|(k, _)| *k == std::ffi::OsStr::new(name))
            .map(|(_, v)| v.map(|v| v.to_str().map_or("http://127.0.0.1/", |s| s).to_owned()))
    };
    let on_loopback = |url: &str| {
        url::Url::parse(url).is_ok_and(|u| match u.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        })
    };
    match env("PBITOKEN_IMDS_ENDPOINT") {
        Some(Some(url)) if on_loopback(&url) => {}
        other => panic!(
            "the test harness refuses to run pbitoken with PBITOKEN_IMDS_ENDPOINT = {other:?}: it must point at loopback"
        ),
    }
    if let Some(Some(url)) = env("IDENTITY_ENDPOINT") {
        assert!(
            on_loopback(&url) || !url.starts_with("http"),
            "IDENTITY_ENDPOINT must point at loopback: {url}"
        );
    }
}

/// Writes a file, creating its folders.
pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `http://127.0.0.1:PORT` where connections are refused: the port is held
/// by a TCP socket that is bound but never listens, for the whole test
/// process, so no other process can take it and every connect gets a reset.
pub fn refused_url() -> String {
    static HELD: std::sync::OnceLock<socket2::Socket> = std::sync::OnceLock::new();
    let socket = HELD.get_or_init(|| {
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .expect("a TCP socket");
        let addr: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
        socket.bind(&addr.into()).expect("bind a loopback port");
        socket
    });
    let port = socket
        .local_addr()
        .unwrap()
        .as_socket()
        .expect("an IP address")
        .port();
    format!("http://127.0.0.1:{port}")
}
