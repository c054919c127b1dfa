#!/usr/bin/env bash
# Benchmarks `pbitoken serve` answering cached `/embed` requests (issue 14),
# everything on 127.0.0.1:
#   throughput  requests per second and p99 latency with 64 concurrent
#               keep-alive clients (wrk), next to nginx serving a static
#               JSON file of the same bytes with the same headers, with one
#               worker (serve runs on one thread) and with one per core;
#               the servers take turns, ROUNDS rounds of DURATION each
#   upstream    how many token requests (the authority's --count-file) and
#               GenerateToken calls (a counting pass-through in front of the
#               Power BI API) the whole run made
#   memory      serve's resident set (VmRSS) after 1,000 and after 100,000
#               requests, and after the throughput rounds
#   warm token  `pbitoken token` with a cached token next to `cat` of a
#               small file (hyperfine, 500 runs, as benches/run.sh), and
#               the release binary's size
# Needs wrk, nginx, hyperfine, curl, jq and python3 (Debian: apt-get install
# wrk nginx hyperfine curl jq python3). nginx runs from a temporary folder
# with its own minimal config, not as a system service.
# Usage: benches/serve.sh [RESULTS.md]   (env: DURATION=10s ROUNDS=3, and
# BASELINE=PATH[:PATH...] to time older pbitoken binaries' warm `token` in
# the same run, e.g. ones built from the commits before and with serve)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
for tool in wrk nginx hyperfine curl jq python3; do
  command -v "$tool" >/dev/null || { echo "benches/serve.sh needs $tool" >&2; exit 2; }
done

cargo build --release --locked -p pbitoken -p pbitoken-authority >&2
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/pbitoken"
authority_bin="${CARGO_TARGET_DIR:-$PWD/target}/release/pbitoken-authority"

work="$(mktemp -d)"
# nginx's workers may run as another user: their files live apart from
# the token cache, in a folder anyone may read.
www="$(mktemp -d)"
chmod 755 "$www"
pids=()
baselines=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work" "$www"
}
trap cleanup EXIT

wait_for() { # FILE PATTERN WHAT
  for _ in $(seq 1 200); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "$3 did not start" >&2
  cat "$1" >&2
  exit 1
}

# The local authority, counting token requests.
"$authority_bin" --count-file "$work/token.count" >"$work/authority.out" 2>&1 &
pids+=($!)
wait_for "$work/authority.out" '^SP_SECRET=' "the local authority"
field() { sed -n "s/^$1: //p; s/^$1=//p" "$work/authority.out"; }
authority="$(field authority)"
authority_port="${authority##*:}"

# A pass-through in front of the authority for the Power BI API that counts
# GenerateToken calls (the authority's own count is of token requests).
cat >"$work/count_proxy.py" <<'PY'
import os, socket, sys, threading
port, count_path = int(sys.argv[1]), sys.argv[2]
needle = b"POST /v1.0/myorg/GenerateToken "
lock = threading.Lock()
count = 0
def save():
    with open(count_path + ".tmp", "w") as f:
        f.write("%d\n" % count)
    os.replace(count_path + ".tmp", count_path)
def pipe(src, dst, counting):
    global count
    tail = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if counting:
                seen = tail + data
                n = seen.count(needle)
                if n:
                    with lock:
                        count += n
                        save()
                tail = seen[-(len(needle) - 1):]
            dst.sendall(data)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
def serve(client):
    upstream = socket.create_connection(("127.0.0.1", port))
    threading.Thread(target=pipe, args=(upstream, client, False), daemon=True).start()
    pipe(client, upstream, True)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(64)
save()
print("proxy: http://127.0.0.1:%d" % listener.getsockname()[1], flush=True)
while True:
    c, _ = listener.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$work/count_proxy.py" "$authority_port" "$work/generate.count" >"$work/proxy.out" 2>&1 &
pids+=($!)
wait_for "$work/proxy.out" '^proxy: ' "the counting pass-through"
api="$(sed -n 's/^proxy: //p' "$work/proxy.out")"

printf '[profiles.bench]\ntenant = "%s"\nclient_id = "%s"\nclient_secret_env = "PBI_BENCH_SECRET"\nauthority_host = "%s"\napi_base = "%s"\n' \
  "$(field TENANT_ID)" "$(field SP_CLIENT_ID)" "$authority" "$api" >"$work/config.toml"
export PBITOKEN_CONFIG="$work/config.toml" PBITOKEN_CACHE_DIR="$work/cache" PBI_BENCH_SECRET="$(field SP_SECRET)"

# The embed fixtures (authority/src/embed_fixtures.rs).
workspace=9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c01
report=9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d01
origin=http://127.0.0.1:3000

"$bin" serve -p bench --listen 127.0.0.1:0 --workspace "$workspace" --report "$report" \
  --allow-origin "$origin" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
pids+=($serve_pid)
wait_for "$work/serve.out" '^listening on ' "pbitoken serve"
serve_url="$(sed -n 's/^listening on //p' "$work/serve.out")"
rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$serve_pid/status"; }

# The first request fetches the token (cold); its body is nginx's file.
curl -sf -H "Origin: $origin" "$serve_url/embed?report=$report" -o "$www/embed.json"
jq -e '.config.accessToken' "$www/embed.json" >/dev/null
first_token="$(jq -r .config.accessToken "$www/embed.json")"
expires_on="$(jq -r .expires_on "$www/embed.json")"
size=$(stat -c %s "$www/embed.json")
curl -sf -D "$work/serve.head" -o /dev/null -H "Origin: $origin" "$serve_url/embed?report=$report"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
nginx_start() { # NAME WORKERS: nginx on a free loopback port, its URL in $nginx_url
  local dir="$work/$1" port
  port=$(free_port)
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes $2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:$port;
    root $www;
    location = /embed {
      default_type application/json;
      add_header Cache-Control no-store;
      add_header Access-Control-Allow-Origin $origin;
      add_header Vary Origin;
      try_files /embed.json =404;
    }
  }
}
CONF
  nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" &
  pids+=($!)
  nginx_url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$nginx_url/embed" && break
    sleep 0.05
  done
  cmp -s <(curl -sf -H "Origin: $origin" "$nginx_url/embed") "$www/embed.json" ||
    { echo "nginx ($1) does not serve the file" >&2; cat "$dir/error.log" >&2; exit 1; }
}
nginx_start nginx1 1
nginx1_url="$nginx_url"
nginx_start nginx2 auto
nginx2_url="$nginx_url"

# wrk prints one machine-readable line at the end: requests, seconds,
# requests/s, p50 and p99 in ms, errors (connect, read, write, status >399,
# timeout). limit.lua: the thread stops after $LIMIT responses and says so
# in $DONE_FILE; wrk itself waits out its duration unless interrupted.
cat >"$work/report.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.2f %.0f %.3f %.3f %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
{
  cat "$work/report.lua"
  cat <<'LUA'
local limit, seen = tonumber(os.getenv("LIMIT")), 0
function response(status, headers, body)
  seen = seen + 1
  if seen == limit then
    io.open(os.getenv("DONE_FILE"), "w"):close()
    wrk.thread:stop()
  end
end
LUA
} >"$work/limit.lua"
load() { # URL DURATION [wrk args]: the RESULT line's fields
  local url=$1 d=$2
  shift 2
  wrk -t2 -c64 -d"$d" --latency -H "Origin: $origin" "$@" "$url" >"$work/wrk.out" 2>&1
  sed -n 's/^RESULT //p' "$work/wrk.out"
  grep -q '^RESULT ' "$work/wrk.out" || { cat "$work/wrk.out" >&2; exit 1; }
}
embed="$serve_url/embed?report=$report"
limited() { # N [wrk args]: N requests to /embed, one wrk thread, 64 connections
  local n=$1
  shift
  rm -f "$work/limit.done"
  DONE_FILE="$work/limit.done" LIMIT=$n wrk -t1 -c64 -d300s -H "Origin: $origin" "$@" -s "$work/limit.lua" "$embed" >"$work/wrk.out" 2>&1 &
  local w=$!
  while [ ! -e "$work/limit.done" ] && kill -0 "$w" 2>/dev/null; do sleep 0.1; done
  kill -INT "$w" 2>/dev/null || true
  wait "$w" || true
  sed -n 's/^RESULT //p' "$work/wrk.out"
  grep -q '^RESULT ' "$work/wrk.out" || { cat "$work/wrk.out" >&2; exit 1; }
}

# Memory: 1,000 requests (the two above, then 998 from 64 keep-alive
# clients), then 100,000; wrk counts the answers that came in while its
# thread stopped, and up to 63 more were in flight and answered too.
r=$(limited 998)
set -- $r
served=$((2 + $1))
[ "$6" = 0 ] || { echo "errors during the memory run: $r" >&2; exit 1; }
rss_1k=$(rss)
served_1k=$served
r=$(limited $((100000 - served)))
set -- $r
served=$((served + $1))
[ "$served" -ge 100000 ] && [ "$6" = 0 ] || { echo "the memory run fell short: $r" >&2; exit 1; }
rss_100k=$(rss)
served_100k=$served

# Throughput: the servers take turns.
: >"$work/rounds.txt"
for round in $(seq 1 "$rounds"); do
  for s in serve nginx1 nginx2; do
    case $s in
      serve) url="$embed" ;;
      nginx1) url="$nginx1_url/embed" ;;
      nginx2) url="$nginx2_url/embed" ;;
    esac
    r=$(load "$url" "$duration" -s "$work/report.lua")
    echo "$s $r" >>"$work/rounds.txt"
  done
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/rounds.txt"
done
served=$((served + $(awk '$1 == "serve" { n += $2 } END { print n }' "$work/rounds.txt")))
rss_end=$(rss)
served_end=$served
# And 20,000 more, each on a new connection.
r=$(limited 20000 -H "Connection: close")
set -- $r
[ "$6" = 0 ] || { echo "errors on new connections: $r" >&2; exit 1; }
served=$((served + $1))
rss_close=$(rss)
last_token="$(curl -sf -H "Origin: $origin" "$serve_url/embed?report=$report" | jq -r .config.accessToken)"
sleep 0.1
token_requests=$(cat "$work/token.count")
generate_calls=$(cat "$work/generate.count")
same_token=no
[ "$first_token" = "$last_token" ] && same_token=yes

# The warm token path, as benches/run.sh measures it.
"$bin" token -p bench >/dev/null
printf 'a small file, about the size of a cache entry\n%.0s' $(seq 1 30) >"$work/small.txt"
before_warm=$(cat "$work/token.count")
warm=(-n "pbitoken token (cached)" "$bin token -p bench")
if [ -n "${BASELINE:-}" ]; then
  # Two passes, in opposite orders, so that no binary gets the quieter part.
  base=()
  IFS=: read -ra baselines <<<"$BASELINE"
  for old in "${baselines[@]}"; do
    "$old" token -p bench >/dev/null
    base+=(-n "$(basename "$old") token (cached)" "$old token -p bench")
  done
  hyperfine -N --warmup 50 --runs 250 --export-markdown "$work/warm.md" --export-json "$work/warm.json" \
    "${warm[@]}" "${base[@]}" -n "cat small file" "cat $work/small.txt" >&2
  reversed=()
  for ((i = ${#base[@]} - 3; i >= 0; i -= 3)); do reversed+=("${base[@]:i:3}"); done
  hyperfine -N --warmup 50 --runs 250 --export-markdown "$work/warm2.md" --export-json "$work/warm2.json" \
    "${reversed[@]}" "${warm[@]}" >&2
else
  hyperfine -N --warmup 50 --runs 500 --export-markdown "$work/warm.md" --export-json "$work/warm.json" \
    "${warm[@]}" -n "cat small file" "cat $work/small.txt" >&2
fi
sleep 0.1
[ "$(cat "$work/token.count")" = "$before_warm" ] || { echo "a warm run asked for a token" >&2; exit 1; }
binary=$(stat -c %s "$bin")

median() { # SERVER FIELD
  awk -v s="$1" -v f="$2" '$1 == s { print $(f + 1) }' "$work/rounds.txt" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mib() { echo "$(($1 / 1024)).$((($1 % 1024) * 10 / 1024)) MiB"; }
md="$work/results.md"
{
  echo "### serve /embed (cached) vs nginx, 64 connections, wrk -t2 -c64 -d$duration, $rounds rounds"
  echo
  echo "| server | requests/s per round | median requests/s | p99 per round [ms] | median p99 [ms] | median p50 [ms] | errors |"
  echo "|:---|---:|---:|---:|---:|---:|---:|"
  for s in serve nginx1 nginx2; do
    case $s in
      serve) name='`pbitoken serve` /embed' ;;
      nginx1) name='nginx, 1 worker, static file' ;;
      nginx2) name='nginx, 1 worker a core, static file' ;;
    esac
    rps=$(awk -v s=$s '$1 == s { printf "%s%s", sep, $4; sep = ", " }' "$work/rounds.txt")
    p99=$(awk -v s=$s '$1 == s { printf "%s%s", sep, $6; sep = ", " }' "$work/rounds.txt")
    errors=$(awk -v s=$s '$1 == s { n += $7 } END { print n }' "$work/rounds.txt")
    echo "| $name | $rps | $(median $s 3) | $p99 | $(median $s 5) | $(median $s 4) | $errors |"
  done
  echo
  echo "Load average after each round: $(sed -n 's/^load //p' "$work/rounds.txt" | paste -sd ';' | sed 's/;/; /g')."
  echo "Body $size bytes; serve's answer head:"
  echo
  echo '```'
  tr -d '\r' <"$work/serve.head" | sed '/^$/d'
  echo '```'
  echo
  echo "| upstream and memory | value |"
  echo "|:---|---:|"
  echo "| requests serve answered | $served |"
  echo "| token requests the authority saw (--count-file) | $token_requests |"
  echo "| GenerateToken calls (counting pass-through) | $generate_calls |"
  echo "| same embed token first and last (expires_on $expires_on, $(( expires_on - $(date +%s) )) s left) | $same_token |"
  echo "| serve VmRSS after $served_1k requests | $rss_1k KiB |"
  echo "| serve VmRSS after $served_100k requests | $rss_100k KiB ($((rss_100k - rss_1k)) KiB more) |"
  echo "| serve VmRSS after $served_end requests (the throughput rounds) | $rss_end KiB ($((rss_end - rss_1k)) KiB more) |"
  echo "| serve VmRSS after $served requests (20,000 more, a connection each) | $rss_close KiB ($((rss_close - rss_1k)) KiB more) |"
  echo
  echo "### Warm: cached token vs cat (with serve in the binary)"
  cat "$work/warm.md"
  echo
  jq -r '"Medians: " + ([.results[] | "\(.command) \((.median * 100000 | round) / 100) ms"] | join(", "))' "$work/warm.json"
  echo
  if [ -f "$work/warm2.json" ]; then
    echo "The same, baselines first, in reverse order:"
    echo
    cat "$work/warm2.md"
    echo
    jq -r '"Medians: " + ([.results[] | "\(.command) \((.median * 100000 | round) / 100) ms"] | join(", "))' "$work/warm2.json"
    echo
  fi
  echo "Release binary: $binary bytes ($(mib $((binary / 1024))))."
  for old in "${baselines[@]}"; do
    echo "$(basename "$old"): $(stat -c %s "$old") bytes ($(mib $(($(stat -c %s "$old") / 1024))))."
  done
} >"$md"
cat "$md"
if [ -n "$out" ]; then cp "$md" "$out"; fi
exit 0
