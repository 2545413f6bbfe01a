//! A contact's bank accounts (CONTRACT §5): the `banks` table, whose `ifsc`, `account_number` and
//! `is_primary` are generated from the document for the unique indexes (migration 0003). The statements
//! are the shared ones of `sub_resources.rs`, plus clearing the other primary accounts.

use crego_validation::limits::BANKS_PER_CONTACT;
use worker::D1PreparedStatement;

use super::audit::{Audit, HistoryAction};
use super::sub_resources::{SubKind, ROW_JSON};
use super::{opt_int, text, Store, StoreResult, Unique};

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
        index: "banks.account_token",
        field: "account_number",
        message: "this contact already has an account with this IFSC and number",
    }],
    // At most one primary account per contact: a write that sets one clears the others first in its
    // batch, so only another write setting one at the same time can break this index.
    race: Some("banks.contact_id"),
    per_contact: BANKS_PER_CONTACT,
    pincode_keys: false,
};

impl Store {
    /// Clears `is_primary` on a contact's other bank account (a partial unique index allows at most one):
    /// the first statements of a batch that sets it, with that account's own audit row (`update`,
    /// before and after), whose id is `audit.id`. For a create, `fewer_than` is the accounts a contact
    /// may have: at that many the create's insert does nothing, and neither does this.
    pub fn clear_other_primaries(
        &self,
        contact_id: &str,
        except_id: &str,
        audit: &Audit<'_>,
        fewer_than: Option<usize>,
    ) -> StoreResult<Vec<D1PreparedStatement>> {
        let other = "FROM banks WHERE tenant_id = ?1 AND contact_id = ?3 AND is_primary = 1 AND id <> ?4 \
             AND (?7 IS NULL OR (SELECT COUNT(*) FROM banks n WHERE n.tenant_id = ?1 AND n.contact_id = ?3) < ?7)";
        // Its contact's history shows it, with what it did to the approval (see `audit::audit_insert`).
        let record = format!(
            "INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, \
             before, after, contact_id, approval) SELECT ?1, ?2, '{}', id, '{}', ?5, ?6, NULL, {ROW_JSON}, \
             NULL, ?3, (SELECT CASE WHEN k.approval_status = 'approved' THEN CASE WHEN {} THEN 'reset' \
             ELSE 'kept' END END FROM contacts k WHERE k.tenant_id = ?1 AND k.id = ?3) {other}",
            BANKS.object_type,
            HistoryAction::Update.as_str(),
            u8::from(audit.material)
        );
        let args = [
            text(audit.id),
            text(contact_id),
            text(except_id),
            text(audit.actor),
            text(audit.at),
            opt_int(fewer_than.map(|n| n as i64)),
        ];
        let clear = format!(
            "UPDATE banks SET doc = json_set(doc, '$.is_primary', json('false')), version = version + 1, \
             updated_at = ?6, updated_by = ?5 {} AND ?2 IS NOT NULL",
            other.replacen("FROM banks ", "", 1)
        );
        let after = format!(
            "UPDATE audit_log SET after = (SELECT {ROW_JSON} FROM banks b WHERE b.tenant_id = ?1 \
             AND b.id = audit_log.object_id) WHERE tenant_id = ?1 AND id = ?2"
        );
        Ok(vec![
            self.prepare(&record, &args)?,
            self.prepare(&clear, &args)?,
            self.prepare(&after, &[text(audit.id)])?,
        ])
    }
}
