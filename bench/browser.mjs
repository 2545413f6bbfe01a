// The npm package in headless Chromium (Debian's, through playwright-core), as a site loads it from the
// packed tarball: the time to first validation (the package imported, its .wasm fetched and compiled,
// one validateContact answered) in fresh browser contexts, and validations per second against zod 4 on
// the same 10k contacts as under Node. Runs alone (`node bench/browser.mjs`, after `make npm-build`) or
// from bench/run.mjs.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

import { buildSync } from "esbuild";

import { launchChromium, startServer } from "../npm/test/support/browser.mjs";
import { installInto } from "../npm/test/support/tarball.mjs";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "@crego/validation": "./node_modules/@crego/validation/pkg/index.js" } }</script>
<title>@crego/validation bench</title>`;

const FIRST = { name: "Rajesh Kumar", namespace: "Retail", status: "active", type: "individual" };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `{ firstValidationMs: {median, min, max, loads}, count, validate, standard }` (see lib/race.mjs). */
export async function browserBench({ loads = 7 } = {}) {
  const site = mkdtempSync(join(tmpdir(), "crego-browser-bench-"));
  installInto(site);
  writeFileSync(join(site, "index.html"), PAGE);
  buildSync({
    entryPoints: [fileURLToPath(new URL("./lib/browser-suite.mjs", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(site, "suite.js"),
    logLevel: "warning",
  });
  const server = await startServer(site);
  const browser = await launchChromium();
  try {
    const times = [];
    for (let i = 0; i < loads; i++) {
      // A fresh context each time: nothing cached, neither the files nor the compiled module.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      times.push(
        await page.evaluate(async (body) => {
          const started = performance.now();
          const { validateContact } = await import("@crego/validation");
          if (!validateContact(body).ok) throw new Error("the first body should be valid");
          return performance.now() - started;
        }, FIRST),
      );
      await context.close();
    }
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const races = await page.evaluate(async () => {
      const pkg = await import("@crego/validation");
      const { run } = await import("./suite.js");
      return run(pkg);
    });
    const firstValidationMs = { median: median(times), min: Math.min(...times), max: Math.max(...times), loads };
    return { firstValidationMs, ...races };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { firstValidationMs: t, count, validate, standard } = await browserBench();
  const line = (label, { rates, ratio }) => {
    const [ours, zod] = Object.values(rates);
    return `${label}: @crego/validation ${Math.round(ours.perSecond)}/s (${ours.valid} valid), ` +
      `zod 4 ${Math.round(zod.perSecond)}/s (${zod.valid} valid), ratio ${ratio.toFixed(2)}`;
  };
  console.log(`Chromium, time to first validation (import, fetch and compile the .wasm, one validateContact): ` +
    `median ${t.median.toFixed(1)} ms (${t.min.toFixed(1)}-${t.max.toFixed(1)} ms over ${t.loads} fresh loads)`);
  console.log(line(`Chromium, ${count} contacts, validateContact vs safeParse`, validate));
  console.log(line(`Chromium, ${count} contacts, ~standard.validate`, standard));
}
