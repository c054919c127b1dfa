//! `pbitoken completions SHELL`: the committed scripts are what the binary
//! prints now, and bash completes profile names from the config file.

mod common;
use common::*;

const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "pbitoken.bash"),
    ("zsh", "_pbitoken"),
    ("fish", "pbitoken.fish"),
    ("powershell", "_pbitoken.ps1"),
    ("elvish", "pbitoken.elv"),
];

#[test]
fn committed_scripts_are_up_to_date() {
    let w = World::new();
    for (shell, file) in SCRIPTS {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("completions")
            .join(file);
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read completions/{file}: {e}"));
        let now = w.run(&["completions", shell]);
        assert!(
            now.ok() == committed,
            "completions/{file} is stale: run completions/generate.sh"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let w = World::new();
    assert_eq!(w.run(&["completions", "tcsh"]).code, 2);
}

/// Sources the bash script and calls its completion function for a
/// command line, the way bash does on TAB; returns the candidates.
fn bash_complete(w: &World, words: &[&str]) -> Vec<String> {
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_pbitoken"))
        .parent()
        .unwrap()
        .to_owned();
    let script = w.path("pbitoken.bash");
    std::fs::write(&script, w.run(&["completions", "bash"]).ok()).unwrap();
    let quoted: Vec<String> = words.iter().map(|x| format!("'{x}'")).collect();
    let snippet = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _pbitoken_profiles pbitoken '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = w
        .program("bash")
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .arg("-c")
        .arg(snippet)
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_profile_names_from_the_config() {
    let w = World::new();
    w.write_config(&format!(
        "{}{}{}",
        w.sp_profile("prod", ""),
        w.sp_profile("preprod", ""),
        w.sp_profile("test", "")
    ));
    assert_eq!(
        bash_complete(&w, &["pbitoken", "config", "use", ""]),
        ["preprod", "prod", "test"]
    );
    assert_eq!(
        bash_complete(&w, &["pbitoken", "token", "-p", "pr"]),
        ["preprod", "prod"]
    );
    assert_eq!(bash_complete(&w, &["pbitoken", "--profile", "t"]), ["test"]);
    // Elsewhere clap's own completion answers: subcommands here.
    assert!(bash_complete(&w, &["pbitoken", "con"]).contains(&"config".to_owned()));
}
