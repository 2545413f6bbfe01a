//! The Crego Contact API worker.
//!
//! - `auth`: bearer JWT → `Principal` (tenant, user, scopes)
//! - `cors`: the allowed origins and their headers, for every response and the preflight
//! - `error`: the one `ApiError` and its problem+json rendering
//! - `http`: query parameters, JSON bodies, JSON responses, If-Match
//! - `idempotency`: Idempotency-Key on POST (replays in KV, claims in D1)
//! - `routes`: the route table and one module of handlers per resource
//! - `store`: the SQL of each resource, always bound to the caller's tenant
//! - `counter`: the Durable Object that issues ref numbers
//! - `rate_limit`: the Durable Object that keeps each tenant's request budget (token bucket)
//! - `domain`: pure logic (time, ids, paging), unit-tested natively

pub mod auth;
pub mod cors;
pub mod counter;
pub mod domain;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod rate_limit;
pub mod routes;
pub mod schema;
pub mod store;

use worker::{event, Context, Date, Env, Method, Request, Response};

use crate::auth::AuthConfig;
use crate::cors::CorsPolicy;
use crate::counter::CounterClient;
use crate::domain::time::Timestamp;
use crate::error::ApiError;
use crate::rate_limit::{Limits, RateLimitClient};
use crate::routes::{Ctx, Route};
use crate::store::{Fault, Store};

pub use crate::counter::Counters;
pub use crate::rate_limit::RateLimiter;

/// A secret shorter than this is refused: HS256 keys should carry at least 256 bits.
const MIN_SECRET_BYTES: usize = 32;

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let cors = CorsPolicy::from_list(&var(&env, "CORS_ALLOWED_ORIGINS").unwrap_or_default());
    let origin = req.headers().get("Origin").ok().flatten();
    let (result, cors_headers) = if req.method() == Method::Options {
        preflight(&req, &cors, origin.as_deref())
    } else {
        (handle(&mut req, &env).await, cors.headers(origin.as_deref()))
    };
    let mut response = result.unwrap_or_else(ApiError::into_response);
    for (name, value) in cors_headers {
        let _ = response.headers_mut().set(name, &value);
    }
    Ok(response)
}

/// `OPTIONS`: the CORS preflight of a known route (204, with CORS headers only for an allowed origin).
fn preflight(
    req: &Request,
    cors: &CorsPolicy,
    origin: Option<&str>,
) -> (Result<Response, ApiError>, Vec<(&'static str, String)>) {
    let url = match req.url() {
        Ok(url) => url,
        Err(e) => return (Err(e.into()), Vec::new()),
    };
    let Some(route) = Route::resolve(url.path()) else {
        return (Err(ApiError::NotFound), cors.headers(origin));
    };
    let headers = cors.preflight_headers(origin, route.methods());
    let response = http::no_content().and_then(|r| {
        let allow: Vec<&str> = route.methods().iter().map(error::method_name).collect();
        r.headers().set("Allow", &allow.join(", "))?;
        Ok(r)
    });
    (response, headers)
}

async fn handle(req: &mut Request, env: &Env) -> Result<Response, ApiError> {
    let url = req.url()?;
    let route = Route::resolve(url.path()).ok_or(ApiError::NotFound)?;
    let method = req.method();
    // workers-rs reads a method it does not know (PURGE, PROPFIND, ...) as GET: such a request is
    // refused like any other method the route does not allow, not served as a read.
    let known = req.inner().method().eq_ignore_ascii_case(method.as_ref());
    if !known || !route.methods().contains(&method) {
        return Err(ApiError::MethodNotAllowed(route.methods()));
    }
    match route {
        Route::Health => return routes::health::health(url.query(), env).await,
        Route::OpenApi => return routes::openapi::openapi(url.query()),
        _ => {}
    }
    let now = Timestamp::now_from_millis(Date::now().as_millis());
    let authorization = req.headers().get("Authorization").ok().flatten();
    let principal = auth::authenticate(authorization.as_deref(), &auth_config(env)?, now.seconds())?;
    rate_limit(env, &principal.tenant_id).await?;
    let fault = Fault::requested(
        var(env, "CREGO_FAULTS").as_deref(),
        req.headers().get(Fault::HEADER).ok().flatten().as_deref(),
    );
    let ctx = Ctx {
        store: Store::new(env.d1("DB")?, &principal.tenant_id).with_fault(fault),
        counters: CounterClient::new(env.durable_object("COUNTERS")?),
        principal,
        now,
    };
    if method == Method::Post {
        if let Some(key) = idempotency::key_of(req)? {
            let kv = env
                .kv("KV")
                .map_err(|e| ApiError::Internal(format!("KV binding: {e}")))?;
            let (query, ctx) = (url.query(), &ctx);
            let tenant = ctx.principal.tenant_id.as_str();
            return idempotency::run(
                &key,
                req,
                &kv,
                &ctx.store,
                tenant,
                ctx.now,
                move |mut replayable| async move {
                    routes::dispatch(route, Method::Post, &mut replayable, query, ctx).await
                },
            )
            .await;
        }
    }
    routes::dispatch(route, method, req, url.query(), &ctx).await
}

/// A var's value, when it is set.
fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string())
}

/// Takes a token of the tenant's request budget when `RATE_LIMIT_PER_MINUTE` is on (429 when spent).
async fn rate_limit(env: &Env, tenant: &str) -> Result<(), ApiError> {
    let per_minute = var(env, "RATE_LIMIT_PER_MINUTE");
    let burst = var(env, "RATE_LIMIT_BURST");
    let Some(limits) = Limits::from_vars(per_minute.as_deref(), burst.as_deref()) else {
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

fn auth_config(env: &Env) -> Result<AuthConfig, ApiError> {
    let secret = env
        .secret("JWT_SECRET")
        .map(|s| s.to_string())
        .map_err(|_| ApiError::Internal("JWT_SECRET is not set".into()))?;
    if secret.len() < MIN_SECRET_BYTES {
        return Err(ApiError::Internal(format!(
            "JWT_SECRET is shorter than {MIN_SECRET_BYTES} bytes"
        )));
    }
    let optional = |name: &str| {
        env.var(name)
            .ok()
            .map(|v| v.to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(AuthConfig {
        secret: secret.into_bytes(),
        issuer: optional("JWT_ISSUER"),
        audience: optional("JWT_AUDIENCE"),
    })
}
