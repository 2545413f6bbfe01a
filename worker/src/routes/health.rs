//! `GET /health` (no token): liveness without any I/O, and with `?db=1` readiness, which also runs one
//! trivial D1 query, so a probe (and `make bench`'s one-query ceiling) can tell the two apart.

use crego_validation::{code, Report};
use worker::{Env, Response};

use crate::error::ApiError;
use crate::http::{json_response, Query};
use crate::store;

pub async fn health(query: Option<&str>, env: &Env) -> Result<Response, ApiError> {
    let mut report = Report::new();
    let query = Query::parse(query, &["db"], &mut report);
    let with_db = match query.get("db") {
        None => false,
        Some("1") => true,
        Some(_) => {
            report.add("db", code::ENUM, "may only be 1");
            false
        }
    };
    if !report.is_empty() {
        return Err(ApiError::InvalidQuery(report));
    }
    if with_db {
        store::ping(&env.d1("DB")?).await?;
        return json_response(200, &serde_json::json!({"status": "ok", "db": "ok"}));
    }
    json_response(200, &serde_json::json!({"status": "ok"}))
}
