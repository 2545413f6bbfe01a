//! The smaller cases of issue 14, one test each: the audit rows of a cleared primary account and of a
//! delete that loses its If-Match race (read from the D1 file on disk: no route shows them), search
//! folding case alike at every length, `Vary: Origin` on every answer, a PATCH restating a contact, the
//! `Bearer` scheme in any case, and `HEAD` on every `GET` route.

use crego_api_tests::{Api, Body, D1File, TestTenant};
use futures::future::join;
use serde_json::{json, Value};

use crate::contact_helpers::{
    contact_body, contact_path, create_contact_with, get_contact, history, list_contacts, with,
};
use crate::helpers::{assert_problem, create_namespace, id_of};
use crate::sub_helpers::{bank_body, create_doc, item, owner_contact, BANKS};

fn disk() -> D1File {
    D1File::from_var("CREGO_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_STATE_DIR must name the server's state directory"))
}

/// The audit rows of one object on disk: `(action, after)` each, oldest first.
fn audit_rows(tenant: &TestTenant, object_id: &str) -> Vec<(String, Value)> {
    let rows = disk().query(
        "SELECT action, after FROM audit_log WHERE tenant_id = ?1 AND object_id = ?2 ORDER BY at, id",
        &[&tenant.id, object_id],
    );
    rows.into_iter()
        .map(|r| {
            let action = r[0].as_str().unwrap_or_default().to_string();
            let after = r[1]
                .as_str()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or(Value::Null);
            (action, after)
        })
        .collect()
}

#[tokio::test]
async fn a_new_primary_account_records_the_account_it_clears_in_the_audit_trail() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let first = with(bank_body(&contact, "111122223333"), json!({"is_primary": true}));
    let first = create_doc(&tenant, BANKS, first).await;

    let second = with(bank_body(&contact, "444455556666"), json!({"is_primary": true}));
    create_doc(&tenant, BANKS, second).await;

    let rows = audit_rows(&tenant, &id_of(&first));
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert_eq!(rows[1].1["doc"]["is_primary"], json!(false), "{:?}", rows[1].1);
    assert_eq!(rows[1].1["version"], json!(2));
}

#[tokio::test]
async fn a_delete_that_loses_its_if_match_race_records_no_delete() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    for round in 0..12 {
        let bank = create_doc(
            &tenant,
            BANKS,
            bank_body(&contact, &format!("90000000{round:04}")),
        )
        .await;
        let path = item(BANKS, &bank);
        let version_one = [("If-Match", "\"1\"")];
        let (patched, deleted) = join(
            tenant.patch(&path, Some(json!({"bank_name": "State Bank"}))),
            tenant.send_with("DELETE", &path, &version_one, Body::None),
        )
        .await;

        let deletes = audit_rows(&tenant, &id_of(&bank))
            .into_iter()
            .filter(|(a, _)| a == "delete")
            .count();
        match deleted.status {
            204 => assert_eq!(deletes, 1, "round {round}"),
            _ => {
                assert_eq!(deleted.status, 412, "round {round}: {}", deleted.text);
                assert_eq!(patched.status, 200, "round {round}: {}", patched.text);
                assert_eq!(deletes, 0, "round {round}: a phantom delete was recorded");
            }
        }
    }
}

#[tokio::test]
async fn search_folds_case_alike_for_fragments_of_every_length() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    create_contact_with(&tenant, contact_body("Retail", "Kumar Traders")).await;
    let count = |page: Value| page["count"].as_i64().unwrap_or(-1);

    for found in ["k", "K", "ku", "KU", "kum", "KUMAR", "Kumar T"] {
        assert_eq!(
            count(list_contacts(&tenant, &[("search", found)]).await),
            1,
            "{found}"
        );
    }
    // The Kelvin sign and the long s fold to `k` and `s` under Unicode, never under ASCII.
    for none in [
        "\u{212A}",
        "\u{212A}u",
        "\u{212A}um",
        "\u{212A}umar",
        "trader\u{17F}",
    ] {
        assert_eq!(
            count(list_contacts(&tenant, &[("search", none)]).await),
            0,
            "{none:?}"
        );
    }
}

#[tokio::test]
async fn every_answer_varies_by_origin_so_the_cached_document_is_never_shared_across_origins() {
    let api = Api::from_env();
    for origin in [
        None,
        Some("https://not-allowed.example"),
        Some("http://localhost:5173"),
    ] {
        let headers: Vec<(&str, &str)> = origin.map(|o| ("Origin", o)).into_iter().collect();
        let document = api
            .send_with("GET", "/openapi.json", None, &headers, Body::None)
            .await;
        assert_eq!(document.status, 200);
        assert!(document.header("cache-control").starts_with("public"));
        assert_eq!(document.header("vary"), "Origin", "origin {origin:?}");
        let missing = api
            .send_with("GET", "/nowhere/", None, &headers, Body::None)
            .await;
        assert_eq!(missing.header("vary"), "Origin", "origin {origin:?}");
    }
}

#[tokio::test]
async fn a_patch_restating_a_contact_changes_nothing_and_keeps_its_version() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let body = with(
        contact_body("Retail", "Asha Rao"),
        json!({"tags": ["vip"], "refs": {"crm": "C-1"}, "rm_id": "",
               "props": [{"key": "b", "value": "2", "type": "number"}, {"key": "a", "value": "x", "type": "text"}]}),
    );
    let contact = create_contact_with(&tenant, body.clone()).await;

    let restated = tenant.patch(&contact_path(&contact), Some(body)).await;
    let read = get_contact(&tenant, &contact).await;

    assert_eq!(restated.status, 200, "{}", restated.text);
    assert_eq!(restated.json["version"], json!(1));
    assert_eq!(restated.header("etag"), "\"1\"");
    assert_eq!(
        (read["version"].clone(), read["updated_by"].clone()),
        (json!(1), Value::Null)
    );
    assert_eq!(history(&tenant, &contact).await["count"], json!(1));
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_in_any_case() {
    let tenant = TestTenant::new();
    let api = Api::from_env();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let authorization = format!("{scheme} {}", tenant.token);
        let response = api
            .send("GET", "/namespaces/", Some(&authorization), Body::None)
            .await;
        assert_eq!(response.status, 200, "{scheme}: {}", response.text);
    }
    let other = api
        .send(
            "GET",
            "/namespaces/",
            Some(&format!("Basic {}", tenant.token)),
            Body::None,
        )
        .await;
    assert_problem(&other, 401, "unauthorized");
}

#[tokio::test]
async fn head_answers_every_get_route_like_get_without_a_body() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let contact = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;

    for path in [
        contact_path(&contact),
        "/contacts/".to_string(),
        "/namespaces/".to_string(),
    ] {
        let get = tenant.get(&path).await;
        let head = tenant.send("HEAD", &path, Body::None).await;
        assert_eq!((head.status, head.text.as_str()), (200, ""), "{path}");
        assert_eq!(head.header("content-type"), get.header("content-type"), "{path}");
        assert_eq!(head.header("etag"), get.header("etag"), "{path}");
    }
    let public = Api::from_env().send("HEAD", "/health", None, Body::None).await;
    assert_eq!(public.status, 200);
    let missing = tenant
        .send("HEAD", "/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/", Body::None)
        .await;
    assert_eq!((missing.status, missing.text.as_str()), (404, ""));
    let post_only = tenant.send("HEAD", "/contacts/dedupe/", Body::None).await;
    assert_eq!(post_only.status, 405);
    assert_eq!(post_only.header("allow"), "POST");
    let allow = tenant
        .send("DELETE", "/contacts/", Body::None)
        .await
        .header("allow");
    assert_eq!(allow, "GET, HEAD, POST");
}
