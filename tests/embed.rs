//! `pbitoken embed` against the local authority's stand-in of Power BI's
//! embedding APIs: report lookups, GenerateToken, the cache, the refusals.

mod common;

use common::*;
use pbitoken_authority::embed_fixtures as efx;
use serde_json::Value;

fn world() -> World {
    let w = World::new();
    let api = format!("api_base = \"{}\"\n", w.authority.url());
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}{}{}",
        w.sp_profile("sp", &api),
        // Allowed to use Power BI but a member of no workspace.
        format_args!(
            "[profiles.outsider]\ntenant = \"{}\"\nclient_id = \"{}\"\nauth = \"client_secret\"\nclient_secret_env = \"NW_SECRET\"\nauthority_host = \"{}\"\n{api}\n",
            fx::TENANT_ID,
            fx::NO_WORKSPACE_CLIENT_ID,
            w.authority.url()
        ),
        w.user_profile("me", fx::USER_UPN, &api),
    ));
    w
}

fn last_generate_body(w: &World) -> Value {
    let req = w
        .authority
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == efx::GENERATE_TOKEN_PATH)
        .expect("a GenerateToken call");
    serde_json::from_slice(&req.body).expect("a JSON body")
}

/// [`Run::fails`], and after the `error: ` line only `hint: ` and the
/// `request id: ` Power BI support asks for.
#[track_caller]
fn refused(run: &Run, code: i32) -> String {
    let err = run.fails(code).to_owned();
    for line in err.lines().skip(1) {
        assert!(
            line.starts_with("hint: ") || line.starts_with("request id: "),
            "stray stderr line {line:?}: {run:#?}"
        );
    }
    assert!(err.contains("\nrequest id: "), "{err}");
    err
}

fn embed(w: &World, extra: &[&str]) -> Run {
    let mut args = vec!["embed", "--workspace", efx::WORKSPACE_ID];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn prints_an_embed_token_the_report_page_accepts_and_caches_it() {
    let w = world();
    let run = embed(&w, &["--report", efx::REPORT_ID]);
    let token = run.ok().trim().to_owned();
    let claims = w.verified_claims(&token);
    assert_eq!(claims["typ"], "pbi-embed");
    assert_eq!(claims["reports"][0], efx::REPORT_ID);
    assert_eq!(w.generate_token_calls(), 1);
    let body = last_generate_body(&w);
    assert_eq!(body["reports"][0]["id"], efx::REPORT_ID);
    assert_eq!(body["datasets"][0]["id"], efx::DATASET_ID);
    assert!(body.get("identities").is_none(), "{body}");
    assert!(body.get("targetWorkspaces").is_none(), "{body}");

    // Cached: the same token, no new call, and `cached` says so.
    let again = embed(&w, &["--report", efx::REPORT_ID, "-o", "json"]);
    let v: Value = serde_json::from_str(again.ok()).unwrap();
    assert_eq!(v["token"], token.as_str());
    assert_eq!(v["cached"], true);
    assert_eq!(w.generate_token_calls(), 1);
    // The entry is a private file of its own key space.
    let dir = w.path("cache/pbitoken/embed");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = files[0].metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // `cache clear --all` takes embed tokens too.
    let cleared = w.run(&["cache", "clear", "--all"]);
    assert_eq!(cleared.code, 0, "{cleared:#?}");
    assert!(
        !files[0].path().exists(),
        "the embed entry survived clear --all"
    );
    embed(&w, &["--report", efx::REPORT_ID]).ok();
    assert_eq!(w.generate_token_calls(), 2);

    // Another request is another key; --no-cache neither reads nor writes.
    embed(&w, &["--report", efx::SECOND_REPORT_ID]).ok();
    assert_eq!(w.generate_token_calls(), 3);
    embed(&w, &["--report", efx::REPORT_ID, "--no-cache"]).ok();
    assert_eq!(w.generate_token_calls(), 4);
    // A --min-validity longer than the token lives asks again.
    embed(&w, &["--report", efx::REPORT_ID, "--min-validity", "7200"]).ok();
    assert_eq!(w.generate_token_calls(), 5);
    run.leaks_nothing();
}

#[test]
fn json_and_config_have_specs_shapes() {
    let w = world();
    let run = embed(
        &w,
        &[
            "--report",
            efx::REPORT_ID,
            "--report",
            efx::SECOND_REPORT_ID,
            "-o",
            "json",
            "--lifetime",
            "30",
        ],
    );
    let v: Value = serde_json::from_str(run.ok()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "token",
            "tokenId",
            "expiration",
            "expires_on",
            "expires_at",
            "expires_in",
            "cached",
            "reports"
        ]
    );
    assert_eq!(v["cached"], false);
    let expires_in = v["expires_in"].as_i64().unwrap();
    assert!((1700..=1800).contains(&expires_in), "{expires_in}");
    assert_eq!(v["expiration"], v["expires_at"]);
    assert_eq!(last_generate_body(&w)["lifetimeInMinutes"], 30);
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["id"], efx::REPORT_ID);
    assert_eq!(reports[0]["name"], efx::REPORT_NAME);
    assert_eq!(reports[0]["datasetId"], efx::DATASET_ID);
    assert_eq!(reports[1]["name"], efx::SECOND_REPORT_NAME);
    let embed_url = reports[0]["embedUrl"].as_str().unwrap();
    assert!(
        embed_url.starts_with(&format!(
            "{}{}?reportId=",
            w.authority.url(),
            efx::REPORT_PAGE_PATH
        )),
        "{embed_url}"
    );
    // Both reports share one dataset: it is sent once.
    assert_eq!(
        last_generate_body(&w)["datasets"].as_array().unwrap().len(),
        1
    );

    let run = embed(&w, &["--report", efx::REPORT_ID, "-o", "config"]);
    let v: Value = serde_json::from_str(run.ok()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["config", "expiration", "expires_on"]);
    let c = &v["config"];
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["type", "id", "embedUrl", "accessToken", "tokenType"]);
    assert_eq!(c["type"], "report");
    assert_eq!(c["id"], efx::REPORT_ID);
    assert_eq!(c["tokenType"], 1);
    w.verified_claims(c["accessToken"].as_str().unwrap());

    // -o config is for one report.
    let run = embed(
        &w,
        &[
            "--report",
            efx::REPORT_ID,
            "--report",
            efx::SECOND_REPORT_ID,
            "-o",
            "config",
        ],
    );
    run.fails_cleanly(2);
}

#[test]
fn edit_sends_allow_edit_and_the_target_workspace() {
    let w = world();
    embed(&w, &["--report", efx::REPORT_ID, "--edit"]).ok();
    let body = last_generate_body(&w);
    assert_eq!(body["reports"][0]["allowEdit"], true);
    assert_eq!(body["targetWorkspaces"][0]["id"], efx::WORKSPACE_ID);
}

#[test]
fn identities_go_to_the_row_level_security_datasets_only() {
    let w = world();
    let run = embed(
        &w,
        &[
            "--report",
            efx::RLS_REPORT_ID,
            "--report",
            efx::REPORT_ID,
            "--identity",
            "alice@contoso.com:Region,Manager",
        ],
    );
    run.ok();
    let body = last_generate_body(&w);
    let identities = body["identities"].as_array().unwrap();
    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0]["username"], "alice@contoso.com");
    assert_eq!(identities[0]["roles"][0], "Region");
    assert_eq!(identities[0]["roles"][1], "Manager");
    assert_eq!(
        identities[0]["datasets"],
        serde_json::json!([efx::RLS_DATASET_ID])
    );
}

#[test]
fn a_row_level_security_dataset_without_identity_is_explained() {
    let w = world();
    let run = embed(&w, &["--report", efx::RLS_REPORT_ID]);
    let err = refused(&run, 1);
    assert!(
        run.error_line().contains("Power BI answered 400")
            && run.error_line().contains("requires effective identity"),
        "{err}"
    );
    assert!(run.hint().unwrap().contains("--identity USER"), "{err}");
}

#[test]
fn an_identity_without_row_level_security_is_an_error_with_a_hint() {
    let w = world();
    let run = embed(
        &w,
        &[
            "--report",
            efx::REPORT_ID,
            "--identity",
            "alice@contoso.com",
        ],
    );
    let err = run.fails_cleanly(2);
    assert!(run.error_line().contains("row-level security"), "{err}");
    assert!(run.hint().unwrap().contains("drop --identity"), "{err}");
    assert_eq!(w.generate_token_calls(), 0);
}

#[test]
fn a_workspace_without_capacity_is_explained() {
    let w = world();
    let run = w.run(&[
        "embed",
        "--workspace",
        efx::NO_CAPACITY_WORKSPACE_ID,
        "--report",
        efx::NO_CAPACITY_REPORT_ID,
    ]);
    let err = refused(&run, 3);
    assert!(run.error_line().contains("403"), "{err}");
    assert!(
        run.hint()
            .unwrap()
            .contains("Premium, Embedded or Fabric capacity"),
        "{err}"
    );
}

#[test]
fn my_workspace_is_explained() {
    let w = world();
    let run = w.run(&[
        "embed",
        "--workspace",
        efx::MY_WORKSPACE_ID,
        "--report",
        efx::MY_WORKSPACE_REPORT_ID,
    ]);
    let err = refused(&run, 1);
    assert!(run.hint().unwrap().contains("My workspace"), "{err}");
    // Named as such, it is refused before any request.
    let before = w.authority.requests().len();
    let run = w.run(&["embed", "--workspace", "me", "--report", efx::REPORT_ID]);
    run.fails_cleanly(2);
    assert!(run.hint().unwrap().contains("My workspace"));
    assert_eq!(w.authority.requests().len(), before);
}

#[test]
fn a_principal_outside_the_workspace_is_explained() {
    let w = world();
    let run = w.run_with(
        &[
            "embed",
            "-p",
            "outsider",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
        ],
        |c| {
            c.env("NW_SECRET", fx::NO_WORKSPACE_SECRET);
        },
    );
    let err = refused(&run, 3);
    assert!(run.error_line().contains("GroupNotAccessible"), "{err}");
    assert!(
        run.hint()
            .unwrap()
            .contains("not a member of the workspace"),
        "{err}"
    );
    let run = w.run(&[
        "embed",
        "--workspace",
        efx::FOREIGN_WORKSPACE_ID,
        "--report",
        efx::FOREIGN_REPORT_ID,
    ]);
    refused(&run, 3);
    assert_eq!(w.generate_token_calls(), 0);
}

#[test]
fn a_user_gets_an_embed_token_too() {
    let w = world();
    let run = w.run_with(
        &[
            "embed",
            "-p",
            "me",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
        ],
        |c| {
            c.env("AZURE_PASSWORD", fx::USER_PASSWORD);
        },
    );
    w.verified_claims(run.ok());
    run.leaks_nothing();
}

#[test]
fn malformed_flags_are_usage_errors_before_any_request() {
    let w = world();
    for args in [
        vec!["embed", "--workspace", "nope", "--report", efx::REPORT_ID],
        vec!["embed", "--workspace", efx::WORKSPACE_ID, "--report", "x"],
        vec![
            "embed",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "--dataset",
            "y",
        ],
        vec![
            "embed",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "--identity",
            ":Region",
        ],
        vec![
            "embed",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "--lifetime",
            "0",
        ],
        vec!["embed", "--workspace", efx::WORKSPACE_ID],
        vec![
            "embed",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
            "-o",
            "header",
        ],
    ] {
        let run = w.run(&args);
        run.fails(2);
        assert!(run.hint().is_some(), "{run:#?}");
    }
    assert!(w.authority.requests().is_empty());
}

#[test]
fn a_refused_access_token_stops_before_power_bi() {
    let w = world();
    let run = w.run_with(
        &[
            "embed",
            "--workspace",
            efx::WORKSPACE_ID,
            "--report",
            efx::REPORT_ID,
        ],
        |c| {
            c.env("TEST_SP_SECRET", fx::OTHER_SECRET);
        },
    );
    run.fails(3);
    run.leaks_nothing();
    assert_eq!(w.generate_token_calls(), 0);
}
