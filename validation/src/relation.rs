//! Relation inputs (CONTRACT §6): `NewRelation` for create, `RelationPatch` for partial update.
//! That the contacts exist is the worker's to check; that a contact is not related to itself is ours.

use serde::Serialize;
use serde_json::Value;

use crate::common::{choice, choice_enum, clearable, id, optional, required, unclearable};
use crate::fields::{object, refuse_unknown};
use crate::report::{code, Report};

const FIELDS: &[&str] = &["contact", "type", "related_contact"];

choice_enum!(RelationType {
    Father = "father",
    Mother = "mother",
    Spouse = "spouse",
    Child = "child",
    Sibling = "sibling",
    Friend = "friend",
    CoApplicant = "co_applicant",
    Guarantor = "guarantor",
    Witness = "witness",
    Nominee = "nominee",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NewRelation {
    #[schema(schema_with = crate::schema::id)]
    pub contact: String,
    #[serde(rename = "type")]
    pub kind: RelationType,
    #[schema(schema_with = crate::schema::id_or_null)]
    pub related_contact: Option<String>,
}

/// `None` leaves a field alone; `related_contact: Some(None)` clears it. Serialized, a JSON merge patch.
/// When only `related_contact` is sent, the worker compares it with the stored `contact`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RelationPatch {
    /// Kept for the worker to compare with the stored one (`immutable` when it differs).
    #[schema(schema_with = crate::schema::id)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[schema(value_type = RelationType)]
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<RelationType>,
    #[schema(schema_with = crate::schema::id_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_contact: Option<Option<String>>,
}

impl NewRelation {
    pub fn check(body: &Value) -> Result<NewRelation, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, &[], "", r);
        let contact = required(map, "contact", r, id);
        let kind = required(map, "type", r, choice::<RelationType>);
        let related_contact = optional(map, "related_contact", r, id);
        refuse_self_relation(contact.as_deref(), related_contact.as_deref(), r);
        let (Some(contact), Some(kind)) = (contact, kind) else {
            return Err(report);
        };
        report.finish(NewRelation {
            contact,
            kind,
            related_contact,
        })
    }
}

impl RelationPatch {
    pub fn check(body: &Value) -> Result<RelationPatch, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, &[], "", r);
        let patch = RelationPatch {
            contact: unclearable(map, "contact", r, id),
            kind: unclearable(map, "type", r, choice::<RelationType>),
            related_contact: clearable(map, "related_contact", r, id),
        };
        refuse_self_relation(
            patch.contact.as_deref(),
            patch.related_contact.as_ref().and_then(Option::as_deref),
            r,
        );
        report.finish(patch)
    }

    pub fn is_empty(&self) -> bool {
        *self == RelationPatch::default()
    }
}

/// Reports `self_relation` on `related_contact` when it names `contact` itself.
pub fn refuse_self_relation(contact: Option<&str>, related: Option<&str>, report: &mut Report) {
    if let (Some(c), Some(rel)) = (contact, related) {
        if c == rel {
            report.add(
                "related_contact",
                code::SELF_RELATION,
                "a contact cannot be related to itself",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RAJESH: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";
    const SUNITA: &str = "01JQ8Z7B2C3D4E5F6G7H8J9K0M";

    #[test]
    fn a_guarantor_relation_is_accepted_with_or_without_the_related_contact() {
        let r =
            NewRelation::check(&json!({"contact": RAJESH, "type": "guarantor", "related_contact": SUNITA}))
                .unwrap();
        assert_eq!(r.kind, RelationType::Guarantor);
        assert_eq!(r.related_contact.as_deref(), Some(SUNITA));
        let r =
            NewRelation::check(&json!({"contact": RAJESH, "type": "co_applicant", "related_contact": null}))
                .unwrap();
        assert_eq!(r.related_contact, None);
        assert_eq!(serde_json::to_value(&r).unwrap()["type"], "co_applicant");
    }

    #[test]
    fn a_contact_cannot_be_related_to_itself() {
        let r = NewRelation::check(&json!({"contact": RAJESH, "type": "spouse", "related_contact": RAJESH}))
            .unwrap_err();
        assert_eq!(r.codes_for("related_contact"), ["self_relation"]);
        let r = RelationPatch::check(&json!({"contact": RAJESH, "related_contact": RAJESH})).unwrap_err();
        assert_eq!(r.codes_for("related_contact"), ["self_relation"]);
    }

    #[test]
    fn every_bad_field_of_a_new_relation_is_reported_at_once() {
        let r = NewRelation::check(&json!({
            "type": "cousin",
            "related_contact": "c1",
            "since": "2019",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact"), ["required"]);
        assert_eq!(r.codes_for("type"), ["enum"]);
        assert_eq!(r.codes_for("related_contact"), ["pattern"]);
        assert_eq!(r.codes_for("since"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 4);
    }

    #[test]
    fn a_patch_clears_the_related_contact_and_may_not_clear_the_type() {
        let p = RelationPatch::check(&json!({"related_contact": null})).unwrap();
        assert_eq!(p.related_contact, Some(None));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"related_contact": null})
        );
        let r =
            RelationPatch::check(&json!({"type": null, "contact": 42, "related_contact": "x"})).unwrap_err();
        assert_eq!(r.codes_for("type"), ["required"]);
        assert_eq!(r.codes_for("contact"), ["type"]);
        assert_eq!(r.codes_for("related_contact"), ["pattern"]);
        assert_eq!(r.errors.len(), 3);
        assert!(RelationPatch::check(&json!({})).unwrap().is_empty());
    }
}
