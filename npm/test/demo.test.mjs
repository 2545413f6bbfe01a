// The demo contact form (npm/examples/contact-form/) in headless Chromium: bad values show the rules'
// messages next to their inputs, and fixing them makes the form valid.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { fillBadValues, fixValues, launchChromium, openDemo, startServer } from "./support/demo.mjs";

const errorFor = (page, path) => page.locator(`[data-error-for="${path}"]`).textContent();
const propError = (page, i) => page.locator(".prop").nth(i).locator(".prop-error").textContent();

describe("the demo contact form in Chromium", () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows every bad value's message inline, then becomes valid once they are fixed", async () => {
    const { page, problems } = await openDemo(browser, server.url);
    assert.equal(await page.textContent("#summary"), "Fill in the form and press Check.");

    await fillBadValues(page);

    assert.equal(await page.textContent("#summary"), "9 problems to fix.");
    assert.equal(await page.getAttribute("#contact-form", "data-valid"), "false");
    assert.equal(await errorFor(page, "contact:name"), "may contain only letters, digits, spaces and , . - ' & ( )");
    assert.equal(await errorFor(page, "contact:tags"), "`salaried` is already in the list");
    assert.equal(await propError(page, 0), "value is not a valid PAN (e.g. ABCPK1234L)");
    assert.equal(await propError(page, 1), "value must be a decimal number such as -12 or 3.5");
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
    assert.equal(await page.getAttribute("#contact-form", "data-valid"), "true");
    const shown = await page.locator(".error").allTextContents();
    assert.deepEqual(shown.filter((t) => t !== ""), []);
    assert.equal(await page.locator("[aria-invalid]").count(), 0);
    const sent = JSON.parse(await page.textContent("#bodies-json"));
    assert.deepEqual(sent.contact.props, [
      { key: "pan_no", value: "ABCPK1234L", type: "text" },
      { key: "annual_income", value: "1200000", type: "number" },
    ]);
    assert.deepEqual(problems, [], "no page or console errors");
  });
});
