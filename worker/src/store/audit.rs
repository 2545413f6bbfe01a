//! The audit trail (`audit_log`, append-only), for contacts and their sub-resources alike: the row a write
//! appends in its own batch (who, when, what, the object's document before and after), and the history
//! of one object read back.
//!
//! A write's batch starts with [`Store::audit_insert`] (which copies the document as it was) and ends with
//! [`Store::audit_after`] (the document as written), so the row and the change land together or not at all.

use serde::Serialize;
use serde_json::value::RawValue;
use worker::D1PreparedStatement;

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
        }
    }
}

/// The audit row of one write.
pub struct Audit<'a> {
    pub id: &'a str,
    pub action: HistoryAction,
    pub actor: &'a str,
    pub at: &'a str,
    pub remarks: Option<&'a str>,
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
    /// for a create): the first statement of the write's batch.
    pub fn audit_insert(
        &self,
        subject: &Subject<'_>,
        audit: &Audit<'_>,
        object_id: &str,
        with_before: bool,
    ) -> StoreResult<D1PreparedStatement> {
        let before = if with_before { subject.document } else { "NULL" };
        self.audit_statement(subject, audit, object_id, before, None)
    }

    /// The audit row of a write to `object_id` that applies only at version `expected` (when set), with
    /// the same guard: a write that loses its `If-Match` race leaves no audit row either.
    pub fn audit_insert_at(
        &self,
        subject: &Subject<'_>,
        audit: &Audit<'_>,
        object_id: &str,
        expected: Option<i64>,
    ) -> StoreResult<D1PreparedStatement> {
        self.audit_statement(subject, audit, object_id, subject.document, expected)
    }

    fn audit_statement(
        &self,
        subject: &Subject<'_>,
        audit: &Audit<'_>,
        object_id: &str,
        before: &str,
        expected: Option<i64>,
    ) -> StoreResult<D1PreparedStatement> {
        let guard = if expected.is_some() {
            " AND version = ?8"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, \
             after) SELECT ?1, ?2, '{}', {}, ?3, ?4, ?5, ?6, {before}, NULL {}{guard}",
            subject.object_type,
            subject.id_column,
            subject.one(7)
        );
        let mut args = vec![
            text(audit.id),
            text(audit.action.as_str()),
            text(audit.actor),
            text(audit.at),
            opt_text(audit.remarks),
            text(object_id),
        ];
        args.extend(expected.map(int));
        self.prepare(&sql, &args)
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

    /// One page of an object's audit trail, newest first, with the total.
    pub async fn history(
        &self,
        object_type: &str,
        object_id: &str,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<Box<RawValue>>)> {
        const WHERE: &str = "WHERE tenant_id = ?1 AND object_type = ?2 AND object_id = ?3";
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM audit_log {WHERE}"),
            &[text(object_type), text(object_id)],
        )?;
        let page = self.prepare(
            &format!(
                "SELECT json_object('id', id, 'action', action, 'actor', actor, 'at', at, 'remarks', remarks, \
                 'before', json(before), 'after', json(after)) AS j FROM audit_log {WHERE} \
                 ORDER BY at DESC, id DESC LIMIT ?4 OFFSET ?5"
            ),
            &[
                text(object_type),
                text(object_id),
                int(limit as i64),
                int(offset as i64),
            ],
        )?;
        let (n, rows) = self.count_and_page::<Doc>(count, page).await?;
        // Each row is already a JSON document: pass it through without re-parsing it into values.
        let rows = rows
            .into_iter()
            .map(|d| RawValue::from_string(d.j))
            .collect::<Result<_, _>>()?;
        Ok((n, rows))
    }
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
        ] {
            let json = serde_json::to_value(action).unwrap_or_default();
            assert_eq!(json, action.as_str(), "{action:?}");
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
        };
        assert_eq!(subject.one(3), "FROM banks WHERE tenant_id = ?1 AND id = ?3");
    }
}
