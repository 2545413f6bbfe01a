//! What a hostile but authenticated client could plant or send to get a server error (issue 14), each
//! case now answered as the client's, never as a 5xx, and the same however often it is sent.

use crego_api_tests::{Body, TestTenant};
use futures::future::join_all;
use serde_json::{json, Map, Value};

use crate::contact_helpers::{contact_body, create_contact_with, dedupe, text_prop, with};
use crate::helpers::{assert_field_error, assert_problem, assert_query_error, create_namespace, id_of};
use crate::sub_helpers::{address_body, create_doc, item, owner_contact, ADDRESSES, BANKS};

/// `{"k": {"k": ... 1}}` nesting `levels` objects.
fn nested(levels: usize) -> Value {
    (0..levels).fold(json!(1), |inner, _| json!({ "k": inner }))
}

#[tokio::test]
async fn refs_nested_to_their_limit_stay_readable_by_dedupe_and_deeper_ones_are_refused() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let deepest = with(contact_body("Retail", "Asha Rao"), json!({"refs": nested(8)}));
    let contact = create_contact_with(&tenant, deepest).await;

    for _ in 0..2 {
        let found = dedupe(&tenant, json!({"name": "Asha Rao"})).await;
        assert_eq!(found.status, 200, "{}", found.text);
        assert_eq!(found.json["results"][0]["contact"]["id"], json!(id_of(&contact)));
        assert_eq!(found.json["results"][0]["contact"]["refs"], nested(8));
    }
    let body = with(contact_body("Retail", "Ravi Rao"), json!({"refs": nested(9)}));
    assert_field_error(&tenant.post("/contacts/", Some(body)).await, "refs", "depth");
    // As deep as the reproduction: the body itself is too deep to be read.
    for levels in [125, 126] {
        let body = with(
            contact_body("Retail", "Ravi Rao"),
            json!({"refs": nested(levels)}),
        );
        assert_field_error(&tenant.post("/contacts/", Some(body)).await, "body", "depth");
    }
}

/// Props filling the byte budget with escapes: each `\u0001` is six bytes of JSON.
fn heavy_props(email: &str) -> Value {
    let mut props: Vec<Value> = (0..20)
        .map(|i| text_prop(&format!("note_{i:02}"), &"\u{1}".repeat(500)))
        .collect();
    props.push(text_prop("email", email));
    Value::Array(props)
}

#[tokio::test]
async fn dedupe_answers_forty_heavy_contacts_sharing_a_name_and_finds_no_one_by_their_shared_email() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    // Forty documents of ~60 KiB: more than one D1 value (2 MB) could hold, which is what dedupe
    // packed its candidates' documents in (a 503).
    for _ in 0..40 {
        let body = with(
            contact_body("Retail", "Asha Rao"),
            json!({"props": heavy_props("asha@example.com")}),
        );
        create_contact_with(&tenant, body).await;
    }

    let by_name = dedupe(&tenant, json!({"name": "Asha Rao", "limit": 50})).await;
    let by_email = dedupe(
        &tenant,
        json!({"props": [{"key": "email", "value": "ASHA@example.com"}], "limit": 50}),
    )
    .await;

    assert_eq!(by_name.status, 200, "{}", by_name.text);
    assert_eq!(by_name.json["count"], json!(40));
    assert!(
        by_name.text.len() < 40 * 80 * 1024,
        "{} bytes",
        by_name.text.len()
    );
    // An e-mail forty contacts share is a placeholder (CONTRACT §9): it finds no one.
    assert_eq!(by_email.status, 200, "{}", by_email.text);
    assert_eq!(by_email.json["count"], json!(0), "{}", by_email.text);
}

#[tokio::test]
async fn a_placeholder_mobile_held_by_three_hundred_contacts_matches_none_of_them() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    for batch in 0..15 {
        let writes = (0..20).map(|i| {
            let body = with(
                contact_body("Retail", &format!("Placeholder {batch} {i}")),
                json!({"props": [text_prop("mobile", "9999999999")]}),
            );
            let t = tenant.clone();
            async move { create_contact_with(&t, body).await }
        });
        join_all(writes).await;
    }

    let found = dedupe(
        &tenant,
        json!({"props": [{"key": "mobile", "value": "+91 99999 99999"}], "limit": 5}),
    )
    .await;

    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(found.json["count"], json!(0), "{}", found.text);
}

#[tokio::test]
async fn a_tags_filter_of_fifty_tags_is_answered_and_of_more_is_refused_on_every_list() {
    let tenant = TestTenant::new();
    let tags: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
    let contact = with(contact_body("Retail", "Asha Rao"), json!({"tags": tags}));
    create_namespace(&tenant, "Retail").await;
    let contact = create_contact_with(&tenant, contact).await;
    let address = with(address_body(&contact), json!({"tags": tags}));
    create_doc(&tenant, ADDRESSES, address).await;
    let bank = json!({"contact_id": id_of(&contact), "account_number": "123456789012",
                      "ifsc": "HDFC0001234", "tags": tags});
    create_doc(&tenant, BANKS, bank).await;
    let fifty = tags.join(",");
    let hundred: Vec<String> = (0..100).map(|i| format!("t{i}")).collect();

    for list in ["/contacts/", ADDRESSES, BANKS] {
        let found = tenant.get(&format!("{list}?tags={fifty}")).await;
        assert_eq!(found.status, 200, "{list}: {}", found.text);
        assert_eq!(found.json["count"], json!(1), "{list}");
        for _ in 0..2 {
            let refused = tenant.get(&format!("{list}?tags={}", hundred.join(","))).await;
            assert_query_error(&refused, "tags");
            assert!(refused.has_field_error("tags", "length"), "{}", refused.text);
        }
    }
}

#[tokio::test]
async fn address_codes_sent_in_a_patch_replace_the_stored_ones_and_null_clears_them() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let address = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;
    let twenty = |prefix: &str| -> Map<String, Value> {
        (0..20)
            .map(|i| (format!("{prefix}{i}"), json!("x".repeat(100))))
            .collect()
    };
    let path = item(ADDRESSES, &address);

    let first = tenant.patch(&path, Some(json!({"codes": twenty("a")}))).await;
    let second = tenant.patch(&path, Some(json!({"codes": twenty("b")}))).await;
    let one_key = tenant.patch(&path, Some(json!({"codes": {"b0": "kept"}}))).await;
    let removed_value = tenant.patch(&path, Some(json!({"codes": {"b0": null}}))).await;
    let huge = tenant
        .patch(&path, Some(json!({"codes": {"b0": "x".repeat(300_000)}})))
        .await;
    let cleared = tenant.patch(&path, Some(json!({"codes": null}))).await;

    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(
        second.json["codes"],
        Value::Object(twenty("b")),
        "{}",
        second.text
    );
    assert_eq!(one_key.json["codes"], json!({"b0": "kept"}), "{}", one_key.text);
    assert_field_error(&removed_value, "codes.b0", "type");
    assert_field_error(&huge, "codes.b0", "length");
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert_eq!(cleared.json["codes"], json!({}));
    let later = tenant.patch(&path, Some(json!({"city": "Pune"}))).await;
    assert_eq!(later.status, 200, "{}", later.text);
}

#[tokio::test]
async fn a_body_of_eighty_thousand_unknown_fields_gets_a_short_answer() {
    let tenant = TestTenant::new();
    let fields: Map<String, Value> = (0..80_000).map(|i| (format!("f{i}"), json!(1))).collect();
    let mut body = Value::Object(fields);
    body["name"] = json!("Retail");

    let refused = tenant.send("POST", "/namespaces/", Body::Json(body)).await;

    assert_problem(&refused, 400, "validation_failed");
    let errors = refused.json["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 101, "{}", refused.text.len());
    assert_eq!(errors[100]["code"], json!("too_many_errors"));
    assert_eq!(errors[100]["message"], json!("79900 more error(s) not listed"));
    assert!(refused.text.len() < 16 * 1024, "{} bytes", refused.text.len());
}
