//! Dedupe over personal data (CONTRACT §9, "Personal data"): dedupe's model reads identifiers in clear,
//! in memory only; the index holds their tokens. A stored prop of an encrypted kind is opened for the
//! model (never shown, so not a recorded read); an Aadhaar number or VID is stored as its mask, which no
//! rule reads as a number, so it takes part through its token alone: in the index, and for a candidate
//! whose token is the one asked, as the number asked.

use crego_validation::identifiers::Protection;
use crego_validation::{ContactType, IdentifierKind};

use super::crypto::is_sealed;
use super::Pii;
use crate::domain::matching::identifiers::{IdKind, Identifier};
use crate::domain::matching::index::Filing;
use crate::error::ApiError;
use crate::store::contacts::PropRow;

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

    /// A candidate's compared props as the model reads them: opened, and an Aadhaar number's or VID's
    /// mask read as the number `asked` when the candidate's token is that number's.
    /// `asked`: each identifier asked, in clear and as its token.
    pub fn comparable_props(
        &self,
        props: &[(String, String, Option<String>)],
        asked: &[(&Identifier, &Identifier)],
    ) -> Result<Vec<(String, String)>, ApiError> {
        props
            .iter()
            .map(|(key, value, token)| {
                let kind = IdentifierKind::from_key(key);
                if kind.map(IdentifierKind::protection) == Some(Protection::NeverStored) {
                    let same = asked.iter().find(|(clear, tokenised)| {
                        Some(clear.kind) == kind.and_then(IdKind::of)
                            && token.as_deref() == Some(tokenised.value.as_str())
                    });
                    let read = same.map_or_else(|| value.clone(), |(clear, _)| clear.value.clone());
                    return Ok((key.clone(), read));
                }
                Ok((key.clone(), self.comparable(key, value)?))
            })
            .collect()
    }
}
