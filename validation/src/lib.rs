//! The Crego Contact API field rules: one `check()` per input type, shared by the worker and (through
//! `npm/`) the browser forms, so both reject exactly the same inputs with exactly the same codes.
//!
//! Every check walks the whole input and reports **every** failing field as `{field, code, message}`;
//! a checked value can only be built by its check ("parse, don't validate").

pub mod address;
pub mod bank;
pub mod check_digits;
pub mod common;
pub mod contact;
pub mod contact_details;
pub mod dedupe;
pub mod fields;
pub mod identifiers;
pub mod limits;
pub mod merge;
pub mod names;
pub mod namespace;
pub mod pattern;
pub mod props;
pub mod relation;
pub mod report;
pub mod retention;
pub mod schema;
pub mod text;
pub mod verhoeff;

pub use address::{AddressPatch, Coords, NewAddress};
pub use bank::{AccountType, BankPatch, NewBank, VerificationStatus};
pub use contact::{ActionBody, ApprovalStatus, ContactPatch, ContactStatus, ContactType, NewContact};
pub use dedupe::{DedupeAddress, DedupeProp, DedupeRequest};
pub use identifiers::{identifier_kinds, validate_identifier, IdentifierKind, IdentifierReport};
pub use merge::{MergeRequest, UnmergeRequest};
pub use names::normalize_name;
pub use namespace::{NamespacePatch, NewNamespace};
pub use pattern::{PatternError, RefPattern};
pub use props::{Prop, PropType, PropsUpsert};
pub use relation::{NewRelation, RelationPatch, RelationType};
pub use report::{code, FieldError, Report};
pub use retention::RetentionBody;

pub use limits::MAX_SAFE_INTEGER;
