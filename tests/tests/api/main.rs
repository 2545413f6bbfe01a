//! Black-box tests of the Crego Contact API against a running worker (`CREGO_API_URL`).
//! One binary for every area; each test makes its own tenant, so they share one server in parallel.
//! Run them with `scripts/run-api-tests.sh`, which starts `wrangler dev` on a fresh state directory.

mod auth;
mod counters;
mod errors;
mod helpers;
mod namespace_changes;
mod namespace_list;
mod namespaces;
mod tenancy;
