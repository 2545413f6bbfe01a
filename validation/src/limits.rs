//! Every input limit of the API, in one place (docs/LIMITS.md is its table for people): the checks of
//! this crate, the worker and the OpenAPI document all read their numbers here. Each is chosen so that a
//! record the API accepts stays readable by every route that embeds it, and every number round-trips
//! exactly through JSON and D1.

/// The largest integer every layer (JSON in browsers, D1, Durable Object SQLite) holds exactly: 2^53 - 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

// Requests.
/// A request body, in bytes (`413 payload_too_large`).
pub const BODY_BYTES: usize = 1024 * 1024;
/// Arrays and objects nested in a request body (`400`, `body`: `depth`).
pub const BODY_DEPTH: usize = 32;
/// Field errors listed in one `400`; past them one `too_many_errors` entry says how many were left out.
pub const REPORTED_ERRORS: usize = 100;
/// Query parameters in one request (`400 invalid_query`, `query`: `length`).
pub const QUERY_PARAMS: usize = 20;
/// `Idempotency-Key`, printable ASCII characters.
pub const IDEMPOTENCY_KEY_CHARS: usize = 255;

// Query parameters.
pub const SEARCH_CHARS: usize = 100;
/// A `namespace` list filter (a name or an id).
pub const NAMESPACE_FILTER_CHARS: usize = 50;
/// Tags in a `tags` list filter: a record carries at most `TAGS`, so more can match nothing.
pub const FILTER_TAGS: usize = TAGS;
/// Keys in a props `DELETE ?keys=`: a contact has at most `PROPS`.
pub const DELETE_KEYS: usize = PROPS;
pub const PAGE: u64 = 1_000_000_000;
pub const PAGE_SIZE: u64 = 100;
/// `page_size` of a contact list with `expand`: each contact may embed up to
/// `ADDRESSES_PER_CONTACT + BANKS_PER_CONTACT + RELATIONS_PER_CONTACT` records.
pub const EXPANDED_PAGE_SIZE: u64 = 20;

// Text, in characters (Unicode scalar values).
pub const NAMESPACE_NAME_CHARS: usize = 50;
pub const PATTERN_CHARS: usize = 50;
pub const REF_ID_CHARS: usize = 50;
pub const CONTACT_NAME_CHARS: usize = 100;
pub const TAG_CHARS: usize = 50;
pub const CODE_CHARS: usize = 50;
pub const ID_CHARS: usize = 50;
pub const PROP_KEY_CHARS: usize = 100;
pub const PROP_VALUE_CHARS: usize = 500;
pub const REMARKS_CHARS: usize = 500;
pub const ADDRESS_LINE_CHARS: usize = 100;
pub const PLACE_CHARS: usize = 50;
pub const BANK_TEXT_CHARS: usize = 100;
/// An address `codes` key and value.
pub const ADDRESS_CODE_KEY_CHARS: usize = 50;
pub const ADDRESS_CODE_VALUE_CHARS: usize = 100;

// Lists and maps.
pub const TAGS: usize = 50;
pub const REFS_KEYS: usize = 50;
/// `refs` serialized as JSON, in bytes.
pub const REFS_BYTES: usize = 4096;
/// Objects and arrays nested in `refs`, `refs` itself counted: routes embed a contact's document up to
/// four levels deeper (a dedupe match, a history entry) and every level must stay readable.
pub const REFS_DEPTH: usize = 8;
pub const PROPS: usize = 100;
/// A contact's props serialized as JSON (`[{"key","value","type"}, ...]`), in bytes: 100 props of the
/// longest key and value fit when written in ASCII; escapes and wide characters count as sent.
pub const PROPS_BYTES: usize = 64 * 1024;
pub const ADDRESS_CODES: usize = 20;
pub const DEDUPE_LIMIT: u64 = 50;
/// Dedupe `min_score`: a score is a number from 0 to 1.
pub const MIN_SCORE_MAX: u64 = 1;

// Records per contact (`400`, the owner field: `length`).
pub const ADDRESSES_PER_CONTACT: usize = 20;
pub const BANKS_PER_CONTACT: usize = 20;
pub const RELATIONS_PER_CONTACT: usize = 50;
/// Contacts one merge folds into its survivor (Salesforce merges up to three records at once).
pub const MERGED_PER_MERGE: usize = 3;

// Reads.
/// Contacts dedupe reads per blocking key, newest first: its cost does not grow with how many contacts
/// share a name, a date of birth or a pincode.
pub const DEDUPE_READ_PER_KEY: u64 = 50;
/// Contacts dedupe reads per name-only blocking key (`n:`, two name words' codes), newest first: the
/// least selective key, which a common name fills in a large tenant; its reads are the same arbitrary
/// slice of a block of thousands at 20 as at 50, and each costs a score.
pub const DEDUPE_READ_PER_NAME_KEY: u64 = 20;
/// Contacts dedupe scores per request from its blocking keys, those sharing most keys first.
pub const DEDUPE_CANDIDATES: u64 = 200;
/// Contacts that may hold one identifier before it is a placeholder (a filler value such as a shared
/// office number): more, and it neither retrieves nor counts. Dedupe reads at most one more to know.
pub const DEDUPE_HOLDERS: u64 = 10;
/// Expired Idempotency-Key claims of its tenant that each new claim deletes.
pub const EXPIRED_CLAIMS_PURGED: u64 = 100;
/// Contacts one `POST /pii/convert/` brings to the current keys (each: three reads and one batch).
pub const PII_CONVERT_CONTACTS: usize = 25;

/// One row of docs/LIMITS.md: the name it is known by there, and its number.
pub struct Row {
    pub name: &'static str,
    pub limit: u64,
}

const fn row(name: &'static str, limit: usize) -> Row {
    Row {
        name,
        limit: limit as u64,
    }
}

/// Every input limit above, as docs/LIMITS.md names it (a unit test holds the document to this table,
/// and the API tests walk it). The `DEDUPE_*` reads are bounds the API keeps on itself, not on input.
pub const ROWS: &[Row] = &[
    row("body bytes", BODY_BYTES),
    row("body depth", BODY_DEPTH),
    row("errors listed", REPORTED_ERRORS),
    row("query parameters", QUERY_PARAMS),
    row("Idempotency-Key", IDEMPOTENCY_KEY_CHARS),
    row("search", SEARCH_CHARS),
    row("namespace filter", NAMESPACE_FILTER_CHARS),
    row("tags filter", FILTER_TAGS),
    row("props DELETE keys", DELETE_KEYS),
    Row {
        name: "page",
        limit: PAGE,
    },
    Row {
        name: "page_size",
        limit: PAGE_SIZE,
    },
    Row {
        name: "page_size with expand",
        limit: EXPANDED_PAGE_SIZE,
    },
    row("namespace name", NAMESPACE_NAME_CHARS),
    row("ref-id pattern", PATTERN_CHARS),
    row("ref_id", REF_ID_CHARS),
    row("contact name", CONTACT_NAME_CHARS),
    row("tag", TAG_CHARS),
    row("rm_id, branch_id", CODE_CHARS),
    row("ids in bodies", ID_CHARS),
    row("prop key", PROP_KEY_CHARS),
    row("prop value", PROP_VALUE_CHARS),
    row("remarks", REMARKS_CHARS),
    row("address_line", ADDRESS_LINE_CHARS),
    row("city, state, country", PLACE_CHARS),
    row("bank_name, branch, account_holder_name", BANK_TEXT_CHARS),
    row("codes key", ADDRESS_CODE_KEY_CHARS),
    row("codes value", ADDRESS_CODE_VALUE_CHARS),
    row("tags", TAGS),
    row("refs keys", REFS_KEYS),
    row("refs bytes", REFS_BYTES),
    row("refs depth", REFS_DEPTH),
    row("props", PROPS),
    row("props bytes", PROPS_BYTES),
    row("codes", ADDRESS_CODES),
    Row {
        name: "dedupe limit",
        limit: DEDUPE_LIMIT,
    },
    Row {
        name: "dedupe min_score",
        limit: MIN_SCORE_MAX,
    },
    row("addresses per contact", ADDRESSES_PER_CONTACT),
    row("banks per contact", BANKS_PER_CONTACT),
    row("relations per contact", RELATIONS_PER_CONTACT),
    row("contacts per merge", MERGED_PER_MERGE),
    Row {
        name: "counters",
        limit: MAX_SAFE_INTEGER,
    },
];

/// How deeply arrays and objects nest in `value` (a scalar is 0, `{}` is 1).
pub fn depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// How deeply arrays and objects nest in JSON text, read from its brackets (outside strings) without
/// parsing it: a body is refused for its depth before a parser recurses into it.
pub fn text_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_counts_arrays_and_objects_and_ignores_brackets_in_strings() {
        assert_eq!(depth(&json!(1)), 0);
        assert_eq!(depth(&json!({})), 1);
        assert_eq!(depth(&json!({"a": [1, {"b": []}]})), 4);
        assert_eq!(text_depth(b"1"), 0);
        assert_eq!(text_depth(br#"{"a": [1, {"b": []}]}"#), 4);
        assert_eq!(text_depth(br#"{"a": "[[[{{\"[["}"#), 1);
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(text_depth(deep.as_bytes()), 40);
    }

    #[test]
    fn one_hundred_props_of_the_longest_ascii_key_and_value_fit_the_props_budget() {
        let props: Vec<serde_json::Value> = (0..PROPS)
            .map(|i| json!({"key": format!("{i:0>100}"), "value": "v".repeat(PROP_VALUE_CHARS), "type": "boolean"}))
            .collect();
        let bytes = serde_json::to_vec(&props).map_or(usize::MAX, |v| v.len());
        assert!(bytes <= PROPS_BYTES, "{bytes}");
    }

    /// docs/LIMITS.md, the table for people, states every row with its number, and no other.
    #[test]
    fn the_limits_document_states_every_row_and_its_number() {
        let doc = include_str!("../../docs/LIMITS.md");
        let stated: Vec<(&str, &str)> = doc
            .lines()
            .filter_map(|line| {
                let mut cells = line.split('|').map(str::trim).skip(1);
                let (name, number) = (cells.next()?, cells.next()?);
                number
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then_some((name, number))
            })
            .filter(|(_, number)| !number.is_empty())
            .collect();
        for row in ROWS {
            let limit = row.limit.to_string();
            assert!(
                stated.contains(&(row.name, limit.as_str())),
                "{} = {limit}",
                row.name
            );
        }
        let bounds = [
            ("dedupe reads per key", DEDUPE_READ_PER_KEY),
            ("dedupe reads per name-only key", DEDUPE_READ_PER_NAME_KEY),
            ("dedupe candidates per request", DEDUPE_CANDIDATES),
            ("dedupe holders of an identifier", DEDUPE_HOLDERS),
            ("expired claims purged per claim", EXPIRED_CLAIMS_PURGED),
            ("contacts converted per call", PII_CONVERT_CONTACTS as u64),
        ];
        for (name, number) in &stated {
            let known = ROWS.iter().any(|r| r.name == *name) || bounds.iter().any(|(b, _)| b == name);
            assert!(known, "{name} = {number} is not in limits::ROWS");
        }
        for (name, number) in bounds {
            assert!(
                stated.contains(&(name, number.to_string().as_str())),
                "{name} = {number}"
            );
        }
    }

    #[test]
    fn every_row_is_named_once() {
        for (i, a) in ROWS.iter().enumerate() {
            assert!(ROWS[i + 1..].iter().all(|b| b.name != a.name), "{}", a.name);
        }
    }
}
