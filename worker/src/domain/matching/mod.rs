//! Dedupe's matching model (issue 17): whether a stored contact is the same customer as a dedupe
//! request, weighing every field both have in the Fellegi-Sunter manner, with Indian names compared
//! through their spellings, initials, honorifics and relation phrases, and each result explained field
//! by field. Pure: the store supplies the candidates ([`blocking`]) and the tenant's frequencies.
//! docs/DEDUPE.md describes the model, its fitted weights and how the route uses it.

/// Declares an outcome enum whose variants index the weight arrays: `ALL` in index order, and
/// `as_str`, the outcome's name in explanations. Before the modules, so that they can use it.
macro_rules! levels {
    ($(#[$meta:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$doc])* $variant,)+
        }

        impl $name {
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }
    };
}

pub mod blocking;
pub mod evidence;
pub mod fields;
pub mod identifiers;
pub mod index;
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
pub use score::{score, Basis, MatchScore, Scorer, MIN_SCORE};
pub use weights::MODEL;

#[cfg(test)]
mod tests;
