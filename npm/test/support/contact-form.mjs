// The plain page (npm/examples/contact-form/, no bundler) as the test, the bench and `make
// demo-screenshot` run it: copied into a directory with the packed package installed beside it, as a
// site would serve it; and the two ways of filling it in: with bad values, and with those values fixed.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { installInto, NPM_DIR } from "./tarball.mjs";

/** A directory holding the page and node_modules/@crego/validation from the packed tarball. */
export function preparePlainPage() {
  const site = mkdtempSync(join(tmpdir(), "crego-plain-page-"));
  cpSync(join(NPM_DIR, "examples", "contact-form"), site, { recursive: true });
  installInto(site);
  return site;
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
  await page.click("#add-prop");
  await prop(page, 2, "key").fill("Mobile_No");
  await prop(page, 2, "value").fill("+91 58765 43210");
  await page.fill('[name="address_line"]', "Flat");
  await page.fill('[name="city"]', "Pune 411");
  await page.fill('[name="state"]', "Maharashtra");
  await page.fill('[name="pincode"]', "041100");
  await page.fill('[name="account_number"]', "12345678");
  await page.fill('[name="ifsc"]', "SBIN1001234");
  await page.fill('[name="account_holder_name"]', "Rajesh Kumar");
  await page.click("#check");
}

/** Fixes every bad value (some as people type them: lower case, spaced); the form re-checks as it is
 * typed into. */
export async function fixValues(page) {
  await page.fill('[name="name"]', " Rajesh Kumar ");
  await page.fill('[name="tags"]', "salaried, pune");
  await prop(page, 0, "value").fill("abcpk 1234 l");
  await prop(page, 1, "value").fill("1200000");
  await prop(page, 2, "value").fill("+91 98765 43210");
  await page.fill('[name="address_line"]', "Flat 4B, Sai Residency, 12/3 M.G. Road");
  await page.fill('[name="city"]', "Pune");
  await page.fill('[name="pincode"]', "411001");
  await page.fill('[name="account_number"]', "000123456789");
  await page.fill('[name="ifsc"]', "sbin0001234");
  await page.selectOption('[name="account_type"]', "savings");
}
