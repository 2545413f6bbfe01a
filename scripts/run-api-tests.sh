#!/usr/bin/env bash
# Runs the black-box API tests (crate crego-api-tests) against `wrangler dev`, in phases:
#
#   main     a fresh state directory with the migrations applied, wrangler on a free loopback port,
#            `cargo test -p crego-api-tests "$@"` with CREGO_API_URL set.
#   scan     right after main, on its state: pii_scan:: reads every file under the state directory (D1
#            files and their -wal, KV, Durable Objects) and the wrangler log, and fails on any value
#            pii_plant wrote (Aadhaar, VID, PAN, mobile, e-mail, account numbers) found in clear, in any
#            spelling (CREGO_STATE_DIR, CREGO_WRANGLER_LOG).
#   load     on the same server: the tests named `concurrent` (hundreds of requests in flight), one at
#            a time, after the main phase has skipped them.
#   restart  on the same server: restart::phase_one_writes (CREGO_RESTART_PHASE=1) writes and records
#            what it expects; wrangler is stopped (its whole process group) and started again on the SAME
#            state directory; restart::phase_two_reads_back (CREGO_RESTART_PHASE=2) reads it all back.
#   schema   on the same server: schemathesis (the pinned one in .venv, `make pydeps`) against
#            GET /openapi.json, every operation, with a valid token, in a tenant that
#            tests/schemathesis/seed.py fills first; settings in tests/schemathesis/schemathesis.toml.
#            Its phases: examples, coverage, fuzzing, and stateful (following the document's links from
#            each create to the operations on what it created), fuzzing and stateful repeating until
#            FUZZ_SECONDS (default 300) are spent. A new seed each run, printed; SCHEMATHESIS_SEED
#            pins it to replay one. It fails on any 5xx, any answer the document does not describe, or
#            any schema-invalid request accepted, and unless every operation was tested.
#   faults   a second server on its own port and state directory, started with --var CREGO_FAULTS:on
#            and a rate limit (RATE_LIMIT_PER_MINUTE 60, RATE_LIMIT_BURST 30): the faults::,
#            storage_failures:: and rate_limit:: tests (CREGO_FAULT_API_URL, CREGO_FAULT_STATE_DIR,
#            CREGO_RATE_LIMIT_API_URL).
#   upgrade  a database migrated only to just before 0008, tests/upgrade/before_0008.sql planted in it
#            (rows as the worker wrote them then), then the remaining migrations applied and a server
#            started on it: the upgrade:: tests read those rows back through the API.
#   pii      the same with tests/upgrade/before_0009.sql (personal data in clear): pii_convert:: converts
#            it (POST /pii/convert/) and finds no clear value left; then the same state is served with a
#            new random encryption key in front of the dev key (--var PII_ENCRYPTION_KEYS, also given to
#            the test as CREGO_ROTATED_KEYS): the old key still opens, and a conversion re-seals it all.
#
# The main and faults phases also pass their state directory (CREGO_STATE_DIR, CREGO_FAULT_STATE_DIR),
# so that a test can read what was stored from the D1 file on disk.
#
# The restart, scan, faults, rate-limit, upgrade and pii tests are #[ignore]d (the main run reports them as ignored,
# never as passed); their phases run them with --ignored. Every phase fails unless at least its expected number of
# tests passed, so a renamed or filtered-out test cannot pass by running nothing.
#
#   scripts/run-api-tests.sh                     # every phase, every test (what `make test` runs)
#   scripts/run-api-tests.sh auth::              # a filter for the main phase (the others still run)
#   scripts/run-api-tests.sh -- --test-threads 4 # arguments for the test binary of the main phase
#   PHASES="faults" scripts/run-api-tests.sh     # only some phases (default: "main scan load schema restart faults upgrade pii")
#
# Time bounds: HEALTH_TIMEOUT (default 120 s) for each server to answer /health, TEST_TIMEOUT (default
# 1200 s) for each cargo test run. Always stops what it starts and removes its state. Fully offline.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
wrangler="$root/node_modules/.bin/wrangler"
health_timeout="${HEALTH_TIMEOUT:-120}"
test_timeout="${TEST_TIMEOUT:-1200}"
phases=" ${PHASES:-main scan load schema restart faults upgrade pii} "
venv="${SCHEMATHESIS_VENV:-$root/.venv}"
rate_burst=30
fuzz_seconds="${FUZZ_SECONDS:-300}"

export CI=true WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
  CLOUDFLARE_CF_FETCH_ENABLED=false

say() { echo "run-api-tests: $*" >&2; }
wants() { [[ "$phases" == *" $1 "* ]]; }

if [ ! -x "$wrangler" ]; then
  say "wrangler is not installed: run \`npm ci\` first"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/crego-api-tests.XXXXXX")
logs=$(mktemp -d "${TMPDIR:-/tmp}/crego-wrangler-logs.XXXXXX")
keep_logs=false
running=() # the pids (= process groups) of the wrangler servers still up

# Stops one server: wrangler was started with setsid, so its pid is its process group (workerd too).
stop_wrangler() {
  local pid=$1 rest=()
  kill -TERM -- "-$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  for p in "${running[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
  running=("${rest[@]}")
}

cleanup() {
  for pid in "${running[@]}"; do stop_wrangler "$pid"; done
  rm -rf "$work"
  if $keep_logs; then say "wrangler logs kept in $logs"; else rm -rf "$logs"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  keep_logs=true
  say "last lines of $1:"
  tail -n "${2:-80}" "$1" >&2
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# migrate STATE_DIR LOG: applies the D1 migrations into a new state directory.
migrate() {
  say "applying migrations into $1..."
  if ! "$wrangler" d1 migrations apply DB --local --persist-to "$1" >>"$2" 2>&1 </dev/null; then
    say "applying the migrations failed"
    show_log "$2" 40
    exit 1
  fi
}

# start_wrangler STATE_DIR LOG [--var K:V ...]: serves STATE_DIR on a free port and waits for /health.
# Sets `url` and `pid`.
start_wrangler() {
  local state=$1 log=$2 port started waited
  shift 2
  port=$(free_port)
  url="http://127.0.0.1:$port"
  say "starting wrangler dev on $url (state $state${*:+, $*})..."
  setsid "$wrangler" dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
    --show-interactive-dev-session=false --inspector-port 0 "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  running+=("$pid")
  started=$SECONDS
  until curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "wrangler dev exited before it was ready"
      show_log "$log"
      exit 1
    fi
    waited=$((SECONDS - started))
    if [ "$waited" -ge "$health_timeout" ]; then
      say "no answer from $url/health after ${health_timeout}s"
      show_log "$log"
      exit 1
    fi
    if [ "$waited" -gt 0 ] && [ $((waited % 10)) -eq 0 ]; then say "waiting for /health (${waited}s)..."; fi
    sleep 1
  done
  say "ready after $((SECONDS - started))s"
}

# run_tests NAME LOG EXPECTED [env... --] cargo-test-args...: a bounded cargo test run; EXPECTED is the
# least number of tests that must have passed (so a renamed test cannot pass by matching nothing).
failed=()
run_tests() {
  local name=$1 log=$2 expected=$3 out status passed
  shift 3
  out="$logs/$name.out"
  say "[$name] running the tests..."
  timeout -k 10 "$test_timeout" env "$@" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
  if [ "$status" -eq 124 ]; then say "[$name] timed out after ${test_timeout}s"; fi
  if [ "$status" -eq 0 ] && [ "$passed" -lt "$expected" ]; then
    say "[$name] only $passed test(s) ran; expected at least $expected"
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    say "[$name] FAILED (exit $status)"
    failed+=("$name")
    show_log "$log"
    return 1
  fi
  say "[$name] passed ($passed tests)"
}

# mint TENANT SUB [SCOPE]: a dev token (two hours) from the tests crate's minter.
mint() {
  cargo run -q --locked -p crego-api-tests --bin mint-token -- --tenant "$1" --sub "$2" \
    --ttl-seconds 7200 ${3:+--scope "$3"}
}

# run_schemathesis URL LOG: seeds a tenant, then schemathesis over every operation of the document.
run_schemathesis() {
  local url=$1 log=$2 dir="$work/schemathesis" out="$logs/schema.out" maker checker status ops tested
  if [ ! -x "$venv/bin/schemathesis" ]; then
    say "[schema] $venv/bin/schemathesis is missing: run \`make pydeps\`"
    failed+=(schema)
    return 1
  fi
  maker=$(mint schemathesis-tenant seed-maker) && checker=$(mint schemathesis-tenant schemathesis-checker \
    "contacts:approve contacts:merge") || { say "[schema] minting the tokens failed"; failed+=(schema); return 1; }
  say "[schema] seeding a tenant for the run..."
  python3 tests/schemathesis/seed.py "$url" "$maker" "$dir" >&2 || { failed+=(schema); show_log "$log"; return 1; }
  # From a file: given the document's own URL, schemathesis leaves out the operation that serves it.
  curl -fsS "$url/openapi.json" -o "$dir/openapi.json" || { say "[schema] no document"; failed+=(schema); return 1; }
  ops=$(python3 -c 'import json,sys; print(sum(len(v) for v in json.load(open(sys.argv[1]))["paths"].values()))' \
    "$dir/openapi.json")
  # A new seed every run, printed so that a failure can be replayed: SCHEMATHESIS_SEED=N pins it.
  seed="${SCHEMATHESIS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
  say "[schema] $("$venv/bin/schemathesis" --version) against $url, the $ops operations of its /openapi.json,"
  say "[schema] seed $seed (replay: SCHEMATHESIS_SEED=$seed PHASES=schema scripts/run-api-tests.sh), at most ${fuzz_seconds}s..."
  (cd "$dir" && timeout -k 10 "$((fuzz_seconds + 300))" "$venv/bin/schemathesis" --config-file schemathesis.toml \
    run openapi.json --url "$url" --header "Authorization: Bearer $checker" --workers 1 --no-color \
    --phases examples,coverage,fuzzing,stateful --max-time "$fuzz_seconds" --seed "$seed") 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  tested=$(sed -n 's/^ *Tested: \([0-9]*\).*/\1/p' "$out" | tail -n 1)
  if [ "$status" -eq 0 ] && [ "${tested:-0}" -ne "$ops" ]; then
    say "[schema] schemathesis tested ${tested:-no} operations of the document's $ops"
    status=1
  fi
  if [ "$status" -eq 0 ] && ! grep -Eq "^ *Scenarios: *[1-9]" "$out"; then
    say "[schema] the stateful phase ran no scenario"
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    say "[schema] FAILED (exit $status, seed $seed; the run's output is above)"
    failed+=(schema)
    show_log "$log"
    return 1
  fi
  say "[schema] passed: all $ops operations"
}

# Build first, outside the readiness timer (wrangler's [build] step then finds it up to date), and
# compile the tests so no server sits idle while they build.
say "building the worker..."
bash scripts/build-worker.sh >&2 || { say "the worker build failed"; exit 1; }
say "compiling the tests..."
cargo test -p crego-api-tests --no-run "$@" >&2 || { say "the tests do not compile"; exit 1; }

api_test=(cargo test -p crego-api-tests --test api)

if wants main || wants load || wants schema || wants restart; then
  main_state="$work/state-main"
  main_log="$logs/wrangler-main.log"
  migrate "$main_state" "$main_log"
  start_wrangler "$main_state" "$main_log"
  # The load tests (names containing "concurrent": hundreds of requests in flight at once) run in a
  # phase of their own, one at a time, so that their bursts never slow or crowd the other tests.
  # Given a filter or test arguments, the main phase runs exactly what was asked.
  if [ $# -eq 0 ]; then main_args=(-- --skip concurrent); else main_args=("$@"); fi
  if wants main; then
    say "[main] the API suite against $url"
    run_tests main "$main_log" 1 CREGO_API_URL="$url" CREGO_STATE_DIR="$main_state" \
      cargo test -p crego-api-tests "${main_args[@]}"
  fi
  if wants main && wants scan; then
    say "[scan] the state directory and the wrangler log, for the values pii_plant wrote in clear"
    run_tests scan "$main_log" 1 CREGO_STATE_DIR="$main_state" CREGO_WRANGLER_LOG="$main_log" \
      "${api_test[@]}" pii_scan:: -- --ignored
  fi
  if wants load && [ $# -eq 0 ]; then
    say "[load] the concurrency tests, one at a time, against $url"
    run_tests load "$main_log" 7 CREGO_API_URL="$url" "${api_test[@]}" concurrent -- --test-threads 1
  fi
  if wants schema && [ $# -eq 0 ]; then
    run_schemathesis "$url" "$main_log"
  fi
  if wants restart; then
    record="$work/restart.json"
    say "[restart] phase 1: writing through $url"
    if run_tests restart-1 "$main_log" 1 CREGO_API_URL="$url" CREGO_RESTART_PHASE=1 \
      CREGO_RESTART_FILE="$record" "${api_test[@]}" restart::phase_one_writes -- --exact --ignored; then
      say "[restart] stopping wrangler (pid $pid, whole process group)"
      stop_wrangler "$pid"
      say "[restart] starting wrangler again on the same state directory"
      start_wrangler "$main_state" "$main_log"
      say "[restart] phase 2: reading back through $url"
      run_tests restart-2 "$main_log" 1 CREGO_API_URL="$url" CREGO_RESTART_PHASE=2 \
        CREGO_RESTART_FILE="$record" "${api_test[@]}" restart::phase_two_reads_back -- --exact --ignored
    fi
  fi
  stop_wrangler "$pid"
fi

if wants faults; then
  fault_state="$work/state-faults"
  fault_log="$logs/wrangler-faults.log"
  migrate "$fault_state" "$fault_log"
  start_wrangler "$fault_state" "$fault_log" --var CREGO_FAULTS:on \
    --var RATE_LIMIT_PER_MINUTE:60 --var "RATE_LIMIT_BURST:$rate_burst"
  say "[faults] fault injection and rate limiting against $url"
  run_tests faults "$fault_log" 12 CREGO_FAULT_API_URL="$url" CREGO_FAULT_STATE_DIR="$fault_state" \
    CREGO_RATE_LIMIT_API_URL="$url" CREGO_RATE_LIMIT_BURST="$rate_burst" \
    "${api_test[@]}" -- --ignored faults:: storage_failures:: rate_limit::
  stop_wrangler "$pid"
fi

# migrate_before VERSION SQL STATE LOG: STATE migrated up to just before migration VERSION, with SQL
# (rows as the worker wrote them then) planted into it; the caller then applies the rest.
migrate_before() {
  local version=$1 sql=$2 state=$3 log=$4 before="$work/migrations-before-$1" config="$work/wrangler-before-$1.toml" f
  mkdir -p "$before"
  for f in migrations/*.sql; do
    if [[ "$(basename "$f")" < "$version" ]]; then cp "$f" "$before/"; fi
  done
  # The same database (binding and id), with only the migrations before VERSION.
  sed "s#^migrations_dir = .*#migrations_dir = \"$before\"#" wrangler.toml >"$config"
  say "migrating to just before $version and planting $sql..."
  "$wrangler" d1 migrations apply DB --local --persist-to "$state" -c "$config" >>"$log" 2>&1 </dev/null &&
    "$wrangler" d1 execute DB --local --persist-to "$state" -c "$config" --file "$sql" >>"$log" 2>&1 </dev/null
}

if wants upgrade; then
  upgrade_state="$work/state-upgrade"
  upgrade_log="$logs/wrangler-upgrade.log"
  if migrate_before 0008 tests/upgrade/before_0008.sql "$upgrade_state" "$upgrade_log"; then
    migrate "$upgrade_state" "$upgrade_log"
    start_wrangler "$upgrade_state" "$upgrade_log"
    say "[upgrade] rows from before 0008 against $url"
    run_tests upgrade "$upgrade_log" 5 CREGO_API_URL="$url" "${api_test[@]}" upgrade:: -- --ignored
    stop_wrangler "$pid"
  else
    say "[upgrade] preparing the database from before 0008 failed"
    failed+=(upgrade)
    show_log "$upgrade_log" 40
  fi
fi

if wants pii; then
  pii_state="$work/state-pii"
  pii_log="$logs/wrangler-pii.log"
  if migrate_before 0009 tests/upgrade/before_0009.sql "$pii_state" "$pii_log"; then
    migrate "$pii_state" "$pii_log"
    start_wrangler "$pii_state" "$pii_log"
    say "[pii] converting a database written in clear before 0009, against $url"
    if run_tests pii-convert "$pii_log" 1 CREGO_API_URL="$url" CREGO_STATE_DIR="$pii_state" "${api_test[@]}" \
      pii_convert::a_database_written_in_clear_is_converted_and_no_clear_value_is_left -- --exact --ignored; then
      stop_wrangler "$pid"
      # A new encryption key (random, this run only) in front of the dev key, which still opens.
      dev_keys=$(sed -n 's/^PII_ENCRYPTION_KEYS="\(.*\)"$/\1/p' .dev.vars)
      rotated="rot2:$(head -c 32 /dev/urandom | base64),$dev_keys"
      say "[pii] the same state served with a rotated encryption key"
      start_wrangler "$pii_state" "$pii_log" --var "PII_ENCRYPTION_KEYS:$rotated"
      run_tests pii-rotate "$pii_log" 1 CREGO_API_URL="$url" CREGO_STATE_DIR="$pii_state" \
        CREGO_ROTATED_KEYS="$rotated" "${api_test[@]}" \
        pii_convert::a_rotated_key_still_opens_the_old_values_and_a_conversion_reseals_them_all -- --exact --ignored
    fi
    stop_wrangler "$pid"
  else
    say "[pii] preparing the database from before 0009 failed"
    failed+=(pii)
    show_log "$pii_log" 40
  fi
fi

if [ "${#failed[@]}" -ne 0 ]; then
  say "FAILED phases: ${failed[*]}"
  exit 1
fi
say "all phases passed:${phases% }"
