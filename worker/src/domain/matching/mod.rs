//! Dedupe's matching model (issue 17): whether a stored contact is the same customer as a dedupe
//! request, weighing every field both have in the Fellegi-Sunter manner, with Indian names compared
//! through their spellings, initials, honorifics and relation phrases, and each result explained field
//! by field. Pure: the store supplies the candidates ([`blocking`]) and the tenant's frequencies.
//! docs/DEDUPE.md describes the model, its fitted weights and how the route uses it.

pub mod blocking;
pub mod evidence;
pub mod fields;
pub mod identifiers;
pub mod model;
pub mod name;
pub mod name_compare;
pub mod phonetic;
pub mod profile;
pub mod score;
pub mod weights;
pub mod words;

pub use evidence::FieldScore;
pub use model::{Model, TenantFrequencies, Weights};
pub use profile::{AddressFields, ContactFields, Profile};
pub use score::{score, Basis, MatchScore, MIN_SCORE};
pub use weights::MODEL;

#[cfg(test)]
mod tests;
