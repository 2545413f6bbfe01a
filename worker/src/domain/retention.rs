//! Whether a contact's personal data may be erased today (CONTRACT §9, "Erasure and retention"): never
//! under a legal hold, never while the relationship goes on, and only once the identity records have
//! been kept `KYC_RETENTION_YEARS` whole years after the relationship ended (RBI's KYC Master Direction:
//! five at least). Dates are `YYYY-MM-DD` (UTC days), compared as text.

/// Why an erasure is refused: the `409 retention_hold`'s detail.
#[derive(Debug, PartialEq, Eq)]
pub enum Hold {
    Legal,
    /// No `relationship_ended_at`: the period has not started.
    Ongoing,
    /// Inside the period: erasure is possible from this day.
    Until(String),
}

impl Hold {
    pub fn detail(&self, years: u32) -> String {
        match self {
            Hold::Legal => {
                "the contact is under a legal hold: lift it first (PUT /contacts/{id}/retention/)".into()
            }
            Hold::Ongoing => format!(
                "the relationship has not ended (no relationship_ended_at): identity records are kept \
                 {years} years after it ends"
            ),
            Hold::Until(day) => format!(
                "identity records are kept {years} years after the relationship ended: erasure is possible \
                 from {day}"
            ),
        }
    }
}

/// The first day on which data of a relationship that ended on `ended` may be erased: the same day
/// `years` later (29 February, in a year that has none, 1 March: never a day early).
pub fn erasable_from(ended: &str, years: u32) -> Option<String> {
    let year: u32 = ended.get(0..4)?.parse().ok()?;
    let (month, day) = (ended.get(5..7)?, ended.get(8..10)?);
    let target = year + years;
    let leap = target.is_multiple_of(4) && (!target.is_multiple_of(100) || target.is_multiple_of(400));
    Some(match (month, day) {
        ("02", "29") if !leap => format!("{target:04}-03-01"),
        _ => format!("{target:04}-{month}-{day}"),
    })
}

/// `Ok` when a contact with this hold and end date may be erased on `today`.
pub fn may_erase(legal_hold: bool, ended: Option<&str>, years: u32, today: &str) -> Result<(), Hold> {
    if legal_hold {
        return Err(Hold::Legal);
    }
    let from = ended.and_then(|e| erasable_from(e, years)).ok_or(Hold::Ongoing)?;
    match today >= from.as_str() {
        true => Ok(()),
        false => Err(Hold::Until(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_runs_whole_years_from_the_day_the_relationship_ended() {
        assert_eq!(erasable_from("2020-06-15", 5).as_deref(), Some("2025-06-15"));
        assert_eq!(erasable_from("2020-02-29", 5).as_deref(), Some("2025-03-01"));
        assert_eq!(erasable_from("2020-02-29", 4).as_deref(), Some("2024-02-29"));
        assert_eq!(erasable_from("nonsense", 5), None);
    }

    #[test]
    fn erasure_waits_for_the_end_of_the_period_and_never_passes_a_hold() {
        assert_eq!(may_erase(false, Some("2020-06-15"), 5, "2025-06-15"), Ok(()));
        assert_eq!(
            may_erase(false, Some("2020-06-15"), 5, "2025-06-14"),
            Err(Hold::Until("2025-06-15".into()))
        );
        assert_eq!(may_erase(false, None, 5, "2099-01-01"), Err(Hold::Ongoing));
        assert_eq!(
            may_erase(true, Some("2000-01-01"), 5, "2099-01-01"),
            Err(Hold::Legal)
        );
        assert!(Hold::Until("2031-03-01".into())
            .detail(5)
            .contains("from 2031-03-01"));
    }
}
