//! UTC calendar dates (for ref-id patterns and date filters) and checks of the shapes the API emits.

use crate::token::unix_now;

/// A UTC calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcDate {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl UtcDate {
    /// Today in UTC.
    pub fn today() -> Self {
        Self::from_unix_days(unix_now().div_euclid(86_400))
    }

    /// This date moved by `days` (negative: earlier).
    pub fn plus_days(self, days: i64) -> Self {
        Self::from_unix_days(self.unix_days() + days)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 to the civil date. chrono's arithmetic, not the worker's own
    /// (`domain/time.rs`), so the client checks the worker against an implementation neither wrote.
    pub fn from_unix_days(days: i64) -> Self {
        use chrono::Datelike;
        let date = chrono::DateTime::from_timestamp(days * 86_400, 0)
            .unwrap_or_default()
            .date_naive();
        Self {
            year: i64::from(date.year()),
            month: date.month(),
            day: date.day(),
        }
    }

    /// The civil date to days since 1970-01-01.
    pub fn unix_days(self) -> i64 {
        let date = i32::try_from(self.year)
            .ok()
            .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, self.month, self.day))
            .unwrap_or_default();
        date.and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp()
            .div_euclid(86_400)
    }
}

/// True for a 26-char ULID in Crockford base32 (upper case; first char 0-7).
pub fn is_ulid(value: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    value.len() == 26 && value.chars().all(|c| ALPHABET.contains(c)) && value.as_bytes()[0] <= b'7'
}

/// True for `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, exactly six fractional digits).
pub fn is_utc_micros_timestamp(value: &str) -> bool {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd.ddddddZ";
    value.len() == SHAPE.len()
        && value.bytes().zip(SHAPE).all(|(c, &want)| match want {
            b'd' => c.is_ascii_digit(),
            other => c == other,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_unix_days() {
        let epoch = UtcDate::from_unix_days(0);
        assert_eq!(epoch.iso(), "1970-01-01");
        let leap = UtcDate {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(UtcDate::from_unix_days(leap.unix_days()), leap);
        assert_eq!(leap.plus_days(1).iso(), "2024-03-01");
        assert_eq!(
            UtcDate {
                year: 2026,
                month: 1,
                day: 1
            }
            .plus_days(-1)
            .iso(),
            "2025-12-31"
        );
        assert_eq!(UtcDate::from_unix_days(20_538).iso(), "2026-03-26");
    }

    #[test]
    fn shapes_accept_the_contract_examples_only() {
        assert!(is_utc_micros_timestamp("2026-03-26T13:53:02.869449Z"));
        assert!(!is_utc_micros_timestamp("2026-03-26T13:53:02.869Z"));
        assert!(!is_utc_micros_timestamp("2026-03-26T13:53:02.869449+00:00"));
        assert!(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        assert!(!is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAI"));
        assert!(!is_ulid("81ARZ3NDEKTSV4RRFFQ69G5FAV"));
    }
}
