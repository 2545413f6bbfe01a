//! Reads one split of the generated dedupe data (bench/dedupe/generate.mjs): each record as the API
//! would store it, turned into a matching profile, with its truth; and the tenant's frequencies as the
//! store would count them over the split.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use crego_validation::ContactType;
use crego_worker::domain::matching::identifiers::IdKind;
use crego_worker::domain::matching::{AddressFields, ContactFields, Profile, TenantFrequencies};
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    id: String,
    contact: Contact,
    address: Option<Address>,
}

#[derive(Deserialize)]
struct Contact {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    props: Vec<Prop>,
}

#[derive(Deserialize)]
struct Prop {
    key: String,
    value: String,
}

#[derive(Deserialize)]
struct Address {
    address_line: Option<String>,
    city: Option<String>,
    pincode: Option<String>,
}

#[derive(Deserialize)]
struct Truth {
    id: String,
    entity: String,
    edits: Vec<String>,
    related_entity: Option<String>,
    relation: Option<String>,
}

/// One stored record: its profile and what the generator says it is.
pub struct Record {
    pub id: String,
    /// The name and props as stored, for scoring them as the route does today.
    pub name: String,
    pub props: Vec<(String, String)>,
    pub entity: String,
    pub edits: Vec<String>,
    /// `(entity, relation)` when the record is a deliberate look-alike of another entity.
    pub related: Option<(String, String)>,
    pub corporate: bool,
    pub profile: Profile,
}

pub struct Split {
    /// In the order they were stored (oldest first).
    pub records: Vec<Record>,
    pub tenant: TenantFrequencies,
    /// How many stored identifiers the validation crate refused (kind -> (refused, offered)).
    pub identifier_checks: HashMap<&'static str, (usize, usize)>,
}

impl Split {
    pub fn load(dir: &Path, name: &str) -> Result<Split, String> {
        let read = |file: String| fs::read_to_string(dir.join(&file)).map_err(|e| format!("{file}: {e}"));
        let rows = read(format!("{name}.jsonl"))?;
        let truths = read(format!("{name}.truth.jsonl"))?;
        let mut truth: HashMap<String, Truth> = HashMap::new();
        for line in truths.lines().filter(|l| !l.is_empty()) {
            let t: Truth = serde_json::from_str(line).map_err(|e| format!("{name} truth: {e}"))?;
            truth.insert(t.id.clone(), t);
        }
        let mut records = Vec::new();
        let mut identifier_checks = HashMap::new();
        for line in rows.lines().filter(|l| !l.is_empty()) {
            let row: Row = serde_json::from_str(line).map_err(|e| format!("{name}: {e}"))?;
            let t = truth
                .remove(&row.id)
                .ok_or_else(|| format!("{}: no truth", row.id))?;
            let profile = profile(&row);
            count_identifier_checks(&row, &profile, &mut identifier_checks);
            records.push(Record {
                props: row
                    .contact
                    .props
                    .iter()
                    .map(|p| (p.key.clone(), p.value.clone()))
                    .collect(),
                name: row.contact.name.clone(),
                id: row.id,
                entity: t.entity,
                edits: t.edits,
                related: t.related_entity.zip(t.relation),
                corporate: row.contact.kind == "corporate",
                profile,
            });
        }
        let tenant = frequencies(&records);
        Ok(Split {
            records,
            tenant,
            identifier_checks,
        })
    }
}

impl Split {
    /// Records stored with each entity.
    pub fn entity_sizes(&self) -> HashMap<&str, usize> {
        let mut sizes = HashMap::new();
        for r in &self.records {
            *sizes.entry(r.entity.as_str()).or_default() += 1;
        }
        sizes
    }

    /// (probe, duplicate) pairs, both ways: what a perfect dedupe returns over all probes.
    pub fn duplicate_pairs(&self) -> usize {
        self.entity_sizes().values().map(|n| n * (n - 1)).sum()
    }
}

fn profile(row: &Row) -> Profile {
    let props: Vec<(&str, &str)> = row
        .contact
        .props
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_str()))
        .collect();
    let addresses: Vec<AddressFields> = row
        .address
        .iter()
        .map(|a| AddressFields {
            pincode: a.pincode.as_deref(),
            city: a.city.as_deref(),
            address_line: a.address_line.as_deref(),
        })
        .collect();
    Profile::new(&ContactFields {
        name: Some(&row.contact.name),
        kind: Some(if row.contact.kind == "corporate" {
            ContactType::Corporate
        } else {
            ContactType::Individual
        }),
        props: &props,
        addresses: &addresses,
    })
}

/// Identifier props offered and how many of them the model (through the validation crate) accepted:
/// an independent check of the generator's identifiers against the crate's rules.
fn count_identifier_checks(row: &Row, profile: &Profile, checks: &mut HashMap<&'static str, (usize, usize)>) {
    const KEYS: &[(&str, &str)] = &[
        ("pan", "pan"),
        ("pan_no", "pan"),
        ("gstin", "gstin"),
        ("gst_no", "gstin"),
        ("aadhaar", "aadhaar"),
        ("aadhaar_no", "aadhaar"),
        ("cin", "cin"),
    ];
    for prop in &row.contact.props {
        let Some((_, kind)) = KEYS.iter().find(|(k, _)| *k == prop.key) else {
            continue;
        };
        let accepted = profile
            .ids
            .iter()
            .any(|i| i.prop_key == prop.key && i.kind.as_str() == *kind);
        let entry = checks.entry(kind).or_insert((0, 0));
        entry.0 += usize::from(!accepted);
        entry.1 += 1;
    }
}

/// The counts the store keeps: contacts per name word (each contact once per word) and per identifier.
fn frequencies(records: &[Record]) -> TenantFrequencies {
    let mut tenant = TenantFrequencies {
        contacts: records.len() as u64,
        ..TenantFrequencies::default()
    };
    for r in records {
        let words: HashSet<&str> = r
            .profile
            .name
            .iter()
            .flat_map(|n| n.tokens.iter())
            .map(|t| t.fold.as_str())
            .collect();
        for w in words {
            *tenant.words.entry(w.to_string()).or_default() += 1;
        }
        let ids: HashSet<(IdKind, &str)> = r.profile.ids.iter().map(|i| (i.kind, i.value.as_str())).collect();
        for (kind, value) in ids {
            *tenant.holders.entry((kind, value.to_string())).or_default() += 1;
        }
    }
    tenant
}
