// Bundled by webpack 5 with no configuration for the package (npm/test/examples.test.mjs): the default
// entry, its .wasm found by `new URL(..., import.meta.url)`, loaded by top-level await.
import { bankDraftSchema, contactSchema } from "@crego/validation";

const contact = contactSchema["~standard"].validate({
  name: "Rajesh@Kumar",
  namespace: "Retail Banking",
  status: "active",
  type: "individual",
});
const bank = bankDraftSchema["~standard"].validate({ account_number: "000123456789", ifsc: "hdfc0000240" });
document.getElementById("result").textContent = JSON.stringify({ contact, bank });
