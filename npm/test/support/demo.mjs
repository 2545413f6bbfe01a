// What the demo test and `make demo-screenshot` share: a tiny static server for npm/ on 127.0.0.1
// (a free port), Debian's Chromium through playwright-core (never a browser download), and the two
// ways of filling the contact form: with bad values, and with those values fixed.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

/** npm/: the demo page imports ../../pkg/web/, so the server's root is the package directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEMO_PATH = "/examples/contact-form/";
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

/** Serves `root` read-only on 127.0.0.1 and a free port. Resolves to { url, close }. */
export async function startServer(root = PACKAGE_ROOT) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw new Error("outside");
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      await stat(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Headless Debian Chromium, offline and quiet. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Opens the demo and waits until the rules are loaded. Collects page errors and console errors. */
export async function openDemo(browser, baseUrl) {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(baseUrl + DEMO_PATH);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, problems };
}

const prop = (page, i, part) => page.locator(".prop").nth(i).locator(`.prop-${part}`);

/** Types a value wrong in every section, then presses Check. */
export async function fillBadValues(page) {
  await page.fill('[name="name"]', "Rajesh@Kumar");
  await page.fill('[name="tags"]', "salaried, pune, salaried");
  await prop(page, 0, "key").fill("pan_no");
  await prop(page, 0, "value").fill("ABCPK1234");
  await page.click("#add-prop");
  await prop(page, 1, "key").fill("annual_income");
  await prop(page, 1, "value").fill("12 lakh");
  await prop(page, 1, "type").selectOption("number");
  await page.fill('[name="address_line"]', "Flat");
  await page.fill('[name="city"]', "Pune 411");
  await page.fill('[name="state"]', "Maharashtra");
  await page.fill('[name="pincode"]', "041100");
  await page.fill('[name="account_number"]', "12345678");
  await page.fill('[name="ifsc"]', "SBIN1001234");
  await page.fill('[name="account_holder_name"]', "Rajesh Kumar");
  await page.click("#check");
}

/** Fixes every bad value; the form re-checks as it is typed into. */
export async function fixValues(page) {
  await page.fill('[name="name"]', "Rajesh Kumar");
  await page.fill('[name="tags"]', "salaried, pune");
  await prop(page, 0, "value").fill("ABCPK1234L");
  await prop(page, 1, "value").fill("1200000");
  await page.fill('[name="address_line"]', "Flat 4B, Sai Residency, 12/3 M.G. Road");
  await page.fill('[name="city"]', "Pune");
  await page.fill('[name="pincode"]', "411001");
  await page.fill('[name="account_number"]', "000123456789");
  await page.fill('[name="ifsc"]', "sbin0001234");
  await page.selectOption('[name="account_type"]', "savings");
}
