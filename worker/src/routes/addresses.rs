//! A contact's addresses (CONTRACT §4): the checks of their bodies; the handlers are `sub_resources.rs`.

use crego_validation::{AddressPatch, NewAddress};

use super::sub_resources::{Checked, Rules};
use crate::domain::material::ADDRESS_FIELDS;
use crate::store::addresses::ADDRESSES;

pub const RULES: Rules = Rules {
    kind: &ADDRESSES,
    material: Some(ADDRESS_FIELDS),
    check_new: |body, _author| {
        let input = NewAddress::check(body)?;
        Checked::of(&ADDRESSES, &input, Some(input.contact_id.clone()))
    },
    check_patch: |body, _current, _author| {
        let patch = AddressPatch::check(body)?;
        Checked::of(&ADDRESSES, &patch, patch.contact_id.clone())
    },
};
