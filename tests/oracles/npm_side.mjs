// The JavaScript side of the identifier differential test (tests/oracles/differential.py): each line
// `{"kind", "value"}` of the file named on the command line gives one stdout line with the verdict of
// the built npm package (npm/pkg/node, `make npm-build`) and of stdnum-js (npm `stdnum`, pinned in
// package.json) where it has the kind: `{"npm": {ok, normalized, codes}, "js": {ok, compact} | null}`.
import { readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { stdnum } from "stdnum";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../..", import.meta.url));
const { validateIdentifier } = require(`${root}npm/pkg/node/crego_validation.js`);

/** stdnum-js's validator per kind it has. */
const JS = { pan: stdnum.IN.pan, aadhaar: stdnum.IN.aadhaar, vid: stdnum.IN.vid, epic: stdnum.IN.epic, gstin: stdnum.IN.gstin };

const lines = readFileSync(process.argv[2], "utf8").split("\n");
let out = [];
const flush = () => {
  writeSync(1, out.join(""));
  out = [];
};
for (const line of lines) {
  if (line === "") continue;
  const { kind, value } = JSON.parse(line);
  const r = validateIdentifier(kind, value);
  const npm = { ok: r.ok, normalized: r.normalized, codes: r.errors.map((e) => e.code) };
  let js = null;
  if (JS[kind]) {
    const v = JS[kind].validate(value);
    js = { ok: v.isValid, compact: v.isValid ? v.compact : null };
  }
  out.push(`${JSON.stringify({ npm, js })}\n`);
  if (out.length >= 10000) flush();
}
flush();
