// The JS surface of @crego/validation in Node: answers are data for any value, values are read as
// JSON.stringify sends them, the identifier helpers and the ref-id preview, and every entry point
// of the package's exports map.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";

import * as v from "@crego/validation";

import { contact, OWNER } from "./support/bodies.mjs";

const VALIDATORS = [
  "validateNamespace",
  "validateNamespacePatch",
  "validateContact",
  "validateContactPatch",
  "validateProps",
  "validateAddress",
  "validateAddressPatch",
  "validateBank",
  "validateBankPatch",
  "validateRelation",
  "validateRelationPatch",
];

const fields = (report) => report.errors.map((e) => `${e.field}:${e.code}`);


describe("every validate function answers with data, never an exception", () => {
  const cyclic = { name: "Retail" };
  cyclic.self = cyclic;
  const odd = {
    undefined: undefined,
    null: null,
    "a number": 42,
    NaN: NaN,
    "a string": "Retail",
    "a boolean": true,
    "an array": [{ name: "Retail" }],
    "a function": () => ({ name: "Retail" }),
    "a symbol": Symbol("x"),
    "a BigInt": 7n,
    "an object with a BigInt": { name: "Retail", contact_counter: 7n },
    "an object with a cycle": cyclic,
    "a Date": new Date(0),
    "a lone surrogate": { name: "\ud800" },
  };
  for (const fn of VALIDATORS) {
    it(`${fn} reports on undefined, numbers, functions, cycles and friends`, () => {
      for (const [label, value] of Object.entries(odd)) {
        const report = v[fn](value);
        assert.equal(report.ok, false, `${fn}(${label})`);
        assert.ok(report.errors.length > 0, `${fn}(${label})`);
        for (const e of report.errors) {
          assert.deepEqual(Object.keys(e).sort(), ["code", "field", "message"]);
        }
      }
      assert.deepEqual(fields(v[fn](undefined)), ["body:type"]);
      assert.deepEqual(fields(v[fn](42)), ["body:type"]);
      assert.deepEqual(fields(v[fn](cyclic)), ["body:type"]);
    });
  }

  it("says why a body cannot be written as JSON, in one line", () => {
    const [e] = v.validateNamespace({ name: "Retail", contact_counter: 7n }).errors;
    assert.match(e.message, /cannot be written as JSON: .*BigInt/);
    const [c] = v.validateNamespace(cyclic).errors;
    assert.match(c.message, /^the body cannot be written as JSON: [^\n]*circular/i);
  });
});

describe("values are read as JSON.stringify sends them", () => {
  it("an undefined field is absent, as fetch would leave it out", () => {
    assert.deepEqual(v.validateNamespace({ name: "Retail", contact_pattern: undefined }), { ok: true, errors: [] });
    assert.deepEqual(fields(v.validateNamespace({ name: undefined })), ["name:required"]);
  });

  it("a Map is sent as {} and a Date as its ISO string", () => {
    assert.deepEqual(fields(v.validateNamespace(new Map([["name", "Retail"]]))), ["name:required"]);
    assert.equal(v.validateContactPatch(new Map([["status", "pending"]])).ok, true);
    assert.deepEqual(fields(v.validateContactPatch({ name: new Date(0) })), ["name:pattern"]);
  });

  it("NaN and Infinity become null", () => {
    assert.deepEqual(fields(v.validateNamespace({ name: "Retail", contact_counter: NaN })), ["contact_counter:type"]);
    assert.deepEqual(fields(v.validateAddress({ contact_id: OWNER, coords: { lat: Infinity, lng: 0 } })), [
      "coords.lat:required",
    ]);
  });

  it("integers are exact up to 2^53 - 1 and out of range past it", () => {
    assert.equal(v.validateNamespace({ name: "Retail", contact_counter: Number.MAX_SAFE_INTEGER }).ok, true);
    for (const n of [2 ** 53, 2 ** 64, 1e21, 1e300]) {
      assert.deepEqual(fields(v.validateNamespace({ name: "Retail", contact_counter: n })), ["contact_counter:range"], `${n}`);
    }
  });

  it("a key serde_json keeps for itself is an unknown field like any other, as in the API", () => {
    const smuggled = { "$serde_json::private::RawValue": JSON.stringify({ name: "Retail" }) };
    assert.deepEqual(fields(v.validateNamespace(smuggled)), ["$serde_json::private::RawValue:unknown_field", "name:required"]);
  });

  it("a valid contact with props passes, a bad one lists every fault", () => {
    assert.deepEqual(v.validateContact(contact), { ok: true, errors: [] });
    const bad = { ...contact, name: "Rajesh@Kumar", status: "pending", props: [{ key: "age", value: "thirty", type: "number" }] };
    assert.deepEqual(fields(v.validateContact(bad)), ["name:pattern", "status:enum", "props[0].value:pattern"]);
    const [nameError] = v.validateContact(bad).errors;
    assert.equal(nameError.message, "may contain only letters, digits, spaces and , . - ' & ( )");
  });
});

describe("identifier helpers", () => {
  it("check Indian identifiers and say false for anything that is not a string", () => {
    assert.equal(v.isValidPan("ABCPK1234L"), true);
    assert.equal(v.isValidGstin("27AAPFU0939F1ZV"), true);
    assert.equal(v.isValidAadhaar("2341 2341 2346"), true);
    assert.equal(v.isValidIfsc("SBIN0001234"), true);
    assert.equal(v.isValidPincode("560001"), true);
    assert.equal(v.isValidEmail("priya.sharma@example.co.in"), true);
    for (const fn of ["isValidPan", "isValidGstin", "isValidAadhaar", "isValidIfsc", "isValidPincode", "isValidEmail"]) {
      for (const value of [undefined, null, 560001, {}, ["ABCPK1234L"]]) {
        assert.equal(v[fn](value), false, `${fn}(${String(value)})`);
      }
    }
  });

  it("normalizeMobile gives ten digits or null", () => {
    assert.equal(v.normalizeMobile("+91 98765 43210"), "9876543210");
    assert.equal(v.normalizeMobile("098765-43210"), "9876543210");
    assert.equal(v.normalizeMobile("5876543210"), null);
    assert.equal(v.normalizeMobile(undefined), null);
    assert.equal(v.normalizeMobile(9876543210), null);
  });
});

describe("validateIdentifier and identifierKinds", () => {
  it("answer {ok, kind, normalized, errors} with the canonical form of a valid value", () => {
    assert.deepEqual(v.validateIdentifier("pan", " abcpk-1234l "), {
      ok: true,
      kind: "pan",
      normalized: "ABCPK1234L",
      errors: [],
    });
    assert.equal(v.validateIdentifier("aadhaar", "6861 1148 9360").normalized, "686111489360");
    assert.equal(v.validateIdentifier("udyam", "udyam mh 26 0012345").normalized, "UDYAM-MH-26-0012345");
    const refused = v.validateIdentifier("gstin", "27AAPFU0939F1ZW");
    assert.deepEqual([refused.ok, refused.normalized, refused.errors.map((e) => e.code)], [false, null, ["checksum"]]);
  });

  it("report an unknown kind and a value that is not a string, never throwing", () => {
    const r = v.validateIdentifier("voter", 42);
    assert.deepEqual([r.kind, r.errors.map((e) => e.code)], ["voter", ["enum", "type"]]);
    for (const odd of [undefined, null, 560001, {}, ["ABCPK1234L"], Symbol("x"), 7n]) {
      const report = v.validateIdentifier("pan", odd);
      assert.deepEqual(report.errors.map((e) => e.code), ["type"], String(odd));
      assert.equal(v.validateIdentifier(odd, "ABCPK1234L").kind, null, String(odd));
    }
  });

  it("the README documents every kind with an example that normalises as it says", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("\n## Identifiers"), readme.indexOf("\n## Ref-id preview"));
    const rows = section
      .split("\n")
      .map((line) => line.match(/^\| `(\w+)` \| [^|]+ \| `([^`]+)` \| `([^`]+)` \|/))
      .filter(Boolean);
    const documented = rows.map(([, kind]) => kind);
    assert.deepEqual(documented, v.identifierKinds().map((k) => k.kind));
    for (const [, kind, written, normalized] of rows) {
      assert.equal(v.validateIdentifier(kind, written).normalized, normalized, `${kind}: ${written}`);
    }
  });

  it("list every kind with its aliases, and every example validates", () => {
    const kinds = v.identifierKinds();
    assert.equal(kinds.length, 19);
    for (const k of kinds) {
      assert.deepEqual(Object.keys(k).sort(), ["aliases", "dedupe", "example", "kind", "label"]);
      assert.ok(k.aliases.includes(k.kind), k.kind);
      assert.equal(v.validateIdentifier(k.kind, k.example).ok, true, `${k.kind}: ${k.example}`);
    }
    const pan = kinds.find((k) => k.kind === "pan");
    assert.deepEqual(pan.aliases, ["pan", "pan_no", "pan_number"]);
    assert.deepEqual(kinds.filter((k) => k.dedupe).map((k) => k.kind),
      ["pan", "aadhaar", "vid", "epic", "gstin", "ckyc", "cin", "llpin", "udyam", "lei", "passport", "mobile", "email"]);
  });
});

describe("renderRefPattern, the live preview of a namespace's pattern", () => {
  const P = "CUST-{YYYY}{MM}{DD}-{SEQ:6}";

  it("renders for a Date or an ISO string, on the UTC day", () => {
    assert.deepEqual(v.renderRefPattern(P, 42, new Date(Date.UTC(2026, 2, 7, 23, 59))), { ok: true, value: "CUST-20260307-000042" });
    assert.deepEqual(v.renderRefPattern(P, 42, "2026-03-07"), { ok: true, value: "CUST-20260307-000042" });
    assert.equal(v.renderRefPattern(P, 1, "2026-03-07T02:00:00+05:30").value, "CUST-20260306-000001");
    assert.equal(v.renderRefPattern(P, 1, "2026-12-31T20:00:00-05:00").value, "CUST-20270101-000001");
    assert.equal(v.renderRefPattern(P, 1, "2026-03-07T10:30").value, "CUST-20260307-000001", "no offset: UTC");
    assert.equal(v.renderRefPattern("{SEQ:3}", Number.MAX_SAFE_INTEGER, "2026-03-07").value, "9007199254740991");
  });

  it("reports every bad argument on pattern, n and date", () => {
    const r = v.renderRefPattern("CUST-{YYYY}", 0, "07/03/2026");
    assert.deepEqual(fields(r), ["pattern:pattern", "n:range", "date:pattern"]);
    assert.equal(r.value, undefined);
    assert.deepEqual(fields(v.renderRefPattern(undefined, "5", new Date(NaN))), ["pattern:type", "n:type", "date:type"]);
    for (const n of [1.5, NaN, Infinity, 7n, null]) {
      assert.deepEqual(fields(v.renderRefPattern(P, n, "2026-03-07")), ["n:type"], String(n));
    }
    for (const n of [-1, 2 ** 53]) {
      assert.deepEqual(fields(v.renderRefPattern(P, n, "2026-03-07")), ["n:range"], String(n));
    }
    for (const d of ["2026-02-29", "2026-13-01", "March 7, 2026", "", 20260307]) {
      assert.equal(v.renderRefPattern(P, 1, d).ok, false, String(d));
    }
  });
});

describe("the package's entry points", () => {
  it("resolves the node entry for both import and require", () => {
    const require = createRequire(import.meta.url);
    const cjs = require("@crego/validation");
    assert.equal(cjs.validateContact, v.validateContact);
    assert.equal(require("@crego/validation/node").isValidPan("ABCPK1234L"), true);
  });

  it("the web entry loads with initSync and gives the same answers", async () => {
    const web = await import("@crego/validation/web");
    const bytes = readFileSync(new URL("../pkg/crego_validation_bg.wasm", import.meta.url));
    web.initSync({ module: bytes });
    assert.deepEqual(web.validateContact(contact), v.validateContact(contact));
    assert.deepEqual(web.renderRefPattern("{SEQ}", 5, "2026-03-07"), { ok: true, value: "5" });
    assert.equal(web.maskIdentifier("aadhaar", "2341 2341 2346"), "XXXX XXXX 2346");
    assert.equal(web.contactSchema, v.contactSchema, "one module instance behind every entry");
  });

  it("exports exactly the documented functions and schemas", () => {
    const names = Object.keys(v).filter((k) => typeof v[k] === "function").sort();
    assert.deepEqual(names, [
      ...VALIDATORS,
      "createContactPatchSchema",
      "createContactSchema",
      "createPropsSchema",
      "identifierKinds",
      "isValidAadhaar",
      "isValidEmail",
      "isValidGstin",
      "isValidIfsc",
      "isValidPan",
      "isValidPincode",
      "maskIdentifier",
      "normalizeMobile",
      "renderRefPattern",
      "validateIdentifier",
    ].sort());
    const schemas = Object.keys(v).filter((k) => typeof v[k] === "object").sort();
    assert.deepEqual(schemas, [
      "addressDraftSchema",
      "addressPatchSchema",
      "addressSchema",
      "bankDraftSchema",
      "bankPatchSchema",
      "bankSchema",
      "contactPatchSchema",
      "contactSchema",
      "namespacePatchSchema",
      "namespaceSchema",
      "propsSchema",
      "relationPatchSchema",
      "relationSchema",
    ]);
  });
});

describe("the README", () => {
  it("states the measured gzipped size of the .wasm (within 3%), which is within its 70 KB budget", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const stated = readme.match(/The `\.wasm` is \*\*(\d+\.\d) KB gzipped\*\*/);
    assert.ok(stated, "the README states the size as: The `.wasm` is **NN.N KB gzipped**");
    const wasm = readFileSync(new URL("../pkg/crego_validation_bg.wasm", import.meta.url));
    const measured = gzipSync(wasm, { level: 9 }).length / 1024;
    const off = Math.abs(Number(stated[1]) - measured) / measured;
    assert.ok(off <= 0.03, `the README says ${stated[1]} KB, the build is ${measured.toFixed(1)} KB gzipped: update it`);
    assert.ok(measured <= 70, `${measured.toFixed(1)} KB gzipped is over the 70 KB budget`);
  });
});
