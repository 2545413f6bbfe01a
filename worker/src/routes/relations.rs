//! A contact's relations (CONTRACT §6): the checks of their bodies, and the related contact, which must
//! be another contact of the tenant; the handlers are `sub_resources.rs`.

use crego_validation::relation::refuse_self_relation;
use crego_validation::{NewRelation, RelationPatch, Report};

use super::sub_resources::{Checked, Rules};
use crate::error::ApiError;
use crate::store::relations::RELATIONS;

pub const RULES: Rules = Rules {
    kind: &RELATIONS,
    // Who a contact is related to does not change what its approval covered.
    material: None,
    check_new: |body, _author| {
        let input = NewRelation::check(body)?;
        let mut checked = Checked::of(&RELATIONS, &input, Some(input.contact.clone()))?;
        if let Some(related) = &input.related_contact {
            checked.references.push(("related_contact", related.clone()));
        }
        Ok(checked)
    },
    check_patch: |body, current, _author| {
        let patch = RelationPatch::check(body)?;
        let mut checked = Checked::of(&RELATIONS, &patch, patch.contact.clone())?;
        if let Some(Some(related)) = &patch.related_contact {
            // The stored owner, when the patch does not restate it.
            let mut report = Report::new();
            refuse_self_relation(Some(&current.contact_id), Some(related), &mut report);
            if !report.is_empty() {
                return Err(ApiError::Validation(report));
            }
            checked.references.push(("related_contact", related.clone()));
        }
        Ok(checked)
    },
};
