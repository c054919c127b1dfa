//! Where the password grant gets its username and password: env vars,
//! `--password-stdin`, a prompt on a real pseudo-terminal, and a clear
//! error when there is no terminal.

mod common;
use common::*;

fn user_world(profile_extra: &str, with_username: bool) -> World {
    let w = World::new();
    let mut profile = w.user_profile("me", fx::USER_UPN, profile_extra);
    if !with_username {
        profile = profile.replace(&format!("username = \"{}\"\n", fx::USER_UPN), "");
    }
    w.write_config(&format!("default_profile = \"me\"\n{profile}"));
    w
}

#[test]
fn password_stdin() {
    let w = user_world("", true);
    let run = w.run_stdin(
        &["token", "--password-stdin"],
        &format!("{}\n", fx::USER_PASSWORD),
        |_| {},
    );
    w.verified_claims(run.ok());
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("password"), Some(fx::USER_PASSWORD));
    run.leaks_nothing();
}

#[test]
fn password_stdin_keeps_spaces_and_rejects_empty() {
    let w = user_world("", true);
    let run = w.run_stdin(&["token", "--password-stdin"], " spaced pw \r\n", |_| {});
    run.fails(3);
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.form_value("password"), Some(" spaced pw "));
    assert!(!run.stderr.contains("spaced pw"));

    let run = w.run_stdin(&["token", "--password-stdin"], "", |_| {});
    run.fails(2);
}

#[test]
fn password_env_wins_over_azure_password() {
    let w = user_world("password_env = \"MY_PW\"", true);
    let run = w.run_with(&["token"], |c| {
        c.env("MY_PW", fx::USER_PASSWORD)
            .env("AZURE_PASSWORD", "wrong-password-x");
    });
    w.verified_claims(run.ok());
}

#[test]
fn no_terminal_no_password_is_exit_2_naming_three_ways() {
    let w = user_world("password_env = \"MY_PW\"", true);
    let run = w.run(&["token"]);
    let err = run.fails(2);
    assert!(err.contains("MY_PW"), "{err}");
    assert!(err.contains("AZURE_PASSWORD"), "{err}");
    assert!(err.contains("--password-stdin"), "{err}");
    assert!(err.contains("terminal"), "{err}");
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn no_terminal_no_username_is_exit_2() {
    let w = user_world("", false);
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    let err = run.fails(2);
    assert!(
        err.contains("username") && err.contains("AZURE_USERNAME"),
        "{err}"
    );
}

#[test]
fn username_from_flag_and_env() {
    let w = user_world("", false);
    let run = w.run_with(&["token", "--username", fx::USER_UPN], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    w.verified_claims(run.ok());
    let run = w.run_with(&["token"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD)
            .env("AZURE_USERNAME", fx::USER_UPN);
    });
    w.verified_claims(run.ok());
}

#[test]
fn password_prompt_on_a_terminal_does_not_echo() {
    let w = user_world("", true);
    let rest = w.on_terminal(&["token"], &[("Password for alice", fx::USER_PASSWORD)]);
    assert!(
        !rest.contains(fx::USER_PASSWORD),
        "password echoed: {rest:?}"
    );
    let token = rest
        .split_whitespace()
        .find(|w| w.starts_with("ey"))
        .unwrap_or_else(|| panic!("no token in {rest:?}"));
    w.verified_claims(token);
}

#[test]
fn username_prompt_echoes_password_prompt_does_not() {
    let w = user_world("", false);
    let rest = w.on_terminal(
        &["token"],
        &[
            ("Username for profile 'me'", fx::USER_UPN),
            ("Password for", fx::USER_PASSWORD),
        ],
    );
    assert!(
        !rest.contains(fx::USER_PASSWORD),
        "password echoed: {rest:?}"
    );
    let token = rest
        .split_whitespace()
        .find(|w| w.starts_with("ey"))
        .unwrap_or_else(|| panic!("no token in {rest:?}"));
    assert_eq!(w.verified_claims(token)["upn"], fx::USER_UPN);
}
