//! Timestamps: UTC with microseconds in one fixed-width form, so string order is time order.
//!
//! The Workers clock has millisecond resolution (and stands still between I/O), so the microseconds are
//! made strictly increasing within an isolate: two writes never share a timestamp there, and the list
//! order (created_at desc, id desc) follows the order of writes.

use std::cell::Cell;

use crego_validation::pattern::IssueDate;

thread_local! {
    static LAST_MICROS: Cell<i64> = const { Cell::new(0) };
}

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time, in microseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Now, from the runtime's clock (milliseconds), made strictly increasing within this isolate.
    pub fn now_from_millis(millis: u64) -> Timestamp {
        let wall = (millis as i64).saturating_mul(1000);
        let micros = LAST_MICROS.with(|last| {
            let next = wall.max(last.get() + 1);
            last.set(next);
            next
        });
        Timestamp(micros)
    }

    pub fn millis(self) -> u64 {
        (self.0 / 1000).max(0) as u64
    }

    pub fn seconds(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SECOND)
    }

    /// `2026-03-26T13:53:02.869449Z`
    pub fn to_rfc3339(self) -> String {
        let seconds = self.seconds();
        let micros = self.0.rem_euclid(MICROS_PER_SECOND);
        let (date, time) = (
            seconds.div_euclid(SECONDS_PER_DAY),
            seconds.rem_euclid(SECONDS_PER_DAY),
        );
        let d = civil_from_days(date);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{micros:06}Z",
            d.year,
            d.month,
            d.day,
            time / 3600,
            time / 60 % 60,
            time % 60
        )
    }

    /// The UTC calendar date, for ref-id patterns.
    pub fn issue_date(self) -> IssueDate {
        civil_from_days(self.seconds().div_euclid(SECONDS_PER_DAY))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (valid or not: the caller checks).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Years counted from March, so that February's length comes last in each 400-year era.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> IssueDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    IssueDate {
        year: year as i32,
        month,
        day,
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// `digits` ASCII digits at the start of `s`, as a number, and the rest.
fn number(s: &str, digits: usize) -> Option<(i64, &str)> {
    let head = s.get(..digits)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[digits..]))
}

/// `YYYY-MM-DD` at the start of `s`, a real calendar day, as days since 1970-01-01; and the rest.
fn date_prefix(s: &str) -> Option<(i64, &str)> {
    let (year, s) = number(s, 4)?;
    let (month, s) = number(s.strip_prefix('-')?, 2)?;
    let (day, s) = number(s.strip_prefix('-')?, 2)?;
    let days_in_month = match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&day) {
        return None;
    }
    Some((days_from_civil(year, month as u32, day as u32), s))
}

/// An RFC 3339 instant (`2026-03-26T19:23:02.5+05:30`; `T`, `t` or a space between date and time, `Z`,
/// `z` or a `±HH:MM` offset, any number of fractional digits), as microseconds since the epoch
/// (truncated), and whether it had digits finer than a microsecond.
fn parse_rfc3339(s: &str) -> Option<(i64, bool)> {
    let (days, s) = date_prefix(s)?;
    let s = s.strip_prefix(['T', 't', ' '])?;
    let (hour, s) = number(s, 2)?;
    let (minute, s) = number(s.strip_prefix(':')?, 2)?;
    let (second, mut s) = number(s.strip_prefix(':')?, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let (mut micros, mut finer) = (0, false);
    if let Some(fraction) = s.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (i, b) in fraction.bytes().take(digits).enumerate() {
            match i < 6 {
                true => micros += i64::from(b - b'0') * 10_i64.pow(5 - i as u32),
                false => finer |= b != b'0',
            }
        }
        s = &fraction[digits..];
    }
    let offset_seconds = match s {
        "Z" | "z" => 0,
        _ => {
            let sign = match s.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, rest) = number(&s[1..], 2)?;
            let (om, rest) = number(rest.strip_prefix(':')?, 2)?;
            if !rest.is_empty() || oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset_seconds;
    Some((seconds * MICROS_PER_SECOND + micros, finer))
}

/// Dev only: the time a request names in `X-Crego-Now` (RFC 3339), honoured when faults are on (the var
/// `CREGO_FAULTS`, never in `wrangler.toml`), so a test can write what a past request would have (an
/// Idempotency-Key claim that has since expired). `None` otherwise.
pub fn dev_clock(faults_on: bool, header: Option<&str>) -> Option<Timestamp> {
    let (micros, _) = parse_rfc3339(header?.trim())?;
    faults_on.then_some(Timestamp(micros))
}

/// The header [`dev_clock`] reads.
pub const DEV_CLOCK_HEADER: &str = "X-Crego-Now";

/// `created_at_after` and `created_at_before` of a list, as inclusive bounds in the stored form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreatedRange {
    pub after: Option<String>,
    pub before: Option<String>,
}

impl CreatedRange {
    pub fn is_empty(&self) -> bool {
        self.after.is_none() && self.before.is_none()
    }
}

/// Which end of a `created_at_*` range a query value is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `created_at_after`: a date means from the start of that UTC day.
    Lower,
    /// `created_at_before`: a date means to the end of that UTC day.
    Upper,
}

/// A `created_at_after` / `created_at_before` value (`YYYY-MM-DD` or an RFC 3339 instant) as an
/// inclusive bound in the stored timestamp form, or `None` when it is neither.
pub fn parse_bound(value: &str, bound: Bound) -> Option<String> {
    if let Some((days, "")) = date_prefix(value) {
        let start = days * SECONDS_PER_DAY * MICROS_PER_SECOND;
        let micros = match bound {
            Bound::Lower => start,
            Bound::Upper => start + SECONDS_PER_DAY * MICROS_PER_SECOND - 1,
        };
        return Some(Timestamp(micros).to_rfc3339());
    }
    let (micros, finer) = parse_rfc3339(value)?;
    // Stored times have whole microseconds: round a finer lower bound up and a finer upper bound down.
    let micros = if finer && bound == Bound::Lower {
        micros + 1
    } else {
        micros
    };
    Some(Timestamp(micros).to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dev_clock_is_honoured_only_with_faults_on() {
        let at = Some("2026-01-01T00:00:00Z");
        assert_eq!(dev_clock(true, at), Some(Timestamp(1_767_225_600_000_000)));
        assert_eq!(dev_clock(false, at), None);
        assert_eq!(dev_clock(true, Some("yesterday")), None);
        assert_eq!(dev_clock(true, None), None);
    }

    #[test]
    fn timestamps_have_six_fractional_digits_and_a_z() {
        assert_eq!(
            Timestamp(1_774_533_182_869_449).to_rfc3339(),
            "2026-03-26T13:53:02.869449Z"
        );
    }

    #[test]
    fn timestamps_from_one_millisecond_are_strictly_increasing() {
        let a = Timestamp::now_from_millis(1_774_533_182_869);
        let b = Timestamp::now_from_millis(1_774_533_182_869);
        assert!(b > a);
        assert!(b.to_rfc3339() > a.to_rfc3339());
    }

    #[test]
    fn a_date_bound_covers_the_whole_utc_day() {
        assert_eq!(
            parse_bound("2026-03-26", Bound::Lower).unwrap(),
            "2026-03-26T00:00:00.000000Z"
        );
        assert_eq!(
            parse_bound("2026-03-26", Bound::Upper).unwrap(),
            "2026-03-26T23:59:59.999999Z"
        );
    }

    #[test]
    fn an_instant_bound_is_converted_to_utc() {
        assert_eq!(
            parse_bound("2026-03-26T19:23:02+05:30", Bound::Lower).unwrap(),
            "2026-03-26T13:53:02.000000Z"
        );
        assert_eq!(
            parse_bound("2026-03-26T13:53:02.1234567Z", Bound::Lower).unwrap(),
            "2026-03-26T13:53:02.123457Z"
        );
    }

    #[test]
    fn anything_else_is_not_a_bound() {
        for v in [
            "",
            "2026-3-26",
            "2026-02-30",
            "26-03-2026",
            "yesterday",
            "2026-03-26T25:00:00Z",
            "2026-03-26 ",
        ] {
            assert_eq!(parse_bound(v, Bound::Lower), None, "{v:?}");
        }
    }

    /// A small deterministic generator, so a failure names a reproducible case.
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    /// The calendar arithmetic is ours (the worker carries no date crate); chrono, which we did not
    /// write, is the oracle for every year the stored form can hold.
    #[test]
    fn timestamps_and_dates_agree_with_chrono_from_year_0_to_9999() {
        use chrono::{DateTime, Datelike, SecondsFormat};
        let first = -62_167_219_200_000_000_i64; // 0000-01-01T00:00:00Z
        let last = 253_402_300_799_999_999_i64; // 9999-12-31T23:59:59.999999Z
        let mut state = 17;
        let mut cases = vec![first, last, 0, -1, 951_782_400_000_000, 4_107_542_400_000_000];
        cases
            .extend((0..20_000).map(|_| {
                first + ((lcg(&mut state) << 31 | lcg(&mut state)) as i64).rem_euclid(last - first)
            }));
        for micros in cases {
            let oracle = DateTime::from_timestamp_micros(micros).unwrap();
            assert_eq!(
                Timestamp(micros).to_rfc3339(),
                oracle.to_rfc3339_opts(SecondsFormat::Micros, true),
                "{micros}"
            );
            let date = Timestamp(micros).issue_date();
            let want = oracle.date_naive();
            assert_eq!(
                (date.year, date.month, date.day),
                (want.year(), want.month(), want.day())
            );
        }
    }

    /// Instants as a client may write them, well-formed or a character off, read as chrono reads them
    /// (chrono also takes a leap second, `:60`, which no stored time has: refused here).
    #[test]
    fn instants_are_read_as_chrono_reads_them() {
        use chrono::DateTime;
        let mut state = 3;
        let alphabet: Vec<char> = "0123456789-:T tZz+.x".chars().collect();
        let seeds = [
            "2026-03-26T19:23:02+05:30",
            "2024-02-29t00:00:00.5z",
            "1999-12-31 23:59:59.123456789-08:00",
            "2026-03-26T13:53:02.1234567Z",
            "0001-01-01T00:00:00Z",
        ];
        let mut checked = 0;
        for _ in 0..40_000 {
            let mut s: Vec<char> = seeds[lcg(&mut state) as usize % seeds.len()].chars().collect();
            for _ in 0..lcg(&mut state) % 3 {
                let at = lcg(&mut state) as usize % s.len();
                s[at] = alphabet[lcg(&mut state) as usize % alphabet.len()];
            }
            let s: String = s.into_iter().collect();
            let oracle = DateTime::parse_from_rfc3339(&s).ok();
            if oracle.is_some_and(|o| o.timestamp_subsec_nanos() >= 1_000_000_000) {
                continue; // a leap second
            }
            let ours = parse_rfc3339(&s).map(|(micros, _)| micros);
            assert_eq!(ours, oracle.map(|o| o.timestamp_micros()), "{s:?}");
            checked += usize::from(ours.is_some());
        }
        assert!(
            checked > 5_000,
            "only {checked} well-formed instants were compared"
        );
    }
}
