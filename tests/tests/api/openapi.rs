//! `GET /openapi.json` (CONTRACT §8): the committed document, served without a token. Its content is
//! tested natively (crate `openapi`), and the live worker against it by schemathesis (phase "schema").

use crego_api_tests::{Api, Body};
use serde_json::Value;

/// What the worker embeds and serves.
const COMMITTED: &str = include_str!("../../../worker/openapi.json");

#[tokio::test]
async fn the_document_is_served_without_a_token_and_is_the_committed_one() {
    let api = Api::from_env();

    let response = api.send("GET", "/openapi.json", None, Body::None).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert!(response.header("content-type").starts_with("application/json"));
    let committed: Value = serde_json::from_str(COMMITTED).expect("worker/openapi.json is JSON");
    assert_eq!(response.json, committed);
    assert!(response.json["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
}

#[tokio::test]
async fn the_document_takes_no_query_parameters_and_no_other_method() {
    let api = Api::from_env();

    let query = api
        .send("GET", "/openapi.json?format=yaml", None, Body::None)
        .await;
    assert_eq!(query.status, 400, "{}", query.text);
    assert_eq!(query.json["code"], "invalid_query");

    let post = api.send("POST", "/openapi.json", None, Body::None).await;
    assert_eq!(post.status, 405, "{}", post.text);
    assert_eq!(post.header("allow"), "GET, HEAD");
}
