//! Contact ref ids: issued from the namespace's `contact_pattern`, or chosen by the client and then
//! unique within the namespace.

use crate::contact_helpers::{
    contact_body, contact_count, create_contact, create_contact_with, create_patterned_namespace,
    cust_prefix, list_contacts, with,
};
use crate::helpers::{assert_problem, create_namespace, create_namespace_with, get_namespace};
use crego_api_tests::TestTenant;
use serde_json::{json, Value};

#[tokio::test]
async fn without_a_pattern_ref_id_is_null_and_the_counter_is_untouched() {
    let tenant = TestTenant::new();
    let ns = create_namespace(&tenant, "Retail").await;

    let first = create_contact(&tenant, "Retail", "Asha Rao").await;
    let second = create_contact(&tenant, "Retail", "Vikram Shah").await;

    assert_eq!(
        (&first["ref_id"], &second["ref_id"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(get_namespace(&tenant, &ns).await["contact_counter"], 1);
}

#[tokio::test]
async fn a_pattern_issues_consecutive_ref_ids_and_advances_the_counter() {
    let tenant = TestTenant::new();
    let ns = create_patterned_namespace(&tenant, "Retail", "CUST-{YYYY}-{SEQ:6}").await;

    let mut issued = Vec::new();
    for name in ["Asha Rao", "Vikram Shah", "Meena Iyer"] {
        issued.push(create_contact(&tenant, "Retail", name).await["ref_id"].clone());
    }

    let prefix = cust_prefix();
    let expected: Vec<Value> = (1..=3).map(|n| json!(format!("{prefix}{n:06}"))).collect();
    assert_eq!(issued, expected);
    assert_eq!(get_namespace(&tenant, &ns).await["contact_counter"], 4);
}

#[tokio::test]
async fn a_client_ref_id_is_kept_and_draws_no_number() {
    let tenant = TestTenant::new();
    let ns = create_patterned_namespace(&tenant, "Retail", "CUST-{YYYY}-{SEQ:6}").await;
    create_contact(&tenant, "Retail", "Asha Rao").await;

    let chosen = create_contact_with(
        &tenant,
        with(
            contact_body("Retail", "Vikram Shah"),
            json!({"ref_id": "LEGACY/0042"}),
        ),
    )
    .await;
    let next = create_contact(&tenant, "Retail", "Meena Iyer").await;

    assert_eq!(chosen["ref_id"], "LEGACY/0042");
    assert_eq!(next["ref_id"], format!("{}000002", cust_prefix()));
    assert_eq!(get_namespace(&tenant, &ns).await["contact_counter"], 3);
}

#[tokio::test]
async fn the_first_number_issued_is_the_namespace_counter() {
    let tenant = TestTenant::new();
    let body = json!({"name": "Retail", "contact_pattern": "C/{SEQ:3}", "contact_counter": 42});
    let ns = create_namespace_with(&tenant, body).await;

    let first = create_contact(&tenant, "Retail", "Asha Rao").await;

    assert_eq!(first["ref_id"], "C/042");
    assert_eq!(get_namespace(&tenant, &ns).await["contact_counter"], 43);
}

#[tokio::test]
async fn each_namespace_has_its_own_sequence() {
    let tenant = TestTenant::new();
    create_patterned_namespace(&tenant, "Retail", "R-{SEQ}").await;
    create_patterned_namespace(&tenant, "Corporate", "K-{SEQ}").await;

    let r1 = create_contact(&tenant, "Retail", "Asha Rao").await;
    let r2 = create_contact(&tenant, "Retail", "Vikram Shah").await;
    let k1 = create_contact(&tenant, "Corporate", "Sharma Traders").await;

    assert_eq!(
        (&r1["ref_id"], &r2["ref_id"], &k1["ref_id"]),
        (&json!("R-1"), &json!("R-2"), &json!("K-1"))
    );
}

#[tokio::test]
async fn a_ref_id_already_used_in_the_namespace_is_a_conflict_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let first = create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"ref_id": "R-100"})),
    )
    .await;

    let response = tenant
        .post(
            "/contacts/",
            Some(with(
                contact_body("Retail", "Vikram Shah"),
                json!({"ref_id": "R-100"}),
            )),
        )
        .await;

    assert_problem(&response, 409, "conflict");
    assert_eq!(
        response.field_errors(),
        [("ref_id".to_string(), "unique".to_string())]
    );
    let page = list_contacts(&tenant, &[]).await;
    assert_eq!(page["count"], 1);
    assert_eq!(page["results"][0], first);
}

#[tokio::test]
async fn the_same_ref_id_in_another_namespace_is_fine() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    create_namespace(&tenant, "Corporate").await;
    let body = |ns: &str, name: &str| with(contact_body(ns, name), json!({"ref_id": "R-100"}));

    let retail = create_contact_with(&tenant, body("Retail", "Asha Rao")).await;
    let corporate = create_contact_with(&tenant, body("Corporate", "Sharma Traders")).await;

    assert_eq!(
        (&retail["ref_id"], &corporate["ref_id"]),
        (&json!("R-100"), &json!("R-100"))
    );
    assert_eq!(contact_count(&tenant).await, 2);
}

#[tokio::test]
async fn an_issued_ref_id_never_repeats_one_a_client_already_took() {
    let tenant = TestTenant::new();
    create_patterned_namespace(&tenant, "Retail", "C-{SEQ}").await;
    create_contact_with(
        &tenant,
        with(contact_body("Retail", "Asha Rao"), json!({"ref_id": "C-1"})),
    )
    .await;

    let issued = tenant
        .post("/contacts/", Some(contact_body("Retail", "Vikram Shah")))
        .await;

    assert_eq!(issued.status, 201, "{}", issued.text);
    assert_eq!(issued.json["ref_id"], "C-2");
    assert_eq!(contact_count(&tenant).await, 2);
}

#[tokio::test]
async fn changing_a_ref_id_to_one_taken_in_the_namespace_is_a_conflict() {
    let tenant = TestTenant::new();
    create_patterned_namespace(&tenant, "Retail", "C-{SEQ}").await;
    create_contact(&tenant, "Retail", "Asha Rao").await;
    let second = create_contact(&tenant, "Retail", "Vikram Shah").await;

    let path = crate::contact_helpers::contact_path(&second);
    let response = tenant.patch(&path, Some(json!({"ref_id": "C-1"}))).await;

    assert_problem(&response, 409, "conflict");
    assert!(
        response.has_field_error("ref_id", "unique"),
        "{:?}",
        response.field_errors()
    );
    assert_eq!(
        crate::contact_helpers::get_contact(&tenant, &second).await,
        second
    );
}
