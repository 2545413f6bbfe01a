//! A contact's relations (CONTRACT §6): the `relations` table, with `type` and `related_contact_id`
//! generated from the document for the filters and the unique index (migration 0003); its statements
//! are the shared ones of `sub_resources.rs`.

use crego_validation::limits::RELATIONS_PER_CONTACT;

use super::sub_resources::SubKind;
use super::Unique;

pub const RELATIONS: SubKind = SubKind {
    table: "relations",
    object_type: "relation",
    contact_field: "contact",
    fields: &["type", "related_contact"],
    search: &[],
    // (contact, type, related_contact), a missing related contact counting as one value: an index on an
    // expression, which SQLite names rather than its columns.
    unique: &[Unique {
        index: "relations_tenant_unique",
        field: "related_contact",
        message: "this contact already has a relation of this type to that contact",
    }],
    race: None,
    per_contact: RELATIONS_PER_CONTACT,
    pincode_keys: false,
};
