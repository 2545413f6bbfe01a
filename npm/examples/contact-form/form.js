// A contact form checked in the browser with @crego/validation (the `web` build, no bundler): the
// contact with its props, an address and a bank account, with every failing field shown inline in
// the words the API would use. Press Check once; after that every keystroke re-checks.
import init, {
  isValidAadhaar,
  isValidEmail,
  isValidGstin,
  isValidPan,
  normalizeMobile,
  validateAddress,
  validateBank,
  validateContact,
} from "../../pkg/web/crego_validation.js";

// The contact does not exist yet: its address and bank account are sent after it is created, with
// its id. Until then they are checked with a stand-in id of the right shape.
const DRAFT_CONTACT_ID = "draft-contact-id";

// Identifier props (by key, as dedupe recognises them) get a form-level check on top of the API's rules,
// which keep props free-form.
const IDENTIFIER_CHECKS = [
  [["pan", "pan_no", "pan_number"], isValidPan, "is not a valid PAN (e.g. ABCPK1234L)"],
  [["gstin", "gst_no"], isValidGstin, "is not a valid GSTIN (e.g. 27AAPFU0939F1ZV)"],
  [["aadhaar", "aadhaar_no"], isValidAadhaar, "is not a valid Aadhaar number"],
  [["mobile", "mobile_no", "phone"], (v) => normalizeMobile(v) !== null, "is not an Indian mobile number"],
  [["email"], isValidEmail, "is not a valid e-mail address"],
];

const form = document.getElementById("contact-form");
const propsBox = document.getElementById("props");
const summary = document.getElementById("summary");
const rowTemplate = document.getElementById("prop-row");
let checkedOnce = false;

/** A trimmed field value, or undefined when blank (a blank optional field is not sent). */
function field(name) {
  const value = form.elements[name].value.trim();
  return value === "" ? undefined : value;
}

function addPropRow() {
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  row.querySelector(".prop-remove").addEventListener("click", () => {
    row.remove();
    recheck();
  });
  propsBox.append(row);
  return row;
}

/** The props rows that hold something, with the prop each one sends. */
function propRows() {
  return [...propsBox.querySelectorAll(".prop")]
    .map((row) => ({
      row,
      prop: {
        key: row.querySelector(".prop-key").value.trim(),
        value: row.querySelector(".prop-value").value,
        type: row.querySelector(".prop-type").value,
      },
    }))
    .filter(({ prop }) => prop.key !== "" || prop.value !== "");
}

/** The three request bodies, as the page would send them. */
function bodies(rows) {
  const tags = (field("tags") ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  const contact = {
    name: field("name"),
    namespace: field("namespace"),
    status: field("status"),
    type: field("type"),
    tags: tags.length > 0 ? tags : undefined,
    props: rows.map(({ prop }) => prop),
  };
  const address = {
    contact_id: DRAFT_CONTACT_ID,
    address_line: field("address_line"),
    city: field("city"),
    state: field("state"),
    pincode: field("pincode"),
    country: field("country"),
  };
  const bank = {
    contact_id: DRAFT_CONTACT_ID,
    account_number: field("account_number"),
    ifsc: field("ifsc"),
    account_holder_name: field("account_holder_name"),
    account_type: field("account_type"),
  };
  return { contact, address, bank };
}

/** Form-level identifier checks on props whose API rules passed. */
function identifierErrors(rows, apiErrors) {
  const errors = [];
  rows.forEach(({ prop }, i) => {
    const path = `props[${i}].value`;
    if (apiErrors.some((e) => e.field.startsWith(`props[${i}]`))) return;
    const check = IDENTIFIER_CHECKS.find(([keys]) => keys.includes(prop.key.toLowerCase()));
    if (check && !check[1](prop.value)) errors.push({ field: path, code: "pattern", message: check[2] });
  });
  return errors;
}

function clearErrors() {
  for (const el of form.querySelectorAll(".error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const list of form.querySelectorAll(".section-errors")) list.replaceChildren();
}

/** Shows one error next to its input: the exact path, else its nearest shown parent (`tags[2]` → `tags`). */
function showError(section, error, rows) {
  const prop = /^props\[(\d+)\](?:\.(\w+))?/.exec(error.field);
  if (section === "contact" && prop) {
    const entry = rows[Number(prop[1])];
    const part = prop[2] ?? "value";
    entry.row.querySelector(`.prop-${part}`)?.setAttribute("aria-invalid", "true");
    const out = entry.row.querySelector(".prop-error");
    out.textContent = [out.textContent, `${part} ${error.message}`].filter(Boolean).join("; ");
    return;
  }
  let path = error.field;
  while (path !== "") {
    const out = form.querySelector(`[data-error-for="${section}:${path}"]`);
    if (out) {
      out.textContent = [out.textContent, error.message].filter(Boolean).join("; ");
      form.querySelector(`[data-field="${section}:${path}"]`)?.setAttribute("aria-invalid", "true");
      return;
    }
    path = path.replace(/(\[\d+\]|\.[^.[]+|^[^.[]+)$/, "");
  }
  const item = document.createElement("li");
  item.textContent = `${error.field}: ${error.message}`;
  form.querySelector(`[data-section-errors="${section}"]`).append(item);
}

function check() {
  const rows = propRows();
  const body = bodies(rows);
  const contactReport = validateContact(body.contact);
  const results = {
    contact: [...contactReport.errors, ...identifierErrors(rows, contactReport.errors)],
    address: validateAddress(body.address).errors,
    bank: validateBank(body.bank).errors,
  };
  clearErrors();
  let problems = 0;
  for (const [section, errors] of Object.entries(results)) {
    for (const error of errors) showError(section, error, rows);
    problems += errors.length;
  }
  form.dataset.valid = String(problems === 0);
  summary.className = problems === 0 ? "valid" : "invalid";
  summary.textContent =
    problems === 0
      ? "Ready to send: the contact, its address and its bank account pass every rule."
      : `${problems} ${problems === 1 ? "problem" : "problems"} to fix.`;
  document.getElementById("bodies-json").textContent = JSON.stringify(body, null, 2);
  return problems;
}

function recheck() {
  if (checkedOnce) check();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  checkedOnce = true;
  if (check() > 0) form.querySelector("[aria-invalid]")?.focus();
});
form.addEventListener("input", recheck);
form.addEventListener("change", recheck);
document.getElementById("add-prop").addEventListener("click", () => {
  addPropRow().querySelector(".prop-key").focus();
  recheck();
});

await init();
addPropRow();
summary.textContent = "Fill in the form and press Check.";
document.body.dataset.ready = "true";
