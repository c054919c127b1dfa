#!/usr/bin/env bash
# Benchmarks pbitoken against the local authority (loopback only):
#   warm   `pbitoken token` with a cached token, next to `cat` of a small file
#   cold   `pbitoken token --no-cache`, next to the same request made by
#          `curl -s ... | jq -r .access_token` (the floor a hand-written script gets)
#   peak RSS of a warm and a cold call, and the release binary's size.
# Needs hyperfine, curl, jq and GNU time (Debian: apt-get install hyperfine curl jq time).
# Usage: benches/run.sh [RESULTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-}"

for tool in hyperfine curl jq; do
  command -v "$tool" >/dev/null || { echo "benches/run.sh needs $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "benches/run.sh needs GNU time at /usr/bin/time" >&2; exit 2; }

cargo build --release --locked -p pbitoken -p pbitoken-authority >&2
bin="$PWD/target/release/pbitoken"

work="$(mktemp -d)"
authority_pid=""
cleanup() {
  [ -n "$authority_pid" ] && kill "$authority_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

./target/release/pbitoken-authority >"$work/authority.out" 2>&1 &
authority_pid=$!
for _ in $(seq 1 100); do
  grep -q '^authority: ' "$work/authority.out" 2>/dev/null && grep -q '^SP_SECRET=' "$work/authority.out" && break
  sleep 0.05
done
url="$(sed -n 's/^authority: //p' "$work/authority.out")"
tenant="$(sed -n 's/^TENANT_ID=//p' "$work/authority.out")"
client="$(sed -n 's/^SP_CLIENT_ID=//p' "$work/authority.out")"
secret="$(sed -n 's/^SP_SECRET=//p' "$work/authority.out")"
[ -n "$url" ] && [ -n "$secret" ] || { echo "the local authority did not start" >&2; cat "$work/authority.out" >&2; exit 1; }

cat >"$work/config.toml" <<TOML
default_profile = "bench"
[profiles.bench]
tenant = "$tenant"
client_id = "$client"
client_secret_env = "PBI_BENCH_SECRET"
authority_host = "$url"
TOML
export PBITOKEN_CONFIG="$work/config.toml" PBITOKEN_CACHE_DIR="$work/cache" PBI_BENCH_SECRET="$secret"
printf 'a small file, about the size of a cache entry\n%.0s' $(seq 1 30) >"$work/small.txt"

"$bin" token >/dev/null # fill the cache

# curl's form encoding of the same request pbitoken sends.
cat >"$work/curl.sh" <<SH
curl -s -X POST "$url/$tenant/oauth2/v2.0/token" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode client_id=$client \
  --data-urlencode "client_secret=\$PBI_BENCH_SECRET" \
  --data-urlencode scope=https://analysis.windows.net/powerbi/api/.default | jq -r .access_token
SH

# One line of medians per hyperfine run (its markdown table shows means).
medians() {
  echo
  jq -r '"Medians: " + ([.results[] | "\(.command) \((.median * 10000 | round) / 10) ms"] | join(", "))' "$1"
  echo
}

md="$work/results.md"
echo "## Warm: cached token vs cat" >"$md"
hyperfine -N --warmup 50 --runs 500 --export-markdown "$work/warm.md" --export-json "$work/warm.json" \
  -n "pbitoken token (cached)" "$bin token" -n "cat small file" "cat $work/small.txt" >&2
cat "$work/warm.md" >>"$md"
medians "$work/warm.json" >>"$md"

echo "## Cold: a request to the local authority vs curl | jq" >>"$md"
hyperfine --warmup 5 --runs 100 --export-markdown "$work/cold.md" --export-json "$work/cold.json" \
  -n "pbitoken token --no-cache" "$bin token --no-cache" -n "curl | jq" "sh $work/curl.sh" >&2
cat "$work/cold.md" >>"$md"
medians "$work/cold.json" >>"$md"

# Peak resident set size in KiB, as the kernel reports it at exit.
rss() {
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
warm_rss=$(rss "$bin" token)
cold_rss=$(rss "$bin" token --no-cache)
cat_rss=$(rss cat "$work/small.txt")
size=$(stat -c %s "$bin")
{
  echo "## Memory and size"
  echo
  echo "| what | value |"
  echo "|:---|---:|"
  echo "| peak RSS, warm call | $((warm_rss / 1024)).$(((warm_rss % 1024) * 10 / 1024)) MiB |"
  echo "| peak RSS, cold call | $((cold_rss / 1024)).$(((cold_rss % 1024) * 10 / 1024)) MiB |"
  echo "| peak RSS, cat | $((cat_rss / 1024)).$(((cat_rss % 1024) * 10 / 1024)) MiB |"
  echo "| release binary | $((size / 1024)) KiB |"
} >>"$md"

cat "$md"
[ -n "$out" ] && cp "$md" "$out"
exit 0
