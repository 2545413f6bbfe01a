//! Dedupe knows every identifying kind by its key aliases (issue 13 item 4): CKYC, CIN, LLPIN, Udyam,
//! LEI, EPIC, passport and VID, compared after normalisation; and a GSTIN's holder by the PAN inside it
//! (`pan_in_gstin`). Both indexed in the batch of every contact write.

use crate::contact_helpers::{
    contact_body, contact_path, create_contact_with, dedupe_ok, match_for, matched_ids, text_prop, with,
};
use crate::helpers::{create_namespace, id_of};
use crate::sub_helpers::{props_path, put_props};
use crego_api_tests::TestTenant;
use crego_validation::identifiers::gstin_check_char;
use serde_json::{json, Value};

/// Each kind: stored under one alias as typed, asked under another in another form.
const KINDS: &[(&str, &str, &str, &str, &str)] = &[
    ("ckyc", "ckyc_no", "3001 2345 6789 01", "CKYC", "30012345678901"),
    (
        "cin",
        "cin",
        "L17110MH1973PLC019786",
        "cin_no",
        "l17110mh1973plc019786",
    ),
    ("llpin", "llpin_no", "AAB-1234", "llpin", "aab1234"),
    (
        "udyam",
        "udyam_number",
        "UDYAM-MH-26-0012345",
        "udyam",
        "udyam mh 26 0012345",
    ),
    (
        "lei",
        "lei_code",
        "5493001KJTIIGC8Y1R12",
        "LEI",
        "5493 001K JTII GC8Y 1R12",
    ),
    ("epic", "voter_id", "WKH1186253", "epic_no", "wkh-1186253"),
    ("passport", "passport_no", "J8369854", "passport", "j 8369854"),
    (
        "vid",
        "aadhaar_vid",
        "2341 2341 2341 2341",
        "vid",
        "2341234123412341",
    ),
];

async fn retail() -> TestTenant {
    let tenant = TestTenant::new();
    create_namespace(&tenant, "Retail").await;
    tenant
}

async fn holder(tenant: &TestTenant, name: &str, kind: &str, props: &[(&str, &str)]) -> Value {
    let props: Vec<Value> = props.iter().map(|(k, v)| text_prop(k, v)).collect();
    let body = with(
        contact_body("Retail", name),
        json!({"type": kind, "props": props}),
    );
    create_contact_with(tenant, body).await
}

fn by(key: &str, value: &str) -> Value {
    json!({"props": [{"key": key, "value": value}]})
}

#[tokio::test]
async fn each_identifying_kind_matches_under_any_alias_after_normalisation() {
    let tenant = retail().await;
    let mut stored = Vec::new();
    for (kind, key, value, _, _) in KINDS {
        stored.push(holder(&tenant, &format!("Holder {kind}"), "individual", &[(key, value)]).await);
    }

    for ((kind, key, _, asked_key, asked), contact) in KINDS.iter().zip(&stored) {
        let found = dedupe_ok(&tenant, by(asked_key, asked)).await;

        assert_eq!(matched_ids(&found), [id_of(contact)], "{kind}");
        assert_eq!(found[0]["score"], json!(1.0), "{kind}");
        assert_eq!(found[0]["basis"], "identifier", "{kind}");
        let field = format!("props.{key}");
        assert_eq!(
            found[0]["reasons"],
            json!([{"field": field, "match": "exact"}]),
            "{kind}"
        );
        assert_eq!(
            found[0]["explanation"],
            json!([{"field": field, "comparison": kind, "outcome": "agree", "weight": found[0]["explanation"][0]["weight"]}]),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn a_value_failing_its_kinds_rule_or_a_kind_dedupe_does_not_compare_matches_no_one() {
    let tenant = retail().await;
    // An invalid VID (or Aadhaar number) is refused outright, never stored (issue 16: pii_storage).
    let bad = [
        ("epic", "WKH1186254"),
        ("lei", "5493001KJTIIGC8Y1R13"),
        ("cin", "L17110MH1973XYZ019786"),
        ("ifsc", "HDFC0001234"),
        ("tan", "DELA12345B"),
    ];
    holder(&tenant, "Asha Rao", "individual", &bad).await;

    for (key, value) in bad {
        assert!(
            dedupe_ok(&tenant, by(key, value)).await.is_empty(),
            "{key}={value}"
        );
    }
}

#[tokio::test]
async fn a_gstin_and_the_pan_it_embeds_are_one_holder_either_way() {
    let tenant = retail().await;
    let firm = holder(
        &tenant,
        "Kumar Traders",
        "corporate",
        &[("gstin", "27ABCPK1234L1ZS")],
    )
    .await;
    let owner = holder(&tenant, "Priya Kumar", "individual", &[("pan_no", "ABCPK1234L")]).await;

    let by_pan = dedupe_ok(&tenant, by("pan", "abcpk1234l")).await;
    let by_gstin = dedupe_ok(&tenant, by("gst_no", "27ABCPK1234L1ZS")).await;

    let firm_by_pan = match_for(&by_pan, &firm).unwrap_or_else(|| panic!("{by_pan:?}"));
    assert_eq!(
        firm_by_pan["reasons"],
        json!([{"field": "props.gstin", "match": "pan_in_gstin"}])
    );
    assert_eq!(firm_by_pan["score"], json!(1.0));
    assert_eq!(firm_by_pan["explanation"][0]["comparison"], "pan_in_gstin");
    let owner_by_gstin = match_for(&by_gstin, &owner).unwrap_or_else(|| panic!("{by_gstin:?}"));
    assert_eq!(
        owner_by_gstin["reasons"],
        json!([{"field": "props.pan_no", "match": "pan_in_gstin"}])
    );
    assert_eq!(owner_by_gstin["score"], json!(1.0));
    let firm_by_gstin = match_for(&by_gstin, &firm).unwrap_or_else(|| panic!("{by_gstin:?}"));
    assert_eq!(
        firm_by_gstin["reasons"],
        json!([{"field": "props.gstin", "match": "exact"}]),
        "the same GSTIN says it plainest"
    );
    assert_eq!(
        matched_ids(&by_pan).len(),
        2,
        "the owner by her PAN too: {by_pan:?}"
    );
}

#[tokio::test]
async fn another_states_gstin_finds_the_firm_by_its_pan() {
    let tenant = retail().await;
    let firm = holder(
        &tenant,
        "Sunrise Steels",
        "corporate",
        &[("gstin", "27ABCPK1234L1ZS")],
    )
    .await;
    let first14 = "29ABCPK1234L1Z";
    let karnataka = format!("{first14}{}", gstin_check_char(first14).unwrap_or('?'));

    let found = dedupe_ok(
        &tenant,
        json!({"name": "Sunrise Steels", "type": "corporate",
                                          "props": [{"key": "gstin", "value": karnataka}]}),
    )
    .await;

    assert_eq!(matched_ids(&found), [id_of(&firm)]);
    assert_eq!(found[0]["score"], json!(1.0));
    let outcomes: Vec<(Value, Value)> = found[0]["explanation"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (f["comparison"].clone(), f["outcome"].clone()))
        .collect();
    assert!(
        outcomes.contains(&(json!("pan_in_gstin"), json!("agree"))),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(json!("gstin"), json!("other_registration"))),
        "{outcomes:?}"
    );
}

#[tokio::test]
async fn the_identifier_index_follows_every_props_write_of_the_new_kinds() {
    let tenant = retail().await;
    let contact = holder(&tenant, "Asha Rao", "individual", &[]).await;
    let ask = by("ckyc", "30012345678901");
    assert!(dedupe_ok(&tenant, ask.clone()).await.is_empty());

    let put = put_props(
        &tenant,
        &contact,
        json!([text_prop("CKYC_Number", "3001-2345-6789-01")]),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, ask.clone()).await),
        [id_of(&contact)]
    );

    let patched = tenant
        .patch(
            &contact_path(&contact),
            Some(json!({"props": [text_prop("lei", "5493001KJTIIGC8Y1R12")]})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert!(dedupe_ok(&tenant, ask).await.is_empty(), "the CKYC is gone");
    let by_lei = by("lei_code", "5493001kjtiigc8y1r12");
    assert_eq!(
        matched_ids(&dedupe_ok(&tenant, by_lei.clone()).await),
        [id_of(&contact)]
    );

    let cleared = tenant.delete(&format!("{}?all=true", props_path(&contact))).await;
    assert_eq!(cleared.status, 204, "{}", cleared.text);
    assert!(dedupe_ok(&tenant, by_lei).await.is_empty());
}

/// The outcome of each identifier comparison in a result's explanation, by comparison.
fn outcomes(result: &Value) -> Vec<(String, String)> {
    let fields = result["explanation"].as_array().cloned().unwrap_or_default();
    fields
        .iter()
        .filter(|f| f["field"].as_str().is_some_and(|x| x.starts_with("props.")))
        .map(|f| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (text(&f["comparison"]), text(&f["outcome"]))
        })
        .collect()
}

/// Identifiers are stored sealed or, an Aadhaar number, as a mask: dedupe still weighs each as its value
/// would weigh. A different Aadhaar number or PAN disagrees; a mobile typed for a customer without one
/// ("9999999999") is no evidence either way; the same Aadhaar number asked in another spelling agrees.
#[tokio::test]
async fn stored_identifiers_weigh_as_their_values_though_kept_sealed_or_masked() {
    let tenant = retail().await;
    let namesake = holder(
        &tenant,
        "Rajesh Kumar",
        "individual",
        &[
            ("aadhaar", "2341 2341 2346"),
            ("pan", "ABCPK1234L"),
            ("mobile", "9999999999"),
        ],
    )
    .await;
    let asked = json!({"name": "Rajesh Kumar", "min_score": 0, "props": [
        {"key": "aadhaar_no", "value": "4991 1866 5246"},
        {"key": "pan_no", "value": "BXYPK7766M"},
        {"key": "mobile", "value": "9876501234"},
    ]});
    let found = dedupe_ok(&tenant, asked).await;
    let result = match_for(&found, &namesake).unwrap_or_else(|| panic!("the namesake: {found:?}"));
    let mut seen = outcomes(result);
    seen.sort();
    let want = [
        ("aadhaar", "disagree"),
        ("mobile", "missing"),
        ("pan", "disagree"),
    ];
    assert_eq!(
        seen,
        want.map(|(c, o)| (c.to_string(), o.to_string())),
        "{result}"
    );
    assert_ne!(result["basis"], "identifier");

    let same = dedupe_ok(&tenant, by("aadhaar", "234123412346")).await;
    let result = match_for(&same, &namesake).unwrap_or_else(|| panic!("the holder: {same:?}"));
    assert_eq!(outcomes(result), [("aadhaar".to_string(), "agree".to_string())]);
    assert_eq!(result["basis"], "identifier");
}
