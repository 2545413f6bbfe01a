//! docs/LIMITS.md walked row by row, the rows of fields: text lengths, lists, maps, refs, props, the
//! records per contact and the counters (the request rows and the coverage check are in
//! `limits_table.rs`).

use crego_api_tests::{Body, TestTenant};
use crego_validation::limits;
use serde_json::{json, Value};

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, get_contact, with};
use crate::helpers::{assert_field_error, id_of};
use crate::limits_table::{created, with_contact};
use crate::sub_helpers::{address_body, bank_body, create_doc, item, read_doc, ADDRESSES, BANKS, RELATIONS};

/// `field` of a created resource at `n` characters (of `c`): accepted and read back exactly, and at
/// `n + 1` refused as `length`.
async fn text_at_limit(tenant: &TestTenant, collection: &str, base: Value, field: &str, c: &str, n: usize) {
    let at = c.repeat(n);
    let made = created(
        &tenant
            .post(collection, Some(with(base.clone(), json!({ field: at }))))
            .await,
        field,
    );
    let read = tenant.get(&format!("{collection}{}/", id_of(&made))).await;
    assert_eq!(read.json[field], json!(at), "{collection} {field}");
    let past = tenant
        .post(collection, Some(with(base, json!({ field: c.repeat(n + 1) }))))
        .await;
    assert_field_error(&past, field, "length");
}

#[tokio::test]
async fn text_fields_at_their_length_are_stored_whole_and_one_past_is_refused() {
    let (tenant, contact) = with_contact().await;
    let ns = json!({});
    text_at_limit(
        &tenant,
        "/namespaces/",
        ns.clone(),
        "name",
        "N",
        limits::NAMESPACE_NAME_CHARS,
    )
    .await;
    let pattern_at = format!("{}{{SEQ}}", "P".repeat(limits::PATTERN_CHARS - 21));
    // A pattern also renders within a ref id: {SEQ} prints up to 16 digits (CONTRACT §9).
    let made = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "Pat", "contact_pattern": pattern_at})),
        )
        .await;
    assert_eq!(created(&made, "pattern")["contact_pattern"], json!(pattern_at));
    let long = format!("{}{{SEQ}}", "P".repeat(limits::PATTERN_CHARS - 4));
    let past = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "Pat2", "contact_pattern": long})),
        )
        .await;
    assert_field_error(&past, "contact_pattern", "length");

    let person = contact_body("Retail", "Asha Rao");
    text_at_limit(
        &tenant,
        "/contacts/",
        json!({"namespace": "Retail", "status": "active", "type": "individual"}),
        "name",
        "a",
        limits::CONTACT_NAME_CHARS,
    )
    .await;
    text_at_limit(
        &tenant,
        "/contacts/",
        person.clone(),
        "ref_id",
        "R",
        limits::REF_ID_CHARS,
    )
    .await;
    text_at_limit(
        &tenant,
        "/contacts/",
        person.clone(),
        "rm_id",
        "M",
        limits::CODE_CHARS,
    )
    .await;
    text_at_limit(
        &tenant,
        "/contacts/",
        person.clone(),
        "branch_id",
        "B",
        limits::CODE_CHARS,
    )
    .await;
    let address = address_body(&contact);
    text_at_limit(
        &tenant,
        ADDRESSES,
        address.clone(),
        "address_line",
        "a",
        limits::ADDRESS_LINE_CHARS,
    )
    .await;
    for place in ["city", "state", "country"] {
        text_at_limit(
            &tenant,
            ADDRESSES,
            address.clone(),
            place,
            "a",
            limits::PLACE_CHARS,
        )
        .await;
    }
    let bank = bank_body(&contact, "123456789012");
    for (i, name) in ["bank_name", "branch", "account_holder_name"]
        .into_iter()
        .enumerate()
    {
        let bank = with(bank.clone(), json!({"account_number": format!("12345678901{i}")}));
        text_at_limit(&tenant, BANKS, bank, name, "b", limits::BANK_TEXT_CHARS).await;
    }

    // A referenced id: at its length it is looked up (no such contact), past it malformed.
    let id = |n: usize| json!({"contact_id": "i".repeat(n), "account_number": "123456789012", "ifsc": "HDFC0001234"});
    assert_field_error(
        &tenant.post(BANKS, Some(id(limits::ID_CHARS))).await,
        "contact_id",
        "not_found",
    );
    assert_field_error(
        &tenant.post(BANKS, Some(id(limits::ID_CHARS + 1))).await,
        "contact_id",
        "pattern",
    );
}

#[tokio::test]
async fn tags_props_and_remarks_at_their_limits_are_stored_whole_and_one_past_is_refused() {
    let (tenant, contact) = with_contact().await;
    let path = contact_path(&contact);
    let tags = |n: usize, len: usize| -> Vec<String> {
        (0..n).map(|i| format!("{i:0>width$}", width = len)).collect()
    };
    let at = tenant
        .patch(
            &path,
            Some(json!({"tags": tags(limits::TAGS, limits::TAG_CHARS)})),
        )
        .await;
    assert_eq!(
        created(&at, "tags")["tags"],
        json!(tags(limits::TAGS, limits::TAG_CHARS))
    );
    let past = tenant
        .patch(&path, Some(json!({"tags": tags(limits::TAGS + 1, 5)})))
        .await;
    assert_field_error(&past, "tags", "length");
    let past = tenant
        .patch(
            &path,
            Some(json!({"tags": [ "t".repeat(limits::TAG_CHARS + 1) ]})),
        )
        .await;
    assert_field_error(&past, "tags[0]", "length");

    let prop = |k: String, v: String| json!({"key": k, "value": v, "type": "text"});
    let props: Vec<Value> = (0..limits::PROPS)
        .map(|i| {
            prop(
                format!("{i:0>w$}", w = limits::PROP_KEY_CHARS),
                "v".repeat(limits::PROP_VALUE_CHARS),
            )
        })
        .collect();
    let at = tenant.patch(&path, Some(json!({"props": props}))).await;
    assert_eq!(
        created(&at, "props")["props"],
        json!(props),
        "props at 100 of the longest key and value"
    );
    let mut more = props.clone();
    more.push(prop("extra".into(), "v".into()));
    assert_field_error(
        &tenant.patch(&path, Some(json!({"props": more}))).await,
        "props",
        "length",
    );
    let long_key = vec![prop("k".repeat(limits::PROP_KEY_CHARS + 1), "v".into())];
    assert_field_error(
        &tenant.patch(&path, Some(json!({"props": long_key}))).await,
        "props[0].key",
        "length",
    );
    let long_value = vec![prop("k".into(), "v".repeat(limits::PROP_VALUE_CHARS + 1))];
    assert_field_error(
        &tenant.patch(&path, Some(json!({"props": long_value}))).await,
        "props[0].value",
        "length",
    );
    // The byte budget: escapes count as sent (each \u0001 is six bytes).
    let heavy = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| prop(format!("h{i:02}"), "\u{1}".repeat(500)))
            .collect()
    };
    let fits = limits::PROPS_BYTES / 3_040;
    let at = tenant.patch(&path, Some(json!({"props": heavy(fits)}))).await;
    assert_eq!(created(&at, "props bytes")["props"], json!(heavy(fits)));
    assert_field_error(
        &tenant.patch(&path, Some(json!({"props": heavy(fits + 1)}))).await,
        "props",
        "length",
    );

    let remarks = "r".repeat(limits::REMARKS_CHARS);
    let at = tenant
        .send(
            "PUT",
            &format!("{path}inactive/"),
            Body::Json(json!({"remarks": remarks})),
        )
        .await;
    created(&at, "remarks");
    let past = tenant
        .send(
            "PUT",
            &format!("{path}active/"),
            Body::Json(json!({"remarks": format!("{remarks}r")})),
        )
        .await;
    assert_field_error(&past, "remarks", "length");
}

#[tokio::test]
async fn refs_at_their_key_byte_and_depth_limits_are_stored_whole_and_one_past_is_refused() {
    let (tenant, contact) = with_contact().await;
    let path = contact_path(&contact);
    let keys = |n: usize| -> Value { Value::Object((0..n).map(|i| (format!("k{i}"), json!(i))).collect()) };
    let bytes = |n: usize| json!({"note": "x".repeat(n - r#"{"note":""}"#.len())});
    let deep = |n: usize| (1..n).fold(json!({}), |inner, _| json!({ "k": inner }));

    for (row, at, past) in [
        ("keys", keys(limits::REFS_KEYS), keys(limits::REFS_KEYS + 1)),
        ("bytes", bytes(limits::REFS_BYTES), bytes(limits::REFS_BYTES + 1)),
        ("depth", deep(limits::REFS_DEPTH), deep(limits::REFS_DEPTH + 1)),
    ] {
        let stored = tenant.patch(&path, Some(json!({"refs": at}))).await;
        assert_eq!(created(&stored, row)["refs"], at, "{row}");
        assert_eq!(get_contact(&tenant, &contact).await["refs"], at, "{row}");
        let code = if row == "depth" { "depth" } else { "length" };
        assert_field_error(
            &tenant.patch(&path, Some(json!({"refs": past}))).await,
            "refs",
            code,
        );
    }
}

#[tokio::test]
async fn address_codes_at_their_limits_are_stored_whole_and_one_past_is_refused() {
    let (tenant, contact) = with_contact().await;
    let codes = |n: usize, key: usize, value: usize| -> Value {
        Value::Object(
            (0..n)
                .map(|i| (format!("{i:0>key$}"), json!("v".repeat(value))))
                .collect(),
        )
    };
    let full = codes(
        limits::ADDRESS_CODES,
        limits::ADDRESS_CODE_KEY_CHARS,
        limits::ADDRESS_CODE_VALUE_CHARS,
    );
    let made = create_doc(
        &tenant,
        ADDRESSES,
        with(address_body(&contact), json!({"codes": full})),
    )
    .await;
    assert_eq!(read_doc(&tenant, ADDRESSES, &made).await["codes"], full);

    let base = address_body(&contact);
    let post = |c: Value| tenant.post(ADDRESSES, Some(with(base.clone(), json!({"codes": c}))));
    assert_field_error(
        &post(codes(limits::ADDRESS_CODES + 1, 3, 1)).await,
        "codes",
        "length",
    );
    let long_key = "k".repeat(limits::ADDRESS_CODE_KEY_CHARS + 1);
    assert_field_error(
        &post(json!({ long_key.clone(): "v" })).await,
        &format!("codes.{long_key}"),
        "length",
    );
    let long_value = "v".repeat(limits::ADDRESS_CODE_VALUE_CHARS + 1);
    assert_field_error(&post(json!({"lgd": long_value})).await, "codes.lgd", "length");
}

#[tokio::test]
async fn dedupe_answers_its_limit_of_matches_and_refuses_one_more() {
    let (tenant, _) = with_contact().await;
    let at = tenant
        .post(
            "/contacts/dedupe/",
            Some(json!({"name": "Asha Rao", "limit": limits::DEDUPE_LIMIT})),
        )
        .await;
    assert_eq!(at.json["count"], json!(1), "{}", at.text);
    let past = tenant
        .post(
            "/contacts/dedupe/",
            Some(json!({"name": "Asha Rao", "limit": limits::DEDUPE_LIMIT + 1})),
        )
        .await;
    assert_field_error(&past, "limit", "range");
}

#[tokio::test]
async fn dedupe_takes_a_min_score_of_one_and_an_address_at_its_lengths_and_refuses_one_past() {
    let (tenant, _) = with_contact().await;
    let ask = |extra: Value| {
        let t = tenant.clone();
        async move {
            t.post(
                "/contacts/dedupe/",
                Some(with(json!({"name": "Asha Rao"}), extra)),
            )
            .await
        }
    };
    let at = ask(json!({"min_score": limits::MIN_SCORE_MAX})).await;
    assert_eq!(at.status, 200, "{}", at.text);
    let past = ask(json!({"min_score": limits::MIN_SCORE_MAX as f64 + 0.01})).await;
    assert_field_error(&past, "min_score", "range");

    let line = "a".repeat(limits::ADDRESS_LINE_CHARS);
    let city = "a".repeat(limits::PLACE_CHARS);
    let at = ask(json!({"address": {"address_line": line, "city": city}})).await;
    assert_eq!(at.status, 200, "{}", at.text);
    let past =
        ask(json!({"address": {"address_line": format!("{line}a"), "city": format!("{city}a")}})).await;
    assert_field_error(&past, "address.address_line", "length");
    assert_field_error(&past, "address.city", "length");
}

#[tokio::test]
async fn a_contact_holds_its_limit_of_each_sub_resource_and_refuses_one_more() {
    let (tenant, contact) = with_contact().await;
    let others: Vec<Value> = {
        let mut out = Vec::new();
        for i in 0..limits::RELATIONS_PER_CONTACT {
            out.push(create_contact_with(&tenant, contact_body("Retail", &format!("Kin {i}"))).await);
        }
        out
    };
    let kinds = [
        (ADDRESSES, limits::ADDRESSES_PER_CONTACT, "contact_id"),
        (BANKS, limits::BANKS_PER_CONTACT, "contact_id"),
        (RELATIONS, limits::RELATIONS_PER_CONTACT, "contact"),
    ];
    for (collection, max, owner) in kinds {
        let body = |i: usize| match collection {
            ADDRESSES => address_body(&contact),
            // The first is primary, and so would be the one refused: the refusal clears nothing.
            BANKS => with(
                bank_body(&contact, &format!("5000000000{i:02}")),
                json!({"is_primary": i == 0 || i == max}),
            ),
            _ => {
                json!({"contact": id_of(&contact), "type": "friend", "related_contact": others.get(i).map(id_of)})
            }
        };
        let mut last = Value::Null;
        for i in 0..max {
            last = create_doc(&tenant, collection, body(i)).await;
        }
        let refused = tenant.post(collection, Some(body(max))).await;
        assert_field_error(&refused, owner, "length");
        let listed = tenant
            .get(&format!("{collection}?contact={}&page_size=100", id_of(&contact)))
            .await;
        assert_eq!(listed.json["count"], json!(max), "{collection}");
        if collection == BANKS {
            let primary: Vec<&Value> = listed.json["results"]
                .as_array()
                .map(|r| r.iter().filter(|b| b["is_primary"] == json!(true)).collect())
                .unwrap_or_default();
            assert_eq!(primary.len(), 1, "the refused create cleared the primary account");
        }
        assert_eq!(tenant.delete(&item(collection, &last)).await.status, 204);
        create_doc(&tenant, collection, body(max)).await;
    }
}

#[tokio::test]
async fn counters_take_two_to_the_53_minus_1_and_refuse_one_more() {
    let tenant = TestTenant::new();
    let max = crego_validation::MAX_SAFE_INTEGER;
    let made = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "Max", "contact_counter": max})),
        )
        .await;
    assert_eq!(created(&made, "counters")["contact_counter"], json!(max));
    let past = tenant
        .post(
            "/namespaces/",
            Some(json!({"name": "Past", "contact_counter": max + 1})),
        )
        .await;
    assert_field_error(&past, "contact_counter", "range");
}
