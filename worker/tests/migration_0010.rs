//! Migration 0010 files the contacts written before it exactly as the worker files a contact it writes:
//! the same blocking keys, name codes, name words and their counts, and identifier rows. The migration
//! spells the worker's name parsing, spelling fold, date reading and identifier rules in SQL, so this
//! test holds the two together on the benchmark's 20,000 generated contacts and on thousands of names,
//! dates and identifiers made to reach every rule (every word of the parser's lists, every shape).
//!
//! It runs the real migration files with Python's `sqlite3` (a prerequisite of `make test`): 0001-0009
//! on an empty database, the contacts inserted as the worker stored them before 0010 (rows, props,
//! addresses, and the identifier rows of the kinds indexed then), then 0010; and compares every row.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crego_validation::ContactType;
use crego_worker::domain::matching::identifiers::IdKind;
use crego_worker::domain::matching::index::Filing;
use crego_worker::domain::matching::name::{
    ABBREVIATIONS, HONORIFICS, MOHAMMED, RELATION_MARKERS, STOP_WORDS, SUFFIXES,
};
use serde_json::{json, Value};

/// Applies the migrations before 0010, inserts the contacts, applies 0010 and prints what it filed.
const RUNNER: &str = r#"
import json, sqlite3, sys
from pathlib import Path
fixture, migrations, db = json.load(open(sys.argv[1])), Path(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
# D1 refuses a LIKE or GLOB pattern over 50 bytes (SQLite allows 50,000): hold the SQL to D1's limit.
con.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50)
files = sorted(migrations.glob("*.sql"))
for f in files:
    if f.name < "0010":
        con.executescript(f.read_text())
for c in fixture:
    con.execute("INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, created_at, created_by,"
                " updated_at) VALUES (?, ?, 'ns', ?, ?, 'active', 't', 'u', 't')",
                (c["tenant"], c["id"], c["name"], c["type"]))
    for k, v in c["props"]:
        con.execute("INSERT INTO contact_props (tenant_id, contact_id, key, value, type) VALUES (?, ?, ?, ?, 'text')",
                    (c["tenant"], c["id"], k, v))
    for i, pin in enumerate(c["pincodes"]):
        con.execute("INSERT INTO addresses (tenant_id, id, contact_id, doc, created_at, created_by, updated_at)"
                    " VALUES (?, ?, ?, json(?), 't', 'u', 't')",
                    (c["tenant"], c["id"] + "-a" + str(i), c["id"], json.dumps({"pincode": pin, "city": "Pune"})))
    for kind, value, key in c["indexed"]:
        con.execute("INSERT INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key)"
                    " VALUES (?, ?, ?, ?, ?)", (c["tenant"], kind, value, c["id"], key))
con.commit()
con.executescript(next(f for f in files if f.name.startswith("0010")).read_text())
q = lambda sql: [list(r) for r in con.execute(sql)]
print(json.dumps({
    "contacts": q("SELECT id, name_words, name_codes FROM contacts"),
    "keys": q("SELECT tenant_id, key, contact_id FROM contact_match_keys"),
    "words": q("SELECT tenant_id, word, contacts FROM contact_name_words"),
    "identifiers": q("SELECT tenant_id, kind, value, contact_id, prop_key FROM contact_identifiers"),
}))
"#;

struct Contact {
    tenant: String,
    id: String,
    name: String,
    kind: ContactType,
    props: Vec<(String, String)>,
    pincodes: Vec<String>,
}

/// A small deterministic generator (xorshift64*), so a failure names contacts that come back.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The benchmark's generated contacts (bench/dedupe/generate.mjs, both splits).
fn generated(out: &Path) -> Vec<Contact> {
    let status = Command::new("node")
        .arg(root().join("bench/dedupe/generate.mjs"))
        .args(["--seed", "17", "--records", "10000", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("node: {e}"));
    assert!(status.success(), "bench/dedupe/generate.mjs failed");
    let mut contacts = Vec::new();
    for split in ["fit", "held_out"] {
        let text = std::fs::read_to_string(out.join(format!("{split}.jsonl"))).unwrap_or_default();
        for line in text.lines() {
            let row: Value = serde_json::from_str(line).unwrap_or_default();
            let c = &row["contact"];
            let props = c["props"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| (str_of(&p["key"]), str_of(&p["value"])))
                .collect();
            contacts.push(Contact {
                tenant: format!("bench-{split}"),
                id: str_of(&row["id"]),
                name: str_of(&c["name"]),
                kind: kind_of(c["type"] == "corporate"),
                props,
                pincodes: row["address"]["pincode"]
                    .as_str()
                    .map(String::from)
                    .into_iter()
                    .collect(),
            });
        }
    }
    contacts
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn kind_of(corporate: bool) -> ContactType {
    if corporate {
        ContactType::Corporate
    } else {
        ContactType::Individual
    }
}

/// Names, dates and identifiers made to reach every rule of the parser, the fold, the date reader and
/// the identifier shapes, in both contact types, mixed at random with every list word.
fn made(rng: &mut Rng) -> Vec<Contact> {
    let mut words: Vec<String> = [
        "Rajesh",
        "Kumar",
        "Lakshmi",
        "Laxmi",
        "Srinivasa",
        "Shreenivas",
        "Chowdhury",
        "Choudhary",
        "Qureshi",
        "Zaveri",
        "Yadav",
        "Shah",
        "Allah",
        "Vishwanath",
        "Rawat",
        "Dewan",
        "Tiwari",
        "Pooja",
        "Geeta",
        "Akshay",
        "Khushboo",
        "Bhaskar",
        "Dhoni",
        "Phadke",
        "Thakur",
        "Ghosh",
        "Jhaveri",
        "Chakraborty",
        "Mukherjee",
        "Aarav",
        "Saurabh",
        "Gouri",
        "Kaur",
        "Xavier",
        "Mackenzie",
        "Reddy",
        "Sanjay",
        "Manjunatha",
        "Iyer",
        "Nair",
        "Nayar",
        "Agarwal",
        "Agrawal",
        "Rameshbhai",
        "Hetalben",
        "Bhai",
        "Ben",
        "Industries",
        "Pies",
        "Glass",
        "Steels",
        "Traders",
        "Sons",
        "Bros",
        "Pharma",
        "Aww",
        "Ee",
        "Y",
        "R",
        "K",
        "S",
        "Rk",
        "Vks",
        "Bb",
        "Xyz",
        "3M",
        "24",
        "Seven",
        "O'Brien",
        "D'Souza",
        "Kh",
        "Ksh",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    words.extend(HONORIFICS.iter().map(|w| w.to_string()));
    words.extend(SUFFIXES.iter().map(|w| w.to_string()));
    words.extend(STOP_WORDS.iter().map(|w| w.to_string()));
    words.extend(ABBREVIATIONS.iter().map(|(w, _)| w.to_string()));
    words.extend(MOHAMMED.iter().map(|w| w.to_string()));
    words.extend(
        RELATION_MARKERS
            .iter()
            .flat_map(|[a, b]| [a.to_string(), b.to_string()]),
    );
    let joins = [
        " ", "  ", ". ", ", ", "-", " & ", "\u{a0}", "\u{3000}", "\u{2009}", "\t", " (", ") ",
    ];
    let mut names: Vec<String> = Vec::new();
    for h in HONORIFICS {
        names.push(format!("{h} Rajesh Kumar"));
        names.push(format!("{}. Anita Devi", h.to_uppercase()));
    }
    for s in SUFFIXES {
        names.push(format!("Balaji Steels {s}"));
        names.push(format!("{s} {s}"));
    }
    for (a, _) in ABBREVIATIONS {
        names.push(format!("{a} Imran Khan"));
        names.push(format!("Sharma {a}."));
    }
    for [a, b] in RELATION_MARKERS {
        names.push(format!("Rahul Kumar {a}.{b}. Ramesh Kumar"));
        names.push(format!("Rahul {a} {b} Ramesh"));
        names.push(format!("{a} {b} Ramesh Kumar"));
        names.push(format!("Rahul Kumar {a} {b}"));
    }
    names.extend(
        [
            "R K Sharma",
            "RK Sharma",
            "R.K.Sharma",
            "VKS Rao",
            "Rk",
            "BRT",
            "S K S Traders",
            "A and B Traders",
            "M R F",
            "X Y Z Ltd",
            "D'Souza & Sons",
            "Sharma & Co.",
            "Balaji Industries (P) Ltd.",
            "3M India Pvt Ltd",
            "Rajesh\u{3000}Kumar",
            "\u{a0}Asha\u{2009}Rao\u{85}",
            "The Ltd",
            "Mr.",
            "Co Co",
            "...",
        ]
        .map(String::from),
    );
    for _ in 0..4000 {
        let n = 1 + rng.below(6);
        let mut name = String::new();
        for i in 0..n {
            if i > 0 {
                name.push_str(joins[rng.below(joins.len())]);
            }
            let w = rng.pick(&words).clone();
            name.push_str(&match rng.below(3) {
                0 => w.to_uppercase(),
                1 => w.to_lowercase(),
                _ => w,
            });
        }
        names.push(name);
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Contact {
            tenant: format!("made-{}", i % 3),
            id: format!("M{i:06}"),
            kind: kind_of(rng.chance(40)),
            props: made_props(rng),
            pincodes: (0..rng.below(3))
                .map(|_| format!("{}", 110_000 + rng.below(800_000)))
                .collect(),
            name,
        })
        .collect()
}

/// Dates of birth and identifiers, valid and not, under keys in any case and padding.
fn made_props(rng: &mut Rng) -> Vec<(String, String)> {
    const DATES: &[&str] = &[
        "1985-03-12",
        "12/03/1985",
        "12-3-1985",
        " 12.03.1985\u{3000}",
        "+12/+03/1985",
        "1985-13-01",
        "32/01/1985",
        "12/03/85",
        "1985",
        "",
        "01/01/1850",
        "aa-bb-cccc",
        "1985--12",
        "0012/03/1985",
        "12/03/01985",
        "1985-02-31",
        "1985/03/12/1",
        "+1985-03-12",
        "१२/०३/१९८५",
        "2100-12-31",
        "1900-01-01",
        "300/03/1985",
    ];
    const IDS: &[(&str, &[&str])] = &[
        (
            "ckyc",
            &[
                "30012345678901",
                "3001 2345 6789 01",
                "3001234567890",
                "3001234567890A",
            ],
        ),
        (
            "cin",
            &[
                "L17110MH1973PLC019786",
                "l17110mh1973plc019786",
                "X17110MH1973PLC019786",
                "L17110MH1973XYZ019786",
            ],
        ),
        (
            "llpin",
            &["AAB-1234", "aab1234", "AAB - 1234", "AA1-1234", "AAB-12345"],
        ),
        (
            "udyam",
            &[
                "UDYAM-MH-26-0012345",
                "udyam mh 26 0012345",
                "UDYOG-MH-26-0012345",
                "UDYAM-M1-26-0012345",
            ],
        ),
        (
            "lei",
            &[
                "5493001KJTIIGC8Y1R12",
                "5493 001K JTII GC8Y 1R12",
                "5493001KJTIIGC8Y1R13",
                "5493001KJTIIGC8Y1RA2",
            ],
        ),
        ("epic", &["WKH1186253", "wkh-1186253", "WKH1186254", "WK11186253"]),
        ("passport", &["J8369854", "j 8369854", "J836985", "18369854"]),
        (
            "vid",
            &[
                "2341234123412341",
                "2341 2341 2341 2341",
                "2341234123412342",
                "1341234123412341",
                "2222222222222222",
            ],
        ),
        (
            "gstin",
            &[
                "27AAPFU0939F1ZV",
                "27ABCPK1234L1ZS",
                "07DELA12345B1D",
                "9917SGP29001OST",
                "27AAPFU0939F1ZW",
            ],
        ),
        ("pan", &["ABCPK1234L", "abcpk 1234 l", "ABCXK1234L"]),
        ("mobile", &["+91 98765 43210", "12345"]),
        ("email", &["Asha@Example.com", "asha"]),
    ];
    let mut props: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..rng.below(4) {
        let key = rng
            .pick(
                &[
                    "dob",
                    "DOB",
                    "date_of_birth",
                    " Dob\u{a0}",
                    "Date_Of_Birth",
                    "dob2",
                ][..],
            )
            .to_string();
        props.insert(key, rng.pick(DATES).to_string());
    }
    for _ in 0..rng.below(4) {
        let (kind, values) = rng.pick(IDS);
        let aliases = crego_validation::IdentifierKind::from_name(kind)
            .map(|k| k.info().aliases)
            .unwrap_or_default();
        let alias = rng.pick(aliases);
        let key = match rng.below(3) {
            0 => alias.to_uppercase(),
            1 => format!(" {alias}\u{3000}"),
            _ => alias.to_string(),
        };
        let mut value = rng.pick(values).to_string();
        if kind == &"vid" && rng.chance(30) {
            value = value.replace(' ', "\u{2013}");
        }
        props.insert(key, value);
    }
    props.into_iter().collect()
}

type Rows = BTreeSet<Vec<String>>;

struct Expected {
    contacts: Rows,
    keys: Rows,
    words: Rows,
    identifiers: Rows,
    /// Identifier rows indexed before 0010: PAN (typed as a PAN), GSTIN, Aadhaar, mobile, e-mail.
    indexed: BTreeMap<String, Vec<[String; 3]>>,
}

/// What the worker files for each contact, as its writes do.
fn expected(contacts: &[Contact]) -> Expected {
    let mut out = Expected {
        contacts: Rows::new(),
        keys: Rows::new(),
        words: Rows::new(),
        identifiers: Rows::new(),
        indexed: BTreeMap::new(),
    };
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for c in contacts {
        let props: Vec<(&str, &str)> = c.props.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let f = Filing::of(&c.name, c.kind, &props);
        let json = |v: &[String]| serde_json::to_string(v).unwrap_or_default();
        out.contacts
            .insert(vec![c.id.clone(), json(&f.words), json(&f.codes)]);
        let pincode_keys = f
            .codes
            .iter()
            .flat_map(|code| c.pincodes.iter().map(move |p| format!("p:{code}|{p}")));
        for key in f.keys.iter().cloned().chain(pincode_keys) {
            out.keys.insert(vec![c.tenant.clone(), key, c.id.clone()]);
        }
        for word in f.words.iter().chain([&String::new()]) {
            *counts.entry((c.tenant.clone(), word.clone())).or_default() += 1;
        }
        let before = [
            IdKind::Pan,
            IdKind::Gstin,
            IdKind::Aadhaar,
            IdKind::Mobile,
            IdKind::Email,
        ];
        for id in &f.identifiers {
            let row = [
                id.kind.as_str().to_string(),
                id.value.clone(),
                id.prop_key.clone(),
            ];
            out.identifiers.insert(vec![
                c.tenant.clone(),
                row[0].clone(),
                row[1].clone(),
                c.id.clone(),
                row[2].clone(),
            ]);
            if before.contains(&id.kind) && !id.from_gstin {
                out.indexed.entry(c.id.clone()).or_default().push(row);
            }
        }
    }
    out.words = counts
        .into_iter()
        .map(|((t, w), n)| vec![t, w, n.to_string()])
        .collect();
    out
}

fn rows(v: &Value) -> Rows {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            row.as_array()
                .into_iter()
                .flatten()
                .map(|cell| cell.as_str().map_or_else(|| cell.to_string(), String::from))
                .collect()
        })
        .collect()
}

fn assert_same(what: &str, got: &Rows, want: &Rows, names: &BTreeMap<String, String>) {
    let name_of = |row: &Vec<String>| {
        row.iter()
            .find_map(|cell| names.get(cell))
            .map_or(String::new(), |n| format!(" ({n:?})"))
    };
    let missing: Vec<String> = want
        .difference(got)
        .take(15)
        .map(|r| format!("{r:?}{}", name_of(r)))
        .collect();
    let extra: Vec<String> = got
        .difference(want)
        .take(15)
        .map(|r| format!("{r:?}{}", name_of(r)))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: the migration differs from the worker\n  not filed by the migration:\n    {}\n  filed by the migration only:\n    {}",
        missing.join("\n    "),
        extra.join("\n    ")
    );
}

#[test]
fn migration_0010_files_every_earlier_contact_as_the_worker_files_a_new_one() {
    let dir = std::env::temp_dir().join(format!("crego-m0010-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut contacts = generated(&dir.join("dedupe"));
    contacts.extend(made(&mut Rng(0x0010_5eed)));
    let want = expected(&contacts);
    let fixture: Vec<Value> = contacts
        .iter()
        .map(|c| {
            json!({"tenant": c.tenant, "id": c.id, "name": c.name, "type": c.kind.as_str(), "props": c.props,
                   "pincodes": c.pincodes, "indexed": want.indexed.get(&c.id).cloned().unwrap_or_default()})
        })
        .collect();
    let fixture_path = dir.join("fixture.json");
    std::fs::write(&fixture_path, serde_json::to_vec(&fixture).unwrap_or_default()).unwrap_or_default();
    let output = Command::new("python3")
        .arg("-c")
        .arg(RUNNER)
        .arg(&fixture_path)
        .arg(root().join("migrations"))
        .arg(dir.join("d1.sqlite"))
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    std::fs::remove_dir_all(&dir).unwrap_or_default();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let names: BTreeMap<String, String> = contacts.iter().map(|c| (c.id.clone(), c.name.clone())).collect();

    assert_same(
        "contacts.name_words, name_codes",
        &rows(&got["contacts"]),
        &want.contacts,
        &names,
    );
    assert_same("contact_match_keys", &rows(&got["keys"]), &want.keys, &names);
    assert_same("contact_name_words", &rows(&got["words"]), &want.words, &names);
    assert_same(
        "contact_identifiers",
        &rows(&got["identifiers"]),
        &want.identifiers,
        &names,
    );
    assert!(
        want.keys.len() > 50_000,
        "{} keys: the corpus reaches every kind of key",
        want.keys.len()
    );
    for kind in ["vid", "epic", "ckyc", "cin", "llpin", "udyam", "lei", "passport"] {
        assert!(
            want.identifiers.iter().any(|r| r[1] == kind),
            "no {kind} in the corpus"
        );
    }
    assert!(
        want.identifiers
            .iter()
            .any(|r| r[1] == "pan" && r[4].contains("gst")),
        "no PAN inside a GSTIN"
    );
}
