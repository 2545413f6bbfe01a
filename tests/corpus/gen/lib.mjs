// The corpus under construction and the one way to add to it.

export const MISSING = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
export const HUGE = "<<repeat:102400:a>>"; // 100 KiB of `a`
export const SQLI = {
  "or-1-1": "' OR 1=1 --",
  "drop-table": '"; DROP TABLE contacts; --',
  "union-select": "%' UNION SELECT id, tenant_id FROM contacts --",
};
export const LOOKALIKE = {
  cyrillic: "\u0410sha Rao", // Cyrillic capital A
  "zero-width-space": "Asha\u200bRao",
  "rtl-override": "\u202eoaR ahsA",
};

export const entries = [];
const names = new Set();

/**
 * Adds one entry. `body` is sent JSON-encoded, `raw` as written; `ct` overrides the content type
 * (`null`: none). `status` defaults to 400, `code` to `validation_failed` for a 4xx; `field` is a
 * `[field, code]` the problem's `errors` must hold; `count` the `count` a 200 list must have.
 */
export function add(name, method, path, o = {}) {
  if (names.has(name)) throw new Error(`duplicate entry name: ${name}`);
  names.add(name);
  const e = { name, method, path };
  if (o.headers) e.headers = o.headers;
  if (o.body !== undefined) e.body = JSON.stringify(o.body);
  if (o.raw !== undefined) e.body = o.raw;
  if ("ct" in o) e.content_type = o.ct;
  e.expect_status = o.status ?? 400;
  const ok = [e.expect_status].flat().every((s) => s < 300);
  if (!ok) e.expect_code = o.code ?? "validation_failed";
  if (o.field) e.expect_field = o.field;
  if (o.count !== undefined) e.expect_count = o.count;
  if (o.note) e.note = o.note;
  entries.push(e);
}

/** `base` with `field` set to `value` (or removed, for `undefined`). */
export function withField(base, field, value) {
  const out = { ...base };
  if (value === undefined) delete out[field];
  else out[field] = value;
  return out;
}

const WRONG_TYPES = { number: 5, array: [], object: {}, boolean: true };

/** Entries for `field` of `base` sent to `method path`: each [label, value, [field, code]]. */
export function field(method, path, base, name, cases) {
  for (const [label, value, expected, extra] of cases) {
    add(`${method} ${path} ${name}: ${label}`, method, path, {
      body: withField(base, name, value),
      field: expected === undefined ? undefined : [expected[0] ?? name, expected[1]],
      ...extra,
    });
  }
}

/** Each wrong JSON type for a string field: a `type` fault. */
export const typeCases = (types = WRONG_TYPES) => Object.entries(types).map(([l, v]) => [l, v, [null, "type"]]);
/** Text rules: huge, look-alikes and injection all fail `pattern` (or `length`). */
export const textCases = (patternCode = "pattern") => [
  ["100 KiB", HUGE, [null, "length"]],
  ...Object.entries(LOOKALIKE).map(([l, v]) => [l, v, [null, patternCode]]),
  ...Object.entries(SQLI).map(([l, v]) => [`sql ${l}`, v, [null, patternCode]]),
  ["nul and bell", "Asha\u0000Rao\u0007", [null, patternCode]],
];

