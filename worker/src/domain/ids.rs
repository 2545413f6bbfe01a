//! Record ids: ULIDs (26 characters, Crockford base32): time-ordered, so new rows append to the
//! (tenant_id, id) B-trees, and unguessable, so one id tells nothing about another.

use ulid::Ulid;

use crate::domain::time::Timestamp;

/// A new id at `at`; fails only when the platform has no randomness to give.
pub fn new_id(at: Timestamp) -> Result<String, getrandom::Error> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random)?;
    Ok(Ulid::from_parts(at.millis(), u128::from_le_bytes(random)).to_string())
}

/// The docs' id rule `^[a-zA-Z0-9._-]{8,50}$`: a path segment that fails it cannot name a record.
pub fn is_valid_id(s: &str) -> bool {
    (8..=50).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_26_character_ulids_and_distinct() {
        let t = Timestamp(1_774_533_182_869_449);
        let (a, b) = (new_id(t).unwrap(), new_id(t).unwrap());
        assert_eq!(a.len(), 26);
        assert_ne!(a, b);
        assert!(is_valid_id(&a));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("short"));
    }
}
