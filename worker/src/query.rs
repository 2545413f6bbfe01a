//! Query parameters (CONTRACT §1, §9): parsed against the names an endpoint takes (its row in
//! `routes::endpoints`), every bad one reported at once in one `400 invalid_query`.

use crego_validation::common::Choice;
use crego_validation::{code, Report};

use crate::domain::ids::is_valid_id;
use crate::domain::list::{Paging, MAX_PAGE, MAX_PAGE_SIZE};
use crate::domain::time::{parse_bound, Bound, CreatedRange};
use crate::error::ApiError;
use crego_validation::limits::{QUERY_PARAMS, SEARCH_CHARS};

/// The path and the query of a request's URL (`https://host/contacts/?a=1` gives `/contacts/` and
/// `a=1`). The runtime hands the URL over already parsed and serialised by the WHATWG rules (as
/// `new URL()` does), so splitting it is all that is left; a URL parser would add its tables to the
/// `.wasm` for nothing.
pub fn path_and_query(url: &str) -> (&str, Option<&str>) {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (path, query) = match after_scheme.find('/') {
        Some(at) => match after_scheme[at..].split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (&after_scheme[at..], None),
        },
        None => ("/", after_scheme.split_once('?').map(|(_, query)| query)),
    };
    (path, query)
}

/// `application/x-www-form-urlencoded` pairs, as a browser's `URLSearchParams` reads them: `&`
/// separates, the first `=` splits, `+` is a space, `%XX` a byte, and bytes that are not UTF-8 become
/// U+FFFD.
fn form_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key), form_decode(value))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters of one request, and what is wrong with them so far.
pub struct Query {
    allowed: &'static [&'static str],
    pairs: Vec<(String, String)>,
    report: Report,
}

impl Query {
    /// Parses a raw query string; unknown and repeated parameters are reported by name, and the handler
    /// goes on reporting bad values, so one 400 names every bad parameter.
    pub fn parse(raw: Option<&str>, allowed: &'static [&'static str]) -> Query {
        let mut report = Report::new();
        let mut pairs: Vec<(String, String)> = Vec::new();
        let raw = raw.unwrap_or("");
        let all = form_pairs(raw);
        if all.len() > QUERY_PARAMS {
            // No route takes half as many: refuse the query whole rather than name each one.
            let message = format!("at most {QUERY_PARAMS} query parameters (this has {})", all.len());
            report.add("query", code::LENGTH, message);
            return Query {
                allowed,
                pairs,
                report,
            };
        }
        for (k, v) in all {
            if !allowed.contains(&k.as_str()) {
                report.add(
                    k.clone(),
                    code::UNKNOWN_FIELD,
                    "is not a query parameter of this route",
                );
            } else if pairs.iter().any(|(seen, _)| *seen == k) {
                report.add(k.clone(), code::DUPLICATE, "may be given only once");
            }
            pairs.push((k, v));
        }
        Query {
            allowed,
            pairs,
            report,
        }
    }

    /// `Ok` unless a parameter was reported: then the 400 naming every one.
    pub fn check(&mut self) -> Result<(), ApiError> {
        match self.report.is_empty() {
            true => Ok(()),
            false => Err(ApiError::InvalidQuery(std::mem::take(&mut self.report))),
        }
    }

    /// Whether the route takes no parameter at all (then it refuses any before reading its body).
    pub fn takes_none(&self) -> bool {
        self.allowed.is_empty()
    }

    /// Reports a bad parameter (for the rules only one route has).
    pub fn refuse(&mut self, key: &str, code: &'static str, message: &str) {
        self.report.add(key, code, message);
    }

    pub fn is_clean(&self) -> bool {
        self.report.is_empty()
    }

    /// The value of a parameter the route takes (one it does not take is reported already, never read).
    pub fn get(&self, key: &str) -> Option<&str> {
        if !self.allowed.contains(&key) {
            return None;
        }
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `page` and `page_size`.
    pub fn paging(&mut self) -> Paging {
        let mut paging = Paging::default();
        if let Some(n) = self.integer("page", 1, MAX_PAGE) {
            paging.page = n;
        }
        if let Some(n) = self.integer("page_size", 1, MAX_PAGE_SIZE) {
            paging.page_size = n;
        }
        paging
    }

    fn integer(&mut self, key: &str, min: u64, max: u64) -> Option<u64> {
        let v = self.get(key)?;
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            self.report.add(key, code::TYPE, "must be a whole number");
            return None;
        }
        match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.report
                    .add(key, code::RANGE, format!("must be from {min} to {max}"));
                None
            }
        }
    }

    /// `created_at_after` / `created_at_before` as inclusive bounds in the stored timestamp form.
    pub fn created_range(&mut self) -> CreatedRange {
        CreatedRange {
            after: self.bound("created_at_after", Bound::Lower),
            before: self.bound("created_at_before", Bound::Upper),
        }
    }

    fn bound(&mut self, key: &str, which: Bound) -> Option<String> {
        let parsed = parse_bound(self.get(key)?, which);
        if parsed.is_none() {
            self.report.add(
                key,
                code::PATTERN,
                "must be a date YYYY-MM-DD or an RFC 3339 instant",
            );
        }
        parsed
    }

    /// A free text parameter of 1..=`max` printable characters.
    pub fn text(&mut self, key: &str, max: usize) -> Option<String> {
        let v = self.get(key)?.to_string();
        let n = v.chars().count();
        if n == 0 || n > max || v.chars().any(char::is_control) {
            self.report.add(
                key,
                code::LENGTH,
                format!("must be 1 to {max} printable characters"),
            );
            return None;
        }
        Some(v)
    }

    /// `search` as sent, checked (1..=100 printable characters; `%` and `_` are literal).
    pub fn search(&mut self) -> Option<String> {
        self.text("search", SEARCH_CHARS)
    }

    /// A record id (a filter such as `contact`).
    pub fn id(&mut self, key: &str) -> Option<String> {
        let v = self.get(key)?.to_string();
        if !is_valid_id(&v) {
            self.report.add(key, code::PATTERN, "must be an id");
        }
        Some(v)
    }

    /// One of the values of an enumerated type.
    pub fn choice<T: Choice>(&mut self, key: &str) -> Option<T> {
        let v = self.get(key)?;
        let found = T::parse(v);
        if found.is_none() {
            let values: Vec<&str> = T::ALL.iter().map(|c| c.as_str()).collect();
            self.report
                .add(key, code::ENUM, format!("must be one of {}", values.join(", ")));
        }
        found
    }

    /// A comma-separated list of at most `max_items` non-empty printable items of at most `max_chars`
    /// characters each.
    pub fn list(&mut self, key: &str, max_items: usize, max_chars: usize) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<String> = v.split(',').map(str::to_string).collect();
        let bad =
            |i: &String| i.is_empty() || i.chars().count() > max_chars || i.chars().any(char::is_control);
        if items.len() > max_items {
            let message = format!("may list at most {max_items} items (this lists {})", items.len());
            self.report.add(key, code::LENGTH, message);
            return Vec::new();
        }
        if items.iter().any(bad) {
            self.report.add(
                key,
                code::PATTERN,
                format!("must be a comma-separated list of items of 1 to {max_chars} characters"),
            );
            return Vec::new();
        }
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crego_validation::ContactStatus;

    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    /// URLs as the runtime serialises them, split as the `url` crate (which we did not write) splits them.
    #[test]
    fn urls_split_into_path_and_query_as_the_url_crate_splits_them() {
        for raw in [
            "http://127.0.0.1:8787/contacts/?page_size=20&status=active",
            "https://api.example.com/contacts/01J0000000000000000000000/props/",
            "https://api.example.com/",
            "https://api.example.com/?",
            "https://api.example.com/health?db=1#top",
            "https://h/a%20b/?q=%E0%A4%85&x=a+b?c",
            "https://h/openapi.json?a=1&a=2&&b",
        ] {
            let oracle = url::Url::parse(raw).unwrap();
            assert_eq!(
                path_and_query(oracle.as_str()),
                (oracle.path(), oracle.query()),
                "{raw}"
            );
        }
    }

    /// Queries of every byte a serialised URL may hold, decoded as the `url` crate's
    /// `application/x-www-form-urlencoded` parser decodes them (broken escapes, bad UTF-8, `+`).
    #[test]
    fn queries_are_decoded_as_the_url_crate_decodes_them() {
        let alphabet: Vec<char> = "ab=&+%25%C3%A9%ff%zz%e0%a4%85 ~!$'()*,;:@/?".chars().collect();
        let mut state = 5;
        for _ in 0..20_000 {
            let len = lcg(&mut state) % 24;
            let raw: String = (0..len)
                .map(|_| alphabet[lcg(&mut state) as usize % alphabet.len()])
                .collect();
            let oracle: Vec<(String, String)> =
                url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
            assert_eq!(form_pairs(&raw), oracle, "{raw:?}");
        }
    }

    fn report(mut q: Query) -> Report {
        match q.check() {
            Err(ApiError::InvalidQuery(r)) => r,
            _ => Report::new(),
        }
    }

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let r = report(Query::parse(Some("page=1&colour=red&page=2"), &["page"]));
        assert_eq!(r.codes_for("colour"), ["unknown_field"]);
        assert_eq!(r.codes_for("page"), ["duplicate"]);
        assert!(Query::parse(Some(""), &[]).check().is_ok());
        assert!(Query::parse(None, &[]).check().is_ok());
        let mut two = Query::parse(Some("colour=red&a=1"), &[]);
        assert!(two.takes_none());
        let Err(ApiError::InvalidQuery(r)) = two.check() else {
            panic!("a query was accepted by a route that takes none");
        };
        assert_eq!(r.codes_for("a"), ["unknown_field"]);
    }

    #[test]
    fn paging_defaults_and_bounds() {
        let mut q = Query::parse(Some(""), &["page", "page_size"]);
        assert_eq!(
            q.paging(),
            Paging {
                page: 1,
                page_size: 20
            }
        );
        let mut q = Query::parse(Some("page=0&page_size=101"), &["page", "page_size"]);
        q.paging();
        let r = report(q);
        assert_eq!(r.codes_for("page"), ["range"]);
        assert_eq!(r.codes_for("page_size"), ["range"]);
        let mut q = Query::parse(Some("page=abc&page_size=-1"), &["page", "page_size"]);
        q.paging();
        let r = report(q);
        assert_eq!(r.codes_for("page"), ["type"]);
        assert_eq!(r.codes_for("page_size"), ["type"]);
    }

    #[test]
    fn search_wildcards_are_literal_and_percent_encoding_is_decoded() {
        let mut q = Query::parse(Some("search=50%25_off%5C"), &["search"]);
        assert_eq!(q.search().as_deref(), Some("50%_off\\"));
        let long = format!("search={}", "x".repeat(101));
        let mut q = Query::parse(Some(&long), &["search"]);
        assert_eq!(q.search(), None);
        assert_eq!(report(q).codes_for("search"), ["length"]);
    }

    #[test]
    fn a_list_over_its_item_limit_and_a_query_of_too_many_parameters_are_refused_whole() {
        let tags = vec!["t"; 51].join(",");
        let mut q = Query::parse(Some(&format!("tags={tags}")), &["tags"]);
        assert!(q.list("tags", 50, 50).is_empty());
        assert_eq!(report(q).codes_for("tags"), ["length"]);
        let mut q = Query::parse(Some(&format!("tags={}", vec!["t"; 50].join(","))), &["tags"]);
        assert_eq!(q.list("tags", 50, 50).len(), 50);
        let many: Vec<String> = (0..=QUERY_PARAMS).map(|i| format!("p{i}=1")).collect();
        let r = report(Query::parse(Some(&many.join("&")), &["page"]));
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.codes_for("query"), ["length"]);
    }

    #[test]
    fn an_enumerated_filter_takes_only_its_values() {
        let mut q = Query::parse(Some("status=inactive"), &["status"]);
        assert_eq!(q.choice::<ContactStatus>("status"), Some(ContactStatus::Inactive));
        let mut q = Query::parse(Some("status=Active"), &["status"]);
        assert_eq!(q.choice::<ContactStatus>("status"), None);
        assert_eq!(report(q).codes_for("status"), ["enum"]);
    }
}
