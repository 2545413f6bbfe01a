//! How the worker talks to its Durable Objects (`Counters`, `RateLimiter`): one JSON command in a POST
//! to the object named by a key, one JSON answer back. Both sides of that exchange are here once.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{Method, ObjectNamespace, Request, RequestInit, Response, Result, State};

/// Sends `command` to the object of `namespace` named `name` and reads its answer. `url` only names the
/// object kind in logs and traces; the object does not route on it.
pub async fn call<C: Serialize, A: DeserializeOwned>(
    namespace: &ObjectNamespace,
    name: &str,
    url: &str,
    command: &C,
) -> Result<A> {
    let stub = namespace.get_by_name(name)?;
    let body = serde_json::to_string(command)?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_body(Some(JsValue::from_str(&body)));
    let mut response = stub
        .fetch_with_request(Request::new_with_init(url, &init)?)
        .await?;
    if response.status_code() != 200 {
        return Err(worker::Error::RustError(format!(
            "{url} answered {}",
            response.status_code()
        )));
    }
    response.json::<A>().await
}

/// The object's side: reads the command, runs `answer` on it (storage calls only, all synchronous, so
/// the command is atomic) and sends the answer back as JSON; a command that does not parse is a 400.
pub async fn serve<C: DeserializeOwned, A: Serialize>(
    mut req: Request,
    answer: impl FnOnce(C) -> Result<A>,
) -> Result<Response> {
    let command: C = match req.json().await {
        Ok(c) => c,
        Err(_) => return Response::error("bad command", 400),
    };
    Response::from_json(&answer(command)?)
}

/// An object's state, its table created first (`CREATE TABLE IF NOT EXISTS`): a failure is logged, and
/// the object's first command then fails (an unavailable counter, or a rate limit let through).
pub fn with_table(state: State, create: &str, object: &str) -> State {
    if let Err(e) = state.storage().sql().exec(create, None) {
        worker::console_error!("{object}: cannot create its table: {e}");
    }
    state
}
