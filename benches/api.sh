#!/usr/bin/env bash
# Benchmarks `pbitoken api groups` with a warm token cache next to curl
# sending the same token (read from a header file, as `curl -H @file` does,
# so no token is on a command line), both over HTTPS to the local authority
# with its own CA: once as a keep-alive server with Nagle on (how real
# servers answer; curl keeps the connection and waits out a delayed ACK),
# once answering each request on its own connection with TCP_NODELAY.
# Needs hyperfine, curl and jq (Debian: apt-get install hyperfine curl jq).
# Usage: benches/api.sh [RESULTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-}"
for tool in hyperfine curl jq; do
  command -v "$tool" >/dev/null || { echo "benches/api.sh needs $tool" >&2; exit 2; }
done

cargo build --release --locked -p pbitoken -p pbitoken-authority >&2
bin="$PWD/target/release/pbitoken"

work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

md="$work/results.md"
: >"$md"
run_one() { # NAME TITLE AUTHORITY-FLAGS...
  local name=$1 title=$2
  shift 2
  ./target/release/pbitoken-authority --tls "$@" >"$work/authority.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    grep -q '^SP_SECRET=' "$work/authority.out" 2>/dev/null && break
    sleep 0.05
  done
  field() { sed -n "s/^$1: //p; s/^$1=//p" "$work/authority.out"; }
  url="$(field authority)"
  ca="$(field ca_file)"
  cp "$ca" "$work/ca.pem"
  ca="$work/ca.pem"

  printf '[profiles.bench]\ntenant = "%s"\nclient_id = "%s"\nclient_secret_env = "PBI_BENCH_SECRET"\nauthority_host = "%s"\napi_base = "%s"\n' \
    "$(field TENANT_ID)" "$(field SP_CLIENT_ID)" "$url" "$url" >"$work/config.toml"
  export PBITOKEN_CONFIG="$work/config.toml" PBITOKEN_CACHE_DIR="$work/cache" PBI_BENCH_SECRET="$(field SP_SECRET)"

  # Warm the cache; curl gets the same token, in a header file.
  "$bin" token -p bench -o header --ca-file "$ca" >"$work/auth-header"
  "$bin" api -p bench --ca-file "$ca" groups | jq -e '.value | length' >/dev/null
  curl -s --cacert "$ca" -H @"$work/auth-header" "$url/v1.0/myorg/groups" | jq -e '.value | length' >/dev/null

  echo "## $title" >>"$md"
  hyperfine -N --warmup 10 --runs 300 --export-markdown "$work/$name.md" --export-json "$work/$name.json" \
    -n "pbitoken api groups (warm cache)" "$bin api -p bench --ca-file $ca groups" \
    -n "curl -s -H @header URL" "curl -s --cacert $ca -H @$work/auth-header $url/v1.0/myorg/groups" >&2
  cat "$work/$name.md" >>"$md"
  echo >>"$md"
  jq -r '"Medians: " + ([.results[] | "\(.command) \((.median * 10000 | round) / 10) ms"] | join(", "))' "$work/$name.json" >>"$md"
  echo >>"$md"
  kill "$pid"
  pid=""
  rm -rf "$work/cache"
}
run_one keepalive "api over HTTPS, keep-alive authority (Nagle on): warm pbitoken api groups vs curl" --keep-alive
run_one close "api over HTTPS, one request a connection (TCP_NODELAY): warm pbitoken api groups vs curl"
if [ -n "$out" ]; then cp "$md" "$out"; else cat "$md"; fi
