//! Environment variables: set but not UTF-8 is a configuration error (exit
//! 2) that names the variable and never shows its value, for every
//! variable pbitoken reads; set but empty is unset (as for az and gh).

mod common;
use common::*;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

/// Bytes that are not UTF-8, with a marker that must not be echoed.
const NOT_UTF8: &[u8] = b"SEKRIT\xff\xfe";

/// Every variable, with a command line and the other variables under which
/// pbitoken reads it.
/// A variable, the command line, and the other variables set for it.
type Case = (&'static str, Vec<&'static str>, Vec<(&'static str, String)>);

fn cases(w: &World) -> Vec<Case> {
    let url = w.authority.url();
    let implicit = |extra: &[(&'static str, String)]| {
        let mut v = vec![
            ("AZURE_TENANT_ID", fx::TENANT_ID.to_owned()),
            ("AZURE_CLIENT_ID", fx::SP_CLIENT_ID.to_owned()),
            ("AZURE_AUTHORITY_HOST", url.clone()),
        ];
        v.extend(extra.iter().cloned());
        v
    };
    let secret = ("AZURE_CLIENT_SECRET", fx::SP_SECRET.to_owned());
    vec![
        ("PBITOKEN_PROFILE", vec!["token"], vec![]),
        ("PBITOKEN_PROFILE", vec!["config", "show"], vec![]),
        ("PBITOKEN_PROFILE", vec!["cache", "clear"], vec![]),
        ("PBITOKEN_CONFIG", vec!["token"], vec![]),
        ("PBITOKEN_CONFIG", vec!["config", "path"], vec![]),
        ("PBITOKEN_CONFIG", vec!["config", "list"], vec![]),
        (
            "AZURE_TENANT_ID",
            vec!["token"],
            implicit(std::slice::from_ref(&secret)),
        ),
        (
            "AZURE_CLIENT_ID",
            vec!["token"],
            implicit(std::slice::from_ref(&secret)),
        ),
        ("AZURE_CLIENT_SECRET", vec!["token"], implicit(&[])),
        ("AZURE_CLIENT_SECRET", vec!["config", "show"], implicit(&[])),
        (
            "AZURE_CLIENT_CERTIFICATE_PATH",
            vec!["token"],
            implicit(&[]),
        ),
        ("AZURE_USERNAME", vec!["token"], implicit(&[])),
        ("AZURE_FEDERATED_TOKEN_FILE", vec!["token"], implicit(&[])),
        ("ACTIONS_ID_TOKEN_REQUEST_URL", vec!["token"], implicit(&[])),
        (
            "AZURE_AUTHORITY_HOST",
            vec!["token"],
            implicit(std::slice::from_ref(&secret)),
        ),
        (
            "AZURE_PASSWORD",
            vec!["token"],
            implicit(&[("AZURE_USERNAME", fx::USER_UPN.to_owned())]),
        ),
        (
            "IDENTITY_ENDPOINT",
            vec!["token", "--auth", "managed_identity"],
            implicit(&[]),
        ),
        (
            "IDENTITY_HEADER",
            vec!["token", "--auth", "managed_identity"],
            implicit(&[("IDENTITY_ENDPOINT", format!("{url}/msi/token"))]),
        ),
        (
            "PBITOKEN_IMDS_ENDPOINT",
            vec!["token", "--auth", "managed_identity"],
            implicit(&[]),
        ),
        // The variable a profile's client_secret_env names.
        ("TEST_SP_SECRET", vec!["token", "-p", "sp"], vec![]),
        ("TEST_SP_SECRET", vec!["config", "show", "sp"], vec![]),
        ("TEST_SP_SECRET", vec!["check", "-p", "sp"], vec![]),
        // The variable a profile's password_env names.
        ("PW_VAR", vec!["token", "-p", "me"], vec![]),
        ("PW_VAR", vec!["config", "show", "me"], vec![]),
        (
            "SSL_CERT_FILE",
            vec!["token", "-p", "sp", "--no-cache"],
            vec![],
        ),
        ("NO_COLOR", vec!["check", "-p", "sp"], vec![]),
    ]
}

#[test]
fn a_variable_that_is_not_utf8_is_an_error_naming_it() {
    // The AZURE_* cases run without a config file: they are the profile.
    let bare = World::new();
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}{}",
        w.sp_profile("sp", ""),
        w.user_profile("me", fx::USER_UPN, "password_env = \"PW_VAR\"")
    ));
    let implicit = |env: &[(&str, String)]| env.iter().any(|(k, _)| *k == "AZURE_TENANT_ID");
    let all = cases(&w)
        .into_iter()
        .filter(|c| !implicit(&c.2))
        .chain(cases(&bare).into_iter().filter(|c| implicit(&c.2)));
    let mut tried = 0;
    for (var, args, env) in all {
        tried += 1;
        let in_bare = implicit(&env);
        let world = if in_bare { &bare } else { &w };
        let run = world.run_with(&args, |c| {
            for (k, v) in &env {
                c.env(k, v);
            }
            c.env(var, OsStr::from_bytes(NOT_UTF8));
        });
        if args[0] == "check" && var != "NO_COLOR" {
            // check reports it as its failing step.
            assert_eq!(run.code, 1, "{var} {args:?}: {run:#?}");
            assert!(
                run.stdout.contains(&format!("{var} is not valid UTF-8")),
                "{var} {args:?}: {run:#?}"
            );
        } else {
            run.fails_cleanly(2);
            assert!(
                run.error_line().contains(var) && run.error_line().contains("UTF-8"),
                "{var} {args:?}: {run:#?}"
            );
        }
        run.shows_none_of(&["SEKRIT"]);
    }
    assert_eq!(tried, cases(&w).len());
}

#[test]
fn a_set_but_empty_variable_is_unset() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    // PBITOKEN_PROFILE="" falls back to default_profile, as if unset.
    let run = w.run_with(&["config", "show"], |c| {
        c.env("PBITOKEN_PROFILE", "").env("PBITOKEN_CONFIG", "");
    });
    assert!(run.ok().starts_with("profile = sp  (default)"), "{run:#?}");
}
