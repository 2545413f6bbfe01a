//! ISO 8601 dates and date-times as the UTC calendar day a ref id is issued on, parsed here rather than
//! by `Date.parse` (whose reading of `2026-03-07T10:00` is local time, and of other shapes varies by
//! engine), so every browser and Node give the same day.

use crego_validation::pattern::IssueDate;

/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with an optional `Z` or `±HH:MM` offset (none
/// means UTC). Returns the UTC calendar date, or what is wrong with the text.
pub fn parse_iso_date(s: &str) -> Result<IssueDate, &'static str> {
    const SHAPE: &str = "must be an ISO date such as 2026-03-07 or 2026-03-07T10:30:00Z";
    let b = s.as_bytes();
    let (date, rest) = (b.get(..10).ok_or(SHAPE)?, b.get(10..).unwrap_or_default());
    let year = digits(date, 0, 4).ok_or(SHAPE)?;
    let month = digits(date, 5, 2).ok_or(SHAPE)?;
    let day = digits(date, 8, 2).ok_or(SHAPE)?;
    if date.get(4) != Some(&b'-') || date.get(7) != Some(&b'-') {
        return Err(SHAPE);
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err("is not a calendar date");
    }
    let shift = match rest {
        [] => 0,
        [b'T' | b't' | b' ', time @ ..] => day_shift(time).ok_or(SHAPE)?,
        _ => return Err(SHAPE),
    };
    let days = days_from_civil(i64::from(year), month, day) + shift;
    let (year, month, day) = civil_from_days(days);
    Ok(IssueDate {
        year: i32::try_from(year).map_err(|_| SHAPE)?,
        month,
        day,
    })
}

/// The days to add to the written date to reach the UTC date: -1, 0 or 1. `None` when malformed.
fn day_shift(time: &[u8]) -> Option<i64> {
    let hour = digits(time, 0, 2)?;
    let minute = digits(time, 3, 2)?;
    if time.get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = time.get(5..)?;
    if let [b':', tail @ ..] = rest {
        let second = digits(tail, 0, 2)?;
        if second > 60 {
            return None;
        }
        rest = tail.get(2..)?;
        if let [b'.', fraction @ ..] = rest {
            let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = fraction.get(n..)?;
        }
    }
    let offset_minutes = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), offset @ ..] if offset.len() == 5 && offset.get(2) == Some(&b':') => {
            let (h, m) = (digits(offset, 0, 2)?, digits(offset, 3, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let utc_minutes = i64::from(hour * 60 + minute) - offset_minutes;
    Some(utc_minutes.div_euclid(24 * 60))
}

/// The number written in `len` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = b.get(at..at + len)?;
    part.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> (i32, u32, u32) {
        let d = parse_iso_date(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (d.year, d.month, d.day)
    }

    #[test]
    fn a_plain_date_is_that_day() {
        assert_eq!(ymd("2026-03-07"), (2026, 3, 7));
        assert_eq!(ymd("2024-02-29"), (2024, 2, 29));
    }

    #[test]
    fn a_date_time_is_read_in_utc_and_its_offset_can_move_the_day() {
        assert_eq!(ymd("2026-03-07T10:30:00Z"), (2026, 3, 7));
        assert_eq!(ymd("2026-03-07T10:30"), (2026, 3, 7));
        assert_eq!(ymd("2026-03-07T10:30:00.123456Z"), (2026, 3, 7));
        assert_eq!(ymd("2026-03-07T02:00:00+05:30"), (2026, 3, 6));
        assert_eq!(ymd("2026-12-31T20:00:00-05:00"), (2027, 1, 1));
        assert_eq!(ymd("2026-03-01T01:00+05:30"), (2026, 2, 28));
        assert_eq!(ymd("2024-03-01T01:00+05:30"), (2024, 2, 29));
    }

    #[test]
    fn malformed_or_impossible_dates_are_refused() {
        for bad in [
            "",
            "2026-3-7",
            "07-03-2026",
            "2026/03/07",
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-03-07T25:00Z",
            "2026-03-07T10:30:00.Z",
            "2026-03-07T10:30+0530",
            "2026-03-07Z",
            "March 7, 2026",
            "２０２６-03-07",
        ] {
            assert!(parse_iso_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_round_trip_over_four_centuries() {
        for days in (-150_000..150_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
}
