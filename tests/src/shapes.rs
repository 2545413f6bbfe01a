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

    /// Days since 1970-01-01 to the civil date (H. Hinnant's `civil_from_days`).
    pub fn from_unix_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self { year, month, day }
    }

    /// The civil date to days since 1970-01-01 (`days_from_civil`).
    pub fn unix_days(self) -> i64 {
        let year = self.year - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
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
