//! `POST /contacts/{id}/merge/` (CONTRACT §9, "Merge"): survivorship, a merged contact's place (out of
//! lists, search and dedupe, refusing writes, still readable), the scope, bad bodies, tenancy, limits,
//! the approval it resets, and two merges racing.

use crego_api_tests::{D1File, TestTenant};
use serde_json::{json, Value};

use crate::approval_helpers::{approval_header, approved_subject, checker};
use crate::contact_helpers::{
    act, contact_body, contact_path, create_contact_with, dedupe_ok, get_contact, history, list_contacts,
    matched_ids, text_prop, with,
};
use crate::helpers::{assert_field_error, assert_problem, at_once, create_namespace, id_of, result_ids};
use crate::merge_helpers::{assert_conflict_on, merge, merge_ok, merger, merger_of, MERGE_SCOPE};
use crate::sub_helpers::{address_body, relation_body, ADDRESSES, RELATIONS};

const PAN: &str = "ABCPK1234L";

#[tokio::test]
async fn the_survivor_keeps_its_values_fills_its_empty_fields_and_unites_props_tags_and_refs() {
    let tenant = merger().await;
    let survivor = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Rajesh Kumar"),
            json!({"tags": ["salaried"], "refs": {"crm_id": "CRM-1"}, "props": [text_prop("pan_no", PAN)]}),
        ),
    )
    .await;
    let other = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "R. Kumar"),
            json!({"tags": ["pune", "salaried"], "refs": {"crm_id": "CRM-2", "los_id": "LOS-2"}, "rm_id": "RM_07",
                   "props": [text_prop("pan_no", "ZZZPZ9999Z"), text_prop("dob", "1990-04-01")]}),
        ),
    )
    .await;

    let merged = merge_ok(
        &tenant,
        &survivor,
        json!({"contacts": [id_of(&other)], "remarks": "same PAN"}),
    )
    .await;

    assert_eq!(merged["name"], "Rajesh Kumar");
    assert_eq!(merged["tags"], json!(["salaried", "pune"]));
    assert_eq!(merged["refs"], json!({"crm_id": "CRM-1", "los_id": "LOS-2"}));
    assert_eq!(merged["rm_id"], "RM_07");
    // The survivor's PAN (ABCPK1234L), shown masked to a caller without `pii:read` (CONTRACT §9).
    assert_eq!(
        merged["props"],
        json!([text_prop("dob", "1990-04-01"), text_prop("pan_no", "XXXXXX234L")])
    );
    assert_eq!(merged["version"], survivor["version"].as_i64().unwrap_or(0) + 1);
    assert_eq!(merged["merged_into"], Value::Null);
    let stored = get_contact(&tenant, &survivor).await;
    assert_eq!(stored["props"], merged["props"]);
    // The merged contact keeps its id, name and props, and says where it went.
    let gone = get_contact(&tenant, &other).await;
    assert_eq!(gone["merged_into"], survivor["id"]);
    assert_eq!(gone["name"], "R. Kumar");
    assert_eq!(gone["props"], other["props"]);
    // Both histories record the merge; the merged contact's value that lost is kept in it.
    for contact in [&survivor, &other] {
        let newest = &history(&tenant, contact).await["results"][0];
        assert_eq!(newest["action"], "merge", "{newest}");
        assert_eq!(newest["remarks"], "same PAN");
    }
    let entry = &history(&tenant, &other).await["results"][0];
    // ZZZPZ9999Z, masked to a caller without `pii:read`.
    assert_eq!(entry["before"]["props"][1], text_prop("pan_no", "XXXXXX999Z"));
    assert_eq!(entry["after"]["merged_into"], survivor["id"]);
}

#[tokio::test]
async fn a_merged_contact_leaves_lists_search_and_dedupe() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Rajesh Kumar")).await;
    let other = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Rajesh Kumaar"),
            json!({"props": [text_prop("pan_no", PAN)]}),
        ),
    )
    .await;
    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    assert_eq!(result_ids(&list_contacts(&tenant, &[]).await), [id_of(&survivor)]);
    let searched = list_contacts(&tenant, &[("search", "Kumaar")]).await;
    assert_eq!(searched["count"], 0, "{searched}");
    // The PAN moved with the props: dedupe finds the survivor by it, never the merged contact.
    let found = dedupe_ok(
        &tenant,
        json!({"name": "Rajesh Kumaar", "props": [{"key": "pan_no", "value": PAN}]}),
    )
    .await;
    assert_eq!(matched_ids(&found), [id_of(&survivor)]);
    // Its dedupe index rows and blocking keys are gone; the survivor holds the PAN's.
    let disk = D1File::from_var("CREGO_STATE_DIR")
        .unwrap_or_else(|| panic!("CREGO_STATE_DIR must name the server's state directory"));
    for table in ["contact_identifiers", "contact_match_keys"] {
        let rows = |id: &str| {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE tenant_id = ?1 AND contact_id = ?2");
            disk.count(&sql, &[&tenant.id, id])
        };
        assert_eq!(rows(&id_of(&other)), 0, "{table}");
        assert!(rows(&id_of(&survivor)) > 0, "{table}");
    }
}

#[tokio::test]
async fn a_merged_contact_refuses_writes_and_points_at_its_survivor() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let third = create_contact_with(&tenant, contact_body("Retail", "A. Rao")).await;
    merge_ok(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;
    let path = contact_path(&other);

    let writes = [
        tenant.patch(&path, Some(json!({"name": "Asha Rao"}))).await,
        act(&tenant, &other, "inactive").await,
        tenant
            .send(
                "PUT",
                &format!("{path}props/"),
                crego_api_tests::Body::Json(json!({"props": [text_prop("a", "b")]})),
            )
            .await,
        tenant.delete(&format!("{path}props/?all=true")).await,
        merge(&tenant, &other, json!({"contacts": [id_of(&third)]})).await,
    ];
    for response in &writes {
        assert_problem(response, 409, "merged");
        assert!(
            response.text.contains(survivor["id"].as_str().unwrap_or("?")),
            "{}",
            response.text
        );
    }
    let address = tenant.post(ADDRESSES, Some(address_body(&other))).await;
    assert_conflict_on(&address, "merged", "contact_id", "merged");
    let relation = tenant
        .post(RELATIONS, Some(relation_body(&third, "spouse", Some(&other))))
        .await;
    assert_conflict_on(&relation, "merged", "related_contact", "merged");
    let again = merge(&tenant, &third, json!({"contacts": [id_of(&other)]})).await;
    assert_conflict_on(&again, "merged", "contacts[0]", "merged");
    // Nothing changed: the merged contact is as the merge left it.
    let stored = get_contact(&tenant, &other).await;
    assert_eq!(stored["name"], "Asha R");
    assert_eq!(stored["status"], "active");
    assert_eq!(stored["props"], json!([]));
}

#[tokio::test]
async fn merging_needs_the_merge_scope() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;

    let refused = merge(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    assert_problem(&refused, 403, "missing_scope");
    assert!(refused.text.contains(MERGE_SCOPE), "{}", refused.text);
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], Value::Null);
    assert_eq!(
        get_contact(&tenant, &survivor).await["version"],
        survivor["version"]
    );
}

#[tokio::test]
async fn a_bad_merge_body_names_every_bad_field_and_changes_nothing() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let (s, o) = (id_of(&survivor), id_of(&other));

    let cases = [
        (json!({"contacts": []}), vec![("contacts", "required")]),
        (json!({}), vec![("contacts", "required")]),
        (
            json!({"contacts": [o, "01ARZ3NDEKTSV4RRFFQ69G5FA1", "01ARZ3NDEKTSV4RRFFQ69G5FA2", "01ARZ3NDEKTSV4RRFFQ69G5FA3"]}),
            vec![("contacts", "length")],
        ),
        (
            json!({"contacts": [o, s, o], "color": "red"}),
            vec![
                ("contacts[1]", "self_merge"),
                ("contacts[2]", "duplicate"),
                ("color", "unknown_field"),
            ],
        ),
        (
            json!({"contacts": "x", "remarks": 7}),
            vec![("contacts", "type"), ("remarks", "type")],
        ),
    ];
    for (body, errors) in cases {
        let response = merge(&tenant, &survivor, body.clone()).await;
        assert_problem(&response, 400, "validation_failed");
        for (field, code) in &errors {
            assert_field_error(&response, field, code);
        }
        assert_eq!(
            response.field_errors().len(),
            errors.len(),
            "{body}: {}",
            response.text
        );
    }
    assert_eq!(
        get_contact(&tenant, &survivor).await["version"],
        survivor["version"]
    );
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], Value::Null);
}

#[tokio::test]
async fn another_tenants_contacts_are_not_found_either_side_of_a_merge() {
    let tenant = merger().await;
    let stranger = merger().await;
    let mine = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let theirs = create_contact_with(&stranger, contact_body("Retail", "Asha R")).await;

    let into_theirs = merge(&tenant, &theirs, json!({"contacts": [id_of(&mine)]})).await;
    let theirs_into_mine = merge(&tenant, &mine, json!({"contacts": [id_of(&theirs)]})).await;

    assert_problem(&into_theirs, 404, "not_found");
    assert_problem(&theirs_into_mine, 404, "not_found");
    assert_eq!(get_contact(&stranger, &theirs).await["merged_into"], Value::Null);
    assert_eq!(get_contact(&tenant, &mine).await["version"], mine["version"]);
}

#[tokio::test]
async fn merging_into_an_approved_contact_resets_its_approval() {
    let tenant = merger().await;
    let approver = merger_of(&checker(&tenant));
    let survivor = approved_subject(&tenant, &approver, "Asha Rao").await.contact;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;

    let response = merge(&approver, &survivor, json!({"contacts": [id_of(&other)]})).await;

    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(approval_header(&response).as_deref(), Some("reset"));
    assert_eq!(response.json["approval_status"], "pending");
    assert_eq!(
        history(&tenant, &survivor).await["results"][0]["approval"],
        "reset"
    );
}

#[tokio::test]
async fn a_merge_past_a_limit_of_the_survivor_is_refused_whole() {
    let tenant = merger().await;
    let tags = |from: usize| (from..from + 30).map(|i| format!("tag-{i}")).collect::<Vec<_>>();
    let survivor = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"tags": tags(0)})),
    )
    .await;
    let other = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha R"), json!({"tags": tags(100)})),
    )
    .await;

    let refused = merge(&tenant, &survivor, json!({"contacts": [id_of(&other)]})).await;

    assert_conflict_on(&refused, "merge_limit", "tags", "length");
    assert_eq!(get_contact(&tenant, &survivor).await["tags"], json!(tags(0)));
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], Value::Null);
}

#[tokio::test]
async fn a_merge_naming_a_version_the_survivor_no_longer_has_is_412() {
    let tenant = merger().await;
    let survivor = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let other = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let path = format!("{}merge/", contact_path(&survivor));
    let body = json!({"contacts": [id_of(&other)]});

    let stale = at_once(&tenant, "POST", &path, &[("If-Match", "\"7\"")], 1, |_| {
        body.clone()
    })
    .await;

    assert_problem(&stale[0].1, 412, "precondition_failed");
    assert_eq!(get_contact(&tenant, &other).await["merged_into"], Value::Null);
}

#[tokio::test]
async fn two_merges_racing_on_the_same_contact_leave_one_winner_and_a_consistent_state() {
    let tenant = merger().await;
    let a = create_contact_with(&tenant, contact_body("Retail", "Asha Rao")).await;
    let b = create_contact_with(&tenant, contact_body("Retail", "Asha R")).await;
    let shared = create_contact_with(
        &tenant,
        with(contact_body("Retail", "A. Rao"), json!({"tags": ["shared"]})),
    )
    .await;
    let survivors = [a.clone(), b.clone()];

    // A into B and B into A, each taking the shared contact: at most one of them can be.
    let answers = futures::future::join_all(survivors.iter().enumerate().map(|(i, s)| {
        let other = &survivors[1 - i];
        let (tenant, shared) = (&tenant, &shared);
        async move { merge(tenant, s, json!({"contacts": [id_of(shared), id_of(other)]})).await }
    }))
    .await;

    let won: Vec<usize> = (0..2).filter(|i| answers[*i].status == 200).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    let (winner, loser) = (&survivors[won[0]], &survivors[1 - won[0]]);
    assert_problem(&answers[1 - won[0]], 409, "merged");
    assert_eq!(get_contact(&tenant, loser).await["merged_into"], winner["id"]);
    assert_eq!(get_contact(&tenant, &shared).await["merged_into"], winner["id"]);
    let standing = get_contact(&tenant, winner).await;
    assert_eq!(standing["merged_into"], Value::Null);
    assert_eq!(standing["tags"], json!(["shared"]));
    assert_eq!(standing["version"], winner["version"].as_i64().unwrap_or(0) + 1);
    assert_eq!(result_ids(&list_contacts(&tenant, &[]).await), [id_of(winner)]);
}
