// Namespaces and contacts, field by field: wrong types, nulls, huge and out-of-range values, look-alike
// and control characters, SQL injection. Each entry is refused by its check (or, for
// a value that is valid text, by a lookup that finds nothing), so none of them writes.
import { add, field, textCases, typeCases, withField, HUGE, MISSING, SQLI } from "./lib.mjs";

// Namespaces.
const NS = { name: "Typed" };
for (const [m, p] of [["POST", "/namespaces/"], ["PATCH", "/namespaces/{ns}/"]]) {
  field(m, p, NS, "name", [
    ...typeCases(),
    ["null", null, [null, "required"]],
    ["empty", "", [null, "length"]],
    ...textCases(),
  ]);
  for (const pattern of ["contact_pattern", "account_pattern"]) {
    field(m, p, NS, pattern, [
      ...typeCases(),
      ["100 KiB", HUGE, [null, "length"]],
      ["two sequences", "A-{SEQ}-{SEQ}", [null, "pattern"]],
      ["unclosed token", "A-{SEQ", [null, "pattern"]],
      ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]],
    ]);
  }
  for (const counter of ["contact_counter", "account_counter"]) {
    field(m, p, NS, counter, [
      ["string", "1", [null, "type"]],
      ["array", [], [null, "type"]],
      ["null", null, [null, "type"]],
      ["zero", 0, [null, "range"]],
      ["negative", -1, [null, "range"]],
      ["fraction", 1.5, [null, "type"]],
      ["2^53", 9007199254740992, [null, "range"]],
      ["2^64", 18446744073709551616, [null, "range"]],
      ["1e300", 1e300, [null, "range"]],
    ]);
  }
}
add("POST /namespaces/ unknown field", "POST", "/namespaces/", { body: { name: "Typed", colour: "red" }, field: ["colour", "unknown_field"] });
add("POST /namespaces/ look-alike key (Cyrillic a in name)", "POST", "/namespaces/", { body: { "n\u0430me": "Typed" }, field: ["name", "required"] });
add("POST /namespaces/ every field null", "POST", "/namespaces/", {
  body: { name: null, contact_pattern: null, account_pattern: null, contact_counter: null, account_counter: null },
  field: ["name", "required"],
});
add("POST /namespaces/ duplicate key, the last one wrong", "POST", "/namespaces/", {
  raw: '{"name": "Typed", "name": 5}', field: ["name", "type"],
});
add("POST /namespaces/ name taken, in other case", "POST", "/namespaces/", {
  body: { name: "abuse" }, status: 409, code: "conflict", field: ["name", "unique"],
});

// Contacts.
const CONTACT = { name: "Typed Person", namespace: "{ns}", status: "active", type: "individual" };
const PROP = { key: "pan_no", value: "ABCPE1234F", type: "text" };
for (const [m, p] of [["POST", "/contacts/"], ["PATCH", "/contacts/{contact}/"]]) {
  const base = m === "POST" ? CONTACT : { name: "Typed Person" };
  field(m, p, base, "name", [...typeCases(), ["null", null, [null, "required"]], ["empty", "", [null, "length"]], ...textCases()]);
  for (const choice of ["status", "type"]) {
    field(m, p, base, choice, [
      ...typeCases({ number: 1, array: [] }),
      ["null", null, [null, "required"]],
      ["upper case", "ACTIVE", [null, "enum"]],
      ["trailing space", "individual ", [null, "enum"]],
      ["sql or-1-1", SQLI["or-1-1"], [null, "enum"]],
    ]);
  }
  field(m, p, base, "tags", [
    ["string", "vip", [null, "type"]],
    ["null", null, [null, "type"]],
    ["number item", [1], ["tags[0]", "type"]],
    ["empty item", [""], ["tags[0]", "length"]],
    ["duplicate", ["vip", "vip"], ["tags[1]", "duplicate"]],
    ["control character", ["a\u0000b"], ["tags[0]", "pattern"]],
    ["100 KiB item", [HUGE], ["tags[0]", "length"]],
    ["51 tags", Array.from({ length: 51 }, (_, i) => `t${i}`), [null, "length"]],
  ]);
  field(m, p, base, "refs", [
    ["array", [], [null, "type"]],
    ["string", "x", [null, "type"]],
    ["null", null, [null, "type"]],
    ["51 keys", Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])), [null, "length"]],
    ["100 KiB value", { k: HUGE }, [null, "length"]],
  ]);
  field(m, p, base, "props", [
    ["object", {}, [null, "type"]],
    ["null", null, [null, "type"]],
    ["number item", [5], ["props[0]", "type"]],
    ["no value or type", [{ key: "a" }], ["props[0].value", "required"]],
    ["unknown type", [{ ...PROP, type: "float" }], ["props[0].type", "enum"]],
    ["number not decimal", [{ ...PROP, type: "number", value: "1e400" }], ["props[0].value", "pattern"]],
    ["boolean not true/false", [{ ...PROP, type: "boolean", value: "yes" }], ["props[0].value", "enum"]],
    ["value a number", [{ ...PROP, value: 5 }], ["props[0].value", "type"]],
    ["value 100 KiB", [{ ...PROP, value: HUGE }], ["props[0].value", "length"]],
    ["key sql", [{ ...PROP, key: SQLI["or-1-1"] }], ["props[0].key", "pattern"]],
    ["key look-alike", [{ ...PROP, key: "p\u0430n_no" }], ["props[0].key", "pattern"]],
    ["duplicate keys", [PROP, PROP], ["props[1].key", "duplicate"]],
    ["unknown field", [{ ...PROP, colour: "red" }], ["props[0].colour", "unknown_field"]],
    ["101 props", Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: "v", type: "text" })), [null, "length"]],
  ]);
  for (const code of ["rm_id", "branch_id"]) {
    field(m, p, base, code, [...typeCases({ number: 5, array: [] }), ["space", "a b", [null, "pattern"]], ["100 KiB", HUGE, [null, "length"]], ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]], ["path traversal", "../../etc", [null, "pattern"]]]);
  }
  field(m, p, base, "ref_id", [
    ...typeCases({ number: 5, object: {} }),
    ["backslashes", "..\\..\\etc", [null, "pattern"]],
    ["sql drop-table", SQLI["drop-table"], [null, "pattern"]],
    ["100 KiB", HUGE, [null, "length"]],
  ]);
  add(`${m} ${p} unknown field`, m, p, { body: { ...base, colour: "red" }, field: ["colour", "unknown_field"] });
}
for (const [label, ns] of Object.entries({ ...SQLI, "look-alike of the namespace's name": "\u0410buse", "a missing id": MISSING })) {
  add(`POST /contacts/ namespace: ${label}`, "POST", "/contacts/", {
    body: withField(CONTACT, "namespace", ns),
    field: ["namespace", "not_found"],
    note: "valid text, so it is looked up, and matches no namespace of the tenant",
  });
}
field("POST", "/contacts/", CONTACT, "namespace", [
  ...typeCases({ number: 5, array: [] }),
  ["null", null, [null, "required"]],
  ["empty", "", [null, "length"]],
  ["100 KiB", HUGE, [null, "length"]],
]);
add("PATCH /contacts/{contact}/ namespace: another one", "PATCH", "/contacts/{contact}/", {
  body: { namespace: SQLI["or-1-1"] }, field: ["namespace", "immutable"],
});
add("PATCH /contacts/{contact}/ every field null", "PATCH", "/contacts/{contact}/", {
  body: { name: null, namespace: null, status: null, type: null, tags: null, refs: null, props: null, rm_id: null, branch_id: null, ref_id: null },
  field: ["name", "required"],
});
add("POST /contacts/ every field null", "POST", "/contacts/", {
  body: { name: null, namespace: null, status: null, type: null, tags: null, refs: null, props: null, rm_id: null, branch_id: null, ref_id: null },
  field: ["namespace", "required"],
});
add("POST /contacts/ ref_id taken", "POST", "/contacts/", {
  body: { ...CONTACT, ref_id: "ABUSE-1" }, status: 409, code: "conflict", field: ["ref_id", "unique"],
});
