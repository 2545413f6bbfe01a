//! `expand` on a contact and on the contact list (CONTRACT §3): a comma list of `addresses`, `banks`,
//! `relations`, each embedded as an array fetched for the whole page in one query; identifying values
//! shown as the caller may see them (`pii::view`).

use std::collections::HashMap;

use crego_validation::code;
use serde::Serialize;
use serde_json::Value;

use super::sub_resources::show;
use super::Ctx;
use crate::error::ApiError;
use crate::http::to_json;
use crate::query::Query;
use crate::store::addresses::ADDRESSES;
use crate::store::banks::BANKS;
use crate::store::contacts::Contact;
use crate::store::relations::RELATIONS;
use crate::store::sub_resources::SubKind;

/// The sub-resources `expand` may name, by their table (= path) name.
const EXPANDABLE: [&SubKind; 3] = [&ADDRESSES, &BANKS, &RELATIONS];

/// A contact with the sub-resources `expand` asked for.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Expanded {
    #[serde(flatten)]
    contact: Contact,
    /// With `expand=addresses`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Address>>, nullable = false)]
    addresses: Option<Vec<Value>>,
    /// With `expand=banks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Bank>>, nullable = false)]
    banks: Option<Vec<Value>>,
    /// With `expand=relations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schema::Relation>>, nullable = false)]
    relations: Option<Vec<Value>>,
}

/// The kinds `expand` names, each once.
pub fn expansions(query: &mut Query) -> Vec<&'static SubKind> {
    let mut out: Vec<&'static SubKind> = Vec::new();
    for name in query.list("expand", EXPANDABLE.len(), 50) {
        match EXPANDABLE.into_iter().find(|k| k.table == name) {
            Some(kind) if !out.iter().any(|k| k.table == kind.table) => out.push(kind),
            Some(_) => {}
            None => query.refuse("expand", code::ENUM, "may name only addresses, banks, relations"),
        }
    }
    out
}

/// Embeds the asked-for sub-resources: one query per kind for all the contacts, never one per contact.
pub async fn expand_contacts(
    ctx: &Ctx,
    mut contacts: Vec<Contact>,
    expand: &[&SubKind],
) -> Result<Vec<Expanded>, ApiError> {
    ctx.pii.show_contacts(&mut contacts)?;
    let mut groups: HashMap<&'static str, HashMap<String, Vec<Value>>> = HashMap::new();
    if !contacts.is_empty() {
        let ids: Vec<&str> = contacts.iter().map(|c| c.id.as_str()).collect();
        let ids_json = to_json(&ids)?;
        for kind in expand {
            let mut by_contact: HashMap<String, Vec<Value>> = HashMap::new();
            for row in ctx.store.documents_of(kind, &ids_json).await? {
                let value = show(ctx, kind, row.to_api(kind, &ctx.principal.tenant_id)?)?;
                by_contact.entry(row.contact_id).or_default().push(value);
            }
            groups.insert(kind.table, by_contact);
        }
    }
    let mut take = |kind: &SubKind, id: &str| {
        groups
            .get_mut(kind.table)
            .map(|by_contact| by_contact.remove(id).unwrap_or_default())
    };
    Ok(contacts
        .into_iter()
        .map(|contact| Expanded {
            addresses: take(&ADDRESSES, &contact.id),
            banks: take(&BANKS, &contact.id),
            relations: take(&RELATIONS, &contact.id),
            contact,
        })
        .collect())
}
