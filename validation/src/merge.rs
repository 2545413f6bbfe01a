//! Merge inputs (CONTRACT §3, §9 "Merge"): `MergeRequest` names the contacts merged into the one of the
//! path, `UnmergeRequest` the one merge to undo. That the contacts exist is the worker's to check.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::common::{id, item, list, matching, optional, required};
use crate::fields::{object, refuse_unknown};
use crate::report::{code, Report};
use crate::text::REMARKS;

/// How many contacts one merge folds into its survivor (a row of `limits.rs`).
pub const MAX_MERGED: usize = crate::limits::MERGED_PER_MERGE;

/// The body of `POST /contacts/{id}/merge/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MergeRequest {
    /// The contacts merged into the survivor, in the order their values fill its empty fields.
    #[schema(schema_with = crate::schema::merged_ids)]
    pub contacts: Vec<String>,
    #[schema(schema_with = crate::schema::remarks_or_null)]
    pub remarks: Option<String>,
}

impl MergeRequest {
    /// `survivor` is the contact of the path: naming it among `contacts` is `self_merge`.
    pub fn check(body: &Value, survivor: &str) -> Result<MergeRequest, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, &["contacts", "remarks"], &[], "", r);
        let contacts = required(map, "contacts", r, |v, field, r| {
            merged_ids(v, survivor, field, r)
        });
        let remarks = optional(map, "remarks", r, matching(&REMARKS));
        let Some(contacts) = contacts else {
            return Err(report);
        };
        report.finish(MergeRequest { contacts, remarks })
    }
}

/// 1 to [`MAX_MERGED`] distinct ids, none of them the survivor's; every bad item is named.
fn merged_ids(value: &Value, survivor: &str, field: &str, report: &mut Report) -> Option<Vec<String>> {
    let before = report.errors.len();
    let items = list(value, MAX_MERGED, field, report)?;
    if items.is_empty() {
        report.add(field, code::REQUIRED, "name at least one contact to merge");
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let path = item(field, i);
        let Some(one) = id(v, &path, report) else {
            continue;
        };
        if one == survivor {
            report.add(path, code::SELF_MERGE, "a contact cannot be merged into itself");
        } else if !seen.insert(one.clone()) {
            report.add(path, code::DUPLICATE, format!("`{one}` is already in the list"));
        } else {
            out.push(one);
        }
    }
    (report.errors.len() == before).then_some(out)
}

/// The body of `POST /contacts/{id}/unmerge/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UnmergeRequest {
    /// A contact merged into the one of the path, whose merge is undone.
    #[schema(schema_with = crate::schema::id)]
    pub contact: String,
    #[schema(schema_with = crate::schema::remarks_or_null)]
    pub remarks: Option<String>,
}

impl UnmergeRequest {
    pub fn check(body: &Value) -> Result<UnmergeRequest, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, &["contact", "remarks"], &[], "", r);
        let contact = required(map, "contact", r, id);
        let remarks = optional(map, "remarks", r, matching(&REMARKS));
        let Some(contact) = contact else {
            return Err(report);
        };
        report.finish(UnmergeRequest { contact, remarks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SURVIVOR: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";
    const OTHER: &str = "01JQ8Z7B2C3D4E5F6G7H8J9K0M";

    fn fields(report: &Report) -> Vec<(&str, &str)> {
        report.errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_merge_names_one_to_three_other_contacts_and_optional_remarks() {
        let m = MergeRequest::check(&json!({"contacts": [OTHER], "remarks": "same PAN"}), SURVIVOR).unwrap();
        assert_eq!(m.contacts, [OTHER]);
        assert_eq!(m.remarks.as_deref(), Some("same PAN"));
    }

    #[test]
    fn every_bad_item_of_a_merge_is_named() {
        let body = json!({"contacts": [OTHER, SURVIVOR, OTHER], "extra": 1});
        let report = MergeRequest::check(&body, SURVIVOR).unwrap_err();
        assert_eq!(
            fields(&report),
            [
                ("extra", code::UNKNOWN_FIELD),
                ("contacts[1]", code::SELF_MERGE),
                ("contacts[2]", code::DUPLICATE),
            ]
        );
        let report = MergeRequest::check(&json!({"contacts": []}), SURVIVOR).unwrap_err();
        assert_eq!(fields(&report), [("contacts", code::REQUIRED)]);
        let four = json!({"contacts": ["aaaaaaaa1", "aaaaaaaa2", "aaaaaaaa3", "aaaaaaaa4"]});
        let report = MergeRequest::check(&four, SURVIVOR).unwrap_err();
        assert_eq!(fields(&report), [("contacts", code::LENGTH)]);
        let report = MergeRequest::check(&json!({"contacts": ["x"], "remarks": 5}), SURVIVOR).unwrap_err();
        assert_eq!(
            fields(&report),
            [("contacts[0]", code::PATTERN), ("remarks", code::TYPE)]
        );
    }

    #[test]
    fn an_unmerge_names_the_merged_contact() {
        let u = UnmergeRequest::check(&json!({"contact": OTHER})).unwrap();
        assert_eq!(u.contact, OTHER);
        let report = UnmergeRequest::check(&json!({"contacts": [OTHER]})).unwrap_err();
        assert_eq!(
            fields(&report),
            [("contacts", code::UNKNOWN_FIELD), ("contact", code::REQUIRED)]
        );
    }
}
