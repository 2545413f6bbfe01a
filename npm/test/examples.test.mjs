// The examples, built from the packed tarball (`npm pack`, installed with `npm install`) and driven in
// headless Chromium: the plain page without a bundler (npm/examples/contact-form/) and the Vite 8 +
// React 19 + react-hook-form 7 app (npm/examples/vite-react/). Bad values show the API's messages next
// to their inputs; fixed values hand over the normalised body. And what the README promises of other
// consumers (npm/test/consumers/): webpack 5 with no configuration, TanStack Form's core.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";

import { launchChromium, openPage, startServer } from "./support/browser.mjs";
import { fillBadValues, fixValues, preparePlainPage } from "./support/contact-form.mjs";
import { installInto, NPM_DIR, pack } from "./support/tarball.mjs";

const APP = join(NPM_DIR, "examples", "vite-react");
const CONSUMERS = join(NPM_DIR, "test", "consumers");
const bin = (name) => join(APP, "node_modules", ".bin", name);
/** Imports `name` as `dir`'s own dependencies resolve it (the packed package once installed there). */
const importFrom = (dir, name) => import(pathToFileURL(createRequire(join(dir, "package.json")).resolve(name)).href);

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe("the packed tarball", () => {
  it("holds one .wasm, the JavaScript and declarations beside it, the README and nothing else", () => {
    const paths = pack().files.map((f) => f.path).sort();
    assert.deepEqual(paths.filter((p) => p.endsWith(".wasm")), ["pkg/crego_validation_bg.wasm"]);
    for (const entry of ["index", "web", "node"]) {
      assert.ok(paths.includes(`pkg/${entry}.js`), entry);
      assert.ok(paths.includes(`pkg/${entry === "node" ? "index" : entry}.d.ts`), entry);
    }
    assert.ok(paths.includes("pkg/types.d.ts") && paths.includes("README.md") && paths.includes("package.json"));
    assert.deepEqual(paths.filter((p) => !/^(pkg\/[\w.]+\.(js|d\.ts|wasm)|README\.md|package\.json)$/.test(p)), []);
  });
});

describe("the plain page, no bundler, in Chromium", () => {
  let server;
  before(async () => {
    server = await startServer(preparePlainPage());
  });
  after(async () => {
    await server?.close();
  });

  const errorFor = (page, name) => page.locator(`[data-error-for="${name}"]`).textContent();
  const propError = (page, i) => page.locator(".prop").nth(i).locator(".prop-error").textContent();

  it("shows every bad value's message inline, then sends the normalised bodies once they are fixed", async () => {
    const { page, problems } = await openPage(browser, `${server.url}/`, 'body[data-ready="true"]');
    assert.equal(await page.textContent("#summary"), "Fill in the form and press Check.");

    await fillBadValues(page);

    assert.equal(await page.textContent("#summary"), "10 problems to fix.");
    assert.equal(await page.getAttribute("#contact-form", "data-valid"), "false");
    assert.equal(await errorFor(page, "contact:name"), "may contain only letters, digits, spaces and , . - ' & ( )");
    assert.equal(await errorFor(page, "contact:tags"), "`salaried` is already in the list");
    assert.equal(
      await propError(page, 0),
      "value must be 10 characters (5 letters, 4 digits and a letter), not counting spaces and hyphens",
    );
    assert.equal(await propError(page, 1), "value must be a decimal number such as -12 or 3.5");
    assert.equal(
      await propError(page, 2),
      "value must be an Indian mobile number: 10 digits starting 6-9, optionally after +91, 91 or 0",
    );
    assert.equal(await errorFor(page, "address:address_line"), "must be 5 to 100 characters");
    assert.equal(await errorFor(page, "address:city"), "may contain only letters, spaces, . and -");
    assert.equal(await errorFor(page, "address:pincode"), "may contain only digits, the first one 1-9");
    assert.equal(await errorFor(page, "bank:account_number"), "must be 9 to 18 characters");
    assert.equal(
      await errorFor(page, "bank:ifsc"),
      "must be 4 letters, a 0, then 6 letters or digits (e.g. SBIN0001234)",
    );
    assert.equal(await errorFor(page, "address:state"), "");
    assert.equal(await page.getAttribute('[name="name"]', "aria-invalid"), "true");
    assert.equal(await page.getAttribute('[name="state"]', "aria-invalid"), null);
    assert.equal(await page.locator(".section-errors li").count(), 0, "every error sits next to its input");

    await page.fill('[name="name"]', "");
    assert.equal(await errorFor(page, "contact:name"), "is required", "a blank required field is not sent");

    await fixValues(page);

    assert.equal(
      await page.textContent("#summary"),
      "Ready to send: the contact, its address and its bank account pass every rule.",
    );
    assert.deepEqual((await page.locator(".error").allTextContents()).filter((t) => t !== ""), []);
    assert.equal(await page.locator("[aria-invalid]").count(), 0);
    const sent = JSON.parse(await page.textContent("#bodies-json"));
    assert.equal(sent.contact.name, "Rajesh Kumar", "trimmed");
    assert.deepEqual(sent.contact.props, [
      { key: "pan_no", value: "ABCPK1234L", type: "text" },
      { key: "annual_income", value: "1200000", type: "number" },
      { key: "Mobile_No", value: "9876543210", type: "text" },
    ]);
    assert.equal(sent.bank.ifsc, "SBIN0001234", "upper-cased");
    assert.equal("contact_id" in sent.bank || "contact_id" in sent.address, false, "drafts have no owner yet");
    assert.equal(sent.bank.verification_status, "unverified", "defaults filled in");
    assert.deepEqual(problems, [], "no page or console errors");
  });
});

describe("the Vite 8 + React + react-hook-form app in Chromium", () => {
  let server;
  before(async () => {
    assert.ok(existsSync(bin("vite")), `the app's dependencies are missing: run \`make test-npm\` (npm ci in ${APP})`);
    installInto(APP);
    execFileSync(bin("vite"), ["build", "--logLevel", "warn"], { cwd: APP, stdio: "inherit" });
    server = await startServer(join(APP, "dist"));
  });
  after(async () => {
    await server?.close();
  });

  it("type-checks its one resolver line against the packed declarations", () => {
    execFileSync(bin("tsc"), ["--noEmit", "-p", APP], { cwd: APP, stdio: "inherit" });
  });

  it("builds the .wasm as one asset, without a plugin", () => {
    const listing = execFileSync("ls", [join(APP, "dist", "assets")], { encoding: "utf8" }).split("\n");
    assert.equal(listing.filter((f) => f.endsWith(".wasm")).length, 1, listing.join(" "));
  });

  it("react-hook-form's standardSchemaResolver, under Node, maps the issues to its field errors", async () => {
    const { standardSchemaResolver } = await importFrom(APP, "@hookform/resolvers/standard-schema");
    const { contactSchema } = await importFrom(APP, "@crego/validation");
    const resolve = standardSchemaResolver(contactSchema);
    const options = { fields: {}, shouldUseNativeValidation: false };

    const refused = await resolve({ name: "Rajesh@Kumar", props: [{ key: "age", value: "x", type: "number" }] }, undefined, options);
    assert.deepEqual(refused.values, {});
    assert.equal(refused.errors.name.message, "may contain only letters, digits, spaces and , . - ' & ( )");
    assert.equal(refused.errors.namespace.message, "is required");
    assert.equal(refused.errors.props[0].value.message, "must be a decimal number such as -12 or 3.5");

    const body = { name: " Rajesh Kumar", namespace: "Retail", status: "active", type: "individual", rm_id: "" };
    const accepted = await resolve(body, undefined, options);
    assert.deepEqual(accepted.errors, {});
    assert.deepEqual(accepted.values, contactSchema["~standard"].validate(body).value);
    assert.equal(accepted.values.name, "Rajesh Kumar");
  });

  const errorFor = (page, name) => page.locator(`[data-error-for="${name}"]`).textContent();

  it("shows the API's messages from standardSchemaResolver(contactSchema), then submits the normalised body", async () => {
    const { page, problems } = await openPage(browser, `${server.url}/`, "form h1");
    await page.fill('[name="name"]', "Rajesh@Kumar");
    await page.fill('[name="rm_id"]', "RM 7");
    await page.fill('[name="ref_id"]', "CUST 1");
    await page.click("#add-prop");
    await page.fill('[name="props.0.key"]', "annual_income");
    await page.fill('[name="props.0.value"]', "12 lakh");
    await page.selectOption('[name="props.0.type"]', "number");
    await page.click('button[type="submit"]');

    await page.waitForSelector('[data-error-for="name"]:not(:empty)');
    assert.equal(await errorFor(page, "name"), "may contain only letters, digits, spaces and , . - ' & ( )");
    assert.equal(await errorFor(page, "rm_id"), "may contain only letters, digits, _ and -");
    assert.equal(await errorFor(page, "ref_id"), "may contain only letters, digits and . _ / -");
    assert.equal(await errorFor(page, "props.0"), "must be a decimal number such as -12 or 3.5");
    assert.equal(await page.getAttribute('[name="name"]', "aria-invalid"), "true");
    assert.equal(await page.locator("#sent").count(), 0, "nothing is submitted");

    await page.fill('[name="name"]', "  Rajesh Kumar ");
    await page.fill('[name="rm_id"]', "");
    await page.fill('[name="ref_id"]', "");
    await page.fill('[name="props.0.value"]', "1200000");
    await page.click('button[type="submit"]');

    await page.waitForSelector("#sent");
    assert.deepEqual(JSON.parse(await page.textContent("#sent")), {
      name: "Rajesh Kumar",
      namespace: "Retail Banking",
      status: "active",
      type: "individual",
      tags: [],
      refs: {},
      props: [{ key: "annual_income", value: "1200000", type: "number" }],
      rm_id: null,
      branch_id: null,
      ref_id: null,
    });
    assert.deepEqual((await page.locator(".error").allTextContents()).filter((t) => t !== ""), []);
    assert.deepEqual(problems, [], "no page or console errors");
  });

  it("runs in the Vite dev server too, with no configuration for the package", async () => {
    const port = await freePort();
    // NO_COLOR: under CI=true Vite prints the port in bold, escape codes and all.
    const dev = spawn(bin("vite"), ["--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
      cwd: APP,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise((resolve, reject) => {
        const late = setTimeout(() => reject(new Error("vite did not say it was ready within 60 s")), 60_000);
        dev.stdout.on("data", (chunk) => String(chunk).includes(`127.0.0.1:${port}`) && resolve(clearTimeout(late)));
        dev.once("exit", (code) => reject(new Error(`vite exited with ${code}`)));
      });
      const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/`, "form h1");
      await page.fill('[name="name"]', "Rajesh@Kumar");
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-error-for="name"]:not(:empty)');
      assert.equal(await errorFor(page, "name"), "may contain only letters, digits, spaces and , . - ' & ( )");
      assert.deepEqual(problems, [], "no page or console errors");
    } finally {
      dev.kill();
    }
  });
});

describe("other consumers the README names", () => {
  before(() => {
    assert.ok(existsSync(join(CONSUMERS, "node_modules", "webpack")), "run `make test-npm` (npm ci in npm/test/consumers)");
    installInto(CONSUMERS);
  });

  it("webpack 5 bundles the default entry and its .wasm with no configuration, and it runs in Chromium", async () => {
    const { default: webpack } = await importFrom(CONSUMERS, "webpack");
    const dist = join(CONSUMERS, "dist");
    const stats = await new Promise((resolve, reject) =>
      webpack({ mode: "production", context: CONSUMERS, entry: "./src/index.js", output: { path: dist } }, (e, s) =>
        e ? reject(e) : resolve(s),
      ),
    );
    assert.equal(stats.hasErrors() || stats.hasWarnings(), false, stats.toString("errors-warnings"));
    writeFileSync(join(dist, "index.html"), '<!doctype html><link rel="icon" href="data:,"><pre id="result"></pre><script src="main.js"></script>');
    const server = await startServer(dist);
    try {
      const { page, problems } = await openPage(browser, `${server.url}/`, "#result:not(:empty)");
      const { contact, bank } = JSON.parse(await page.textContent("#result"));
      assert.deepEqual(contact.issues.map((i) => [i.path, i.code]), [[["name"], "pattern"]]);
      assert.equal(bank.value.ifsc, "HDFC0000240");
      assert.deepEqual(problems, []);
    } finally {
      await server.close();
    }
  });

  it("TanStack Form puts each issue of contactSchema on its field, and submits the values once they pass", async () => {
    const { FormApi, FieldApi } = await importFrom(CONSUMERS, "@tanstack/form-core");
    const { contactSchema } = await importFrom(CONSUMERS, "@crego/validation");
    let submitted;
    const form = new FormApi({
      defaultValues: { name: "Rajesh@Kumar", namespace: "Retail", status: "active", type: "individual", props: [{ key: "age", value: "x", type: "number" }] },
      validators: { onChange: contactSchema },
      onSubmit: ({ value }) => {
        submitted = value;
      },
    });
    form.mount();
    const [name, value] = ["name", "props[0].value"].map((field) => new FieldApi({ form, name: field }));
    name.mount();
    value.mount();
    await form.handleSubmit();
    assert.deepEqual(name.state.meta.errors.map((i) => i.message), ["may contain only letters, digits, spaces and , . - ' & ( )"]);
    assert.deepEqual(value.state.meta.errors.map((i) => i.code), ["pattern"]);
    assert.equal(submitted, undefined);
    name.setValue("Rajesh Kumar");
    value.setValue("42");
    await form.handleSubmit();
    assert.deepEqual([name.state.meta.errors, submitted?.props[0].value], [[], "42"]);
  });
});

/** A loopback port nothing listens on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
