//! Writes the planted values (`crego_api_tests::pii::PLANTED`, used nowhere else) through every write
//! path, by a caller who reads in clear and by one who does not, with idempotent replays, so that the
//! `scan` phase (`pii_scan`) can look for them in the bytes on disk and in the `wrangler dev` log.

use crate::contact_helpers::{dedupe_ok, history, text_prop, user_of};
use crate::helpers::{create_namespace, id_of};
use crate::sub_helpers::{item, patch_doc, BANKS};
use crego_api_tests::pii::{PLANTED, PLANT_MARKER};
use crego_api_tests::{ApiResponse, Body, TestTenant};
use serde_json::{json, Value};

/// The `n`th planted value of `kind` (0 or 1).
fn planted(kind: &str, n: usize) -> &'static str {
    PLANTED
        .iter()
        .filter(|(k, _)| *k == kind)
        .nth(n)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no planted {kind} #{n}"))
}

/// A `POST` with an `Idempotency-Key`, sent twice: the answer and its replay (kept in KV).
async fn twice(who: &TestTenant, path: &str, key: &str, body: Value) -> ApiResponse {
    let headers = [("Idempotency-Key", key)];
    let first = who
        .send_with("POST", path, &headers, Body::Json(body.clone()))
        .await;
    let replay = who.send_with("POST", path, &headers, Body::Json(body)).await;
    assert_eq!(first.status, 201, "POST {path}: {}", first.text);
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed"), &replay.json),
        (201, "true".to_string(), &first.json),
        "POST {path} replayed"
    );
    first
}

/// A write that must answer 200.
async fn once(who: &TestTenant, method: &str, path: &str, body: Value) -> ApiResponse {
    let r = who.send(method, path, Body::Json(body)).await;
    assert_eq!(r.status, 200, "{method} {path}: {}", r.text);
    r
}

fn prop<'a>(doc: &'a Value, key: &str) -> &'a str {
    doc["props"]
        .as_array()
        .and_then(|props| props.iter().find(|p| p["key"] == key))
        .and_then(|p| p["value"].as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_planted_values_go_through_every_write_path_and_read_back_as_the_scopes_allow() {
    let maker = TestTenant::new();
    let reader = user_of(&maker, "planted-reader", "pii:read");
    create_namespace(&maker, "Planted").await;

    // Create (by a clear reader, replayed), PATCH (by a masked caller), props PUT.
    let created = twice(
        &reader,
        "/contacts/",
        "plant-create",
        json!({"name": PLANT_MARKER, "namespace": "Planted", "type": "individual", "status": "active",
               "props": [text_prop("aadhaar", planted("aadhaar", 0)), text_prop("vid", planted("vid", 0)),
                         text_prop("pan", planted("pan", 0)), text_prop("mobile", planted("mobile", 0)),
                         text_prop("email", planted("email", 0))]}),
    )
    .await;
    let path = format!("/contacts/{}/", id_of(&created.json));
    let patched = once(
        &maker,
        "PATCH",
        &path,
        json!({"props": [text_prop("aadhaar_no", planted("aadhaar", 1)), text_prop("pan_no", planted("pan", 1))]}),
    )
    .await;
    let put = once(
        &reader,
        "PUT",
        &format!("{path}props/"),
        json!({"props": [
            text_prop("aadhaar_vid", planted("vid", 1)),
            text_prop("mobile_no", planted("mobile", 1)),
            text_prop("email", planted("email", 1))
        ]}),
    )
    .await;
    // A bank account created (replayed) and its number changed.
    let bank = twice(
        &reader,
        BANKS,
        "plant-bank",
        json!({"contact_id": id_of(&created.json), "account_number": planted("account_number", 0),
               "ifsc": "SBIN0001234"}),
    )
    .await;
    let changed = patch_doc(
        &reader,
        BANKS,
        &bank.json,
        json!({"account_number": planted("account_number", 1)}),
    )
    .await;

    assert_eq!(
        prop(&created.json, "pan"),
        planted("pan", 0),
        "in clear to pii:read"
    );
    assert_eq!(
        prop(&created.json, "aadhaar"),
        "XXXX XXXX 5575",
        "never more than its mask"
    );
    assert_eq!(prop(&created.json, "vid"), "XXXX XXXX XXXX 3698");
    assert_eq!(
        prop(&patched.json, "pan_no"),
        "XXXXXX826K",
        "masked without pii:read"
    );
    assert_eq!(prop(&put.json, "mobile_no"), planted("mobile", 1));
    assert_eq!(bank.json["account_number"], planted("account_number", 0));
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.json["account_number"], planted("account_number", 1));

    // Reads in clear (recorded), and dedupe by the values, in clear and masked.
    let contact = reader.get(&format!("{path}?expand=banks")).await;
    assert_eq!(contact.status, 200, "{}", contact.text);
    assert_eq!(prop(&contact.json, "email"), planted("email", 1));
    assert_eq!(
        contact.json["banks"][0]["account_number"],
        planted("account_number", 1)
    );
    assert!(history(&reader, &created.json).await["count"].as_i64() >= Some(5));
    for who in [&reader, &maker] {
        let found = dedupe_ok(
            who,
            json!({"props": [{"key": "mobile", "value": planted("mobile", 1)},
                             {"key": "aadhaar", "value": planted("aadhaar", 1)}]}),
        )
        .await;
        assert_eq!(found.len(), 1, "{found:?}");
    }
    let bank_now = reader.get(&item(BANKS, &bank.json)).await;
    assert_eq!(bank_now.json["account_number"], planted("account_number", 1));
}
