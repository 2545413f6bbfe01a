// Bodies refused for their shape before any field is read: malformed JSON, deep nesting, wrong media
// types, oversized bodies, JSON that is not an object. Each on every route that reads a body.
import { add } from "./lib.mjs";

// Each route with a body it would accept: a refusal for shape (413, 415) must not depend on the content,
// and one that slipped through would write, which the runner's snapshots would show.
export const WRITES = [
  ["POST", "/namespaces/", { name: "Sneaky" }],
  ["PATCH", "/namespaces/{ns}/", { name: "Sneaky" }],
  ["POST", "/namespaces/{ns}/account-refs/", {}],
  ["POST", "/contacts/", { name: "Sneaky", namespace: "{ns}", status: "active", type: "individual" }],
  ["PATCH", "/contacts/{contact}/", { name: "Sneaky" }],
  ["POST", "/contacts/dedupe/", { name: "Asha Rao" }],
  ["PUT", "/contacts/{contact}/approve/", { remarks: "sneaky" }],
  ["PUT", "/contacts/{contact}/reject/", { remarks: "sneaky" }],
  ["PUT", "/contacts/{contact}/active/", { remarks: "sneaky" }],
  ["PUT", "/contacts/{contact}/inactive/", { remarks: "sneaky" }],
  ["PUT", "/contacts/{contact}/props/", { props: [{ key: "sneaky", value: "x", type: "text" }] }],
  ["POST", "/contacts/addresses/", { contact_id: "{contact}", city: "Pune" }],
  ["PATCH", "/contacts/addresses/{address}/", { city: "Pune" }],
  ["POST", "/contacts/banks/", { contact_id: "{contact}", account_number: "999988887777", ifsc: "HDFC0001234" }],
  ["PATCH", "/contacts/banks/{bank}/", { bank_name: "Sneaky Bank" }],
  ["POST", "/contacts/relations/", { contact: "{contact}", type: "friend" }],
  ["PATCH", "/contacts/relations/{relation}/", { type: "friend" }],
];

const MALFORMED = {
  "open-brace": "{",
  truncated: '{"name": ',
  "trailing-comma": '{"name": "x",}',
  "unclosed-array": "[1, 2",
  "bare-word": "nul",
  "single-quotes": "{'name': 'x'}",
  "trailing-garbage": '{"a": 1} trailing',
  "two-documents": '{"a": 1}{"b": 2}',
  nan: '{"name": NaN}',
  "leading-zero": '{"n": 01}',
  "number-1e400": '{"n": 1e400}',
  "bad-escape": '{"name": "\\x41"}',
  "lone-surrogate": '{"name": "\\ud800"}',
  "byte-order-mark": '\ufeff{"name": "x"}',
  "nul-byte": "\u0000",
};

// Nested deeper than a body may be (limits::BODY_DEPTH, 32): refused from the text, before a parser
// recurses into it, whether or not the rest would parse.
const DEEP = {
  "depth-10000-arrays": "<<repeat:10000:[>><<repeat:10000:]>>",
  "depth-10000-objects": '<<repeat:10000:{"a":>>1<<repeat:10000:}>>',
  "depth-33-unclosed": "<<repeat:33:[>>",
};

const MEDIA_TYPES = ["text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json", null];

for (const [method, path, valid] of WRITES) {
  const at = `${method} ${path}`;
  for (const [label, raw] of Object.entries(MALFORMED)) {
    add(`${at} malformed: ${label}`, method, path, { raw, code: "malformed_json" });
  }
  for (const [label, raw] of Object.entries(DEEP)) {
    add(`${at} too deep: ${label}`, method, path, { raw, field: ["body", "depth"] });
  }
  for (const ct of MEDIA_TYPES) {
    add(`${at} content-type ${ct ?? "absent"}`, method, path, {
      body: valid,
      ct,
      status: 415,
      code: "unsupported_media_type",
    });
  }
  add(`${at} body over 1 MiB (valid JSON padded with spaces)`, method, path, {
    raw: JSON.stringify(valid) + "<<repeat:1048577: >>",
    status: 413,
    code: "payload_too_large",
  });
  add(`${at} unknown field nested 31 deep`, method, path, {
    raw: '{"x": <<repeat:31:[>><<repeat:31:]>>}',
    note: "within the body depth limit, so it reaches the check, which refuses the field",
  });
}

// JSON that is not an object. (`null` is "no body" on the action routes, so it is not sent there.)
for (const [method, path] of WRITES) {
  for (const [label, body] of [["an array", []], ["a string", "x"], ["a number", 42], ["true", true]]) {
    add(`${method} ${path} body is ${label}`, method, path, { body, field: ["body", "type"] });
  }
}
