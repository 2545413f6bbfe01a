//! Planted data (issue 14): per resource, records written at every limit at once, then every read route
//! of that resource and of its contact (retrieve, list, expand, search, dedupe, history, props, an
//! idempotent replay): no 5xx, and every answer within the size the limits allow (docs/LIMITS.md,
//! "Answers").

use crego_api_tests::{encode_query, ApiResponse, Body, TestTenant};
use crego_validation::limits;
use serde_json::{json, Map, Value};

use crate::contact_helpers::{contact_path, with};
use crate::helpers::{create_namespace_with, id_of};
use crate::sub_helpers::{create_doc, item, ADDRESSES, BANKS, RELATIONS};

/// The largest contact document (props at their byte budget, refs at theirs, 50 tags of 50 four-byte
/// characters, every text at its length), with room for the fields the server adds.
const CONTACT_BYTES: usize = 96 * 1024;
/// The largest address (20 codes and 50 tags of four-byte characters) and bank account.
const ADDRESS_BYTES: usize = 24 * 1024;
const BANK_BYTES: usize = 16 * 1024;
const RELATION_BYTES: usize = 1024;
/// A list envelope's own fields.
const ENVELOPE_BYTES: usize = 1024;

/// Four bytes of UTF-8, one character: the widest a tag or code may be made of.
const WIDE: &str = "\u{1D538}";

/// Reads `path` and asserts a 2xx within `max` bytes.
async fn read(tenant: &TestTenant, path: &str, max: usize) -> ApiResponse {
    let response = tenant.get(path).await;
    assert!(
        response.status < 300,
        "GET {path}: {} {}",
        response.status,
        &response.text[..response.text.len().min(300)]
    );
    assert!(
        response.text.len() <= max,
        "GET {path}: {} bytes, more than {max}",
        response.text.len()
    );
    response
}

fn wide_tags() -> Vec<String> {
    (0..limits::TAGS)
        .map(|i| format!("{i:02}{}", WIDE.repeat(limits::TAG_CHARS - 2)))
        .collect()
}

/// A contact at every limit at once; `n` tells the copies apart, `email` is shared by all.
fn heaviest_contact(n: usize, email: &str) -> Value {
    let mut props: Vec<Value> = vec![json!({"key": "email", "value": email, "type": "text"})];
    // Escaped control characters (six bytes each) up to the props budget.
    let mut bytes = serde_json::to_vec(&props).map_or(0, |v| v.len());
    for i in 1..limits::PROPS {
        let prop = json!({"key": format!("{i:0>width$}", width = limits::PROP_KEY_CHARS),
                          "value": "\u{1}".repeat(limits::PROP_VALUE_CHARS), "type": "text"});
        let size = serde_json::to_vec(&prop).map_or(0, |v| v.len()) + 1;
        if bytes + size > limits::PROPS_BYTES {
            break;
        }
        bytes += size;
        props.push(prop);
    }
    let mut refs: Map<String, Value> = Map::new();
    refs.insert(
        "deep".into(),
        (2..limits::REFS_DEPTH).fold(json!({}), |inner, _| json!({ "k": inner })),
    );
    for i in 1..limits::REFS_KEYS {
        refs.insert(format!("k{i:02}"), json!("x".repeat(60)));
    }
    json!({
        "name": format!("Asha Rao {}", "a".repeat(limits::CONTACT_NAME_CHARS - 9)),
        "namespace": "N".repeat(limits::NAMESPACE_NAME_CHARS),
        "status": "active", "type": "individual",
        "tags": wide_tags(), "refs": refs, "props": props,
        "rm_id": "M".repeat(limits::CODE_CHARS), "branch_id": format!("{n:0>50}"),
    })
}

#[tokio::test]
async fn contacts_at_every_limit_stay_readable_by_every_route_within_bounded_answers() {
    let tenant = TestTenant::new();
    let pattern = format!("{}{{SEQ:12}}", "R".repeat(limits::PATTERN_CHARS - 21));
    let ns = create_namespace_with(
        &tenant,
        json!({"name": "N".repeat(limits::NAMESPACE_NAME_CHARS), "contact_pattern": pattern}),
    )
    .await;
    let key = [("Idempotency-Key", "k".repeat(limits::IDEMPOTENCY_KEY_CHARS))];
    let key: Vec<(&str, &str)> = key.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut contacts = Vec::new();
    for n in 0..5 {
        let body = heaviest_contact(n, "asha@example.com");
        let headers = if n == 0 { key.clone() } else { Vec::new() };
        let made = tenant
            .send_with("POST", "/contacts/", &headers, Body::Json(body.clone()))
            .await;
        assert_eq!(made.status, 201, "{}", &made.text[..made.text.len().min(300)]);
        assert!(made.text.len() <= CONTACT_BYTES, "{} bytes", made.text.len());
        if n == 0 {
            let replay = tenant
                .send_with("POST", "/contacts/", &key, Body::Json(body))
                .await;
            assert_eq!(
                (replay.status, &replay.text),
                (201, &made.text),
                "an idempotent replay"
            );
        }
        contacts.push(made.json);
    }
    // History entries hold the document before and after: the heaviest change rewrites every prop.
    let first = &contacts[0];
    let path = contact_path(first);
    for round in 0..3 {
        let mut props = first["props"].clone();
        props[1]["value"] = json!(format!("{round}{}", "\u{2}".repeat(limits::PROP_VALUE_CHARS - 1)));
        let patched = tenant
            .patch(
                &path,
                Some(json!({"props": props, "name": format!("Asha Rao {round}")})),
            )
            .await;
        assert_eq!(
            patched.status,
            200,
            "{}",
            &patched.text[..patched.text.len().min(300)]
        );
    }

    let page = |n: usize| ENVELOPE_BYTES + n * CONTACT_BYTES;
    read(&tenant, &path, CONTACT_BYTES).await;
    read(
        &tenant,
        &format!("{path}?expand=addresses,banks,relations"),
        CONTACT_BYTES,
    )
    .await;
    read(&tenant, &format!("{path}props/"), CONTACT_BYTES).await;
    read(&tenant, &format!("{path}history/?page_size=100"), page(2 * 4)).await;
    read(&tenant, "/contacts/?page_size=100", page(5)).await;
    read(
        &tenant,
        "/contacts/?page_size=20&expand=addresses,banks,relations",
        page(5),
    )
    .await;
    for search in ["As", "Asha", "aaaa", "R0000"] {
        let q = encode_query(&[("search", search), ("page_size", "100")]);
        read(&tenant, &format!("/contacts/{q}"), page(5)).await;
    }
    let tags = wide_tags()[..limits::FILTER_TAGS].join(",");
    let listed = read(
        &tenant,
        &format!("/contacts/{}", encode_query(&[("tags", &tags)])),
        page(5),
    )
    .await;
    assert_eq!(listed.json["count"], json!(5));
    read(&tenant, &format!("/namespaces/{}/", id_of(&ns)), 4096).await;
    for ask in [
        json!({"name": "Asha Rao", "limit": limits::DEDUPE_LIMIT}),
        json!({"props": [{"key": "email", "value": "ASHA@example.com"}], "limit": limits::DEDUPE_LIMIT}),
    ] {
        let found = tenant.post("/contacts/dedupe/", Some(ask.clone())).await;
        assert_eq!(
            found.status,
            200,
            "{ask}: {}",
            &found.text[..found.text.len().min(300)]
        );
        assert!(found.text.len() <= page(5), "dedupe: {} bytes", found.text.len());
    }
}

/// An address at every limit of its own.
fn heaviest_address(contact: &Value) -> Value {
    let codes: Map<String, Value> = (0..limits::ADDRESS_CODES)
        .map(|i| {
            let key = format!("{i:02}{}", WIDE.repeat(limits::ADDRESS_CODE_KEY_CHARS - 2));
            (key, json!(WIDE.repeat(limits::ADDRESS_CODE_VALUE_CHARS)))
        })
        .collect();
    json!({
        "contact_id": id_of(contact), "address_line": "a".repeat(limits::ADDRESS_LINE_CHARS),
        "city": "c".repeat(limits::PLACE_CHARS), "state": "s".repeat(limits::PLACE_CHARS),
        "country": "k".repeat(limits::PLACE_CHARS), "pincode": "411001",
        "coords": {"lat": -90, "lng": 180}, "codes": codes, "tags": wide_tags(),
    })
}

fn heaviest_bank(contact: &Value, i: usize) -> Value {
    let text = |c: &str| c.repeat(limits::BANK_TEXT_CHARS);
    json!({
        "contact_id": id_of(contact), "account_number": format!("{i:0>18}"), "ifsc": "HDFC0001234",
        "account_holder_name": text("h"), "bank_name": text("b"), "branch": text("r"),
        "account_type": "cash_credit", "is_primary": i == 0, "verification_status": "unverified",
        "tags": wide_tags(),
    })
}

#[tokio::test]
async fn a_contact_with_every_sub_resource_at_its_limits_stays_readable_within_bounded_answers() {
    let tenant = TestTenant::new();
    create_namespace_with(&tenant, json!({"name": "Retail"})).await;
    let body = with(
        heaviest_contact(0, "kin@example.com"),
        json!({"namespace": "Retail"}),
    );
    let contact = tenant.post("/contacts/", Some(body)).await.json;
    let mut kin = Vec::new();
    for i in 0..limits::RELATIONS_PER_CONTACT {
        let body = json!({"name": format!("Kin {i}"), "namespace": "Retail", "status": "active", "type": "individual"});
        kin.push(tenant.post("/contacts/", Some(body)).await.json);
    }
    let mut address = Value::Null;
    for _ in 0..limits::ADDRESSES_PER_CONTACT {
        address = create_doc(&tenant, ADDRESSES, heaviest_address(&contact)).await;
    }
    let mut bank = Value::Null;
    for i in 0..limits::BANKS_PER_CONTACT {
        bank = create_doc(&tenant, BANKS, heaviest_bank(&contact, i)).await;
    }
    let mut relation = Value::Null;
    for other in &kin {
        let body =
            json!({"contact": id_of(&contact), "type": "co_applicant", "related_contact": id_of(other)});
        relation = create_doc(&tenant, RELATIONS, body).await;
    }
    let owner = format!("contact={}&page_size=100", id_of(&contact));

    for (collection, doc, one) in [
        (ADDRESSES, &address, ADDRESS_BYTES),
        (BANKS, &bank, BANK_BYTES),
        (RELATIONS, &relation, RELATION_BYTES),
    ] {
        read(&tenant, &item(collection, doc), one).await;
        read(
            &tenant,
            &format!("{collection}?{owner}"),
            ENVELOPE_BYTES + 100 * one,
        )
        .await;
    }
    read(
        &tenant,
        &format!("{ADDRESSES}?search=ccc&page_size=100"),
        ENVELOPE_BYTES + 20 * ADDRESS_BYTES,
    )
    .await;
    read(
        &tenant,
        &format!("{BANKS}?search=bbb&page_size=100"),
        ENVELOPE_BYTES + 20 * BANK_BYTES,
    )
    .await;
    let expanded = CONTACT_BYTES
        + limits::ADDRESSES_PER_CONTACT * ADDRESS_BYTES
        + limits::BANKS_PER_CONTACT * BANK_BYTES
        + limits::RELATIONS_PER_CONTACT * RELATION_BYTES;
    let path = contact_path(&contact);
    let one = read(
        &tenant,
        &format!("{path}?expand=addresses,banks,relations"),
        expanded,
    )
    .await;
    assert_eq!(
        one.json["addresses"].as_array().map(Vec::len),
        Some(limits::ADDRESSES_PER_CONTACT)
    );
    assert_eq!(
        one.json["relations"].as_array().map(Vec::len),
        Some(limits::RELATIONS_PER_CONTACT)
    );
    let page = format!(
        "/contacts/?page_size={}&expand=addresses,banks,relations",
        limits::EXPANDED_PAGE_SIZE
    );
    read(
        &tenant,
        &page,
        ENVELOPE_BYTES + limits::EXPANDED_PAGE_SIZE as usize * expanded,
    )
    .await;
    read(
        &tenant,
        &format!("{path}history/"),
        ENVELOPE_BYTES + 20 * 2 * CONTACT_BYTES,
    )
    .await;
}
