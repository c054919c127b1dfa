//! Every flag and argument that takes a value refuses an empty one (exit 2,
//! naming it) rather than falling back to the profile or the environment;
//! a usage error points at the help of the command it was made in.

mod common;
use common::*;

use clap::CommandFactory;

/// Every command path with the command: `[]`, `["token"]`, `["config", "set"]`, ...
fn commands(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
    out.push((prefix.clone(), cmd.clone()));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut path = prefix.clone();
        path.push(sub.get_name().to_owned());
        commands(sub, path, out);
    }
}

/// A valid value for a positional argument, so that only the one under test is wrong.
fn filler(arg: &clap::Arg) -> &'static str {
    match arg.get_id().as_str() {
        "key" => "tenant",
        "shell" => "bash",
        _ => "x",
    }
}

#[test]
fn every_value_taking_flag_and_argument_refuses_an_empty_value() {
    let w = World::new();
    // A profile that would otherwise resolve, so a skipped empty value shows.
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    let mut all = Vec::new();
    commands(&pbitoken::cli::Cli::command(), Vec::new(), &mut all);
    let root = pbitoken::cli::Cli::command();
    let globals: Vec<clap::Arg> = root.get_arguments().cloned().collect();
    let mut tried = 0;
    for (path, cmd) in &all {
        if cmd.has_subcommands() {
            continue;
        }
        let args: Vec<&clap::Arg> = cmd.get_arguments().chain(globals.iter()).collect();
        let positionals: Vec<&&clap::Arg> = args.iter().filter(|a| a.is_positional()).collect();
        for arg in &args {
            if !arg.get_action().takes_values() {
                continue;
            }
            let mut argv: Vec<String> = path.clone();
            let named = if arg.is_positional() {
                for p in &positionals {
                    argv.push(if p.get_id() == arg.get_id() {
                        String::new()
                    } else {
                        filler(p).to_owned()
                    });
                }
                arg.get_value_names().unwrap()[0].to_string()
            } else {
                for p in &positionals {
                    argv.push(filler(p).to_owned());
                }
                let long = arg.get_long().unwrap();
                argv.push(format!("--{long}="));
                format!("--{long}")
            };
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let run = w.run(&argv);
            run.fails_cleanly(2);
            assert!(run.error_line().contains(&named), "{argv:?}: {run:#?}");
            assert!(
                run.hint().unwrap_or("").contains(&format!(
                    "see `{} --help`",
                    std::iter::once("pbitoken")
                        .chain(path.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
                "{argv:?}: {run:#?}"
            );
            tried += 1;
        }
    }
    assert!(tried > 30, "only {tried} flags tried");
}

#[test]
fn an_empty_short_flag_value_is_refused_too() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    let run = w.run(&["token", "-p", ""]);
    run.fails_cleanly(2);
    assert!(run.error_line().contains("--profile"), "{run:#?}");
    let run = w.run(&["token", "--tenant", "", "--client-id", ""]);
    run.fails_cleanly(2);
    assert!(run.error_line().contains("--tenant"), "{run:#?}");
}

#[test]
fn a_usage_error_points_at_the_commands_own_help() {
    let w = World::new();
    for (args, help) in [
        (
            &["config", "init", "--bogus"][..],
            "pbitoken config init --help",
        ),
        (
            &["-p", "config", "cache", "clear", "--bogus"][..],
            "pbitoken cache clear --help",
        ),
        (&["token", "--auth", "nope"][..], "pbitoken token --help"),
        (&["bogus"][..], "pbitoken --help"),
    ] {
        let run = w.run(args);
        run.fails_cleanly(2);
        assert!(
            run.hint().unwrap_or("").ends_with(&format!("see `{help}`")),
            "{args:?}: {run:#?}"
        );
    }
}

#[test]
fn profile_flag_where_it_would_do_nothing_is_refused() {
    let w = World::new();
    let path = w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    let before = std::fs::read_to_string(&path).unwrap();
    for args in [
        &["-p", "other", "config", "set", "sp", "cloud", "usgov"][..],
        &["config", "unset", "sp", "cloud", "-p", "other"][..],
        &["-p", "other", "config", "remove", "sp"][..],
        &["-p", "other", "config", "use", "sp"][..],
        &["-p", "sp", "config", "list"][..],
        &["-p", "sp", "config", "path"][..],
        &["-p", "sp", "cache", "list"][..],
        &["-p", "sp", "completions", "bash"][..],
    ] {
        let run = w.run(args);
        run.fails_cleanly(2);
        assert!(
            run.error_line().contains("--profile does nothing here"),
            "{args:?}: {run:#?}"
        );
        assert!(
            run.hint().unwrap_or("").contains("--help"),
            "{args:?}: {run:#?}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "{args:?}");
    }
}

#[test]
fn config_init_help_says_what_p_defaults_to_there() {
    let w = World::new();
    let help = w.run(&["config", "init", "--help"]).ok().to_owned();
    assert!(
        help.contains("for `config init`, the profile to create [default: default]"),
        "{help}"
    );
}

/// The docs never show a token on a command line, where `ps` shows it.
#[test]
fn no_example_puts_the_token_on_a_command_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let w = World::new();
    let mut texts = vec![
        (
            "README.md".to_owned(),
            std::fs::read_to_string(root.join("README.md")).unwrap(),
        ),
        ("--help".to_owned(), w.run(&["--help"]).ok().to_owned()),
        (
            "token --help".to_owned(),
            w.run(&["token", "--help"]).ok().to_owned(),
        ),
    ];
    for entry in std::fs::read_dir(root.join("examples")).unwrap().flatten() {
        let p = entry.path();
        texts.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap_or_default(),
        ));
    }
    for (name, text) in texts {
        for line in text.lines() {
            let bad = line.contains("-H \"$(pbitoken")
                || (line.contains("curl") && line.contains("Bearer $"));
            assert!(!bad, "{name}: {line}");
        }
    }
}

#[test]
fn a_wrong_output_format_is_refused_by_the_parser_with_the_formats_listed() {
    let w = World::new();
    w.write_config(&format!(
        "default_profile = \"sp\"\n{}",
        w.sp_profile("sp", "")
    ));
    let run = w.run(&["token", "-o", "yaml"]);
    run.fails_cleanly(2);
    assert_eq!(
        run.error_line(),
        "error: invalid value 'yaml' for '--output <FORMAT>'",
        "{run:#?}"
    );
    assert_eq!(
        run.hint(),
        Some(
            "hint: possible values: token, json, header, env, claims; see `pbitoken token --help`"
        ),
        "{run:#?}"
    );
    assert!(run.stdout.is_empty(), "{run:#?}");
}
