//! Response shapes the worker assembles as JSON maps (in SQL, or from a stored document) rather than
//! from a Rust struct, written down as types for the OpenAPI document (crate `openapi`). Everything else
//! in the document comes from the types the worker itself parses and serializes. The schemathesis run
//! in `make test` checks every response of the live worker against these shapes.

use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crego_validation::{AccountType, Coords, RelationType, VerificationStatus};

use crate::store::audit::HistoryAction;
use crate::store::contacts::Contact;

/// One entry of `GET /contacts/{id}/history/`, newest first.
#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub id: String,
    pub action: HistoryAction,
    /// The `sub` of the token that made the change.
    pub actor: String,
    pub at: String,
    pub remarks: Option<String>,
    /// The contact before the change; `null` for `create`.
    pub before: Option<Contact>,
    pub after: Contact,
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
