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
