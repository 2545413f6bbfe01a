//! A report's field (`props[0].value`) as a Standard Schema path (`["props", 0, "value"]`), which form
//! libraries use to put each message next to its input.
//!
//! A field is read against the body it came from: a key the client chose may itself hold `.` or `[`
//! (an unknown field `"a.b"`), so at each object the longest of its own keys that the field continues
//! with is taken whole; a key the body lacks (a missing required field) ends at the next `.` or `[`.

use serde::Serialize;
use serde_json::Value;

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// The path of `field` in `body`; `None` for a fault of the body itself (it is not an object).
pub fn path(field: &str, body: &Value) -> Option<Vec<Segment>> {
    if field == "body" && !body.is_object() {
        return None;
    }
    let mut segments = Vec::new();
    let mut at = Some(body);
    let mut rest = field;
    let mut expect_key = !rest.starts_with('[');
    loop {
        if expect_key {
            let key = key_at(rest, at);
            at = at.and_then(|v| v.get(key));
            segments.push(Segment::Key(key.to_string()));
            rest = &rest[key.len()..];
        }
        if let Some(after) = rest.strip_prefix('.') {
            rest = after;
            expect_key = true;
        } else if let Some((index, after)) = index_at(rest) {
            at = at.and_then(|v| v.get(index));
            segments.push(Segment::Index(index));
            rest = after;
            expect_key = false;
        } else if rest.is_empty() {
            return Some(segments);
        } else {
            // Not a field the crate writes: keep what is left as one key rather than lose it.
            segments.push(Segment::Key(rest.to_string()));
            return Some(segments);
        }
    }
}

/// The key `rest` starts with: the longest key of the object at hand that is followed by the end, `.`
/// or `[`, else everything up to the next `.` or `[`.
fn key_at<'a>(rest: &'a str, at: Option<&Value>) -> &'a str {
    let ends_a_segment = |len: usize| matches!(rest.as_bytes().get(len), None | Some(b'.' | b'['));
    let own = at.and_then(Value::as_object).and_then(|map| {
        map.keys()
            .filter(|k| rest.starts_with(k.as_str()) && ends_a_segment(k.len()))
            .map(String::len)
            .max()
    });
    let len = own.unwrap_or_else(|| rest.find(['.', '[']).unwrap_or(rest.len()));
    &rest[..len]
}

/// `[n]` at the start of `rest`: the index and what follows it.
fn index_at(rest: &str) -> Option<(usize, &str)> {
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']')?;
    let index = inner[..close].parse().ok()?;
    Some((index, &inner[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path_json(field: &str, body: Value) -> Value {
        serde_json::to_value(path(field, &body)).unwrap()
    }

    #[test]
    fn dots_and_brackets_become_keys_and_indexes() {
        let body = json!({"props": [{"key": "pan", "value": "x"}], "coords": {"lat": 100}});
        assert_eq!(
            path_json("props[0].value", body.clone()),
            json!(["props", 0, "value"])
        );
        assert_eq!(path_json("coords.lat", body.clone()), json!(["coords", "lat"]));
        assert_eq!(path_json("tags[12]", body.clone()), json!(["tags", 12]));
        assert_eq!(path_json("name", body), json!(["name"]));
    }

    #[test]
    fn a_missing_field_is_named_as_the_report_names_it() {
        assert_eq!(path_json("props[3].key", json!({})), json!(["props", 3, "key"]));
        assert_eq!(
            path_json("coords.lng", json!({"coords": {}})),
            json!(["coords", "lng"])
        );
    }

    #[test]
    fn a_fault_of_the_body_itself_has_no_path_but_a_field_called_body_has_one() {
        assert_eq!(path("body", &json!([1])), None);
        assert_eq!(path("body", &Value::Null), None);
        assert_eq!(path_json("body", json!({"body": 1})), json!(["body"]));
    }

    #[test]
    fn a_client_key_holding_dots_or_brackets_stays_one_segment() {
        let body = json!({"a.b": 1, "x[0]": 2, "props": [{"c.d": 3}]});
        assert_eq!(path_json("a.b", body.clone()), json!(["a.b"]));
        assert_eq!(path_json("x[0]", body.clone()), json!(["x[0]"]));
        assert_eq!(path_json("props[0].c.d", body), json!(["props", 0, "c.d"]));
    }

    #[test]
    fn the_longest_own_key_wins_and_an_empty_key_is_a_segment() {
        let body = json!({"a": {"b": 1}, "a.b": 2});
        assert_eq!(path_json("a.b", body), json!(["a.b"]));
        assert_eq!(path_json("", json!({"": 1})), json!([""]));
        assert_eq!(
            path_json("props[0].", json!({"props": [{"": 1}]})),
            json!(["props", 0, ""])
        );
    }
}
