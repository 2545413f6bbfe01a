//! `RateLimiter`: a token bucket per tenant in a Durable Object, and the worker's client for it.
//!
//! Off unless the var `RATE_LIMIT_PER_MINUTE` is above 0. Then every authenticated request takes one
//! token from its tenant's bucket, which holds at most `RATE_LIMIT_BURST` tokens (default: a minute's
//! worth) and refills continuously at `RATE_LIMIT_PER_MINUTE`. An empty bucket is a `429` whose
//! `Retry-After` is the whole seconds until the next token. Why an object: one per tenant serialises that
//! tenant's requests across isolates; each take reads and writes its SQLite row with synchronous calls
//! only, so two requests never spend the same token. A limiter that fails lets the request through
//! (logged): it protects the API and must never be the reason it is down.

use serde::{Deserialize, Serialize};
use worker::{durable_object, Date, DurableObject, Env, ObjectNamespace, Request, Response, Result, State};

use crate::durable;
use crate::error::ApiError;

const CREATE_BUCKET: &str = "CREATE TABLE IF NOT EXISTS bucket \
     (id INTEGER PRIMARY KEY CHECK (id = 1), tokens REAL NOT NULL, at_ms REAL NOT NULL)";
const READ_BUCKET: &str = "SELECT tokens, at_ms FROM bucket WHERE id = 1";
const WRITE_BUCKET: &str = "INSERT INTO bucket (id, tokens, at_ms) VALUES (1, ?, ?) \
     ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens, at_ms = excluded.at_ms";

/// The configured limits (both at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub per_minute: u32,
    pub burst: u32,
}

impl Limits {
    /// The limits from the vars' values; `None` (off) when the rate is absent, 0 or not a number.
    /// A burst that is absent, 0 or not a number is one minute's worth.
    pub fn from_vars(per_minute: Option<&str>, burst: Option<&str>) -> Option<Limits> {
        let number = |v: Option<&str>| v.and_then(|v| v.trim().parse::<u32>().ok()).filter(|n| *n > 0);
        let per_minute = number(per_minute)?;
        Some(Limits {
            per_minute,
            burst: number(burst).unwrap_or(per_minute),
        })
    }
}

/// A tenant's bucket: the tokens left at `at_ms` (ms since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub tokens: f64,
    pub at_ms: f64,
}

/// The answer to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Take {
    Allowed,
    Refused { retry_after: u32 },
}

/// Takes one token at `now_ms` from `bucket` (a new bucket is full): the bucket after, and the answer.
pub fn take(bucket: Option<Bucket>, limits: Limits, now_ms: f64) -> (Bucket, Take) {
    let burst = f64::from(limits.burst);
    let per_ms = f64::from(limits.per_minute) / 60_000.0;
    let tokens = match bucket {
        // A clock that steps back refills nothing.
        Some(b) => (b.tokens + (now_ms - b.at_ms).max(0.0) * per_ms).min(burst),
        None => burst,
    };
    if tokens >= 1.0 {
        let after = Bucket {
            tokens: tokens - 1.0,
            at_ms: now_ms,
        };
        return (after, Take::Allowed);
    }
    let wait_seconds = ((1.0 - tokens) / per_ms / 1000.0).ceil();
    let retry_after = if wait_seconds.is_finite() {
        wait_seconds.clamp(1.0, f64::from(u32::MAX)) as u32
    } else {
        1
    };
    (
        Bucket {
            tokens,
            at_ms: now_ms,
        },
        Take::Refused { retry_after },
    )
}

#[durable_object]
pub struct RateLimiter {
    state: State,
}

impl DurableObject for RateLimiter {
    fn new(state: State, _env: Env) -> Self {
        let state = durable::with_table(state, CREATE_BUCKET, "rate limiter");
        RateLimiter { state }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        durable::serve(req, |limits: Limits| {
            let now_ms = Date::now().as_millis() as f64;
            let sql = self.state.storage().sql();
            let rows: Vec<Bucket> = sql.exec(READ_BUCKET, None)?.to_array()?;
            let (bucket, answer) = take(rows.first().copied(), limits, now_ms);
            sql.exec(WRITE_BUCKET, vec![bucket.tokens.into(), bucket.at_ms.into()])?;
            Ok(answer)
        })
        .await
    }
}

/// The worker's side: one object per tenant.
pub struct RateLimitClient {
    namespace: ObjectNamespace,
    limits: Limits,
}

impl RateLimitClient {
    pub fn new(namespace: ObjectNamespace, limits: Limits) -> Self {
        RateLimitClient { namespace, limits }
    }

    /// Takes a token of `tenant`'s bucket: `429` when it is empty. Fails open: a limiter that cannot
    /// answer is logged and the request goes on.
    pub async fn check(&self, tenant: &str) -> std::result::Result<(), ApiError> {
        let asked = durable::call(
            &self.namespace,
            tenant,
            "https://rate-limiter.internal/",
            &self.limits,
        );
        match asked.await {
            Ok(Take::Allowed) => Ok(()),
            Ok(Take::Refused { retry_after }) => Err(ApiError::RateLimited { retry_after }),
            Err(e) => {
                worker::console_error!("rate limiter failed (request let through): {e}");
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIXTY: Limits = Limits {
        per_minute: 60,
        burst: 5,
    };

    #[test]
    fn limits_are_off_unless_the_rate_is_a_positive_number() {
        assert_eq!(Limits::from_vars(None, Some("5")), None);
        assert_eq!(Limits::from_vars(Some("0"), Some("5")), None);
        assert_eq!(Limits::from_vars(Some("lots"), None), None);
        assert_eq!(Limits::from_vars(Some("60"), Some("5")), Some(SIXTY));
        let default_burst = Limits::from_vars(Some(" 120 "), Some("0"));
        assert_eq!(default_burst.map(|l| l.burst), Some(120));
    }

    #[test]
    fn a_new_bucket_allows_a_burst_then_refuses_with_the_seconds_to_the_next_token() {
        let mut bucket = None;
        for _ in 0..5 {
            let (after, answer) = take(bucket, SIXTY, 1_000.0);
            assert_eq!(answer, Take::Allowed);
            bucket = Some(after);
        }
        let (after, answer) = take(bucket, SIXTY, 1_000.0);
        assert_eq!(answer, Take::Refused { retry_after: 1 });
        // Refusals spend nothing; a second later one token is back.
        let (_, answer) = take(Some(after), SIXTY, 2_000.0);
        assert_eq!(answer, Take::Allowed);
    }

    #[test]
    fn the_bucket_refills_at_the_rate_up_to_the_burst_and_never_from_a_clock_stepping_back() {
        let empty = Bucket {
            tokens: 0.0,
            at_ms: 10_000.0,
        };
        let (after, _) = take(Some(empty), SIXTY, 1_000_000.0);
        assert_eq!(after.tokens, 4.0, "full at 5, one taken");
        let (_, answer) = take(Some(empty), SIXTY, 9_000.0);
        assert_eq!(answer, Take::Refused { retry_after: 1 });
        let slow = Limits {
            per_minute: 2,
            burst: 1,
        };
        let (_, answer) = take(Some(empty), slow, 10_000.0);
        assert_eq!(answer, Take::Refused { retry_after: 30 });
    }
}
