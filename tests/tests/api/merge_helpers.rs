//! Arrange and act steps for merges: a user holding `contacts:merge`, the merge and unmerge calls.

use crego_api_tests::{ApiResponse, TestTenant};
use serde_json::Value;

use crate::contact_helpers::{contact_path, with_scope};
use crate::helpers::{assert_problem, create_namespace};

/// The scope merging needs.
pub const MERGE_SCOPE: &str = "contacts:merge";

/// A new tenant whose user may merge, with the namespace "Retail".
pub async fn merger() -> TestTenant {
    let tenant = with_scope(&TestTenant::new(), MERGE_SCOPE);
    create_namespace(&tenant, "Retail").await;
    tenant
}

/// The same user as `user`, holding its scopes and `contacts:merge`.
pub fn merger_of(user: &TestTenant) -> TestTenant {
    let scope = format!("{} {MERGE_SCOPE}", crate::contact_helpers::APPROVE_SCOPE);
    with_scope(user, &scope)
}

/// `POST /contacts/{id}/merge/` into `survivor`.
pub async fn merge(tenant: &TestTenant, survivor: &Value, body: Value) -> ApiResponse {
    tenant
        .post(&format!("{}merge/", contact_path(survivor)), Some(body))
        .await
}

/// A merge that must succeed; returns the survivor as written.
pub async fn merge_ok(tenant: &TestTenant, survivor: &Value, body: Value) -> Value {
    let response = merge(tenant, survivor, body.clone()).await;
    assert_eq!(response.status, 200, "merge {body}: {}", response.text);
    response.json
}

/// `POST /contacts/{id}/unmerge/` of `survivor`.
pub async fn unmerge(tenant: &TestTenant, survivor: &Value, body: Value) -> ApiResponse {
    tenant
        .post(&format!("{}unmerge/", contact_path(survivor)), Some(body))
        .await
}

/// An unmerge that must succeed; returns the survivor as written.
pub async fn unmerge_ok(tenant: &TestTenant, survivor: &Value, body: Value) -> Value {
    let response = unmerge(tenant, survivor, body.clone()).await;
    assert_eq!(response.status, 200, "unmerge {body}: {}", response.text);
    response.json
}

/// Asserts a `409` of this code whose errors name `field` with `field_code`.
pub fn assert_conflict_on(response: &ApiResponse, code: &str, field: &str, field_code: &str) {
    assert_problem(response, 409, code);
    assert!(
        response.has_field_error(field, field_code),
        "{field} {field_code}: {}",
        response.text
    );
}
