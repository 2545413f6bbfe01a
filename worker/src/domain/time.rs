//! Timestamps: UTC with microseconds in one fixed-width form, so string order is time order.
//!
//! The Workers clock has millisecond resolution (and stands still between I/O), so the microseconds are
//! made strictly increasing within an isolate: two writes never share a timestamp there, and the list
//! order (created_at desc, id desc) follows the order of writes.

use std::cell::Cell;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use crego_validation::pattern::IssueDate;

thread_local! {
    static LAST_MICROS: Cell<i64> = const { Cell::new(0) };
}

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
        self.0.div_euclid(1_000_000)
    }

    fn datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.0).unwrap_or_default()
    }

    /// `2026-03-26T13:53:02.869449Z`
    pub fn to_rfc3339(self) -> String {
        self.datetime().to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    /// The UTC calendar date, for ref-id patterns.
    pub fn issue_date(self) -> IssueDate {
        use chrono::Datelike;
        let d = self.datetime().date_naive();
        IssueDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

/// Dev only: the time a request names in `X-Crego-Now` (RFC 3339), honoured when faults are on (the var
/// `CREGO_FAULTS`, never in `wrangler.toml`), so a test can write what a past request would have (an
/// Idempotency-Key claim that has since expired). `None` otherwise.
pub fn dev_clock(faults_on: bool, header: Option<&str>) -> Option<Timestamp> {
    let instant = DateTime::parse_from_rfc3339(header?.trim()).ok()?;
    faults_on.then(|| Timestamp(instant.timestamp_micros()))
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
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        if value.len() != 10 {
            return None;
        }
        let time = match bound {
            Bound::Lower => date.and_hms_micro_opt(0, 0, 0, 0)?,
            Bound::Upper => date.and_hms_micro_opt(23, 59, 59, 999_999)?,
        };
        return Some(Timestamp(time.and_utc().timestamp_micros()).to_rfc3339());
    }
    let instant = DateTime::parse_from_rfc3339(value).ok()?.with_timezone(&Utc);
    let micros = instant.timestamp_micros();
    // Stored times have whole microseconds: round a finer lower bound up and a finer upper bound down.
    let finer = instant.timestamp_subsec_nanos() % 1000 != 0;
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
}
