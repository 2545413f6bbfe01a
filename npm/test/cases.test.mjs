// The shared table of cases (validation/cases/cases.json) through the built npm package, under Node's
// test runner. The Rust crate (validation/tests/cases.rs) and the running API
// (tests/tests/api/validation_table.rs) run the same table and must agree case by case.
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
