//! The bank account list: newest-first paging, the `contact`, `search`, `tags` and `created_at_*` filters,
//! and the refusal of unknown query parameters.

use crate::helpers::{assert_query_error, id_of, result_ids};
use crate::sub_helpers::{
    another_contact, bank_body, create_doc, create_docs_in_order, list_docs, owner_contact, query_path, BANKS,
};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// The ids of the accounts a query lists.
async fn ids(tenant: &TestTenant, query: &[(&str, &str)]) -> Vec<String> {
    result_ids(&list_docs(tenant, BANKS, query).await)
}

/// An account of `contact` with these extra fields.
fn account(contact: &Value, number: &str, extra: Value) -> Value {
    let mut body = bank_body(contact, number);
    if let (Some(target), Value::Object(fields)) = (body.as_object_mut(), extra) {
        target.extend(fields);
    }
    body
}

#[tokio::test]
async fn accounts_are_listed_newest_first_and_paged() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let bodies = (0..3)
        .map(|i| bank_body(&contact, &format!("00012345678{i}")))
        .collect();
    let created = create_docs_in_order(&tenant, BANKS, bodies).await;

    let first = list_docs(&tenant, BANKS, &[("page_size", "2")]).await;
    let second = list_docs(&tenant, BANKS, &[("page_size", "2"), ("page", "2")]).await;

    assert_eq!(result_ids(&first), [id_of(&created[2]), id_of(&created[1])]);
    assert_eq!(result_ids(&second), [id_of(&created[0])]);
    assert_eq!(
        (&first["count"], &first["total_pages"], &first["next_page"]),
        (&json!(3), &json!(2), &json!(2))
    );
    assert_eq!(
        (
            &second["has_previous"],
            &second["previous_page"],
            &second["has_next"]
        ),
        (&json!(true), &json!(1), &json!(false))
    );
    assert_eq!(first["results"][0], created[2]);
}

#[tokio::test]
async fn the_contact_filter_lists_only_that_contacts_accounts() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let vikram = another_contact(&tenant, "Vikram Shah").await;
    let of_asha = create_doc(&tenant, BANKS, bank_body(&asha, "000123456789")).await;
    let of_vikram = create_doc(&tenant, BANKS, bank_body(&vikram, "000123456789")).await;

    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&asha))]).await,
        [id_of(&of_asha)]
    );
    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&vikram))]).await,
        [id_of(&of_vikram)]
    );
    assert!(ids(&tenant, &[("contact", crate::helpers::MISSING_ID)])
        .await
        .is_empty());
}

#[tokio::test]
async fn search_matches_bank_name_holder_or_ifsc_case_insensitively() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let sbi = create_doc(
        &tenant,
        BANKS,
        account(
            &contact,
            "000000000001",
            json!({"ifsc": "SBIN0001234", "bank_name": "State Bank of India", "branch": "Fort Mumbai"}),
        ),
    )
    .await;
    let hdfc = create_doc(
        &tenant,
        BANKS,
        account(
            &contact,
            "000000000002",
            json!({"ifsc": "HDFC0000240", "account_holder_name": "Sharma Traders"}),
        ),
    )
    .await;

    assert_eq!(ids(&tenant, &[("search", "state bank")]).await, [id_of(&sbi)]);
    assert_eq!(ids(&tenant, &[("search", "SHARMA")]).await, [id_of(&hdfc)]);
    assert_eq!(ids(&tenant, &[("search", "hdfc0000")]).await, [id_of(&hdfc)]);
    assert_eq!(
        ids(&tenant, &[("search", "0")]).await,
        [id_of(&hdfc), id_of(&sbi)]
    );
    assert!(
        ids(&tenant, &[("search", "Fort Mumbai")]).await.is_empty(),
        "branch is not searched"
    );
    assert!(
        ids(&tenant, &[("search", "000000000001")]).await.is_empty(),
        "nor the number"
    );
}

#[tokio::test]
async fn tags_and_created_at_filter_accounts() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let salary = create_doc(
        &tenant,
        BANKS,
        account(&contact, "000000000001", json!({"tags": ["salary", "joint"]})),
    )
    .await;
    let joint = create_doc(
        &tenant,
        BANKS,
        account(&contact, "000000000002", json!({"tags": ["joint"]})),
    )
    .await;
    let at = salary["created_at"].as_str().unwrap();
    let day = UtcDate {
        year: at[0..4].parse().unwrap(),
        month: at[5..7].parse().unwrap(),
        day: at[8..10].parse().unwrap(),
    };

    assert_eq!(
        ids(&tenant, &[("tags", "joint")]).await,
        [id_of(&joint), id_of(&salary)]
    );
    assert_eq!(ids(&tenant, &[("tags", "joint,salary")]).await, [id_of(&salary)]);
    assert!(ids(&tenant, &[("tags", "salary,loan")]).await.is_empty());
    assert_eq!(
        ids(&tenant, &[("created_at_after", &day.iso()), ("tags", "salary")]).await,
        [id_of(&salary)]
    );
    assert!(ids(&tenant, &[("created_at_after", &day.plus_days(1).iso())])
        .await
        .is_empty());
    assert!(ids(&tenant, &[("created_at_before", &day.plus_days(-1).iso())])
        .await
        .is_empty());
}

#[tokio::test]
async fn unknown_bank_list_parameters_are_refused() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    let primary = tenant.get(&query_path(BANKS, &[("is_primary", "true")])).await;
    let kind = tenant.get(&query_path(BANKS, &[("type", "father")])).await;
    let size = tenant.get(&query_path(BANKS, &[("page_size", "0")])).await;

    assert_query_error(&primary, "is_primary");
    assert!(
        primary.has_field_error("is_primary", "unknown_field"),
        "{}",
        primary.text
    );
    assert_query_error(&kind, "type");
    assert_query_error(&size, "page_size");
}
