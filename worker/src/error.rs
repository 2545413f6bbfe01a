//! The one error type of the request path, and the one place it becomes an RFC 9457 problem+json.
//!
//! Handlers return `Result<Response, ApiError>` and never build an error status by hand. Internal causes
//! (D1 messages, JS exceptions) are logged here and never put in a body.

use crego_validation::{FieldError, Report};
use serde::Serialize;
use worker::{Headers, Response};

use crate::auth::APPROVE_SCOPE;
use crate::domain::approval::{Maker, Refusal};

/// Seconds a client should wait before retrying a 503.
const RETRY_AFTER_UNAVAILABLE: u32 = 1;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the body failed its check; every failing field is listed.
    Validation(Report),
    /// 400: one field failed a rule the validation crate cannot see alone (e.g. a namespace that does
    /// not exist). Rendered like `Validation`.
    Field(FieldError),
    /// 400: the body is not JSON.
    MalformedJson(String),
    /// 400: a query parameter is unknown or malformed; the report names it.
    InvalidQuery(Report),
    /// 401, with the reason (safe to show: it names what is wrong with the token, not a secret).
    Unauthorized(&'static str),
    /// 403 with a stable code (`missing_scope`, `self_approval`).
    Forbidden { code: &'static str, detail: String },
    /// 404: no such route or no such record in the caller's tenant.
    NotFound,
    /// 405 with the methods the path allows, by name.
    MethodNotAllowed(Vec<&'static str>),
    /// 409 with a stable code, and the field at fault when there is one.
    Conflict {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 412: `If-Match` names a version the record no longer has.
    PreconditionFailed,
    /// 413: the body is over 1 MiB.
    PayloadTooLarge,
    /// 415: a body that is not `application/json`.
    UnsupportedMediaType,
    /// 429: the tenant's request budget is spent; a token is back after `retry_after` seconds.
    RateLimited { retry_after: u32 },
    /// 503: storage (D1, the counter object) failed; the client may retry.
    Unavailable(String),
    /// 500: a bug. The cause is logged, never shown.
    Internal(String),
}

/// An RFC 9457 problem (`application/problem+json`), with a stable `code` and, for bad input, every
/// failing field in `errors`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[schema(value_type = String)]
    title: &'static str,
    status: u16,
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<FieldError>>, nullable = false)]
    errors: Option<&'a [FieldError]>,
}

impl ApiError {
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// A 409 caused by one field, e.g. a unique name.
    pub fn field_conflict(code: &'static str, field: &str, field_code: &'static str, detail: &str) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.to_string(),
            errors: vec![FieldError {
                field: field.to_string(),
                code: field_code,
                message: detail.to_string(),
            }],
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ApiError::Validation(_)
            | ApiError::Field(_)
            | ApiError::MalformedJson(_)
            | ApiError::InvalidQuery(_) => 400,
            ApiError::Unauthorized(_) => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::NotFound => 404,
            ApiError::MethodNotAllowed(_) => 405,
            ApiError::Conflict { .. } => 409,
            ApiError::PreconditionFailed => 412,
            ApiError::PayloadTooLarge => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::RateLimited { .. } => 429,
            ApiError::Unavailable(_) => 503,
            ApiError::Internal(_) => 500,
        }
    }

    /// The problem body and the extra headers of this error, as pure data (unit-tested natively).
    pub fn render(&self) -> (u16, Vec<(&'static str, String)>, String) {
        let status = self.status();
        let mut headers = vec![("Content-Type", "application/problem+json".to_string())];
        let single;
        let (code, title, detail, errors): (&str, &'static str, String, Option<&[FieldError]>) = match self {
            ApiError::Validation(report) => (
                "validation_failed",
                "Invalid request body",
                format!("{} field(s) failed validation", report.errors.len()),
                Some(&report.errors),
            ),
            ApiError::Field(error) => {
                single = [error.clone()];
                (
                    "validation_failed",
                    "Invalid request body",
                    "1 field(s) failed validation".to_string(),
                    Some(&single[..]),
                )
            }
            ApiError::MalformedJson(detail) => ("malformed_json", "Malformed JSON", detail.clone(), None),
            ApiError::InvalidQuery(report) => (
                "invalid_query",
                "Invalid query parameters",
                format!("{} query parameter(s) are invalid", report.errors.len()),
                Some(&report.errors),
            ),
            ApiError::Unauthorized(reason) => {
                headers.push((
                    "WWW-Authenticate",
                    format!("Bearer error=\"invalid_token\", error_description=\"{reason}\""),
                ));
                ("unauthorized", "Unauthorized", reason.to_string(), None)
            }
            ApiError::Forbidden { code, detail } => (code, "Forbidden", detail.clone(), None),
            ApiError::NotFound => ("not_found", "Not found", "no such resource".to_string(), None),
            ApiError::MethodNotAllowed(allow) => {
                headers.push(("Allow", allow.join(", ")));
                (
                    "method_not_allowed",
                    "Method not allowed",
                    format!("this path allows {}", allow.join(", ")),
                    None,
                )
            }
            ApiError::Conflict { code, detail, errors } => (
                code,
                "Conflict",
                detail.clone(),
                (!errors.is_empty()).then_some(&errors[..]),
            ),
            ApiError::PreconditionFailed => (
                "precondition_failed",
                "Precondition failed",
                "the record has changed since the version named in If-Match; read it again".to_string(),
                None,
            ),
            ApiError::PayloadTooLarge => (
                "payload_too_large",
                "Payload too large",
                "the body is larger than 1 MiB".to_string(),
                None,
            ),
            ApiError::UnsupportedMediaType => (
                "unsupported_media_type",
                "Unsupported media type",
                "send the body as application/json".to_string(),
                None,
            ),
            ApiError::RateLimited { retry_after } => {
                headers.push(("Retry-After", retry_after.to_string()));
                (
                    "rate_limited",
                    "Too many requests",
                    format!("this tenant's request rate is over its limit; retry after {retry_after} s"),
                    None,
                )
            }
            ApiError::Unavailable(_) => {
                headers.push(("Retry-After", RETRY_AFTER_UNAVAILABLE.to_string()));
                (
                    "unavailable",
                    "Service unavailable",
                    "storage is unavailable; retry the request".to_string(),
                    None,
                )
            }
            ApiError::Internal(_) => (
                "internal",
                "Internal error",
                "an unexpected error occurred".to_string(),
                None,
            ),
        };
        let problem = Problem {
            kind: format!("https://docs.crego.io/problems/{code}"),
            title,
            status,
            detail,
            code,
            errors,
        };
        // Serializing plain strings and numbers cannot fail; fall back to a fixed body all the same.
        let body = serde_json::to_string(&problem)
            .unwrap_or_else(|_| format!("{{\"status\":{status},\"title\":\"{title}\"}}"));
        (status, headers, body)
    }

    /// The response for this error; internal causes go to the log only.
    pub fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => worker::console_error!("internal error: {cause}"),
            ApiError::Unavailable(cause) => worker::console_error!("storage unavailable: {cause}"),
            _ => {}
        }
        let (status, extra, body) = self.render();
        let headers = Headers::new();
        for (name, value) in extra {
            let _ = headers.set(name, &value);
        }
        match Response::from_bytes(body.into_bytes()) {
            Ok(r) => r.with_status(status).with_headers(headers),
            Err(_) => Response::empty()
                .map(|r| r.with_status(status))
                .unwrap_or_else(|_| Response::builder().with_status(status).empty()),
        }
    }
}

impl From<Report> for ApiError {
    fn from(report: Report) -> Self {
        ApiError::Validation(report)
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::MissingScope => ApiError::Forbidden {
                code: "missing_scope",
                detail: format!("approving and rejecting need the `{APPROVE_SCOPE}` scope"),
            },
            Refusal::SelfApproval(maker) => ApiError::Forbidden {
                code: "self_approval",
                detail: match maker {
                    Maker::Creator => "you created this contact: another user must approve or reject it",
                    Maker::Changed => {
                        "you made a material change to this contact since its last approval: another user \
                         must approve or reject it"
                    }
                }
                .into(),
            },
            Refusal::InvalidTransition => ApiError::conflict(
                "invalid_transition",
                "the contact's approval state does not allow this action",
            ),
        }
    }
}

impl From<getrandom::Error> for ApiError {
    fn from(e: getrandom::Error) -> Self {
        ApiError::Internal(format!("getrandom: {e}"))
    }
}

impl From<worker::Error> for ApiError {
    /// A runtime error outside the store (which classifies its own): a bug in how we call the runtime.
    fn from(e: worker::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crego_validation::code;

    fn body(e: &ApiError) -> serde_json::Value {
        serde_json::from_str(&e.render().2).unwrap()
    }

    #[test]
    fn a_validation_report_becomes_a_400_problem_listing_every_field() {
        let mut r = Report::new();
        r.add("name", code::REQUIRED, "is required");
        r.add("props[2].value", code::LENGTH, "too long");
        let e = ApiError::Validation(r);
        let (status, headers, _) = e.render();
        assert_eq!(status, 400);
        assert_eq!(
            headers[0],
            ("Content-Type", "application/problem+json".to_string())
        );
        let b = body(&e);
        assert_eq!(b["code"], "validation_failed");
        assert_eq!(b["errors"][1]["field"], "props[2].value");
        assert_eq!(b["errors"][1]["code"], "length");
    }

    #[test]
    fn internal_and_storage_errors_never_show_their_cause() {
        for e in [
            ApiError::Internal("D1_ERROR: no such table: secrets".into()),
            ApiError::Unavailable("SQLITE_BUSY".into()),
        ] {
            let text = e.render().2;
            assert!(
                !text.contains("D1") && !text.contains("SQLITE") && !text.contains("secrets"),
                "{text}"
            );
        }
        let (_, headers, _) = ApiError::Unavailable(String::new()).render();
        assert!(headers.iter().any(|(n, _)| *n == "Retry-After"));
    }

    #[test]
    fn a_429_says_when_to_retry() {
        let e = ApiError::RateLimited { retry_after: 7 };
        let (status, headers, _) = e.render();
        assert_eq!(status, 429);
        assert!(headers.contains(&("Retry-After", "7".to_string())));
        assert_eq!(body(&e)["code"], "rate_limited");
    }

    #[test]
    fn a_405_names_the_allowed_methods_and_a_401_asks_for_a_bearer_token() {
        let (_, h, _) = ApiError::MethodNotAllowed(vec!["GET", "POST"]).render();
        assert!(h.contains(&("Allow", "GET, POST".to_string())));
        let (status, h, _) = ApiError::Unauthorized("the token has expired").render();
        assert_eq!(status, 401);
        assert!(h
            .iter()
            .any(|(n, v)| *n == "WWW-Authenticate" && v.starts_with("Bearer ")));
    }
}
