//! Authentication: HS256 bearer tokens with pinned alg, required claims, issuer and audience.

use crate::helpers::{assert_problem, namespace_count};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crego_api_tests::client::random_hex12;
use crego_api_tests::{Api, ApiResponse, Body, Signing, TestTenant};
use serde_json::json;

/// GET /namespaces/ with a raw Authorization header (or none).
async fn list_with(api: &Api, authorization: Option<&str>) -> ApiResponse {
    api.send("GET", "/namespaces/", authorization, Body::None).await
}

/// Asserts a 401 problem with a Bearer challenge.
fn assert_unauthorized(response: &ApiResponse) {
    assert_problem(response, 401, "unauthorized");
    let challenge = response.header("www-authenticate");
    assert!(challenge.starts_with("Bearer"), "WWW-Authenticate: {challenge:?}");
}

/// Asserts this token is refused on the list route.
async fn assert_token_refused(tenant: &TestTenant, token: &str) {
    let response = list_with(tenant.api(), Some(&format!("Bearer {token}"))).await;
    assert_unauthorized(&response);
}

#[tokio::test]
async fn health_answers_ok_without_a_token() {
    let api = Api::from_env();

    let response = api.send("GET", "/health", None, Body::None).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json, json!({"status": "ok"}));
}

#[tokio::test]
async fn health_with_db_runs_a_query_and_other_parameters_are_refused() {
    let api = Api::from_env();

    let response = api.send("GET", "/health?db=1", None, Body::None).await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json, json!({"status": "ok", "db": "ok"}));

    for query in ["db=0", "db=", "verbose=1", "db=1&db=1"] {
        let response = api
            .send("GET", &format!("/health?{query}"), None, Body::None)
            .await;
        assert_eq!(response.status, 400, "{query}: {}", response.text);
        assert_eq!(response.json["code"], "invalid_query", "{query}");
    }
}

#[tokio::test]
async fn a_valid_token_is_accepted() {
    let tenant = TestTenant::new();

    let response = tenant.get("/namespaces/").await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["count"], 0);
}

#[tokio::test]
async fn a_request_without_a_token_is_refused_with_a_bearer_challenge() {
    let api = Api::from_env();

    let response = list_with(&api, None).await;

    assert_unauthorized(&response);
}

#[tokio::test]
async fn an_authorization_header_that_is_not_bearer_is_refused() {
    let tenant = TestTenant::new();

    for header in [
        format!("Basic {}", URL_SAFE_NO_PAD.encode("user:password")),
        format!("Token {}", tenant.token),
        tenant.token.clone(),
        "Bearer".to_string(),
        "Bearer ".to_string(),
    ] {
        let response = list_with(tenant.api(), Some(&header)).await;
        assert_unauthorized(&response);
    }
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let tenant = TestTenant::new();
    let token = tenant
        .token_builder()
        .secret("not-the-server-secret-at-all-0002")
        .mint();

    assert_token_refused(&tenant, &token).await;
}

#[tokio::test]
async fn a_token_whose_signature_was_tampered_with_is_refused() {
    let tenant = TestTenant::new();
    let other = TestTenant::new();
    // Tenant A's claims with tenant B's (valid) signature.
    let (a_input, _) = tenant.token.rsplit_once('.').unwrap();
    let (_, b_signature) = other.token.rsplit_once('.').unwrap();

    assert_token_refused(&tenant, &format!("{a_input}.{b_signature}")).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let tenant = TestTenant::new();
    let token = tenant.token_builder().ttl_seconds(-600).mint();

    assert_token_refused(&tenant, &token).await;
}

#[tokio::test]
async fn a_token_expired_within_the_leeway_is_still_accepted() {
    let tenant = TestTenant::new();
    let token = tenant.token_builder().ttl_seconds(-15).mint();

    let response = list_with(tenant.api(), Some(&format!("Bearer {token}"))).await;

    assert_eq!(response.status, 200, "{}", response.text);
}

#[tokio::test]
async fn a_token_with_alg_none_and_no_signature_is_refused() {
    let tenant = TestTenant::new();

    assert_token_refused(&tenant, &tenant.token_builder().alg_none().mint()).await;
    let upper = tenant.token_builder().header_alg("NONE").signing(Signing::Empty);
    assert_token_refused(&tenant, &upper.mint()).await;
}

#[tokio::test]
async fn a_token_signed_with_hs384_is_refused() {
    let tenant = TestTenant::new();

    assert_token_refused(&tenant, &tenant.token_builder().hs384().mint()).await;
}

#[tokio::test]
async fn a_token_labelled_with_another_alg_is_refused_even_with_a_valid_hs256_signature() {
    let tenant = TestTenant::new();

    for alg in ["HS384", "HS512", "RS256", "ES256", "hs256"] {
        let token = tenant.token_builder().header_alg(alg).mint();
        assert_token_refused(&tenant, &token).await;
    }
}

#[tokio::test]
async fn a_token_without_tenant_id_is_refused() {
    let tenant = TestTenant::new();

    assert_token_refused(&tenant, &tenant.token_builder().without("tenant_id").mint()).await;
}

#[tokio::test]
async fn a_token_without_sub_is_refused() {
    let tenant = TestTenant::new();

    assert_token_refused(&tenant, &tenant.token_builder().without("sub").mint()).await;
}

#[tokio::test]
async fn a_token_without_exp_is_refused() {
    let tenant = TestTenant::new();

    assert_token_refused(&tenant, &tenant.token_builder().without("exp").mint()).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let tenant = TestTenant::new();
    let token = tenant.token_builder().claim("iss", json!("someone-else")).mint();

    assert_token_refused(&tenant, &token).await;
    assert_token_refused(&tenant, &tenant.token_builder().without("iss").mint()).await;
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let tenant = TestTenant::new();
    let token = tenant.token_builder().claim("aud", json!("another-api")).mint();

    assert_token_refused(&tenant, &token).await;
    assert_token_refused(&tenant, &tenant.token_builder().without("aud").mint()).await;
}

#[tokio::test]
async fn a_tenant_id_outside_the_allowed_pattern_is_refused() {
    let tenant = TestTenant::new();

    for bad in [
        json!(""),
        json!("acme tenant"),
        json!("acme/01"),
        json!("x".repeat(65)),
        json!(42),
    ] {
        let token = tenant.token_builder().claim("tenant_id", bad).mint();
        assert_token_refused(&tenant, &token).await;
    }
}

#[tokio::test]
async fn a_tenant_id_of_64_allowed_characters_is_accepted() {
    let prefix = format!("t.{}_", random_hex12());
    let id: String = prefix.chars().chain("A-9".chars().cycle()).take(64).collect();
    let tenant = TestTenant::with_ids(&id, "user-1");

    let response = tenant.get("/namespaces/").await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["count"], 0);
}

#[tokio::test]
async fn malformed_tokens_are_refused() {
    let tenant = TestTenant::new();
    let (header, rest) = tenant.token.split_once('.').unwrap();
    let not_json = URL_SAFE_NO_PAD.encode("not json");

    for token in [
        "abc".to_string(),
        "a.b".to_string(),
        format!("{}.extra", tenant.token),
        "!!!.###.$$$".to_string(),
        format!("{not_json}.{rest}"),
        format!("{header}.{not_json}.{}", tenant.token.rsplit_once('.').unwrap().1),
        "..".to_string(),
    ] {
        assert_token_refused(&tenant, &token).await;
    }
}

#[tokio::test]
async fn a_refused_token_stores_nothing() {
    let tenant = TestTenant::new();
    let forged = tenant
        .token_builder()
        .secret("forged-secret-forged-secret-0003")
        .mint();

    let response = tenant
        .api()
        .send(
            "POST",
            "/namespaces/",
            Some(&format!("Bearer {forged}")),
            Body::Json(json!({"name": "Retail"})),
        )
        .await;

    assert_unauthorized(&response);
    assert_eq!(namespace_count(&tenant).await, 0);
}
