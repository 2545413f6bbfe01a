//! Address inputs (CONTRACT §4): `NewAddress` for create, `AddressPatch` for partial update.
//! Only `contact_id` is required (as in the published docs); every other field may be null.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::common::{
    clearable, defaulted, id, matching, optional, refuse_unknown_nested, required, tags, unclearable,
};
use crate::fields::{join, object, refuse_unknown, slot, text, Slot};
use crate::report::{code, Report};
use crate::text::{ADDRESS_LINE, CITY, CODES_KEY, CODES_VALUE, COUNTRY, PINCODE, STATE};

pub use crate::limits::ADDRESS_CODES as MAX_CODES;

const FIELDS: &[&str] = &[
    "contact_id",
    "address_line",
    "city",
    "state",
    "pincode",
    "country",
    "coords",
    "codes",
    "tags",
];

/// A point in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Coords {
    #[schema(minimum = -90, maximum = 90)]
    pub lat: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub lng: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NewAddress {
    #[schema(schema_with = crate::schema::id)]
    pub contact_id: String,
    #[schema(schema_with = crate::schema::address_line_or_null)]
    pub address_line: Option<String>,
    #[schema(schema_with = crate::schema::city_or_null)]
    pub city: Option<String>,
    #[schema(schema_with = crate::schema::state_or_null)]
    pub state: Option<String>,
    #[schema(schema_with = crate::schema::pincode_kind_or_null)]
    pub pincode: Option<String>,
    #[schema(schema_with = crate::schema::country_or_null)]
    pub country: Option<String>,
    pub coords: Option<Coords>,
    /// Free-form codes (`{"district": "PNQ"}`), at most 20.
    #[schema(schema_with = crate::schema::codes, required = false)]
    pub codes: BTreeMap<String, String>,
    #[schema(schema_with = crate::schema::tags, required = false)]
    pub tags: Vec<String>,
}

/// `None` leaves a field alone, `Some(None)` clears it. Serialized, it is a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AddressPatch {
    /// Kept for the worker to compare with the stored one (`immutable` when it differs).
    #[schema(schema_with = crate::schema::id)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[schema(schema_with = crate::schema::address_line_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line: Option<Option<String>>,
    #[schema(schema_with = crate::schema::city_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Option<String>>,
    #[schema(schema_with = crate::schema::state_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Option<String>>,
    #[schema(schema_with = crate::schema::pincode_kind_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pincode: Option<Option<String>>,
    #[schema(schema_with = crate::schema::country_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Option<String>>,
    #[schema(value_type = Option<Coords>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coords: Option<Option<Coords>>,
    /// Replaces the stored map whole (`null` clears it).
    #[schema(schema_with = crate::schema::codes_or_null)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codes: Option<BTreeMap<String, String>>,
    #[schema(schema_with = crate::schema::tags)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl NewAddress {
    pub fn check(body: &Value) -> Result<NewAddress, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, &[], "", r);
        let contact_id = required(map, "contact_id", r, id);
        let address_line = optional(map, "address_line", r, matching(&ADDRESS_LINE));
        let city = optional(map, "city", r, matching(&CITY));
        let state = optional(map, "state", r, matching(&STATE));
        let pincode = optional(map, "pincode", r, matching(&PINCODE));
        let country = optional(map, "country", r, matching(&COUNTRY));
        let coords = optional(map, "coords", r, coords);
        let codes = defaulted(map, "codes", r, codes).unwrap_or_default();
        let tags = defaulted(map, "tags", r, tags).unwrap_or_default();
        let Some(contact_id) = contact_id else {
            return Err(report);
        };
        report.finish(NewAddress {
            contact_id,
            address_line,
            city,
            state,
            pincode,
            country,
            coords,
            codes,
            tags,
        })
    }
}

impl AddressPatch {
    pub fn check(body: &Value) -> Result<AddressPatch, Report> {
        let mut report = Report::new();
        let Some(map) = object(body, &mut report) else {
            return Err(report);
        };
        let r = &mut report;
        refuse_unknown(map, FIELDS, &[], "", r);
        let patch = AddressPatch {
            contact_id: unclearable(map, "contact_id", r, id),
            address_line: clearable(map, "address_line", r, matching(&ADDRESS_LINE)),
            city: clearable(map, "city", r, matching(&CITY)),
            state: clearable(map, "state", r, matching(&STATE)),
            pincode: clearable(map, "pincode", r, matching(&PINCODE)),
            country: clearable(map, "country", r, matching(&COUNTRY)),
            coords: clearable(map, "coords", r, coords),
            // The whole map, replacing the stored one; `null` clears it to `{}`.
            codes: clearable(map, "codes", r, codes).map(Option::unwrap_or_default),
            tags: defaulted(map, "tags", r, tags),
        };
        report.finish(patch)
    }

    pub fn is_empty(&self) -> bool {
        *self == AddressPatch::default()
    }
}

/// `{"lat": -90..=90, "lng": -180..=180}`, both numbers, nothing else.
fn coords(value: &Value, field: &str, report: &mut Report) -> Option<Coords> {
    let Value::Object(map) = value else {
        report.add(field, code::TYPE, "must be an object with lat and lng");
        return None;
    };
    refuse_unknown_nested(map, &["lat", "lng"], field, report);
    let lat = degrees(map, "lat", 90, field, report);
    let lng = degrees(map, "lng", 180, field, report);
    Some(Coords { lat: lat?, lng: lng? })
}

/// `limit` is a whole number of degrees: printed as an integer, it keeps core's float formatting out of
/// the browser's `.wasm`.
fn degrees(map: &Map<String, Value>, key: &str, limit: u8, prefix: &str, report: &mut Report) -> Option<f64> {
    let field = join(prefix, key);
    match slot(map, key) {
        Slot::Absent | Slot::Null => {
            report.add(field, code::REQUIRED, "is required");
            None
        }
        Slot::Present(v) => match v.as_f64() {
            Some(d) if d.abs() <= f64::from(limit) => Some(d),
            Some(_) => {
                report.add(field, code::RANGE, format!("must be from -{limit} to {limit}"));
                None
            }
            None => {
                report.add(field, code::TYPE, "must be a number");
                None
            }
        },
    }
}

/// Codes: at most 20 keys of 1..=50 characters, each to a string of 1..=100 characters (neither with
/// control characters). A patch sends the whole map, which replaces the stored one.
fn codes(value: &Value, field: &str, report: &mut Report) -> Option<BTreeMap<String, String>> {
    let Value::Object(map) = value else {
        report.add(field, code::TYPE, "must be an object of strings");
        return None;
    };
    if map.len() > MAX_CODES {
        report.add(field, code::LENGTH, format!("must have at most {MAX_CODES} keys"));
        return None;
    }
    let before = report.errors.len();
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let path = join(field, k);
        let key = match CODES_KEY.test(k) {
            Ok(()) => Some(k.clone()),
            Err(_) => {
                let message = format!(
                    "a key must be 1 to {} characters without control characters",
                    CODES_KEY.max
                );
                report.add(path.clone(), code::LENGTH, message);
                None
            }
        };
        if let (Some(key), Some(value)) = (key, text(v, &CODES_VALUE, &path, report)) {
            out.insert(key, value);
        }
    }
    (report.errors.len() == before).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CONTACT: &str = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";

    #[test]
    fn a_complete_indian_address_is_accepted() {
        let a = NewAddress::check(&json!({
            "contact_id": CONTACT,
            "address_line": "Flat 4B, Sai Residency, 12/3 M.G. Road",
            "city": "Navi Mumbai",
            "state": "Maharashtra",
            "pincode": "400703",
            "country": "India",
            "coords": {"lat": 19.033, "lng": 73.0297},
            "codes": {"district": "THN", "lgd": "517"},
            "tags": ["registered office"],
        }))
        .unwrap();
        assert_eq!(
            a.coords,
            Some(Coords {
                lat: 19.033,
                lng: 73.0297
            })
        );
        assert_eq!(a.codes.get("district").map(String::as_str), Some("THN"));
    }

    #[test]
    fn only_the_contact_is_required_and_null_fields_are_absent() {
        let a = NewAddress::check(&json!({"contact_id": CONTACT, "city": null, "coords": null})).unwrap();
        assert_eq!((a.city, a.coords), (None, None));
        assert!(a.codes.is_empty() && a.tags.is_empty());
    }

    #[test]
    fn every_bad_field_of_a_new_address_is_reported_at_once() {
        let r = NewAddress::check(&json!({
            "contact_id": "c-1",
            "address_line": "Flat",
            "city": "Pune 411",
            "state": "M.H.",
            "pincode": "041100",
            "country": "India1",
            "coords": {"lat": 91, "lng": "73.8", "alt": 560},
            "codes": {"district": "PNQ", "lgd": 517},
            "tags": [""],
            "landmark": "near temple",
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact_id"), ["pattern"]);
        assert_eq!(r.codes_for("address_line"), ["length"]);
        assert_eq!(r.codes_for("city"), ["pattern"]);
        assert_eq!(r.codes_for("state"), ["pattern"]);
        assert_eq!(r.codes_for("pincode"), ["pattern"]);
        assert_eq!(r.codes_for("country"), ["pattern"]);
        assert_eq!(r.codes_for("coords.lat"), ["range"]);
        assert_eq!(r.codes_for("coords.lng"), ["type"]);
        assert_eq!(r.codes_for("coords.alt"), ["unknown_field"]);
        assert_eq!(r.codes_for("codes.lgd"), ["type"]);
        assert_eq!(r.codes_for("tags[0]"), ["length"]);
        assert_eq!(r.codes_for("landmark"), ["unknown_field"]);
        assert_eq!(r.errors.len(), 12);
    }

    #[test]
    fn coords_need_both_numbers_and_codes_at_most_twenty_keys() {
        let many: Map<String, Value> = (0..21).map(|i| (format!("c{i}"), json!("x"))).collect();
        let r = NewAddress::check(&json!({
            "coords": {"lng": -180},
            "codes": many,
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact_id"), ["required"]);
        assert_eq!(r.codes_for("coords.lat"), ["required"]);
        assert_eq!(r.codes_for("coords.lng"), Vec::<&str>::new());
        assert_eq!(r.codes_for("codes"), ["length"]);
        assert_eq!(r.errors.len(), 3);
    }

    #[test]
    fn coords_out_of_range_say_their_range_in_whole_degrees() {
        let mut body = json!({"contact_id": CONTACT});
        body["coords"] = json!({"lat": 90.5, "lng": -180.0});
        let r = NewAddress::check(&body).unwrap_err();
        assert_eq!(r.errors.len(), 1);
        assert_eq!(
            (r.errors[0].field.as_str(), r.errors[0].message.as_str()),
            ("coords.lat", "must be from -90 to 90")
        );
        body["coords"] = json!({"lat": -90, "lng": 180.01});
        let r = NewAddress::check(&body).unwrap_err();
        assert_eq!(r.errors[0].message, "must be from -180 to 180");
    }

    #[test]
    fn a_patch_clears_nullable_fields_and_keeps_the_contact_for_comparison() {
        let p = AddressPatch::check(&json!({"contact_id": CONTACT, "coords": null, "pincode": "560001"}))
            .unwrap();
        assert_eq!(p.contact_id.as_deref(), Some(CONTACT));
        assert_eq!(p.coords, Some(None));
        assert_eq!(p.pincode, Some(Some("560001".into())));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"contact_id": CONTACT, "coords": null, "pincode": "560001"})
        );
        assert!(AddressPatch::check(&json!({"id": "x", "created_at": "t"}))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_patch_replaces_the_codes_whole_and_null_clears_them() {
        let p = AddressPatch::check(&json!({"codes": null})).unwrap();
        assert_eq!(p.codes, Some(BTreeMap::new()));
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"codes": {}}));
        let r =
            AddressPatch::check(&json!({"codes": {"k": null, "": "x", "lgd": "x".repeat(101)}})).unwrap_err();
        assert_eq!(r.codes_for("codes.k"), ["type"]);
        assert_eq!(r.codes_for("codes."), ["length"]);
        assert_eq!(r.codes_for("codes.lgd"), ["length"]);
    }

    #[test]
    fn every_bad_field_of_an_address_patch_is_reported_at_once() {
        let r = AddressPatch::check(&json!({
            "contact_id": null,
            "city": "B",
            "coords": [12.9, 77.6],
        }))
        .unwrap_err();
        assert_eq!(r.codes_for("contact_id"), ["required"]);
        assert_eq!(r.codes_for("city"), ["length"]);
        assert_eq!(r.codes_for("coords"), ["type"]);
        assert_eq!(r.errors.len(), 3);
    }
}
