# The Crego Contact API. Two commands on a fresh machine:
#   make dev    install what serving needs, apply the D1 migrations locally, serve on 127.0.0.1:8787
#   make test   install what the tests need too (clippy, schemathesis, Chromium); every test layer;
#               exits non-zero on any failure
# Each target installs what it needs first and skips what is already there, so repeats are fast; each
# step that takes long says what it does first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Pinned tool versions (see shared TOOLCHAIN.md: these were tried together).
WORKER_BUILD_VERSION := 0.8.7
WASM_BINDGEN_VERSION := 0.2.129
WASM_TARGET := wasm32-unknown-unknown

PORT ?= 8787
STATE_DIR ?= .state
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

# wrangler fully offline and non-interactive.
export CI ?= true
export WRANGLER_SEND_METRICS := false
export WRANGLER_SEND_ERROR_REPORTS := false
export WRANGLER_HIDE_BANNER := true
export CLOUDFLARE_CF_FETCH_ENABLED := false
WRANGLER := node_modules/.bin/wrangler

.PHONY: help setup tools lint-tools npm-deps pydeps build migrate dev test test-unit test-api lint fmt openapi token clean npm-build example-deps test-npm test-oracles demo-screenshot bench

help:
	@echo "make dev     set up (first run compiles tools for a few minutes) and serve on 127.0.0.1:$(PORT)"
	@echo "make test    every test layer: fmt, clippy (host + wasm32), unit tests, API tests against wrangler dev"
	@echo "make token TENANT=acme-tenant-01 SUB=user-000001 [SCOPE=contacts:approve]   mint a dev JWT"
	@echo "make build   build the release worker into worker/build/"
	@echo "make bench   load-test the release worker under wrangler dev; budgets in bench/README.md"

## setup: everything `make test` needs (idempotent). `make dev` needs only `tools` and `npm-deps`.
setup: tools lint-tools npm-deps pydeps

## tools: what building and serving the worker needs: the wasm target and the two pinned cargo tools.
tools:
	@echo "==> [setup] checking the Rust target $(WASM_TARGET)"
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || { \
		echo "==> [setup] installing the $(WASM_TARGET) target (about 30 s)"; \
		rustup target add $(WASM_TARGET); }
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "==> [setup] installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (compiles for about 2 minutes)"; \
		cargo install --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	else echo "==> [setup] wasm-bindgen-cli $(WASM_BINDGEN_VERSION) present"; fi
	@# worker-build prints its bare version ("0.8.7").
	@if [ "$$(worker-build --version 2>/dev/null | awk '{print $$NF}')" != "$(WORKER_BUILD_VERSION)" ]; then \
		echo "==> [setup] installing worker-build $(WORKER_BUILD_VERSION) (compiles for about 3 minutes)"; \
		cargo install --locked worker-build --version $(WORKER_BUILD_VERSION); \
	else echo "==> [setup] worker-build $(WORKER_BUILD_VERSION) present"; fi

## lint-tools: clippy and rustfmt, for `make test` only.
lint-tools:
	@rustup component list --installed | grep -q '^clippy' || { \
		echo "==> [setup] installing the clippy and rustfmt components"; \
		rustup component add clippy rustfmt; }

npm-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@echo "==> [setup] npm ci (wrangler, wasm-opt, esbuild)"
	npm ci --no-audit --no-fund
	@touch $@

## pydeps: schemathesis (pinned with everything it pulls in) and python-stdnum (the identifier oracle) in
## a virtual environment, .venv/.
VENV := .venv
pydeps: $(VENV)/.installed

$(VENV)/.installed: tests/schemathesis/requirements.txt tests/oracles/requirements.txt
	@echo "==> [setup] Python virtual environment $(VENV) with schemathesis and python-stdnum (tests/*/requirements.txt)"
	@python3 -m venv $(VENV) 2>/dev/null || { \
		echo "==> [setup] python3 -m venv failed: installing Debian's python3-venv"; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo -n"; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv </dev/null; \
		rm -rf $(VENV); python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/schemathesis/requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r tests/oracles/requirements.txt
	@touch $@

## build: the release worker (skipped when up to date).
build: tools npm-deps
	@bash scripts/build-worker.sh

## migrate: apply the D1 migrations to the local state in $(STATE_DIR).
migrate: npm-deps
	@echo "==> [dev] applying D1 migrations to $(STATE_DIR)"
	$(WRANGLER) d1 migrations apply DB --local --persist-to $(STATE_DIR)

## dev: serve the API on 127.0.0.1:$(PORT); D1, KV and the Durable Object persist in $(STATE_DIR).
dev: build migrate
	@echo "==> [dev] serving on http://127.0.0.1:$(PORT) (state in $(STATE_DIR); Ctrl-C stops)"
	$(WRANGLER) dev --ip 127.0.0.1 --port $(PORT) --persist-to $(STATE_DIR) \
		--show-interactive-dev-session=false --inspector-port 0

## test: every layer; stops at the first failing one.
test: setup lint test-unit test-api test-npm test-oracles
	@echo "==> [test] all test layers passed"

lint: lint-tools
	@echo "==> [test] cargo fmt --check"
	cargo fmt --all --check
	@echo "==> [test] clippy (host)"
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@echo "==> [test] clippy (wasm32)"
	cargo clippy -p crego-worker -p crego-validation --target $(WASM_TARGET) --locked -- -D warnings

test-unit:
	@echo "==> [test] unit tests (validation rules, worker domain logic, the OpenAPI document)"
	cargo test -p crego-validation -p crego-worker -p crego-openapi --locked

test-api: build pydeps
	@echo "==> [test] black-box API tests against wrangler dev"
	bash scripts/run-api-tests.sh

fmt:
	cargo fmt --all

## openapi: rewrite worker/openapi.json from the Rust types (the worker embeds it and serves it at
## GET /openapi.json; `make test-unit` fails while the committed file differs from the types).
openapi:
	@echo "==> [openapi] generating worker/openapi.json from the worker's types"
	cargo run -q --locked -p crego-openapi > worker/openapi.json.tmp
	mv worker/openapi.json.tmp worker/openapi.json

## token: a dev JWT signed with the dev secret in .dev.vars.
token:
	@test -n "$(TENANT)" -a -n "$(SUB)" || { echo "usage: make token TENANT=acme-tenant-01 SUB=user-000001 [SCOPE=contacts:approve]"; exit 2; }
	@cargo run -q --locked -p crego-api-tests --bin mint-token -- --tenant "$(TENANT)" --sub "$(SUB)" \
		$(if $(SCOPE),--scope "$(SCOPE)",)

clean:
	rm -rf target worker/build $(STATE_DIR)

## bench: the release worker and the npm package under load on loopback (scripts/bench.sh); prints one
## table with the budgets of bench/README.md. BENCH_SECONDS, BENCH_LARGE, ... tune it (bench/run.mjs).
bench: tools npm-deps
	@bash scripts/bench.sh

## npm-build: the npm package @crego/validation into npm/pkg/ (one .wasm, the JavaScript and the types
## generated from the Rust types), offline; prints the gzipped size of the .wasm (budget 70 KB).
## Honours CARGO_TARGET_DIR.
npm-build: tools npm-deps
	@bash npm/build.sh

## example-deps: the pinned dependencies (own lock files) of the Vite + React + react-hook-form example
## and of the other consumers the package is tested with (webpack 5, TanStack Form's core).
EXAMPLE_DIRS := npm/examples/vite-react npm/test/consumers
example-deps: $(EXAMPLE_DIRS:%=%/node_modules/.package-lock.json)

%/node_modules/.package-lock.json: %/package.json %/package-lock.json
	@echo "==> [setup] npm ci in $*"
	cd $* && npm ci --no-audit --no-fund
	@touch $@

## test-npm: the npm package: clippy (wasm32), the binding's unit tests, tsc on the declarations, the
## JS surface, the Standard Schemas, the three type mistakes and the masks under node --test, the
## shared table of cases (Rust crate, validate functions and schemas), and the examples built from the
## packed tarball (a plain page, a Vite app) in headless Chromium (Debian's chromium, installed here
## when missing).
test-npm: npm-build example-deps
	@echo "==> [test-npm] clippy -p crego-validation-wasm (wasm32)"
	cargo clippy -p crego-validation-wasm --target $(WASM_TARGET) --locked -- -D warnings
	@echo "==> [test-npm] unit tests of the binding (bodies, paths, schemas' answers, ISO dates)"
	cargo test -p crego-validation-wasm --locked
	@echo "==> [test-npm] tsc --noEmit on the package's TypeScript declarations"
	node_modules/.bin/tsc -p npm --noEmit
	@echo "==> [test-npm] node --test: the package's JS surface, its Standard Schemas, the type mistakes, the masks"
	node --test npm/test/package.test.mjs npm/test/schemas.test.mjs npm/test/types.test.mjs npm/test/masks.test.mjs
	@echo "==> [test-npm] the shared table of cases (validation/cases/cases.json): Rust crate, then npm package"
	cargo test -p crego-validation --locked --test cases
	node --test npm/test/cases.test.mjs
	@echo "==> [test-npm] the examples from the packed tarball in headless Chromium"
	@bash npm/scripts/ensure-chromium.sh
	node --test npm/test/examples.test.mjs
	@echo "==> [test-npm] the npm package passed"

## test-oracles: the identifier rules of the crate and of the npm package against python-stdnum and
## stdnum-js over 730,000 generated values from a fixed seed (tests/oracles/differential.py; about a minute).
test-oracles: npm-build pydeps
	@echo "==> [test-oracles] identifier differential: crate and npm package vs python-stdnum and stdnum-js"
	$(VENV)/bin/python tests/oracles/differential.py

## demo-screenshot: the plain-page contact form with bad values typed in and checked, as a PNG for humans.
DEMO_PNG ?= npm/pkg/demo-contact-form.png
demo-screenshot: npm-build
	@bash npm/scripts/ensure-chromium.sh
	@echo "==> [demo] screenshot of npm/examples/contact-form/ (from the packed tarball) with bad values"
	node npm/scripts/demo-screenshot.mjs $(DEMO_PNG)
