//! A contact's bank accounts (CONTRACT §5): the checks of their bodies, and which writes make an account
//! the primary one; the handlers are `sub_resources.rs`.

use crego_validation::{BankPatch, NewBank};

use super::sub_resources::{Checked, Rules};
use crate::store::banks::BANKS;

pub const RULES: Rules = Rules {
    kind: &BANKS,
    check_new: |body| {
        let input = NewBank::check(body)?;
        Ok(Checked {
            sets_primary: input.is_primary,
            ..Checked::of(&BANKS, &input, Some(input.contact_id.clone()))?
        })
    },
    check_patch: |body, _current| {
        let patch = BankPatch::check(body)?;
        Ok(Checked {
            sets_primary: patch.is_primary == Some(true),
            ..Checked::of(&BANKS, &patch, patch.contact_id.clone())?
        })
    },
};
