//! `--help` of every command reads like a man page with examples;
//! `--version` says which version.

mod common;
use common::*;

use clap::CommandFactory;

/// Every command path: `[]`, `["token"]`, `["config", "set"]`, ...
fn command_paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut path = prefix.clone();
        path.push(sub.get_name().to_owned());
        command_paths(sub, path, out);
    }
}

#[test]
fn every_command_has_examples_in_its_long_help() {
    let w = World::new();
    let mut paths = Vec::new();
    command_paths(&pbitoken::cli::Cli::command(), Vec::new(), &mut paths);
    assert!(paths.len() > 10, "{paths:?}");
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let run = w.run(&args);
        let out = run.ok();
        let examples = out.split("\nExamples:\n").nth(1).unwrap_or("");
        assert!(
            examples.contains("pbitoken "),
            "{args:?} has no examples:\n{out}"
        );
        assert_eq!(run.stderr, "");
    }
}

#[test]
fn version() {
    let w = World::new();
    assert_eq!(
        w.run(&["--version"]).ok(),
        format!("pbitoken {}\n", env!("CARGO_PKG_VERSION"))
    );
}
