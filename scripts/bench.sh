#!/usr/bin/env bash
# `make bench`: builds the release worker and the npm package, applies the D1 migrations into a fresh
# state directory, starts `wrangler dev` on a free loopback port, waits for /health, runs
# bench/run.mjs against it (seeding, every scenario for BENCH_SECONDS, sizes, validation under Node and
# in Chromium), prints the table (also kept in bench/out/last-run.txt), and always stops wrangler and
# removes the state directory.
# BENCH_* variables are passed through (see bench/run.mjs). Fully offline (TOOLCHAIN.md).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
wrangler="$root/node_modules/.bin/wrangler"
health_timeout="${HEALTH_TIMEOUT:-120}"

export CI=true WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
  CLOUDFLARE_CF_FETCH_ENABLED=false

say() { echo "bench: $*" >&2; }

state=$(mktemp -d "${TMPDIR:-/tmp}/crego-bench-state.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/crego-bench-wrangler.XXXXXX.log")
wrangler_pid=""

stop_wrangler() {
  [ -n "$wrangler_pid" ] || return 0
  # Started with setsid: its pid is its process group, so this stops workerd too.
  kill -TERM -- "-$wrangler_pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 -- "-$wrangler_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$wrangler_pid" 2>/dev/null
  wait "$wrangler_pid" 2>/dev/null
  wrangler_pid=""
}
cleanup() {
  stop_wrangler
  rm -rf "$state" "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -x "$wrangler" ] || { say "wrangler is not installed: run \`npm ci\` first"; exit 1; }
say "building the release worker..."
bash scripts/build-worker.sh >&2 || { say "the worker build failed"; exit 1; }
say "building the npm package..."
bash npm/build.sh >&2 || { say "the npm build failed"; exit 1; }
# The package is also measured in headless Chromium (bench/browser.mjs).
bash npm/scripts/ensure-chromium.sh >&2 || { say "Chromium is missing and could not be installed"; exit 1; }

say "applying migrations into $state..."
"$wrangler" d1 migrations apply DB --local --persist-to "$state" >>"$log" 2>&1 </dev/null \
  || { say "applying the migrations failed"; tail -n 40 "$log" >&2; exit 1; }

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base_url="http://127.0.0.1:$port"
say "starting wrangler dev on $base_url..."
setsid "$wrangler" dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
  --show-interactive-dev-session=false --inspector-port 0 >>"$log" 2>&1 </dev/null &
wrangler_pid=$!

started=$SECONDS
until curl -fsS --max-time 2 "$base_url/health" >/dev/null 2>&1; do
  if ! kill -0 "$wrangler_pid" 2>/dev/null || [ $((SECONDS - started)) -ge "$health_timeout" ]; then
    say "wrangler dev did not become ready"
    wrangler_pid=""
    tail -n 60 "$log" >&2
    exit 1
  fi
  sleep 1
done
say "ready after $((SECONDS - started))s"

mkdir -p bench/out
BENCH_URL="$base_url" node bench/run.mjs | tee bench/out/last-run.txt
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { say "the bench failed (exit $status)"; tail -n 40 "$log" >&2; }
exit "$status"
