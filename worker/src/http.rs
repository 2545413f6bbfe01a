//! Request and response plumbing: query parameters, JSON bodies, JSON responses.

use crego_validation::{code, Report};
use serde::Serialize;
use serde_json::Value;
use worker::{Headers, Request, Response};

use crate::domain::list::{Paging, MAX_PAGE, MAX_PAGE_SIZE};
use crate::domain::time::{parse_bound, Bound};
use crate::error::ApiError;

/// Bodies above this are refused with 413 (CONTRACT §1).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest `search` fragment accepted.
const MAX_SEARCH_CHARS: usize = 100;

/// The query parameters of one request, checked against the names its route accepts.
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses a raw query string; unknown and repeated parameters are reported by name into `report`,
    /// which the route goes on filling with bad values, so one 400 names every bad parameter.
    pub fn parse(raw: Option<&str>, allowed: &[&str], report: &mut Report) -> Query {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let raw = raw.unwrap_or("");
        for (k, v) in worker::Url::parse("http://q/")
            .map(|mut u| {
                u.set_query(Some(raw));
                u.query_pairs().into_owned().collect::<Vec<_>>()
            })
            .unwrap_or_default()
        {
            if !allowed.contains(&k.as_str()) {
                report.add(
                    k.clone(),
                    code::UNKNOWN_FIELD,
                    "is not a query parameter of this route",
                );
            } else if pairs.iter().any(|(seen, _)| *seen == k) {
                report.add(k.clone(), code::DUPLICATE, "may be given only once");
            }
            pairs.push((k, v));
        }
        Query { pairs }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `page` and `page_size`, reporting bad values into `report`.
    pub fn paging(&self, report: &mut Report) -> Paging {
        let mut paging = Paging::default();
        if let Some(n) = self.integer("page", 1, MAX_PAGE, report) {
            paging.page = n;
        }
        if let Some(n) = self.integer("page_size", 1, MAX_PAGE_SIZE, report) {
            paging.page_size = n;
        }
        paging
    }

    fn integer(&self, key: &str, min: u64, max: u64, report: &mut Report) -> Option<u64> {
        let v = self.get(key)?;
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            report.add(key, code::TYPE, "must be a whole number");
            return None;
        }
        match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                report.add(key, code::RANGE, format!("must be from {min} to {max}"));
                None
            }
        }
    }

    /// `created_at_after` / `created_at_before` as inclusive bounds in the stored timestamp form.
    pub fn created_range(&self, report: &mut Report) -> (Option<String>, Option<String>) {
        let mut bound = |key: &str, which: Bound| {
            let v = self.get(key)?;
            let parsed = parse_bound(v, which);
            if parsed.is_none() {
                report.add(
                    key,
                    code::PATTERN,
                    "must be a date YYYY-MM-DD or an RFC 3339 instant",
                );
            }
            parsed
        };
        let after = bound("created_at_after", Bound::Lower);
        let before = bound("created_at_before", Bound::Upper);
        (after, before)
    }

    /// A free text parameter of 1..=`max` printable characters.
    pub fn text(&self, key: &str, max: usize, report: &mut Report) -> Option<String> {
        let v = self.get(key)?;
        let n = v.chars().count();
        if n == 0 || n > max || v.chars().any(char::is_control) {
            report.add(
                key,
                code::LENGTH,
                format!("must be 1 to {max} printable characters"),
            );
            return None;
        }
        Some(v.to_string())
    }

    /// A parameter that must be one of `choices`.
    pub fn one_of(&self, key: &str, choices: &[&'static str], report: &mut Report) -> Option<&'static str> {
        let v = self.get(key)?;
        let found = choices.iter().find(|c| **c == v).copied();
        if found.is_none() {
            report.add(key, code::ENUM, format!("must be one of {}", choices.join(", ")));
        }
        found
    }

    /// A comma-separated list of non-empty printable items of at most `max` characters each.
    pub fn list(&self, key: &str, max: usize, report: &mut Report) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<String> = v.split(',').map(str::to_string).collect();
        let bad = |i: &String| i.is_empty() || i.chars().count() > max || i.chars().any(char::is_control);
        if items.iter().any(bad) {
            report.add(
                key,
                code::PATTERN,
                format!("must be a comma-separated list of items of 1 to {max} characters"),
            );
            return Vec::new();
        }
        items
    }

    /// `search` as sent, checked (1..=100 printable characters).
    pub fn search_text(&self, report: &mut Report) -> Option<&str> {
        let v = self.get("search")?;
        let n = v.chars().count();
        if n == 0 || n > MAX_SEARCH_CHARS || v.chars().any(char::is_control) {
            report.add(
                "search",
                code::LENGTH,
                format!("must be 1 to {MAX_SEARCH_CHARS} printable characters"),
            );
            return None;
        }
        Some(v)
    }
}

/// `%text%` for `LIKE ... ESCAPE '\'`, with the wildcards in `text` made literal. Only for short
/// fragments: D1 refuses a LIKE pattern over 50 bytes ("LIKE or GLOB pattern too complex").
pub fn like_contains(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

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
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // An empty body is "no body" whatever its declared type.
        return Ok(None);
    }
    match content_type {
        Some(ct) if is_json_media_type(&ct) => {}
        _ => return Err(ApiError::UnsupportedMediaType),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str, allowed: &[&str]) -> Result<Query, Report> {
        let mut report = Report::new();
        let q = Query::parse(Some(raw), allowed, &mut report);
        report.finish(q)
    }

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let r = query("page=1&colour=red&page=2", &["page"]).err().unwrap();
        assert_eq!(r.codes_for("colour"), ["unknown_field"]);
        assert_eq!(r.codes_for("page"), ["duplicate"]);
    }

    #[test]
    fn paging_defaults_and_bounds() {
        let mut r = Report::new();
        let q = query("", &["page", "page_size"]).unwrap();
        assert_eq!(
            q.paging(&mut r),
            Paging {
                page: 1,
                page_size: 20
            }
        );
        let q = query("page=0&page_size=101", &["page", "page_size"]).unwrap();
        q.paging(&mut r);
        let q = query("page=abc&page_size=-1", &["page", "page_size"]).unwrap();
        q.paging(&mut r);
        let codes: Vec<_> = r.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("page", "range"),
                ("page_size", "range"),
                ("page", "type"),
                ("page_size", "type")
            ]
        );
    }

    #[test]
    fn search_wildcards_are_literal_and_percent_encoding_is_decoded() {
        let q = query("search=50%25_off%5C", &["search"]).unwrap();
        let text = q.search_text(&mut Report::new()).unwrap();
        assert_eq!(text, "50%_off\\");
        assert_eq!(like_contains(text), "%50\\%\\_off\\\\%");
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
