//! `GET /health` (no token): liveness without any I/O, and with `?db=1` readiness, which also runs one
//! trivial D1 query, so a probe (and `make bench`'s one-query ceiling) can tell the two apart.

use crego_validation::code;
use worker::{Env, Response};

use crate::error::ApiError;
use crate::http::json_response;
use crate::query::Query;
use crate::store;

pub async fn health(mut query: Query, env: &Env) -> Result<Response, ApiError> {
    let with_db = match query.get("db") {
        None => false,
        Some("1") => true,
        Some(_) => {
            query.refuse("db", code::ENUM, "may only be 1");
            false
        }
    };
    query.check()?;
    if with_db {
        store::ping(&env.d1("DB")?).await?;
        return json_response(
            200,
            &Health {
                status: "ok",
                db: Some("ok"),
            },
        );
    }
    json_response(
        200,
        &Health {
            status: "ok",
            db: None,
        },
    )
}

/// The answer of `GET /health`: `db` only with `?db=1`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(value_type = String)]
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, nullable = false)]
    pub db: Option<&'static str>,
}
