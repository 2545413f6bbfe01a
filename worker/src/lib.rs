//! The Crego Contact API worker. A request: `fetch` reads the settings (`config`), resolves the path to
//! an endpoint of the table (`routes::endpoints`: 404, 405), authenticates a tenant's operation (`auth`,
//! then `rate_limit`), and runs its handler in `routes`, which checks the input with `validation`, talks
//! to D1 through `store` and answers; every error becomes problem+json in `error`. See
//! docs/ARCHITECTURE.md.
//!
//! - `config`: the vars and secrets, read once per request (JWT, CORS, faults, rate limits, the keys of
//!   personal data, the retention period)
//! - `auth`: bearer JWT → `Principal` (tenant, user, scopes)
//! - `cors`: the allowed origins and their headers, for every response and the preflight
//! - `error`: the one `ApiError` and its problem+json rendering
//! - `http`: JSON bodies, JSON responses, If-Match
//! - `query`: query parameters, checked against what the endpoint takes
//! - `idempotency`: Idempotency-Key on POST (replays in KV, claims in D1)
//! - `pii`: personal data: sealed or masked at rest with keyed tokens, shown masked or (with `pii:read`,
//!   recorded) in clear
//! - `routes`: the endpoint table, routing, and one module of handlers per resource
//! - `store`: the SQL of each resource, always bound to the caller's tenant; the audit trail
//! - `domain`: pure logic (the approval state machine, dedupe keys and scores, time, ids, paging),
//!   unit-tested natively
//! - `durable`: the JSON exchange with a Durable Object, both sides
//! - `counter`: the Durable Object that issues ref numbers
//! - `rate_limit`: the Durable Object that keeps each tenant's request budget (token bucket)
//! - `schema`: response shapes assembled as JSON in SQL, written down for the OpenAPI document

pub mod auth;
pub mod config;
pub mod cors;
pub mod counter;
pub mod domain;
pub mod durable;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod pii;
pub mod query;
pub mod rate_limit;
pub mod routes;
pub mod schema;
pub mod store;

use worker::{event, Context, Date, Env, Method, Request, Response};

use crate::config::Config;
use crate::cors::CorsPolicy;
use crate::counter::CounterClient;
use crate::domain::time::{dev_clock, Timestamp, DEV_CLOCK_HEADER};
use crate::error::ApiError;
use crate::pii::Pii;
use crate::query::{path_and_query, Query};
use crate::rate_limit::RateLimitClient;
use crate::routes::endpoints::{allowed, operation_id, serving, Op};
use crate::routes::Ctx;
use crate::store::{Fault, Store};

pub use crate::counter::Counters;
pub use crate::rate_limit::RateLimiter;

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let config = Config::from_env(&env);
    let origin = req.headers().get("Origin").ok().flatten();
    let (result, cors_headers) = if req.method() == Method::Options {
        preflight(&req, &config.cors, origin.as_deref())
    } else {
        (
            handle(&mut req, &env, &config).await,
            config.cors.headers(origin.as_deref()),
        )
    };
    let mut response = result.unwrap_or_else(ApiError::into_response);
    for (name, value) in cors_headers {
        let _ = response.headers_mut().set(name, &value);
    }
    if req.method() == Method::Head {
        // The GET answer's status and headers, without its body.
        let headers = response.headers().clone();
        let status = response.status_code();
        return Ok(Response::empty()?.with_status(status).with_headers(headers));
    }
    Ok(response)
}

/// `OPTIONS`: the CORS preflight of a known route (204, with CORS headers only for an allowed origin).
fn preflight(
    req: &Request,
    cors: &CorsPolicy,
    origin: Option<&str>,
) -> (Result<Response, ApiError>, Vec<(&'static str, String)>) {
    let url = req.inner().url();
    let Some(resolved) = routes::resolve(path_and_query(&url).0) else {
        return (Err(ApiError::NotFound), cors.headers(origin));
    };
    let methods = allowed(resolved.template);
    let headers = cors.preflight_headers(origin, &methods);
    let response = http::no_content().and_then(|r| {
        r.headers().set("Allow", &methods.join(", "))?;
        Ok(r)
    });
    (response, headers)
}

async fn handle(req: &mut Request, env: &Env, config: &Config) -> Result<Response, ApiError> {
    let url = req.inner().url();
    let (path, raw_query) = path_and_query(&url);
    let resolved = routes::resolve(path).ok_or(ApiError::NotFound)?;
    let method = req.method();
    // workers-rs reads a method it does not know (PURGE, PROPFIND, ...) as GET: such a request is
    // refused like any other method the route does not allow, not served as a read.
    let known = req.inner().method().eq_ignore_ascii_case(method.as_ref());
    let endpoint = serving(resolved.template, &method)
        .filter(|_| known)
        .ok_or_else(|| ApiError::MethodNotAllowed(allowed(resolved.template)))?;
    let query = Query::parse(raw_query, endpoint.query);
    let op = match endpoint.op {
        Op::Public(op) => return routes::serve_public(op, query, env).await,
        Op::Tenant(op) => op,
    };
    let clock = req.headers().get(DEV_CLOCK_HEADER).ok().flatten();
    let now = dev_clock(config.faults, clock.as_deref())
        .unwrap_or_else(|| Timestamp::now_from_millis(Date::now().as_millis()));
    let authorization = req.headers().get("Authorization").ok().flatten();
    let principal = auth::authenticate(authorization.as_deref(), config.auth()?, now.seconds())?;
    rate_limit(env, config, &principal.tenant_id).await?;
    let fault = Fault::requested(
        config.faults,
        req.headers().get(Fault::HEADER).ok().flatten().as_deref(),
    );
    let pii = Pii::new(
        config.pii_keys.clone(),
        &principal.tenant_id,
        principal.has_scope(pii::READ_SCOPE),
    );
    let ctx = Ctx {
        store: Store::new(env.d1("DB")?, &principal.tenant_id).with_fault(fault),
        counters: CounterClient::new(env.durable_object("COUNTERS")?),
        principal,
        now,
        pii,
        retention_years: config.retention_years.clone(),
    };
    let id = resolved.id;
    if method == Method::Post {
        if let Some(key) = idempotency::key_of(req)? {
            let kv = env
                .kv("KV")
                .map_err(|e| ApiError::Internal(format!("KV binding: {e}")))?;
            let ctx = &ctx;
            let caller = idempotency::Caller {
                tenant: &ctx.principal.tenant_id,
                user: &ctx.principal.user_id,
                pii: &ctx.pii,
                operation: operation_id(Op::Tenant(op)),
            };
            return idempotency::run(
                &key,
                req,
                &kv,
                &ctx.store,
                caller,
                ctx.now,
                move |mut replayable| async move {
                    routes::dispatch(op, id, &mut replayable, query, ctx).await
                },
            )
            .await;
        }
    }
    routes::dispatch(op, id, req, query, &ctx).await
}

/// Takes a token of the tenant's request budget when rate limits are on (429 when spent).
async fn rate_limit(env: &Env, config: &Config, tenant: &str) -> Result<(), ApiError> {
    let Some(limits) = config.rate_limits else {
        return Ok(());
    };
    match env.durable_object("RATE_LIMITER") {
        Ok(namespace) => RateLimitClient::new(namespace, limits).check(tenant).await,
        Err(e) => {
            worker::console_error!("RATE_LIMITER binding (request let through): {e}");
            Ok(())
        }
    }
}
