//! `Idempotency-Key` on POST (CONTRACT §1): a repeat with the same key and request within 24 h replays the
//! first response (same status and body, header `Idempotent-Replayed: true`) and writes nothing; the same
//! key with another request is `409 idempotency_key_reused`; a repeat while the first is still running is
//! `409 idempotency_in_progress` with `Retry-After`. The replay is in KV; the claim that makes concurrent
//! first attempts safe is in D1 (migration 0004), and each claim purges up to a hundred of its tenant's
//! expired ones (migration 0007).
//!
//! A replay never holds an identifying value in clear (CONTRACT §9, "Personal data"): an answer that
//! showed some in clear (to a caller with `pii:read`) is stored sealed, with what it showed; it is
//! replayed only to a caller who still holds `pii:read`, and recorded again as a read in clear.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsValue;
use worker::js_sys::Uint8Array;
use worker::{Headers, KvStore, Method, Request, RequestInit, Response};

use crate::domain::time::Timestamp;
use crate::error::ApiError;
use crate::pii::Pii;
use crate::query::path_and_query;
use crate::store::audit::APPROVAL_HEADER;
use crate::store::Store;

/// How long a key is remembered.
pub const TTL_SECONDS: u64 = 24 * 60 * 60;
use crego_validation::limits::IDEMPOTENCY_KEY_CHARS as MAX_KEY_CHARS;

/// The stored first response.
#[derive(Serialize, Deserialize)]
struct Replay {
    request_hash: String,
    status: u16,
    content_type: Option<String>,
    etag: Option<String>,
    /// `Contact-Approval` (a bank or address create); absent from replays stored before it existed.
    #[serde(default)]
    approval: Option<String>,
    /// The body, sealed (`pii::crypto`) when `shown` is not empty.
    body: String,
    /// What the answer showed in clear, by contact: its body is sealed and replaying it is a clear read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    shown: Vec<(String, Vec<String>)>,
    /// The operation that answered, for the record of a replayed clear read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    operation: String,
}

/// The header's key, checked: `None` without the header.
///
/// Printable ASCII only (as the IETF draft's sf-string): a header's bytes beyond ASCII reach the worker
/// decoded lossily (an invalid UTF-8 byte becomes U+FFFD), so two different keys could arrive as one
/// and replay each other's answers.
pub fn key_of(req: &Request) -> Result<Option<String>, ApiError> {
    let Some(key) = req.headers().get("Idempotency-Key").ok().flatten() else {
        return Ok(None);
    };
    let code = match key_fault(&key) {
        None => return Ok(Some(key)),
        Some(code) => code,
    };
    let mut report = crego_validation::Report::new();
    report.add(
        "Idempotency-Key",
        code,
        format!("must be 1 to {MAX_KEY_CHARS} printable ASCII characters"),
    );
    Err(ApiError::InvalidQuery(report))
}

/// Why a key is refused (`length`, or `pattern` for a character outside `' '..='~'`), if it is.
fn key_fault(key: &str) -> Option<&'static str> {
    use crego_validation::code;
    if !key.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        Some(code::PATTERN)
    } else if !(1..=MAX_KEY_CHARS).contains(&key.len()) {
        Some(code::LENGTH)
    } else {
        None
    }
}

pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A request rebuilt around a body already read (the handler reads it again).
fn with_body(req: &Request, body: &[u8]) -> Result<Request, ApiError> {
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(req.headers().clone())
        .with_body((!body.is_empty()).then(|| JsValue::from(Uint8Array::from(body))));
    Ok(Request::new_with_init(&req.inner().url(), &init)?)
}

/// A stored answer replayed to this caller: one that showed values in clear only to a caller who may
/// read them, recorded again.
async fn replayed(
    replay: Replay,
    store: &Store,
    caller: &Caller<'_>,
    now: Timestamp,
) -> Result<Response, ApiError> {
    let pii = caller.pii;
    if replay.shown.is_empty() {
        return replay_response(&replay);
    }
    if !pii.reveals() {
        return Err(ApiError::Forbidden {
            code: "missing_scope",
            detail: format!(
                "this answer showed identifying values in clear: replaying it needs the `{}` scope",
                crate::pii::READ_SCOPE
            ),
        });
    }
    store
        .record_clear_reads(&replay.shown, caller.user, now, &replay.operation)
        .await?;
    let body = pii.open(&replay.body)?;
    replay_response(&Replay { body, ..replay })
}

fn replay_response(replay: &Replay) -> Result<Response, ApiError> {
    let headers = Headers::new();
    if let Some(ct) = &replay.content_type {
        headers.set("Content-Type", ct)?;
    }
    if let Some(etag) = &replay.etag {
        headers.set("ETag", etag)?;
    }
    if let Some(approval) = &replay.approval {
        headers.set(APPROVAL_HEADER, approval)?;
    }
    headers.set("Idempotent-Replayed", "true")?;
    Ok(Response::from_bytes(replay.body.clone().into_bytes())?
        .with_status(replay.status)
        .with_headers(headers))
}

fn reused() -> ApiError {
    ApiError::conflict(
        "idempotency_key_reused",
        "this Idempotency-Key was used with another request; use a new key",
    )
}

/// Whose key it is: keys are scoped to the caller (tenant and user), so a replay never crosses callers;
/// what the caller may see in clear, and the operation called.
pub struct Caller<'a> {
    pub tenant: &'a str,
    pub user: &'a str,
    pub pii: &'a Pii,
    pub operation: String,
}

/// Runs `handler` at most once per (tenant, user, key) and request within 24 h. The request is its
/// method, path, query string and body: the same key with any of them changed is a reuse.
pub async fn run<F, Fut>(
    key: &str,
    req: &mut Request,
    kv: &KvStore,
    store: &Store,
    caller: Caller<'_>,
    now: Timestamp,
    handler: F,
) -> Result<Response, ApiError>
where
    F: FnOnce(Request) -> Fut,
    Fut: std::future::Future<Output = Result<Response, ApiError>>,
{
    let body = req
        .bytes()
        .await
        .map_err(|_| ApiError::MalformedJson("the body could not be read".into()))?;
    if body.len() > crate::http::MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    let url = req.inner().url();
    let (path, query) = path_and_query(&url);
    let query = query.unwrap_or("");
    let request_hash = sha256_hex(&[b"POST", path.as_bytes(), query.as_bytes(), &body]);
    let key_hash = sha256_hex(&[caller.user.as_bytes(), key.as_bytes()]);
    let kv_key = format!("idem:{}:{key_hash}", caller.tenant);
    let unavailable = |e: worker::KvError| ApiError::Unavailable(format!("kv: {e}"));

    let stored: Option<Replay> = kv.get(&kv_key).json().await.map_err(unavailable)?;
    if let Some(replay) = stored {
        return match replay.request_hash == request_hash {
            true => replayed(replay, store, &caller, now).await,
            false => Err(reused()),
        };
    }
    let expires = Timestamp(now.0 + TTL_SECONDS as i64 * 1_000_000).to_rfc3339();
    match store
        .claim_idempotency_key(&key_hash, &request_hash, &expires, &now.to_rfc3339())
        .await?
    {
        None => {}
        Some(claimed) if claimed != request_hash => return Err(reused()),
        Some(_) => {
            return Err(ApiError::conflict(
                "idempotency_in_progress",
                "a request with this Idempotency-Key is still being processed; retry shortly",
            ))
        }
    }

    let outcome = handler(with_body(req, &body)?).await;
    let mut response = match outcome {
        Ok(r) => r,
        Err(e) if e.status() >= 500 => {
            // Nothing was written (a failed batch leaves nothing): free the key for a retry.
            store.release_idempotency_key(&key_hash).await?;
            return Err(e);
        }
        Err(e) => e.into_response(),
    };
    let status = response.status_code();
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let pii = caller.pii;
    let shown = pii.shown_in_clear();
    let replay = Replay {
        request_hash,
        status,
        content_type: response.headers().get("Content-Type").ok().flatten(),
        etag: response.headers().get("ETag").ok().flatten(),
        approval: response.headers().get(APPROVAL_HEADER).ok().flatten(),
        body: match shown.is_empty() {
            true => body.clone(),
            false => pii.seal(&body)?,
        },
        operation: caller.operation.clone(),
        shown,
    };
    kv.put(&kv_key, crate::http::to_json(&replay)?)
        .map_err(unavailable)?
        .expiration_ttl(TTL_SECONDS)
        .execute()
        .await
        .map_err(unavailable)?;
    let mut out = replay_response(&Replay { body, ..replay })?;
    let _ = out.headers_mut().delete("Idempotent-Replayed");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crego_validation::code;

    #[test]
    fn request_hashes_separate_their_parts() {
        assert_ne!(sha256_hex(&[b"ab", b"c"]), sha256_hex(&[b"a", b"bc"]));
        assert_eq!(sha256_hex(&[b"x"]).len(), 64);
    }

    #[test]
    fn keys_are_1_to_255_printable_ascii_characters() {
        assert_eq!(key_fault("create-rajesh 2026-11-29"), None);
        assert_eq!(key_fault(&"k".repeat(255)), None);
        assert_eq!(key_fault(""), Some(code::LENGTH));
        assert_eq!(key_fault(&"k".repeat(256)), Some(code::LENGTH));
        // What undecodable header bytes arrive as, other letters, and C0/C1 controls.
        for bad in ["\u{FFFD}\u{FFFD}", "×ø", "a\tb", "a\u{9b}", "a\u{7f}"] {
            assert_eq!(key_fault(bad), Some(code::PATTERN), "{bad:?}");
        }
    }
}
