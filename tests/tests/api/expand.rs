//! `expand` on a contact and on the contact list: the asked-for sub-resource arrays are embedded (whole
//! documents of that contact only), the others are absent, and an unknown name is refused.

use crate::contact_helpers::{contact_path, contacts_query, get_contact, list_contacts, results};
use crate::helpers::{assert_query_error, id_of};
use crate::sub_helpers::{
    address_body, another_contact, bank_body, create_doc, owner_contact, relation_body, ADDRESSES, BANKS,
    RELATIONS,
};
use crego_api_tests::{encode_query, TestTenant};
use serde_json::Value;

const EMBEDDED: [&str; 3] = ["addresses", "banks", "relations"];

/// A contact's embedded array, sorted by id (the order of an embedded array is not the point here).
fn embedded(contact: &Value, key: &str) -> Vec<Value> {
    let mut items = contact[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} array in {contact}"))
        .clone();
    items.sort_by_key(id_of);
    items
}

/// These documents, sorted by id.
fn sorted(docs: &[&Value]) -> Vec<Value> {
    let mut items: Vec<Value> = docs.iter().map(|d| (*d).clone()).collect();
    items.sort_by_key(id_of);
    items
}

/// GETs a contact with `?expand=...`; panics unless 200.
async fn expanded(tenant: &TestTenant, contact: &Value, expand: &str) -> Value {
    let path = format!("{}{}", contact_path(contact), encode_query(&[("expand", expand)]));
    let response = tenant.get(&path).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.text);
    response.json
}

#[tokio::test]
async fn expand_embeds_the_contacts_addresses_banks_and_relations() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let home = create_doc(&tenant, ADDRESSES, address_body(&asha)).await;
    let office = create_doc(&tenant, ADDRESSES, address_body(&asha)).await;
    let account = create_doc(&tenant, BANKS, bank_body(&asha, "000123456789")).await;
    let spouse = create_doc(&tenant, RELATIONS, relation_body(&asha, "spouse", Some(&ravi))).await;
    create_doc(&tenant, ADDRESSES, address_body(&ravi)).await;
    create_doc(&tenant, BANKS, bank_body(&ravi, "000123456789")).await;

    // Adding addresses and an account changed Asha (material changes): read her as she is now.
    let asha = get_contact(&tenant, &asha).await;

    let contact = expanded(&tenant, &asha, "addresses,banks,relations").await;

    assert_eq!(embedded(&contact, "addresses"), sorted(&[&home, &office]));
    assert_eq!(embedded(&contact, "banks"), sorted(&[&account]));
    assert_eq!(embedded(&contact, "relations"), sorted(&[&spouse]));
    let mut plain = contact.clone();
    for key in EMBEDDED {
        plain.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(plain, asha, "the rest is the contact as read without expand");
}

#[tokio::test]
async fn only_the_arrays_asked_for_are_embedded() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let account = create_doc(&tenant, BANKS, bank_body(&asha, "000123456789")).await;
    create_doc(&tenant, ADDRESSES, address_body(&asha)).await;

    let banks_only = expanded(&tenant, &asha, "banks").await;
    let plain = tenant.get(&contact_path(&asha)).await;

    assert_eq!(embedded(&banks_only, "banks"), sorted(&[&account]));
    for key in ["addresses", "relations"] {
        assert!(banks_only.get(key).is_none(), "{key} in {banks_only}");
    }
    assert_eq!(plain.status, 200, "{}", plain.text);
    for key in EMBEDDED {
        assert!(
            plain.json.get(key).is_none(),
            "{key} without expand: {}",
            plain.text
        );
    }
}

#[tokio::test]
async fn a_contact_without_sub_resources_expands_to_empty_arrays() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;

    let contact = expanded(&tenant, &asha, "relations,addresses,banks").await;

    for key in EMBEDDED {
        assert_eq!(contact[key], Value::Array(vec![]), "{key} in {contact}");
    }
}

#[tokio::test]
async fn the_contact_list_embeds_banks_per_contact() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let first = create_doc(&tenant, BANKS, bank_body(&asha, "000123456789")).await;
    let second = create_doc(&tenant, BANKS, bank_body(&asha, "000987654321")).await;
    create_doc(&tenant, ADDRESSES, address_body(&ravi)).await;

    let page = list_contacts(&tenant, &[("expand", "banks")]).await;

    let listed = results(&page);
    assert_eq!(listed.len(), 2, "{page}");
    let of = |contact: &Value| {
        listed
            .iter()
            .find(|c| c["id"] == contact["id"])
            .unwrap_or_else(|| panic!("{} not listed", contact["id"]))
            .clone()
    };
    assert_eq!(embedded(&of(&asha), "banks"), sorted(&[&first, &second]));
    assert_eq!(of(&ravi)["banks"], Value::Array(vec![]));
    for contact in &listed {
        assert!(contact.get("addresses").is_none(), "{contact}");
        assert!(contact.get("relations").is_none(), "{contact}");
    }
}

#[tokio::test]
async fn an_unknown_expand_name_is_refused() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;

    let one = tenant
        .get(&format!(
            "{}{}",
            contact_path(&asha),
            encode_query(&[("expand", "foo")])
        ))
        .await;
    let mixed = tenant
        .get(&format!(
            "{}{}",
            contact_path(&asha),
            encode_query(&[("expand", "banks,props")])
        ))
        .await;
    let list = tenant.get(&contacts_query(&[("expand", "foo")])).await;

    for response in [&one, &mixed, &list] {
        assert_query_error(response, "expand");
        assert!(response.has_field_error("expand", "enum"), "{}", response.text);
    }
}
