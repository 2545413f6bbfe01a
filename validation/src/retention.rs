//! The body of `PUT /contacts/{id}/retention/` (CONTRACT §9, "Erasure and retention"): a legal hold and
//! the day the customer relationship ended, from which the retention period of identity records runs.

use serde::Serialize;
use serde_json::Value;

use crate::common::{boolean, clearable, matching, optional};
use crate::fields::{object, refuse_unknown};
use crate::report::{code, Report};
use crate::text::REMARKS;

/// At least one of `legal_hold` and `relationship_ended_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RetentionBody {
    /// `true` holds the contact's data against erasure (litigation, an investigation); `false` lifts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub legal_hold: Option<bool>,
    /// The day the relationship ended, `YYYY-MM-DD` (not in the future); `null` clears it (the
    /// relationship goes on).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub relationship_ended_at: Option<Option<String>>,
    #[schema(schema_with = crate::schema::remarks_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

const FIELDS: &[&str] = &["legal_hold", "relationship_ended_at", "remarks"];

impl RetentionBody {
    pub fn check(body: &Value) -> Result<RetentionBody, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        refuse_unknown(map, FIELDS, &[], "", &mut report);
        let legal_hold = match map.get("legal_hold") {
            None => None,
            Some(v) => boolean(v, "legal_hold", &mut report),
        };
        let relationship_ended_at = clearable(map, "relationship_ended_at", &mut report, date);
        let remarks = optional(map, "remarks", &mut report, matching(&REMARKS));
        if report.is_empty() && legal_hold.is_none() && relationship_ended_at.is_none() {
            report.add(
                "legal_hold",
                code::REQUIRED,
                "give legal_hold, relationship_ended_at or both",
            );
        }
        report.finish(RetentionBody {
            legal_hold,
            relationship_ended_at,
            remarks,
        })
    }
}

/// A calendar date `YYYY-MM-DD`.
fn date(value: &Value, field: &str, report: &mut Report) -> Option<String> {
    let Some(s) = value.as_str() else {
        report.add(field, code::TYPE, "must be a date such as 2026-03-31, or null");
        return None;
    };
    if !is_date(s) {
        report.add(
            field,
            code::PATTERN,
            "must be a calendar date YYYY-MM-DD, such as 2026-03-31",
        );
        return None;
    }
    Some(s.to_string())
}

/// Whether `s` is `YYYY-MM-DD`, a day of the Gregorian calendar from year 1900.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (n(0..4), n(5..7), n(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1900 && (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(body: Value) -> Vec<(String, &'static str)> {
        RetentionBody::check(&body)
            .err()
            .map(|r| r.errors.into_iter().map(|e| (e.field, e.code)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_hold_an_end_date_or_both_are_accepted_and_null_clears_the_date() {
        let b = RetentionBody::check(&json!({"legal_hold": true, "remarks": "case 42"})).unwrap_or_default();
        assert_eq!((b.legal_hold, b.relationship_ended_at), (Some(true), None));
        let b = RetentionBody::check(&json!({"relationship_ended_at": "2024-02-29"})).unwrap_or_default();
        assert_eq!(b.relationship_ended_at, Some(Some("2024-02-29".into())));
        let b = RetentionBody::check(&json!({"relationship_ended_at": null})).unwrap_or_default();
        assert_eq!(b.relationship_ended_at, Some(None));
    }

    #[test]
    fn every_bad_field_is_reported_and_an_empty_body_asks_for_one() {
        assert_eq!(
            codes(json!({"legal_hold": "yes", "relationship_ended_at": "2023-02-29", "other": 1})),
            [
                ("other".to_string(), "unknown_field"),
                ("legal_hold".to_string(), "type"),
                ("relationship_ended_at".to_string(), "pattern")
            ]
        );
        assert_eq!(codes(json!({})), [("legal_hold".to_string(), "required")]);
        assert_eq!(
            codes(json!({"legal_hold": null})),
            [("legal_hold".to_string(), "type")]
        );
        assert_eq!(codes(json!([])), [("body".to_string(), "type")]);
    }

    #[test]
    fn dates_are_calendar_days() {
        for good in ["2024-02-29", "2000-02-29", "2026-12-31", "1900-01-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026-1-01",
            "1899-12-31",
            "2026-01-01T00:00:00Z",
            "२०२६-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
