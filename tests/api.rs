//! `pbitoken api`: the real binary against the local authority's Power BI
//! and Fabric APIs (issue 13, SPEC "`api`").

mod common;
use common::*;

use std::process::Stdio;

/// What a run did, stdout as bytes (exports are binary).
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"))
    }

    #[track_caller]
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    /// The exit code, an `error: ` first line, and the lines after it only
    /// `hint: ` and `request id: `.
    #[track_caller]
    fn http_error(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "wrong exit code: {self:#?}");
        assert!(self.stderr.starts_with("error: "), "{self:#?}");
        for line in self.stderr.lines().skip(1) {
            assert!(
                line.starts_with("hint: ") || line.starts_with("request id: "),
                "stray line {line:?}: {self:#?}"
            );
        }
        assert!(self.stderr.contains("\nrequest id: "), "{self:#?}");
        self
    }

    fn hint(&self) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with("hint: "))
            .unwrap_or("")
    }
}

fn run(w: &World, args: &[&str]) -> Out {
    run_in(w, args, None)
}

fn run_in(w: &World, args: &[&str], stdin: Option<&[u8]>) -> Out {
    use std::io::Write;
    let mut cmd = w.cmd();
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .current_dir(w.dir.path());
    let mut child = cmd.spawn().expect("spawn pbitoken");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A world whose default profile is the service principal, with both APIs
/// on the authority.
fn world() -> World {
    let w = World::new();
    configure(&w, fx::SP_CLIENT_ID, "");
    w
}

/// Writes the default profile `sp` for `client` (whose secret is in
/// TEST_SP_SECRET... or in the profile for the other fixtures' apps).
fn configure(w: &World, client: &str, extra: &str) {
    let secret = match client {
        c if c == fx::SP_CLIENT_ID => "client_secret_env = \"TEST_SP_SECRET\"".to_owned(),
        c if c == fx::SP_DISABLED_CLIENT_ID => {
            format!("client_secret = \"{}\"", fx::SP_DISABLED_SECRET)
        }
        c if c == fx::FORBIDDEN_CLIENT_ID => {
            format!("client_secret = \"{}\"", fx::FORBIDDEN_SECRET)
        }
        c if c == fx::NO_WORKSPACE_CLIENT_ID => {
            format!("client_secret = \"{}\"", fx::NO_WORKSPACE_SECRET)
        }
        other => panic!("no secret for {other}"),
    };
    let url = w.authority.url();
    w.write_config(&format!(
        "default_profile = \"sp\"\n[profiles.sp]\ntenant = \"{}\"\nclient_id = \"{client}\"\n{secret}\nauthority_host = \"{url}\"\napi_base = \"{url}\"\nfabric_api_base = \"{url}\"\n{extra}\n",
        fx::TENANT_ID,
    ));
}

/// The requests that went to the Power BI or Fabric API (not the token endpoint).
fn api_requests(w: &World) -> Vec<pbitoken_authority::RecordedRequest> {
    w.authority
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1.0/") || r.path.starts_with("/v1/"))
        .collect()
}

/// The access token the cache holds for the profile (for leak checks).
fn token(w: &World) -> String {
    let t = w.run(&["token"]);
    t.ok().trim().to_owned()
}

fn first_id(w: &World, endpoint: &str) -> String {
    let out = run(w, &["api", endpoint, "--jq", ".value[0].id"]);
    out.ok();
    out.text().trim().to_owned()
}

#[test]
fn a_relative_path_lists_the_workspaces_and_100_calls_make_one_token_request() {
    let w = world();
    let out = run(&w, &["api", "groups"]);
    let doc = out.ok().json();
    let names: Vec<&str> = doc["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, fx::WORKSPACE_NAMES);
    for _ in 0..99 {
        run(&w, &["api", "groups", "--jq", ".value | length"]).ok();
    }
    assert_eq!(w.authority.token_requests(), 1);
    assert_eq!(api_requests(&w).len(), 100);
    // Absolute path and full URL reach the same API.
    let url = format!("{}/v1.0/myorg/groups", w.authority.url());
    for ep in ["/v1.0/myorg/groups", url.as_str()] {
        assert_eq!(run(&w, &["api", ep]).ok().json(), doc);
    }
    assert_eq!(w.authority.token_requests(), 1);
}

#[test]
fn the_body_is_printed_byte_for_byte_when_not_a_terminal() {
    let w = world();
    let out = run(&w, &["api", "groups"]);
    // Compact as the server sent it: not re-serialised or pretty-printed.
    assert!(
        out.ok().text().starts_with("{\"@odata.context\":"),
        "{out:#?}"
    );
    assert!(!out.text().contains('\n'), "{out:#?}");
}

#[test]
fn a_binary_export_arrives_byte_for_byte_on_stdout_and_in_the_output_file() {
    let w = world();
    let group = first_id(&w, "groups");
    let report = first_id(&w, &format!("groups/{group}/reports"));
    let endpoint = format!("groups/{group}/reports/{report}/Export");
    let out = run(&w, &["api", &endpoint]);
    out.ok();
    let sent = pbitoken_authority::export_bytes(&report);
    assert!(sent.contains(&0) && sent.contains(&0xff));
    assert!(out.stdout == sent, "stdout differs from the bytes sent");

    let file = w.path("out/report.pbix");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let out = run(
        &w,
        &["api", &endpoint, "--output-file", file.to_str().unwrap()],
    );
    out.ok();
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(std::fs::read(&file).unwrap() == sent);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
    // Nothing but the file is left in its folder (no temp file).
    let left: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn other_origins_are_refused_before_any_request() {
    let w = world();
    let port_other = format!("{}1/v1.0/myorg/groups", w.authority.url());
    for ep in [
        "https://evil.example/v1.0/myorg/groups",
        "http://api.powerbi.com/v1.0/myorg/groups",
        "https://api.powerbi.com/v1.0/myorg/groups",
        port_other.as_str(),
        "groups/../../evil",
    ] {
        let out = run(&w, &["api", ep]);
        assert_eq!(out.code, 2, "{ep}: {out:#?}");
        assert!(
            out.stdout.is_empty() && out.stderr.starts_with("error: "),
            "{out:#?}"
        );
    }
    assert!(
        w.authority.requests().is_empty(),
        "a request went out: {:?}",
        w.authority.requests()
    );
}

#[test]
fn an_authorization_header_and_bad_filters_are_refused_before_any_request() {
    let w = world();
    let out = run(&w, &["api", "groups", "-H", "Authorization: Bearer abc"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("Authorization"), "{out:#?}");
    let out = run(&w, &["api", "groups", "--jq", ".value[] |"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(w.authority.requests().is_empty());
}

#[test]
fn headers_are_sent_and_fields_become_the_query_for_get() {
    let w = world();
    let out = run(
        &w,
        &[
            "api",
            "groups",
            "-X",
            "get",
            "-f",
            "$top=1",
            "-H",
            "X-Test: yes",
        ],
    );
    assert_eq!(out.ok().json()["value"].as_array().unwrap().len(), 1);
    let req = api_requests(&w).pop().unwrap();
    assert_eq!(req.method, "GET");
    assert!(req.query.contains(&("$top".into(), "1".into())), "{req:?}");
    assert!(req
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("x-test") && v == "yes"));
    assert!(
        req.headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("requestid")),
        "{req:?}"
    );
}

#[test]
fn fields_make_a_json_body_and_post_is_the_default_with_fields() {
    let w = world();
    let file = w.path("desc.txt");
    std::fs::write(&file, "from a file").unwrap();
    let arg = format!("desc=@{}", file.display());
    let out = run_in(
        &w,
        &[
            "api",
            "groups",
            "-f",
            "name=Team A",
            "-F",
            "n=3",
            "-F",
            "on=true",
            "-F",
            "nothing=null",
            "-F",
            "meta[owner]=alice",
            "-F",
            "tags[]=x",
            "-F",
            "tags[]=2",
            "-F",
            &arg,
            "-F",
            "stdin=@-",
            "-f",
            "text=007",
        ],
        Some(b"piped"),
    );
    out.ok();
    assert_eq!(out.json()["name"], "Team A");
    let req = api_requests(&w).pop().unwrap();
    assert_eq!(req.method, "POST");
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "name": "Team A", "text": "007", "n": 3, "on": true, "nothing": null,
            "meta": {"owner": "alice"}, "tags": ["x", 2], "desc": "from a file",
            "stdin": "piped"
        })
    );
    let ct = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    assert_eq!(ct, Some("application/json"));
}

#[test]
fn create_and_delete_a_workspace_and_a_duplicate_name_is_exit_1_with_the_body() {
    let w = world();
    let out = run(&w, &["api", "groups", "-f", "name=Sandbox", "--jq", ".id"]);
    let id = out.ok().text().trim().to_owned();
    let out = run(&w, &["api", "groups", "-f", "name=Sandbox"]);
    out.http_error(1);
    assert_eq!(out.json()["error"]["code"], "PowerBIEntityAlreadyExists");
    assert!(
        out.stderr
            .starts_with("error: Power BI answered 409 Conflict: PowerBIEntityAlreadyExists: "),
        "{out:#?}"
    );
    // No name: 400, exit 1.
    let out = run_in(&w, &["api", "groups", "--input", "-"], Some(b"{}"));
    out.http_error(1);
    assert!(out.stderr.contains("400 Bad Request"), "{out:#?}");
    run(&w, &["api", &format!("groups/{id}"), "-X", "DELETE"]).ok();
    let out = run(&w, &["api", "groups", "--jq", ".value[].name"]);
    assert!(!out.ok().text().contains("Sandbox"), "{out:#?}");
}

#[test]
fn input_sends_a_file_as_it_is() {
    let w = world();
    let file = w.path("body.json");
    std::fs::write(&file, b"{\"name\": \"From File\"}\n").unwrap();
    run(&w, &["api", "groups", "--input", file.to_str().unwrap()]).ok();
    let req = api_requests(&w).pop().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.body, b"{\"name\": \"From File\"}\n");
    // stdin and @- cannot both be read.
    let out = run_in(
        &w,
        &["api", "groups", "--input", "-", "-F", "a=@-"],
        Some(b"x"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
}

#[test]
fn paginate_follows_odata_next_links_into_one_document() {
    let w = world();
    let out = run(
        &w,
        &["api", "/v1.0/myorg/admin/groups?$top=2", "--paginate"],
    );
    let doc = out.ok().json();
    assert_eq!(doc["value"].as_array().unwrap().len(), 5, "{doc}");
    assert!(doc.get("@odata.nextLink").is_none());
    assert!(doc.get("@odata.context").is_some());
    assert_eq!(api_requests(&w).len(), 3);
    // --jq applies to the merged document.
    let out = run(
        &w,
        &[
            "api",
            "/v1.0/myorg/admin/groups?$top=2",
            "--paginate",
            "--jq",
            ".value | length",
        ],
    );
    assert_eq!(out.ok().text(), "5\n");
}

#[test]
fn paginate_follows_activity_events_continuation_tokens() {
    let w = world();
    let out = run(
        &w,
        &[
            "api",
            "admin/activityevents?startDateTime='2025-01-01T00:00:00Z'&endDateTime='2025-01-01T23:59:59Z'",
            "--paginate",
        ],
    );
    let doc = out.ok().json();
    assert_eq!(
        doc["activityEventEntities"].as_array().unwrap().len(),
        6,
        "{doc}"
    );
    for f in ["continuationUri", "continuationToken", "lastResultSet"] {
        assert!(doc.get(f).is_none(), "{f} in {doc}");
    }
    // Without the dates: 400, exit 1, the body on stdout.
    let out = run(&w, &["api", "admin/activityevents"]);
    out.http_error(1);
    assert_eq!(out.json()["error"]["code"], "InvalidRequest");
}

#[test]
fn the_fabric_api_gets_its_own_token_and_pages_with_continuation_tokens() {
    let w = world();
    run(&w, &["api", "groups"]).ok();
    let url = format!("{}/v1/workspaces", w.authority.url());
    let out = run(
        &w,
        &["api", &url, "--paginate", "--jq", ".value[].displayName"],
    );
    assert_eq!(out.ok().text().lines().count(), 5, "{out:#?}");
    // One token for Power BI, one for Fabric; then both from the cache.
    assert_eq!(w.authority.token_requests(), 2);
    run(&w, &["api", &url]).ok();
    run(&w, &["api", "groups"]).ok();
    assert_eq!(w.authority.token_requests(), 2);
    let fabric: Vec<_> = api_requests(&w)
        .into_iter()
        .filter(|r| r.path == "/v1/workspaces")
        .collect();
    let auth = |r: &pbitoken_authority::RecordedRequest| {
        r.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v["Bearer ".len()..].to_owned())
            .unwrap()
    };
    let claims = w.verified_claims(&auth(&fabric[0]));
    assert_eq!(claims["aud"], w.authority.url().as_str());
}

#[test]
fn a_next_link_to_another_origin_stops_paging_with_exit_2() {
    let w = world();
    token(&w);
    w.authority.push_fault(Fault::json(
        200,
        serde_json::json!({"value": [1], "@odata.nextLink": "https://evil.example/v1.0/myorg/groups?$skip=1"}),
    ));
    let out = run(&w, &["api", "groups", "--paginate"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("https://evil.example"), "{out:#?}");
    assert_eq!(api_requests(&w).len(), 1);
}

#[test]
fn the_tenant_switch_has_its_hint_and_exit_3() {
    let w = World::new();
    configure(&w, fx::SP_DISABLED_CLIENT_ID, "");
    let out = run(&w, &["api", "groups"]);
    out.http_error(3);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.starts_with(
            "error: Power BI answered 401 Unauthorized: ServicePrincipalIsNotAllowedByTenantAdminSwitch\n"
        ),
        "{out:#?}"
    );
    assert!(
        out.hint()
            .contains("Service principals can use Fabric APIs"),
        "{out:#?}"
    );
    out_leaks_nothing(&out);
}

#[test]
fn not_authorized_has_its_hint_and_exit_3() {
    let w = World::new();
    configure(&w, fx::FORBIDDEN_CLIENT_ID, "");
    let out = run(&w, &["api", "groups"]);
    out.http_error(3);
    assert_eq!(out.json()["error"]["code"], "PowerBINotAuthorizedException");
    assert!(
        out.stderr
            .contains("403 Forbidden: PowerBINotAuthorizedException"),
        "{out:#?}"
    );
    assert!(out.hint().contains("may not call this API"), "{out:#?}");
}

#[test]
fn not_a_member_of_the_workspace_has_its_hint_and_exit_1() {
    let w = world();
    let out = run(
        &w,
        &["api", "groups/0b6ce2c2-1111-4222-8333-444455556666/reports"],
    );
    out.http_error(1);
    assert!(
        out.stderr.contains("404 Not Found: PowerBIEntityNotFound"),
        "{out:#?}"
    );
    assert!(
        out.hint().contains("not a member of the workspace"),
        "{out:#?}"
    );
}

#[test]
fn admin_apis_without_the_admin_setting_have_their_hint() {
    let w = World::new();
    configure(&w, fx::NO_WORKSPACE_CLIENT_ID, "");
    let out = run(&w, &["api", "admin/groups?$top=10"]);
    out.http_error(3);
    assert!(out.hint().contains("read-only admin APIs"), "{out:#?}");
    // $top is required.
    let w = world();
    let out = run(&w, &["api", "admin/groups"]);
    out.http_error(1);
}

#[test]
fn a_wrong_audience_is_named_from_the_tokens_aud() {
    let w = World::new();
    let url = w.authority.url();
    configure(&w, fx::SP_CLIENT_ID, &format!("scope = \"{url}/.default\""));
    let out = run(&w, &["api", "groups"]);
    out.http_error(3);
    let hint = out.hint();
    assert!(
        hint.contains(&format!("the token is for '{url}'")),
        "{out:#?}"
    );
    assert!(
        hint.contains("https://analysis.windows.net/powerbi/api"),
        "{out:#?}"
    );
}

#[test]
fn an_expired_token_has_its_hint() {
    let w = world();
    token(&w);
    w.authority.push_fault(Fault::json(
        403,
        serde_json::json!({"error": {"code": "TokenExpired", "message": "Access token has expired, resubmit with a new access token"}}),
    ));
    let out = run(&w, &["api", "groups"]);
    out.http_error(3);
    assert!(out.stderr.contains("TokenExpired"), "{out:#?}");
    assert!(out.hint().contains("expired or invalid"), "{out:#?}");
}

fn throttled() -> Fault {
    Fault::Status {
        status: 429,
        retry_after: Some("1".into()),
        content_type: "application/json".into(),
        body: r#"{"error":{"code":"TooManyRequests","message":"Rate limit exceeded"}}"#.into(),
    }
}

#[test]
fn a_429_is_retried_after_retry_after_for_any_method() {
    let w = world();
    token(&w);
    w.authority.push_fault(throttled());
    run(&w, &["api", "groups"]).ok();
    assert_eq!(api_requests(&w).len(), 2);
    w.authority.push_fault(throttled());
    run(&w, &["api", "groups", "-f", "name=After 429"]).ok();
    let posts = api_requests(&w)
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2);
}

#[test]
fn throttling_after_three_tries_is_exit_4_with_the_body_and_a_hint() {
    let w = world();
    token(&w);
    for _ in 0..3 {
        w.authority.push_fault(throttled());
    }
    let out = run(&w, &["api", "groups"]);
    out.http_error(4);
    assert_eq!(out.json()["error"]["code"], "TooManyRequests");
    assert!(out.hint().contains("throttling"), "{out:#?}");
    assert_eq!(api_requests(&w).len(), 3);
}

#[test]
fn a_5xx_is_retried_for_get_but_not_for_post() {
    let w = world();
    token(&w);
    w.authority.push_fault(Fault::html(503));
    run(&w, &["api", "groups"]).ok();
    assert_eq!(api_requests(&w).len(), 2);
    w.authority.push_fault(Fault::html(503));
    let out = run(&w, &["api", "groups", "-f", "name=Once"]);
    out.http_error(4);
    assert!(out.text().contains("<html>"), "{out:#?}");
    assert_eq!(
        api_requests(&w)
            .into_iter()
            .filter(|r| r.method == "POST")
            .count(),
        1
    );
}

#[test]
fn network_failures_are_exit_4() {
    let w = World::new();
    configure(&w, fx::SP_CLIENT_ID, "");
    let refused = refused_url();
    let url = w.authority.url();
    let config = std::fs::read_to_string(w.config_path()).unwrap();
    w.write_config(&config.replace(
        &format!("api_base = \"{url}\""),
        &format!("api_base = \"{refused}\""),
    ));
    let out = run(&w, &["api", "groups"]);
    assert_eq!(out.code, 4, "{out:#?}");
    assert!(out.stdout.is_empty() && out.stderr.starts_with("error: "));
}

#[test]
fn timeout_bounds_a_request() {
    let w = world();
    token(&w);
    w.authority
        .push_fault(Fault::Delay(std::time::Duration::from_secs(5)));
    let out = run(&w, &["api", "groups", "--timeout", "1"]);
    assert_eq!(out.code, 4, "{out:#?}");
    assert!(out.stderr.contains("no answer within"), "{out:#?}");
}

#[test]
fn include_shows_the_status_and_headers_and_verbose_redacts_the_token() {
    let w = world();
    let tok = token(&w);
    let out = run(&w, &["api", "groups", "-i"]);
    out.ok();
    let text = out.text();
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("\r\nrequestid: "),
        "{text}"
    );
    assert!(!text.contains(&tok), "{text}");
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(body.starts_with('{'), "{body}");

    let out = run(&w, &["api", "groups", "-v", "-i"]);
    out.ok();
    assert!(out.stderr.contains("> GET "), "{out:#?}");
    assert!(
        out.stderr.contains("> Authorization: Bearer ****"),
        "{out:#?}"
    );
    assert!(out.stderr.contains("HTTP 200 in "), "{out:#?}");
    assert!(
        !out.text().contains(&tok) && !out.stderr.contains(&tok),
        "{out:#?}"
    );
}

#[test]
fn a_server_echoing_the_token_in_a_header_does_not_show_it_with_i() {
    let w = world();
    let tok = token(&w);
    w.authority.push_fault(Fault::Status {
        status: 401,
        retry_after: Some(format!("Bearer {tok}")),
        content_type: "application/json".into(),
        body: String::new(),
    });
    let out = run(&w, &["api", "groups", "-i", "-v"]);
    assert_eq!(out.code, 3, "{out:#?}");
    assert!(
        out.text().starts_with("HTTP/1.1 401 Unauthorized"),
        "{out:#?}"
    );
    assert!(
        !out.text().contains(&tok) && !out.stderr.contains(&tok),
        "{out:#?}"
    );
}

#[test]
fn jq_prints_strings_raw_one_result_a_line() {
    let w = world();
    let out = run(&w, &["api", "groups", "--jq", ".value[].name"]);
    assert_eq!(out.ok().text(), "Sales Analytics\nFinance Reporting\n");
    let out = run(&w, &["api", "groups", "--jq", ".value[0] | {name}"]);
    assert_eq!(out.ok().text(), "{\"name\":\"Sales Analytics\"}\n");
}

#[test]
fn datasets_and_reports_carry_ids_and_embed_urls() {
    let w = world();
    let group = first_id(&w, "groups");
    let out = run(
        &w,
        &[
            "api",
            &format!("groups/{group}/reports"),
            "--jq",
            ".value[0].embedUrl",
        ],
    );
    assert!(
        out.ok().text().contains(&format!("groupId={group}")),
        "{out:#?}"
    );
    let dataset = first_id(&w, &format!("groups/{group}/datasets"));
    let out = run(
        &w,
        &[
            "api",
            &format!("groups/{group}/datasets/{dataset}/refreshes"),
            "-X",
            "POST",
        ],
    );
    out.ok();
    assert!(out.stdout.is_empty());
}

fn out_leaks_nothing(out: &Out) {
    for secret in SECRETS.iter().chain([&fx::SP_DISABLED_SECRET]) {
        assert!(
            !out.text().contains(secret) && !out.stderr.contains(secret),
            "{out:#?}"
        );
    }
}

#[test]
fn json_is_pretty_on_a_terminal() {
    let w = world();
    let shown = w.on_terminal(&["api", "groups"], &[]);
    assert!(shown.contains("\"value\": ["), "{shown}");
    assert!(shown.contains("\n    {"), "{shown}");
}
