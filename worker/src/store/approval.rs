//! The approval's side of a write (CONTRACT §9, "Maker-checker"): the statement a material change adds
//! to its batch, whichever route makes it (the contact write path, an address or a bank account).

use worker::D1PreparedStatement;

use super::{text, Store, StoreResult};
use crate::domain::approval::user_key;

/// A material change to the contact `{contact}` names (CONTRACT §9, "Maker-checker"): an approved contact
/// goes back to `pending` (its approval stays in the history) and the writer's key (?3) joins its makers,
/// as a set, in SQL, so concurrent writers all land. `{touch}` bumps the version when the caller's own
/// statement does not.
fn material_change_sql(contact: &str, touch: &str) -> String {
    format!(
        "UPDATE contacts SET {touch}\
         approval_status = CASE approval_status WHEN 'approved' THEN 'pending' ELSE approval_status END, \
         approved_by = CASE approval_status WHEN 'approved' THEN NULL ELSE approved_by END, \
         approved_at = CASE approval_status WHEN 'approved' THEN NULL ELSE approved_at END, \
         approved_version = CASE approval_status WHEN 'approved' THEN NULL ELSE approved_version END, \
         makers = CASE WHEN EXISTS (SELECT 1 FROM json_each(contacts.makers) WHERE value = ?3) THEN makers \
         ELSE json_insert(makers, '$[#]', ?3) END \
         WHERE tenant_id = ?1 AND id = {contact}"
    )
}

/// Which contact a material change is made to.
pub enum MaterialTo<'a> {
    /// The contact the write path is updating (its own statement bumps the version): its id.
    Contact(&'a str),
    /// The owner of a sub-resource row: `(table, row id)`. Its version goes up with the change, so an
    /// approval naming the version a checker read covers the contact's addresses and bank accounts too;
    /// without the row (a delete of a row already gone) nothing changes.
    OwnerOf(&'static str, &'a str),
}

impl Store {
    /// The statement that records a material change by `actor` to a contact (see [`MaterialTo`]): in the
    /// batch of the write that makes it, after the write's audit row has read the approval it resets.
    pub fn material_change(
        &self,
        to: MaterialTo<'_>,
        actor: &str,
        at: &str,
    ) -> StoreResult<D1PreparedStatement> {
        let key = text(&user_key(actor));
        match to {
            MaterialTo::Contact(id) => self.prepare(&material_change_sql("?2", ""), &[text(id), key]),
            MaterialTo::OwnerOf(table, row_id) => self.prepare(
                &material_change_sql(
                    &format!("(SELECT contact_id FROM {table} WHERE tenant_id = ?1 AND id = ?2)"),
                    "version = version + 1, updated_at = ?4, updated_by = ?5, ",
                ),
                &[text(row_id), key, text(at), text(actor)],
            ),
        }
    }
}
