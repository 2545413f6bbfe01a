//! Idempotency keys, optimistic concurrency (ETag / If-Match) and CORS (CONTRACT §1, §8).

use crego_api_tests::{Body, TestTenant};
use futures::future::join_all;
use serde_json::json;

use crate::contact_helpers::{contact_path, create_contact, get_contact};
use crate::helpers::{
    assert_problem, at_once, create_namespace, get_namespace, id_of, namespace_count, ns_path, one_winner,
};
use crate::sub_helpers::{address_body, bank_body, create_doc, item, relation_body};

const ALLOWED_ORIGIN: &str = "http://localhost:5173";

#[tokio::test]
async fn a_create_retried_twenty_times_with_one_key_gives_one_record_and_the_same_answer() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Retail"});
    let mut answers = Vec::new();
    for _ in 0..20 {
        let key = [("Idempotency-Key", "create-retail-1")];
        answers.push(
            tenant
                .send_with("POST", "/namespaces/", &key, Body::Json(body.clone()))
                .await,
        );
    }
    assert!(
        answers.iter().all(|a| a.status == 201),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers.iter().all(|a| a.text == answers[0].text),
        "every replay is the first body"
    );
    assert_eq!(answers[0].header("idempotent-replayed"), "");
    assert_eq!(answers[1].header("idempotent-replayed"), "true");
    assert_eq!(namespace_count(&tenant).await, 1);
}

#[tokio::test]
async fn concurrent_first_attempts_with_one_key_create_one_record() {
    let tenant = TestTenant::new();
    let attempts = (0..20).map(|_| {
        let t = tenant.clone();
        async move {
            let key = [("Idempotency-Key", "create-concurrent")];
            t.send_with(
                "POST",
                "/namespaces/",
                &key,
                Body::Json(json!({"name": "Concurrent"})),
            )
            .await
        }
    });
    let answers = join_all(attempts).await;
    for a in &answers {
        assert!(
            a.status == 201 || (a.status == 409 && a.code() == Some("idempotency_in_progress")),
            "{} {}",
            a.status,
            a.text
        );
    }
    assert_eq!(namespace_count(&tenant).await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused_and_writes_nothing() {
    let tenant = TestTenant::new();
    let key = [("Idempotency-Key", "k-reused")];
    let first = tenant
        .send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": "One"})))
        .await;
    assert_eq!(first.status, 201);
    let second = tenant
        .send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": "Two"})))
        .await;
    assert_problem(&second, 409, "idempotency_key_reused");
    assert_eq!(namespace_count(&tenant).await, 1);
}

#[tokio::test]
async fn a_refused_first_attempt_is_replayed_as_refused() {
    let tenant = TestTenant::new();
    let key = [("Idempotency-Key", "k-bad")];
    let first = tenant
        .send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": ""})))
        .await;
    assert_problem(&first, 400, "validation_failed");
    let again = tenant
        .send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": ""})))
        .await;
    assert_eq!((again.status, again.text.as_str()), (400, first.text.as_str()));
}

#[tokio::test]
async fn keys_are_per_tenant_and_an_overlong_key_is_refused() {
    let (a, b) = (TestTenant::new(), TestTenant::new());
    let key = [("Idempotency-Key", "shared-key")];
    assert_eq!(
        a.send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": "A"})))
            .await
            .status,
        201
    );
    assert_eq!(
        b.send_with("POST", "/namespaces/", &key, Body::Json(json!({"name": "B"})))
            .await
            .status,
        201
    );
    let long = "k".repeat(256);
    let refused = a
        .send_with(
            "POST",
            "/namespaces/",
            &[("Idempotency-Key", &long)],
            Body::Json(json!({"name": "C"})),
        )
        .await;
    assert_problem(&refused, 400, "invalid_query");
    assert_eq!(namespace_count(&a).await, 1);
}

#[tokio::test]
async fn a_key_beyond_printable_ascii_is_refused_and_creates_nothing() {
    // Header bytes beyond ASCII reach the worker decoded lossily: two such keys could arrive as one.
    let tenant = TestTenant::new();
    for (i, key) in ["clé-1", "ключ", "tab\tinside"].into_iter().enumerate() {
        let refused = tenant
            .send_with(
                "POST",
                "/namespaces/",
                &[("Idempotency-Key", key)],
                Body::Json(json!({"name": format!("Keyed {i}")})),
            )
            .await;
        assert_problem(&refused, 400, "invalid_query");
        assert!(
            refused.has_field_error("Idempotency-Key", "pattern"),
            "{key:?}: {}",
            refused.text
        );
    }
    assert_eq!(namespace_count(&tenant).await, 0);
}

#[tokio::test]
async fn single_resources_carry_their_version_as_etag() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Etag").await;
    let read = tenant.get(&ns_path(&ns)).await;
    assert_eq!(read.header("etag"), "\"1\"");
    let patched = tenant.patch(&ns_path(&ns), Some(json!({"name": "Etag2"}))).await;
    assert_eq!(patched.header("etag"), "\"2\"");
}

#[tokio::test]
async fn twenty_concurrent_patches_with_one_if_match_give_one_winner() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Race").await;
    let if_match = [("If-Match", "\"1\"")];
    let answers = at_once(
        &tenant,
        "PATCH",
        &ns_path(&ns),
        &if_match,
        20,
        |i| json!({"name": format!("Winner {i}")}),
    )
    .await;
    let winner = one_winner(&answers);
    let stored = get_namespace(&tenant, &ns).await;
    assert_eq!(stored["name"], json!(format!("Winner {winner}")));
    assert_eq!(stored["version"], json!(2));
}

#[tokio::test]
async fn a_stale_if_match_refuses_every_kind_of_write_and_changes_nothing() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Stale").await;
    let contact = create_contact(&tenant, "Stale", "Asha Rao").await;
    let stale = [("If-Match", "\"7\"")];
    let cpath = contact_path(&contact);
    let writes = [
        ("PATCH", ns_path(&ns), Body::Json(json!({"name": "Other"}))),
        ("DELETE", ns_path(&ns), Body::None),
        ("PATCH", cpath.clone(), Body::Json(json!({"name": "Other"}))),
        ("PUT", format!("{cpath}inactive/"), Body::None),
        (
            "PUT",
            format!("{cpath}props/"),
            Body::Json(json!({"props": [{"key": "a", "value": "b", "type": "text"}]})),
        ),
    ];
    for (method, path, body) in writes {
        let answer = tenant.send_with(method, &path, &stale, body).await;
        assert_problem(&answer, 412, "precondition_failed");
    }
    assert_eq!(get_namespace(&tenant, &ns).await["version"], json!(1));
    let unchanged = get_contact(&tenant, &contact).await;
    assert_eq!(
        (unchanged["version"].clone(), unchanged["status"].clone()),
        (json!(1), json!("active"))
    );
    // The current version, or `*`, lets the write through.
    let ok = tenant
        .send_with(
            "PATCH",
            &cpath,
            &[("If-Match", "\"1\"")],
            Body::Json(json!({"name": "Asha R"})),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let any = tenant
        .send_with(
            "PATCH",
            &cpath,
            &[("If-Match", "*")],
            Body::Json(json!({"name": "A R"})),
        )
        .await;
    assert_eq!(any.status, 200, "{}", any.text);
}

#[tokio::test]
async fn a_bad_body_is_a_400_even_with_a_stale_if_match() {
    // Refusing the precondition first would send the client to re-read, only to meet the 400 next.
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Bad bodies").await;
    let contact = create_contact(&tenant, "Bad bodies", "Asha Rao").await;
    let other = create_contact(&tenant, "Bad bodies", "Ravi Rao").await;
    let address = create_doc(&tenant, "/contacts/addresses/", address_body(&contact)).await;
    let bank = create_doc(&tenant, "/contacts/banks/", bank_body(&contact, "123456789012")).await;
    let relation = create_doc(
        &tenant,
        "/contacts/relations/",
        relation_body(&contact, "spouse", Some(&other)),
    )
    .await;
    let stale = [("If-Match", "\"7\"")];
    // Adding the address and the account changed the contact (material changes): as it is now.
    let contact = get_contact(&tenant, &contact).await;
    let cases = [
        (ns_path(&ns), json!({"name": ""}), "name", "length"),
        (
            contact_path(&contact),
            json!({"namespace": "Elsewhere"}),
            "namespace",
            "immutable",
        ),
        (
            contact_path(&contact),
            json!({"status": "gone"}),
            "status",
            "enum",
        ),
        (
            item("/contacts/addresses/", &address),
            json!({"pincode": "0"}),
            "pincode",
            "length",
        ),
        (
            item("/contacts/banks/", &bank),
            json!({"contact_id": id_of(&other)}),
            "contact_id",
            "immutable",
        ),
        (
            item("/contacts/relations/", &relation),
            json!({"related_contact": 7}),
            "related_contact",
            "type",
        ),
    ];
    for (path, body, field, code) in cases {
        let answer = tenant.send_with("PATCH", &path, &stale, Body::Json(body)).await;
        assert_eq!(answer.status, 400, "{path}: {}", answer.text);
        assert!(answer.has_field_error(field, code), "{path}: {}", answer.text);
    }
    assert_eq!(get_namespace(&tenant, &ns).await["version"], json!(1));
    assert_eq!(get_contact(&tenant, &contact).await, contact);
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_names_the_methods_and_headers() {
    let tenant = TestTenant::new();
    let origin = [
        ("Origin", ALLOWED_ORIGIN),
        ("Access-Control-Request-Method", "POST"),
    ];
    let answer = tenant
        .api()
        .send_with("OPTIONS", "/contacts/", None, &origin, Body::None)
        .await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.header("access-control-allow-origin"), ALLOWED_ORIGIN);
    assert_eq!(answer.header("access-control-allow-methods"), "GET, HEAD, POST");
    assert!(answer
        .header("access-control-allow-headers")
        .contains("Authorization"));
    assert!(answer.header("access-control-allow-headers").contains("If-Match"));
}

#[tokio::test]
async fn a_disallowed_origin_gets_no_cors_headers() {
    let tenant = TestTenant::new();
    let origin = [("Origin", "https://evil.example")];
    let preflight = tenant
        .api()
        .send_with("OPTIONS", "/contacts/", None, &origin, Body::None)
        .await;
    let read = tenant.send_with("GET", "/namespaces/", &origin, Body::None).await;
    for answer in [&preflight, &read] {
        assert!(
            !answer
                .headers
                .keys()
                .any(|k| k.as_str().starts_with("access-control-")),
            "{:?}",
            answer.headers
        );
    }
    assert_eq!(read.status, 200);
}

#[tokio::test]
async fn an_allowed_origin_can_read_answers_and_errors() {
    let tenant = TestTenant::new();
    let origin = [("Origin", ALLOWED_ORIGIN)];
    let ns = create_namespace(&tenant, "Cors").await;
    let read = tenant.send_with("GET", &ns_path(&ns), &origin, Body::None).await;
    assert_eq!(read.header("access-control-allow-origin"), ALLOWED_ORIGIN);
    assert!(read.header("access-control-expose-headers").contains("ETag"));
    let missing = tenant
        .send_with(
            "GET",
            "/namespaces/01ARZ3NDEKTSV4RRFFQ69G5FAV/",
            &origin,
            Body::None,
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("access-control-allow-origin"), ALLOWED_ORIGIN);
    let _ = id_of(&ns);
}

#[tokio::test]
async fn the_fault_header_is_ignored_unless_faults_are_switched_on() {
    let tenant = TestTenant::new();
    let fault = [("X-Crego-Fault", "d1-batch")];
    let body = Body::Json(json!({"name": "Unfaulted"}));
    let created = tenant.send_with("POST", "/namespaces/", &fault, body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(namespace_count(&tenant).await, 1);
}

#[tokio::test]
async fn without_a_configured_rate_limit_a_tenant_is_never_refused() {
    let tenant = TestTenant::new();
    let answers = join_all((0..40).map(|_| tenant.get("/namespaces/"))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}
