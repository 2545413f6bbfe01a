//! `GET /openapi.json` (no token): the OpenAPI 3.1 document of every route.
//!
//! The document is generated natively from the worker's own types by the crate `openapi` (`make
//! openapi` writes `worker/openapi.json`) and embedded here as text, so the `.wasm` carries no schema
//! code. That crate's tests fail when the file differs from what the types generate.

use worker::Response;

use crate::error::ApiError;

/// The generated document.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// The document (its endpoint takes no query parameter: the router refuses any before this runs).
pub fn openapi() -> Result<Response, ApiError> {
    let mut response = Response::ok(DOCUMENT)?;
    response.headers_mut().set("Content-Type", "application/json")?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=300")?;
    Ok(response)
}
