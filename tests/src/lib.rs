//! Black-box test support for the Crego Contact API: dev JWTs, a typed HTTP client against a running
//! `wrangler dev`, and small helpers for the shapes the contract promises (ULIDs, UTC timestamps).
//! Used by the `api` integration tests and by the `mint-token` binary.

/// The HTTP client: base URL from `CREGO_API_URL`, one fresh tenant per test.
pub mod client;
/// The D1 database file of a running `wrangler dev`, read from disk.
pub mod disk;
/// Personal data checked by Python's `cryptography` and `hmac`; the values the disk scan looks for.
pub mod pii;
/// UTC calendar dates without a date library, and the timestamp and id shapes the API emits.
pub mod shapes;
/// HS256 dev tokens, and every broken variant the auth tests need.
pub mod token;

pub use client::{encode_query, random_hex12, Api, ApiResponse, Body, TestTenant};
pub use disk::D1File;
pub use token::{mint_token, Signing, TokenBuilder, DEFAULT_AUDIENCE, DEFAULT_ISSUER};
