#!/usr/bin/env bash
# Runs one fuzz target on the stable toolchain: fuzz/run.sh TARGET [SECONDS].
# New inputs go to fuzz/corpus/TARGET (not committed), the committed seeds in
# fuzz/seeds/TARGET are read, crashes land in fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-600}"
dict=()
if [ -f "fuzz/dicts/$target.dict" ]; then
  dict=("-dict=fuzz/dicts/$target.dict")
fi
mkdir -p "fuzz/corpus/$target"
# cargo-fuzz passes -Zsanitizer=address and other unstable flags to rustc;
# RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
# -a: debug assertions and overflow checks, as `cargo test` has them.
# One process on one core; -jobs=N would fork workers that log to
# fuzz-N.log in the current folder.
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -a -O "$target" \
  "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
  -max_total_time="$seconds" -print_final_stats=1 "${dict[@]}" \
  "${@:3}"
