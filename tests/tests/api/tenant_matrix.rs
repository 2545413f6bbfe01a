//! The cross-tenant matrix, generated from the worker's own endpoint table: for every endpoint (template
//! and method), tenant B aims a request at tenant A's records and must learn nothing and change nothing.
//! An endpoint added to `crego_worker::routes::endpoints::ENDPOINTS` without a probe here fails this test.

use crego_api_tests::{Body, TestTenant};
use crego_worker::routes::endpoints::{method_name, templates, ENDPOINTS};
use serde_json::{json, Value};
use std::panic::AssertUnwindSafe;

use crate::contact_helpers::{contact_body, text_prop, with, with_scope};
use crate::helpers::{assert_problem, create_namespace_with, id_of};
use crate::sub_helpers::{
    address_body, bank_body, create_doc, put_props, relation_body, ADDRESSES, BANKS, RELATIONS,
};

/// One of everything, owned by tenant A.
struct Seed {
    tenant: TestTenant,
    namespace: Value,
    contact: Value,
    other: Value,
    address: Value,
    bank: Value,
    relation: Value,
}

impl Seed {
    async fn create() -> Seed {
        let tenant = TestTenant::new();
        let ns_body = json!({
            "name": "Matrix",
            "contact_pattern": "CUST-{YYYY}-{SEQ:6}",
            "account_pattern": "ACC-{SEQ:8}",
        });
        let namespace = create_namespace_with(&tenant, ns_body).await;
        let contact = crate::contact_helpers::create_contact_with(
            &tenant,
            with(
                contact_body("Matrix", "Asha Rao"),
                json!({"tags": ["vip"], "props": [text_prop("pan_no", "ABCPE1234F")]}),
            ),
        )
        .await;
        let other = crate::contact_helpers::create_contact(&tenant, "Matrix", "Ravi Rao").await;
        let address = create_doc(&tenant, ADDRESSES, address_body(&contact)).await;
        let bank = create_doc(&tenant, BANKS, bank_body(&contact, "123456789012")).await;
        let relation = create_doc(
            &tenant,
            RELATIONS,
            relation_body(&contact, "spouse", Some(&other)),
        )
        .await;
        let props = put_props(&tenant, &contact, json!([text_prop("email", "asha@example.com")])).await;
        assert_eq!(props.status, 200, "{}", props.text);
        Seed {
            tenant,
            namespace,
            contact,
            other,
            address,
            bank,
            relation,
        }
    }

    /// Everything that identifies A's data: no answer to B may contain any of it.
    fn secrets(&self) -> Vec<String> {
        let mut out = vec![self.tenant.id.clone(), self.tenant.sub.clone()];
        for doc in [
            &self.namespace,
            &self.contact,
            &self.other,
            &self.address,
            &self.bank,
            &self.relation,
        ] {
            out.push(id_of(doc));
        }
        for contact in [&self.contact, &self.other] {
            out.push(contact["ref_id"].as_str().unwrap_or_default().to_string());
        }
        out
    }

    /// The id a template's `{id}` stands for.
    fn id_for(&self, template: &str) -> String {
        let doc = match template {
            t if t.starts_with("/namespaces/") => &self.namespace,
            t if t.starts_with(ADDRESSES) => &self.address,
            t if t.starts_with(BANKS) => &self.bank,
            t if t.starts_with(RELATIONS) => &self.relation,
            _ => &self.contact,
        };
        id_of(doc)
    }

    /// Every read of A's data, as (path, body text).
    async fn snapshot(&self) -> Vec<(String, String)> {
        let expand = "?expand=addresses,banks,relations";
        let mut paths = vec![
            "/namespaces/".to_string(),
            format!("/namespaces/{}/", id_of(&self.namespace)),
            format!("/contacts/{expand}"),
        ];
        for contact in [&self.contact, &self.other] {
            let base = format!("/contacts/{}/", id_of(contact));
            paths.extend([
                format!("{base}{expand}"),
                format!("{base}history/"),
                format!("{base}props/"),
            ]);
        }
        for (collection, doc) in [
            (ADDRESSES, &self.address),
            (BANKS, &self.bank),
            (RELATIONS, &self.relation),
        ] {
            paths.extend([collection.to_string(), format!("{collection}{}/", id_of(doc))]);
        }
        let mut out = Vec::new();
        for path in paths {
            let response = self.tenant.get(&path).await;
            assert_eq!(response.status, 200, "A reads {path}: {}", response.text);
            out.push((path, response.text));
        }
        out
    }
}

/// What B must get back.
/// Every scope a token may carry.
const ALL_SCOPES: &str =
    "contacts:approve contacts:merge banks:verify contacts:erase pii:read pii:audit pii:admin";

#[derive(Debug)]
enum Expect {
    /// A public answer that carries no tenant data.
    Public,
    /// 404 `not_found`: A's record is indistinguishable from a missing one.
    NotFound,
    /// 200 list in which every row is B's own.
    OwnRowsOnly,
    /// 200 list (or dedupe answer) aimed at A's data: `count` 0.
    Empty,
    /// 201: B's own new record in B's tenant.
    OwnCreate,
    /// 400 `validation_failed` with `not_found` on one of these fields: A's record cannot be referenced.
    Unreferenceable(&'static [&'static str]),
}

/// One request of B's.
struct Probe {
    method: &'static str,
    path: String,
    body: Option<Value>,
    expect: Expect,
}

/// The probes of one (template, method). Panics for a pair without a case, so a new route or method
/// cannot go untested.
fn probes(template: &str, method: &'static str, a: &Seed) -> Vec<Probe> {
    let path = template.replace("{id}", &a.id_for(template));
    let p = |suffix: &str, body: Option<Value>, expect: Expect| Probe {
        method,
        path: format!("{path}{suffix}"),
        body,
        expect,
    };
    let contact = id_of(&a.contact);
    let other = id_of(&a.other);
    use Expect::*;
    match (template, method) {
        ("/health" | "/openapi.json", "GET") => vec![p("", None, Public)],
        ("/namespaces/", "GET") => vec![p("", None, OwnRowsOnly), p("?search=Matrix", None, Empty)],
        // Names are unique per tenant only: B may take A's name, and learns nothing from doing so.
        ("/namespaces/", "POST") => vec![p("", Some(json!({"name": "Matrix"})), OwnCreate)],
        ("/namespaces/{id}/", "GET" | "DELETE") => vec![p("", None, NotFound)],
        ("/namespaces/{id}/", "PATCH") => vec![p("", Some(json!({"name": "Hijacked"})), NotFound)],
        ("/namespaces/{id}/account-refs/", "POST") => {
            vec![p("", None, NotFound), p("", Some(json!({})), NotFound)]
        }
        ("/contacts/", "GET") => vec![
            p("", None, OwnRowsOnly),
            p("?expand=addresses,banks,relations", None, OwnRowsOnly),
            p("?search=Asha", None, Empty),
            p("?tags=vip", None, Empty),
            p(&format!("?namespace={}", id_of(&a.namespace)), None, Empty),
        ],
        ("/contacts/", "POST") => {
            let body = contact_body(&id_of(&a.namespace), "Hijacked");
            vec![p("", Some(body), Unreferenceable(&["namespace"]))]
        }
        ("/contacts/dedupe/", "POST") => {
            let by_name = json!({"name": "Asha Rao"});
            let by_pan = json!({"props": [{"key": "pan_no", "value": "ABCPE1234F"}]});
            vec![p("", Some(by_name), Empty), p("", Some(by_pan), Empty)]
        }
        ("/contacts/{id}/", "GET") => vec![
            p("", None, NotFound),
            p("?expand=addresses,banks,relations", None, NotFound),
        ],
        ("/contacts/{id}/", "PATCH") => vec![p("", Some(json!({"name": "Hijacked"})), NotFound)],
        ("/contacts/{id}/history/", "GET") => vec![p("", None, NotFound)],
        (
            "/contacts/{id}/active/"
            | "/contacts/{id}/inactive/"
            | "/contacts/{id}/approve/"
            | "/contacts/{id}/reject/"
            | "/contacts/{id}/submit/",
            "PUT",
        ) => vec![
            p("", None, NotFound),
            p("", Some(json!({"remarks": "hijack"})), NotFound),
        ],
        ("/contacts/{id}/retention/", "PUT") => vec![
            p("", Some(json!({"legal_hold": true})), NotFound),
            p("", Some(json!({"relationship_ended_at": "2001-01-01"})), NotFound),
        ],
        ("/contacts/{id}/erase/", "POST") => vec![p("", None, NotFound)],
        ("/contacts/{id}/pii-access/", "GET") => vec![p("", None, NotFound)],
        // Converts B's own tenant (nothing of A's): an answer with no tenant data in it.
        ("/pii/convert/", "POST") => vec![p("", None, Public)],
        // A's contact as the survivor, and A's other contact merged into it (or taken out of it).
        ("/contacts/{id}/merge/", "POST") => vec![p("", Some(json!({"contacts": [other]})), NotFound)],
        ("/contacts/{id}/unmerge/", "POST") => vec![p("", Some(json!({"contact": other})), NotFound)],
        ("/contacts/{id}/props/", "GET") => vec![p("", None, NotFound)],
        ("/contacts/{id}/props/", "PUT") => {
            vec![p(
                "",
                Some(json!({"props": [text_prop("pan_no", "x")]})),
                NotFound,
            )]
        }
        ("/contacts/{id}/props/", "DELETE") => {
            vec![p("?keys=pan_no", None, NotFound), p("?all=true", None, NotFound)]
        }
        ("/contacts/addresses/" | "/contacts/banks/", "GET") => vec![
            p("", None, OwnRowsOnly),
            p(&format!("?contact={contact}"), None, Empty),
            p("?search=a", None, Empty),
        ],
        ("/contacts/relations/", "GET") => vec![
            p("", None, OwnRowsOnly),
            p(&format!("?contact={contact}"), None, Empty),
            p(&format!("?related_contact={other}"), None, Empty),
        ],
        ("/contacts/addresses/", "POST") => {
            vec![p(
                "",
                Some(address_body(&a.contact)),
                Unreferenceable(&["contact_id"]),
            )]
        }
        ("/contacts/banks/", "POST") => {
            let body = bank_body(&a.contact, "999988887777");
            vec![p("", Some(body), Unreferenceable(&["contact_id"]))]
        }
        ("/contacts/relations/", "POST") => {
            let body = relation_body(&a.contact, "friend", Some(&a.other));
            vec![p(
                "",
                Some(body),
                Unreferenceable(&["contact", "related_contact"]),
            )]
        }
        (
            "/contacts/addresses/{id}/" | "/contacts/banks/{id}/" | "/contacts/relations/{id}/",
            "GET" | "DELETE",
        ) => {
            vec![p("", None, NotFound)]
        }
        ("/contacts/addresses/{id}/", "PATCH") => vec![p("", Some(json!({"city": "Pune"})), NotFound)],
        ("/contacts/banks/{id}/", "PATCH") => {
            vec![p("", Some(json!({"bank_name": "Hijack Bank"})), NotFound)]
        }
        ("/contacts/relations/{id}/", "PATCH") => vec![p("", Some(json!({"type": "friend"})), NotFound)],
        (template, method) => panic!(
            "no cross-tenant probe for {method} {template}: add a case to tenant_matrix::probes \
             saying what another tenant must get there"
        ),
    }
}

/// Every endpoint of the worker's table as `(template, method)`, the template resolving to itself.
fn endpoints() -> Vec<(&'static str, &'static str)> {
    ENDPOINTS
        .iter()
        .map(|e| {
            let path = e.template.replace("{id}", crate::helpers::MISSING_ID);
            let resolved = crego_worker::routes::resolve(&path).map(|r| r.template);
            assert_eq!(resolved, Some(e.template), "{path}");
            (e.template, method_name(&e.method))
        })
        .collect()
}

/// Asserts B's answer is what the probe expects, and that it names nothing of A's.
fn check(probe: &Probe, response: &crego_api_tests::ApiResponse, b: &TestTenant, secrets: &[String]) {
    let what = format!(
        "{} {} -> {}: {}",
        probe.method, probe.path, response.status, response.text
    );
    for secret in secrets {
        assert!(
            !response.text.contains(secret.as_str()),
            "leaks {secret:?}: {what}"
        );
    }
    let rows = || response.json["results"].as_array().cloned().unwrap_or_default();
    match &probe.expect {
        Expect::Public => assert_eq!(response.status, 200, "{what}"),
        Expect::NotFound => assert_problem(response, 404, "not_found"),
        Expect::OwnRowsOnly => {
            assert_eq!(response.status, 200, "{what}");
            assert!(response.json["results"].is_array(), "{what}");
            for row in rows() {
                assert_eq!(row["tenant_id"], json!(b.id), "{what}");
            }
        }
        Expect::Empty => {
            assert_eq!(response.status, 200, "{what}");
            assert_eq!(response.json["count"], json!(0), "{what}");
            assert!(rows().is_empty(), "{what}");
        }
        Expect::OwnCreate => {
            assert_eq!(response.status, 201, "{what}");
            assert_eq!(response.json["tenant_id"], json!(b.id), "{what}");
        }
        Expect::Unreferenceable(fields) => {
            assert_problem(response, 400, "validation_failed");
            let named = fields.iter().any(|f| response.has_field_error(f, "not_found"));
            assert!(named, "expected not_found on one of {fields:?}: {what}");
        }
    }
}

#[tokio::test]
async fn another_tenant_gets_nothing_and_changes_nothing_on_any_route() {
    let a = Seed::create().await;
    let before = a.snapshot().await;
    // B holds every scope (approve, merge, verify, erase, read and audit personal data, convert it): no scope
    // may be what stops it.
    let b = with_scope(&TestTenant::new(), ALL_SCOPES);
    let secrets = a.secrets();

    let mut sent = 0;
    for (template, method) in endpoints() {
        for probe in probes(template, method, &a) {
            let body = probe.body.clone().map_or(Body::None, Body::Json);
            let response = b.send(probe.method, &probe.path, body).await;
            check(&probe, &response, &b, &secrets);
            sent += 1;
        }
    }

    assert!(sent > templates().len(), "only {sent} probes");
    let after = a.snapshot().await;
    for ((path, was), (_, is)) in before.iter().zip(&after) {
        assert_eq!(was, is, "A's {path} changed");
    }
}

#[tokio::test]
async fn a_route_without_a_probe_is_reported_by_name() {
    let a = Seed {
        tenant: TestTenant::new(),
        namespace: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}),
        contact: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FAW"}),
        other: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FAX"}),
        address: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FAY"}),
        bank: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FAZ"}),
        relation: json!({"id": "01ARZ3NDEKTSV4RRFFQ69G5FB0"}),
    };
    let missing = std::panic::catch_unwind(AssertUnwindSafe(|| probes("/contacts/{id}/archive/", "PUT", &a)));
    let message = missing
        .err()
        .and_then(|e| e.downcast::<String>().ok())
        .unwrap_or_default();
    assert!(message.contains("PUT /contacts/{id}/archive/"), "{message}");
    // And every endpoint the worker has today does have its probes.
    for (template, method) in endpoints() {
        assert!(!probes(template, method, &a).is_empty(), "{method} {template}");
    }
}
