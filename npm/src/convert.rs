//! JS values in and out, as JSON text. A value is read exactly as `JSON.stringify` writes it, which is
//! what a form sends with `fetch`, so the package and the API see the same body: `undefined` fields
//! vanish, `NaN` becomes `null`, a `Date` becomes its ISO string, and numbers keep their exact text
//! (integers above 2^53 are out of range in both places instead of rounded by a conversion).

use crego_validation::{code, FieldError, Report};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// The body as JSON: `null` when there is nothing to send (`undefined`, a function), or a `body` `type`
/// report when it cannot be written as JSON at all (a cycle, a BigInt).
pub fn to_json(input: &JsValue) -> Result<Value, Report> {
    let text = match js_sys::JSON::stringify(input) {
        Ok(text) => text.as_string(),
        Err(e) => {
            return Err(body_fault(&format!(
                "cannot be written as JSON: {}",
                error_text(&e)
            )))
        }
    };
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    serde_json::from_str(&text).map_err(|e| body_fault(&format!("is not valid JSON: {e}")))
}

fn body_fault(message: &str) -> Report {
    let mut report = Report::new();
    report.add("body", code::TYPE, format!("the body {message}"));
    report
}

/// The first line of a thrown JS error's message (engines add a multi-line trace for cycles).
fn error_text(thrown: &JsValue) -> String {
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message())
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        None => "it was refused".to_string(),
    }
}

/// `{ok, errors}`: the shape of every answer, and of a refused `renderRefPattern`.
#[derive(Serialize)]
struct Checked<'a> {
    ok: bool,
    errors: &'a [FieldError],
}

/// `{ok: true, value}`: a rendered ref id.
#[derive(Serialize)]
struct Rendered<'a> {
    ok: bool,
    value: &'a str,
}

/// `{ok: true, errors: []}` or `{ok: false, errors: [...]}`.
pub fn report_js(result: Result<(), Report>) -> JsValue {
    let errors = match &result {
        Ok(()) => &[][..],
        Err(report) => &report.errors[..],
    };
    to_js(&Checked {
        ok: result.is_ok(),
        errors,
    })
}

/// `{ok: true, value}` or `{ok: false, errors: [...]}`.
pub fn value_js(result: Result<String, Report>) -> JsValue {
    match result {
        Ok(value) => to_js(&Rendered {
            ok: true,
            value: &value,
        }),
        Err(report) => report_js(Err(report)),
    }
}

/// Our own JSON, parsed by the JS engine (smaller than building objects field by field).
pub fn to_js(value: &impl Serialize) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}
