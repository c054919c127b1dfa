//! `pbitoken completions SHELL`: clap_complete's script for the shell, plus,
//! for bash, zsh and fish, a few lines that complete profile names from the
//! config file at completion time (`pbitoken config list --names`).
//!
//! The committed scripts in `completions/` are this output; a test fails
//! when they are stale (`completions/generate.sh` rewrites them).

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The command that prints the profile names, one a line.
const NAMES: &str = "pbitoken config list --names 2>/dev/null";

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pbitoken", &mut out);
    let generated = String::from_utf8(out).expect("clap_complete writes UTF-8");
    match shell {
        Shell::Bash => format!("{generated}{BASH}"),
        Shell::Zsh => zsh(&generated),
        Shell::Fish => format!("{generated}{FISH}"),
        _ => generated,
    }
}

/// Wraps clap's `_pbitoken` so that `-p`/`--profile` and the NAME of
/// `config show|set|unset|remove|use` complete profile names.
const BASH: &str = r#"
# Profile names, read from the config file when completing.
_pbitoken_profiles() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" before=""
    if [[ ${COMP_CWORD} -ge 2 ]]; then
        before="${COMP_WORDS[COMP_CWORD-2]}"
    fi
    case "${before}:${prev}" in
        *:-p | *:--profile | config:show | config:set | config:unset | config:remove | config:use)
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(pbitoken config list --names 2>/dev/null)" -- "${cur}") )
            return 0
            ;;
    esac
    _pbitoken "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _pbitoken_profiles -o nosort -o bashdefault -o default pbitoken
else
    complete -F _pbitoken_profiles -o bashdefault -o default pbitoken
fi
"#;

/// Fish merges completions for the same option, so adding candidates is enough.
const FISH: &str = r#"
# Profile names, read from the config file when completing.
complete -c pbitoken -s p -l profile -x -a '(pbitoken config list --names 2>/dev/null)'
complete -c pbitoken -n "__fish_seen_subcommand_from config; and __fish_seen_subcommand_from show set unset remove use; and test (count (commandline -opc)) -le 3" -f -a '(pbitoken config list --names 2>/dev/null)'
"#;

/// zsh's generated script names an action per argument: point the ones
/// whose value is a profile NAME at a function that lists the profiles.
fn zsh(generated: &str) -> String {
    let hooked: String = generated
        .split_inclusive('\n')
        .map(|line| {
            let takes_profile =
                line.contains(":NAME:_default") || line.contains(":name -- The profile");
            match line.rfind(":_default'") {
                Some(at) if takes_profile => {
                    format!("{}:_pbitoken_profiles'{}", &line[..at], &line[at + 10..])
                }
                _ => line.to_owned(),
            }
        })
        .collect();
    let function = format!(
        r#"
# Profile names, read from the config file when completing.
(( $+functions[_pbitoken_profiles] )) ||
_pbitoken_profiles() {{
    local -a names
    names=(${{(f)"$({NAMES})"}})
    _describe -t profiles 'profile' names
}}
"#
    );
    // The function must exist before `compdef`/the first call at the end.
    match hooked.rfind("\nif [ \"$funcstack[1]\" = \"_pbitoken\" ]") {
        Some(at) => format!("{}{function}{}", &hooked[..at], &hooked[at..]),
        None => format!("{hooked}{function}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_has_a_script() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            assert!(script(shell).contains("pbitoken"), "{shell}");
        }
    }

    #[test]
    fn profile_names_are_hooked_in() {
        let zsh = script(Shell::Zsh);
        assert!(
            zsh.contains(":NAME:_pbitoken_profiles"),
            "no hooked argument"
        );
        for line in zsh.lines() {
            if line.contains(":NAME:") || line.contains(":name -- The profile") {
                assert!(line.contains(":_pbitoken_profiles'"), "not hooked: {line}");
            }
        }
        assert!(zsh.contains(":name -- The profile:_pbitoken_profiles'"));
        assert!(zsh.contains("_pbitoken_profiles() {"));
        assert!(script(Shell::Bash).contains("complete -F _pbitoken_profiles"));
        assert!(script(Shell::Fish).contains("config list --names"));
    }
}
