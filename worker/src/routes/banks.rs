//! A contact's bank accounts (CONTRACT §5): the checks of their bodies, which writes make an account the
//! primary one, and verification as a checked action (`domain::verification`): the account's maker
//! (`account_changed_by`) and its verifier (`verified_by`, `verified_at`) are kept in its document. The
//! handlers are `sub_resources.rs`.

use crego_validation::{BankPatch, NewBank, VerificationStatus};
use serde_json::{Map, Value};

use super::sub_resources::{Author, Checked, Rules};
use crate::auth::VERIFY_SCOPE;
use crate::domain::approval::user_key;
use crate::domain::material::BANK_FIELDS;
use crate::domain::verification::{decide, Refusal, Stamp, Write, Writer};
use crate::error::ApiError;
use crate::store::banks::BANKS;
use crate::store::sub_resources::DocRow;

pub const RULES: Rules = Rules {
    kind: &BANKS,
    material: Some(BANK_FIELDS),
    check_new: |body, author| {
        let input = NewBank::check(body)?;
        let write = Write {
            stored: VerificationStatus::Unverified,
            requested: Some(input.verification_status),
            changes_account: true,
        };
        let mut checked = Checked {
            sets_primary: input.is_primary,
            ..Checked::of(&BANKS, &input, Some(input.contact_id.clone()))?
        };
        author.pii.protect_account(&mut checked.doc, None)?;
        // Whoever creates an account is its maker, so they can never record its outcome.
        stamp(&mut checked, write, author, true)?;
        Ok(checked)
    },
    check_patch: |body, current, author| {
        let doc: Map<String, Value> = serde_json::from_str(&current.doc).unwrap_or_default();
        // An account read and sent back holds its number masked: it stands for the number stored.
        let mut body = body.clone();
        let sent = body
            .get("account_number")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let (Some(sent), Some(fields)) = (sent, body.as_object_mut()) {
            if author.pii.is_mask_of_account(&doc, &sent)? {
                fields.remove("account_number");
            }
        }
        let patch = BankPatch::check(&body)?;
        let differs = |field: &str, new: &Option<String>| {
            new.as_deref()
                .is_some_and(|n| doc.get(field).and_then(Value::as_str) != Some(n))
        };
        let mut checked = Checked {
            sets_primary: patch.is_primary == Some(true),
            ..Checked::of(&BANKS, &patch, patch.contact_id.clone())?
        };
        // Compared by token: a number restated as it is stored is dropped from the patch.
        let new_number = author.pii.protect_account(&mut checked.doc, Some(&doc))?;
        let changes_account = new_number || differs("ifsc", &patch.ifsc);
        let write = Write {
            stored: doc
                .get("verification_status")
                .and_then(|s| serde_json::from_value(s.clone()).ok())
                .unwrap_or(VerificationStatus::Unverified),
            requested: patch.verification_status,
            changes_account,
        };
        let is_maker = changes_account || user_key(&account_maker(&doc, current)) == user_key(author.user);
        stamp(&mut checked, write, author, is_maker)?;
        Ok(checked)
    },
};

/// Who entered an account's number and IFSC: recorded since migration 0008 (which filled it in for the
/// accounts before it), else its creator.
fn account_maker(doc: &Map<String, Value>, row: &DocRow) -> String {
    match doc.get("account_changed_by").and_then(Value::as_str) {
        Some(user) => user.to_string(),
        None => row.created_by.clone(),
    }
}

/// Adds to a checked body what its verification decides: the account's maker when the number or IFSC
/// changes, the verifier who records an outcome, or an outcome cleared.
fn stamp(checked: &mut Checked, write: Write, author: &Author, is_maker: bool) -> Result<(), ApiError> {
    let writer = Writer {
        can_verify: author.can_verify,
        is_maker,
    };
    let stamp = decide(write, writer).map_err(|refusal| match refusal {
        Refusal::MissingScope => ApiError::Forbidden {
            code: "missing_scope",
            detail: format!("recording a verification outcome needs the `{VERIFY_SCOPE}` scope"),
        },
        Refusal::SelfVerification => ApiError::Forbidden {
            code: "self_verification",
            detail: "you created this account or last changed its number or IFSC: another user must \
                     verify it"
                .into(),
        },
    })?;
    let Some(doc) = checked.doc.as_object_mut() else {
        return Err(ApiError::Internal("a checked bank body is not an object".into()));
    };
    let mut set = |field: &str, value: Value| doc.insert(field.into(), value);
    if write.changes_account {
        set("account_changed_by", author.user.into());
    }
    match stamp {
        Stamp::Keep => {}
        Stamp::Verifier => {
            set("verified_by", author.user.into());
            set("verified_at", author.at.into());
        }
        Stamp::Clear(status) => {
            set("verification_status", status.as_str().into());
            // In a merge patch, null removes the field: it reads back as null.
            set("verified_by", Value::Null);
            set("verified_at", Value::Null);
        }
    }
    Ok(())
}
