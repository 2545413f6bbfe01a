// Type-level tests of @crego/validation's declarations, checked by `tsc -p npm --noEmit` (never run).
// Each `@ts-expect-error` line must fail to compile: the types are as strict as the rules.
import {
  identifierKinds,
  isValidPan,
  normalizeMobile,
  renderRefPattern,
  validateAddress,
  validateBank,
  validateContact,
  validateContactPatch,
  validateIdentifier,
  validateNamespace,
  validateProps,
  validateRelation,
  type AddressInput,
  type BankInput,
  type ContactInput,
  type ContactPatchInput,
  type ErrorCode,
  type FieldError,
  type IdentifierKindInfo,
  type IdentifierKindName,
  type IdentifierResult,
  type NamespaceInput,
  type PropsInput,
  type RelationInput,
  type RenderResult,
  type ValidationReport,
} from "@crego/validation";
import init, { initSync, validateContact as validateContactInBrowser } from "@crego/validation/web";
import { validateContact as validateContactInNode } from "@crego/validation/node";

const contact: ContactInput = {
  name: "Rajesh Kumar",
  namespace: "Retail Banking",
  status: "active",
  type: "individual",
  tags: ["salaried"],
  refs: { crm_id: "CRM-10042" },
  props: [{ key: "pan_no", value: "ABCPK1234L", type: "text" }],
  rm_id: "",
  ref_id: null,
};
// @ts-expect-error: a status is active or inactive
const pending: ContactInput = { ...contact, status: "pending" };
// @ts-expect-error: a prop's value is always a string
const numeric: ContactInput = { ...contact, props: [{ key: "age", value: 42, type: "number" }] };
// @ts-expect-error: name, namespace, status and type are required
const partial: ContactInput = { name: "Rajesh Kumar" };

const namespace: NamespaceInput = { name: "Retail", contact_pattern: "CUST-{YYYY}-{SEQ:6}", contact_counter: 1 };
const address: AddressInput = { contact_id: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", pincode: "400703", coords: { lat: 19.03, lng: 73.03 } };
const bank: BankInput = { contact_id: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", account_number: "000123456789", ifsc: "HDFC0000240", account_type: "nre" };
// @ts-expect-error: not an account type
const deposit: BankInput = { ...bank, account_type: "fixed_deposit" };
const relation: RelationInput = { contact: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", type: "guarantor", related_contact: null };
const props: PropsInput = { props: [{ key: "gstin", value: "27AAPFU0939F1ZV", type: "text" }] };
const patch: ContactPatchInput = { status: "inactive" };

// Loose inputs: a form's half-filled state, or nothing at all, is checked too.
const reports: ValidationReport[] = [
  validateContact(contact),
  validateContact({ name: 42 }),
  validateContact(undefined),
  validateContactPatch(patch),
  validateNamespace(namespace),
  validateAddress(address),
  validateBank(bank),
  validateRelation(relation),
  validateProps(props),
  validateContactInBrowser(contact),
  validateContactInNode(contact),
];

for (const report of reports) {
  if (report.ok) {
    const none: [] = report.errors;
    void none;
  } else {
    const first: FieldError | undefined = report.errors[0];
    const code: ErrorCode | undefined = first?.code;
    // @ts-expect-error: codes are a closed set
    const made_up: ErrorCode = "wrong";
    void [code, made_up];
  }
}

const preview: RenderResult = renderRefPattern("CUST-{YYYY}-{SEQ:6}", 42, new Date());
const value: string = preview.ok ? preview.value : preview.errors.map((e) => e.message).join("; ");
// @ts-expect-error: a refused preview has no value
const missing: string = renderRefPattern("X", 1, "2026-03-07").value;
const mobile: string | null = normalizeMobile("+91 98765 43210");
const pan: boolean = isValidPan("ABCPK1234L");

const checked: IdentifierResult = validateIdentifier("gstin", " 27aapfu0939f1zv");
const canonical: string = checked.ok ? checked.normalized : checked.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
// @ts-expect-error: a refused identifier has no normalised form
const unchecked: string = validateIdentifier("pan", "ABCXK1234L").normalized;
// @ts-expect-error: kinds are a closed set
validateIdentifier("pan_no", "ABCPK1234L");
const kinds: IdentifierKindInfo[] = identifierKinds();
const names: IdentifierKindName[] = kinds.filter((k) => k.dedupe).map((k) => k.kind);

// The web build needs init() (or initSync) before its first call.
await init();
initSync({ module: new Uint8Array() });

export { canonical, deposit, missing, mobile, names, numeric, pan, partial, pending, unchecked, value };
