#!/usr/bin/env bash
# Builds worker/build/ with worker-build, offline: wasm-bindgen, wasm-opt and esbuild are the pinned
# local ones (worker-build would otherwise try to download them). wrangler dev runs this twice at start,
# so it returns at once when the build is newer than every source file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=worker/build/index.js
if [ -f "$out" ] && [ -z "$(find validation worker/src worker/Cargo.toml worker/openapi.json Cargo.toml Cargo.lock .cargo \
      -newer "$out" \( -name '*.rs' -o -name '*.toml' -o -name 'Cargo.lock' -o -name 'openapi.json' \) -print -quit)" ]; then
  echo "build-worker: worker/build is up to date"
  exit 0
fi
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
export WASM_OPT_BIN="${WASM_OPT_BIN:-$root/node_modules/.bin/wasm-opt}"
export ESBUILD_BIN="${ESBUILD_BIN:-$root/node_modules/.bin/esbuild}"
echo "build-worker: compiling the worker to wasm32 (release)..."
cd worker
worker-build --release
cd "$root"
# worker-build leaves the module as wasm-bindgen wrote it; -Oz takes about an eighth off it gzipped
# (513 -> 448 KB when measured), which the 500 KB budget of bench/README.md needs. Exactly the features
# rustc put in the module, as npm/build.sh does: wasm-opt refuses instructions of one it was not told of.
wasm=worker/build/index_bg.wasm
read -r -a features <<<"$("$WASM_OPT_BIN" "$wasm" --print-features 2>/dev/null | tr '\n' ' ')"
echo "build-worker: wasm-opt -Oz ${features[*]} (about half a minute)..."
"$WASM_OPT_BIN" -Oz "${features[@]}" "$wasm" -o "$wasm"
# The budget (issue 7; bench/README.md) is checked by every build, so the change that breaks it is the
# one that sees it fail (docs/ARCHITECTURE.md says what was cut to keep under it).
gzipped=$(gzip -c "$wasm" | wc -c)
echo "build-worker: $wasm: $(wc -c <"$wasm") bytes, $gzipped gzipped (budget 500 KB)"
if [ "$gzipped" -gt 512000 ]; then
  echo "build-worker: the worker's .wasm is over its 500 KB gzipped budget (bench/README.md)" >&2
  exit 1
fi
touch "$root/$out"
