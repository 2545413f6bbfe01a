//! A typed HTTP client for the running worker. Every test makes its own `TestTenant` (a fresh tenant id
//! and its token), so tests share one server and run in parallel without seeing each other's rows.

use crate::token::TokenBuilder;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    None,
    /// Serialized JSON with `Content-Type: application/json`.
    Json(Value),
    /// Raw bytes with the given Content-Type (or none).
    Raw {
        content_type: Option<String>,
        bytes: Vec<u8>,
    },
}

impl Body {
    /// Raw bytes labelled `application/json`, e.g. malformed JSON.
    pub fn json_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Body::Raw {
            content_type: Some("application/json".to_string()),
            bytes: bytes.into(),
        }
    }
}

/// What came back: status, headers, the raw text, and the body parsed as JSON (`null` if empty or not JSON).
#[derive(Debug)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl ApiResponse {
    /// A header's value as text ("" when absent or not ASCII).
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    /// Whether `wrangler dev`'s proxy (not the worker) dropped this request: see `TestTenant::send_retrying`.
    pub fn is_dev_proxy_drop(&self) -> bool {
        self.status == 503 && self.text.contains("Your worker restarted mid-request")
    }

    /// The problem's stable `code`, if any.
    pub fn code(&self) -> Option<&str> {
        self.json.get("code").and_then(Value::as_str)
    }

    /// The `(field, code)` pairs of the problem's `errors` list.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        let items = self.json.get("errors").and_then(Value::as_array);
        items
            .into_iter()
            .flatten()
            .map(|e| {
                let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                (text("field"), text("code"))
            })
            .collect()
    }

    /// True when `errors` holds exactly this (field, code).
    pub fn has_field_error(&self, field: &str, code: &str) -> bool {
        self.field_errors().iter().any(|(f, c)| f == field && c == code)
    }
}

/// The worker under test, at `CREGO_API_URL`.
#[derive(Debug, Clone)]
pub struct Api {
    base_url: String,
    http: reqwest::Client,
}

impl Api {
    /// Reads `CREGO_API_URL` (e.g. `http://127.0.0.1:8787`); panics with a hint when it is unset.
    pub fn from_env() -> Self {
        let base_url = std::env::var("CREGO_API_URL").unwrap_or_default();
        assert!(
            !base_url.trim().is_empty(),
            "CREGO_API_URL is not set: start the worker and point the tests at it, \
             e.g. `CREGO_API_URL=http://127.0.0.1:8787 cargo test -p crego-api-tests`, \
             or run `scripts/run-api-tests.sh`, which does both"
        );
        Self::at(&base_url)
    }

    /// The worker whose base URL is in the environment variable `name`, or `None` when it is unset: for
    /// tests that need a specially started instance (e.g. `CREGO_FAULT_API_URL`) and skip without one.
    pub fn from_var(name: &str) -> Option<Self> {
        let base_url = std::env::var(name).ok()?;
        (!base_url.trim().is_empty()).then(|| Self::at(&base_url))
    }

    /// The worker at this base URL.
    pub fn at(base_url: &str) -> Self {
        // One client per Api: a reqwest client's pooled connections belong to the runtime that made
        // them, and every #[tokio::test] has its own runtime.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            // Idle keep-alive connections are dropped quickly: the dev server closes its idle ones, and
            // reusing one it has just closed fails the request before it is sent.
            .pool_idle_timeout(Duration::from_millis(500))
            .build()
            .expect("a plain HTTP client builds");
        Self {
            base_url: base_url.trim().trim_end_matches('/').to_string(),
            http,
        }
    }

    /// The full URL of a path such as `/namespaces/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Sends one request. `authorization` is the whole header value (`Bearer ...`), or none.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        authorization: Option<&str>,
        body: Body,
    ) -> ApiResponse {
        self.send_with(method, path, authorization, &[], body).await
    }

    /// Sends one request with extra headers (`If-Match`, `Idempotency-Key`, `Origin`, ...).
    pub async fn send_with(
        &self,
        method: &str,
        path: &str,
        authorization: Option<&str>,
        headers: &[(&str, &str)],
        body: Body,
    ) -> ApiResponse {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a valid HTTP method");
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        for (name, value) in headers {
            // As bytes, so that a test can send a value beyond ASCII (sent as its UTF-8).
            let value = reqwest::header::HeaderValue::from_bytes(value.as_bytes())
                .unwrap_or_else(|e| panic!("header {name}: {e}"));
            request = request.header(*name, value);
        }
        request = match body {
            Body::None => request,
            Body::Json(value) => request.json(&value),
            Body::Raw { content_type, bytes } => {
                if let Some(ct) = content_type {
                    request = request.header("Content-Type", ct);
                }
                request.body(bytes)
            }
        };
        // A safe method that failed at the transport level (a dropped keep-alive connection) is sent
        // again; anything else fails the test.
        let safe = matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
        let mut tries = if safe { 3 } else { 1 };
        let response = loop {
            let attempt = request
                .try_clone()
                .expect("a request with a buffered body clones");
            match attempt.send().await {
                Ok(response) => break response,
                Err(e) if tries > 1 => {
                    tries -= 1;
                    eprintln!("{method} {path}: transport error, sending again: {e}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("{method} {path}: no response from the worker: {e}"),
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: reading the body failed: {e}"));
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        ApiResponse {
            status,
            headers,
            text,
            json,
        }
    }
}

/// A fresh tenant with its own valid token. Nothing else on the server shares its tenant id.
#[derive(Debug, Clone)]
pub struct TestTenant {
    pub id: String,
    pub sub: String,
    pub token: String,
    api: Api,
}

impl TestTenant {
    /// A new tenant `t-<12 hex>` with user `user-<12 hex>`.
    pub fn new() -> Self {
        Self::with_ids(
            &format!("t-{}", random_hex12()),
            &format!("user-{}", random_hex12()),
        )
    }

    /// A tenant with chosen ids (e.g. the same user in two tenants).
    pub fn with_ids(tenant_id: &str, sub: &str) -> Self {
        Self::with_ids_on(Api::from_env(), tenant_id, sub)
    }

    /// A new tenant on another instance of the worker than `CREGO_API_URL`'s.
    pub fn new_on(api: Api) -> Self {
        let (tenant_id, sub) = (
            format!("t-{}", random_hex12()),
            format!("user-{}", random_hex12()),
        );
        Self::with_ids_on(api, &tenant_id, &sub)
    }

    /// A tenant with chosen ids on this instance of the worker.
    pub fn with_ids_on(api: Api, tenant_id: &str, sub: &str) -> Self {
        Self {
            id: tenant_id.to_string(),
            sub: sub.to_string(),
            token: TokenBuilder::new(tenant_id, sub).mint(),
            api,
        }
    }

    /// A builder for this tenant's token, to break it in one way.
    pub fn token_builder(&self) -> TokenBuilder {
        TokenBuilder::new(&self.id, &self.sub)
    }

    pub fn api(&self) -> &Api {
        &self.api
    }

    /// Sends with this tenant's token.
    pub async fn send(&self, method: &str, path: &str, body: Body) -> ApiResponse {
        let auth = format!("Bearer {}", self.token);
        self.api.send(method, path, Some(&auth), body).await
    }

    /// Sends one request as this tenant, with extra headers.
    pub async fn send_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> ApiResponse {
        let auth = format!("Bearer {}", self.token);
        self.api.send_with(method, path, Some(&auth), headers, body).await
    }

    /// Sends like a careful client under load: a request that `wrangler dev`'s own proxy dropped (it
    /// answers 503 "Your worker restarted mid-request" when it loses a non-GET request under heavy
    /// concurrency; the worker never says this) or that met `409 idempotency_in_progress` is sent again,
    /// up to 20 times. A POST must carry an `Idempotency-Key`, so that a retry can never apply twice:
    /// it replays the first attempt's answer if that one ran.
    pub async fn send_retrying(
        &self,
        method: &str,
        path: &str,
        idempotency_key: Option<&str>,
        body: Body,
    ) -> ApiResponse {
        assert!(
            method != "POST" || idempotency_key.is_some(),
            "a retried POST needs an Idempotency-Key"
        );
        let headers: Vec<(&str, &str)> = idempotency_key
            .map(|k| ("Idempotency-Key", k))
            .into_iter()
            .collect();
        let mut attempt = 0;
        loop {
            let response = self.send_with(method, path, &headers, body.clone()).await;
            let in_progress = response.status == 409 && response.code() == Some("idempotency_in_progress");
            attempt += 1;
            if attempt >= 20 || !(response.is_dev_proxy_drop() || in_progress) {
                return response;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub async fn get(&self, path: &str) -> ApiResponse {
        self.send("GET", path, Body::None).await
    }

    pub async fn delete(&self, path: &str) -> ApiResponse {
        self.send("DELETE", path, Body::None).await
    }

    pub async fn post(&self, path: &str, json: Option<Value>) -> ApiResponse {
        self.send("POST", path, json.map_or(Body::None, Body::Json)).await
    }

    pub async fn patch(&self, path: &str, json: Option<Value>) -> ApiResponse {
        self.send("PATCH", path, json.map_or(Body::None, Body::Json))
            .await
    }
}

impl Default for TestTenant {
    fn default() -> Self {
        Self::new()
    }
}

/// 12 hex digits, distinct per call within a process and (by a random seed) across processes.
pub fn random_hex12() -> String {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    hasher.write_u128(nanos);
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// `?k=v&...` with every value percent-encoded (RFC 3986 unreserved characters kept).
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let joined: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("?{}", joined.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        let q = encode_query(&[
            ("search", "50%_off"),
            ("created_at_after", "2026-01-01T00:00:00+05:30"),
        ]);
        assert_eq!(
            q,
            "?search=50%25_off&created_at_after=2026-01-01T00%3A00%3A00%2B05%3A30"
        );
    }

    #[test]
    fn random_ids_are_12_hex_and_distinct() {
        let a = random_hex12();
        let b = random_hex12();
        assert_eq!(a.len(), 12);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
