//! Request and response plumbing: JSON bodies, `If-Match`, JSON responses (query parameters: `query.rs`).

use crego_validation::limits::{text_depth, BODY_DEPTH};
use crego_validation::{code, Report};
use serde::Serialize;
use serde_json::Value;
use worker::{Headers, Request, Response};

use crate::error::ApiError;
use crate::store::audit::{ApprovalEffect, APPROVAL_HEADER};

/// Bodies above this are refused with 413 (CONTRACT §1).
pub use crego_validation::limits::BODY_BYTES as MAX_BODY_BYTES;
fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The body as JSON; a missing body is a 400.
pub async fn read_json(req: &mut Request) -> Result<Value, ApiError> {
    read_optional_json(req)
        .await?
        .ok_or_else(|| ApiError::MalformedJson("a JSON body is required".into()))
}

/// Whether a body is empty, or only JSON's whitespace (RFC 8259: space, tab, line feed, carriage
/// return). A form feed is not JSON whitespace (`u8::is_ascii_whitespace` counts it): such a body is
/// malformed JSON, not an absent one.
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The body as JSON, or `None` when there is no body (for routes whose body is optional).
pub async fn read_optional_json(req: &mut Request) -> Result<Option<Value>, ApiError> {
    let headers = req.headers();
    let declared_len = headers
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared_len.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    let content_type = headers.get("Content-Type").ok().flatten();
    let bytes = req
        .bytes()
        .await
        .map_err(|_| ApiError::MalformedJson("the body could not be read".into()))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    if is_blank(&bytes) {
        // An empty body is "no body" whatever its declared type.
        return Ok(None);
    }
    match content_type {
        Some(ct) if is_json_media_type(&ct) => {}
        _ => return Err(ApiError::UnsupportedMediaType),
    }
    // Counted on the text, before the parser recurses into it.
    let depth = text_depth(&bytes);
    if depth > BODY_DEPTH {
        let mut report = Report::new();
        let message =
            format!("may nest objects and arrays at most {BODY_DEPTH} levels deep (this is {depth})");
        report.add("body", code::DEPTH, message);
        return Err(ApiError::Validation(report));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| ApiError::MalformedJson(format!("the body is not valid JSON: {e}")))
}

/// `If-Match` (CONTRACT §1, Concurrency): the versions a write may apply to, or `None` without the header
/// (or with `*`): then the write applies to whatever version is current.
pub struct IfMatch(Vec<i64>);

impl IfMatch {
    pub fn from_request(req: &Request) -> Option<IfMatch> {
        let header = req.headers().get("If-Match").ok().flatten()?;
        IfMatch::parse(&header)
    }

    /// `"3"`, `W/"3"`, `3`, or a comma list of them; tags that are not versions match nothing.
    pub fn parse(header: &str) -> Option<IfMatch> {
        if header.trim() == "*" {
            return None;
        }
        let versions = header
            .split(',')
            .filter_map(|tag| {
                let tag = tag.trim();
                let tag = tag.strip_prefix("W/").unwrap_or(tag);
                tag.trim_matches('"').parse::<i64>().ok()
            })
            .collect();
        Some(IfMatch(versions))
    }

    /// `Ok(current)` when the current version is one named, else 412.
    pub fn check(&self, current: i64) -> Result<i64, ApiError> {
        match self.0.contains(&current) {
            true => Ok(current),
            false => Err(ApiError::PreconditionFailed),
        }
    }
}

/// The version a write must find (`None`: any), after checking `If-Match` against the current one.
pub fn expected_version(if_match: Option<&IfMatch>, current: i64) -> Result<Option<i64>, ApiError> {
    if_match.map(|m| m.check(current)).transpose()
}

/// A value as JSON text (for responses and for JSON bound as one SQL parameter).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Internal(e.to_string()))
}

/// A JSON response with `status`.
pub fn json_response<T: Serialize>(status: u16, value: &T) -> Result<Response, ApiError> {
    let body = to_json(value)?.into_bytes();
    let headers = Headers::new();
    headers.set("Content-Type", "application/json")?;
    Ok(Response::from_bytes(body)?
        .with_status(status)
        .with_headers(headers))
}

/// A single-resource JSON response, with `ETag: "<version>"`.
pub fn resource_response<T: Serialize>(status: u16, value: &T, version: i64) -> Result<Response, ApiError> {
    let response = json_response(status, value)?;
    response.headers().set("ETag", &format!("\"{version}\""))?;
    Ok(response)
}

pub fn no_content() -> Result<Response, ApiError> {
    Ok(Response::empty()?.with_status(204))
}

/// `response` saying what its write did to its contact's approval (`Contact-Approval: reset|kept`), when
/// the contact was approved (CONTRACT §9, "Maker-checker").
pub fn with_approval(response: Response, approval: Option<ApprovalEffect>) -> Result<Response, ApiError> {
    if let Some(effect) = approval {
        response.headers().set(APPROVAL_HEADER, effect.as_str())?;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json, which reads the bodies, is the oracle: a body is blank exactly when serde_json takes
    /// it after a value as trailing whitespace (every byte alone, and in pairs, after a `0`).
    #[test]
    fn a_blank_body_is_json_whitespace_only() {
        for a in 0..=u8::MAX {
            for b in [None, Some(b' '), Some(a)] {
                let body: Vec<u8> = std::iter::once(a).chain(b).collect();
                let trailing = serde_json::from_slice::<Value>(&[&b"0"[..], &body].concat()).is_ok();
                assert_eq!(is_blank(&body), trailing, "{body:?}");
            }
        }
        assert!(is_blank(b""));
    }

    #[test]
    fn if_match_accepts_strong_weak_and_bare_versions_and_star_means_any() {
        assert!(IfMatch::parse("*").is_none());
        for h in ["\"3\"", "W/\"3\"", "3", "\"1\", \"3\""] {
            assert_eq!(IfMatch::parse(h).unwrap().check(3).ok(), Some(3), "{h}");
        }
        assert!(IfMatch::parse("\"2\"").unwrap().check(3).is_err());
        assert!(IfMatch::parse("\"abc\"").unwrap().check(3).is_err());
    }

    #[test]
    fn json_media_types_with_parameters_and_suffixes_are_accepted() {
        assert!(is_json_media_type("application/json; charset=utf-8"));
        assert!(is_json_media_type("Application/JSON"));
        assert!(is_json_media_type("application/merge-patch+json"));
        assert!(!is_json_media_type("text/plain"));
        assert!(!is_json_media_type("application/x-www-form-urlencoded"));
    }
}
