//! The address list: envelope, newest-first paging, the `contact`, `search`, `tags` and `created_at_*`
//! filters, and the refusal of unknown or malformed query parameters.

use crate::helpers::{assert_query_error, id_of, result_ids, MISSING_ID};
use crate::sub_helpers::{
    another_contact, create_doc, create_docs_in_order, list_docs, owner_contact, query_path, ADDRESSES,
};
use crego_api_tests::shapes::UtcDate;
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

/// The envelope without `results`.
fn paging(page: &Value) -> Value {
    let mut envelope = page.clone();
    envelope.as_object_mut().expect("an object").remove("results");
    envelope
}

/// An address of `contact` with these location fields.
fn located(contact: &Value, line: &str, city: &str, state: &str, pincode: &str, country: &str) -> Value {
    json!({"contact_id": id_of(contact), "address_line": line, "city": city, "state": state,
           "pincode": pincode, "country": country})
}

/// The ids of the addresses a query lists.
async fn ids(tenant: &TestTenant, query: &[(&str, &str)]) -> Vec<String> {
    result_ids(&list_docs(tenant, ADDRESSES, query).await)
}

#[tokio::test]
async fn an_empty_address_list_has_the_whole_envelope() {
    let tenant = TestTenant::new();

    let page = list_docs(&tenant, ADDRESSES, &[]).await;

    assert_eq!(
        page,
        json!({"count": 0, "total_pages": 0, "current_page": 1, "has_previous": false, "has_next": false,
               "previous_page": null, "next_page": null, "results": []})
    );
}

#[tokio::test]
async fn addresses_are_listed_newest_first_and_paged() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let bodies = (0..5)
        .map(|i| json!({"contact_id": id_of(&contact), "address_line": format!("House {i}, Main Road")}))
        .collect();
    let created = create_docs_in_order(&tenant, ADDRESSES, bodies).await;
    let newest_first: Vec<String> = created.iter().rev().map(id_of).collect();

    let first = list_docs(&tenant, ADDRESSES, &[("page_size", "2")]).await;
    let second = list_docs(&tenant, ADDRESSES, &[("page_size", "2"), ("page", "2")]).await;
    let last = list_docs(&tenant, ADDRESSES, &[("page_size", "2"), ("page", "3")]).await;
    let past = list_docs(&tenant, ADDRESSES, &[("page_size", "2"), ("page", "4")]).await;

    assert_eq!(
        paging(&first),
        json!({"count": 5, "total_pages": 3, "current_page": 1, "has_previous": false, "has_next": true,
               "previous_page": null, "next_page": 2})
    );
    assert_eq!(
        paging(&second),
        json!({"count": 5, "total_pages": 3, "current_page": 2, "has_previous": true, "has_next": true,
               "previous_page": 1, "next_page": 3})
    );
    let mut all = result_ids(&first);
    all.extend(result_ids(&second));
    all.extend(result_ids(&last));
    assert_eq!(all, newest_first);
    assert_eq!(last["has_next"], false);
    assert_eq!((&past["count"], &past["results"]), (&json!(5), &json!([])));
    assert_eq!(first["results"][0], created[4], "list items are whole documents");
}

#[tokio::test]
async fn the_contact_filter_lists_only_that_contacts_addresses() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let vikram = another_contact(&tenant, "Vikram Shah").await;
    let nobody = another_contact(&tenant, "Meena Iyer").await;
    let of_asha = create_doc(&tenant, ADDRESSES, json!({"contact_id": id_of(&asha)})).await;
    let of_vikram = create_doc(&tenant, ADDRESSES, json!({"contact_id": id_of(&vikram)})).await;

    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&asha))]).await,
        [id_of(&of_asha)]
    );
    assert_eq!(
        ids(&tenant, &[("contact", &id_of(&vikram))]).await,
        [id_of(&of_vikram)]
    );
    assert!(ids(&tenant, &[("contact", &id_of(&nobody))]).await.is_empty());
    let unknown = list_docs(&tenant, ADDRESSES, &[("contact", MISSING_ID)]).await;
    assert_eq!(unknown["count"], 0, "{unknown}");
}

#[tokio::test]
async fn search_matches_each_address_field_case_insensitively() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let pune = create_doc(
        &tenant,
        ADDRESSES,
        located(
            &contact,
            "12 Sai Residency, FC Road",
            "Pune",
            "Maharashtra",
            "411004",
            "India",
        ),
    )
    .await;
    let bengaluru = create_doc(
        &tenant,
        ADDRESSES,
        located(
            &contact,
            "7 Brigade Towers",
            "Bengaluru",
            "Karnataka",
            "560001",
            "India",
        ),
    )
    .await;
    let kathmandu = create_doc(
        &tenant,
        ADDRESSES,
        located(
            &contact,
            "Thamel Marg 3",
            "Kathmandu",
            "Bagmati",
            "446001",
            "Nepal",
        ),
    )
    .await;

    assert_eq!(ids(&tenant, &[("search", "residency")]).await, [id_of(&pune)]);
    assert_eq!(ids(&tenant, &[("search", "bENGAL")]).await, [id_of(&bengaluru)]);
    assert_eq!(
        ids(&tenant, &[("search", "karnataka")]).await,
        [id_of(&bengaluru)]
    );
    assert_eq!(ids(&tenant, &[("search", "446001")]).await, [id_of(&kathmandu)]);
    assert_eq!(ids(&tenant, &[("search", "NEPAL")]).await, [id_of(&kathmandu)]);
    assert_eq!(
        ids(&tenant, &[("search", "india")]).await,
        [id_of(&bengaluru), id_of(&pune)]
    );
    assert!(ids(&tenant, &[("search", "Chennai")]).await.is_empty());
    assert!(ids(&tenant, &[("search", "%")]).await.is_empty(), "% is literal");
}

#[tokio::test]
async fn a_tags_filter_lists_addresses_that_carry_every_tag() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let tagged = |tags: Value| json!({"contact_id": id_of(&contact), "tags": tags});
    let both = create_doc(&tenant, ADDRESSES, tagged(json!(["home", "billing"]))).await;
    let home = create_doc(&tenant, ADDRESSES, tagged(json!(["home"]))).await;
    create_doc(&tenant, ADDRESSES, tagged(json!([]))).await;

    assert_eq!(
        ids(&tenant, &[("tags", "home")]).await,
        [id_of(&home), id_of(&both)]
    );
    assert_eq!(ids(&tenant, &[("tags", "home,billing")]).await, [id_of(&both)]);
    assert_eq!(ids(&tenant, &[("tags", "billing,home")]).await, [id_of(&both)]);
    assert!(ids(&tenant, &[("tags", "HOME")]).await.is_empty());
    assert!(ids(&tenant, &[("tags", "home,office")]).await.is_empty());
}

#[tokio::test]
async fn created_at_filters_take_whole_utc_days_or_instants() {
    let tenant = TestTenant::new();
    let contact = owner_contact(&tenant, "Asha Rao").await;
    let created = create_doc(&tenant, ADDRESSES, json!({"contact_id": id_of(&contact)})).await;
    let at = created["created_at"].as_str().unwrap().to_string();
    let day = UtcDate {
        year: at[0..4].parse().unwrap(),
        month: at[5..7].parse().unwrap(),
        day: at[8..10].parse().unwrap(),
    };
    let (today, yesterday, tomorrow) = (day.iso(), day.plus_days(-1).iso(), day.plus_days(1).iso());
    let one = [id_of(&created)];

    assert_eq!(ids(&tenant, &[("created_at_after", &today)]).await, one);
    assert_eq!(ids(&tenant, &[("created_at_before", &today)]).await, one);
    assert_eq!(
        ids(
            &tenant,
            &[("created_at_after", &yesterday), ("created_at_before", &tomorrow)]
        )
        .await,
        one
    );
    assert!(ids(&tenant, &[("created_at_after", &tomorrow)]).await.is_empty());
    assert!(ids(&tenant, &[("created_at_before", &yesterday)])
        .await
        .is_empty());
    assert_eq!(ids(&tenant, &[("created_at_after", &at)]).await, one, "inclusive");
    assert_eq!(
        ids(&tenant, &[("created_at_before", &at)]).await,
        one,
        "inclusive"
    );
}

#[tokio::test]
async fn the_contact_and_search_filters_combine() {
    let tenant = TestTenant::new();
    let asha = owner_contact(&tenant, "Asha Rao").await;
    let vikram = another_contact(&tenant, "Vikram Shah").await;
    let city = |c: &Value, city: &str| json!({"contact_id": id_of(c), "city": city});
    let asha_pune = create_doc(&tenant, ADDRESSES, city(&asha, "Pune")).await;
    create_doc(&tenant, ADDRESSES, city(&asha, "Mumbai")).await;
    create_doc(&tenant, ADDRESSES, city(&vikram, "Pune")).await;

    let page = list_docs(
        &tenant,
        ADDRESSES,
        &[("contact", &id_of(&asha)), ("search", "pune"), ("page_size", "1")],
    )
    .await;

    assert_eq!(result_ids(&page), [id_of(&asha_pune)]);
    assert_eq!((&page["count"], &page["has_next"]), (&json!(1), &json!(false)));
}

#[tokio::test]
async fn unknown_and_malformed_query_parameters_are_refused() {
    let tenant = TestTenant::new();
    owner_contact(&tenant, "Asha Rao").await;
    let get = |query: &[(&str, &str)]| query_path(ADDRESSES, query);

    let unknown = tenant.get(&get(&[("city", "Pune")])).await;
    let relation_only = tenant.get(&get(&[("related_contact", MISSING_ID)])).await;
    let page = tenant.get(&get(&[("page", "0")])).await;
    let size = tenant.get(&get(&[("page_size", "101")])).await;
    let date = tenant.get(&get(&[("created_at_after", "yesterday")])).await;
    let repeated = tenant.get(&format!("{ADDRESSES}?page=1&page=2")).await;

    assert_query_error(&unknown, "city");
    assert!(
        unknown.has_field_error("city", "unknown_field"),
        "{}",
        unknown.text
    );
    assert_query_error(&relation_only, "related_contact");
    assert_query_error(&page, "page");
    assert_query_error(&size, "page_size");
    assert_query_error(&date, "created_at_after");
    assert_query_error(&repeated, "page");
}
