//! Dedupe's reads are bounded whatever the tenant holds (issue 17): a name and a phone number shared by
//! thousands of contacts still let the one duplicate through, and an identifier held by more contacts
//! than a household would hold is a placeholder that finds no one.

use crate::contact_helpers::{create_contact_with_props, dedupe_ok, match_for, matched_ids};
use crate::helpers::{create_namespace, id_of};
use crate::sub_helpers::{create_doc, ADDRESSES};
use crego_api_tests::TestTenant;
use crego_validation::limits::{DEDUPE_HOLDERS, DEDUPE_READ_PER_KEY};
use futures::future::join_all;
use serde_json::{json, Value};

/// Contacts sharing the name and the phone number: forty times the contacts read per key.
const CROWD: usize = 2000;

async fn person(tenant: &TestTenant, name: &str, props: &[(&str, &str)]) -> Value {
    create_contact_with_props(tenant, "Retail", name, props).await
}

#[tokio::test]
async fn two_thousand_namesakes_sharing_a_phone_do_not_hide_the_duplicate() {
    assert!(CROWD as u64 >= 40 * DEDUPE_READ_PER_KEY);
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    // The duplicate is the oldest: the name's key holds it far past the newest contacts read.
    let target = person(
        &tenant,
        "Rajesh Kumar",
        &[("dob", "1985-03-12"), ("mobile", "9812345678")],
    )
    .await;
    let home = json!({"contact_id": id_of(&target), "pincode": "411001", "city": "Pune", "address_line": "14, MG Road"});
    create_doc(&tenant, ADDRESSES, home).await;
    for batch in 0..CROWD / 50 {
        let writes = (0..50).map(|i| {
            let n = batch * 50 + i;
            // Born on other days, 1950-1989.
            let dob = format!("{}-{:02}-{:02}", 1950 + n % 40, 1 + n % 12, 1 + (n / 12) % 28);
            let t = tenant.clone();
            async move { person(&t, "Rajesh Kumar", &[("dob", &dob), ("mobile", "9812345678")]).await }
        });
        join_all(writes).await;
    }
    let ask = json!({
        "name": "Rajesh Kumar",
        "props": [{"key": "dob", "value": "12/03/1985"}, {"key": "mobile", "value": "98123 45678"}],
        "address": {"pincode": "411001", "city": "Pune", "address_line": "14 MG Road"},
    });

    let found = dedupe_ok(&tenant, ask).await;
    let by_phone = dedupe_ok(
        &tenant,
        json!({"props": [{"key": "mobile", "value": "9812345678"}]}),
    )
    .await;
    let by_name = dedupe_ok(&tenant, json!({"name": "Rajesh Kumar", "limit": 50})).await;

    assert_eq!(matched_ids(&found)[0], id_of(&target), "{found:?}");
    assert!(found[0]["score"].as_f64() >= Some(0.85), "{}", found[0]);
    let mobile = found[0]["explanation"]
        .as_array()
        .and_then(|e| e.iter().find(|f| f["field"] == "props.mobile"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(mobile["outcome"], "placeholder", "held by {CROWD}: {mobile}");
    assert_eq!(mobile["weight"], json!(0.0));
    assert!(
        by_phone.is_empty(),
        "a phone held by {CROWD} contacts finds no one: {by_phone:?}"
    );
    assert_eq!(by_name.len(), 50, "a bare name: the newest namesakes, all at 1.0");
    assert!(by_name.iter().all(|r| r["score"] == json!(1.0)));
    assert!(
        match_for(&by_name, &target).is_none(),
        "the oldest is not among the newest 50"
    );
}

#[tokio::test]
async fn an_identifier_held_by_ten_contacts_finds_them_all_and_by_one_more_it_is_a_placeholder() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let pan = [("pan", "AAAPZ9999Q")];
    let mut holders = Vec::new();
    for i in 0..DEDUPE_HOLDERS {
        holders.push(person(&tenant, &format!("Holder {}", char::from(b'a' + i as u8)), &pan).await);
    }
    let ask = json!({"props": [{"key": "pan_no", "value": "aaapz9999q"}], "limit": 50});

    let at_the_bound = dedupe_ok(&tenant, ask.clone()).await;
    person(&tenant, "One More", &pan).await;
    let past_it = dedupe_ok(&tenant, ask).await;

    let mut ids = matched_ids(&at_the_bound);
    ids.sort();
    let mut expected: Vec<String> = holders.iter().map(id_of).collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(at_the_bound.iter().all(|r| r["score"] == json!(1.0)));
    assert!(
        past_it.is_empty(),
        "held by {} contacts: {past_it:?}",
        DEDUPE_HOLDERS + 1
    );
}
