//! The abuse corpus (tests/corpus/abuse.jsonl, README.md beside it): hundreds of hostile requests against
//! one seeded tenant. Each must get its documented answer, a 4xx problem+json with a stable `code` unless
//! the entry says it is a valid read; none may be a 5xx or show internal text; and afterwards every list
//! and record of the tenant reads exactly as before.

use crego_api_tests::{ApiResponse, Body, TestTenant};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::contact_helpers::{contact_body, text_prop, with};
use crate::helpers::{assert_no_internal_text, create_namespace, id_of};
use crate::sub_helpers::{address_body, bank_body, create_doc, relation_body, ADDRESSES, BANKS, RELATIONS};

const CORPUS: &str = include_str!("../../corpus/abuse.jsonl");
const KEYS: &[&str] = &[
    "name",
    "method",
    "path",
    "headers",
    "body",
    "content_type",
    "expect_status",
    "expect_code",
    "expect_field",
    "expect_count",
    "note",
];

/// One request of the corpus and what it must get.
#[derive(Debug)]
struct Entry {
    name: String,
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: Option<String>,
    content_type: Option<String>,
    statuses: Vec<u16>,
    code: Option<String>,
    field: Option<(String, String)>,
    count: Option<i64>,
}

impl Entry {
    fn parse(line: &str) -> Entry {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("corpus line {line}: {e}"));
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let name = text("name").unwrap_or_else(|| panic!("no name: {line}"));
        let unknown: Vec<&String> = v
            .as_object()
            .map(|o| o.keys().filter(|k| !KEYS.contains(&k.as_str())).collect())
            .unwrap_or_default();
        assert!(unknown.is_empty(), "{name}: unknown keys {unknown:?}");
        let statuses = match &v["expect_status"] {
            Value::Array(list) => list.iter().filter_map(Value::as_u64).map(|s| s as u16).collect(),
            s => s.as_u64().map(|s| vec![s as u16]).unwrap_or_default(),
        };
        let headers = v["headers"].as_object().into_iter().flatten();
        let pair = |p: &Value| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_str()?.to_string()));
        let entry = Entry {
            method: text("method").unwrap_or_else(|| panic!("{name}: no method")),
            path: text("path").unwrap_or_else(|| panic!("{name}: no path")),
            headers: headers
                .map(|(k, h)| (k.clone(), h.as_str().unwrap_or_default().to_string()))
                .collect(),
            body: text("body"),
            // Absent: JSON (when there is a body); `null`: no Content-Type at all.
            content_type: match v.get("content_type") {
                None => Some("application/json".to_string()),
                Some(ct) => ct.as_str().map(str::to_string),
            },
            statuses,
            code: text("expect_code"),
            field: v.get("expect_field").and_then(pair),
            count: v.get("expect_count").and_then(Value::as_i64),
            name,
        };
        assert!(!entry.statuses.is_empty(), "{}: no expect_status", entry.name);
        let refused = entry.statuses.iter().any(|s| *s >= 400);
        assert!(
            !refused || entry.code.is_some(),
            "{}: a 4xx needs expect_code",
            entry.name
        );
        entry
    }
}

/// `<<repeat:N:S>>` → S repeated N times (so the corpus stays small while its bodies are not).
fn expand_repeats(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("<<repeat:") {
        out.push_str(&rest[..start]);
        let spec = &rest[start + "<<repeat:".len()..];
        let end = spec
            .find(">>")
            .unwrap_or_else(|| panic!("unclosed repeat in {s:.80}"));
        let (count, unit) = spec[..end]
            .split_once(':')
            .unwrap_or_else(|| panic!("bad repeat in {s:.80}"));
        let count: usize = count
            .parse()
            .unwrap_or_else(|_| panic!("bad repeat count in {s:.80}"));
        out.push_str(&unit.repeat(count));
        rest = &spec[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The tenant's seeded records, whose ids fill the corpus's placeholders.
struct Seed {
    tenant: TestTenant,
    ids: Vec<(&'static str, String)>,
}

impl Seed {
    async fn create() -> Seed {
        let tenant = TestTenant::new();
        let ns = create_namespace(&tenant, "Abuse").await;
        let body = with(
            contact_body("Abuse", "Asha Rao"),
            json!({"ref_id": "ABUSE-1", "tags": ["vip"], "props": [text_prop("pan_no", "ABCPE1234F")]}),
        );
        let contact = crate::contact_helpers::create_contact_with(&tenant, body).await;
        let address = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;
        let bank = create_doc(&tenant, BANKS, bank_body(&contact, "123456789012")).await;
        let relation = create_doc(&tenant, RELATIONS, relation_body(&contact, "nominee", None)).await;
        let ids = vec![
            ("{ns}", id_of(&ns)),
            ("{contact}", id_of(&contact)),
            ("{address}", id_of(&address)),
            ("{bank}", id_of(&bank)),
            ("{relation}", id_of(&relation)),
        ];
        Seed { tenant, ids }
    }

    fn fill(&self, s: &str) -> String {
        let mut out = expand_repeats(s);
        for (placeholder, id) in &self.ids {
            out = out.replace(placeholder, id);
        }
        out
    }

    /// Every list and record of the tenant, as (path, body text).
    async fn snapshot(&self) -> Vec<(String, String)> {
        let paths: Vec<String> = [
            "/namespaces/",
            "/namespaces/{ns}/",
            "/contacts/?expand=addresses,banks,relations",
            "/contacts/{contact}/",
            "/contacts/{contact}/props/",
            "/contacts/{contact}/history/",
            "/contacts/addresses/",
            "/contacts/addresses/{address}/",
            "/contacts/banks/",
            "/contacts/banks/{bank}/",
            "/contacts/relations/",
            "/contacts/relations/{relation}/",
        ]
        .iter()
        .map(|p| self.fill(p))
        .collect();
        let mut out = Vec::new();
        for path in paths {
            let response = self.tenant.get(&path).await;
            assert_eq!(response.status, 200, "GET {path}: {}", response.text);
            out.push((path, response.text));
        }
        out
    }
}

/// What is wrong with an answer, if anything.
fn verdict(entry: &Entry, r: &ApiResponse) -> Result<(), String> {
    if r.status >= 500 {
        return Err(format!("a {} (never allowed)", r.status));
    }
    catch_unwind(AssertUnwindSafe(|| assert_no_internal_text(r))).map_err(|_| "internal text".to_string())?;
    if !entry.statuses.contains(&r.status) {
        return Err(format!("status {} (expected {:?})", r.status, entry.statuses));
    }
    if r.status >= 400 {
        let ct = r.header("content-type");
        if !ct.starts_with("application/problem+json") {
            return Err(format!("content-type {ct:?}"));
        }
        if r.json["status"] != json!(r.status) {
            return Err("problem `status` differs from the HTTP status".into());
        }
        if r.code() != entry.code.as_deref() {
            return Err(format!("code {:?} (expected {:?})", r.code(), entry.code));
        }
    }
    if let Some((field, code)) = &entry.field {
        if !r.has_field_error(field, code) {
            return Err(format!("no ({field}, {code}) in {:?}", r.field_errors()));
        }
    }
    if let Some(n) = entry.count {
        if r.json["count"] != json!(n) {
            return Err(format!("count {} (expected {n})", r.json["count"]));
        }
    }
    Ok(())
}

#[test]
fn the_corpus_is_large_and_its_entries_are_distinct_and_complete() {
    let entries: Vec<Entry> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(Entry::parse)
        .collect();
    assert!(entries.len() >= 300, "only {} entries", entries.len());
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), entries.len(), "entry names repeat");
    assert_eq!(expand_repeats("a<<repeat:3:{]>>b"), "a{]{]{]b");
}

#[tokio::test]
async fn every_abusive_request_gets_its_documented_refusal_and_changes_nothing() {
    let seed = Seed::create().await;
    let before = seed.snapshot().await;
    let entries: Vec<Entry> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(Entry::parse)
        .collect();

    let mut failures = Vec::new();
    for entry in &entries {
        let path = seed.fill(&entry.path);
        let body = match &entry.body {
            None => Body::None,
            Some(b) => Body::Raw {
                content_type: entry.content_type.clone(),
                bytes: seed.fill(b).into_bytes(),
            },
        };
        let headers: Vec<(&str, &str)> = entry
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let response = seed.tenant.send_with(&entry.method, &path, &headers, body).await;
        if let Err(why) = verdict(entry, &response) {
            let text: String = response.text.chars().take(300).collect();
            failures.push(format!("{}: {why}\n    {} {text}", entry.name, response.status));
        }
    }

    let after = seed.snapshot().await;
    for ((path, was), (_, is)) in before.iter().zip(&after) {
        if was != is {
            failures.push(format!("GET {path} changed:\n    before {was}\n    after  {is}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures over {} corpus entries:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
