//! Response shapes the worker assembles as JSON maps (in SQL, or from a stored document) rather than
//! from a Rust struct, written down as types for the OpenAPI document (crate `openapi`). Everything else
//! in the document comes from the types the worker itself parses and serializes. The schemathesis run
//! in `make test` checks every response of the live worker against these shapes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crego_validation::{AccountType, Coords, RelationType, VerificationStatus};

use crate::store::audit::{ApprovalEffect, HistoryAction};
use crate::store::contacts::Contact;

/// One entry of `GET /contacts/{id}/history/`, newest first: a write to the contact or to one of its
/// addresses, bank accounts or relations.
#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub id: String,
    /// What was written: `contact`, `address`, `bank` or `relation`.
    pub object_type: String,
    pub object_id: String,
    pub action: HistoryAction,
    /// The `sub` of the token that made the change.
    pub actor: String,
    pub at: String,
    pub remarks: Option<String>,
    /// What the write did to the contact's approval; `null` when the contact was not approved.
    pub approval: Option<ApprovalEffect>,
    /// For `approve` and `reject`: the version of the contact the decision covered.
    pub covered_version: Option<i64>,
    /// The object before the change; `null` for `create`.
    pub before: Option<HistoryDocument>,
    /// The object after the change; `null` for `delete`.
    pub after: Option<HistoryDocument>,
}

/// What the history keeps of an object: a contact as the API shows it, or a sub-resource's stored row.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum HistoryDocument {
    Contact(Box<Contact>),
    Row(StoredRow),
    Erased(ErasedDocument),
}

/// What the history keeps of an object once its contact's personal data was erased: its id and version.
/// Closed (`additionalProperties: false`), so that a whole document never also matches it.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasedDocument {
    pub id: String,
    pub version: i64,
}

/// One entry of `GET /contacts/{id}/pii-access/`, newest first: who was shown which identifying values
/// of the contact in clear, when, and by which operation.
// Built in SQL (`json_object`) and read back into this type, so that the fields keep this order.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PiiAccess {
    pub id: String,
    pub contact_id: String,
    /// The `sub` of the token that was shown them.
    pub actor: String,
    pub at: String,
    /// The operation id (`get_contact`, `list_contacts`, `dedupe_contacts`, `contact_history`, ...).
    pub operation: String,
    /// The fields shown in clear: `props.<key>`, `banks.<id>.account_number`, `history.props.<key>`,
    /// `history.banks.<id>.account_number`.
    pub fields: Vec<String>,
}

/// An address, bank account or relation as stored: its own fields in `doc`.
#[derive(Serialize, ToSchema)]
pub struct StoredRow {
    pub id: String,
    pub contact_id: String,
    pub doc: Map<String, Value>,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

/// The fields every sub-resource carries besides its own (CONTRACT §1), flattened into each.
#[derive(Serialize, ToSchema)]
pub struct Record {
    pub id: String,
    pub tenant_id: String,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

/// `GET /contacts/addresses/{id}/`: every field, `null` when unset.
#[derive(Serialize, ToSchema)]
pub struct Address {
    #[serde(flatten)]
    pub record: Record,
    pub contact_id: String,
    pub address_line: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub pincode: Option<String>,
    pub country: Option<String>,
    pub coords: Option<Coords>,
    pub codes: Map<String, Value>,
    pub tags: Vec<String>,
}

/// `GET /contacts/banks/{id}/`: every field, `null` when unset.
#[derive(Serialize, ToSchema)]
pub struct Bank {
    #[serde(flatten)]
    pub record: Record,
    pub contact_id: String,
    pub account_number: String,
    pub ifsc: String,
    pub account_holder_name: Option<String>,
    pub bank_name: Option<String>,
    pub branch: Option<String>,
    pub account_type: Option<AccountType>,
    pub is_primary: bool,
    pub verification_status: VerificationStatus,
    pub tags: Vec<String>,
    /// Who created the account or last changed its number or IFSC: they may not verify it.
    pub account_changed_by: Option<String>,
    /// Who recorded the verification outcome in force (`verified` or `failed`), and when.
    pub verified_by: Option<String>,
    pub verified_at: Option<String>,
}

/// `GET /contacts/relations/{id}/`.
#[derive(Serialize, ToSchema)]
pub struct Relation {
    #[serde(flatten)]
    pub record: Record,
    /// The contact the relation belongs to.
    pub contact: String,
    #[serde(rename = "type")]
    pub kind: RelationType,
    pub related_contact: Option<String>,
}
