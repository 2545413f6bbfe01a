// `make demo-screenshot`: the plain-page contact form (built from the packed tarball) with bad values
// typed in and checked, as a PNG for humans to look at. Usage: node npm/scripts/demo-screenshot.mjs [out.png]
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";

import { launchChromium, openPage, startServer } from "../test/support/browser.mjs";
import { fillBadValues, preparePlainPage } from "../test/support/contact-form.mjs";

const out = resolve(process.argv[2] ?? "npm/pkg/demo-contact-form.png");
const server = await startServer(preparePlainPage());
const browser = await launchChromium();
try {
  const { page, problems } = await openPage(browser, `${server.url}/`, 'body[data-ready="true"]');
  await fillBadValues(page);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`demo-screenshot: wrote ${out} (${await page.textContent("#summary")})`);
  for (const p of problems) console.log(`demo-screenshot: ${p}`);
} finally {
  await browser.close();
  await server.close();
}
