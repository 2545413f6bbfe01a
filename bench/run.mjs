// `make bench` driver: seeds a tenant through the API, drives every scenario with autocannon for a
// bounded time against the running worker (BENCH_URL), measures the two ceilings on the same server in
// the same run, then prints one table with the budgets of bench/README.md beside each figure.
//
// Environment: BENCH_URL (required), BENCH_SECONDS (per scenario, 10), BENCH_CONNECTIONS (16),
// BENCH_SMALL (1000) and BENCH_LARGE (100000) contacts, BENCH_SEED_CONCURRENCY (48),
// BENCH_SEED_MINUTES (stop seeding the large tenant after this long and measure what is there; none),
// BENCH_QUALITY_RECORDS (10000: the dedupe quality split seeded through the API; 0 skips it).

import { gzipSync } from "node:zlib";
import { readFileSync, existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { load } from "./lib/load.mjs";
import { COMMON_NAME, SHARED_MOBILE, contactBody, dob, indianName, pan, rng } from "./lib/names.mjs";
import { dedupeQuality } from "./dedupe/api-quality.mjs";
import { mintToken, pool, request } from "./lib/http.mjs";
import { checkPiiReads, identifiedBody } from "./lib/pii.mjs";
import { browserBench } from "./browser.mjs";
import { identifierBench } from "./identifiers.mjs";
import { validationBench } from "./validation.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const base = env("BENCH_URL");
const seconds = Number(env("BENCH_SECONDS", 10));
const connections = Number(env("BENCH_CONNECTIONS", 16));
const small = Number(env("BENCH_SMALL", 1000));
const large = Number(env("BENCH_LARGE", 100000));
const seedConcurrency = Number(env("BENCH_SEED_CONCURRENCY", 48));
const seedMinutes = Number(env("BENCH_SEED_MINUTES", 0));
const qualityRecords = Number(env("BENCH_QUALITY_RECORDS", 10000));
const SEARCH = env("BENCH_SEARCH", "ajes"); // a fragment of "Rajesh"

if (!base) throw new Error("BENCH_URL is not set (scripts/bench.sh starts wrangler dev and sets it)");
const tenant = `bench-${Date.now().toString(36)}`;
const token = mintToken(`${root}.dev.vars`, tenant, "bench-user");
// The same user with the scope that shows personal data in clear (and records each such read).
const piiToken = mintToken(`${root}.dev.vars`, tenant, "bench-user", "pii:read");
const say = (s) => process.stderr.write(`bench: ${s}\n`);
const r = rng(42);

async function must(method, path, body) {
  const res = await request(base, method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const ids = [];
let seeded = 0;
/** Seeds contacts with client ref ids until the tenant holds `target` seeded ones (or time runs out). */
async function seedTo(target, deadline) {
  const from = seeded;
  const failed = await pool(`seeding to ${target}`, from, target, seedConcurrency, async (i) => {
    if (deadline && Date.now() > deadline) return true;
    const res = await request(base, "POST", "/contacts/", {
      token,
      body: { ...contactBody(r, "Seed", i), ref_id: `S-${String(i).padStart(7, "0")}` },
    });
    if (res.status === 201) {
      if (ids.length < 5000) ids.push(res.body.id);
      seeded++;
      return true;
    }
    return res.status === 409; // a retried create whose first attempt landed
  });
  if (failed) say(`${failed} seed requests failed`);
}

async function total() {
  return (await must("GET", "/contacts/?page_size=1")).count;
}

const anyId = () => ids[Math.floor(Math.random() * ids.length)];
let unique = 0;
// Numbers for the creates with identifiers, apart from the seeds' and the plain creates' (mobiles).
let identified = 2000000;
const scenarios = {
  health: () => ({ method: "GET", path: "/health" }),
  healthDb: () => ({ method: "GET", path: "/health?db=1" }),
  get: () => ({ method: "GET", path: `/contacts/${anyId()}/` }),
  getPii: () => ({ method: "GET", path: `/contacts/${anyId()}/` }), // run with piiToken
  list: () => ({ method: "GET", path: "/contacts/?page_size=20&status=active" }),
  search: () => ({ method: "GET", path: `/contacts/?search=${SEARCH}` }),
  // A third ask for the very common name, a third carry the placeholder mobile, half an address.
  dedupe: () => {
    const props = [{ key: "pan", value: pan(r) }, { key: "date_of_birth", value: dob(r) }];
    if (r() < 0.33) props.push({ key: "mobile", value: SHARED_MOBILE });
    const body = { name: r() < 0.33 ? COMMON_NAME : indianName(r), props, limit: 5 };
    if (r() < 0.5) body.address = { pincode: String(400001 + Math.floor(r() * 99)), city: "Mumbai" };
    return { method: "POST", path: "/contacts/dedupe/", body };
  },
  create1: () => ({ method: "POST", path: "/contacts/", body: contactBody(r, "Ns0", 900000 + unique++) }),
  createIds: () => ({ method: "POST", path: "/contacts/", body: identifiedBody(r, "Ns0", identified++) }),
  create10: () => ({
    method: "POST",
    path: "/contacts/",
    body: contactBody(r, `Ns${unique % 10}`, 900000 + unique++),
  }),
  props: () => ({
    method: "PUT",
    path: `/contacts/${anyId()}/props/`,
    body: { props: [{ key: "monthly_income", value: String(10000 + unique++), type: "number" }] },
  }),
};

const results = {};
async function measure(key, label, scenario, contacts, as = token) {
  say(`${label}: ${seconds} s, ${connections} connections...`);
  const res = await load(base, as, { seconds, connections, next: scenarios[scenario] });
  results[key] = { label, contacts, ...res };
}

// ---- the run ---------------------------------------------------------------------------------------
say(`tenant ${tenant} on ${base}`);
await must("POST", "/namespaces/", { name: "Seed" });
for (let n = 0; n < 10; n++) {
  await must("POST", "/namespaces/", { name: `Ns${n}`, contact_pattern: `N${n}-{YYYY}-{SEQ:7}` });
}
await seedTo(small);
const atSmall = await total();
await measure("health", "GET /health (no I/O ceiling)", "health", atSmall);
await measure("healthDb", "GET /health?db=1 (one-query ceiling)", "healthDb", atSmall);
await checkPiiReads(base, {
  token,
  piiToken,
  auditToken: mintToken(`${root}.dev.vars`, tenant, "bench-auditor", "pii:audit"),
  body: identifiedBody(r, "Seed", identified++),
  seededId: anyId(),
});
await measure("get", "GET /contacts/{id}/ (masked)", "get", atSmall);
await measure("getPii", "GET /contacts/{id}/ (pii:read, in clear)", "getPii", atSmall, piiToken);
await measure("list", "GET /contacts/?page_size=20&status=active", "list", atSmall);
await measure("searchSmall", `GET /contacts/?search=${SEARCH}`, "search", atSmall);
await measure("dedupeSmall", "POST /contacts/dedupe/", "dedupe", atSmall);
await measure("props", "PUT /contacts/{id}/props/", "props", atSmall);
await measure("create1", "POST /contacts/ (pattern ref id, 1 namespace)", "create1", atSmall);
await measure("createIds", "POST /contacts/ (1 namespace, 4 identifiers)", "createIds", atSmall);
await measure("create10", "POST /contacts/ (pattern ref id, 10 namespaces)", "create10", atSmall);
const quality = qualityRecords > 0
  ? await dedupeQuality({ base, devVars: `${root}.dev.vars`, records: qualityRecords, concurrency: seedConcurrency, say })
  : null;
const deadline = seedMinutes > 0 ? Date.now() + seedMinutes * 60000 : 0;
await seedTo(large, deadline);
const atLarge = await total();
if (atLarge < large) say(`seeding stopped at ${atLarge} contacts (BENCH_SEED_MINUTES=${seedMinutes})`);
await measure("searchLarge", `GET /contacts/?search=${SEARCH}`, "search", atLarge);
await measure("dedupeLarge", "POST /contacts/dedupe/", "dedupe", atLarge);

// ---- sizes and validation --------------------------------------------------------------------------
function size(path) {
  if (!existsSync(path)) return null;
  const raw = readFileSync(path);
  return { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
}
const workerWasm = size(`${root}worker/build/index_bg.wasm`);
const npmWasm = size(`${root}npm/pkg/crego_validation_bg.wasm`);
const npmJs = ["index.js", "api.js", "kinds.js", "crego_validation.js"]
  .map((f) => size(`${root}npm/pkg/${f}`))
  .reduce((sum, s) => ({ raw: sum.raw + (s?.raw ?? 0), gz: sum.gz + (s?.gz ?? 0) }), { raw: 0, gz: 0 });
say("validation throughput (10k contacts, @crego/validation vs zod 4)...");
const validation = validationBench();
say("identifier throughput (10k values, @crego/validation vs stdnum-js)...");
const identifiers = identifierBench();
say("the npm package in Chromium (time to first validation; 10k contacts vs zod 4)...");
const browser = await browserBench();

// ---- the table -------------------------------------------------------------------------------------
const ceiling = results.healthDb.rps;
const noIo = results.health.rps;
const met = (ok) => (ok ? "met" : "NOT MET");
const budget = {
  get: (x) => `>= 70% of db ceiling, p99 <= 3 x p50: ${met(x.rps >= 0.7 * ceiling && x.p99 <= 3 * x.p50)}`,
  list: (x) => `>= 50% of db ceiling: ${met(x.rps >= 0.5 * ceiling)}`,
  create1: (x) => `>= 25% of db ceiling: ${met(x.rps >= 0.25 * ceiling)}`,
  create10: (x) => `>= 25% of db ceiling: ${met(x.rps >= 0.25 * ceiling)}`,
  getPii: () => "measured, no budget yet",
  props: () => "measured, no budget yet",
  createIds: () => "measured, no budget yet",
};
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const lines = [];
lines.push(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, ` +
  `${new Date().toISOString()}; ${seconds} s per scenario, ${connections} connections, loopback`);
lines.push("");
lines.push(`${pad("scenario", 50)} ${lpad("contacts", 8)} ${lpad("req/s", 7)} ${lpad("p50 ms", 7)} ${lpad("p99 ms", 7)} ` +
  `${lpad("errors", 6)} ${lpad("/health", 7)} ${lpad("db ceil", 7)}  budget`);
for (const [key, x] of Object.entries(results)) {
  lines.push(`${pad(x.label, 50)} ${lpad(x.contacts, 8)} ${lpad(Math.round(x.rps), 7)} ${lpad(x.p50, 7)} ` +
    `${lpad(x.p99, 7)} ${lpad(x.errors, 6)} ${lpad((x.rps / noIo).toFixed(2), 7)} ${lpad((x.rps / ceiling).toFixed(2), 7)}  ` +
    `${budget[key] ? budget[key](x) : ""}`);
}
lines.push("");
for (const [name, s, l] of [["search", results.searchSmall, results.searchLarge], ["dedupe", results.dedupeSmall, results.dedupeLarge]]) {
  const ratio = l.p50 / Math.max(s.p50, 1e-9);
  lines.push(`${name} at ${l.contacts} vs ${s.contacts} contacts: p50 x${ratio.toFixed(2)}, p99 x${(l.p99 / Math.max(s.p99, 1e-9)).toFixed(2)}` +
    `  budget p50 <= 1.5 x: ${met(ratio <= 1.5)}`);
}
if (quality) {
  const pct = (x) => `${(100 * x).toFixed(2)}%`;
  lines.push(`dedupe quality, held-out split through the API (seed 17, ${quality.records} records, seeded in ` +
    `${Math.round(quality.seedSeconds)} s, asked in ${Math.round(quality.askSeconds)} s): precision ${pct(quality.precision)}, ` +
    `recall ${pct(quality.recall)}, F1 ${quality.f1.toFixed(4)}, recall@1 ${pct(quality.recallAt1)} ` +
    `(${quality.right} of ${quality.returned} results right, ${quality.duplicates} duplicate pairs)  budget F1 >= 0.95: ${met(quality.f1 >= 0.95)}`);
}
lines.push("reads: both read the seeded contacts (PAN and mobile sealed, opened on every read); with pii:read " +
  "they are shown in clear and the read is recorded (one access row written per request)");
lines.push("creates: the plain ones carry PAN and mobile; those with 4 identifiers add an Aadhaar number " +
  "(masked and tokened) and an e-mail (sealed), every mobile, Aadhaar and e-mail unique");
lines.push(`dedupe asks: a third for "${COMMON_NAME}" (a thirty-third of the seeded contacts), a third with the ` +
  `placeholder mobile ${SHARED_MOBILE} (a twentieth of them), half with an address`);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizeLine = (label, s, limitKb) => s
  ? `${label}: ${kb(s.raw)} raw, ${kb(s.gz)} gzipped  budget <= ${limitKb} KB gzipped: ${met(s.gz <= limitKb * 1024)}`
  : `${label}: missing`;
lines.push(sizeLine("worker wasm (worker/build/index_bg.wasm)", workerWasm, 500));
lines.push(sizeLine("npm wasm (npm/pkg/crego_validation_bg.wasm)", npmWasm, 70) +
  `; with it in the browser: ${kb(npmJs.gz)} gzipped of JavaScript (index, api, kinds, the wasm-bindgen glue)`);
lines.push(`validation, ${validation.count} contacts (${validation.wasm.valid} valid): @crego/validation ` +
  `${Math.round(validation.wasm.perSecond)}/s, zod 4 ${Math.round(validation.zod.perSecond)}/s, ` +
  `ratio ${validation.ratio.toFixed(2)}  budget >= 1.0 x zod: ${met(validation.ratio >= 1.0)}`);
if (validation.wasm.valid !== validation.zod.valid) lines.push("warning: the two validators disagree on validity");
lines.push(`identifiers, ${identifiers.count} values (${identifiers.wasm.valid} valid): @crego/validation validateIdentifier ` +
  `${Math.round(identifiers.wasm.perSecond)}/s, stdnum-js ${Math.round(identifiers.js.perSecond)}/s, ` +
  `ratio ${identifiers.ratio.toFixed(2)}  (measured, no budget)`);
if (identifiers.wasm.valid !== identifiers.js.valid) lines.push("warning: validateIdentifier and stdnum-js disagree on validity");
const t = browser.firstValidationMs;
lines.push(`Chromium, time to first validation (import, fetch and compile the .wasm, one validateContact): median ` +
  `${t.median.toFixed(1)} ms (${t.min.toFixed(1)}-${t.max.toFixed(1)} ms over ${t.loads} fresh contexts)  (measured, no budget)`);
for (const [label, race] of [["validateContact vs zod safeParse", browser.validate], ["~standard.validate, ours vs zod's", browser.standard]]) {
  const [ours, zod] = Object.values(race.rates);
  lines.push(`Chromium, ${browser.count} contacts, ${label}: ${Math.round(ours.perSecond)}/s vs ${Math.round(zod.perSecond)}/s, ` +
    `ratio ${race.ratio.toFixed(2)}  (measured, no budget)`);
  if (ours.valid !== zod.valid) lines.push(`warning: ${label}: the two disagree on validity`);
}
console.log(lines.join("\n"));
