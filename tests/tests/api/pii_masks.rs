//! The table of masks (`validation/cases/masks.json`) through the running API: every value the API can
//! hold is stored (as a prop keyed by its kind, or as a bank account's number for `account_number`) and
//! read back by a caller without `pii:read`, who must be shown exactly the mask the table writes. The
//! crate (validation/tests/masks.rs) and the npm package's `maskIdentifier` (npm/test/masks.test.mjs)
//! run the same table, so a form shows what the API shows.

use std::collections::BTreeMap;

use crate::contact_helpers::{create_contact, create_contact_with_props, prop_value};
use crate::helpers::{create_namespace, id_of};
use crate::sub_helpers::{bank_body, create_doc, item, BANKS};
use crego_api_tests::TestTenant;
use crego_validation::identifiers::identifier_kinds;
use serde_json::Value;

/// One row of the table the API can hold.
struct Case {
    kind: String,
    value: String,
    masked: String,
}

/// The rows without an `api` note (the note says why the API cannot hold the others).
fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../validation/cases/masks.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let table: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    let field = |case: &Value, name: &str| case[name].as_str().unwrap_or_default().to_string();
    table["cases"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|case| case.get("api").is_none())
        .map(|case| Case {
            kind: field(case, "kind"),
            value: field(case, "value"),
            masked: field(case, "masked"),
        })
        .collect()
}

#[tokio::test]
async fn a_caller_without_pii_read_is_shown_every_prop_of_the_table_masked_as_written() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    // Prop keys are unique per contact: the n-th value of each kind goes on the n-th contact.
    let mut contacts: Vec<Vec<Case>> = Vec::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases().into_iter().filter(|c| c.kind != "account_number") {
        let n = taken.entry(case.kind.clone()).or_default();
        if contacts.len() == *n {
            contacts.push(Vec::new());
        }
        contacts[*n].push(case);
        *n += 1;
    }
    assert_eq!(
        taken.len(),
        identifier_kinds().len(),
        "every identifier kind is sent: {taken:?}"
    );

    for props in &contacts {
        let pairs: Vec<(&str, &str)> = props
            .iter()
            .map(|c| (c.kind.as_str(), c.value.as_str()))
            .collect();
        let created = create_contact_with_props(&tenant, "Retail", "Asha Rao", &pairs).await;
        let read = tenant.get(&format!("/contacts/{}/", id_of(&created))).await;
        assert_eq!(read.status, 200, "{}", read.text);
        for (shown, doc) in [("created", &created), ("read", &read.json)] {
            for case in props {
                assert_eq!(
                    prop_value(doc, &case.kind),
                    case.masked.as_str(),
                    "{shown}: {} {:?}",
                    case.kind,
                    case.value
                );
            }
        }
    }
}

#[tokio::test]
async fn a_caller_without_pii_read_is_shown_every_account_number_of_the_table_masked_as_written() {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    let owner = create_contact(&tenant, "Retail", "Asha Rao").await;
    let accounts: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.kind == "account_number")
        .collect();
    assert!(
        !accounts.is_empty(),
        "the table has account numbers the API can hold"
    );

    for case in &accounts {
        let bank = create_doc(&tenant, BANKS, bank_body(&owner, &case.value)).await;
        let read = tenant.get(&item(BANKS, &bank)).await;
        assert_eq!(read.status, 200, "{}", read.text);
        for (shown, doc) in [("created", &bank), ("read", &read.json)] {
            assert_eq!(doc["account_number"], case.masked, "{shown}: {:?}", case.value);
        }
    }
}
