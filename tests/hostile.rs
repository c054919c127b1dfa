//! Hostile input that must not make pbitoken leak (issue 10, points 2-5):
//! config files of the wrong shape, proxies for plain http, malformed ids,
//! userinfo in URLs, secrets echoed in other encodings, terminal escapes,
//! and tokens that are not token68.

mod common;
use common::*;

const THE_SECRET: &str = "Xq8Q~THE-SECRET.hostile_0042";

/// Every command that reads or edits the config file.
const CONFIG_READERS: [&[&str]; 10] = [
    &["token"],
    &["config", "list"],
    &["config", "show"],
    &["check"],
    &["check", "--json"],
    &["config", "set", "a", "tenant", "contoso.onmicrosoft.com"],
    &["config", "unset", "a", "tenant"],
    &["config", "use", "a"],
    &["config", "remove", "a"],
    &[
        "config",
        "init",
        "-p",
        "b",
        "--tenant",
        "contoso.onmicrosoft.com",
        "--client-id",
        "11111111-2222-3333-4444-555555555555",
    ],
];

#[test]
fn a_config_file_of_the_wrong_shape_is_named_never_quoted() {
    let w = World::new();
    for (text, path) in [
        (format!("[profiles]\nclient_secret = \"{THE_SECRET}\"\n"), "profiles.client_secret"),
        (format!("profiles = \"{THE_SECRET}\"\n"), "profiles"),
        (format!("default_profile = [\"{THE_SECRET}\"]\n"), "default_profile"),
        (format!("[profiles.a]\nclient_secret = {{ v = \"{THE_SECRET}\" }}\n"), "profiles.a.client_secret"),
        (format!("[profiles.a]\nclient_secret = [\"{THE_SECRET}\"]\n"), "profiles.a.client_secret"),
        ("[profiles.a]\nclient_secret = 98765432109876543\n".to_owned(), "profiles.a.client_secret"),
        (format!("[profiles.a]\nclient_secret = \"{THE_SECRET}\"\nclient_secret = \"{THE_SECRET}\"\n"), "duplicate key client_secret"),
        (format!("[profiles.a]\n\"{THE_SECRET}\" = \"x\"\n"), "profiles.a: unknown key"),
        (format!("{THE_SECRET} = 1\n"), "line 1"),
    ] {
        w.write_config(&text);
        for args in CONFIG_READERS {
            let run = w.run(args);
            run.shows_none_of(&[THE_SECRET, "98765432109876543", "THE-SECRET"]);
            let out = format!("{}{}", run.stdout, run.stderr);
            assert!(out.contains(path), "{args:?} on {text:?}: {run:#?}");
            assert!(out.contains("config.toml"), "{args:?}: {run:#?}");
            assert_ne!(run.code, 0, "{args:?}: {run:#?}");
        }
    }
}
