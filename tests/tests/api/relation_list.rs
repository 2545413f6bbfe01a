//! The relation list: newest-first paging and the `contact`, `related_contact` and `type` filters; the
//! filters other lists have (`search`, `tags`, `created_at_*`) are unknown here.

use crate::helpers::{assert_query_error, id_of, result_ids, MISSING_ID};
use crate::sub_helpers::{
    another_contact, create_docs_in_order, list_docs, owner_contact, query_path, relation_body, RELATIONS,
};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// The ids of the relations a query lists.
async fn ids(tenant: &TestTenant, query: &[(&str, &str)]) -> Vec<String> {
    result_ids(&list_docs(tenant, RELATIONS, query).await)
}

/// The ids of these relations, newest first.
fn newest_first(relations: &[&Value]) -> Vec<String> {
    relations.iter().rev().map(|r| id_of(r)).collect()
}

#[tokio::test]
async fn relations_are_listed_newest_first_and_filtered_by_either_contact_or_type() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let ravi = another_contact(&tenant, "Ravi Rao").await;
    let meena = another_contact(&tenant, "Meena Iyer").await;
    let created = create_docs_in_order(
        &tenant,
        RELATIONS,
        vec![
            relation_body(&asha, "spouse", Some(&ravi)),
            relation_body(&asha, "guarantor", Some(&meena)),
            relation_body(&ravi, "spouse", Some(&asha)),
            relation_body(&meena, "nominee", None),
        ],
    )
    .await;
    let [a_ravi, a_meena, r_asha, m_none] = [&created[0], &created[1], &created[2], &created[3]];

    assert_eq!(
        ids(&tenant, &[]).await,
        newest_first(&[a_ravi, a_meena, r_asha, m_none])
    );
    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&asha))]).await,
        newest_first(&[a_ravi, a_meena])
    );
    assert_eq!(
        ids(&tenant, &[("related_contact", &id_of(&asha))]).await,
        [id_of(r_asha)]
    );
    assert_eq!(
        ids(&tenant, &[("type", "spouse")]).await,
        newest_first(&[a_ravi, r_asha])
    );
    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&asha)), ("type", "spouse")]).await,
        [id_of(a_ravi)]
    );
    assert_eq!(
        ids(
            &tenant,
            &[("related_contact", &id_of(&meena)), ("type", "guarantor")]
        )
        .await,
        [id_of(a_meena)]
    );
    assert!(ids(&tenant, &[("type", "father")]).await.is_empty());
    assert!(ids(&tenant, &[("contact", MISSING_ID)]).await.is_empty());
}

#[tokio::test]
async fn relations_are_paged_with_the_whole_envelope() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let bodies = ["father", "mother", "child"]
        .iter()
        .map(|kind| relation_body(&asha, kind, None))
        .collect();
    let created = create_docs_in_order(&tenant, RELATIONS, bodies).await;

    let second = list_docs(&tenant, RELATIONS, &[("page_size", "2"), ("page", "2")]).await;

    assert_eq!(
        second,
        json!({"count": 3, "total_pages": 2, "current_page": 2, "has_previous": true, "has_next": false,
               "previous_page": 1, "next_page": null, "results": [created[0]]})
    );
}

#[tokio::test]
async fn a_bad_type_filter_is_an_enum_error() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    let response = tenant.get(&query_path(RELATIONS, &[("type", "cousin")])).await;

    assert_query_error(&response, "type");
    assert!(response.has_field_error("type", "enum"), "{}", response.text);
}

#[tokio::test]
async fn search_tags_and_date_filters_are_unknown_on_relations() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;

    for param in ["search", "tags", "created_at_after", "created_at_before"] {
        let value = if param.starts_with("created") {
            "2026-01-01"
        } else {
            "x"
        };
        let response = tenant.get(&query_path(RELATIONS, &[(param, value)])).await;
        assert_query_error(&response, param);
        assert!(
            response.has_field_error(param, "unknown_field"),
            "{param}: {}",
            response.text
        );
    }
}
