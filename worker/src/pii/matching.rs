//! Dedupe over personal data (CONTRACT §9, "Personal data"): the index holds identifiers' tokens, and
//! dedupe's model compares a candidate's identifiers by token wherever equality is all it asks; it
//! opens a sealed value (in memory only, never shown, so not a recorded read) only where the model reads
//! more than equality: a mobile's or e-mail's shape, the PAN inside a GSTIN. An Aadhaar number or VID is
//! stored as its mask, which no rule reads as a number, so it takes part through its token alone.

use crego_validation::identifiers::Protection;
use crego_validation::{ContactType, IdentifierKind};

use super::crypto::is_sealed;
use super::Pii;
use crate::domain::matching::identifiers::{IdKind, Identifier};
use crate::domain::matching::index::Filing;
use crate::error::ApiError;
use crate::store::contacts::PropRow;

/// A candidate's compared props as dedupe's model reads them ([`Pii::comparable_props`]).
#[derive(Debug, Default)]
pub struct Comparable {
    /// `(key, value)`: in clear, or as the value asked that its token is.
    pub read: Vec<(String, String)>,
    /// Identifiers known by their tokens only: each differs from every value of its kind asked.
    pub by_token: Vec<Identifier>,
}

impl Pii {
    /// A stored prop's value as dedupe's model reads it.
    pub fn comparable(&self, key: &str, value: &str) -> Result<String, ApiError> {
        match IdentifierKind::from_key(key).map(IdentifierKind::protection) {
            Some(Protection::Encrypted) if is_sealed(value) => self.open(value),
            _ => Ok(value.to_string()),
        }
    }

    /// What dedupe files a contact under, from its props as stored: opened when `identifiers` are
    /// wanted (the keys need only the date of birth, which is kept in clear), in key order as stored
    /// and as migration 0010 reads them (the first date of birth by key wins).
    pub fn filing(
        &self,
        name: &str,
        kind: ContactType,
        props: &[PropRow],
        identifiers: bool,
    ) -> Result<Filing, ApiError> {
        let values: Vec<String> = props
            .iter()
            .map(|p| match identifiers {
                true => self.comparable(&p.key, &p.value),
                false => Ok(p.value.clone()),
            })
            .collect::<Result<_, _>>()?;
        let mut pairs: Vec<(&str, &str)> = props
            .iter()
            .zip(&values)
            .map(|(p, v)| (p.key.as_str(), v.as_str()))
            .collect();
        pairs.sort_unstable();
        Ok(Filing::of(name, kind, &pairs))
    }

    /// `ids` as the index keeps them, each value its token (a PAN inside a GSTIN is a PAN's token), and
    /// the Aadhaar numbers and VIDs of `props` by the tokens stored with their masks.
    pub fn indexed(&self, ids: &[Identifier], props: &[PropRow]) -> Result<Vec<Identifier>, ApiError> {
        let mut out = self.tokenised(ids.iter())?;
        out.extend(props.iter().filter_map(|p| {
            let kind = IdentifierKind::from_key(&p.key)?;
            (kind.protection() == Protection::NeverStored).then_some(())?;
            Some(Identifier {
                kind: IdKind::of(kind)?,
                value: p.token.clone()?,
                prop_key: p.key.clone(),
                from_gstin: false,
            })
        }));
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Identifiers with their values replaced by their tokens.
    pub fn tokenised<'a>(
        &self,
        ids: impl Iterator<Item = &'a Identifier>,
    ) -> Result<Vec<Identifier>, ApiError> {
        ids.map(|id| {
            Ok(Identifier {
                value: self.token(id.kind.as_str(), &id.value)?,
                ..id.clone()
            })
        })
        .collect()
    }

    /// A candidate's compared props as the model reads them, opening as few as the comparison needs
    /// (dedupe's cost at 100k contacts is mostly per candidate): an identifier whose token is one asked
    /// reads as the value asked; one the model must read (`opened`: a mobile or e-mail asked, whose
    /// placeholders are told by their shape; a GSTIN when a PAN or GSTIN is asked, for the PAN inside
    /// it) is opened; any other is returned apart as its token, an identifier of its kind that agrees
    /// with nothing asked, which is all the model can learn of it. An Aadhaar number or VID is never
    /// opened (it is stored as its mask): it agrees by its token, or differs.
    /// `asked`: each identifier asked, in clear and as its token.
    pub fn comparable_props(
        &self,
        props: &[(String, String, Option<String>)],
        asked: &[(&Identifier, &Identifier)],
        opened: &[IdKind],
    ) -> Result<Comparable, ApiError> {
        let mut read = Vec::with_capacity(props.len());
        let mut by_token = Vec::new();
        for (key, value, token) in props {
            let kind = IdentifierKind::from_key(key).and_then(IdKind::of);
            let (Some(kind), Some(token)) = (kind, token) else {
                // Not an identifier the model weighs, or no valid one (no token): as stored, or opened.
                read.push((key.clone(), self.comparable(key, value)?));
                continue;
            };
            let same = asked
                .iter()
                .find(|(clear, tokenised)| clear.kind == kind && tokenised.value == *token);
            match same {
                Some((clear, _)) => read.push((key.clone(), clear.value.clone())),
                None if opened.contains(&kind) && is_sealed(value) => {
                    read.push((key.clone(), self.open(value)?))
                }
                None => by_token.push(Identifier {
                    kind,
                    value: token.clone(),
                    prop_key: key.clone(),
                    from_gstin: false,
                }),
            }
        }
        Ok(Comparable { read, by_token })
    }

    /// The kinds whose stored values dedupe's model must read in clear for these asked identifiers
    /// (see [`Pii::comparable_props`]): placeholders aside, as the model leaves them aside.
    pub fn opened_kinds<'a>(real: impl Iterator<Item = &'a Identifier>) -> Vec<IdKind> {
        let mut kinds: Vec<IdKind> = real
            .filter_map(|id| match id.kind {
                IdKind::Mobile | IdKind::Email => Some(id.kind),
                // A GSTIN asked brings the PAN inside it (`identifiers`), so a PAN covers both.
                IdKind::Pan => Some(IdKind::Gstin),
                _ => None,
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use crego_validation::{Prop, PropType};

    use super::*;
    use crate::domain::matching::{ContactFields, Profile, Scorer, TenantFrequencies, MODEL};
    use crate::pii::keys::Keyring;

    const KEYS: &str = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const TOKEN: &str = "t1:dG9rZW4ta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLi4=";

    fn profile(props: &[(&str, &str)]) -> Profile {
        Profile::new(&ContactFields {
            name: Some("Rajesh Kumar"),
            kind: None,
            props,
            addresses: &[],
        })
    }

    /// Every identifier a request or a stored contact may hold, placeholders by shape among them; two
    /// GSTINs of one PAN in two states (the check characters by python-stdnum).
    const VALUES: [(&str, &str); 13] = [
        ("pan", "ABCPK1234L"),
        ("pan", "AAPFU0939F"),
        ("gstin", "27ABCPK1234L1ZS"),
        ("gstin", "29ABCPK1234L1ZO"),
        ("gstin", "27AAPFU0939F1ZV"),
        ("mobile", "9876501234"),
        ("mobile", "9999999999"),
        ("email", "rajesh@example.com"),
        ("email", "na@na.com"),
        ("aadhaar", "234123412346"),
        ("aadhaar", "499118665246"),
        ("passport", "J8369854"),
        ("passport", "K1234567"),
    ];

    /// Scoring a candidate through its tokens, opening only what `opened_kinds` names, gives exactly
    /// the score its clear values give, for every pair of identifier sets drawn from `VALUES`.
    #[test]
    fn a_candidate_compared_by_its_tokens_scores_as_its_clear_values_do() {
        let pii = Pii::new(Keyring::read(Some(KEYS), Some(TOKEN)), "tenant", false);
        let tenant = TenantFrequencies {
            contacts: 1000,
            words: HashMap::new(),
            holders: HashMap::new(),
        };
        let sets: Vec<Vec<(&str, &str)>> = (0..VALUES.len())
            .flat_map(|i| (i..VALUES.len()).map(move |j| vec![VALUES[i], VALUES[j]]))
            .collect();
        let mut compared = 0;
        for asked in &sets {
            let probe = profile(asked);
            let real: Vec<&Identifier> = probe.ids.iter().filter(|i| !tenant.is_placeholder(i)).collect();
            let tokens = pii.tokenised(probe.ids.iter()).unwrap_or_default();
            let pairs: Vec<(&Identifier, &Identifier)> = probe.ids.iter().zip(&tokens).collect();
            let opened = Pii::opened_kinds(real.into_iter());
            let mut scorer = Scorer::new(&probe, &tenant, &MODEL);
            for stored in &sets {
                let body: Vec<Prop> = stored
                    .iter()
                    .map(|(k, v)| Prop {
                        key: k.to_string(),
                        value: v.to_string(),
                        kind: PropType::Text,
                    })
                    .collect();
                let rows = pii.protect_props(&body, &[]).unwrap_or_default();
                let rows: Vec<(String, String, Option<String>)> =
                    rows.into_iter().map(|r| (r.key, r.value, r.token)).collect();
                let seen = pii.comparable_props(&rows, &pairs, &opened).unwrap_or_default();
                let read: Vec<(&str, &str)> =
                    seen.read.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let mut by_token = profile(&read);
                by_token.ids.extend(seen.by_token);
                by_token.ids.sort();
                assert_eq!(
                    scorer.score(&by_token),
                    scorer.score(&profile(stored)),
                    "asked {asked:?}, stored {stored:?}"
                );
                compared += 1;
            }
        }
        assert_eq!(compared, sets.len() * sets.len());
    }
}
