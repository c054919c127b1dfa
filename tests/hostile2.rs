//! More members of issue 10's classes, found by a second hostile pass:
//! values from a config file quoted in errors, secret-shaped values that
//! still reached the authority, and others.

mod common;
use common::*;

const THE_SECRET: &str = "Xq8Q~THE-SECRET.hostile2_0043";

/// A profile `a` against the world's authority, with one more line.
fn profile_with(w: &World, line: &str) -> String {
    format!(
        "[profiles.a]\ntenant = \"{}\"\nclient_id = \"{}\"\nclient_secret_env = \"TEST_SP_SECRET\"\nauthority_host = \"{}\"\n{line}\n",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        w.authority.url()
    )
}

#[test]
fn an_unknown_cloud_auth_or_endpoint_in_the_file_is_named_never_quoted() {
    let w = World::new();
    for key in ["cloud", "auth", "endpoint"] {
        w.write_config(&profile_with(&w, &format!("{key} = \"{THE_SECRET}\"")));
        for args in [
            &["-p", "a", "token"][..],
            &["-p", "a", "config", "show"],
            &["-p", "a", "check"],
            &["-p", "a", "check", "--json"],
            &["-p", "a", "cache", "clear"],
        ] {
            let run = w.run(args);
            run.shows_none_of(&[THE_SECRET]);
            assert_ne!(run.code, 0, "{key} {args:?}: {run:#?}");
            let out = format!("{}{}", run.stdout, run.stderr);
            assert!(out.contains(key), "{key} {args:?} names the key: {run:#?}");
        }
        // `config set` checks the same values and must not echo them either.
        let run = w.run(&["config", "set", "a", key, THE_SECRET]);
        run.fails(2);
        run.shows_none_of(&[THE_SECRET]);
    }
}

#[test]
fn config_list_does_not_show_a_malformed_id_that_may_be_a_pasted_secret() {
    let w = World::new();
    for (tenant, client_id, auth) in [
        (THE_SECRET, fx::SP_CLIENT_ID, "client_secret"),
        (fx::TENANT_ID, THE_SECRET, "client_secret"),
        (fx::TENANT_ID, fx::SP_CLIENT_ID, THE_SECRET),
    ] {
        w.write_config(&format!(
            "[profiles.a]\ntenant = \"{tenant}\"\nclient_id = \"{client_id}\"\nauth = \"{auth}\"\nclient_secret_env = \"TEST_SP_SECRET\"\n"
        ));
        let run = w.run(&["config", "list"]);
        run.shows_none_of(&[THE_SECRET]);
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(
            run.stdout.contains("  a  "),
            "the profile is still listed: {run:#?}"
        );
    }
    // Well-formed values are listed as they are.
    w.write_config(&format!(
        "[profiles.a]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{}\"\nauth = \"password\"\n[profiles.b]\ntoken_endpoint = \"https://idp.example/token\"\ntenant = \"adfs\"\nclient_id = \"my-app\"\n",
        fx::SP_CLIENT_ID
    ));
    let out = w.run(&["config", "list"]).ok().to_owned();
    for v in [
        "contoso.onmicrosoft.com",
        fx::SP_CLIENT_ID,
        "password",
        "adfs",
        "my-app",
    ] {
        assert!(out.contains(v), "{v} listed: {out}");
    }
}

#[test]
fn a_secret_pasted_into_resource_or_scope_never_reaches_the_authority() {
    let w = World::new();
    w.write_config(&w.sp_profile("a", ""));
    let both = format!("https://analysis.windows.net/powerbi/api/.default {THE_SECRET}");
    for (args, key) in [
        (
            vec!["token", "-p", "a", "--resource", THE_SECRET],
            "resource (from --resource)",
        ),
        (
            vec!["token", "-p", "a", "--scope", THE_SECRET],
            "scope (from --scope)",
        ),
        (
            vec!["token", "-p", "a", "--scope", &both],
            "scope (from --scope)",
        ),
        (
            vec![
                "token",
                "-p",
                "a",
                "--endpoint",
                "v1",
                "--resource",
                THE_SECRET,
            ],
            "resource",
        ),
        (
            vec!["config", "show", "-p", "a", "--scope", THE_SECRET],
            "scope",
        ),
    ] {
        let before = w.authority.requests().len();
        let run = w.run(&args);
        let err = run.fails_cleanly(2);
        assert!(err.contains(key), "{args:?}: {run:#?}");
        run.shows_none_of(&[THE_SECRET, "THE-SECRET"]);
        assert_eq!(
            w.authority.requests().len(),
            before,
            "{args:?}: a request was sent"
        );
    }
    // The same in the file.
    for line in [
        format!("resource = \"{THE_SECRET}\""),
        format!("scope = \"{THE_SECRET}\""),
    ] {
        w.write_config(&w.sp_profile("a", &line));
        let run = w.run(&["token", "-p", "a"]);
        run.fails_cleanly(2);
        run.shows_none_of(&[THE_SECRET, "THE-SECRET"]);
    }
    // What Entra takes still goes: URIs, GUIDs, GUID/.default, scope names.
    w.write_config(&w.sp_profile("a", ""));
    for scope in [
        "https://analysis.windows.net/powerbi/api/.default",
        "api://3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a01/.default",
        "00000009-0000-0000-c000-000000000000/.default",
        "https://analysis.windows.net/powerbi/api/.default offline_access openid User.Read",
    ] {
        let run = w.run(&["config", "show", "-p", "a", "--scope", scope]);
        assert_eq!(run.code, 0, "{scope}: {run:#?}");
    }
    for resource in [
        "https://analysis.windows.net/powerbi/api",
        "00000009-0000-0000-c000-000000000000",
    ] {
        let run = w.run(&[
            "config",
            "show",
            "-p",
            "a",
            "--endpoint",
            "v1",
            "--resource",
            resource,
        ]);
        assert_eq!(run.code, 0, "{resource}: {run:#?}");
    }
}

/// A sparse file of `mib` MiB of zero bytes: as big as `/dev/zero` needs to
/// be to show an unbounded read, at no cost on disk.
fn huge_file(w: &World, name: &str, mib: u64) -> String {
    let path = w.path(name);
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(mib << 20).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_huge_file_or_endless_input_is_a_short_error_not_unbounded_memory() {
    let w = World::new();
    let huge = huge_file(&w, "huge", 64);
    let cases: Vec<(String, Vec<&str>, &str, i32)> = vec![
        (
            w.sp_profile("a", "").replace(
                "client_secret_env = \"TEST_SP_SECRET\"",
                &format!("client_secret_file = \"{huge}\""),
            ),
            vec!["token", "-p", "a"],
            "client_secret_file",
            2,
        ),
        (
            w.sp_profile("a", "").replace(
                "client_secret_env = \"TEST_SP_SECRET\"",
                &format!("client_secret_file = \"{huge}\""),
            ),
            vec!["check", "-p", "a"],
            "client_secret_file",
            1,
        ),
        (
            w.sp_profile("a", &format!("certificate_file = \"{huge}\""))
                .replace("auth = \"client_secret\"", "auth = \"certificate\""),
            vec!["token", "-p", "a"],
            "certificate_file",
            2,
        ),
        (
            w.sp_profile("a", &format!("federated_token_file = \"{huge}\""))
                .replace("auth = \"client_secret\"", "auth = \"workload_identity\""),
            vec!["token", "-p", "a"],
            "federated_token_file",
            2,
        ),
        (
            w.sp_profile("a", &format!("federated_token_file = \"{huge}\""))
                .replace("auth = \"client_secret\"", "auth = \"workload_identity\""),
            vec!["check", "-p", "a"],
            "federated_token_file",
            1,
        ),
        (
            // The CA file is read for https only: a loopback port that is
            // never reached, as the file is read first.
            w.sp_profile("a", "")
                .replace(&w.authority.url(), "https://127.0.0.1:9"),
            vec!["token", "-p", "a", "--no-cache", "--ca-file", &huge],
            "CA file",
            2,
        ),
        (
            w.sp_profile("a", ""),
            vec!["token", "--config", &huge],
            "config file",
            2,
        ),
        (
            w.sp_profile("a", ""),
            vec!["config", "set", "--config", &huge, "a", "cloud", "public"],
            "config file",
            2,
        ),
    ];
    for (config, args, what, code) in cases {
        w.write_config(&config);
        let run = w.run(&args);
        assert_eq!(run.code, code, "{args:?}: {run:#?}");
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(
            out.contains(what) && out.contains("larger than 4 MiB"),
            "{args:?}: {run:#?}"
        );
        assert!(run.stderr.len() < 2000, "{args:?}: a short error: {run:#?}");
    }
    // A password or a secret on standard input: one line, not a whole stream.
    w.write_config(&format!(
        "{}{}",
        w.sp_profile("a", ""),
        w.user_profile("u", fx::USER_UPN, "")
    ));
    for args in [
        &["token", "-p", "u", "--no-cache", "--password-stdin"][..],
        &["config", "set", "a", "client_secret", "-"],
    ] {
        let run = w.run_with(args, |c| {
            c.stdin(std::fs::File::open(&huge).unwrap());
        });
        run.fails(2);
        assert!(
            run.stderr.contains("longer than 64 KiB"),
            "{args:?}: {run:#?}"
        );
    }
}

/// What must never reach a terminal: ESC, BEL, CSI (C1) and a bidi override.
const ESCAPES: [&str; 4] = ["\u{1b}", "\u{7}", "\u{9b}", "\u{202e}"];

#[test]
fn config_edits_and_cache_clear_print_no_escapes_from_names_or_paths() {
    let w = World::new();
    let evil = "e\u{1b}]0;pwn\u{7}\u{9b}31m\u{202e}";
    let table = format!("\"{}\"", "e\\u001b]0;pwn\\u0007\\u009b31m\\u202e");
    let config = w.sp_profile(&table, "");
    for args in [
        &["config", "set", evil, "cloud", "public"][..],
        &[
            "config",
            "set",
            evil,
            "client_secret_file",
            "/x\u{1b}[2J\u{202e}",
        ],
        &["config", "unset", evil, "cloud"],
        &["config", "unset", evil, "cloud"],
        &["config", "use", evil],
        &["-p", evil, "config", "show"],
        &["-p", evil, "token"],
        &["cache", "clear", "--profile", evil],
        &["config", "remove", evil],
    ] {
        w.write_config(&config);
        let run = w.run(args);
        // A path with control characters is refused; the rest succeed.
        let refused = args.contains(&"client_secret_file");
        assert_eq!(run.code, if refused { 2 } else { 0 }, "{args:?}: {run:#?}");
        run.shows_none_of(&ESCAPES);
    }
    // A config file or cache folder whose path holds escapes.
    let odd = w.path("odd\u{1b}[2J\u{202e}");
    std::fs::create_dir(&odd).unwrap();
    let config_path = odd.join("config.toml");
    write_file(&config_path, &w.sp_profile("a", ""));
    let c = config_path.to_str().unwrap();
    for args in [
        &["--config", c, "config", "set", "a", "cloud", "public"][..],
        &["--config", c, "config", "unset", "a", "cloud"],
        &["--config", c, "config", "use", "a"],
        &[
            "--config",
            c,
            "config",
            "init",
            "-p",
            "b",
            "--tenant",
            fx::TENANT_ID,
            "--client-id",
            fx::SP_CLIENT_ID,
            "--client-secret-env",
            "X",
        ],
        &["--config", c, "config", "remove", "b"],
    ] {
        let run = w.run(args);
        assert_eq!(run.code, 0, "{args:?}: {run:#?}");
        run.shows_none_of(&ESCAPES);
    }
    for args in [&["cache", "list"][..], &["cache", "clear", "--all"]] {
        let run = w.run_with(args, |c| {
            c.env("PBITOKEN_CACHE_DIR", &odd);
        });
        assert_eq!(run.code, 0, "{args:?}: {run:#?}");
        run.shows_none_of(&ESCAPES);
    }
}

#[test]
fn an_already_expired_token_from_az_is_not_handed_out() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"az\"\n[profiles.az]\nauth = \"azure_cli\"\ntenant = \"{}\"\n",
        fx::TENANT_ID
    ));
    let bin = w.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for expires_on in [format!("{}", now - 60), "-5".to_owned()] {
        let az = bin.join("az");
        std::fs::write(
            &az,
            format!("#!/bin/sh\nprintf '{{\"accessToken\":\"eyJhei.from-az.sig\",\"expires_on\":{expires_on},\"tokenType\":\"Bearer\"}}'\n"),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        for output in ["token", "json", "header"] {
            let run = w.run_with(&["token", "--no-cache", "-o", output], |c| {
                c.env("PATH", &path);
            });
            let err = run.fails_cleanly(4);
            assert!(
                err.contains("expired"),
                "{expires_on} -o {output}: {run:#?}"
            );
        }
    }
}
