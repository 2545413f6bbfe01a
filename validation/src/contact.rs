//! Contact inputs (CONTRACT §3): `NewContact` for create, `ContactPatch` for partial update, and
//! `ActionBody` for the optional remarks of the approve/reject/submit/active/inactive actions.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::common::{
    choice, choice_enum, clearable, code_or_blank, defaulted, matching, optional, refs, required, tags,
    unclearable,
};
use crate::fields::{object, refuse_unknown};
use crate::props::{props, Prop};
use crate::report::Report;
use crate::text::{CONTACT_NAME, NAMESPACE_REF, REF_ID, REMARKS};

const FIELDS: &[&str] = &[
    "name",
    "namespace",
    "status",
    "type",
    "tags",
    "refs",
    "props",
    "rm_id",
    "branch_id",
    "ref_id",
];

/// Read-only fields of a contact, ignored in bodies so that a client may send back what it read.
pub const READ_ONLY: &[&str] = &[
    "approval_status",
    "approved_by",
    "approved_at",
    "rejected_by",
    "rejected_at",
    "rejection_reason",
    "approved_version",
    "rejected_version",
    "makers",
    // Set by `PUT /contacts/{id}/retention/` and `POST /contacts/{id}/erase/` (scope `contacts:erase`).
    "legal_hold",
    "relationship_ended_at",
    "erased_at",
    "merged_into",
];

choice_enum!(ContactStatus {
    Active = "active",
    Inactive = "inactive",
});

choice_enum!(ContactType {
    Individual = "individual",
    Corporate = "corporate",
});

choice_enum!(
    /// Where a contact is in the maker-checker workflow: read-only, moved by the approval actions.
    ApprovalStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
);

/// A checked contact create body. `namespace` is the name or id as sent; the worker resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NewContact {
    #[schema(schema_with = crate::schema::contact_name)]
    pub name: String,
    #[schema(schema_with = crate::schema::namespace_ref)]
    pub namespace: String,
    pub status: ContactStatus,
    #[serde(rename = "type")]
    pub kind: ContactType,
    #[schema(schema_with = crate::schema::tags, required = false)]
    pub tags: Vec<String>,
    #[schema(schema_with = crate::schema::refs, required = false)]
    pub refs: Map<String, Value>,
    #[schema(required = false, max_items = 100)]
    pub props: Vec<Prop>,
    #[schema(schema_with = crate::schema::code_or_blank_or_null)]
    pub rm_id: Option<String>,
    #[schema(schema_with = crate::schema::code_or_blank_or_null)]
    pub branch_id: Option<String>,
    /// `None`: issue one from the namespace's `contact_pattern`, if it has one.
    #[schema(schema_with = crate::schema::ref_id_or_null)]
    pub ref_id: Option<String>,
}

/// A checked contact patch: `None` leaves a field alone, `Some(None)` clears a nullable one.
/// Serialized, it is the patch as a JSON merge patch (absent fields omitted, cleared ones `null`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ContactPatch {
    #[schema(schema_with = crate::schema::contact_name)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kept for the worker to compare with the stored namespace (`immutable` when it differs).
    #[schema(schema_with = crate::schema::namespace_ref)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[schema(value_type = ContactStatus)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
    #[schema(value_type = ContactType)]
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ContactType>,
    #[schema(schema_with = crate::schema::tags)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[schema(schema_with = crate::schema::refs)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refs: Option<Map<String, Value>>,
    /// Replaces the whole list.
    #[schema(value_type = Vec<Prop>, max_items = 100)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<Vec<Prop>>,
    #[schema(schema_with = crate::schema::code_or_blank_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rm_id: Option<Option<String>>,
    #[schema(schema_with = crate::schema::code_or_blank_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch_id: Option<Option<String>>,
    #[schema(schema_with = crate::schema::ref_id_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<Option<String>>,
}

impl NewContact {
    pub fn check(body: &Value) -> Result<NewContact, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, READ_ONLY, "", r);
        let name = required(map, "name", r, matching(&CONTACT_NAME));
        let namespace = required(map, "namespace", r, matching(&NAMESPACE_REF));
        let status = required(map, "status", r, choice::<ContactStatus>);
        let kind = required(map, "type", r, choice::<ContactType>);
        let tags = defaulted(map, "tags", r, tags).unwrap_or_default();
        let refs = defaulted(map, "refs", r, refs).unwrap_or_default();
        let props = defaulted(map, "props", r, props).unwrap_or_default();
        let rm_id = optional(map, "rm_id", r, code_or_blank).flatten();
        let branch_id = optional(map, "branch_id", r, code_or_blank).flatten();
        let ref_id = optional(map, "ref_id", r, matching(&REF_ID));
        match (name, namespace, status, kind) {
            (Some(name), Some(namespace), Some(status), Some(kind)) => report.finish(NewContact {
                name,
                namespace,
                status,
                kind,
                tags,
                refs,
                props,
                rm_id,
                branch_id,
                ref_id,
            }),
            _ => Err(report),
        }
    }
}

impl ContactPatch {
    pub fn check(body: &Value) -> Result<ContactPatch, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, READ_ONLY, "", r);
        let patch = ContactPatch {
            name: unclearable(map, "name", r, matching(&CONTACT_NAME)),
            namespace: unclearable(map, "namespace", r, matching(&NAMESPACE_REF)),
            status: unclearable(map, "status", r, choice::<ContactStatus>),
            kind: unclearable(map, "type", r, choice::<ContactType>),
            tags: defaulted(map, "tags", r, tags),
            refs: defaulted(map, "refs", r, refs),
            props: defaulted(map, "props", r, props),
            rm_id: clearable(map, "rm_id", r, code_or_blank).map(Option::flatten),
            branch_id: clearable(map, "branch_id", r, code_or_blank).map(Option::flatten),
            ref_id: clearable(map, "ref_id", r, matching(&REF_ID)),
        };
        report.finish(patch)
    }

    pub fn is_empty(&self) -> bool {
        *self == ContactPatch::default()
    }
}

/// The optional body of `PUT /contacts/{id}/approve/` (and `reject`, `submit`, `active`, `inactive`).
/// No body is the same as `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActionBody {
    #[schema(schema_with = crate::schema::remarks_or_null)]
    pub remarks: Option<String>,
}

impl ActionBody {
    /// A body that was sent: an object (`null` is no object). Without a body, the default.
    pub fn check(body: &Value) -> Result<ActionBody, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        refuse_unknown(map, &["remarks"], &[], "", &mut report);
        let remarks = optional(map, "remarks", &mut report, matching(&REMARKS));
        report.finish(ActionBody { remarks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "name": "Rajesh Kumar",
            "namespace": "Retail",
            "status": "active",
            "type": "individual",
            "tags": ["salaried", "pune"],
            "refs": {"crm_id": "CRM-10042"},
            "props": [{"key": "pan_no", "value": "ABCPK1234L", "type": "text"}],
            "rm_id": "",
            "branch_id": "PUNE_01",
            "ref_id": "CUST-2026-000042",
        })
    }

    #[test]
    fn a_complete_contact_is_accepted_and_a_blank_rm_id_means_none() {
        let c = NewContact::check(&valid()).unwrap();
        assert_eq!(c.kind, ContactType::Individual);
        assert_eq!(c.rm_id, None);
        assert_eq!(c.branch_id.as_deref(), Some("PUNE_01"));
        assert_eq!(c.props.len(), 1);
    }

    #[test]
    fn a_minimal_contact_gets_empty_tags_refs_and_props() {
        let c = NewContact::check(&json!({
            "name": "Sharma Traders Pvt. Ltd.",
            "namespace": "01JQ8Z6V3K9N2M4P5R7S8T0W1X",
            "status": "inactive",
            "type": "corporate",
            "ref_id": null,
        }))
        .unwrap();
        assert!(c.tags.is_empty() && c.refs.is_empty() && c.props.is_empty());
        assert_eq!((c.rm_id, c.ref_id), (None, None));
    }

    #[test]
    fn read_only_and_server_managed_fields_are_ignored() {
        let mut body = valid();
        body["approval_status"] = json!("approved");
        body["approved_by"] = json!("user-1");
        body["id"] = json!("01JQ8Z6V3K9N2M4P5R7S8T0W1X");
        body["version"] = json!(3);
        assert!(NewContact::check(&body).is_ok());
    }

    #[test]
    fn every_bad_field_of_a_new_contact_is_reported_at_once() {
        let r = NewContact::check(&json!({
            "name": "Rajesh@Kumar",
            "status": "pending",
            "type": null,
            "tags": ["vip", "vip"],
            "refs": [],
            "props": [{"key": "age", "value": "thirty", "type": "number"}],
            "rm_id": "RM 7",
            "branch_id": 12,
            "ref_id": "CUST 1",
            "mobile": "9876543210",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("name"), ["pattern"]);
        assert_eq!(r.codes_for("namespace"), ["required"]);
        assert_eq!(r.codes_for("status"), ["enum"]);
        assert_eq!(r.codes_for("type"), ["required"]);
        assert_eq!(r.codes_for("tags[1]"), ["duplicate"]);
        assert_eq!(r.codes_for("refs"), ["type"]);
        assert_eq!(r.codes_for("props[0].value"), ["pattern"]);
        assert_eq!(r.codes_for("rm_id"), ["pattern"]);
        assert_eq!(r.codes_for("branch_id"), ["type"]);
        assert_eq!(r.codes_for("ref_id"), ["pattern"]);
        assert_eq!(r.codes_for("mobile"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 11);
    }

    #[test]
    fn lengths_and_null_for_a_never_null_field_are_faults() {
        let mut body = valid();
        body["name"] = json!("R".repeat(101));
        body["namespace"] = json!("");
        body["tags"] = json!(null);
        let r = NewContact::check(&body).unwrap_err();
        assert_eq!(r.codes_for("name"), ["length"]);
        assert_eq!(r.codes_for("namespace"), ["length"]);
        assert_eq!(r.codes_for("tags"), ["type"]);
        assert_eq!(r.errors.len(), 3);
    }

    #[test]
    fn a_patch_may_send_any_field_and_clears_codes_with_blank_or_null() {
        let p = ContactPatch::check(&json!({"rm_id": "", "branch_id": null, "ref_id": null})).unwrap();
        assert_eq!(p.rm_id, Some(None));
        assert_eq!(p.branch_id, Some(None));
        assert_eq!(p.ref_id, Some(None));
        assert_eq!(p.name, None);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"rm_id": null, "branch_id": null, "ref_id": null})
        );
        assert!(ContactPatch::check(&json!({"approval_status": "approved"}))
            .unwrap()
            .is_empty());
        let p = ContactPatch::check(&json!({"namespace": "Retail", "props": []})).unwrap();
        assert_eq!(p.namespace.as_deref(), Some("Retail"));
        assert_eq!(p.props, Some(vec![]));
    }

    #[test]
    fn every_bad_field_of_a_patch_is_reported_and_required_ones_cannot_be_cleared() {
        let r = ContactPatch::check(&json!({
            "name": null,
            "namespace": null,
            "status": null,
            "type": "trust",
            "tags": "vip",
            "refs": null,
            "rm_id": "R/7",
            "owner": "me",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("name"), ["required"]);
        assert_eq!(r.codes_for("namespace"), ["required"]);
        assert_eq!(r.codes_for("status"), ["required"]);
        assert_eq!(r.codes_for("type"), ["enum"]);
        assert_eq!(r.codes_for("tags"), ["type"]);
        assert_eq!(r.codes_for("refs"), ["type"]);
        assert_eq!(r.codes_for("rm_id"), ["pattern"]);
        assert_eq!(r.codes_for("owner"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 8);
    }

    #[test]
    fn an_action_body_is_an_object_holding_only_remarks() {
        assert_eq!(
            ActionBody::check(&Value::Null).unwrap_err().codes_for("body"),
            ["type"]
        );
        assert_eq!(ActionBody::check(&json!({})).unwrap().remarks, None);
        let a = ActionBody::check(&json!({"remarks": "KYC documents verified"})).unwrap();
        assert_eq!(a.remarks.as_deref(), Some("KYC documents verified"));
        let r = ActionBody::check(&json!({"remarks": "", "reason": "dup"})).unwrap_err();
        assert_eq!(r.codes_for("reason"), ["unknown_field"]);
        assert_eq!(r.codes_for("remarks"), ["length"]);
        let r = ActionBody::check(&json!({"remarks": "x".repeat(501)})).unwrap_err();
        assert_eq!(r.codes_for("remarks"), ["length"]);
        assert_eq!(
            ActionBody::check(&json!("ok")).unwrap_err().codes_for("body"),
            ["type"]
        );
    }

    #[test]
    fn enums_serialize_as_their_contract_strings() {
        let c = NewContact::check(&valid()).unwrap();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["type"], "individual");
        assert_eq!(v["status"], "active");
        assert_eq!(ContactStatus::Inactive.as_str(), "inactive");
    }

    #[test]
    fn states_read_back_from_their_stored_strings() {
        for status in ["pending", "approved", "rejected"] {
            let parsed: ApprovalStatus = serde_json::from_value(json!(status)).unwrap();
            assert_eq!(parsed.as_str(), status);
        }
        let kind: ContactType = serde_json::from_value(json!("corporate")).unwrap();
        assert_eq!(kind, ContactType::Corporate);
        assert!(serde_json::from_value::<ContactStatus>(json!("Active")).is_err());
    }
}
