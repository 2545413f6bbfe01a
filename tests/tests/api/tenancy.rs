//! Tenancy: another tenant's namespace is indistinguishable from a missing one, everywhere.

use crate::helpers::{
    assert_problem, create_account_namespace, create_namespace, get_namespace, list_namespaces,
    namespace_count, ns_path, result_ids,
};
use crego_api_tests::TestTenant;
use serde_json::json;

#[tokio::test]
async fn another_tenants_namespace_is_not_found_on_every_route() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let ns = create_account_namespace(&owner, "Retail", "A-{SEQ}", 1).await;
    let path = ns_path(&ns);

    let read = stranger.get(&path).await;
    let patch = stranger
        .patch(&path, Some(json!({"name": "Hijacked", "account_counter": 9})))
        .await;
    let draw = stranger.post(&format!("{path}account-refs/"), None).await;
    let delete = stranger.delete(&path).await;

    for response in [&read, &patch, &draw, &delete] {
        assert_problem(response, 404, "not_found");
    }
    assert_eq!(get_namespace(&owner, &ns).await, ns);
    assert_eq!(namespace_count(&owner).await, 1);
}

#[tokio::test]
async fn a_foreign_404_is_identical_to_a_missing_404() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    let ns = create_namespace(&owner, "Retail").await;

    let foreign = stranger.get(&ns_path(&ns)).await;
    let missing = stranger.get("/namespaces/01ARZ3NDEKTSV4RRFFQ69G5FAV/").await;

    assert_problem(&foreign, 404, "not_found");
    // `detail` and `instance` may name the requested id; everything else must match.
    let strip = |mut v: serde_json::Value| {
        if let Some(o) = v.as_object_mut() {
            o.remove("detail");
            o.remove("instance");
        }
        v
    };
    assert_eq!(strip(foreign.json.clone()), strip(missing.json.clone()));
    assert!(
        !foreign.text.contains(&owner.id),
        "the owner leaks: {}",
        foreign.text
    );
}

#[tokio::test]
async fn another_tenants_namespaces_never_appear_in_a_list_or_count() {
    let owner = TestTenant::new();
    let stranger = TestTenant::new();
    create_namespace(&owner, "Retail").await;
    create_namespace(&owner, "Corporate").await;
    let own = create_namespace(&stranger, "Strangers").await;

    let all = list_namespaces(&stranger, &[]).await;
    let searched = list_namespaces(&stranger, &[("search", "Retail")]).await;

    assert_eq!(all["count"], 1);
    assert_eq!(all["total_pages"], 1);
    assert_eq!(result_ids(&all), [own["id"].as_str().unwrap()]);
    assert_eq!(searched["count"], 0);
    assert_eq!(searched["results"], json!([]));
    assert_eq!(namespace_count(&owner).await, 2);
}

#[tokio::test]
async fn a_tenant_may_reuse_a_name_another_tenant_uses() {
    let owner = TestTenant::new();
    let other = TestTenant::new();
    let original = create_namespace(&owner, "Retail").await;

    let response = other.post("/namespaces/", Some(json!({"name": "retail"}))).await;

    assert_eq!(response.status, 201, "{}", response.text);
    assert_eq!(response.json["tenant_id"], other.id.as_str());
    assert_ne!(response.json["id"], original["id"]);
    assert_eq!(get_namespace(&owner, &original).await, original);
    assert_eq!(namespace_count(&owner).await, 1);
}

#[tokio::test]
async fn the_same_user_in_two_tenants_sees_each_tenant_apart() {
    let first = TestTenant::new();
    let second = TestTenant::with_ids(&format!("{}-b", first.id), &first.sub);
    let ns = create_namespace(&first, "Retail").await;

    let response = second.get(&ns_path(&ns)).await;

    assert_problem(&response, 404, "not_found");
    assert_eq!(namespace_count(&second).await, 0);
}

#[tokio::test]
async fn a_tenants_draws_do_not_move_another_tenants_counters() {
    let first = TestTenant::new();
    let second = TestTenant::new();
    let a = create_account_namespace(&first, "Loans", "A-{SEQ}", 1).await;
    let b = create_account_namespace(&second, "Loans", "A-{SEQ}", 1).await;

    let a_draw = first.post(&format!("{}account-refs/", ns_path(&a)), None).await;
    let b_draw = second.post(&format!("{}account-refs/", ns_path(&b)), None).await;

    assert_eq!((a_draw.status, b_draw.status), (201, 201));
    assert_eq!(a_draw.json["ref_id"], "A-1");
    assert_eq!(b_draw.json["ref_id"], "A-1");
}
