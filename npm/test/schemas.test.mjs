// The Standard Schemas of @crego/validation under Node: the `~standard` interface (v1, vendor, validate),
// the body to send as `value` (what the API reads, with identifier props and text tidied), every fault
// as `{message, path, code}`, drafts, patches, and options refused when they name no identifier kind.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import * as v from "@crego/validation";

import { contact, OWNER } from "./support/bodies.mjs";

const validate = (schema, value) => schema["~standard"].validate(value);
const issues = (result) => result.issues.map((i) => [i.path?.join(".") ?? "(body)", i.code]);


const SCHEMAS = Object.keys(v).filter((k) => k.endsWith("Schema") && typeof v[k] === "object");

describe("every schema is a Standard Schema v1", () => {
  it("has ~standard with version 1, vendor crego and a validate function, frozen", () => {
    assert.equal(SCHEMAS.length, 13);
    for (const name of SCHEMAS) {
      const standard = v[name]["~standard"];
      assert.equal(standard.version, 1, name);
      assert.equal(standard.vendor, "crego", name);
      assert.equal(typeof standard.validate, "function", name);
      assert.ok(Object.isFrozen(v[name]) && Object.isFrozen(standard), name);
    }
  });

  it("answers any value with data, synchronously, never throwing", () => {
    const cyclic = {};
    cyclic.self = cyclic;
    for (const name of SCHEMAS) {
      for (const value of [undefined, null, 42, "x", [], cyclic, 7n, { a: 7n }, () => 1]) {
        const result = validate(v[name], value);
        assert.ok(!(result instanceof Promise), name);
        assert.equal(result.value, undefined, `${name}(${String(value)})`);
        assert.equal(result.issues.length, 1, `${name}(${String(value)})`);
        const [issue] = result.issues;
        assert.deepEqual([issue.path, issue.code], [undefined, "type"], "a fault of the body itself has no path");
      }
    }
  });
});

describe("a valid body answers {value}: the body to send", () => {
  it("is what the API reads: defaults filled in, IFSC upper-cased, a blank rm_id null", () => {
    assert.deepEqual(validate(v.bankSchema, { contact_id: OWNER, account_number: "000123456789", ifsc: "hdfc0000240" }), {
      value: {
        contact_id: OWNER,
        account_number: "000123456789",
        ifsc: "HDFC0000240",
        account_holder_name: null,
        bank_name: null,
        branch: null,
        account_type: null,
        is_primary: false,
        verification_status: "unverified",
        tags: [],
      },
    });
    const { value } = validate(v.contactSchema, { ...contact, rm_id: "" });
    assert.equal(value.rm_id, null);
    assert.deepEqual([value.tags, value.refs, value.ref_id], [[], {}, null]);
  });

  it("drops the spaces around names and other typed text, as long as the body still passes", () => {
    const { value } = validate(v.contactSchema, { ...contact, name: "  Rajesh Kumar ", props: [{ key: " city", value: "Pune ", type: "text" }] });
    assert.equal(value.name, "Rajesh Kumar");
    assert.deepEqual(value.props, [{ key: "city", value: "Pune", type: "text" }]);
    const bank = validate(v.bankDraftSchema, { account_number: "000123456789", ifsc: "SBIN0001234", bank_name: " SBI " });
    assert.equal(bank.value.bank_name, "SBI");
    const short = validate(v.addressDraftSchema, { address_line: " 1 MG ", city: " Pune" });
    assert.deepEqual([short.value.address_line, short.value.city], [" 1 MG ", " Pune"], "5 characters only with the spaces");
  });

  it("is accepted again as itself, by the schema and by the validate function", () => {
    for (const [schema, check, body] of [
      [v.contactSchema, v.validateContact, { ...contact, name: " Rajesh Kumar", rm_id: "" }],
      [v.bankSchema, v.validateBank, { contact_id: OWNER, account_number: "000123456789", ifsc: "sbin0001234" }],
      [v.namespaceSchema, v.validateNamespace, { name: "Retail ", contact_pattern: "CUST-{SEQ:6}" }],
    ]) {
      const { value } = validate(schema, body);
      assert.deepEqual(validate(schema, value), { value });
      assert.deepEqual(check(value), { ok: true, errors: [] });
    }
  });
});

describe("a refused body answers {issues}: every fault with the API's message, code and path", () => {
  it("names nested fields by path arrays, in the order the API reports them", () => {
    const result = validate(v.contactSchema, {
      nmae: "Rajesh",
      status: "pending",
      props: [{ key: "age", value: "thirty", type: "number" }],
      coords: { lat: 1 },
    });
    assert.deepEqual(issues(result), [
      ["coords", "unknown_field"],
      ["nmae", "unknown_field"],
      ["name", "required"],
      ["namespace", "required"],
      ["status", "enum"],
      ["type", "required"],
      ["props.0.value", "pattern"],
    ]);
    assert.deepEqual(result.issues.at(-1), {
      message: "must be a decimal number such as -12 or 3.5",
      path: ["props", 0, "value"],
      code: "pattern",
    });
  });

  it("keeps a key that holds a dot as one segment", () => {
    const result = validate(v.namespaceSchema, { name: "Retail", "contact.pattern": "X" });
    assert.deepEqual(result.issues[0].path, ["contact.pattern"]);
  });
});

describe("identifier props, when a schema is built for them", () => {
  const pan = (value, key = "pan_no") => ({ ...contact, props: [{ key, value, type: "text" }] });

  it("are free-form in contactSchema, as in the API", () => {
    assert.equal(validate(v.contactSchema, pan("abc")).value.props[0].value, "abc");
  });

  it("are checked by their key's kind with the identifier rules' codes and messages", () => {
    const schema = v.createContactSchema({ identifierProps: ["pan", "gstin"] });
    const refused = validate(schema, pan("ABCXK1234L", "PAN_Number"));
    assert.deepEqual(refused.issues, [
      {
        message: v.validateIdentifier("pan", "ABCXK1234L").errors[0].message,
        path: ["props", 0, "value"],
        code: "pattern",
      },
    ]);
    const gstin = validate(schema, pan("27AAPFU0939F1ZW", "gst_no"));
    assert.deepEqual(issues(gstin), [["props.0.value", "checksum"]]);
    assert.equal(validate(schema, pan("abc", "mobile")).value.props[0].value, "abc", "mobile was not asked for");
  });

  it("are sent in canonical form, as dedupe compares them", () => {
    const schema = v.createPropsSchema({ identifierProps: ["pan", "mobile", "aadhaar"] });
    const { value } = validate(schema, {
      props: [
        { key: "pan", value: " abcpk-1234l", type: "text" },
        { key: "Phone", value: "+91 98765 43210", type: "text" },
        { key: "aadhaar_no", value: "6861 1148 9360", type: "text" },
      ],
    });
    assert.deepEqual(value.props.map((p) => p.value), ["ABCPK1234L", "9876543210", "686111489360"]);
    const patch = v.createContactPatchSchema({ identifierProps: ["email"] });
    assert.equal(validate(patch, { props: [{ key: "email", value: " Priya@Example.COM", type: "text" }] }).value.props[0].value, "priya@example.com");
  });

  it("refuse a kind that does not exist when the schema is built", () => {
    assert.throws(() => v.createContactSchema({ identifierProps: ["aadhar"] }), {
      name: "TypeError",
      message: /"aadhar" is not an identifier kind \(one of pan, aadhaar,/,
    });
    assert.throws(() => v.createPropsSchema({ identifierProps: "pan" }), TypeError);
    assert.doesNotThrow(() => v.createContactSchema());
  });
});

describe("drafts and patches", () => {
  it("a draft address or bank account is checked without its contact, and answers without one", () => {
    const bank = validate(v.bankDraftSchema, { account_number: "000123456789", ifsc: "sbin0001234" });
    assert.equal("contact_id" in bank.value, false);
    assert.equal(bank.value.ifsc, "SBIN0001234");
    assert.deepEqual(issues(validate(v.bankSchema, { account_number: "000123456789", ifsc: "SBIN0001234" })), [
      ["contact_id", "required"],
    ]);
    assert.deepEqual(issues(validate(v.addressDraftSchema, { contact_id: "x", pincode: "041100" })), [
      ["contact_id", "pattern"],
      ["pincode", "pattern"],
    ]);
    assert.equal(validate(v.addressDraftSchema, { contact_id: OWNER, city: "Pune" }).value.contact_id, OWNER);
  });

  it("a patch answers only the fields it changes, a cleared one as null", () => {
    assert.deepEqual(validate(v.bankPatchSchema, { ifsc: "sbin0001234", bank_name: null }), {
      value: { ifsc: "SBIN0001234", bank_name: null },
    });
    assert.deepEqual(validate(v.contactPatchSchema, { rm_id: "" }), { value: { rm_id: null } });
    assert.deepEqual(issues(validate(v.relationPatchSchema, { type: "cousin" })), [["type", "enum"]]);
    assert.deepEqual(issues(validate(v.namespacePatchSchema, { name: null })), [["name", "required"]]);
  });
});

describe("the checked bodies have the shape of their generated output types", () => {
  // worker/openapi.json is what npm/scripts/generate-types.mjs writes the output types from: a create's
  // output type lists every writable property of its body as present.
  const doc = JSON.parse(readFileSync(new URL("../../worker/openapi.json", import.meta.url), "utf8"));
  const writable = (name) =>
    Object.entries(doc.components.schemas[name].properties)
      .filter(([, p]) => !p.readOnly)
      .map(([k]) => k)
      .sort();

  it("a create's value holds every documented field, and nothing else", () => {
    for (const [schema, name, body] of [
      [v.namespaceSchema, "NewNamespace", { name: "Retail" }],
      [v.contactSchema, "NewContact", contact],
      [v.propsSchema, "PropsUpsert", { props: contact.props }],
      [v.addressSchema, "NewAddress", { contact_id: OWNER }],
      [v.bankSchema, "NewBank", { contact_id: OWNER, account_number: "000123456789", ifsc: "SBIN0001234" }],
      [v.relationSchema, "NewRelation", { contact: OWNER, type: "guarantor" }],
    ]) {
      assert.deepEqual(Object.keys(validate(schema, body).value).sort(), writable(name), name);
    }
  });
});
