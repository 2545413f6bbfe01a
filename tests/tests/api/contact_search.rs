//! `search` on the contact list through the trigram index (fragments of 3+ characters): the same
//! answers as a case-insensitive substring over name or ref_id, with `%`, `_` and `"` literal, kept in
//! step with creates and with updates of name and ref_id, and never across tenants. With many matches,
//! the exact count and the list's own newest-first order on every page, however the creates interleaved.

use crate::contact_helpers::{contact_body, contact_path, create_contact_with, list_contacts, with};
use crate::helpers::{create_namespace, id_of, result_ids, result_names};
use crego_api_tests::TestTenant;
use futures::future::join_all;
use serde_json::{json, Value};

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

/// The ids of the tenant's contacts whose name holds `fragment` (any case), in list order, read from the
/// plain list (no search): the answer a search must give.
async fn expected_matches(tenant: &TestTenant, fragment: &str, extra: &[(&str, &str)]) -> Vec<String> {
    let mut query = vec![("page_size", "100")];
    query.extend_from_slice(extra);
    let page = list_contacts(tenant, &query).await;
    let all = page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {page}"));
    assert!(all.len() < 100, "one page holds the whole list");
    let fragment = fragment.to_lowercase();
    all.iter()
        .filter(|c| {
            c["name"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase()
                .contains(&fragment)
        })
        .map(id_of)
        .collect()
}

/// Walks every page of a search (and one past the end), checking the envelope on each; returns the ids.
async fn searched_pages(tenant: &TestTenant, query: &[(&str, &str)], page_size: usize) -> Vec<String> {
    let size = page_size.to_string();
    let first = list_contacts(tenant, &[query, &[("page_size", size.as_str())]].concat()).await;
    let count = first["count"]
        .as_u64()
        .unwrap_or_else(|| panic!("no count in {first}"));
    let pages = count.div_ceil(page_size as u64);
    assert_eq!(first["total_pages"], pages, "{first}");
    let mut ids = Vec::new();
    for page in 1..=pages + 1 {
        let number = page.to_string();
        let response = list_contacts(
            tenant,
            &[query, &[("page_size", size.as_str()), ("page", number.as_str())]].concat(),
        )
        .await;
        assert_eq!(response["count"], count, "page {page}: {response}");
        let got = result_ids(&response);
        if page > pages {
            assert!(got.is_empty(), "a page past the end is empty: {response}");
        }
        ids.extend(got);
    }
    assert_eq!(ids.len() as u64, count, "every match once");
    ids
}

#[tokio::test]
async fn many_matches_are_counted_exactly_and_paged_newest_first() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    for i in 0..36 {
        let name = if i % 3 == 0 {
            format!("Priya Nair {i}")
        } else {
            format!("Rajesh Kumar {i}")
        };
        let status = if i % 4 == 0 { "inactive" } else { "active" };
        create_contact_with(
            &tenant,
            with(contact_body("Retail", &name), json!({"status": status})),
        )
        .await;
    }

    let expected = expected_matches(&tenant, "ajes", &[]).await;
    let inactive = expected_matches(&tenant, "ajes", &[("status", "inactive")]).await;

    assert_eq!(expected.len(), 24);
    assert_eq!(searched_pages(&tenant, &[("search", "AJES")], 7).await, expected);
    assert_eq!(searched_pages(&tenant, &[("search", "ajes")], 24).await, expected);
    assert_eq!(
        searched_pages(&tenant, &[("search", "ajes"), ("status", "inactive")], 4).await,
        inactive,
        "with another filter too"
    );
    assert!(searched_pages(&tenant, &[("search", "zzz")], 5).await.is_empty());
}

#[tokio::test]
async fn search_pages_follow_the_list_order_after_parallel_creates() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    // Creates in flight together may be stored in another order than their created_at.
    for round in 0..5 {
        let creates = (0..10).map(|i| {
            let tenant = tenant.clone();
            let name = if i % 4 == 3 {
                format!("Anil Shah {round} {i}")
            } else {
                format!("Rajesh {round} {i}")
            };
            async move { create_contact_with(&tenant, contact_body("Retail", &name)).await }
        });
        join_all(creates).await;
    }

    let expected = expected_matches(&tenant, "rajesh", &[]).await;

    assert_eq!(expected.len(), 40);
    assert_eq!(
        searched_pages(&tenant, &[("search", "rajesh")], 9).await,
        expected
    );
    assert_eq!(searched_pages(&tenant, &[("search", "jes")], 40).await, expected);
}

#[tokio::test]
async fn each_tenant_counts_and_pages_only_its_own_matches() {
    let (mine, theirs) = (TestTenant::new(), TestTenant::new());
    create_namespace(&mine, "Retail").await;
    create_namespace(&theirs, "Retail").await;
    let mut my_ids: Vec<Value> = Vec::new();
    for i in 0..6 {
        my_ids.push(create_contact_with(&mine, contact_body("Retail", &format!("Rajesh {i}"))).await);
        for j in 0..2 {
            create_contact_with(&theirs, contact_body("Retail", &format!("Rajesh {i} {j}"))).await;
        }
    }
    let mine_newest_first: Vec<String> = my_ids.iter().rev().map(id_of).collect();

    assert_eq!(
        searched_pages(&mine, &[("search", "rajesh")], 4).await,
        mine_newest_first
    );
    assert_eq!(list_contacts(&theirs, &[("search", "rajesh")]).await["count"], 12);
}
