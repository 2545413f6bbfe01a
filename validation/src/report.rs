//! The report a failed check returns: a flat list of `{field, code, message}` with stable codes, the
//! same shape in the API's problem+json `errors` and in the npm package's `{ ok, errors }`.

use serde::Serialize;

use crate::limits::REPORTED_ERRORS;

/// Stable error codes. Clients (and translations) key on these; never rename one.
pub mod code {
    pub const REQUIRED: &str = "required";
    pub const TYPE: &str = "type";
    pub const LENGTH: &str = "length";
    pub const PATTERN: &str = "pattern";
    pub const ENUM: &str = "enum";
    pub const RANGE: &str = "range";
    pub const CHECKSUM: &str = "checksum";
    pub const UNIQUE: &str = "unique";
    pub const DUPLICATE: &str = "duplicate";
    pub const NOT_FOUND: &str = "not_found";
    pub const UNKNOWN_FIELD: &str = "unknown_field";
    pub const IMMUTABLE: &str = "immutable";
    pub const EMPTY: &str = "empty";
    /// A relation whose `related_contact` is its own `contact`.
    pub const SELF_RELATION: &str = "self_relation";
    /// A merge naming its survivor among the contacts merged into it.
    pub const SELF_MERGE: &str = "self_merge";
    /// Objects and arrays nested deeper than allowed.
    pub const DEPTH: &str = "depth";
    /// The last entry of a report that lists only its first `limits::REPORTED_ERRORS` errors.
    pub const TOO_MANY_ERRORS: &str = "too_many_errors";
}

/// One failing field. `field` is a path such as `name`, `props[2].value` or `coords.lat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    /// A stable code: `required`, `type`, `length`, `pattern`, `enum`, `range`, `checksum`, `unique`,
    /// `not_found`, `unknown_field`, `immutable`, ...
    #[schema(value_type = String)]
    pub code: &'static str,
    pub message: String,
}

/// Every failing field of one input, in the order the fields were checked: at most
/// `limits::REPORTED_ERRORS` of them, then one `too_many_errors` entry counting the rest, so that a body
/// of 80,000 unknown fields gets an answer of a few kilobytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    left_out: usize,
}

impl Report {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        if self.errors.len() < REPORTED_ERRORS {
            self.errors.push(FieldError {
                field: field.into(),
                code,
                message: message.into(),
            });
            return;
        }
        self.left_out += 1;
        let summary = FieldError {
            field: String::new(),
            code: code::TOO_MANY_ERRORS,
            message: format!("{} more error(s) not listed", self.left_out),
        };
        match self.errors.get_mut(REPORTED_ERRORS) {
            Some(last) => *last = summary,
            None => self.errors.push(summary),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when nothing failed, the report otherwise: the last line of every `check()`.
    pub fn finish<T>(self, value: T) -> Result<T, Report> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The distinct codes reported for `field`, for tests and table runners.
    pub fn codes_for(&self, field: &str) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = self
            .errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.code)
            .collect();
        codes.dedup();
        codes
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {} ({})", e.field, e.message, e.code)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_lists_its_first_errors_and_then_counts_the_rest() {
        let mut r = Report::new();
        for i in 0..REPORTED_ERRORS + 7 {
            r.add(format!("f{i}"), code::UNKNOWN_FIELD, "no such field");
        }
        assert_eq!(r.errors.len(), REPORTED_ERRORS + 1);
        let last = &r.errors[REPORTED_ERRORS];
        assert_eq!((last.field.as_str(), last.code), ("", code::TOO_MANY_ERRORS));
        assert_eq!(last.message, "7 more error(s) not listed");
        assert!(!r.is_empty());
    }
}
