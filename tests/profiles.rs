//! Choosing and resolving profiles: the config file, the environment, the
//! flags, and where secrets come from.

mod common;
use common::*;
use serde_json::Value;

fn profile_of(run: &Run) -> String {
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    json["profile"].as_str().unwrap().to_owned()
}

fn three_profiles(w: &World) {
    w.write_config(&format!(
        "default_profile = \"a\"\n{}{}{}",
        w.sp_profile("a", ""),
        w.sp_profile("b", ""),
        w.sp_profile("c", "")
    ));
}

#[test]
fn profile_choice_order_flag_env_default() {
    let w = World::new();
    three_profiles(&w);
    let implicit = |c: &mut std::process::Command| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
    };
    // default_profile beats the implicit environment profile.
    assert_eq!(
        profile_of(&w.run_with(&["token", "-o", "json"], implicit)),
        "a"
    );
    // PBITOKEN_PROFILE beats default_profile.
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PBITOKEN_PROFILE", "b");
    });
    assert_eq!(profile_of(&run), "b");
    // --profile beats PBITOKEN_PROFILE, before or after the subcommand.
    let run = w.run_with(&["token", "-o", "json", "--profile", "c"], |c| {
        c.env("PBITOKEN_PROFILE", "b");
    });
    assert_eq!(profile_of(&run), "c");
    let run = w.run_with(&["-p", "c", "token", "-o", "json"], |c| {
        c.env("PBITOKEN_PROFILE", "b");
    });
    assert_eq!(profile_of(&run), "c");
}

#[test]
fn implicit_profile_when_no_default() {
    let w = World::new();
    w.write_config(&w.sp_profile("a", ""));
    let run = w.run_with(
        &[
            "token",
            "-o",
            "json",
            "--authority-host",
            &w.authority.url(),
        ],
        |c| {
            c.env("AZURE_TENANT_ID", fx::TENANT_ID)
                .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
                .env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
        },
    );
    assert_eq!(profile_of(&run), "env");
}

#[test]
fn no_choice_lists_the_profiles() {
    let w = World::new();
    w.write_config(&format!(
        "{}{}",
        w.sp_profile("alpha", ""),
        w.sp_profile("beta", "")
    ));
    let run = w.run(&["token"]);
    let err = run.fails(2);
    assert!(err.contains("alpha") && err.contains("beta"), "{err}");
}

#[test]
fn unknown_profile_is_a_usage_error_listing_the_others() {
    let w = World::new();
    three_profiles(&w);
    let run = w.run(&["token", "-p", "nope"]);
    let err = run.fails(2);
    assert!(err.contains("'nope'") && err.contains("a, b, c"), "{err}");
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn environment_only_no_config_file() {
    let w = World::new();
    assert!(!w.config_path().exists());
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", fx::SP_SECRET)
            .env("AZURE_AUTHORITY_HOST", w.authority.url());
    });
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(json["tenant"], fx::TENANT_ID);
    assert_eq!(json["client_id"], fx::SP_CLIENT_ID);
    w.verified_claims(json["access_token"].as_str().unwrap());
}

#[test]
fn environment_only_password_grant() {
    let w = World::new();
    let run = w.run_with(&["token", "-o", "claims"], |c| {
        c.env("AZURE_TENANT_ID", fx::TENANT_ID)
            .env("AZURE_CLIENT_ID", fx::PUBLIC_CLIENT_ID)
            .env("AZURE_USERNAME", fx::USER_UPN)
            .env("AZURE_PASSWORD", fx::USER_PASSWORD)
            .env("AZURE_AUTHORITY_HOST", w.authority.url());
    });
    let claims: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(claims["upn"], fx::USER_UPN);
    run.leaks_nothing();
}

#[test]
fn no_profile_at_all_is_exit_2() {
    let w = World::new();
    let run = w.run(&["token"]);
    let err = run.fails(2);
    assert!(err.contains("AZURE_TENANT_ID"), "{err}");
}

#[test]
fn profile_flags_override_single_fields() {
    let w = World::new();
    // The profile points at the wrong tenant and endpoint; the flags fix it.
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
            .replace(fx::TENANT_ID, fx::OTHER_TENANT_ID)
    ));
    let run = w.run(&[
        "token",
        "-o",
        "json",
        "--tenant",
        fx::TENANT_ID,
        "--endpoint",
        "v1",
        "--resource",
        "https://analysis.chinacloudapi.cn/powerbi/api",
    ]);
    let json: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(json["tenant"], fx::TENANT_ID);
    assert_eq!(
        json["resource"],
        "https://analysis.chinacloudapi.cn/powerbi/api"
    );
    let req = w.authority.requests().pop().unwrap();
    assert_eq!(req.path, format!("/{}/oauth2/token", fx::TENANT_ID));

    // --authority-host overrides the profile's host.
    w.write_config(
        &w.sp_profile("sp", "")
            .replace(&w.authority.url(), "https://login.invalid"),
    );
    let run = w.run(&["token", "-p", "sp", "--authority-host", &w.authority.url()]);
    w.verified_claims(run.ok());

    // --scope, --cloud, --auth and --client-id too.
    let run = w.run(&[
        "token",
        "-p",
        "sp",
        "--authority-host",
        &w.authority.url(),
        "--cloud",
        "usgovhigh",
        "--client-id",
        fx::SP_CLIENT_ID,
        "--auth",
        "client_secret",
        "-o",
        "claims",
    ]);
    let claims: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        claims["aud"],
        "https://high.analysis.usgovcloudapi.net/powerbi/api"
    );
    let run = w.run(&[
        "token",
        "-p",
        "sp",
        "--authority-host",
        &w.authority.url(),
        "--scope",
        "https://mil.analysis.usgovcloudapi.net/powerbi/api/.default",
        "-o",
        "claims",
    ]);
    let claims: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        claims["aud"],
        "https://mil.analysis.usgovcloudapi.net/powerbi/api"
    );
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let w = World::new();
    for args in [
        &["token", "--cloud", "germany"][..],
        &["token", "--endpoint", "v3"],
        &["token", "--auth", "magic"],
        &["token", "-o", "yaml"],
        &["token", "--timeout", "0"],
        &["token", "--bogus"],
    ] {
        let run = w.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(run.stdout, "");
        // One error line, one hint line: clap's tips folded into the hint.
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {run:?}");
        assert!(lines[0].starts_with("error: "), "{args:?}: {run:?}");
        assert!(lines[1].starts_with("hint: "), "{args:?}: {run:?}");
    }
}

#[test]
fn bad_values_in_the_file_are_usage_errors() {
    let w = World::new();
    for (extra, needle) in [
        ("cloud = \"mars\"", "cloud"),
        ("endpoint = \"v9\"", "endpoint"),
        ("api_base = \"not a url\"", "api_base"),
    ] {
        w.write_config(&w.sp_profile("sp", extra));
        let run = w.run(&["token", "-p", "sp"]);
        let err = run.fails(2);
        assert!(err.contains(needle), "{err}");
    }
    w.write_config(
        &w.sp_profile("sp", "")
            .replace("auth = \"client_secret\"", "auth = \"nope\""),
    );
    assert!(w.run(&["token", "-p", "sp"]).fails(2).contains("auth"));
}

#[test]
fn client_secret_sources_in_order() {
    let w = World::new();
    let secret_file = w.path("sp.secret");
    std::fs::write(&secret_file, format!("{}\n", fx::SP_SECRET)).unwrap();
    let base = w
        .sp_profile("sp", "")
        .replace("client_secret_env = \"TEST_SP_SECRET\"\n", "");
    let cases = [
        format!("client_secret = \"{}\"", fx::SP_SECRET),
        "client_secret_env = \"MY_SECRET\"".to_owned(),
        format!("client_secret_file = \"{}\"", secret_file.display()),
        // relative to the config file's folder
        "client_secret_file = \"../../sp.secret\"".to_owned(),
        String::new(), // AZURE_CLIENT_SECRET
    ];
    for extra in cases {
        w.write_config(&format!("{base}{extra}\n"));
        let run = w.run_with(&["token", "-p", "sp", "--no-cache"], |c| {
            c.env("MY_SECRET", fx::SP_SECRET);
            c.env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
        });
        w.verified_claims(run.ok());
    }
    // The literal wins over the env var named next to it.
    w.write_config(&format!(
        "{base}client_secret = \"{}\"\nclient_secret_env = \"MY_SECRET\"\n",
        fx::SP_SECRET
    ));
    let run = w.run_with(&["token", "-p", "sp", "--no-cache"], |c| {
        c.env("MY_SECRET", "wrong-secret-value");
    });
    w.verified_claims(run.ok());
}

#[test]
fn missing_secret_names_every_place_looked() {
    let w = World::new();
    let base = w
        .sp_profile("sp", "")
        .replace("client_secret_env = \"TEST_SP_SECRET\"\n", "");
    w.write_config(&base);
    let run = w.run(&["token", "-p", "sp"]);
    let err = run.fails(2);
    for place in [
        "client_secret",
        "client_secret_env",
        "client_secret_file",
        "AZURE_CLIENT_SECRET",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
    assert!(
        err.contains(&w.config_path().display().to_string()),
        "{err}"
    );

    w.write_config(&format!("{base}client_secret_env = \"UNSET_VAR\"\n"));
    let err = w.run(&["token", "-p", "sp"]).fails(2).to_owned();
    assert!(err.contains("UNSET_VAR"), "{err}");

    w.write_config(&format!(
        "{base}client_secret_file = \"/nonexistent/secret\"\n"
    ));
    let err = w.run(&["token", "-p", "sp"]).fails(2).to_owned();
    assert!(err.contains("/nonexistent/secret"), "{err}");
    assert_eq!(w.authority.token_requests(), 0);
}

#[test]
fn malformed_toml_names_file_line_and_column_without_the_secret() {
    let w = World::new();
    let path = w.write_config(&format!(
        "[profiles.sp]\ntenant = \"{}\"\nclient_secret = \"{}\n",
        fx::TENANT_ID,
        fx::SP_SECRET
    ));
    let run = w.run(&["token", "-p", "sp"]);
    let err = run.fails(2);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("column"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 1);
    run.leaks_nothing();

    // A secret of the wrong type is not echoed either.
    w.write_config("[profiles.sp]\nclient_secret = 918273645546372819\n");
    let run = w.run(&["token", "-p", "sp"]);
    let err = run.fails(2);
    assert!(err.contains("line 2"), "{err}");
    assert!(!err.contains("918273645546372819"), "{err}");

    // An unknown key is named.
    w.write_config("[profiles.sp]\nclient_secrt = \"x\"\n");
    assert!(w
        .run(&["token", "-p", "sp"])
        .fails(2)
        .contains("client_secrt"));
}

#[test]
fn config_flag_and_env_name_another_file() {
    let w = World::new();
    let other = w.path("elsewhere.toml");
    write_file(
        &other,
        &format!("default_profile = \"x\"\n{}", w.sp_profile("x", "")),
    );
    let run = w.run(&["token", "--config", other.to_str().unwrap(), "-o", "json"]);
    assert_eq!(profile_of(&run), "x");
    let run = w.run_with(&["token", "-o", "json"], |c| {
        c.env("PBITOKEN_CONFIG", &other);
    });
    assert_eq!(profile_of(&run), "x");
    // A named file that does not exist is an error, not an empty config.
    let run = w.run(&["token", "--config", "/nonexistent/pbitoken.toml"]);
    assert!(run.fails(2).contains("/nonexistent/pbitoken.toml"));
}

#[test]
fn config_path_honours_xdg_and_overrides() {
    let w = World::new();
    let run = w.run(&["config", "path"]);
    assert_eq!(run.ok().trim_end(), w.config_path().display().to_string());
    let other = w.path("elsewhere/x.toml");
    let run = w.run_with(&["config", "path"], |c| {
        c.env("PBITOKEN_CONFIG", &other);
    });
    assert_eq!(run.ok(), format!("{}\n", other.display()));
}

#[test]
fn client_credentials_refuse_multi_tenant_authorities() {
    let w = World::new();
    w.write_config(
        &w.sp_profile("sp", "")
            .replace(fx::TENANT_ID, "organizations"),
    );
    let err = w.run(&["token", "-p", "sp"]).fails(2).to_owned();
    assert!(err.contains("organizations"), "{err}");
}
