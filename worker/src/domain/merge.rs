//! What a merge does (CONTRACT §9, "Merge"), decided from the records as read: the survivor's fields,
//! props, tags and refs after it, the limits it must keep, and the fate of each address, bank account
//! and relation of the merged contacts. The store writes the plan in one batch; unmerge recomputes the
//! survivor from the same rules.

use std::collections::{BTreeMap, BTreeSet};

use crego_validation::limits::{PROPS, PROPS_BYTES, REFS_BYTES, REFS_KEYS, TAGS};
use serde_json::{Map, Value};

use crate::store::contacts::{Contact, ContactChange, PropRow};
use crate::store::sub_resources::DocRow;

/// The survivor's own values win; its empty `rm_id` and `branch_id` are filled from the others in the
/// order given; props are united by key and refs by key (the survivor's value, then the first other's,
/// wins); tags are united in order. Name, type, status and ref id are never empty and stay the survivor's
/// (a merged contact keeps its ref id).
pub fn survive(survivor: &Contact, others: &[&Contact]) -> ContactChange {
    let mut tags = survivor.tags.clone();
    let mut refs = survivor.refs.clone();
    let mut props: BTreeMap<String, PropRow> = survivor
        .props
        .iter()
        .map(|p| (p.key.clone(), p.clone()))
        .collect();
    let (mut rm_id, mut branch_id) = (survivor.rm_id.clone(), survivor.branch_id.clone());
    for other in others {
        for tag in &other.tags {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        for (key, value) in &other.refs {
            refs.entry(key.clone()).or_insert_with(|| value.clone());
        }
        for p in &other.props {
            props.entry(p.key.clone()).or_insert_with(|| p.clone());
        }
        rm_id = rm_id.or_else(|| other.rm_id.clone());
        branch_id = branch_id.or_else(|| other.branch_id.clone());
    }
    ContactChange {
        tags: Some(tags),
        refs: Some(refs),
        props: Some(props.into_values().collect()),
        rm_id: Some(rm_id),
        branch_id: Some(branch_id),
        ..ContactChange::default()
    }
    .without_restated(survivor)
}

/// The first of the survivor's limits the merged values would pass: `(field, message)`.
pub fn over_limit(change: &ContactChange) -> Option<(&'static str, String)> {
    let tags = change.tags.as_ref().map_or(0, Vec::len);
    let props = change.props.as_deref().unwrap_or_default();
    let refs = change.refs.as_ref();
    if tags > TAGS {
        return Some((
            "tags",
            format!("the merged contact would have {tags} tags; at most {TAGS}"),
        ));
    }
    if props.len() > PROPS || json_bytes(&props) > PROPS_BYTES {
        let n = props.len();
        return Some((
            "props",
            format!("the merged contact would have {n} props; at most {PROPS} (and {PROPS_BYTES} bytes)"),
        ));
    }
    if let Some(refs) = refs.filter(|r| r.len() > REFS_KEYS || json_bytes(r) > REFS_BYTES) {
        let n = refs.len();
        return Some((
            "refs",
            format!("the merged contact would have {n} refs; at most {REFS_KEYS} (and {REFS_BYTES} bytes)"),
        ));
    }
    None
}

/// A size as the validation crate measures it: serialized JSON.
fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    serde_json::to_vec(value).map_or(usize::MAX, |v| v.len())
}

/// What the merge does to one row of a merged contact (or to a relation pointing at one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Moved to the survivor.
    Moved,
    /// Moved, no longer the primary account (the survivor keeps one).
    Demoted,
    /// A duplicate by its table's unique rule of a row the survivor keeps: deleted.
    Dropped,
    /// A relation between two of the merged contacts: deleted.
    Removed,
    /// A relation of another contact that pointed at a merged one: points at the survivor.
    Repointed,
}

impl Fate {
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Moved => "moved",
            Fate::Demoted => "demoted",
            Fate::Dropped => "dropped",
            Fate::Removed => "removed",
            Fate::Repointed => "repointed",
        }
    }
}

/// One row's fate, recorded under the merged contact it is restored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFate {
    pub table: &'static str,
    pub id: String,
    pub merged_id: String,
    pub fate: Fate,
}

fn doc(row: &DocRow) -> Map<String, Value> {
    serde_json::from_str(&row.doc).unwrap_or_default()
}

fn text_of(doc: &Map<String, Value>, field: &str) -> String {
    doc.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The rows read for a merge: each table's rows owned by the survivor or a merged contact, and the
/// relations of other contacts pointing at any of them.
pub struct Rows<'a> {
    pub addresses: &'a [DocRow],
    pub banks: &'a [DocRow],
    pub relations: &'a [DocRow],
    pub incoming: &'a [DocRow],
}

/// The fate of every row a merge touches, and how many of each table the survivor would own.
pub fn plan_rows(survivor: &str, merged: &[String], rows: &Rows<'_>) -> (Vec<RowFate>, [usize; 3]) {
    let is_merged = |id: &str| merged.iter().any(|m| m == id);
    let mut out = Vec::new();
    let fate = |table, row: &DocRow, merged_id: &str, fate| RowFate {
        table,
        id: row.id.clone(),
        merged_id: merged_id.to_string(),
        fate,
    };
    // Addresses have no unique rule: every one moves.
    let addresses = rows.addresses.len();
    for a in rows.addresses.iter().filter(|a| is_merged(&a.contact_id)) {
        out.push(fate("addresses", a, &a.contact_id, Fate::Moved));
    }
    // Bank accounts: one per (IFSC, number), the survivor's first; one primary. The number is compared
    // by its keyed token, as the unique index does (a sealed number reads differently each time it is
    // sealed); a row written before migration 0009 and not yet converted has its number in clear.
    let (mut accounts, mut primary, mut banks) = (BTreeSet::new(), false, 0);
    for b in in_merge_order(rows.banks, survivor, merged) {
        let d = doc(b);
        let number = match text_of(&d, "account_token") {
            token if token.is_empty() => text_of(&d, "account_number"),
            token => token,
        };
        let key = (text_of(&d, "ifsc"), number);
        let is_primary = d.get("is_primary") == Some(&Value::Bool(true));
        let duplicate = !accounts.insert(key);
        if b.contact_id == survivor {
            banks += 1;
            primary |= is_primary;
            continue;
        }
        let f = match (duplicate, is_primary && primary) {
            (true, _) => Fate::Dropped,
            (false, true) => Fate::Demoted,
            (false, false) => Fate::Moved,
        };
        if f != Fate::Dropped {
            banks += 1;
            primary |= is_primary;
        }
        out.push(fate("banks", b, &b.contact_id, f));
    }
    // Relations: one per (owner, type, related contact) after the merge.
    let target = |id: &str| {
        if is_merged(id) {
            survivor.to_string()
        } else {
            id.to_string()
        }
    };
    let mut keys = BTreeSet::new();
    let mut relations = 0;
    for r in in_merge_order(rows.relations, survivor, merged) {
        let d = doc(r);
        let related = text_of(&d, "related_contact");
        let between = !related.is_empty() && (related == survivor || is_merged(&related));
        if between {
            let record_under = if r.contact_id == survivor {
                &related
            } else {
                &r.contact_id
            };
            out.push(fate("relations", r, record_under, Fate::Removed));
            continue;
        }
        let fresh = keys.insert((survivor.to_string(), text_of(&d, "type"), related));
        if r.contact_id == survivor {
            relations += 1;
        } else if fresh {
            relations += 1;
            out.push(fate("relations", r, &r.contact_id, Fate::Moved));
        } else {
            out.push(fate("relations", r, &r.contact_id, Fate::Dropped));
        }
    }
    // Relations of other contacts: those to the survivor first, so a repointed duplicate is dropped.
    let mut incoming: Vec<&DocRow> = rows.incoming.iter().collect();
    incoming.sort_by_key(|r| is_merged(&text_of(&doc(r), "related_contact")));
    for r in incoming {
        let d = doc(r);
        let related = text_of(&d, "related_contact");
        let fresh = keys.insert((r.contact_id.clone(), text_of(&d, "type"), target(&related)));
        if is_merged(&related) {
            let f = if fresh { Fate::Repointed } else { Fate::Dropped };
            out.push(fate("relations", r, &related, f));
        }
    }
    (out, [addresses, banks, relations])
}

/// The survivor's rows first, then each merged contact's in the order the merge names them.
fn in_merge_order<'a>(rows: &'a [DocRow], survivor: &str, merged: &[String]) -> Vec<&'a DocRow> {
    let rank = |r: &DocRow| match r.contact_id == survivor {
        true => 0,
        false => {
            1 + merged
                .iter()
                .position(|m| *m == r.contact_id)
                .unwrap_or(merged.len())
        }
    };
    let mut out: Vec<&DocRow> = rows.iter().collect();
    out.sort_by_key(|r| rank(r));
    out
}

#[cfg(test)]
mod tests;
