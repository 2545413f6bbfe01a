// The dedupe quality data (issue 17): synthetic Indian individuals and businesses with known
// duplicates, written as the API takes them, with the truth beside them, in two splits generated from
// independent streams: `fit` (the only data weights and the threshold are fitted on) and `held_out`
// (what quality is reported on). Deterministic from the printed seed.
//
//   node bench/dedupe/generate.mjs [--seed 17] [--records 10000] [--out bench/out/dedupe]
//
// Per split: <split>.jsonl, one record a line in the order they are stored ({id, contact, address}:
// the `POST /contacts/` body and the `POST /contacts/addresses/` body without contact_id, or null), and
// <split>.truth.jsonl ({id, entity, role, edits, related_entity, relation}): records with one `entity`
// are duplicates of each other; `related_entity` marks a deliberate hard negative (a relative, a
// namesake, a look-alike or sister firm) and what it is. manifest.json has the seed and the counts.

import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firmContacts, firmRecord } from "./firm-records.mjs";
import { groupCompany, lookalikeFirm, newFirm } from "./firms.mjs";
import { household, namesake, newPerson } from "./people.mjs";
import { personRecord } from "./person-records.mjs";
import { address, pickCity } from "./places.mjs";
import { rng } from "./random.mjs";

/** One customer in four has been keyed in more than once; most of them twice. */
const DUPLICATED = 0.25;
const duplicates = (r) => (r() >= DUPLICATED ? 0 : r() < 0.7 ? 1 : r() < 0.73 ? 2 : 3);

function generateSplit(seed, prefix, target) {
  const r = rng(seed);
  const groups = [];
  let entities = 0;
  let count = 0;
  /** Adds an entity's records: the original at a random time, its duplicates later. */
  const add = (truth, write, related = null) => {
    const entity = `${prefix}E${String(++entities).padStart(5, "0")}`;
    const t0 = r();
    const rows = [{ t: t0, role: "original", ...write(truth, false) }];
    for (let i = duplicates(r); i > 0; i--) rows.push({ t: t0 + (1 - t0) * r(), role: "duplicate", ...write(truth, true) });
    const room = Math.max(1, target - count);
    const kept = rows.slice(0, room);
    groups.push(kept.map((row) => ({ ...row, entity, related: related && { entity: related.entity, relation: related.relation } })));
    count += kept.length;
    return entity;
  };
  const person = (p, related) => add(p, (t, later) => personRecord(r, t, later), related);
  const firm = (f, related) => add(f, (t, later) => firmRecord(r, t, later), related);
  while (count < target) {
    if (r() < 0.15) {
      const city = pickCity(r);
      const f = firmContacts(r, newFirm(r, city));
      f.address = address(r, city);
      const entity = firm(f);
      if (r() < 0.08 && count < target) {
        const other = firmContacts(r, lookalikeFirm(r, f, r() < 0.5 ? city : pickCity(r)));
        other.address = address(r, other.city);
        firm(other, { entity, relation: "lookalike_firm" });
      }
      if (r() < 0.05 && count < target) {
        const sister = firmContacts(r, groupCompany(r, f), f);
        sister.address = f.address;
        firm(sister, { entity, relation: "group_company" });
      }
      continue;
    }
    const head = newPerson(r);
    const relatives = r() < 0.15 ? household(r, head) : [];
    const entity = person(head);
    for (const { person: p, relation } of relatives) if (count < target) person(p, { entity, relation });
    if (r() < 0.03 && count < target) person(namesake(r, head), { entity, relation: "namesake" });
  }
  const rows = groups.flat().sort((a, b) => a.t - b.t);
  rows.forEach((row, i) => (row.id = `${prefix}${String(i + 1).padStart(6, "0")}`));
  return { rows, entities };
}

function main() {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const seed = Number(arg("seed", 17)) >>> 0;
  const target = Number(arg("records", 10000));
  const out = arg("out", fileURLToPath(new URL("../out/dedupe", import.meta.url)));
  mkdirSync(out, { recursive: true });
  const manifest = { seed, records_per_split: target, splits: {} };
  // Independent streams: no customer of the held-out split was seen while fitting.
  for (const [split, prefix, splitSeed] of [["fit", "F", seed * 2 + 1], ["held_out", "H", seed * 2 + 2]]) {
    const { rows, entities } = generateSplit(splitSeed >>> 0, prefix, target);
    const line = (o) => JSON.stringify(o);
    writeFileSync(`${out}/${split}.jsonl`, rows.map((x) => line({ id: x.id, contact: x.contact, address: x.address })).join("\n") + "\n");
    writeFileSync(
      `${out}/${split}.truth.jsonl`,
      rows
        .map((x) => line({ id: x.id, entity: x.entity, role: x.role, edits: x.edits, related_entity: x.related?.entity ?? null, relation: x.related?.relation ?? null }))
        .join("\n") + "\n",
    );
    const sizes = new Map();
    for (const x of rows) sizes.set(x.entity, (sizes.get(x.entity) ?? 0) + 1);
    const pairs = [...sizes.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
    const negatives = rows.filter((x) => x.related).length;
    manifest.splits[split] = { records: rows.length, entities, duplicate_pairs: pairs, hard_negative_records: negatives };
    process.stderr.write(`dedupe data: seed ${seed}, ${split}: ${rows.length} records of ${entities} customers, ${pairs} duplicate pairs, ${negatives} relatives/namesakes/look-alikes\n`);
  }
  writeFileSync(`${out}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  process.stderr.write(`dedupe data: written to ${out}\n`);
}

main();
