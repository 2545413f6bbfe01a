//! A contact's bank accounts (CONTRACT §5): the `banks` table, whose `ifsc`, `account_number` and
//! `is_primary` are generated from the document for the unique indexes (migration 0003). The statements
//! are the shared ones of `sub_resources.rs`, plus clearing the other primary accounts.

use worker::D1PreparedStatement;

use super::audit::Audit;
use super::sub_resources::SubKind;
use super::{text, Store, StoreResult, Unique};

pub const BANKS: SubKind = SubKind {
    table: "banks",
    object_type: "bank",
    contact_field: "contact_id",
    fields: &[
        "account_number",
        "ifsc",
        "account_holder_name",
        "bank_name",
        "branch",
        "account_type",
        "is_primary",
        "verification_status",
        "tags",
        "account_changed_by",
        "verified_by",
        "verified_at",
    ],
    search: &["bank_name", "account_holder_name", "ifsc"],
    unique: &[Unique {
        index: "banks.account_number",
        field: "account_number",
        message: "this contact already has an account with this IFSC and number",
    }],
    // At most one primary account per contact: a write that sets one clears the others first in its
    // batch, so only another write setting one at the same time can break this index.
    race: Some("banks.contact_id"),
};

impl Store {
    /// Clears `is_primary` on a contact's other bank accounts: the first statement of a batch that sets it.
    pub fn clear_other_primaries(
        &self,
        contact_id: &str,
        except_id: &str,
        audit: &Audit<'_>,
    ) -> StoreResult<D1PreparedStatement> {
        self.prepare(
            "UPDATE banks SET doc = json_set(doc, '$.is_primary', json('false')), version = version + 1, \
             updated_at = ?4, updated_by = ?5 WHERE tenant_id = ?1 AND contact_id = ?2 AND is_primary = 1 \
             AND id <> ?3",
            &[
                text(contact_id),
                text(except_id),
                text(audit.at),
                text(audit.actor),
            ],
        )
    }
}
