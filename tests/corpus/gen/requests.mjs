// Query parameters, paths and methods: injection in every query parameter, unknown and repeated ones,
// path traversal in ids, methods a route does not allow, and headers that must stop a write.
import { add, MISSING, SQLI } from "./lib.mjs";

const enc = encodeURIComponent;
const LISTS = {
  "/namespaces/": ["search"],
  "/contacts/": ["search", "namespace", "tags"],
  "/contacts/addresses/": ["search", "tags"],
  "/contacts/banks/": ["search", "tags"],
  "/contacts/relations/": [],
};

// Injection in a free-text parameter is a valid search for a string nobody stored: 200, count 0.
for (const [list, params] of Object.entries(LISTS)) {
  for (const param of params) {
    for (const [label, sql] of Object.entries(SQLI)) {
      add(`GET ${list} ${param}: sql ${label}`, "GET", `${list}?${param}=${enc(sql)}`, {
        status: 200, count: 0,
        note: "valid: the value is bound as a parameter and matches nothing, so the list is empty",
      });
    }
  }
}
// `%` and `_` are literal in `search`, a look-alike is another letter, a broken escape is text.
for (const list of ["/namespaces/", "/contacts/"]) {
  add(`GET ${list} search: broken percent escape`, "GET", `${list}?search=%zz`, { status: 200, count: 0, note: "read as the text %zz, which matches nothing" });
}
for (const [label, value] of [["percent", "%"], ["underscore", "_"], ["Cyrillic A", "\u0410sha"], ["zero-width space", "As\u200bha"]]) {
  for (const list of ["/namespaces/", "/contacts/"]) {
    add(`GET ${list} search: ${label}`, "GET", `${list}?search=${enc(value)}`, { status: 200, count: 0, note: "matches nothing the tenant stored" });
  }
}

// Parameters that must be ids or one of a few values refuse injection outright.
const REFUSED = [
  ["/contacts/", "status", "enum"],
  ["/contacts/", "type", "enum"],
  ["/contacts/", "approval_status", "enum"],
  ["/contacts/", "expand", "enum"],
  ["/contacts/{contact}/", "expand", "enum"],
  ["/contacts/addresses/", "contact", "pattern"],
  ["/contacts/banks/", "contact", "pattern"],
  ["/contacts/relations/", "contact", "pattern"],
  ["/contacts/relations/", "related_contact", "pattern"],
  ["/contacts/relations/", "type", "enum"],
  ["/namespaces/", "created_at_after", "pattern"],
  ["/contacts/", "created_at_before", "pattern"],
  ["/contacts/addresses/", "created_at_after", "pattern"],
  ["/namespaces/", "page", "type"],
  ["/contacts/{contact}/history/", "page_size", "type"],
];
for (const [path, param, code] of REFUSED) {
  for (const [label, sql] of Object.entries(SQLI)) {
    add(`GET ${path} ${param}: sql ${label}`, "GET", `${path}?${param}=${enc(sql)}`, { code: "invalid_query", field: [param, code] });
  }
}

// Malformed, unknown and repeated parameters.
const QUERIES = [
  ["/namespaces/", "search=", ["search", "length"]],
  ["/namespaces/", `search=${"a".repeat(101)}`, ["search", "length"]],
  ["/contacts/", "search=a%00b", ["search", "length"]],
  ["/namespaces/", "page=0", ["page", "range"]],
  ["/namespaces/", "page=-1", ["page", "type"]],
  ["/namespaces/", "page=1e3", ["page", "type"]],
  ["/namespaces/", "page=99999999999999999999999", ["page", "range"]],
  ["/contacts/", "page_size=101", ["page_size", "range"]],
  ["/contacts/", "page_size=0", ["page_size", "range"]],
  ["/contacts/", "tags=a,,b", ["tags", "pattern"]],
  ["/contacts/", "namespace=", ["namespace", "length"]],
  ["/contacts/", "created_at_after=2026-13-45", ["created_at_after", "pattern"]],
  ["/contacts/", "expand=addresses,..%2F..%2Fetc", ["expand", "enum"]],
  ["/contacts/addresses/", `contact=${enc("../../etc/passwd")}`, ["contact", "pattern"]],
  ["/contacts/banks/", `contact=${enc("%2e%2e%2f")}`, ["contact", "pattern"]],
  ["/contacts/relations/", "search=x", ["search", "unknown_field"]],
  ["/contacts/relations/", "tags=x", ["tags", "unknown_field"]],
  ["/contacts/addresses/", "type=friend", ["type", "unknown_field"]],
  ["/namespaces/", "colour=red", ["colour", "unknown_field"]],
  ["/namespaces/", "PAGE=1", ["PAGE", "unknown_field"]],
  ["/contacts/", "page=1&page=2", ["page", "duplicate"]],
  ["/contacts/", "search", ["search", "length"]],
  ["/contacts/", "%zz=1", ["%zz", "unknown_field"]],
  ["/contacts/", `expand=${"a".repeat(51)}`, ["expand", "pattern"]],
  ["/contacts/banks/", "page_size=1e400", ["page_size", "type"]],
  ["/contacts/{contact}/", "expand=addresses&expand=banks", ["expand", "duplicate"]],
  ["/contacts/{contact}/", "colour=red", ["colour", "unknown_field"]],
  ["/contacts/{contact}/history/", "action=create", ["action", "unknown_field"]],
  ["/contacts/{contact}/history/", "page=0", ["page", "range"]],
  // Routes that take no parameters refuse any.
  ["/namespaces/{ns}/", "colour=red", ["colour", "unknown_field"]],
  ["/contacts/{contact}/props/", "keys=pan_no", ["keys", "unknown_field"]],
  ["/contacts/addresses/{address}/", `id=${enc(SQLI["or-1-1"])}`, ["id", "unknown_field"]],
  ["/contacts/banks/{bank}/", "tenant_id=other", ["tenant_id", "unknown_field"]],
  ["/contacts/relations/{relation}/", "expand=relations", ["expand", "unknown_field"]],
];
for (const [path, query, field] of QUERIES) {
  add(`GET ${path}?${query}`, "GET", `${path}?${query}`, { code: "invalid_query", field });
}
// Writes with a query they do not take are refused before the body is read.
for (const [method, path] of [["PATCH", "/namespaces/{ns}/"], ["PUT", "/contacts/{contact}/inactive/"], ["DELETE", "/contacts/banks/{bank}/"], ["POST", "/namespaces/"]]) {
  add(`${method} ${path}?force=true`, method, `${path}?force=true`, { body: method === "DELETE" ? undefined : { name: "Sneaky" }, code: "invalid_query", field: ["force", "unknown_field"] });
}

// The props DELETE query.
const PROPS = "/contacts/{contact}/props/";
for (const [query, field] of [["", ["keys", "required"]], ["all=yes", ["all", "enum"]], ["keys=", ["keys", "pattern"]], ["keys=a&all=true", ["keys", "required"]], ["keys=pan_no%00", ["keys", "pattern"]], ["keys=a&keys=b", ["keys", "duplicate"]], ["colour=red", ["colour", "unknown_field"]]]) {
  add(`DELETE ${PROPS}?${query}`, "DELETE", `${PROPS}${query ? "?" : ""}${query}`, { code: "invalid_query", field });
}
for (const [label, sql] of Object.entries(SQLI)) {
  add(`DELETE ${PROPS} keys: sql ${label}`, "DELETE", `${PROPS}?keys=${enc(sql)}`, {
    status: 204, note: "valid: no prop has that key, so nothing is removed (204, no write)",
  });
}

// Path traversal and malformed ids: never a route, or an id that names nothing.
const NOT_FOUND = [
  "/namespaces/..%2F..%2Fcontacts/",
  "/contacts/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
  "/contacts/{contact}%2F..%2F..%2Fnamespaces/",
  "/contacts/..%252f..%252fnamespaces/",
  "/contacts/addresses/..%2F{address}/",
  "/contacts/{contact}%00/",
  "/contacts/%00/",
  "/namespaces/{ns}/..%2Faccount-refs/",
  "/contacts/{contact}/props%2F..%2F..%2F/",
  "/contacts/{contact}/..%2f..%2fnamespaces%2f{ns}/",
  "/contacts/......../",
  "/contacts/{contact}%2F/",
  "//namespaces/",
  "/contacts/<<repeat:5000:a>>/",
  `/contacts/${MISSING.slice(0, -2)}\u0410V/`,
  `/contacts/${enc(SQLI["or-1-1"])}/`,
  `/contacts/banks/${enc(SQLI["union-select"])}/`,
  "/contacts/{contact};/",
  "/contacts/{contact}/history/extra/",
  "/namespaces/{ns}/account-refs/{ns}/",
];
for (const path of NOT_FOUND) {
  add(`GET ${path}`, "GET", path, { status: 404, code: "not_found" });
}
for (const [method, path] of [["DELETE", "/contacts/addresses/..%2F{address}/"], ["PATCH", "/contacts/{contact}%2F..%2F/"], ["PUT", "/contacts/{contact}/inactive%2F..%2F/"], ["DELETE", "/namespaces/{ns}%00/"]]) {
  add(`${method} ${path}`, method, path, { body: method === "PATCH" ? { name: "Sneaky" } : undefined, status: 404, code: "not_found" });
}
// Dot segments are resolved by the client (and by any proxy) before the worker sees the path: these land
// on a list of the same tenant. Reads only: a write through `..` would be a write to where it lands.
for (const path of ["/contacts/{contact}/../../namespaces/", "/contacts/addresses/%2e%2e/banks/"]) {
  add(`GET ${path} (dot segments)`, "GET", path, { status: 200, note: "resolved to a list of the caller's own tenant before it is sent" });
}

// Methods a route does not allow: 405 with Allow, before the body.
const WRONG_METHODS = [
  ["PUT", "/namespaces/"], ["DELETE", "/namespaces/"], ["PATCH", "/namespaces/"],
  ["PUT", "/namespaces/{ns}/"], ["POST", "/namespaces/{ns}/"],
  ["GET", "/namespaces/{ns}/account-refs/"], ["DELETE", "/namespaces/{ns}/account-refs/"],
  ["PUT", "/contacts/"], ["DELETE", "/contacts/"], ["PATCH", "/contacts/"],
  ["GET", "/contacts/dedupe/"], ["DELETE", "/contacts/dedupe/"],
  ["DELETE", "/contacts/{contact}/"], ["PUT", "/contacts/{contact}/"], ["POST", "/contacts/{contact}/"],
  ["POST", "/contacts/{contact}/history/"], ["DELETE", "/contacts/{contact}/history/"],
  ["GET", "/contacts/{contact}/approve/"], ["POST", "/contacts/{contact}/approve/"], ["DELETE", "/contacts/{contact}/inactive/"],
  ["POST", "/contacts/{contact}/props/"], ["PATCH", "/contacts/{contact}/props/"],
  ["PUT", "/contacts/addresses/"], ["DELETE", "/contacts/banks/"], ["PATCH", "/contacts/relations/"],
  ["POST", "/contacts/addresses/{address}/"], ["PUT", "/contacts/banks/{bank}/"], ["POST", "/contacts/relations/{relation}/"],
  ["POST", "/health"],
  // Methods that reach the worker but that its runtime binding does not know (it would read them as GET).
  // Wholly unknown ones (FOO, LINK) never reach it: the runtime itself answers 501.
  ["PURGE", "/namespaces/"], ["PROPFIND", "/contacts/"], ["SEARCH", "/contacts/addresses/"],
  ["PURGE", "/contacts/banks/{bank}/"], ["PROPFIND", "/namespaces/{ns}/"],
];
for (const [method, path] of WRONG_METHODS) {
  add(`${method} ${path} (not allowed)`, method, path, { body: method === "GET" || method === "DELETE" ? undefined : { name: "Sneaky" }, status: 405, code: "method_not_allowed" });
}

// Headers that must stop a valid write: a stale or malformed If-Match, a bad Idempotency-Key.
for (const [label, tag] of [["stale", '"999"'], ["not a version", '"abc"'], ["weak zero", 'W/"0"'], ["empty", '""']]) {
  add(`PATCH /namespaces/{ns}/ If-Match ${label}`, "PATCH", "/namespaces/{ns}/", { headers: { "If-Match": tag }, body: { name: "Sneaky" }, status: 412, code: "precondition_failed" });
  add(`DELETE /contacts/addresses/{address}/ If-Match ${label}`, "DELETE", "/contacts/addresses/{address}/", { headers: { "If-Match": tag }, status: 412, code: "precondition_failed" });
  add(`PUT /contacts/{contact}/props/ If-Match ${label}`, "PUT", PROPS, { headers: { "If-Match": tag }, body: { props: [{ key: "sneaky", value: "x", type: "text" }] }, status: 412, code: "precondition_failed" });
}
add("POST /namespaces/ Idempotency-Key of 256 characters", "POST", "/namespaces/", { headers: { "Idempotency-Key": "k".repeat(256) }, body: { name: "Sneaky" }, code: "invalid_query", field: ["Idempotency-Key", "length"] });
add("DELETE /namespaces/{ns}/ in use", "DELETE", "/namespaces/{ns}/", { status: 409, code: "namespace_in_use" });
add("POST /namespaces/{ns}/account-refs/ without an account pattern", "POST", "/namespaces/{ns}/account-refs/", { status: 409, code: "no_account_pattern" });
