//! `search` on the contact list through the trigram index (fragments of 3+ characters): the same
//! answers as a case-insensitive substring over name or ref_id, with `%`, `_` and `"` literal, kept in
//! step with creates and with updates of name and ref_id, and never across tenants.

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, list_contacts, with};
use crate::helpers::{create_namespace, result_names};
use crego_api_tests::TestTenant;
use serde_json::json;

async fn names(tenant: &TestTenant, search: &str) -> Vec<String> {
    result_names(&list_contacts(tenant, &[("search", search)]).await)
}

#[tokio::test]
async fn long_fragments_match_substrings_of_name_or_ref_id_in_any_case_with_counts() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    for (name, ref_id) in [
        ("Rajesh Kumar", "CUST-001"),
        ("Priya Nair", "OLD_RAJESH"),
        ("Anil Shah", "A-1"),
    ] {
        create_contact_with(
            &tenant,
            with(contact_body("Retail", name), json!({"ref_id": ref_id})),
        )
        .await;
    }

    assert_eq!(names(&tenant, "AJES").await, ["Priya Nair", "Rajesh Kumar"]);
    assert_eq!(list_contacts(&tenant, &[("search", "ajes")]).await["count"], 2);
    assert_eq!(names(&tenant, "sh kum").await, ["Rajesh Kumar"]);
    assert_eq!(names(&tenant, "d_raj").await, ["Priya Nair"]);
    assert!(
        names(&tenant, "dXraj").await.is_empty(),
        "_ is a literal, not any character"
    );
    assert!(names(&tenant, "ST-%").await.is_empty(), "% is a literal");
    assert!(names(&tenant, "\"raj\"").await.is_empty(), "a quote is a literal");
    let filtered = list_contacts(&tenant, &[("search", "ajes"), ("status", "inactive")]).await;
    assert_eq!(filtered["count"], 0);
}

#[tokio::test]
async fn renamed_contacts_are_found_by_their_new_name_and_ref_id_only() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let contact = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Rajesh Kumar"),
            json!({"ref_id": "CUST-001"}),
        ),
    )
    .await;

    let response = tenant
        .patch(
            &contact_path(&contact),
            Some(json!({"name": "Suresh Menon", "ref_id": "NEW-777"})),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.text);

    assert!(names(&tenant, "rajesh").await.is_empty());
    assert!(names(&tenant, "cust-001").await.is_empty());
    assert_eq!(names(&tenant, "menon").await, ["Suresh Menon"]);
    assert_eq!(names(&tenant, "w-777").await, ["Suresh Menon"]);
    let response = tenant
        .patch(&contact_path(&contact), Some(json!({"tags": ["vip"]})))
        .await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(names(&tenant, "menon").await, ["Suresh Menon"]);
}

#[tokio::test]
async fn another_tenants_contacts_are_never_found() {
    let (mine, theirs) = (TestTenant::new(), TestTenant::new());
    create_namespace(&mine, "Retail").await;
    create_namespace(&theirs, "Retail").await;
    create_contact_with(&theirs, contact_body("Retail", "Rajesh Kumar")).await;

    let page = list_contacts(&mine, &[("search", "rajesh")]).await;

    assert_eq!(page["count"], 0);
    assert!(result_names(&page).is_empty());
}
