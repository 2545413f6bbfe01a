//! The audit trail (`audit_log`, append-only), for contacts and their sub-resources alike: the row a write
//! appends in its own batch (who, when, what, the object's document before and after, and what the write
//! did to the contact's approval), and a contact's history read back with its sub-resources' rows.
//!
//! A write's batch starts with [`Store::audit_insert`] (which copies the document as it was, and reads the
//! contact's approval before the write touches it) and ends with [`Store::audit_after`] (the document as
//! written), so the row and the change land together or not at all.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, D1Result};

use super::{int, opt_text, text, Doc, Store, StoreResult};

/// What an entry of a contact's history records (`delete`: of an address, bank account or relation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    Create,
    Update,
    /// A change made through the props routes.
    Props,
    Approve,
    Reject,
    Active,
    Inactive,
    /// Of a sub-resource (contacts are deactivated, never deleted).
    Delete,
    /// A rejected contact sent back for approval.
    Submit,
    /// A legal hold or the end of the relationship recorded (`PUT /contacts/{id}/retention/`).
    Retention,
    /// The contact's personal data erased; its other entries keep who, when and what.
    Erase,
    /// Of the survivor of a merge and of each contact merged into it.
    Merge,
    /// Of the survivor and of the contact whose merge into it was undone.
    Unmerge,
}

impl HistoryAction {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryAction::Create => "create",
            HistoryAction::Update => "update",
            HistoryAction::Props => "props",
            HistoryAction::Approve => "approve",
            HistoryAction::Reject => "reject",
            HistoryAction::Active => "active",
            HistoryAction::Inactive => "inactive",
            HistoryAction::Delete => "delete",
            HistoryAction::Submit => "submit",
            HistoryAction::Retention => "retention",
            HistoryAction::Erase => "erase",
            HistoryAction::Merge => "merge",
            HistoryAction::Unmerge => "unmerge",
        }
    }
}

/// What a write did to the approval of the contact it belongs to (CONTRACT §9, "Maker-checker"): the
/// audit row's `approval`, the history's `approval` and the `Contact-Approval` response header. A write to
/// a contact that was not approved has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalEffect {
    /// The contact was approved and this material change sent it back to `pending`.
    Reset,
    /// The contact was approved and stays approved.
    Kept,
}

impl ApprovalEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalEffect::Reset => "reset",
            ApprovalEffect::Kept => "kept",
        }
    }
}

/// The name of the response header that says what a write did to its contact's approval.
pub const APPROVAL_HEADER: &str = "Contact-Approval";

/// The audit row of one write.
pub struct Audit<'a> {
    pub id: &'a str,
    pub action: HistoryAction,
    pub actor: &'a str,
    pub at: &'a str,
    pub remarks: Option<&'a str>,
    /// Whether the write is a material change of its contact (it then resets an approval).
    pub material: bool,
}

/// What is audited: the object's type in the log, and how SQL reads its document.
pub struct Subject<'a> {
    /// `contact`, `address`, `bank`, `relation`.
    pub object_type: &'static str,
    /// The SQL expression of the document the log keeps, over `from`.
    pub document: &'a str,
    /// `FROM ...`: the object's table, and any join its document needs.
    pub from: &'a str,
    /// The object's tenant and id columns in `from` (`c.tenant_id`, `c.id`).
    pub tenant_column: &'static str,
    pub id_column: &'static str,
    /// The column in `from` holding the id of the contact the object belongs to.
    pub contact_column: &'static str,
}

impl Subject<'_> {
    /// `FROM ... WHERE <tenant> = ?1 AND <id> = ?n`: the one object.
    fn one(&self, n: u8) -> String {
        format!(
            "{} WHERE {} = ?1 AND {} = ?{n}",
            self.from, self.tenant_column, self.id_column
        )
    }
}

impl Store {
    /// The audit row of a write to `object_id`, with its document as it is now as `before` (or `NULL`
    /// for a create), and what the write does to its contact's approval as read now: the first
    /// statement of the write's batch, before anything changes the contact.
    pub fn audit_insert(
        &self,
        subject: &Subject<'_>,
        audit: &Audit<'_>,
        object_id: &str,
        with_before: bool,
    ) -> StoreResult<D1PreparedStatement> {
        let before = if with_before { subject.document } else { "NULL" };
        let contact = subject.contact_column;
        let sql = format!(
            "INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, \
             after, contact_id, approval) SELECT ?1, ?2, '{}', {}, ?3, ?4, ?5, ?6, {before}, NULL, {contact}, \
             (SELECT CASE WHEN k.approval_status = 'approved' THEN CASE WHEN ?8 THEN 'reset' ELSE 'kept' END \
             END FROM contacts k WHERE k.tenant_id = ?1 AND k.id = {contact}) {}",
            subject.object_type,
            subject.id_column,
            subject.one(7)
        );
        self.prepare(
            &sql,
            &[
                text(audit.id),
                text(audit.action.as_str()),
                text(audit.actor),
                text(audit.at),
                opt_text(audit.remarks),
                text(object_id),
                JsValue::from_bool(audit.material),
            ],
        )
    }

    /// What the write of audit row `audit_id` did to its contact's approval: read at the end of its batch.
    pub fn audit_approval(&self, audit_id: &str) -> StoreResult<D1PreparedStatement> {
        self.prepare(
            "SELECT approval FROM audit_log WHERE tenant_id = ?1 AND id = ?2",
            &[text(audit_id)],
        )
    }

    /// The audit row's `after`, the document as written: after every other statement of the batch.
    pub fn audit_after(
        &self,
        subject: &Subject<'_>,
        audit_id: &str,
        object_id: &str,
    ) -> StoreResult<D1PreparedStatement> {
        let sql = format!(
            "UPDATE audit_log SET after = (SELECT {} {}) WHERE tenant_id = ?1 AND id = ?2",
            subject.document,
            subject.one(3)
        );
        self.prepare(&sql, &[text(audit_id), text(object_id)])
    }

    /// One page of a contact's history, newest first, with the total: its own rows and those of its
    /// addresses, bank accounts and relations. An approval's or rejection's `covered_version` is the
    /// version its action read, the `before` of its row.
    pub async fn history(&self, contact_id: &str, limit: u64, offset: u64) -> StoreResult<(u64, Vec<Value>)> {
        const WHERE: &str = "WHERE tenant_id = ?1 AND contact_id = ?2";
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM audit_log {WHERE}"),
            &[text(contact_id)],
        )?;
        let page = self.prepare(
            &format!(
                "SELECT json_object('id', id, 'object_type', object_type, 'object_id', object_id, \
                 'action', action, 'actor', actor, 'at', at, 'remarks', remarks, 'approval', approval, \
                 'covered_version', CASE WHEN object_type = 'contact' AND action IN ('approve', 'reject') \
                 THEN json_extract(before, '$.version') END, \
                 'before', json(before), 'after', json(after)) AS j FROM audit_log {WHERE} \
                 ORDER BY at DESC, id DESC LIMIT ?3 OFFSET ?4"
            ),
            &[text(contact_id), int(limit as i64), int(offset as i64)],
        )?;
        let (n, rows) = self.count_and_page::<Doc>(count, page).await?;
        // Parsed, for `pii::view` to show their identifying values as the caller may see them.
        let rows = rows
            .iter()
            .map(|d| serde_json::from_str(&d.j))
            .collect::<Result<_, _>>()?;
        Ok((n, rows))
    }
}

/// What a write answers: the record as written, and what the write did to its contact's approval.
pub struct Written<T> {
    pub value: T,
    pub approval: Option<ApprovalEffect>,
}

/// The approval effect a write's batch read back from its audit row ([`Store::audit_approval`]).
#[derive(Deserialize)]
struct ApprovalRow {
    approval: Option<ApprovalEffect>,
}

/// What the result of [`Store::audit_approval`] says.
pub(crate) fn approval_of(result: &D1Result) -> StoreResult<Option<ApprovalEffect>> {
    let row = result.results::<ApprovalRow>()?.into_iter().next();
    Ok(row.and_then(|r| r.approval))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_stored_as_the_strings_the_history_shows() {
        for action in [
            HistoryAction::Create,
            HistoryAction::Update,
            HistoryAction::Props,
            HistoryAction::Approve,
            HistoryAction::Reject,
            HistoryAction::Active,
            HistoryAction::Inactive,
            HistoryAction::Delete,
            HistoryAction::Submit,
            HistoryAction::Retention,
            HistoryAction::Erase,
            HistoryAction::Merge,
            HistoryAction::Unmerge,
        ] {
            let json = serde_json::to_value(action).unwrap_or_default();
            assert_eq!(json, action.as_str(), "{action:?}");
        }
        for effect in [ApprovalEffect::Reset, ApprovalEffect::Kept] {
            let json = serde_json::to_value(effect).unwrap_or_default();
            assert_eq!(json, effect.as_str(), "{effect:?}");
        }
    }

    #[test]
    fn a_subject_names_one_object_of_the_tenant() {
        let subject = Subject {
            object_type: "bank",
            document: "json(doc)",
            from: "FROM banks",
            tenant_column: "tenant_id",
            id_column: "id",
            contact_column: "contact_id",
        };
        assert_eq!(subject.one(3), "FROM banks WHERE tenant_id = ?1 AND id = ?3");
    }
}
