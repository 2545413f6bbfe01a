// Dedupe quality through the API (issue 17): the held-out split of bench/dedupe (seed 17) is seeded
// into a tenant of its own (each record's contact, then its address), then every record is sent as a
// dedupe request (its name, type, props and address, `exclude_id` itself, the default `min_score` and
// `limit`), and the answers are scored against the truth as worker/examples/dedupe_eval does offline:
// precision, recall and F1 over (request, result) pairs, recall@1 over the requests that have a
// stored duplicate. The weights were fitted on the `fit` split only.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mintToken, pool, request } from "../lib/http.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const readLines = (path) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

/** The held-out split of `records` records a split, generated into bench/out/dedupe when missing. */
function heldOut(records) {
  const out = fileURLToPath(new URL("../out/dedupe", import.meta.url));
  const manifest = `${out}/manifest.json`;
  const current = existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8"));
  if (!current || current.seed !== 17 || current.records_per_split !== records) {
    execFileSync("node", [`${here}generate.mjs`, "--seed", "17", "--records", String(records), "--out", out], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const truth = new Map(readLines(`${out}/held_out.truth.jsonl`).map((t) => [t.id, t]));
  return readLines(`${out}/held_out.jsonl`).map((row) => ({ ...row, entity: truth.get(row.id).entity }));
}

/** Precision, recall, F1 and recall@1 of the answers (`answers[i]`: record indices, best first). */
export function quality(rows, answers) {
  const members = new Map();
  rows.forEach((row, i) => members.set(row.entity, [...(members.get(row.entity) ?? []), i]));
  let duplicates = 0, returned = 0, right = 0, withDuplicates = 0, firstRight = 0;
  answers.forEach((found, i) => {
    const same = new Set(members.get(rows[i].entity).filter((j) => j !== i));
    duplicates += same.size;
    returned += found.length;
    right += found.filter((j) => same.has(j)).length;
    if (same.size > 0) {
      withDuplicates++;
      if (found.length > 0 && same.has(found[0])) firstRight++;
    }
  });
  const precision = right / Math.max(returned, 1);
  const recall = right / Math.max(duplicates, 1);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { duplicates, returned, right, precision, recall, f1, recallAt1: firstRight / Math.max(withDuplicates, 1) };
}

/** The dedupe request of a record, as a client would send the record it is about to store. */
function ask(row, id) {
  const body = {
    name: row.contact.name,
    type: row.contact.type,
    props: row.contact.props.map(({ key, value }) => ({ key, value })),
    exclude_id: id,
  };
  if (row.address) {
    const { pincode, city, address_line } = row.address;
    body.address = { pincode, city, address_line };
  }
  return body;
}

/** Seeds the held-out split through the API at `base`, asks each record's duplicates, scores them. */
export async function dedupeQuality({ base, devVars, records, concurrency, say }) {
  const rows = heldOut(records);
  const tenant = `bench-dedupe-${Date.now().toString(36)}`;
  const token = mintToken(devVars, tenant, "bench-dedupe");
  for (const name of ["Retail", "SME"]) {
    const res = await request(base, "POST", "/namespaces/", { token, body: { name } });
    if (res.status !== 201) throw new Error(`namespace ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  say(`dedupe quality: seeding ${rows.length} held-out records (and their addresses) into ${tenant}...`);
  const ids = new Array(rows.length);
  const seeded = Date.now();
  // A retried create replays its first answer (Idempotency-Key): a lost response makes no second record.
  const once = (what, i) => ({ "idempotency-key": `${tenant}-${what}-${i}` });
  const failedSeeds = await pool("seeding the held-out split", 0, rows.length, concurrency, async (i) => {
    if (!ids[i]) {
      const res = await request(base, "POST", "/contacts/", { token, body: rows[i].contact, headers: once("c", i) });
      if (res.status !== 201) return false;
      ids[i] = res.body.id;
    }
    if (!rows[i].address) return true;
    const address = { ...rows[i].address, contact_id: ids[i] };
    const res = await request(base, "POST", "/contacts/addresses/", { token, body: address, headers: once("a", i) });
    return res.status === 201;
  });
  if (failedSeeds) throw new Error(`${failedSeeds} held-out records could not be seeded`);
  const seedSeconds = (Date.now() - seeded) / 1000;
  const index = new Map(ids.map((id, i) => [id, i]));
  const answers = new Array(rows.length);
  const asked = Date.now();
  const failedAsks = await pool("asking each record's duplicates", 0, rows.length, concurrency, async (i) => {
    const res = await request(base, "POST", "/contacts/dedupe/", { token, body: ask(rows[i], ids[i]) });
    if (res.status !== 200) return false;
    answers[i] = res.body.results.map((r) => index.get(r.contact.id));
    return true;
  });
  if (failedAsks) throw new Error(`${failedAsks} dedupe requests failed`);
  const askSeconds = (Date.now() - asked) / 1000;
  return { records: rows.length, seedSeconds, askSeconds, ...quality(rows, answers) };
}
