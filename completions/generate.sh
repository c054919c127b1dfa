#!/usr/bin/env bash
# Rewrites the completion scripts in this folder from the command line as
# it is now. Run it after changing src/cli.rs; `cargo test` fails while
# they are stale (tests/completions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin pbitoken
for pair in bash:pbitoken.bash zsh:_pbitoken fish:pbitoken.fish powershell:_pbitoken.ps1 elvish:pbitoken.elv; do
  cargo run --quiet --bin pbitoken -- completions "${pair%%:*}" > "completions/${pair#*:}"
done
