//! The field rules as JSON Schema, for the worker's OpenAPI document (crate `crego-openapi`).
//!
//! Every body type derives `utoipa::ToSchema`; a field whose rule is more than its Rust type (a text
//! rule, a limit, "may be null" or "may not") takes its schema from a function here, built from the same
//! constants its `check()` uses, so the document cannot drift from the rules. Nothing here runs in the
//! worker or the npm package: unused, it is dropped from their `.wasm` at link time.

use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, OneOf, OneOfBuilder, SchemaType, Type,
};
use utoipa::openapi::RefOr;

use crate::address::MAX_CODES;
use crate::common::{MAX_REFS_KEYS, MAX_TAGS};
use crate::dedupe::{DEFAULT_MIN_SCORE, MAX_LIMIT};
use crate::identifiers::{identifier_kinds, IdentifierKind};
use crate::limits::{ADDRESS_CODE_KEY_CHARS, MIN_SCORE_MAX, REFS_BYTES, REFS_DEPTH};
use crate::pattern::{MAX_PATTERN_LEN, PATTERN_REGEX};
use crate::props::{Prop, PropType};
use crate::text::{self, TextRule};
use crate::MAX_SAFE_INTEGER;

fn of_type(kind: Type, nullable: bool) -> SchemaType {
    match nullable {
        true => SchemaType::from_iter([kind, Type::Null]),
        false => SchemaType::Type(kind),
    }
}

/// A string following `rule`: its length range and, unless any character goes, its pattern.
pub fn text_rule(rule: &TextRule, nullable: bool) -> ObjectBuilder {
    let object = ObjectBuilder::new()
        .schema_type(of_type(Type::String, nullable))
        .min_length(Some(rule.min))
        .max_length(Some(rule.max))
        .description(Some(rule.allowed));
    match rule.pattern {
        "" => object,
        pattern => object.pattern(Some(pattern)),
    }
}

macro_rules! text_schemas {
    ($($name:ident, $nullable:ident => $rule:path;)+) => {
        $(
            #[doc = concat!("`", stringify!($rule), "`.")]
            pub fn $name() -> Object {
                text_rule(&$rule, false).build()
            }
            #[doc = concat!("`", stringify!($rule), "`, or `null`.")]
            pub fn $nullable() -> Object {
                text_rule(&$rule, true).build()
            }
        )+
    };
}

text_schemas! {
    namespace_name, namespace_name_or_null => text::NAMESPACE_NAME;
    namespace_ref, namespace_ref_or_null => text::NAMESPACE_REF;
    contact_name, contact_name_or_null => text::CONTACT_NAME;
    dedupe_name, dedupe_name_or_null => text::DEDUPE_NAME;
    bank_text, bank_text_or_null => text::BANK_TEXT;
    ref_id, ref_id_or_null => text::REF_ID;
    id, id_or_null => text::ID;
    prop_value, prop_value_or_null => text::PROP_VALUE;
    remarks, remarks_or_null => text::REMARKS;
    address_line, address_line_or_null => text::ADDRESS_LINE;
    city, city_or_null => text::CITY;
    state, state_or_null => text::STATE;
    country, country_or_null => text::COUNTRY;
    account_number, account_number_or_null => text::ACCOUNT_NUMBER;
}

/// `rm_id`, `branch_id`: the code rule, or `""` (= absent), or `null`.
pub fn code_or_blank_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(of_type(Type::String, true))
        .max_length(Some(text::CODE.max))
        .pattern(Some(text::CODE.pattern))
        .description(Some("letters, digits, _ and -; \"\" or null mean none"))
        .build()
}

/// Where the identifier kinds are described, for the fields that hold one to point at.
pub const IDENTIFIER_KIND: &str = "[IdentifierKind](#/components/schemas/IdentifierKind)";

/// `IdentifierKind`: one variant per kind of `identifier_kinds()`, with what a form calls it, the prop
/// keys that hold it, whether dedupe compares it, and an example.
pub fn identifier_kind() -> OneOf {
    let mut kinds = OneOfBuilder::new().description(Some(
        "The identifier kinds of the validation crate and the npm package (`validateIdentifier(kind, \
         value)`, `identifierKinds()`). A prop whose key is one of a kind's aliases (any case, trimmed) \
         holds that kind; dedupe compares the kinds it says so of, after normalisation.",
    ));
    for k in identifier_kinds() {
        let aliases: Vec<String> = k.aliases.iter().map(|a| format!("`{a}`")).collect();
        let dedupe = if k.dedupe {
            "dedupe compares it"
        } else {
            "dedupe does not compare it"
        };
        kinds = kinds.item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([k.name]))
                .title(Some(k.label))
                .description(Some(format!(
                    "prop keys {}; {dedupe}; e.g. `{}`",
                    aliases.join(", "),
                    k.example
                ))),
        );
    }
    kinds.build()
}

impl utoipa::PartialSchema for IdentifierKind {
    fn schema() -> RefOr<utoipa::openapi::Schema> {
        RefOr::T(utoipa::openapi::Schema::OneOf(identifier_kind()))
    }
}

impl utoipa::ToSchema for IdentifierKind {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("IdentifierKind")
    }
}

/// A prop key, which names an identifier kind when it is one of the kind's aliases.
pub fn identifier_prop_key() -> Object {
    text_rule(&text::PROP_KEY, false)
        .description(Some(format!(
            "{}; a key that is an alias of an identifier kind ({IDENTIFIER_KIND}) holds that identifier",
            text::PROP_KEY.allowed
        )))
        .build()
}

/// An IFSC: four letters, `0`, six letters or digits (lower case is accepted and upper-cased).
pub fn ifsc() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^[A-Za-z]{4}0[A-Za-z0-9]{6}$"))
        .description(Some(format!("the identifier kind `ifsc` ({IDENTIFIER_KIND})")))
        .build()
}

/// A pincode, the identifier kind `pincode`, or `null`.
pub fn pincode_kind_or_null() -> Object {
    text_rule(&text::PINCODE, true)
        .description(Some(format!(
            "{}; the identifier kind `pincode` ({IDENTIFIER_KIND})",
            text::PINCODE.allowed
        )))
        .build()
}

/// A ref-id pattern (`CUST-{YYYY}-{SEQ:6}`), or `null` for none.
pub fn ref_pattern_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(of_type(Type::String, true))
        .min_length(Some(1))
        .max_length(Some(MAX_PATTERN_LEN))
        .pattern(Some(PATTERN_REGEX))
        .description(Some(
            "literal characters from [A-Za-z0-9._/-] and exactly one {SEQ} or {SEQ:N}, with \
             optional {YYYY}, {YY}, {MM}, {DD}",
        ))
        .build()
}

/// A namespace counter: the next number to issue.
pub fn counter() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_SAFE_INTEGER))
        .build()
}

/// Dedupe `limit`.
pub fn dedupe_limit() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT))
        .build()
}

/// Dedupe `min_score`.
pub fn min_score() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(0))
        .maximum(Some(MIN_SCORE_MAX))
        .default(Some(DEFAULT_MIN_SCORE.into()))
        .build()
}

/// The contacts of a merge: 1 to `MAX_MERGED` distinct ids.
pub fn merged_ids() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .items(text_rule(&text::ID, false))
        .min_items(Some(1))
        .max_items(Some(crate::merge::MAX_MERGED))
        .unique_items(true)
        .build()
}

/// Tags: distinct strings without control characters.
pub fn tags() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .items(text_rule(&text::TAG, false))
        .max_items(Some(MAX_TAGS))
        .unique_items(true)
        .build()
}

/// `refs`: a free-form object (at most 4 KiB serialized).
pub fn refs() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .max_properties(Some(MAX_REFS_KEYS))
        .description(Some(format!(
            "any JSON object of at most {MAX_REFS_KEYS} keys, {REFS_BYTES} bytes as JSON and {REFS_DEPTH} \
             levels of nesting"
        )))
        .build()
}

/// Address `codes`: string to string.
pub fn codes() -> Object {
    codes_schema(false)
}

/// Address `codes` in a patch, where `null` clears them.
pub fn codes_or_null() -> Object {
    codes_schema(true)
}

fn codes_schema(nullable: bool) -> Object {
    ObjectBuilder::new()
        .schema_type(of_type(Type::Object, nullable))
        .max_properties(Some(MAX_CODES))
        .additional_properties(Some(text_rule(&text::CODES_VALUE, false)))
        .description(Some(format!(
            "keys of 1 to {ADDRESS_CODE_KEY_CHARS} characters without control characters; a PATCH \
             replaces the whole map"
        )))
        .build()
}

/// A prop: one variant per `type`, since `number` and `boolean` constrain the value. Every variant
/// refuses other fields.
pub fn prop() -> OneOf {
    let variant = |types: &[PropType], value: ObjectBuilder| {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("key", identifier_prop_key())
            .property("value", value)
            .property(
                "type",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(types.iter().map(|t| t.as_str()))),
            )
            .required("key")
            .required("value")
            .required("type")
            .additional_properties(Some(AdditionalProperties::<utoipa::openapi::Schema>::FreeForm(
                false,
            )))
    };
    OneOfBuilder::new()
        .item(variant(
            &[PropType::Text, PropType::File],
            text_rule(&text::PROP_VALUE, false),
        ))
        .item(variant(
            &[PropType::Number],
            text_rule(&text::PROP_VALUE, false).pattern(Some(r"^-?[0-9]+(\.[0-9]+)?$")),
        ))
        .item(variant(
            &[PropType::Boolean],
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["true", "false"])),
        ))
        .description(Some(
            "`number` values are decimals (`-12`, `3.5`); `boolean` values are `true` or `false`",
        ))
        .build()
}

impl utoipa::PartialSchema for Prop {
    fn schema() -> RefOr<utoipa::openapi::Schema> {
        RefOr::T(utoipa::openapi::Schema::OneOf(prop()))
    }
}

impl utoipa::ToSchema for Prop {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Prop")
    }
}
