//! A result that cannot be written is an error (exit 1), whatever the
//! reason: stdout closed (`>&-`), a full disk (`>/dev/full`).

mod common;
use common::*;

/// Every command that prints a result, with what it needs to succeed.
fn printing_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["token"],
        vec!["token", "-o", "json"],
        vec!["check"],
        vec!["check", "--json"],
        vec!["config", "list"],
        vec!["config", "show"],
        vec!["config", "path"],
        vec!["cache", "list"],
        vec!["completions", "bash"],
        vec!["--help"],
        vec!["token", "--help"],
        vec!["--version"],
    ]
}

fn world() -> World {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    // A cached token, so that `cache list` has something to print.
    w.run(&["token"]).ok();
    w
}

#[test]
fn a_closed_stdout_is_an_error_for_every_command_that_prints() {
    let w = world();
    for args in printing_commands() {
        let run = w.shell(&format!("\"$PBITOKEN\" {} >&-", args.join(" ")));
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        assert!(
            run.stderr.starts_with("error: cannot write to stdout"),
            "{args:?}: {run:#?}"
        );
        run.leaks_nothing();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_for_every_command_that_prints() {
    let w = world();
    for args in printing_commands() {
        let run = w.shell(&format!("\"$PBITOKEN\" {} >/dev/full", args.join(" ")));
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        assert!(
            run.stderr.starts_with("error: cannot write to stdout"),
            "{args:?}: {run:#?}"
        );
    }
}

#[test]
fn a_closed_stdout_never_lands_in_a_file_pbitoken_opens() {
    let w = world();
    // With stdout closed, the first file opened would get descriptor 1.
    let run = w.shell("\"$PBITOKEN\" token --force-refresh >&-");
    assert_eq!(run.code, 1, "{run:#?}");
    for entry in walk(&w.path("cache")) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        // The printed token would be a bare `eyJ...` line in the file.
        assert!(
            !text.lines().any(|l| l.starts_with("eyJ")),
            "{entry:?} got the result: {text}"
        );
        if entry.extension().is_some_and(|e| e == "json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{entry:?} is no longer JSON ({e}): {text}"));
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
