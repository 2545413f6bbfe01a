//! Black-box tests of the Crego Contact API against a running worker (`CREGO_API_URL`).
//! One binary for every area; each test makes its own tenant, so they share one server in parallel.
//! Run them with `scripts/run-api-tests.sh`, which starts `wrangler dev` on a fresh state directory.

mod abuse;
mod address_list;
mod addresses;
mod auth;
mod bank_list;
mod bank_primary;
mod banks;
mod contact_actions;
mod contact_concurrency;
mod contact_helpers;
mod contact_history;
mod contact_list;
mod contact_refs;
mod contact_search;
mod contact_tenancy;
mod contact_updates;
mod contact_writes;
mod contacts;
mod counters;
mod dedupe;
mod dedupe_identifiers;
mod errors;
mod expand;
mod faults;
mod hardening;
mod helpers;
mod namespace_changes;
mod namespace_list;
mod namespaces;
mod openapi;
mod props;
mod props_effects;
mod rate_limit;
mod relation_list;
mod relations;
mod restart;
mod search_lengths;
mod sub_helpers;
mod subresource_tenancy;
mod tenancy;
mod tenant_matrix;
mod validation_table;
