//! A contact's addresses (CONTRACT §4): the `addresses` table; its statements are the shared ones of
//! `sub_resources.rs`.

use crego_validation::limits::ADDRESSES_PER_CONTACT;

use super::sub_resources::SubKind;

pub const ADDRESSES: SubKind = SubKind {
    table: "addresses",
    object_type: "address",
    contact_field: "contact_id",
    fields: &[
        "address_line",
        "city",
        "state",
        "pincode",
        "country",
        "coords",
        "codes",
        "tags",
    ],
    search: &["address_line", "city", "state", "country", "pincode"],
    unique: &[],
    race: None,
    per_contact: ADDRESSES_PER_CONTACT,
    pincode_keys: true,
};
