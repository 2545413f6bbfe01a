#!/usr/bin/env bash
# Builds the npm package @crego/validation into npm/pkg/, offline:
#   1. cargo build --lib -p crego-validation-wasm --target wasm32-unknown-unknown --profile npm (size)
#   2. wasm-bindgen (the pinned CLI) --target web: one ES module and the one .wasm every entry shares
#   3. wasm-opt -Oz (npm binaryen) with the wasm features the module uses
#   4. the package's JavaScript (npm/js/) beside it, and the types generated from the Rust types
#      (npm/scripts/generate-types.mjs: worker/openapi.json and the crate's identifier kinds)
#   5. prints the .wasm's size, raw and gzipped (gzip -9), and fails above the budget (70 KB gzipped)
# Honours CARGO_TARGET_DIR (default: the workspace target/). Returns at once when npm/pkg is newer than
# every source, so repeated `make test-npm` runs are fast; FORCE=1 rebuilds anyway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

BUDGET_BYTES=$((70 * 1024))
pkg=npm/pkg
wasm=$pkg/crego_validation_bg.wasm
stamp=$pkg/.built
target_dir=${CARGO_TARGET_DIR:-$root/target}
wasm_bindgen=${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen || true)}
wasm_opt=${WASM_OPT_BIN:-$root/node_modules/.bin/wasm-opt}

say() { echo "npm-build: $*"; }

size() {
  local raw gz
  raw=$(wc -c <"$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  say "$wasm: $raw bytes, $gz bytes gzipped ($(awk "BEGIN { printf \"%.1f\", $gz / 1024 }") KB; budget $((BUDGET_BYTES / 1024)) KB)"
  if [ "$gz" -gt "$BUDGET_BYTES" ]; then
    say "FAILED: the .wasm is over its size budget"
    exit 1
  fi
}

if [ -z "${FORCE:-}" ] && [ -f "$stamp" ] && [ -z "$(find validation/src npm/src npm/js npm/Cargo.toml npm/build.sh \
      npm/scripts/generate-types.mjs worker/openapi.json Cargo.toml Cargo.lock .cargo -newer "$stamp" -type f \
      -print -quit)" ]; then
  say "npm/pkg is up to date (FORCE=1 rebuilds)"
  size
  exit 0
fi

[ -n "$wasm_bindgen" ] || { say "wasm-bindgen is not installed: run \`make tools\`"; exit 1; }
[ -x "$wasm_opt" ] || { say "$wasm_opt is missing: run \`npm ci\`"; exit 1; }

say "[1/5] cargo build --lib -p crego-validation-wasm --target wasm32-unknown-unknown --profile npm (target dir $target_dir)"
CARGO_TARGET_DIR=$target_dir cargo build --locked --lib -p crego-validation-wasm \
  --target wasm32-unknown-unknown --profile npm
input=$target_dir/wasm32-unknown-unknown/npm/crego_validation_wasm.wasm

rm -rf "$pkg"
say "[2/5] $("$wasm_bindgen" --version) --target web -> $pkg"
"$wasm_bindgen" --target web --out-dir "$pkg" --out-name crego_validation "$input"
rm "$pkg/crego_validation_bg.wasm.d.ts"

# Enable exactly the features rustc put in the module's target_features section (reference types,
# bulk memory, ...): wasm-opt refuses instructions of a feature it was not told about.
read -r -a features <<<"$("$wasm_opt" "$input" --print-features 2>/dev/null | tr '\n' ' ')"
say "[3/5] wasm-opt -Oz ${features[*]}"
"$wasm_opt" -Oz "${features[@]}" "$wasm" -o "$wasm"

say "[4/5] npm/js/ and the generated types"
cp npm/js/*.js npm/js/*.d.ts "$pkg/"
node npm/scripts/generate-types.mjs worker/openapi.json "$pkg"

say "[5/5] size"
size
touch "$stamp"
say "done: npm/pkg (package manifest npm/package.json)"
