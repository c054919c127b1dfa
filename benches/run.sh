#!/usr/bin/env bash
# Benchmarks pbitoken against the local authority (loopback only):
#   warm    `pbitoken token` with a cached token, next to `cat` of a small file
#   cold    `pbitoken token --no-cache` over plain http, next to the same
#           request made by `curl -s ... | jq -r .access_token`
#   https   the same cold call over HTTPS (the realistic case: a keep-alive
#           authority with Nagle on, its own CA), next to the floor client
#           (benches/floor_client.rs: rustls, only the CA file, one POST) and
#           curl | jq
#   burst   32 concurrent cold calls over HTTPS for one profile and for 8
#           profiles, next to one cold call, and how many token requests the
#           authority saw
#   peak RSS of warm and cold calls, and the release binary's size.
# Needs hyperfine, curl, jq and GNU time (Debian: apt-get install hyperfine
# curl jq time; the script installs hyperfine itself when it can).
# Usage: benches/run.sh [RESULTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-}"

if ! command -v hyperfine >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y hyperfine >&2 || { apt-get update >&2 && apt-get install -y hyperfine >&2; }
fi
for tool in hyperfine curl jq; do
  command -v "$tool" >/dev/null || { echo "benches/run.sh needs $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "benches/run.sh needs GNU time at /usr/bin/time" >&2; exit 2; }

cargo build --release --locked -p pbitoken -p pbitoken-authority >&2
cargo build --release --locked --example floor-client >&2
bin="$PWD/target/release/pbitoken"
floor="$PWD/target/release/examples/floor-client"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME [FLAGS]: an authority whose output is in $work/NAME.out and
# whose token request count is in $work/NAME.count.
start() {
  local name=$1
  shift
  ./target/release/pbitoken-authority --count-file "$work/$name.count" "$@" >"$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q '^SP_SECRET=' "$work/$name.out" 2>/dev/null && break
    sleep 0.05
  done
  grep -q '^SP_SECRET=' "$work/$name.out" || { echo "the local authority did not start" >&2; cat "$work/$name.out" >&2; exit 1; }
}
field() { sed -n "s/^$2: //p; s/^$2=//p" "$work/$1.out"; }

start http
start https --tls --keep-alive
url="$(field http authority)"
tls_url="$(field https authority)"
ca="$(field https ca_file)"
cp "$ca" "$work/ca.pem"
rm -f "$ca"
ca="$work/ca.pem"
tenant="$(field http TENANT_ID)"
domain="$(field http TENANT_DOMAIN)"
client="$(field http SP_CLIENT_ID)"
secret="$(field http SP_SECRET)"
tls_port="${tls_url##*:}"

profile() { # NAME HOST TENANT ENDPOINT
  printf '[profiles.%s]\ntenant = "%s"\nclient_id = "%s"\nclient_secret_env = "PBI_BENCH_SECRET"\nauthority_host = "%s"\nendpoint = "%s"\n' \
    "$1" "$3" "$client" "$2" "$4"
}
{
  echo 'default_profile = "bench"'
  profile bench "$url" "$tenant" v2
  profile tls "$tls_url" "$tenant" v2
  # Eight profiles with eight different cache keys on the https authority.
  n=0
  for host in "https://localhost:$tls_port" "https://127.0.0.1:$tls_port"; do
    for t in "$tenant" "$domain"; do
      for endpoint in v1 v2; do
        profile "p$n" "$host" "$t" "$endpoint"
        n=$((n + 1))
      done
    done
  done
} >"$work/config.toml"
export PBITOKEN_CONFIG="$work/config.toml" PBITOKEN_CACHE_DIR="$work/cache" PBI_BENCH_SECRET="$secret"
printf 'a small file, about the size of a cache entry\n%.0s' $(seq 1 30) >"$work/small.txt"

"$bin" token >/dev/null # fill the cache
"$bin" token -p tls --ca-file "$ca" >/dev/null
for n in 0 1 2 3 4 5 6 7; do "$bin" token --no-cache -p "p$n" --ca-file "$ca" >/dev/null; done

form="grant_type=client_credentials&client_id=$client&client_secret=$(jq -rn --arg s "$secret" '$s|@uri')&scope=$(jq -rn '"https://analysis.windows.net/powerbi/api/.default"|@uri')"
# curl's form encoding of the same request pbitoken sends.
curl_script() { # URL [CURL FLAGS]
  cat <<SH
curl -s ${2:-} -X POST "$1/$tenant/oauth2/v2.0/token" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode client_id=$client \
  --data-urlencode "client_secret=\$PBI_BENCH_SECRET" \
  --data-urlencode scope=https://analysis.windows.net/powerbi/api/.default | jq -r .access_token
SH
}
curl_script "$url" >"$work/curl.sh"
curl_script "$tls_url" "--cacert $ca" >"$work/curl-tls.sh"
"$floor" "$ca" localhost "$tls_port" "/$tenant/oauth2/v2.0/token" "$form" | jq -e .access_token >/dev/null

# 32 concurrent `pbitoken token` calls over https, spread over N profiles.
for n in 1 8; do
  {
    echo "for i in \$(seq 0 31); do"
    echo "  \"$bin\" token -p p\$((i % $n)) --ca-file \"$ca\" >/dev/null &"
    echo "done"
    echo "wait"
  } >"$work/burst$n.sh"
done

# One line of medians per hyperfine run (its markdown table shows means).
medians() {
  echo
  jq -r '"Medians: " + ([.results[] | "\(.command) \((.median * 10000 | round) / 10) ms"] | join(", "))' "$1"
  echo
}
bench() { # NAME TITLE HYPERFINE-ARGS...
  local name=$1 title=$2
  shift 2
  echo "## $title" >>"$md"
  # -N: no shell around the commands (curl | jq and the bursts run their own sh).
  hyperfine -N --export-markdown "$work/$name.md" --export-json "$work/$name.json" "$@" >&2
  cat "$work/$name.md" >>"$md"
  medians "$work/$name.json" >>"$md"
}
count() { cat "$work/$1.count"; }

# Token requests the authority saw for one run of each, cache emptied first.
per_run() { # SCRIPT
  local b
  rm -rf "$work/cache"
  b=$(count https)
  sh "$1"
  sleep 0.2
  echo $(($(count https) - b))
}
per_command_requests() {
  echo "$bin token -p p0 --ca-file $ca >/dev/null" >"$work/single.sh"
  {
    echo
    echo "| command | token requests the authority saw, 3 runs |"
    echo "|:---|---:|"
    echo "| one cold call | $(per_run "$work/single.sh") $(per_run "$work/single.sh") $(per_run "$work/single.sh") |"
    echo "| 32 calls, one profile | $(per_run "$work/burst1.sh") $(per_run "$work/burst1.sh") $(per_run "$work/burst1.sh") |"
    echo "| 32 calls, 8 profiles | $(per_run "$work/burst8.sh") $(per_run "$work/burst8.sh") $(per_run "$work/burst8.sh") |"
    echo
  } >>"$md"
}

md="$work/results.md"
: >"$md"
bench warm "Warm: cached token vs cat" --warmup 50 --runs 500 \
  -n "pbitoken token (cached)" "$bin token" -n "cat small file" "cat $work/small.txt"
bench cold "Cold over http: a request to the local authority vs curl | jq" --warmup 5 --runs 100 \
  -n "pbitoken token --no-cache" "$bin token --no-cache" -n "curl | jq" "sh $work/curl.sh"
bench https "Cold over HTTPS (keep-alive authority): pbitoken vs the floor client vs curl | jq" --warmup 5 --runs 100 \
  -n "pbitoken token --no-cache (https)" "$bin token --no-cache -p tls --ca-file $ca" \
  -n "floor client (rustls, CA file only)" "$floor $ca localhost $tls_port /$tenant/oauth2/v2.0/token $form" \
  -n "curl | jq (https)" "sh $work/curl-tls.sh"

runs=20
bench burst "32 concurrent cold calls over HTTPS (cache emptied before each run)" --warmup 1 --runs $runs \
  --prepare "rm -rf $work/cache" \
  -n "one cold call" "$bin token -p p0 --ca-file $ca" \
  -n "32 calls, one profile" "sh $work/burst1.sh" \
  -n "32 calls, 8 profiles" "sh $work/burst8.sh"
per_command_requests
# The floor of a burst: 32 processes that all find a cached token.
for n in 0 1 2 3 4 5 6 7; do "$bin" token -p "p$n" --ca-file "$ca" >/dev/null; done
bench burst-warm "32 concurrent warm calls (the cost of 32 processes)" --warmup 2 --runs $runs \
  -n "32 calls, one profile, cache warm" "sh $work/burst1.sh"
# Peak resident set size in KiB, as the kernel reports it at exit.
rss() {
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
mib() { echo "$(($1 / 1024)).$((($1 % 1024) * 10 / 1024)) MiB"; }
"$bin" token >/dev/null
warm_rss=$(rss "$bin" token)
cold_rss=$(rss "$bin" token --no-cache)
tls_rss=$(rss "$bin" token --no-cache -p tls --ca-file "$ca")
cat_rss=$(rss cat "$work/small.txt")
floor_rss=$(rss "$floor" "$ca" localhost "$tls_port" "/$tenant/oauth2/v2.0/token" "$form")
size=$(stat -c %s "$bin")
{
  echo "## Memory and size"
  echo
  echo "| what | value |"
  echo "|:---|---:|"
  echo "| peak RSS, warm call | $(mib "$warm_rss") |"
  echo "| peak RSS, cold call (http) | $(mib "$cold_rss") |"
  echo "| peak RSS, cold call (https) | $(mib "$tls_rss") |"
  echo "| peak RSS, floor client (https) | $(mib "$floor_rss") |"
  echo "| peak RSS, cat | $(mib "$cat_rss") |"
  echo "| release binary | $((size / 1024)) KiB |"
} >>"$md"

cat "$md"
[ -n "$out" ] && cp "$md" "$out"
exit 0
