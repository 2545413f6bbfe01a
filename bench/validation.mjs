// Validation throughput under Node: @crego/validation's validateContact (Rust compiled to wasm) against
// an equivalent zod 4 schema, on the same 10k generated contact bodies (about 30% invalid, each in one
// of several ways). Runs alone (`node bench/validation.mjs`) or from bench/run.mjs.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { contactBody, rng } from "./lib/names.mjs";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));

const NAME = /^[a-zA-Z0-9\s,.\-'&()]{1,100}$/;
const PROP_KEY = /^[a-zA-Z0-9\s,.\-'&()_]{1,100}$/;
const CODE = /^[A-Za-z0-9_-]{1,50}$/;
const REF_ID = /^[A-Za-z0-9._/-]{1,50}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const NO_CONTROL = /^\P{Cc}{1,50}$/u;

const unique = (items) => new Set(items).size === items.length;

const prop = z
  .strictObject({
    key: z.string().regex(PROP_KEY),
    value: z.string().min(1).max(500),
    type: z.enum(["file", "number", "text", "boolean"]),
  })
  .superRefine((p, ctx) => {
    if (p.type === "number" && !DECIMAL.test(p.value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "must be a decimal number" });
    }
    if (p.type === "boolean" && p.value !== "true" && p.value !== "false") {
      ctx.addIssue({ code: "custom", path: ["value"], message: "must be true or false" });
    }
  });

const codeOrBlank = z.union([z.literal(""), z.string().regex(CODE)]).nullable().optional();
const readOnly = z.unknown().optional();

/** The contact create rules of validation/src/contact.rs, in zod. */
export const contactSchema = z.strictObject({
  name: z.string().regex(NAME),
  namespace: z.string().min(1).max(50),
  status: z.enum(["active", "inactive"]),
  type: z.enum(["individual", "corporate"]),
  tags: z.array(z.string().regex(NO_CONTROL)).max(50).refine(unique, "duplicate tag").optional(),
  refs: z
    .record(z.string(), z.unknown())
    .refine((r) => Object.keys(r).length <= 50 && JSON.stringify(r).length <= 4096, "too large")
    .optional(),
  props: z
    .array(prop)
    .max(100)
    .refine((ps) => unique(ps.map((p) => p.key)), "duplicate key")
    .optional(),
  rm_id: codeOrBlank,
  branch_id: codeOrBlank,
  ref_id: z.string().regex(REF_ID).nullable().optional(),
  approval_status: readOnly,
  approved_by: readOnly,
  approved_at: readOnly,
  rejected_by: readOnly,
  rejected_at: readOnly,
  rejection_reason: readOnly,
});

const BREAKS = [
  (c) => ({ ...c, name: `${c.name}@home` }),
  (c) => ({ ...c, status: "archived" }),
  (c) => ({ ...c, props: [...c.props, { key: "age", value: "forty", type: "number" }] }),
  (c) => ({ ...c, colour: "blue" }),
  (c) => {
    const { namespace, ...rest } = c;
    return rest;
  },
  (c) => ({ ...c, tags: ["vip", "vip"] }),
];

/** 10k contact bodies, about 30% invalid. */
export function contacts(n = 10000) {
  const r = rng(7);
  return Array.from({ length: n }, (_, i) => {
    const c = contactBody(r, "Retail", i);
    return r() < 0.3 ? BREAKS[i % BREAKS.length](c) : c;
  });
}

export function rate(label, items, check) {
  for (const item of items) check(item); // warm-up pass
  let passes = 0;
  let valid = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.5 || passes < 3) {
    valid = 0;
    for (const item of items) if (check(item)) valid++;
    passes++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return { label, perSecond: (passes * items.length) / elapsed, valid };
}

/** Both rates and their ratio; the two must agree on which bodies are valid. */
export function validationBench() {
  const { validateContact } = require(`${root}npm/pkg/node/crego_validation.js`);
  const items = contacts();
  const wasm = rate("@crego/validation", items, (c) => validateContact(c).ok);
  const zod = rate("zod 4", items, (c) => contactSchema.safeParse(c).success);
  return { wasm, zod, ratio: wasm.perSecond / zod.perSecond, count: items.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { wasm, zod, ratio, count } = validationBench();
  console.log(`${count} contacts: ${wasm.label} ${Math.round(wasm.perSecond)}/s (${wasm.valid} valid), ` +
    `${zod.label} ${Math.round(zod.perSecond)}/s (${zod.valid} valid), ratio ${ratio.toFixed(2)}`);
}
