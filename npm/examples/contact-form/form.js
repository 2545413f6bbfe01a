// A contact form checked in the browser with @crego/validation, no framework and no bundler: the
// contact with its props, an address and a bank account, each checked by calling its schema's
// `~standard.validate` (Standard Schema v1), every failing field shown inline in the API's own words.
// The address and bank account are drafts: their contact does not exist yet, so they are checked
// without a `contact_id`, which is added once the contact is created. Press Check once; after that
// every keystroke re-checks.
import init, { addressDraftSchema, bankDraftSchema, createContactSchema } from "@crego/validation/web";

// Props keyed as a PAN, GSTIN, Aadhaar number, mobile or e-mail (pan_no, PAN_Number, phone, ...) must
// hold a valid one, and are sent in canonical form; the API keeps props free-form.
const contactSchema = createContactSchema({ identifierProps: ["pan", "gstin", "aadhaar", "mobile", "email"] });
const SCHEMAS = { contact: contactSchema, address: addressDraftSchema, bank: bankDraftSchema };

const form = document.getElementById("contact-form");
const propsBox = document.getElementById("props");
const summary = document.getElementById("summary");
const rowTemplate = document.getElementById("prop-row");
let checkedOnce = false;

/** A field's value, or undefined when blank (a blank optional field is not sent). */
function field(name) {
  const value = form.elements[name].value;
  return value.trim() === "" ? undefined : value;
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
        key: row.querySelector(".prop-key").value,
        value: row.querySelector(".prop-value").value,
        type: row.querySelector(".prop-type").value,
      },
    }))
    .filter(({ prop }) => prop.key.trim() !== "" || prop.value.trim() !== "");
}

/** The three bodies as the form holds them. */
function bodies(rows) {
  const tags = (field("tags") ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  return {
    contact: {
      name: field("name"),
      namespace: field("namespace"),
      status: field("status"),
      type: field("type"),
      tags: tags.length > 0 ? tags : undefined,
      props: rows.map(({ prop }) => prop),
    },
    address: {
      address_line: field("address_line"),
      city: field("city"),
      state: field("state"),
      pincode: field("pincode"),
      country: field("country"),
    },
    bank: {
      account_number: field("account_number"),
      ifsc: field("ifsc"),
      account_holder_name: field("account_holder_name"),
      account_type: field("account_type"),
    },
  };
}

function clearErrors() {
  for (const el of form.querySelectorAll(".error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const list of form.querySelectorAll(".section-errors")) list.replaceChildren();
}

const append = (el, text) => {
  el.textContent = [el.textContent, text].filter(Boolean).join("; ");
};

/** Shows one issue next to its input: a prop's on its row, else the input its path names, else the
 * nearest input up the path (`tags`, for `["tags", 2]`), else in the section's list. */
function showIssue(section, issue, rows) {
  const path = issue.path ?? [];
  if (section === "contact" && path[0] === "props" && typeof path[1] === "number") {
    const { row } = rows[path[1]];
    const part = path[2] ?? "value";
    row.querySelector(`.prop-${part}`)?.setAttribute("aria-invalid", "true");
    append(row.querySelector(".prop-error"), `${part} ${issue.message}`);
    return;
  }
  for (let n = path.length; n > 0; n--) {
    const name = `${section}:${path.slice(0, n).join(".")}`;
    const out = form.querySelector(`[data-error-for="${name}"]`);
    if (out) {
      append(out, issue.message);
      form.querySelector(`[data-field="${name}"]`)?.setAttribute("aria-invalid", "true");
      return;
    }
  }
  const item = document.createElement("li");
  item.textContent = `${path.join(".") || "body"}: ${issue.message}`;
  form.querySelector(`[data-section-errors="${section}"]`).append(item);
}

function check() {
  const rows = propRows();
  const held = bodies(rows);
  const results = Object.fromEntries(
    Object.entries(SCHEMAS).map(([section, schema]) => [section, schema["~standard"].validate(held[section])]),
  );
  clearErrors();
  let problems = 0;
  for (const [section, result] of Object.entries(results)) {
    for (const issue of result.issues ?? []) showIssue(section, issue, rows);
    problems += result.issues?.length ?? 0;
  }
  form.dataset.valid = String(problems === 0);
  summary.className = problems === 0 ? "valid" : "invalid";
  summary.textContent =
    problems === 0
      ? "Ready to send: the contact, its address and its bank account pass every rule."
      : `${problems} ${problems === 1 ? "problem" : "problems"} to fix.`;
  // What would be sent: the checked bodies (canonical identifiers, upper-cased IFSC, trimmed names).
  const sent = problems === 0 ? Object.fromEntries(Object.entries(results).map(([s, r]) => [s, r.value])) : held;
  document.getElementById("bodies-json").textContent = JSON.stringify(sent, null, 2);
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
