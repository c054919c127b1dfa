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

/// A proxy on loopback that counts the connections it is offered and
/// answers each with 502: a request that went through it fails.
struct RecordingProxy {
    url: String,
    seen: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl RecordingProxy {
    fn start() -> RecordingProxy {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = seen.clone();
        std::thread::spawn(move || {
            for mut conn in listener.incoming().flatten() {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let _ = conn.write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        RecordingProxy { url, seen }
    }

    fn seen(&self) -> usize {
        self.seen.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every variable a client might take a proxy for http from.
    fn set(&self, c: &mut std::process::Command) {
        for var in [
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
        ] {
            c.env(var, &self.url);
        }
    }
}

#[test]
fn plain_http_never_goes_through_a_proxy() {
    let proxy = RecordingProxy::start();
    let w = World::new();
    w.write_config(&w.sp_profile("a", ""));
    let run = w.run_with(&["token", "-p", "a", "--no-cache"], |c| proxy.set(c));
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
    let run = w.run_with(&["check", "-p", "a"], |c| proxy.set(c));
    run.ok();
    assert_eq!(
        proxy.seen(),
        0,
        "the loopback authority was reached through the proxy"
    );

    // Managed identity: IMDS and the App Service endpoint, both plain http.
    w.write_config("default_profile = \"mi\"\n[profiles.mi]\nauth = \"managed_identity\"\n");
    let run = w.run_with(&["token", "--no-cache"], |c| {
        proxy.set(c);
        c.env("PBITOKEN_IMDS_ENDPOINT", w.authority.imds_url());
    });
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
    let run = w.run_with(&["token", "--no-cache"], |c| {
        proxy.set(c);
        c.env("IDENTITY_ENDPOINT", w.authority.identity_endpoint_url())
            .env("IDENTITY_HEADER", fx::IDENTITY_HEADER);
    });
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
    assert_eq!(
        proxy.seen(),
        0,
        "a managed-identity request went through the proxy"
    );
}

#[test]
fn https_still_honours_https_proxy_and_no_proxy() {
    let proxy = RecordingProxy::start();
    let w = World::with(Authority::start_tls(Directory::seeded()).unwrap());
    w.write_config(&w.sp_profile("a", ""));
    let ca = w.path("ca.pem");
    write_file(&ca, &w.authority.ca_pem().unwrap());
    let ca = ca.to_str().unwrap();
    let run = w.run_with(&["token", "-p", "a", "--ca-file", ca], |c| {
        c.env("HTTPS_PROXY", &proxy.url);
    });
    run.fails(4);
    assert!(proxy.seen() > 0, "HTTPS_PROXY was not used for https");
    let before = proxy.seen();
    let run = w.run_with(&["token", "-p", "a", "--ca-file", ca], |c| {
        c.env("HTTPS_PROXY", &proxy.url)
            .env("NO_PROXY", "localhost");
    });
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
    assert_eq!(proxy.seen(), before, "NO_PROXY was not honoured");
}

#[test]
fn malformed_ids_are_a_configuration_error_before_any_request() {
    let w = World::new();
    w.write_config(&format!(
        "{}{}",
        w.sp_profile("a", ""),
        w.user_profile("u", fx::USER_UPN, "")
    ));
    let pasted = "Xq8Q~pasted.secret_in-the-id";
    for (args, env, key) in [
        (
            vec!["token", "-p", "a", "--client-id", pasted],
            None,
            "client_id (from --client-id) is not a GUID",
        ),
        (
            vec!["token", "-p", "a", "--tenant", "bad tenant!"],
            None,
            "tenant (from --tenant)",
        ),
        (
            vec!["token", "-p", "a", "--tenant", pasted],
            None,
            "tenant (from --tenant)",
        ),
        (
            vec![
                "token",
                "-p",
                "a",
                "--client-id",
                "11111111-2222-3333-4444-55555555555\u{1b}",
            ],
            None,
            "client_id",
        ),
        (
            vec![
                "token",
                "-p",
                "u",
                "--username",
                "alice Xq8Q~pasted.secret_in-the-id",
            ],
            None,
            "username (from --username)",
        ),
        (
            vec![
                "token",
                "-p",
                "a",
                "--scope",
                "https://x/.default\r\nX-Evil: 1",
            ],
            None,
            "scope (from --scope)",
        ),
        (
            vec!["token", "-p", "a", "--resource", "https://x/ \u{7}"],
            None,
            "resource (from --resource)",
        ),
        (
            vec!["token"],
            Some(("AZURE_CLIENT_ID", pasted)),
            "client_id (from env AZURE_CLIENT_ID)",
        ),
        (
            vec!["check"],
            Some(("AZURE_CLIENT_ID", pasted)),
            "client_id (from env AZURE_CLIENT_ID)",
        ),
        (
            vec!["config", "show"],
            Some(("AZURE_CLIENT_ID", pasted)),
            "client_id (from env AZURE_CLIENT_ID)",
        ),
    ] {
        let before = w.authority.requests().len();
        let run = w.run_with(&args, |c| {
            if let Some((k, v)) = env {
                c.env_remove("XDG_CONFIG_HOME")
                    .env("AZURE_TENANT_ID", fx::TENANT_ID)
                    .env(k, v)
                    .env("AZURE_CLIENT_SECRET", fx::SP_SECRET)
                    .env("AZURE_AUTHORITY_HOST", w.authority.url());
            }
        });
        let out = if args[0] == "check" {
            assert_eq!(run.code, 1, "{args:?}: {run:#?}");
            run.stdout.clone()
        } else {
            run.fails_cleanly(2).to_owned()
        };
        assert!(out.contains(key), "{args:?}: {run:#?}");
        run.shows_none_of(&[pasted, "bad tenant", "\u{1b}", "X-Evil", "\u{7}"]);
        assert_eq!(
            w.authority.requests().len(),
            before,
            "{args:?}: a request was sent"
        );
    }
}

#[test]
fn other_oauth_servers_take_other_ids_but_not_any_characters() {
    let w = World::new();
    let url = format!("{}/{}/oauth2/token", w.authority.url(), fx::TENANT_ID);
    w.write_config(&format!(
        "[profiles.other]\nclient_id = \"{}\"\nclient_secret_env = \"TEST_SP_SECRET\"\ntoken_endpoint = \"{url}\"\nendpoint = \"v1\"\n",
        fx::SP_CLIENT_ID
    ));
    // Not a GUID: sent, and the server's refusal is exit 3.
    let run = w.run(&["token", "-p", "other", "--client-id", "my-app.client_01"]);
    run.fails(3);
    assert_eq!(w.authority.token_requests(), 1);
    for bad in ["my app", "my\u{1b}[2Japp", "my\"app", "\u{e9}t\u{e9}"] {
        let run = w.run(&["token", "-p", "other", "--client-id", bad]);
        run.fails_cleanly(2);
        assert!(
            run.error_line()
                .contains("client_id (from --client-id) is not a client id"),
            "{run:#?}"
        );
        run.shows_none_of(&[bad]);
    }
    assert_eq!(w.authority.token_requests(), 1);
}

const URL_PASSWORD: &str = "Pw8Q~in-the-url.0043";

#[test]
fn userinfo_in_any_url_is_refused_without_echoing_the_password() {
    let w = World::new();
    let with_userinfo = w
        .authority
        .url()
        .replace("http://", &format!("http://user:{URL_PASSWORD}@"));
    // In every key of a profile that holds a URL.
    for key in [
        "authority_host",
        "token_endpoint",
        "api_base",
        "imds_endpoint",
    ] {
        let text = if key == "authority_host" {
            w.sp_profile("a", "")
                .replace(&w.authority.url(), &with_userinfo)
        } else {
            w.sp_profile("a", &format!("{key} = \"{with_userinfo}/x\""))
        };
        w.write_config(&text);
        for args in [
            &["token", "-p", "a", "-vvv"][..],
            &["config", "show", "-p", "a"],
            &["check", "-p", "a", "-v"],
        ] {
            let run = w.run(args);
            assert_ne!(run.code, 0, "{key} {args:?}: {run:#?}");
            let out = format!("{}{}", run.stdout, run.stderr);
            assert!(
                out.contains("user name or password"),
                "{key} {args:?}: {run:#?}"
            );
            run.shows_none_of(&[URL_PASSWORD]);
        }
    }
    assert_eq!(w.authority.requests().len(), 0);
    // From the environment and flags.
    w.write_config(
        &w.sp_profile("a", "")
            .replace(&format!("authority_host = \"{}\"\n", w.authority.url()), ""),
    );
    for (args, var) in [
        (
            vec!["token", "-p", "a", "-vvv"],
            Some("AZURE_AUTHORITY_HOST"),
        ),
        (
            vec!["config", "show", "-p", "a"],
            Some("AZURE_AUTHORITY_HOST"),
        ),
        (
            vec![
                "token",
                "-p",
                "a",
                "-vvv",
                "--authority-host",
                with_userinfo.as_str(),
            ],
            None,
        ),
    ] {
        let run = w.run_with(&args, |c| {
            if let Some(var) = var {
                c.env(var, &with_userinfo);
            }
        });
        run.fails_cleanly(2);
        assert!(
            run.error_line().contains("user name or password"),
            "{run:#?}"
        );
        run.shows_none_of(&[URL_PASSWORD]);
    }
    // Managed identity endpoints.
    w.write_config("default_profile = \"mi\"\n[profiles.mi]\nauth = \"managed_identity\"\n");
    for var in ["IDENTITY_ENDPOINT", "PBITOKEN_IMDS_ENDPOINT"] {
        let run = w.run_with(&["token", "-vvv"], |c| {
            c.env(var, format!("{with_userinfo}/msi/token"))
                .env("IDENTITY_HEADER", fx::IDENTITY_HEADER);
            if var != "IDENTITY_ENDPOINT" {
                c.env_remove("IDENTITY_HEADER");
            }
        });
        run.fails_cleanly(2);
        assert!(
            run.error_line().contains("user name or password"),
            "{var}: {run:#?}"
        );
        run.shows_none_of(&[URL_PASSWORD]);
    }
    assert_eq!(w.authority.requests().len(), 0);
    // config set refuses it too, and does not echo it.
    w.write_config(&w.sp_profile("a", ""));
    for key in [
        "authority_host",
        "token_endpoint",
        "api_base",
        "imds_endpoint",
    ] {
        let run = w.run(&["config", "set", "a", key, &with_userinfo]);
        run.fails_cleanly(2);
        assert!(
            run.error_line().contains("user name or password"),
            "{key}: {run:#?}"
        );
        run.shows_none_of(&[URL_PASSWORD]);
    }
    // A value that is not a URL at all is not echoed either.
    let run = w.run(&["config", "set", "a", "authority_host", URL_PASSWORD]);
    run.fails_cleanly(2);
    run.shows_none_of(&[URL_PASSWORD]);
}

#[test]
fn a_secret_echoed_in_another_encoding_is_scrubbed() {
    // '/', '+', '&', '@', '~' and a space: each has an encoded form.
    const SECRET: &str = "Ek8Q~a/b+c&d@e f.0044";
    let w = World::new();
    w.write_config(&w.sp_profile("a", "").replace(
        "client_secret_env = \"TEST_SP_SECRET\"",
        &format!("client_secret = \"{SECRET}\""),
    ));
    let encodings = [
        SECRET.to_owned(),
        SECRET.replace('/', "\\/"),
        SECRET.replace('&', "&amp;"),
        SECRET.replace('+', "&#43;").replace('/', "&#47;"),
        SECRET.replace('+', "&#x2B;").replace('@', "&#X40;"),
        "Ek8Q%7Ea%2Fb%2Bc%26d%40e+f.0044".to_owned(),
        "Ek8Q%7ea%2fb%2bc%26d%40e%20f.0044".to_owned(),
        "Ek8Q~a/b%2Bc%26d@e%20f.0044".to_owned(),
    ];
    for echoed in &encodings {
        for (content_type, body) in [
            ("text/plain", format!("bad client_secret={echoed} for app")),
            ("text/html", format!("<p>bad secret <b>{echoed}</b></p>")),
        ] {
            w.authority.push_fault(Fault::Status {
                status: 400,
                retry_after: None,
                content_type: content_type.into(),
                body,
            });
            let run = w.run(&["token", "-p", "a", "--no-cache", "-vvv"]);
            assert_eq!(run.code, 4, "{echoed}: {run:#?}");
            assert!(run.stderr.contains("****"), "{echoed}: {run:#?}");
            run.shows_none_of(&[echoed, "Ek8Q", "0044"]);
        }
        // An OAuth error whose description echoes it, JSON-escaped.
        w.authority.push_fault(Fault::json(
            401,
            serde_json::json!({"error": "invalid_client", "error_description": format!("AADSTS7000215: Invalid client secret {echoed}.")}),
        ));
        let run = w.run(&["token", "-p", "a", "--no-cache"]);
        run.fails(3);
        run.shows_none_of(&[echoed, "Ek8Q", "0044"]);
    }
}

/// Terminal escapes, C1 controls, line breaks and bidi overrides.
const ESCAPES: [&str; 9] = [
    "\u{1b}", "\u{9b}", "\u{7}", "\r", "\u{85}", "\u{202e}", "\u{2066}", "\u{200f}", "\u{8}",
];

fn assert_printable(what: &str, text: &str) {
    for e in ESCAPES {
        assert!(!text.contains(e), "{what}: {e:?} in {text:?}");
    }
    for line in text.lines() {
        assert!(
            !line.contains('\u{b}') && !line.contains('\u{c}'),
            "{what}: {text:?}"
        );
    }
}

#[test]
fn terminal_escapes_never_reach_a_person() {
    let w = World::new();
    let name = "evil\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}drow\u{2066}\rhint: forged\u{85}";
    let toml_name = name
        .replace('\u{1b}', "\\u001b")
        .replace('\u{7}', "\\u0007")
        .replace('\r', "\\r")
        .replace('\u{9b}', "\\u009b")
        .replace('\u{85}', "\\u0085");
    w.write_config(&format!(
        "default_profile = \"{toml_name}\"\n{}[profiles.other]\ntenant = \"x\\u001b[31m.com\\u202e\"\nclient_id = \"\\u009b2J\"\nauth = \"a\\u0007\\u200f\"\n",
        w.sp_profile(&format!("\"{toml_name}\""), ""),
    ));
    let before = |c: &mut std::process::Command| {
        c.env("PBITOKEN_CACHE_DIR", w.path("cache-dir"));
    };
    // The token run writes a cache entry holding the profile's name.
    let run = w.run_with(&["token", "-v"], before);
    assert!(run.ok().starts_with("eyJ"), "{run:#?}");
    assert_printable("token -v", &run.stderr);
    for args in [
        &["config", "list"][..],
        &["config", "show", "-v"],
        &["check", "-v"],
        &["cache", "list"],
        &["token", "-vvv", "--force-refresh"],
    ] {
        let run = w.run_with(args, before);
        run.ok();
        assert_printable(&format!("{args:?} stdout"), &run.stdout);
        assert_printable(&format!("{args:?} stderr"), &run.stderr);
        assert!(
            args[0] == "token" || run.stdout.contains("evil"),
            "{args:?}: {run:#?}"
        );
    }
    // A default_profile that names no profile is warned about, printably.
    w.write_config("default_profile = \"x\\u001b[2J\\u202e\"\n[profiles.a]\n");
    let run = w.run(&["config", "list"]);
    assert_printable("config list warning", &run.stderr);
}

#[test]
fn an_access_token_that_is_not_token68_is_never_printed() {
    let w = World::new();
    w.write_config(&w.sp_profile("a", ""));
    let cache = w.path("cache-dir");
    let env = |c: &mut std::process::Command| {
        c.env("PBITOKEN_CACHE_DIR", &cache);
    };
    let forged = "abc\r\nX-Evil: 1";
    // From the authority: exit 4, nothing on stdout.
    for (token, token_type) in [
        (forged, "Bearer"),
        ("abc def", "Bearer"),
        ("abc'; rm -rf ~; '", "Bearer"),
        ("abc\u{1b}[2J", "Bearer"),
        ("abc=def", "Bearer"),
        ("abc", "Bearer\r\nX-Evil: 1"),
    ] {
        w.authority.push_fault(Fault::json(
            200,
            serde_json::json!({"access_token": token, "token_type": token_type, "expires_in": 3599}),
        ));
        for format in ["header", "env", "token"] {
            if format != "header" {
                w.authority.push_fault(Fault::json(
                    200,
                    serde_json::json!({"access_token": token, "token_type": token_type, "expires_in": 3599}),
                ));
            }
            let run = w.run_with(&["token", "-p", "a", "-o", format], env);
            // One error line (no forged line), and the token not shown.
            run.fails_cleanly(4);
            run.shows_none_of(&["rm -rf", "\u{1b}", "abc def"]);
        }
    }
    // From a cache file: a miss, and the authority's token is printed.
    w.run_with(&["token", "-p", "a"], env).ok();
    let entry = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("a cache entry");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&entry).unwrap()).unwrap();
    for (token, token_type) in [(forged, "Bearer"), ("eyJ.abc", "Bearer\r\nX-Evil: 1")] {
        json["access_token"] = token.into();
        json["token_type"] = token_type.into();
        std::fs::write(&entry, json.to_string()).unwrap();
        let before = w.authority.token_requests();
        let run = w.run_with(&["token", "-p", "a", "-o", "header"], env);
        let out = run.ok();
        assert!(out.starts_with("Authorization: Bearer eyJ"), "{run:#?}");
        assert_eq!(out.lines().count(), 1, "{run:#?}");
        assert_eq!(w.authority.token_requests(), before + 1, "not a miss");
    }
}
