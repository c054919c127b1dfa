//! Messages say what is wrong in words that fit: "empty" for an empty
//! token, the number as it was sent, a short line for a huge value or a
//! long list; a byte order mark in a secret file is not part of the secret.

mod common;
use common::*;

fn sp(w: &World, extra: &str) {
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", extra)
    ));
}

#[test]
fn an_empty_access_token_is_called_empty() {
    let w = World::new();
    sp(&w, "");
    w.authority.set_fault_always(Some(Fault::json(
        200,
        serde_json::json!({"token_type": "Bearer", "expires_in": 3599, "access_token": ""}),
    )));
    let run = w.run(&["token"]);
    run.fails_cleanly(4);
    assert!(
        run.error_line().contains("access_token is empty"),
        "{run:#?}"
    );
}

#[test]
fn an_out_of_range_expiry_is_quoted_as_sent() {
    for (sent, shown) in [
        (serde_json::json!(99999999999_i64), "99999999999"),
        (
            serde_json::json!("99999999999999999999999"),
            "99999999999999999999999",
        ),
        (serde_json::json!(-5), "-5"),
    ] {
        let w = World::new();
        sp(&w, "");
        w.authority.set_fault_always(Some(Fault::json(
            200,
            serde_json::json!({"token_type": "Bearer", "expires_in": sent, "access_token": "eyJ.a.b"}),
        )));
        let run = w.run(&["token"]);
        run.fails_cleanly(4);
        assert!(
            run.error_line().contains(&format!("expires_in {shown}")),
            "{sent}: {run:#?}"
        );
    }
}

#[test]
fn a_secret_file_with_a_byte_order_mark_works() {
    let w = World::new();
    let file = w.path("secret.txt");
    write_file(&file, &format!("\u{feff}{}\r\n", fx::SP_SECRET));
    w.write_config(&format!(
        "default_profile = \"sp\"\n[profiles.sp]\ntenant = \"{}\"\nclient_id = \"{}\"\nclient_secret_file = \"{}\"\nauthority_host = \"{}\"\n",
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        file.display(),
        w.authority.url()
    ));
    let run = w.run(&["token", "--no-cache"]);
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
}

#[test]
fn thousands_of_profiles_make_a_short_error() {
    let w = World::new();
    let mut text = String::new();
    for i in 0..5000 {
        text.push_str(&w.sp_profile(&format!("p{i}"), ""));
    }
    w.write_config(&text);
    for args in [
        &["token", "-p", "nosuch"][..],
        &["token"][..],
        &["config", "set", "nosuch", "cloud", "usgov"][..],
    ] {
        let run = w.run(args);
        run.fails_cleanly(2);
        assert!(
            run.stderr.len() < 1000,
            "{args:?}: {} bytes",
            run.stderr.len()
        );
        assert!(
            run.error_line().contains("and 4990 more"),
            "{args:?}: {run:#?}"
        );
    }
}

#[test]
fn a_huge_value_makes_a_short_error() {
    let w = World::new();
    sp(&w, "");
    let huge = "a".repeat(100_000);
    let huge_domain = format!("{}.onmicrosoft.com", "a".repeat(100_000));
    let cases: Vec<Vec<&str>> = vec![
        vec!["token", "--tenant", &huge_domain],
        vec!["token", "--scope", &huge],
        vec!["token", "-p", &huge],
        vec!["config", "show", "--client-id", &huge],
        vec!["config", "set", "sp", "tenant", &huge_domain],
        vec!["config", "init", "-p", "x", "--tenant", &huge_domain],
        vec!["config", "init", "-p", &huge],
    ];
    for args in &cases {
        let run = w.run(args);
        run.fails_cleanly(2);
        assert!(
            run.stderr.len() < 600,
            "{}: {} bytes",
            args[..2].join(" "),
            run.stderr.len()
        );
    }
    // Through the environment too.
    let bare = World::new();
    let run = bare.run_with(&["token"], |c| {
        c.env("AZURE_TENANT_ID", &huge_domain)
            .env("AZURE_CLIENT_ID", fx::SP_CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", fx::SP_SECRET);
    });
    run.fails_cleanly(2);
    assert!(run.stderr.len() < 600, "{} bytes", run.stderr.len());
}
