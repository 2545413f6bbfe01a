// Identifier validation throughput under Node: @crego/validation's validateIdentifier (Rust compiled to
// wasm) against stdnum-js (npm `stdnum`, the differential test's second oracle) on the same 10k values
// of the kinds both know (PAN, Aadhaar, VID, EPIC, GSTIN), about 30% invalid, some written with spaces
// or in lower case. Runs alone (`node bench/identifiers.mjs`) or from bench/run.mjs.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { stdnum } from "stdnum";
import { rng } from "./lib/names.mjs";
import { rate } from "./validation.mjs";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));

const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const pick = (r, alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join("");

/** A candidate of each kind's shape; a published holder type (no K, on which the two differ). */
const SHAPES = {
  pan: (r) => pick(r, LETTERS, 3) + pick(r, "ABCFGHJLPT", 1) + pick(r, LETTERS, 1) + pick(r, "123456789", 4) + pick(r, LETTERS, 1),
  aadhaar: (r) => pick(r, "23456789", 1) + pick(r, DIGITS, 11),
  vid: (r) => pick(r, "23456789", 1) + pick(r, DIGITS, 15),
  epic: (r) => pick(r, LETTERS, 3) + pick(r, DIGITS, 7),
  gstin: (r) => String(1 + Math.floor(r() * 37)).padStart(2, "0") + SHAPES.pan(r) + pick(r, "123456789", 1) + "Z" + pick(r, DIGITS + LETTERS, 1),
};
const KINDS = Object.keys(SHAPES);

/** A valid value: candidates drawn until stdnum-js accepts one (no check digit is computed here). */
function valid(r, kind) {
  for (;;) {
    const candidate = SHAPES[kind](r);
    if (stdnum.IN[kind].validate(candidate).isValid) return candidate;
  }
}

/** What a changed character becomes: not K, which the two judge differently as a PAN holder type. */
const SUBSTITUTES = (DIGITS + LETTERS).replace("K", "");

/** `n` values, about 30% invalid (one character changed), a quarter of the rest spaced or lower case. */
export function identifierValues(n = 10000) {
  const r = rng(13);
  return Array.from({ length: n }, (_, i) => {
    const kind = KINDS[i % KINDS.length];
    let value = valid(r, kind);
    const roll = r();
    if (roll < 0.3) {
      const at = Math.floor(r() * value.length);
      value = value.slice(0, at) + pick(r, SUBSTITUTES, 1) + value.slice(at + 1);
    } else if (roll < 0.4) {
      value = value.toLowerCase();
    } else if (roll < 0.5) {
      value = value.replace(/(.{4})/g, "$1 ").trim();
    }
    return { kind, value };
  });
}

/** Both rates and their ratio; the two must agree on which values are valid. */
export function identifierBench() {
  const { validateIdentifier } = require(`${root}npm/pkg/node/crego_validation.js`);
  const items = identifierValues();
  const wasm = rate("@crego/validation", items, ({ kind, value }) => validateIdentifier(kind, value).ok);
  const js = rate("stdnum-js", items, ({ kind, value }) => stdnum.IN[kind].validate(value).isValid);
  return { wasm, js, ratio: wasm.perSecond / js.perSecond, count: items.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { wasm, js, ratio, count } = identifierBench();
  console.log(`${count} identifiers: ${wasm.label} ${Math.round(wasm.perSecond)}/s (${wasm.valid} valid), ` +
    `${js.label} ${Math.round(js.perSecond)}/s (${js.valid} valid), ratio ${ratio.toFixed(2)}`);
}
