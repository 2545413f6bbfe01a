//! The candidate retrieval the store is specified to do (docs/DEDUPE.md), simulated in memory: every
//! record filed under its match keys and its identifiers; a request reads at most `KEY_CAP` records
//! per key, newest first, skips placeholder identifiers, and keeps the `MAX_CANDIDATES` sharing most
//! keys with it.

use std::collections::HashMap;

use crego_worker::domain::matching::blocking::{key_cap, match_keys, MAX_CANDIDATES};
use crego_worker::domain::matching::{Profile, TenantFrequencies};

use crate::data::Record;

pub struct Store {
    /// Key -> record indices, oldest first.
    index: HashMap<String, Vec<usize>>,
}

/// An identifier as a key of the same index (the store has them in `contact_identifiers`).
fn identifier_keys(p: &Profile, tenant: &TenantFrequencies) -> Vec<String> {
    p.ids
        .iter()
        .filter(|i| !tenant.is_placeholder(i))
        .map(|i| format!("id:{}:{}", i.kind.as_str(), i.value))
        .collect()
}

fn keys(p: &Profile, tenant: &TenantFrequencies) -> Vec<String> {
    let mut keys = match_keys(p);
    keys.extend(identifier_keys(p, tenant));
    keys.sort();
    keys.dedup();
    keys
}

impl Store {
    pub fn new(records: &[Record]) -> Store {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            // A stored placeholder is filed too: the cap, not the filing, keeps it cheap to read.
            let mut keys = match_keys(&r.profile);
            keys.extend(
                r.profile
                    .ids
                    .iter()
                    .map(|id| format!("id:{}:{}", id.kind.as_str(), id.value)),
            );
            keys.sort();
            keys.dedup();
            for k in keys {
                index.entry(k).or_default().push(i);
            }
        }
        Store { index }
    }

    /// The candidates of record `probe`, most shared keys first, then newest first.
    pub fn candidates(&self, probe: usize, profile: &Profile, tenant: &TenantFrequencies) -> Vec<usize> {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for key in keys(profile, tenant) {
            let Some(ids) = self.index.get(&key) else { continue };
            for &i in ids.iter().rev().filter(|&&i| i != probe).take(key_cap(&key)) {
                *shared.entry(i).or_default() += 1;
            }
        }
        let mut out: Vec<(usize, usize)> = shared.into_iter().collect();
        out.sort_by(|(i, a), (j, b)| b.cmp(a).then(j.cmp(i)));
        out.truncate(MAX_CANDIDATES);
        out.into_iter().map(|(i, _)| i).collect()
    }

    /// The largest number of records filed under one key, and the key.
    pub fn largest_key(&self) -> (usize, String) {
        self.index
            .iter()
            .map(|(k, v)| (v.len(), k.clone()))
            .max()
            .unwrap_or_default()
    }
}
