#!/usr/bin/env bash
# Builds the npm package @crego/validation into npm/pkg/{bundler,web,node}/, offline:
#   1. cargo build -p crego-validation-wasm --target wasm32-unknown-unknown --profile npm (speed, not size)
#   2. wasm-bindgen (the pinned CLI) --target bundler | web | nodejs
#   3. wasm-opt -O3 (npm binaryen) with the wasm features the module uses
#   4. prints the gzipped size of each .wasm and fails above the budget (130 KB gzipped)
# Honours CARGO_TARGET_DIR (default: the workspace target/). Returns at once when npm/pkg is newer than
# every source, so repeated `make test-npm` runs are fast; FORCE=1 rebuilds anyway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

BUDGET_BYTES=$((130 * 1024))
pkg=npm/pkg
stamp=$pkg/.built
target_dir=${CARGO_TARGET_DIR:-$root/target}
wasm_bindgen=${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen || true)}
wasm_opt=${WASM_OPT_BIN:-$root/node_modules/.bin/wasm-opt}

say() { echo "npm-build: $*"; }

sizes() {
  for dir in bundler web node; do
    local wasm=$pkg/$dir/crego_validation_bg.wasm
    local raw gz
    raw=$(wc -c <"$wasm")
    gz=$(gzip -9 -c "$wasm" | wc -c)
    say "$wasm: $((raw / 1024)) KB, $((gz / 1024)) KB gzipped ($gz bytes; budget $((BUDGET_BYTES / 1024)) KB)"
    if [ "$gz" -gt "$BUDGET_BYTES" ]; then
      say "FAILED: $wasm is over the size budget"
      exit 1
    fi
  done
}

if [ -z "${FORCE:-}" ] && [ -f "$stamp" ] && [ -z "$(find validation/src npm/src npm/Cargo.toml npm/build.sh \
      Cargo.toml Cargo.lock .cargo -newer "$stamp" -type f -print -quit)" ]; then
  say "npm/pkg is up to date (FORCE=1 rebuilds)"
  sizes
  exit 0
fi

[ -n "$wasm_bindgen" ] || { say "wasm-bindgen is not installed: run \`make tools\`"; exit 1; }
[ -x "$wasm_opt" ] || { say "$wasm_opt is missing: run \`npm ci\`"; exit 1; }

say "[1/4] cargo build -p crego-validation-wasm --target wasm32-unknown-unknown --profile npm (target dir $target_dir)"
CARGO_TARGET_DIR=$target_dir cargo build --locked -p crego-validation-wasm \
  --target wasm32-unknown-unknown --profile npm
input=$target_dir/wasm32-unknown-unknown/npm/crego_validation_wasm.wasm

# Enable exactly the features rustc put in the module's target_features section (reference types,
# bulk memory, ...): wasm-opt refuses instructions of a feature it was not told about.
read -r -a features <<<"$("$wasm_opt" "$input" --print-features 2>/dev/null | tr '\n' ' ')"

rm -rf "$pkg"
for pair in bundler:bundler web:web nodejs:node; do
  target=${pair%%:*}
  dir=$pkg/${pair##*:}
  say "[2/4] $("$wasm_bindgen" --version) --target $target -> $dir"
  "$wasm_bindgen" --target "$target" --out-dir "$dir" --out-name crego_validation "$input"
  say "[3/4] wasm-opt -O3 ${features[*]} on $dir/crego_validation_bg.wasm"
  "$wasm_opt" -O3 "${features[@]}" "$dir/crego_validation_bg.wasm" -o "$dir/crego_validation_bg.wasm"
done
# npm/package.json says "type": "module"; the nodejs target is CommonJS.
echo '{ "type": "commonjs" }' >"$pkg/node/package.json"

say "[4/4] sizes"
sizes
touch "$stamp"
say "done: npm/pkg/{bundler,web,node} (package manifest npm/package.json)"
