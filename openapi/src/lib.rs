//! The OpenAPI 3.1 document of the Crego Contact API, generated from the worker's own types.
//!
//! - **Paths** are the worker's endpoint table (`routes::endpoints::ENDPOINTS`): each row's template,
//!   method, operation id, tag, summary and query parameters (`operations.rs`, `parameters.rs`). Its
//!   bodies and responses come from a match over every operation with no wildcard arm, so a new endpoint
//!   does not compile until it is described.
//! - **Bodies** are the validation crate's checked types (`NewContact`, `ContactPatch`, ...), deriving
//!   `ToSchema`, with each text field's pattern and lengths taken from the same `TextRule` its check
//!   uses (`crego_validation::schema`).
//! - **Responses** are the types the worker serializes (`Namespace`, `Contact`, `Envelope`, `Problem`,
//!   ...) and, for the JSON it assembles in SQL, `crego_worker::schema`; one shared problem+json
//!   response per error status (`schemas.rs`).
//!
//! `worker/openapi.json` is this document, committed, embedded in the worker and served at
//! `GET /openapi.json`; the test below fails when the two differ (`make openapi` rewrites it).

mod operations;
mod parameters;
mod schemas;

use crego_validation::IdentifierKind;
use crego_worker::error::Problem;
use crego_worker::routes::endpoints::ENDPOINTS;
use utoipa::openapi::path::HttpMethod;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder};
use worker::Method;

use crate::schemas::{error_name, error_response, Schemas, ERRORS};

const BEARER: &str = "bearer";

/// The document as pretty JSON, with a final newline: the content of `worker/openapi.json`.
pub fn json() -> String {
    let mut out = document()
        .to_pretty_json()
        .unwrap_or_else(|e| panic!("the document: {e}"));
    out.push('\n');
    out
}

/// The whole document.
pub fn document() -> OpenApi {
    let mut schemas = Schemas::default();
    let mut paths = PathsBuilder::new();
    for endpoint in ENDPOINTS {
        let operation = operations::operation(endpoint, &mut schemas);
        paths = paths.path(
            endpoint.template,
            PathItem::new(http_method(&endpoint.method), operation),
        );
    }
    let bearer = Http::builder()
        .scheme(HttpAuthScheme::Bearer)
        .bearer_format("JWT")
        .description(Some(
            "An HS256 JWT with `sub`, `tenant_id` and `exp` (and `iss`/`aud` when configured), and \
             optional `scope` (space-separated): `contacts:approve` approves and rejects; `banks:verify` \
             records a bank account's verification; `pii:read` shows identifying values (PAN, mobile, \
             e-mail, bank account numbers, ...) in clear instead of masked, every such read recorded; \
             `pii:audit` reads that record (`/contacts/{id}/pii-access/`); `contacts:erase` records a \
             legal hold or the end of a relationship and erases a contact's personal data; `pii:admin` \
             converts stored personal data to the current keys (`/pii/convert/`). An Aadhaar number or \
             VID is never stored and never shown beyond its last four digits.",
        ))
        .build();
    schemas.close_bodies();
    // The identifier kinds, which the fields holding an identifier point at (issue 13).
    schemas.of::<IdentifierKind>();
    let problem = schemas.of::<Problem>();
    let mut components = ComponentsBuilder::new().security_scheme(BEARER, SecurityScheme::Http(bearer));
    for status in ERRORS {
        components = components.response(error_name(*status), error_response(*status, &problem));
    }
    for (name, schema) in schemas.0 {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Crego Contact API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Namespaces, contacts and their addresses, bank accounts, props and relations, \
                     per tenant. Errors are RFC 9457 problem+json naming every bad field. See \
                     docs/CONTRACT.md.",
                )),
        )
        .paths(paths)
        .components(Some(components.build()))
        .security(Some([SecurityRequirement::new(BEARER, Vec::<String>::new())]))
        .build()
}

fn http_method(method: &Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
        other => panic!("no endpoint allows {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crego_validation::text;
    use crego_worker::routes::endpoints::{allowed, method_name, templates};
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::from_str(&json()).expect("the document is JSON")
    }

    #[test]
    fn the_committed_document_is_the_generated_one() {
        let committed = include_str!("../../worker/openapi.json");
        assert!(
            committed == json(),
            "worker/openapi.json is out of date with the types: run `make openapi` and commit it"
        );
    }

    #[test]
    fn every_endpoint_is_described_and_nothing_else() {
        let doc = doc();
        let paths = doc["paths"].as_object().expect("paths");
        let mut ids = Vec::new();
        for endpoint in ENDPOINTS {
            let (template, method) = (endpoint.template, method_name(&endpoint.method));
            let item = paths
                .get(template)
                .unwrap_or_else(|| panic!("{template} is missing"));
            let op = &item[method.to_ascii_lowercase()];
            assert!(op.is_object(), "{method} {template} is missing");
            let bad = &op["responses"]["400"]["$ref"];
            assert_eq!(bad, "#/components/responses/BadRequest", "{method} {template}");
            assert_eq!(op["summary"], endpoint.summary, "{method} {template}");
            ids.push(op["operationId"].as_str().unwrap_or_default().to_string());
            let methods = item.as_object().expect("path item").len();
            // HEAD is served by every GET and not described apart.
            let served = allowed(template).into_iter().filter(|m| *m != "HEAD").count();
            assert_eq!(methods, served, "{template} describes other methods");
        }
        assert_eq!(paths.len(), templates().len());
        let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ENDPOINTS.len(), "operation ids repeat: {ids:?}");
    }

    #[test]
    fn operation_ids_are_the_operations_in_snake_case() {
        use crego_worker::routes::endpoints::{Op, PublicOp, TenantOp};
        assert_eq!(
            operations::operation_id(Op::Tenant(TenantOp::CreateContact)),
            "create_contact"
        );
        assert_eq!(
            operations::operation_id(Op::Tenant(TenantOp::IssueAccountRef)),
            "issue_account_ref"
        );
        assert_eq!(operations::operation_id(Op::Public(PublicOp::Openapi)), "openapi");
    }

    #[test]
    fn it_is_openapi_3_1_and_every_reference_resolves() {
        let doc = doc();
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        let text = doc.to_string();
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(schemas.contains_key(name), "{name} is referenced but not defined");
        }
        for name in [
            "Problem",
            "FieldError",
            "NewContact",
            "Namespace",
            "Expanded",
            "Address",
            "Bank",
        ] {
            assert!(schemas.contains_key(name), "{name}");
        }
    }

    #[test]
    fn text_fields_carry_their_rule() {
        let doc = doc();
        let name = &doc["components"]["schemas"]["NewContact"]["properties"]["name"];
        assert_eq!(name["maxLength"], 100);
        assert_eq!(name["pattern"], text::CONTACT_NAME.pattern);
        let required = doc["components"]["schemas"]["NewContact"]["required"]
            .as_array()
            .expect("required");
        for field in ["name", "namespace", "status", "type"] {
            assert!(required.contains(&Value::from(field)), "{field}");
        }
        assert!(!required.contains(&Value::from("tags")));
    }

    #[test]
    fn each_create_links_to_every_operation_taking_the_id_it_made() {
        let doc = doc();
        let links = |path: &str| -> Vec<String> {
            let ok = &doc["paths"][path]["post"]["responses"]["201"]["links"];
            ok.as_object()
                .map(|l| l.keys().cloned().collect())
                .unwrap_or_default()
        };
        let contact = links("/contacts/");
        for id in [
            "get_contact",
            "update_contact",
            "contact_history",
            "approve_contact",
            "put_props",
        ] {
            assert!(contact.contains(&id.to_string()), "{id} in {contact:?}");
        }
        assert_eq!(links("/namespaces/").len(), 4, "{:?}", links("/namespaces/"));
        assert_eq!(
            links("/contacts/banks/"),
            ["delete_bank", "get_bank", "update_bank"]
        );
        let get = &doc["paths"]["/contacts/"]["post"]["responses"]["201"]["links"]["get_contact"];
        assert_eq!(get["operationId"], "get_contact");
        assert_eq!(get["parameters"]["path.id"], "$response.body#/id");
        assert!(doc["paths"]["/contacts/dedupe/"]["post"]["responses"]["200"]["links"].is_null());
    }

    #[test]
    fn the_identifier_kinds_are_described_and_the_fields_holding_one_point_at_them() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        let kinds = schemas["IdentifierKind"]["oneOf"]
            .as_array()
            .expect("IdentifierKind");
        let names: Vec<&str> = kinds.iter().filter_map(|k| k["enum"][0].as_str()).collect();
        let expected: Vec<&str> = crego_validation::identifier_kinds()
            .iter()
            .map(|k| k.name)
            .collect();
        assert_eq!(names, expected);
        for (kind, info) in kinds.iter().zip(crego_validation::identifier_kinds()) {
            let description = kind["description"].as_str().unwrap_or_default();
            assert_eq!(kind["title"], info.label);
            for alias in info.aliases {
                assert!(description.contains(&format!("`{alias}`")), "{description}");
            }
            assert_eq!(
                description.contains("dedupe compares it"),
                info.dedupe,
                "{description}"
            );
        }
        let pointer = "#/components/schemas/IdentifierKind";
        for (schema, path) in [
            ("Prop", "/oneOf/0/properties/key/description"),
            ("DedupeProp", "/properties/key/description"),
            ("NewBank", "/properties/ifsc/description"),
            ("BankPatch", "/properties/ifsc/description"),
            ("NewAddress", "/properties/pincode/description"),
            ("AddressPatch", "/properties/pincode/description"),
            ("DedupeAddress", "/properties/pincode/description"),
        ] {
            let text = schemas[schema]
                .pointer(path)
                .and_then(Value::as_str)
                .unwrap_or_default();
            assert!(text.contains(pointer), "{schema}{path}: {text}");
        }
        let comparison = &schemas["DedupeFieldScore"]["properties"]["comparison"]["anyOf"][1]["$ref"];
        assert_eq!(comparison, pointer);
    }

    #[test]
    fn public_routes_need_no_token_and_the_rest_do() {
        let doc = doc();
        assert_eq!(doc["paths"]["/health"]["get"]["security"], serde_json::json!([]));
        assert_eq!(
            doc["paths"]["/openapi.json"]["get"]["security"],
            serde_json::json!([])
        );
        assert!(doc["paths"]["/contacts/"]["get"].get("security").is_none());
        assert_eq!(doc["security"], serde_json::json!([{"bearer": []}]));
        assert!(doc["paths"]["/contacts/"]["get"]["responses"]["401"].is_object());
    }
}
