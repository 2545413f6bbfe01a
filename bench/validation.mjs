// Validation throughput under Node: @crego/validation's validateContact (Rust compiled to wasm) against
// an equivalent zod 4 schema, on the same 10k generated contact bodies (about 30% invalid, each in one
// of several ways). Runs alone (`node bench/validation.mjs`) or from bench/run.mjs.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { contactSchema, contacts } from "./lib/contacts.mjs";
import { race } from "./lib/race.mjs";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Both rates, interleaved, and their ratio; the two must agree on which bodies are valid. */
export function validationBench() {
  const { validateContact } = require(`${root}npm/pkg/node.js`);
  const items = contacts();
  const { rates, ratio } = race(items, {
    "@crego/validation": (c) => validateContact(c).ok,
    "zod 4": (c) => contactSchema.safeParse(c).success,
  });
  const wasm = { label: "@crego/validation", ...rates["@crego/validation"] };
  const zod = { label: "zod 4", ...rates["zod 4"] };
  return { wasm, zod, ratio, count: items.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { wasm, zod, ratio, count } = validationBench();
  console.log(`${count} contacts: ${wasm.label} ${Math.round(wasm.perSecond)}/s (${wasm.valid} valid), ` +
    `${zod.label} ${Math.round(zod.perSecond)}/s (${zod.valid} valid), ratio ${ratio.toFixed(2)}`);
}
