// The shared table of cases (validation/cases/cases.json) through the built npm package, under Node's
// test runner: the validate functions, and the Standard Schemas of the same bodies. The Rust crate
// (validation/tests/cases.rs) and the running API (tests/tests/api/validation_table.rs) run the same
// table and must agree case by case.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import * as v from "@crego/validation";

const table = JSON.parse(readFileSync(new URL("../../validation/cases/cases.json", import.meta.url), "utf8"));

/** The codes per failing field, in report order, as the other runners collect them. */
function fromReport(report) {
  assert.deepEqual(Object.keys(report).sort(), ["errors", "ok"], "a report is exactly {ok, errors}");
  assert.equal(report.ok, report.errors.length === 0, "ok means no errors");
  const codes = {};
  for (const e of report.errors) {
    assert.equal(typeof e.message, "string");
    (codes[e.field] ??= []).push(e.code);
  }
  return { ok: report.ok, codes };
}

const identifier = (check) => (input) => ({ ok: check(input), codes: {} });

const RUNNERS = {
  namespace: (input) => fromReport(v.validateNamespace(input)),
  contact: (input) => fromReport(v.validateContact(input)),
  contact_patch: (input) => fromReport(v.validateContactPatch(input)),
  address: (input) => fromReport(v.validateAddress(input)),
  bank: (input) => fromReport(v.validateBank(input)),
  relation: (input) => fromReport(v.validateRelation(input)),
  props: (input) => fromReport(v.validateProps(input)),
  pan: identifier(v.isValidPan),
  gstin: identifier(v.isValidGstin),
  aadhaar: identifier(v.isValidAadhaar),
  ifsc: identifier(v.isValidIfsc),
  pincode: identifier(v.isValidPincode),
  email: identifier(v.isValidEmail),
  mobile: (input) => {
    const value = v.normalizeMobile(input);
    return { ok: value !== null, codes: {}, value };
  },
  identifier: ({ kind, value }) => {
    const r = v.validateIdentifier(kind, value);
    assert.deepEqual(Object.keys(r).sort(), ["errors", "kind", "normalized", "ok"], "{ok, kind, normalized, errors}");
    assert.equal(r.ok, r.errors.length === 0, "ok means no errors");
    const codes = r.ok ? {} : { [kind]: r.errors.map((e) => e.code) };
    return { ok: r.ok, codes, value: r.normalized };
  },
  ref_pattern: ({ pattern, n, date }) => {
    const rendered = v.renderRefPattern(pattern, n, date);
    return rendered.ok
      ? { ok: true, codes: {}, value: rendered.value }
      : { ok: false, codes: fromReport(rendered).codes };
  },
};

const byResource = new Map();
for (const c of table.cases) {
  if (!byResource.has(c.resource)) byResource.set(c.resource, []);
  byResource.get(c.resource).push(c);
}

describe(`the shared table of ${table.cases.length} cases`, () => {
  it("has at least 150 cases", () => assert.ok(table.cases.length >= 150));
  for (const [resource, cases] of byResource) {
    describe(resource, () => {
      for (const c of cases) {
        it(c.title, () => {
          const run = RUNNERS[resource];
          assert.ok(run, `no runner for ${resource}`);
          const got = run(c.input);
          const want = { ok: c.expect.ok, codes: c.expect.codes ?? {} };
          if (c.expect.value !== undefined) want.value = c.expect.value;
          else delete got.value;
          assert.deepEqual(got, want);
        });
      }
    });
  }
});

// The Standard Schema of each body: the same decision, codes and messages as its validate function (so
// as the table and the API), its paths the report's fields as arrays.
const SCHEMAS = {
  namespace: [v.namespaceSchema, v.validateNamespace],
  contact: [v.contactSchema, v.validateContact],
  contact_patch: [v.contactPatchSchema, v.validateContactPatch],
  address: [v.addressSchema, v.validateAddress],
  bank: [v.bankSchema, v.validateBank],
  relation: [v.relationSchema, v.validateRelation],
  props: [v.propsSchema, v.validateProps],
};

/** `["props", 0, "value"]` as the report writes it, `props[0].value`; no path is the body. */
function fieldOf(path) {
  if (path === undefined) return "body";
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

describe("the same table through the Standard Schemas", () => {
  for (const [resource, [schema, check]] of Object.entries(SCHEMAS)) {
    describe(`${resource} (${byResource.get(resource).length} cases)`, () => {
      for (const c of byResource.get(resource)) {
        it(c.title, () => {
          const result = schema["~standard"].validate(c.input);
          assert.equal(result.value !== undefined, c.expect.ok, "a value exactly when the table says ok");
          assert.equal(result.issues === undefined, c.expect.ok, "issues exactly when it does not");
          const errors = (result.issues ?? []).map((i) => {
            assert.ok(i.path === undefined || Array.isArray(i.path), "a path is an array");
            return { field: fieldOf(i.path), code: i.code, message: i.message };
          });
          assert.deepEqual(errors, check(c.input).errors);
          const codes = {};
          for (const e of errors) (codes[e.field] ??= []).push(e.code);
          assert.deepEqual(codes, c.expect.codes ?? {});
        });
      }
    });
  }
});
