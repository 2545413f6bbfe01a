// Addresses, banks, relations, props, dedupe and the action bodies, field by field. Every entry is
// refused by its check, by a lookup that finds nothing, or by a uniqueness rule, so none of them writes;
// the few that are valid reads (dedupe) say so in their note.
import { add, field, textCases, typeCases, HUGE, MISSING, SQLI } from "./lib.mjs";

const ID_CASES = [
  ...typeCases({ number: 5, array: [] }),
  ["null", null, [null, "required"]],
  ["too short", "short", [null, "pattern"]],
  ["path traversal", "../../../etc/passwd", [null, "pattern"]],
  ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]],
  ["100 KiB", HUGE, [null, "pattern"]],
  ["trailing nul", "{contact}\u0000", [null, "pattern"]],
];

// Addresses.
const ADDRESS = { contact_id: "{contact}" };
field("POST", "/contacts/addresses/", ADDRESS, "contact_id", [...ID_CASES, ["a missing contact", MISSING, [null, "not_found"]]]);
for (const [m, p, base] of [["POST", "/contacts/addresses/", ADDRESS], ["PATCH", "/contacts/addresses/{address}/", {}]]) {
  field(m, p, base, "address_line", [...typeCases({ number: 5, array: [] }), ["too short", "abc", [null, "length"]], ...textCases()]);
  for (const name of ["city", "state", "country"]) {
    field(m, p, base, name, [...typeCases({ number: 5 }), ...textCases()]);
  }
  field(m, p, base, "pincode", [
    ["number", 400703, [null, "type"]],
    ["leading zero", "040070", [null, "pattern"]],
    ["letter O", "4007O3", [null, "pattern"]],
    ["five digits", "12345", [null, "length"]],
    ["Devanagari digits", "\u096a\u0966\u0966\u096d\u0966\u0969", [null, "pattern"]],
    ["sql or-1-1", SQLI["or-1-1"], [null, "length"]],
  ]);
  field(m, p, base, "coords", [
    ["array", [], [null, "type"]],
    ["string", "19.0,73.0", [null, "type"]],
    ["latitude 91", { lat: 91, lng: 0 }, ["coords.lat", "range"]],
    ["latitude a string", { lat: "1", lng: 0 }, ["coords.lat", "type"]],
    ["latitude 1e308", { lat: 1e308, lng: 0 }, ["coords.lat", "range"]],
    ["longitude -180.000001", { lat: 0, lng: -180.000001 }, ["coords.lng", "range"]],
    ["no longitude", { lat: 0 }, ["coords.lng", "required"]],
    ["extra key", { lat: 0, lng: 0, alt: 1 }, ["coords.alt", "unknown_field"]],
  ]);
  field(m, p, base, "codes", [
    ["array", [], [null, "type"]],
    ["null", null, [null, "type"]],
    ["number value", { lgd: 5 }, ["codes.lgd", "type"]],
    ["21 keys", Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])), [null, "length"]],
  ]);
  field(m, p, base, "tags", [["string", "x", [null, "type"]], ["sql item, control character", [SQLI["or-1-1"] + "\u0001"], ["tags[0]", "pattern"]]]);
  add(`${m} ${p} unknown field`, m, p, { body: { ...base, colour: "red" }, field: ["colour", "unknown_field"] });
}
const NULL_ADDRESS = { contact_id: null, address_line: null, city: null, state: null, pincode: null, country: null, coords: null, codes: null, tags: null };
add("POST /contacts/addresses/ every field null", "POST", "/contacts/addresses/", { body: NULL_ADDRESS, field: ["contact_id", "required"] });
add("PATCH /contacts/addresses/{address}/ every field null", "PATCH", "/contacts/addresses/{address}/", { body: NULL_ADDRESS, field: ["contact_id", "required"] });
add("PATCH /contacts/addresses/{address}/ another owner", "PATCH", "/contacts/addresses/{address}/", { body: { contact_id: MISSING }, field: ["contact_id", "immutable"] });

// Banks.
const BANK = { contact_id: "{contact}", account_number: "999988887777", ifsc: "HDFC0001234" };
field("POST", "/contacts/banks/", BANK, "contact_id", [...ID_CASES, ["a missing contact", MISSING, [null, "not_found"]]]);
for (const [m, p, base] of [["POST", "/contacts/banks/", BANK], ["PATCH", "/contacts/banks/{bank}/", {}]]) {
  field(m, p, base, "account_number", [
    ["number", 999988887777, [null, "type"]],
    ["null", null, [null, "required"]],
    ["eight digits", "12345678", [null, "length"]],
    ["dashes", "1234-5678-90", [null, "pattern"]],
    ["full-width digits", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", [null, "pattern"]],
    ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]],
    ["100 KiB", HUGE, [null, "length"]],
  ]);
  field(m, p, base, "ifsc", [
    ["number", 5, [null, "type"]],
    ["null", null, [null, "required"]],
    ["fifth not 0", "HDFC1001234", [null, "pattern"]],
    ["ten characters", "HDFC000123", [null, "length"]],
    ["Cyrillic H", "\u041dDFC0001234", [null, "pattern"]],
    ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]],
  ]);
  field(m, p, base, "account_holder_name", [...typeCases({ number: 5 }), ...textCases()]);
  for (const name of ["bank_name", "branch"]) {
    field(m, p, base, name, [...typeCases({ number: 5 }), ["one character", "A", [null, "length"]], ["sql drop-table", SQLI["drop-table"], [null, "pattern"]]]);
  }
  field(m, p, base, "account_type", [["unknown", "checking", [null, "enum"]], ["upper case", "SAVINGS", [null, "enum"]], ["number", 5, [null, "type"]]]);
  field(m, p, base, "is_primary", [["string", "true", [null, "type"]], ["number", 1, [null, "type"]], ["null", null, [null, "type"]]]);
  field(m, p, base, "verification_status", [["upper case", "VERIFIED", [null, "enum"]], ["null", null, [null, "type"]], ["sql or-1-1", SQLI["or-1-1"], [null, "enum"]]]);
  field(m, p, base, "tags", [["object", {}, [null, "type"]]]);
  add(`${m} ${p} unknown field`, m, p, { body: { ...base, colour: "red" }, field: ["colour", "unknown_field"] });
}
add("POST /contacts/banks/ the same account again", "POST", "/contacts/banks/", {
  body: { ...BANK, account_number: "123456789012" }, status: 409, code: "conflict", field: ["account_number", "unique"],
});
add("PATCH /contacts/banks/{bank}/ another owner", "PATCH", "/contacts/banks/{bank}/", { body: { contact_id: MISSING }, field: ["contact_id", "immutable"] });

// Relations.
const RELATION = { contact: "{contact}", type: "friend" };
field("POST", "/contacts/relations/", RELATION, "contact", [...ID_CASES, ["a missing contact", MISSING, [null, "not_found"]]]);
for (const [m, p, base] of [["POST", "/contacts/relations/", RELATION], ["PATCH", "/contacts/relations/{relation}/", {}]]) {
  field(m, p, base, "type", [
    ...typeCases({ number: 5, array: [] }),
    ["null", null, [null, "required"]],
    ["unknown", "enemy", [null, "enum"]],
    ["upper case", "FRIEND", [null, "enum"]],
    ["sql or-1-1", SQLI["or-1-1"], [null, "enum"]],
  ]);
  field(m, p, base, "related_contact", [
    ["itself", "{contact}", [null, "self_relation"]],
    ["number", 5, [null, "type"]],
    ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]],
    ["a missing contact", MISSING, [null, "not_found"]],
  ]);
  add(`${m} ${p} unknown field`, m, p, { body: { ...base, colour: "red" }, field: ["colour", "unknown_field"] });
}
add("POST /contacts/relations/ the same relation again", "POST", "/contacts/relations/", {
  body: { contact: "{contact}", type: "nominee" }, status: 409, code: "conflict", field: ["related_contact", "unique"],
});
add("PATCH /contacts/relations/{relation}/ another owner", "PATCH", "/contacts/relations/{relation}/", { body: { contact: MISSING }, field: ["contact", "immutable"] });
add("PATCH /contacts/relations/{relation}/ contact null", "PATCH", "/contacts/relations/{relation}/", { body: { contact: null }, field: ["contact", "required"] });

// Props.
const PROPS = "/contacts/{contact}/props/";
const PROP = { key: "sneaky", value: "x", type: "text" };
for (const [label, body, expected] of [
  ["empty object", {}, ["props", "required"]],
  ["empty list", { props: [] }, ["props", "required"]],
  ["null", { props: null }, ["props", "required"]],
  ["string", { props: "x" }, ["props", "type"]],
  ["number item", { props: [5] }, ["props[0]", "type"]],
  ["key sql", { props: [{ ...PROP, key: SQLI["drop-table"] }] }, ["props[0].key", "pattern"]],
  ["key 100 KiB", { props: [{ ...PROP, key: HUGE }] }, ["props[0].key", "length"]],
  ["value 100 KiB", { props: [{ ...PROP, value: HUGE }] }, ["props[0].value", "length"]],
  ["value empty", { props: [{ ...PROP, value: "" }] }, ["props[0].value", "length"]],
  ["type null", { props: [{ ...PROP, type: null }] }, ["props[0].type", "required"]],
  ["only contact_id", { contact_id: "{contact}" }, ["props", "required"]],
  ["unknown field", { props: [PROP], colour: "red" }, ["colour", "unknown_field"]],
  ["101 props", { props: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: "v", type: "text" })) }, ["props", "length"]],
]) {
  add(`PUT ${PROPS} ${label}`, "PUT", PROPS, { body, field: expected });
}

// Dedupe: invalid requests are refused; valid ones that carry injection only read, and find nothing.
const DEDUPE = "/contacts/dedupe/";
const NAME = { name: "Asha Rao" };
add(`POST ${DEDUPE} neither name nor props`, "POST", DEDUPE, { body: {}, field: ["name", "required"] });
field("POST", DEDUPE, NAME, "name", [...typeCases({ number: 5, array: [] }), ["100 KiB", HUGE, [null, "length"]], ["sql or-1-1", SQLI["or-1-1"], [null, "pattern"]], ["Cyrillic A", "\u0410sha Rao", [null, "pattern"]]]);
field("POST", DEDUPE, NAME, "limit", [
  ["zero", 0, [null, "range"]],
  ["51", 51, [null, "range"]],
  ["2^53 + 2", 9007199254740994, [null, "range"]],
  ["string", "5", [null, "type"]],
  ["fraction", 1.5, [null, "type"]],
]);
field("POST", DEDUPE, NAME, "type", [["unknown", "robot", [null, "enum"]], ["number", 5, [null, "type"]]]);
field("POST", DEDUPE, NAME, "exclude_id", [["path traversal", "../../x", [null, "pattern"]], ["number", 5, [null, "type"]]]);
field("POST", DEDUPE, NAME, "props", [
  ["string", "x", [null, "type"]],
  ["no value", [{ key: "pan_no" }], ["props[0].value", "required"]],
  ["unknown field", [{ key: "pan_no", value: "x", colour: 1 }], ["props[0].colour", "unknown_field"]],
]);
add(`POST ${DEDUPE} unknown field`, "POST", DEDUPE, { body: { ...NAME, colour: "red" }, field: ["colour", "unknown_field"] });
for (const [label, sql] of Object.entries(SQLI)) {
  add(`POST ${DEDUPE} namespace: sql ${label}`, "POST", DEDUPE, {
    body: { ...NAME, namespace: sql }, status: 200, count: 0,
    note: "a valid request: the injection is only a namespace that matches nothing, so nothing is found",
  });
  add(`POST ${DEDUPE} pan value: sql ${label}`, "POST", DEDUPE, {
    body: { props: [{ key: "pan_no", value: sql }] }, status: 200, count: 0,
    note: "a valid request: the value is no PAN, so no identifier is searched and no name was given",
  });
}

// Action bodies. `inactive` would change the contact, so it only gets invalid bodies; approve and reject
// need a scope the runner's token lacks, so a valid body there is a 403; `active` is already in effect.
for (const action of ["approve", "reject", "active", "inactive"]) {
  const p = `/contacts/{contact}/${action}/`;
  for (const [label, body, expected] of [
    ["remarks a number", { remarks: 5 }, ["remarks", "type"]],
    ["remarks empty", { remarks: "" }, ["remarks", "length"]],
    ["remarks 100 KiB", { remarks: HUGE }, ["remarks", "length"]],
    ["unknown field", { remarks: "x", colour: "red" }, ["colour", "unknown_field"]],
  ]) {
    add(`PUT ${p} ${label}`, "PUT", p, { body, field: expected });
  }
}
for (const action of ["approve", "reject"]) {
  const p = `/contacts/{contact}/${action}/`;
  add(`PUT ${p} sql remarks without the scope`, "PUT", p, { body: { remarks: SQLI["drop-table"] }, status: 403, code: "missing_scope" });
}
add("PUT /contacts/{contact}/active/ sql remarks, already active", "PUT", "/contacts/{contact}/active/", {
  body: { remarks: SQLI["or-1-1"] }, status: 200,
  note: "valid: the contact is already active, so this is a no-op 200 that writes nothing",
});
