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
