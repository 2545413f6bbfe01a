#!/usr/bin/env bash
# Runs the black-box API tests (crate crego-api-tests) against a fresh `wrangler dev`:
# builds the worker, applies the D1 migrations into a new state directory, starts wrangler on a free
# loopback port, waits for /health, runs `cargo test -p crego-api-tests "$@"` with CREGO_API_URL set,
# and always stops wrangler (its whole process group) and removes the state directory.
#
#   scripts/run-api-tests.sh                     # every test
#   scripts/run-api-tests.sh auth::              # a filter, passed to cargo test
#   scripts/run-api-tests.sh -- --test-threads 4 # arguments for the test binary
#
# HEALTH_TIMEOUT (seconds, default 120) bounds the wait for the server. Fully offline (TOOLCHAIN.md).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
wrangler="$root/node_modules/.bin/wrangler"
health_timeout="${HEALTH_TIMEOUT:-120}"

export CI=true WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
  CLOUDFLARE_CF_FETCH_ENABLED=false

say() { echo "run-api-tests: $*" >&2; }

if [ ! -x "$wrangler" ]; then
  say "wrangler is not installed: run \`npm ci\` first"
  exit 1
fi

state=$(mktemp -d "${TMPDIR:-/tmp}/crego-api-state.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/crego-wrangler.XXXXXX.log")
wrangler_pid=""
keep_log=false

stop_wrangler() {
  [ -n "$wrangler_pid" ] || return 0
  # wrangler was started with setsid, so its pid is its process group: this stops workerd too.
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
  rm -rf "$state"
  if $keep_log; then say "wrangler log kept at $log"; else rm -f "$log"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  keep_log=true
  say "last lines of the wrangler log ($log):"
  tail -n "${1:-80}" "$log" >&2
}

# Build first, outside the readiness timer (wrangler's [build] step then finds it up to date), and
# compile the tests so the server does not sit idle while they build.
say "building the worker..."
bash scripts/build-worker.sh >&2 || { say "the worker build failed"; exit 1; }
say "compiling the tests..."
cargo test -p crego-api-tests --no-run "$@" >&2 || { say "the tests do not compile"; exit 1; }

say "applying migrations into $state..."
if ! "$wrangler" d1 migrations apply DB --local --persist-to "$state" >>"$log" 2>&1 </dev/null; then
  say "applying the migrations failed"
  show_log 40
  exit 1
fi

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base_url="http://127.0.0.1:$port"
say "starting wrangler dev on $base_url..."
setsid "$wrangler" dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
  --show-interactive-dev-session=false --inspector-port 0 >>"$log" 2>&1 </dev/null &
wrangler_pid=$!

started=$SECONDS
until curl -fsS --max-time 2 "$base_url/health" >/dev/null 2>&1; do
  if ! kill -0 "$wrangler_pid" 2>/dev/null; then
    say "wrangler dev exited before it was ready"
    wrangler_pid=""
    show_log
    exit 1
  fi
  waited=$((SECONDS - started))
  if [ "$waited" -ge "$health_timeout" ]; then
    say "no answer from $base_url/health after ${health_timeout}s"
    show_log
    exit 1
  fi
  if [ "$waited" -gt 0 ] && [ $((waited % 10)) -eq 0 ]; then say "waiting for /health (${waited}s)..."; fi
  sleep 1
done
say "ready after $((SECONDS - started))s; running the tests"

CREGO_API_URL="$base_url" cargo test -p crego-api-tests "$@"
status=$?
if [ "$status" -ne 0 ]; then
  say "tests failed (exit $status)"
  show_log
fi
exit "$status"
