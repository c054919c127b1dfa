//! No secret, password or token ever shows: every failing path we can
//! reach and the `-vvv` paths, with distinctive values from every source
//! (a literal in the config file, env vars, `--password-stdin`, the cache's
//! refresh token). Only `pbitoken token`'s stdout may hold a token, and only
//! its own.
//!
//! Each test collects its runs and checks them all at the end, against
//! every value it knows by then: a token captured later must not have shown
//! up in an earlier run either.

mod common;
use common::*;

/// Wrong secrets and passwords, each contains `FAKE`.
const LITERAL_WRONG: &str = "Lw18Q~FAKE.literal-wrong_pbitoken-leak-01";
const ENV_WRONG: &str = "Ew18Q~FAKE.env-var-wrong_pbitoken-leak-02";
const PASSWORD_WRONG: &str = "FAKE-pw.Wrong!Leak#0003";
/// A secret that TOML reads as a number (so parse errors may quote it).
const NUMERIC_SECRET: &str = "98765432109876543";
/// The access token of a malformed answer.
const ANSWERED_TOKEN: &str = "eyJhbGciOiJub25lIn0.FAKE-answered-access-token.sig";

/// Every path runs quiet and with `-vvv`.
const VERBOSITY: [&[&str]; 2] = [&[], &["-vvv"]];

/// `args` and then `more`.
fn with<'a>(args: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    [args, more].concat()
}

/// The runs of one test and what must not show in them.
#[derive(Default)]
struct Audit {
    runs: Vec<(String, Run, Option<String>)>,
    values: Vec<String>,
}

impl Audit {
    fn new(values: &[&str]) -> Audit {
        let mut values: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        values.extend(SECRETS.iter().map(|s| s.to_string()));
        values.push(ANSWERED_TOKEN.into());
        Audit {
            runs: Vec::new(),
            values,
        }
    }

    /// A run that must fail with `code`.
    fn failure(&mut self, what: &str, run: Run, code: i32) {
        assert_eq!(run.code, code, "{what}: {run:#?}");
        assert_eq!(run.stdout, "", "{what}: {run:#?}");
        let errors = run.stderr.lines().filter(|l| l.starts_with("error: "));
        assert_eq!(errors.count(), 1, "{what}: {run:#?}");
        self.runs.push((what.into(), run, None));
    }

    /// A run that must succeed and print no token.
    fn success(&mut self, what: &str, run: Run) -> String {
        let out = run.ok().to_owned();
        self.runs.push((what.into(), run, None));
        out
    }

    /// A `pbitoken token` that must succeed; its token joins the values
    /// that must not show anywhere else.
    fn token(&mut self, what: &str, run: Run) -> String {
        let out = run.ok().trim().to_owned();
        let token = match serde_json::from_str::<serde_json::Value>(&out) {
            Ok(v) => v["access_token"].as_str().unwrap().to_owned(),
            Err(_) => out,
        };
        assert!(token.starts_with("eyJ"), "{what}: not a JWT: {token}");
        self.values.push(token.clone());
        // The signature alone is as secret as the token.
        self.values
            .push(token.rsplit('.').next().unwrap().to_owned());
        self.runs.push((what.into(), run, Some(token.clone())));
        token
    }

    fn add(&mut self, value: String) {
        self.values.push(value);
    }

    /// Checks every run against every value.
    #[track_caller]
    fn check(&self) {
        assert!(!self.runs.is_empty());
        for (what, run, own) in &self.runs {
            let stdout = match own {
                Some(token) => run.stdout.replace(token.as_str(), ""),
                None => run.stdout.clone(),
            };
            for (name, text) in [("stdout", &stdout), ("stderr", &run.stderr)] {
                for value in &self.values {
                    assert!(
                        !text.contains(value.as_str()),
                        "{what}: {value:?} in {name}: {run:#?}"
                    );
                }
                // Any JWT at all (an id token, another run's token).
                assert!(!text.contains("eyJ"), "{what}: a JWT in {name}: {run:#?}");
            }
        }
    }
}

fn sp_config(w: &World) -> String {
    format!(
        "default_profile = \"lit\"\n[profiles.lit]\ntenant = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nauthority_host = \"{}\"\n\n{}",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        w.authority.url(),
        w.sp_profile("env", "")
    )
}

#[test]
fn service_principal_paths_show_no_secret_and_no_token() {
    let w = World::new();
    w.write_config(&sp_config(&w));
    let mut a = Audit::new(&[LITERAL_WRONG, ENV_WRONG]);

    // Successes, quiet and -vvv, the secret from the file and from the env.
    a.token("literal", w.run(&["token"]));
    a.token("literal -vvv", w.run(&["token", "-vvv"]));
    a.token(
        "env -vvv",
        w.run(&["token", "-p", "env", "-vvv", "--no-cache"]),
    );
    a.token(
        "env json",
        w.run(&["token", "-p", "env", "-o", "json", "-vvv"]),
    );
    for v in VERBOSITY {
        a.success("cache list", w.run(&with(&["cache", "list"], v)));
        a.success("config show", w.run(&with(&["config", "show", "lit"], v)));
        a.success(
            "config show env",
            w.run(&with(&["config", "show", "env"], v)),
        );
        a.success("config list", w.run(&with(&["config", "list"], v)));
        a.success("check", w.run(&with(&["check"], v)));
        a.success("check --json", w.run(&with(&["check", "--json"], v)));
    }
    let shown = w.run(&["config", "show", "lit"]);
    assert!(shown.stdout.contains("****"), "{shown:?}");

    // Refusals: wrong secrets from each source, and the fixtures' refusals.
    for v in VERBOSITY {
        let wrong_env = w.run_with(&with(&["token", "-p", "env"], v), |c| {
            c.env("TEST_SP_SECRET", ENV_WRONG);
        });
        a.failure("wrong env secret", wrong_env, 3);
        let check = w.run_with(&with(&["check", "-p", "env", "--json"], v), |c| {
            c.env("TEST_SP_SECRET", ENV_WRONG);
        });
        assert_eq!(check.code, 1, "{check:?}");
        a.runs.push(("check wrong env secret".into(), check, None));
        let missing = w.run_with(&with(&["token", "-p", "env"], v), |c| {
            c.env_remove("TEST_SP_SECRET");
        });
        a.failure("missing secret", missing, 2);
    }
    let wrong_literal = sp_config(&w).replace(fx::SP_SECRET, LITERAL_WRONG);
    w.write_config(&wrong_literal);
    a.failure("wrong literal", w.run(&["token", "--no-cache"]), 3);
    a.failure(
        "wrong literal -vvv",
        w.run(&["token", "--no-cache", "-vvv"]),
        3,
    );
    let check = w.run(&["check", "-vvv"]);
    assert_eq!(check.code, 1, "{check:?}");
    a.runs.push(("check wrong literal".into(), check, None));

    for (client, secret, tenant) in [
        (
            fx::EXPIRED_SECRET_CLIENT_ID,
            fx::EXPIRED_SECRET,
            fx::TENANT_ID,
        ),
        (fx::DISABLED_CLIENT_ID, fx::DISABLED_SECRET, fx::TENANT_ID),
        (fx::OTHER_CLIENT_ID, fx::OTHER_SECRET, fx::TENANT_ID),
        (fx::SP_CLIENT_ID, fx::SP_SECRET, fx::OTHER_TENANT_ID),
        (
            fx::SP_CLIENT_ID,
            fx::SP_SECRET,
            "9a9a9a9a-0000-4000-8000-000000000000",
        ),
    ] {
        w.write_config(&format!(
            "[profiles.x]\ntenant = \"{tenant}\"\nclient_id = \"{client}\"\nclient_secret = \"{secret}\"\nauthority_host = \"{}\"\n",
            w.authority.url()
        ));
        a.failure(client, w.run(&["token", "-p", "x", "-vvv"]), 3);
    }
    a.check();
}

#[test]
fn password_refresh_token_and_user_refusals_never_show() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"me\"\n{}{}",
        w.user_profile("me", fx::USER_UPN, ""),
        w.user_profile("mfa", fx::MFA_UPN, "")
    ));
    w.authority.set_token_lifetime(120); // stale at once: the next call refreshes
    let mut a = Audit::new(&[PASSWORD_WRONG]);
    let pw = format!("{}\n", fx::USER_PASSWORD);
    a.token(
        "password",
        w.run_stdin(&["token", "--password-stdin", "-vvv"], &pw, |_| {}),
    );
    // The refresh token, as the cache keeps it.
    let entry = std::fs::read_dir(w.path("cache/pbitoken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(entry).unwrap()).unwrap();
    let refresh = entry["refresh_token"].as_str().unwrap().to_owned();
    assert!(refresh.len() > 16, "{refresh}");
    a.add(refresh);

    a.token("refresh -vvv", w.run(&["token", "-vvv"]));
    let grant = w.authority.requests().pop().unwrap();
    assert_eq!(grant.form_value("grant_type"), Some("refresh_token"));
    a.token("refresh json -vvv", w.run(&["token", "-o", "json", "-vvv"]));
    a.success("claims", w.run(&["token", "-o", "claims"]));
    a.success("cache list -vvv", w.run(&["cache", "list", "-vvv"]));
    a.success("config show -vvv", w.run(&["config", "show", "-vvv"]));
    let check = w.run_with(&["check", "--json", "-vvv"], |c| {
        c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
    });
    a.success("check --json", check);

    // Wrong password from stdin and from the env, quiet and -vvv; a user
    // the authority wants MFA from.
    for v in VERBOSITY {
        let wrong = format!("{PASSWORD_WRONG}\n");
        a.failure(
            "wrong password stdin",
            w.run_stdin(
                &with(&["token", "--password-stdin", "--no-cache"], v),
                &wrong,
                |_| {},
            ),
            3,
        );
        a.failure(
            "wrong password env",
            w.run_with(&with(&["token", "--no-cache"], v), |c| {
                c.env("AZURE_PASSWORD", PASSWORD_WRONG);
            }),
            3,
        );
        a.failure(
            "mfa",
            w.run_stdin(
                &with(&["token", "-p", "mfa", "--password-stdin"], v),
                &pw,
                |_| {},
            ),
            5,
        );
    }
    a.check();
}

#[test]
fn bad_config_files_never_quote_a_secret() {
    let w = World::new();
    let mut a = Audit::new(&[LITERAL_WRONG, NUMERIC_SECRET]);
    let head = format!(
        "[profiles.x]\ntenant = \"{}\"\nclient_id = \"{}\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        w.authority.url()
    );
    for broken in [
        format!("{head}client_secret = \"{LITERAL_WRONG}\" trailing\n"),
        format!("{head}client_secret = \"{LITERAL_WRONG}\n"),
        format!("{head}client_secret = '{LITERAL_WRONG}' = 2\n"),
        format!("{head}client_secret = {NUMERIC_SECRET}\n"),
        format!("{head}client_secret = [\"{LITERAL_WRONG}\"]\n"),
        format!("{head}client_secret = \"{LITERAL_WRONG}\"\nclient_secret = \"{LITERAL_WRONG}\"\n"),
        format!("{head}auth = \"{LITERAL_WRONG}\"\nclient_secret = \"{LITERAL_WRONG}\"\n"),
    ] {
        w.write_config(&broken);
        for args in [
            &["token", "-p", "x"][..],
            &["token", "-p", "x", "-vvv"],
            &["config", "show", "x"],
        ] {
            let run = w.run(args);
            a.failure(&format!("{args:?} on {broken:?}"), run, 2);
        }
        // `list` names profiles without judging their values: it may pass.
        let list = w.run(&["config", "list", "-vvv"]);
        a.runs
            .push((format!("config list on {broken:?}"), list, None));
        let check = w.run(&["check", "-p", "x", "--json", "-vvv"]);
        assert_ne!(check.code, 0, "{check:?}");
        a.runs.push((format!("check on {broken:?}"), check, None));
    }
    // Well-formed, but the secret pasted into other keys as well: whatever
    // the commands make of it, they must not echo it.
    w.write_config(&format!(
        "[profiles.x]\ntenant = \"{LITERAL_WRONG}\"\nclient_id = \"{LITERAL_WRONG}\"\nusername = \"{LITERAL_WRONG}\"\nclient_secret = \"{LITERAL_WRONG}\"\nauthority_host = \"{}\"\n",
        w.authority.url()
    ));
    for args in [
        &["token", "-p", "x", "-vvv"][..],
        &["config", "show", "x", "-vvv"],
        &["config", "list"],
        &["check", "-p", "x", "-vvv"],
        &["check", "-p", "x", "--json"],
    ] {
        a.runs
            .push((format!("{args:?} on misplaced"), w.run(args), None));
    }
    a.check();
}

#[test]
fn transport_failures_and_malformed_answers_show_no_secret() {
    let w = World::new();
    w.write_config(&sp_config(&w));
    let mut a = Audit::new(&[]);
    let closed = common::refused_url();
    a.failure(
        "refused",
        w.run(&["token", "-vvv", "--authority-host", &closed]),
        4,
    );
    let faults = [
        (Fault::html(200), 4),
        (
            Fault::json(
                200,
                serde_json::json!({"token_type": "pop", "expires_in": 3599, "access_token": ANSWERED_TOKEN, "refresh_token": LITERAL_WRONG}),
            ),
            4,
        ),
        (
            Fault::json(
                200,
                serde_json::json!({"token_type": "Bearer", "expires_in": -1, "access_token": ANSWERED_TOKEN}),
            ),
            4,
        ),
        (Fault::ResetMidBody, 4),
        (
            Fault::Redirect {
                location: format!("{closed}/?secret-was-here"),
                status: 302,
            },
            4,
        ),
    ];
    a.add(LITERAL_WRONG.into());
    for (fault, code) in faults {
        for v in VERBOSITY {
            w.authority.set_fault_always(Some(fault.clone()));
            let run = w.run(&[&["token", "--no-cache"][..], v].concat());
            a.failure(&format!("{fault:?}"), run, code);
        }
    }
    w.authority.set_fault_always(None);
    a.token("after the faults", w.run(&["token", "-vvv"]));

    // TLS that is not trusted.
    let tls = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    tls.write_config(&sp_config(&tls));
    a.failure("untrusted TLS", tls.run(&["token", "-vvv"]), 4);
    a.check();
}
