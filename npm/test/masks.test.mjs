// maskIdentifier in the built package, under Node's test runner: the table of masks
// (validation/cases/masks.json), which the Rust crate (validation/tests/masks.rs) and the running API
// (tests/tests/api/pii_masks.rs) run too, so a form shows what the API shows a caller without pii:read;
// and its answers for what is not an identifier.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import * as v from "@crego/validation";

const table = JSON.parse(readFileSync(new URL("../../validation/cases/masks.json", import.meta.url), "utf8"));

describe("maskIdentifier shows what the API shows", () => {
  for (const kind of new Set(table.cases.map((c) => c.kind))) {
    it(`masks ${kind} values as the table says`, () => {
      for (const { value, masked } of table.cases.filter((c) => c.kind === kind)) {
        assert.equal(v.maskIdentifier(kind, value), masked, `${kind}: ${JSON.stringify(value)}`);
      }
    });
  }

  it("has a row for every identifier kind and for account numbers", () => {
    const kinds = new Set(table.cases.map((c) => c.kind));
    assert.deepEqual([...kinds].sort(), [...v.identifierKinds().map((k) => k.kind), "account_number"].sort());
  });

  it("never shows a whole valid value of a kind the API protects", () => {
    for (const { kind, example } of v.identifierKinds()) {
      const masked = v.maskIdentifier(kind, example);
      const shown = masked.replace(/[X ]/g, "");
      const clear = ["cin", "llpin", "udyam", "tan", "ifsc", "micr", "pincode"].includes(kind);
      assert.equal(masked === example, clear, `${kind}: ${example} -> ${masked}`);
      if (!clear && !masked.includes("@")) {
        assert.ok(shown.length <= 4, `${kind}: ${masked} shows at most four characters`);
      }
    }
  });
});

describe("maskIdentifier answers null, never throws, for what it cannot mask", () => {
  it("a name that is no kind, such as a prop key alias or another case, is null", () => {
    for (const kind of ["pan_no", "PAN", "aadhar", "account", "", "name"]) {
      assert.equal(v.maskIdentifier(kind, "ABCPK1234L"), null, kind);
    }
  });

  it("a kind or value that is not a string is null", () => {
    for (const odd of [undefined, null, 123456789012, {}, ["ABCPK1234L"], Symbol("x"), 7n, new String("pan")]) {
      assert.equal(v.maskIdentifier("account_number", odd), null, String(odd));
      assert.equal(v.maskIdentifier(odd, "ABCPK1234L"), null, String(odd));
    }
  });

  it("masks any string, however long or odd, by characters", () => {
    assert.equal(v.maskIdentifier("pan", "é日本語ü"), "XXX語ü");
    assert.equal(v.maskIdentifier("account_number", "9".repeat(10_000)), "X".repeat(9_996) + "9999");
    assert.equal(v.maskIdentifier("email", "\ud800@example.com"), "***@example.com", "a lone surrogate is one character");
  });
});
