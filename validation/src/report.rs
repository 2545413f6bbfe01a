//! The report a failed check returns: a flat list of `{field, code, message}` with stable codes, the
//! same shape in the API's problem+json `errors` and in the npm package's `{ ok, errors }`.

use serde::Serialize;

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

/// Every failing field of one input, in the order the fields were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub errors: Vec<FieldError>,
}

impl Report {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            code,
            message: message.into(),
        });
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
