//! `search` may be 1..=100 characters on every list (CONTRACT §9). D1 refuses a `LIKE` pattern over 50
//! bytes ("LIKE or GLOB pattern too complex", a 503), so a long fragment must never reach a `LIKE`.
//! Every list here has rows, so the search condition is really evaluated (found by schemathesis).

use crate::helpers::create_namespace;
use crate::sub_helpers::{address_body, bank_body, create_doc, list_docs, owner_contact};
use crego_api_tests::TestTenant;
use serde_json::json;

#[tokio::test]
async fn a_search_of_up_to_100_characters_answers_on_every_list() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Verma").await;
    let line = "Plot 7, Sector 21, Near the Old Water Tank, Kharghar Node".to_string();
    let mut address = address_body(&contact);
    address["address_line"] = json!(line);
    create_doc(&tenant, "/contacts/addresses/", address).await;
    create_doc(&tenant, "/contacts/banks/", bank_body(&contact, "123456789012")).await;
    create_namespace(&tenant, "Gold loans for salaried customers in Navi Mumbai").await;

    let long = "x".repeat(100);
    let wide = "é".repeat(100); // 200 bytes
    let lists = [
        "/namespaces/",
        "/contacts/",
        "/contacts/addresses/",
        "/contacts/banks/",
    ];
    for list in lists {
        for fragment in [
            long.as_str(),
            wide.as_str(),
            "%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\%_\\",
        ] {
            let page = list_docs(&tenant, list, &[("search", fragment)]).await;
            assert_eq!(page["count"], 0, "{list} search={fragment}");
        }
    }
    // Long fragments still find what holds them, case-insensitively.
    let found = list_docs(
        &tenant,
        "/contacts/addresses/",
        &[("search", &line.to_uppercase())],
    )
    .await;
    assert_eq!(found["count"], 1);
    let found = list_docs(
        &tenant,
        "/namespaces/",
        &[("search", "GOLD LOANS FOR SALARIED CUSTOMERS IN NAVI MUMBAI")],
    )
    .await;
    assert_eq!(found["count"], 1);
}
