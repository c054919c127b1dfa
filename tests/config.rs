//! `pbitoken config ...`: init (flags, no terminal, a real pseudo-terminal),
//! list, show, set/unset keeping the rest of the file byte for byte,
//! remove, use, modes and errors.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const CLIENT: &str = "11111111-2222-3333-4444-555555555555";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A hand-written file: comments, blank lines, odd spacing and quoting.
const COMMENTED: &str = r#"# my profiles
default_profile = "prod"   # the usual one

[profiles.prod]                       # app owns data
tenant = "contoso.onmicrosoft.com"    # verified domain
client_id = "11111111-2222-3333-4444-555555555555"
# where the secret lives
client_secret_env = "PBI_PROD_SECRET"

# a user
[profiles.me]
tenant   =   'contoso.onmicrosoft.com'
auth = "password"
# the UPN
username = "alice@contoso.com"
"#;

fn commented(w: &World) -> std::path::PathBuf {
    let path = w.write_config(COMMENTED);
    chmod(&path, 0o644);
    path
}

#[test]
fn init_from_flags_writes_a_private_file_that_works() {
    let w = World::new();
    let run = w.run(&[
        "config",
        "init",
        "--tenant",
        fx::TENANT_ID,
        "--client-id",
        fx::SP_CLIENT_ID,
        "--client-secret-env",
        "TEST_SP_SECRET",
    ]);
    run.ok();
    assert!(run.stderr.contains("created profile 'default'"), "{run:#?}");
    let path = w.config_path();
    assert_eq!(
        read(&path),
        format!(
            "default_profile = \"default\"\n\n[profiles.default]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"client_secret\"\nclient_secret_env = \"TEST_SP_SECRET\"\n",
            fx::TENANT_ID,
            fx::SP_CLIENT_ID
        )
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);

    // Point it at the local authority, and it signs in.
    w.run(&[
        "config",
        "set",
        "default",
        "authority_host",
        &w.authority.url(),
    ])
    .ok();
    let token = w.run(&["token"]);
    w.verified_claims(token.ok());
}

#[test]
fn init_adds_a_profile_and_keeps_the_default() {
    let w = World::new();
    let path = commented(&w);
    let run = w.run_with(
        &[
            "config",
            "init",
            "-p",
            "ci",
            "--tenant",
            "fabrikam.onmicrosoft.com",
            "--client-id",
            CLIENT,
            "--cloud",
            "usgov",
            "--client-secret-file",
            "ci.secret",
        ],
        |c| {
            c.current_dir(w.dir.path());
        },
    );
    run.ok();
    // The relative path was relative to where the command ran.
    let secret = w.path("ci.secret");
    assert_eq!(
        read(&path),
        format!("{COMMENTED}\n[profiles.ci]\ntenant = \"fabrikam.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nauth = \"client_secret\"\nclient_secret_file = \"{}\"\ncloud = \"usgov\"\n", secret.display())
    );
    assert_eq!(mode(&path), 0o600, "init tightens the mode");
}

#[test]
fn init_without_a_terminal_names_the_missing_flags() {
    let w = World::new();
    let run = w.run(&["config", "init"]);
    let err = run.fails(2);
    assert!(
        err.contains("--tenant") && err.contains("--client-id"),
        "{err}"
    );
    assert!(err.contains("terminal"), "{err}");
    assert!(!w.config_path().exists());

    let run = w.run(&["config", "init", "-p", "x", "--tenant", "contoso.com"]);
    let err = run.error_line().to_owned();
    run.fails(2);
    assert!(
        err.contains("--client-id") && !err.contains("--tenant"),
        "{err}"
    );

    // Managed identity needs neither.
    w.run(&["config", "init", "-p", "mi", "--auth", "managed_identity"])
        .ok();
    assert!(read(&w.config_path()).contains("[profiles.mi]\nauth = \"managed_identity\"\n"));
}

#[test]
fn init_checks_the_flag_values() {
    let w = World::new();
    for (flag, value, expect) in [
        ("--client-id", "not-a-guid", "--client-id"),
        ("--tenant", "contoso", "--tenant"),
        (
            "--client-secret-env",
            "Sp18Q~secret.value",
            "--client-secret-env",
        ),
        ("--username", "alice", "--username"),
    ] {
        let mut args = vec![
            "config",
            "init",
            "--auth",
            "password",
            "--tenant",
            "contoso.com",
            "--client-id",
            CLIENT,
        ];
        args.extend([flag, value]);
        let run = w.run(&args);
        let err = run.fails(2);
        assert!(err.contains(expect), "{flag}: {err}");
        assert!(
            !err.contains("Sp18Q"),
            "a value that may be a secret is quoted: {err}"
        );
    }
    let run = w.run(&[
        "config",
        "init",
        "--tenant",
        "organizations",
        "--client-id",
        CLIENT,
    ]);
    assert!(run.fails(2).contains("organizations"), "{run:#?}");
    assert!(!w.config_path().exists());
}

#[test]
fn init_never_replaces_a_profile_without_force() {
    let w = World::new();
    let path = commented(&w);
    let args = [
        "config",
        "init",
        "-p",
        "prod",
        "--tenant",
        "fabrikam.onmicrosoft.com",
        "--client-id",
        CLIENT,
    ];
    let run = w.run(&args);
    assert!(run.fails(2).contains("already exists"), "{run:#?}");
    assert!(run.hint().unwrap().contains("--force"));
    assert_eq!(read(&path), COMMENTED);

    let mut forced = args.to_vec();
    forced.push("--force");
    w.run(&forced).ok();
    let text = read(&path);
    assert!(text.contains("[profiles.prod]                       # app owns data\ntenant = \"fabrikam.onmicrosoft.com\"\nclient_id"), "{text}");
    assert!(!text.contains("PBI_PROD_SECRET"), "{text}");
    assert!(
        text.ends_with("# the UPN\nusername = \"alice@contoso.com\"\n"),
        "{text}"
    );
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn init_on_a_terminal_asks_validates_and_recommends_an_env_var() {
    let w = World::new();
    let rest = w.on_terminal(
        &["config", "init", "-p", "prod"],
        &[
            ("Auth method", ""),
            ("Tenant", "contoso"),
            (
                "neither a tenant GUID nor a domain",
                "contoso.onmicrosoft.com",
            ),
            ("client) id", "1234"),
            ("not a GUID", CLIENT),
            ("1) an environment variable (recommended", ""),
            ("Environment variable name [PBI_PROD_SECRET]", ""),
            ("Cloud", ""),
        ],
    );
    assert!(rest.contains("created profile 'prod'"), "{rest}");
    let path = w.config_path();
    assert_eq!(
        read(&path),
        format!("default_profile = \"prod\"\n\n[profiles.prod]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nauth = \"client_secret\"\nclient_secret_env = \"PBI_PROD_SECRET\"\n")
    );
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn init_on_a_terminal_takes_a_typed_secret_without_echo_and_warns() {
    let w = World::new();
    let rest = w.on_terminal(
        &[
            "config",
            "init",
            "--tenant",
            fx::TENANT_ID,
            "--client-id",
            fx::SP_CLIENT_ID,
        ],
        &[
            ("Auth method", "client_secret"),
            ("Choice [1]", "3"),
            ("Client secret (not shown)", fx::SP_SECRET),
            ("Cloud", "usgov"),
        ],
    );
    assert!(!rest.contains(fx::SP_SECRET), "secret echoed: {rest}");
    let text = read(&w.config_path());
    assert!(
        text.contains(&format!("client_secret = \"{}\"\n", fx::SP_SECRET)),
        "{text}"
    );
    assert!(text.contains("cloud = \"usgov\"\n"), "{text}");
    assert_eq!(mode(&w.config_path()), 0o600);
}

#[test]
fn init_on_a_terminal_asks_for_the_username_of_password_sign_in() {
    let w = World::new();
    w.on_terminal(
        &["config", "init", "-p", "me", "--cloud", "public"],
        &[
            ("Auth method", "password"),
            ("Tenant", "organizations"),
            ("client) id", fx::PUBLIC_CLIENT_ID),
            ("Username", "alice"),
            ("not a user principal name", fx::USER_UPN),
        ],
    );
    let text = read(&w.config_path());
    assert!(
        text.contains(&format!(
            "auth = \"password\"\nusername = \"{}\"\ncloud = \"public\"\n",
            fx::USER_UPN
        )),
        "{text}"
    );
}

#[test]
fn set_and_unset_change_one_line_and_keep_every_other_byte() {
    let w = World::new();
    let path = commented(&w);
    let cases: [(&[&str], String); 5] = [
        (
            &["config", "set", "prod", "tenant", fx::TENANT_ID],
            COMMENTED.replace(
                "tenant = \"contoso.onmicrosoft.com\"    # verified domain",
                &format!("tenant = \"{}\"    # verified domain", fx::TENANT_ID),
            ),
        ),
        (
            &["config", "set", "prod", "cloud", "china"],
            COMMENTED.replace(
                "client_secret_env = \"PBI_PROD_SECRET\"\n",
                "client_secret_env = \"PBI_PROD_SECRET\"\ncloud = \"china\"\n",
            ),
        ),
        (
            &["config", "unset", "prod", "client_secret_env"],
            COMMENTED.replace("client_secret_env = \"PBI_PROD_SECRET\"\n", ""),
        ),
        (
            &["config", "unset", "me", "username"],
            COMMENTED.replace("username = \"alice@contoso.com\"\n", ""),
        ),
        (
            &["config", "use", "me"],
            COMMENTED.replace("default_profile = \"prod\"", "default_profile = \"me\""),
        ),
    ];
    for (args, expected) in cases {
        std::fs::write(&path, COMMENTED).unwrap();
        chmod(&path, 0o644);
        w.run(args).ok();
        assert_eq!(read(&path), expected, "after {args:?}");
        assert_eq!(mode(&path), 0o600, "mode after {args:?}");
    }
}

#[test]
fn unset_of_a_missing_key_changes_nothing() {
    let w = World::new();
    let path = commented(&w);
    let run = w.run(&["config", "unset", "prod", "cloud"]);
    run.ok();
    assert!(run.stderr.contains("nothing changed"), "{run:#?}");
    assert_eq!(read(&path), COMMENTED);
}

#[test]
fn naming_a_secret_source_replaces_the_other() {
    let w = World::new();
    let path = commented(&w);
    let run = w.run(&["config", "set", "prod", "client_secret_file", "prod.secret"]);
    run.ok();
    assert!(run.stderr.contains("removed client_secret_env"), "{run:#?}");
    assert_eq!(
        read(&path),
        COMMENTED.replace(
            "client_secret_env = \"PBI_PROD_SECRET\"\n",
            "client_secret_file = \"prod.secret\"\n"
        )
    );
}

#[test]
fn set_client_secret_from_stdin_keeps_it_out_of_the_output() {
    let w = World::new();
    let path = commented(&w);
    let run = w.run_stdin(
        &["config", "set", "prod", "client_secret", "-"],
        &format!("{}\n", fx::SP_SECRET),
        |_| {},
    );
    run.ok();
    run.leaks_nothing();
    assert!(run.stderr.contains("plain text"), "{run:#?}");
    assert!(read(&path).contains(&format!("client_secret = \"{}\"\n", fx::SP_SECRET)));
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn bad_key_bad_value_unknown_profile_are_exit_2_and_change_nothing() {
    let w = World::new();
    let path = commented(&w);
    let cases: [(&[&str], &str); 9] = [
        (
            &["config", "set", "prod", "tennant", "x.com"],
            "unknown key 'tennant'",
        ),
        (
            &["config", "unset", "prod", "tennant"],
            "unknown key 'tennant'",
        ),
        (&["config", "set", "prod", "client_id", "abc"], "not a GUID"),
        (
            &["config", "set", "prod", "auth", "secret"],
            "unknown auth method",
        ),
        (&["config", "set", "prod", "cloud", "mars"], "cloud"),
        (
            &["config", "set", "prod", "authority_host", "ftp://x"],
            "authority_host",
        ),
        (
            &["config", "set", "nope", "cloud", "usgov"],
            "unknown profile 'nope'",
        ),
        (&["config", "remove", "nope"], "unknown profile 'nope'"),
        (&["config", "use", "nope"], "unknown profile 'nope'"),
    ];
    for (args, expect) in cases {
        let run = w.run(args);
        run.fails(2);
        assert!(run.error_line().contains(expect), "{args:?}: {run:#?}");
        assert!(
            run.stderr
                .lines()
                .all(|l| l.starts_with("error: ") || l.starts_with("hint: ")),
            "one error line (and a hint): {run:#?}"
        );
        assert_eq!(read(&path), COMMENTED, "{args:?} changed the file");
        assert_eq!(mode(&path), 0o644, "{args:?} wrote the file");
    }
    let run = w.run(&["config", "set", "prod", "client_secret_env", fx::SP_SECRET]);
    run.fails(2);
    run.leaks_nothing();
}

#[test]
fn set_without_a_config_file_is_exit_2() {
    let w = World::new();
    let run = w.run(&["config", "set", "prod", "cloud", "usgov"]);
    assert!(run.fails(2).contains("does not exist"), "{run:#?}");
    assert!(!w.config_path().exists());
}

#[test]
fn remove_drops_the_profile_and_a_default_that_named_it() {
    let w = World::new();
    let path = commented(&w);
    w.run(&["config", "remove", "me"]).ok();
    // The comment lines right above a profile's header go with it.
    assert_eq!(read(&path), COMMENTED.split("\n# a user\n").next().unwrap());
    assert_eq!(mode(&path), 0o600);

    std::fs::write(&path, COMMENTED).unwrap();
    let run = w.run(&["config", "remove", "prod"]);
    run.ok();
    assert!(run.stderr.contains("default profile"), "{run:#?}");
    let text = read(&path);
    assert!(
        !text.contains("default_profile") && !text.contains("[profiles.prod]"),
        "{text}"
    );
    assert!(text.contains("[profiles.me]"), "{text}");
}

#[test]
fn list_marks_the_default() {
    let w = World::new();
    commented(&w);
    let run = w.run(&["config", "list"]);
    assert_eq!(
        run.ok(),
        format!("   NAME  TENANT                   CLIENT                                AUTH\n   me    contoso.onmicrosoft.com  -                                     password\n*  prod  contoso.onmicrosoft.com  {CLIENT}  client_secret\n")
    );
    assert_eq!(w.run(&["config", "list", "--names"]).ok(), "me\nprod\n");

    let empty = World::new();
    let run = empty.run(&["config", "list"]);
    assert_eq!(run.ok(), "");
    assert!(run.stderr.contains("config init"), "{run:#?}");
    assert_eq!(empty.run(&["config", "list", "--names"]).ok(), "");
}

fn show_line<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} line in {out}"))
}

#[test]
fn show_names_every_source_and_masks_every_secret() {
    let w = World::new();
    let secret_file = w.path("config/pbitoken/file.secret");
    write_file(&secret_file, fx::OTHER_SECRET);
    let path = w.write_config(&format!(
        "default_profile = \"lit\"\n\
         [profiles.lit]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nclient_secret = \"{}\"\n\
         [profiles.env]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nclient_secret_env = \"TEST_SP_SECRET\"\n\
         [profiles.file]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nclient_secret_file = \"file.secret\"\n\
         [profiles.dflt]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\n",
        fx::EXPIRED_SECRET
    ));
    chmod(&path, 0o600);

    let run = w.run(&["config", "show"]);
    let out = run.ok();
    run.leaks_nothing();
    assert_eq!(show_line(out, "profile"), "profile = lit  (default)");
    assert_eq!(
        show_line(out, "client_secret"),
        "client_secret = ****  (profile)"
    );
    assert_eq!(
        show_line(out, "tenant"),
        "tenant = contoso.onmicrosoft.com  (profile)"
    );
    assert_eq!(show_line(out, "cloud"), "cloud = public  (default)");
    assert_eq!(show_line(out, "auth"), "auth = client_secret  (default)");
    assert_eq!(
        show_line(out, "config_file"),
        format!("config_file = {}  (default)", path.display())
    );

    let run = w.run(&[
        "config",
        "show",
        "env",
        "--tenant",
        "fabrikam.onmicrosoft.com",
    ]);
    let out = run.ok();
    run.leaks_nothing();
    assert_eq!(show_line(out, "profile"), "profile = env  (flag)");
    assert_eq!(
        show_line(out, "client_secret"),
        "client_secret = ****  (env TEST_SP_SECRET)"
    );
    assert_eq!(
        show_line(out, "tenant"),
        "tenant = fabrikam.onmicrosoft.com  (flag)"
    );

    let run = w.run(&["config", "show", "file"]);
    let out = run.ok();
    run.leaks_nothing();
    assert_eq!(
        show_line(out, "client_secret"),
        "client_secret = ****  (profile)"
    );

    let run = w.run_with(&["config", "show", "dflt"], |c| {
        c.env("AZURE_CLIENT_SECRET", fx::DISABLED_SECRET)
            .env("AZURE_AUTHORITY_HOST", "http://127.0.0.1:9");
    });
    let out = run.ok();
    run.leaks_nothing();
    assert_eq!(
        show_line(out, "client_secret"),
        "client_secret = ****  (env AZURE_CLIENT_SECRET)"
    );
    assert_eq!(
        show_line(out, "authority_host"),
        "authority_host = http://127.0.0.1:9  (env AZURE_AUTHORITY_HOST)"
    );
    assert_eq!(
        show_line(w.run(&["config", "show", "dflt"]).ok(), "client_secret"),
        "client_secret = (not set)  (default)"
    );

    // PBITOKEN_PROFILE is named as the reason for the choice.
    let run = w.run_with(&["config", "show"], |c| {
        c.env("PBITOKEN_PROFILE", "env");
    });
    assert_eq!(
        show_line(run.ok(), "profile"),
        "profile = env  (env PBITOKEN_PROFILE)"
    );

    let run = w.run(&["config", "show", "nope"]);
    assert!(run.fails(2).contains("unknown profile 'nope'"));
}

#[test]
fn show_never_prints_a_secret_pasted_as_an_env_var_name() {
    let w = World::new();
    w.write_config(&format!(
        "[profiles.oops]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"{CLIENT}\"\nclient_secret_env = \"{}\"\n",
        fx::SP_SECRET
    ));
    let run = w.run(&["config", "show", "oops"]);
    run.ok();
    run.leaks_nothing();
    assert!(run.stderr.contains("is it the secret itself"), "{run:#?}");
}

#[test]
fn token_warns_about_a_literal_secret_others_can_read() {
    let w = World::new();
    let path = w.write_config(&format!(
        "default_profile = \"lit\"\n{}",
        w.sp_profile("lit", "").replace(
            "client_secret_env = \"TEST_SP_SECRET\"",
            &format!("client_secret = \"{}\"", fx::SP_SECRET)
        )
    ));
    chmod(&path, 0o644);
    let run = w.run(&["token"]);
    w.verified_claims(run.ok());
    let warning = run
        .stderr
        .lines()
        .find(|l| l.starts_with("warning: "))
        .unwrap_or_else(|| panic!("no warning: {run:#?}"));
    assert!(
        warning.contains("literal client_secret") && warning.contains("644"),
        "{warning}"
    );
    assert!(warning.contains("chmod 600"), "{warning}");
    run.leaks_nothing();

    let run = w.run(&["token", "-q"]);
    run.ok();
    assert!(!run.stderr.contains("warning"), "{run:#?}");

    chmod(&path, 0o600);
    let run = w.run(&["token"]);
    run.ok();
    assert!(!run.stderr.contains("warning"), "{run:#?}");
}

#[test]
fn config_path_follows_the_flag_and_the_env() {
    let w = World::new();
    assert_eq!(
        w.run(&["config", "path"]).ok().trim_end(),
        w.config_path().display().to_string()
    );
    let other = w.path("elsewhere/pb.toml");
    assert_eq!(
        w.run_with(&["config", "path"], |c| {
            c.env("PBITOKEN_CONFIG", &other);
        })
        .ok()
        .trim_end(),
        other.display().to_string()
    );
    // init writes there too, and makes the missing folder private.
    w.run(&[
        "--config",
        other.to_str().unwrap(),
        "config",
        "init",
        "--auth",
        "azure_cli",
    ])
    .ok();
    assert_eq!(mode(&other), 0o600);
    assert_eq!(mode(other.parent().unwrap()), 0o700);
}

#[test]
fn init_makes_relative_file_paths_absolute() {
    let w = World::new();
    let work = w.path("work");
    std::fs::create_dir_all(&work).unwrap();
    let run = w.run_with(
        &[
            "config",
            "init",
            "-p",
            "cert",
            "--auth",
            "certificate",
            "--tenant",
            "contoso.onmicrosoft.com",
            "--client-id",
            "11111111-2222-3333-4444-555555555555",
            "--certificate-file",
            "./keys/cert.pem",
        ],
        |c| {
            c.current_dir(&work);
        },
    );
    run.ok();
    let text = read(&w.config_path());
    let want = format!(
        "certificate_file = \"{}\"",
        work.join("keys/cert.pem").display()
    );
    assert!(text.contains(&want), "{text}");
}

/// Every `config show` line is `key = value  (source)` with one of SPEC's
/// sources: flag, env VAR, profile, default.
#[test]
fn show_lines_all_have_a_spec_source() {
    let w = World::new();
    let secret_file = w.path("sp.secret");
    write_file(&secret_file, fx::SP_SECRET);
    w.write_config(&format!(
        "default_profile = \"file\"\n{}{}{}",
        w.sp_profile("file", "").replace(
            "client_secret_env = \"TEST_SP_SECRET\"",
            &format!("client_secret_file = \"{}\"", secret_file.display())
        ),
        w.sp_profile("none", "")
            .replace("client_secret_env = \"TEST_SP_SECRET\"\n", ""),
        w.user_profile("me", fx::USER_UPN, "password_env = \"MY_PW\""),
    ));
    let runs = [
        w.run(&["config", "show"]),
        w.run(&["config", "show", "none", "--cloud", "usgov"]),
        w.run_with(&["config", "show", "me"], |c| {
            c.env("MY_PW", fx::USER_PASSWORD);
        }),
        w.run_with(&["config", "show"], |c| {
            c.env("PBITOKEN_PROFILE", "none")
                .env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
        }),
    ];
    for run in &runs {
        let out = run.ok();
        for l in out.lines() {
            let (key_value, source) = l
                .rsplit_once("  (")
                .unwrap_or_else(|| panic!("no source: {l:?}\n{out}"));
            assert!(key_value.contains(" = "), "{l:?}");
            let source = source.strip_suffix(')').unwrap_or_else(|| panic!("{l:?}"));
            let ok = ["flag", "profile", "default"].contains(&source)
                || source
                    .strip_prefix("env ")
                    .is_some_and(|v| !v.is_empty() && !v.contains(' '));
            assert!(ok, "source {source:?} in {l:?}\n{out}");
        }
        run.leaks_nothing();
    }
    assert!(runs[0].stdout.contains("client_secret = ****  (profile)"));
    assert!(runs[1].stdout.contains("cloud = usgov  (flag)"));
    assert!(
        runs[2].stdout.contains("password = ****  (env MY_PW)"),
        "{}",
        runs[2].stdout
    );
    assert!(runs[3]
        .stdout
        .contains("profile = none  (env PBITOKEN_PROFILE)"));
    assert!(runs[3]
        .stdout
        .contains("client_secret = ****  (env AZURE_CLIENT_SECRET)"));
}

#[test]
fn set_refuses_what_init_and_token_refuse_and_changes_nothing() {
    let w = World::new();
    let path = commented(&w);
    let cases: [(&[&str], &str); 9] = [
        (
            &[
                "config",
                "set",
                "prod",
                "authority_host",
                "http://example.invalid",
            ],
            "plain http",
        ),
        (
            &[
                "config",
                "set",
                "prod",
                "api_base",
                "http://example.invalid",
            ],
            "plain http",
        ),
        (
            &[
                "config",
                "set",
                "prod",
                "token_endpoint",
                "http://example.invalid/token",
            ],
            "plain http",
        ),
        (
            &[
                "config",
                "set",
                "prod",
                "imds_endpoint",
                "http://10.1.2.3/token",
            ],
            "plain http",
        ),
        // prod signs in with a client secret: a single tenant only.
        (
            &["config", "set", "prod", "tenant", "organizations"],
            "only works for password or device_code",
        ),
        (
            &["config", "set", "prod", "tenant", "Common"],
            "only works for password or device_code",
        ),
        // me signs in as a user: with organizations, not as a service principal.
        (&["config", "set", "me", "tenant", "organizations"], ""),
        (
            &["config", "set", "me", "auth", "client_secret"],
            "only works for password or device_code",
        ),
        (
            &["config", "unset", "me", "auth"],
            "only works for password or device_code",
        ),
    ];
    for (args, expect) in cases {
        if expect.is_empty() {
            // Sets up the next two cases.
            w.run(args).ok();
            continue;
        }
        let before = read(&path);
        let run = w.run(args);
        run.fails_cleanly(2);
        assert!(run.error_line().contains(expect), "{args:?}: {run:#?}");
        assert_eq!(read(&path), before, "{args:?} changed the file");
    }
    // The same values are refused by init.
    let run = w.run(&[
        "config",
        "init",
        "-p",
        "x",
        "--tenant",
        "organizations",
        "--client-id",
        CLIENT,
    ]);
    run.fails_cleanly(2);
    assert!(
        run.error_line()
            .contains("only works for password or device_code"),
        "{run:#?}"
    );
    // Loopback over http stays allowed (a local emulator).
    w.run(&[
        "config",
        "set",
        "prod",
        "authority_host",
        "http://127.0.0.1:8400",
    ])
    .ok();
}

#[test]
fn every_edit_keeps_a_crlf_file_crlf() {
    let w = World::new();
    let crlf = COMMENTED.replace('\n', "\r\n");
    let path = w.write_config(&crlf);
    let edits: [&[&str]; 6] = [
        &["config", "set", "prod", "cloud", "usgov"],
        &["config", "set", "me", "username", "bob@contoso.com"],
        &["config", "unset", "prod", "cloud"],
        &[
            "config",
            "init",
            "-p",
            "new",
            "--tenant",
            "contoso.onmicrosoft.com",
            "--client-id",
            CLIENT,
            "--client-secret-env",
            "NEW_SECRET",
        ],
        &["config", "use", "new"],
        &["config", "remove", "me"],
    ];
    for args in edits {
        w.run(args).ok();
        let text = read(&path);
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{args:?} wrote a bare LF:\n{text:?}"
        );
        assert!(
            text.contains("# where the secret lives\r\n"),
            "{args:?}: {text:?}"
        );
    }
    // An LF file stays LF.
    let path = w.write_config(COMMENTED);
    w.run(&["config", "set", "prod", "cloud", "usgov"]).ok();
    assert!(!read(&path).contains('\r'));
}
