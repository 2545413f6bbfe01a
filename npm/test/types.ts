// Type-level tests of @crego/validation's declarations, checked by `tsc -p npm --noEmit` (never run).
// Each `@ts-expect-error` line must fail to compile: the types are as strict as the rules. (The three
// mistakes a form makes most, each without its directive, are compiled one by one in types.test.mjs.)
import type { StandardSchemaV1 } from "@standard-schema/spec";
import {
  addressDraftSchema,
  bankDraftSchema,
  bankSchema,
  contactPatchSchema,
  contactSchema,
  createContactSchema,
  identifierKinds,
  isValidPan,
  maskIdentifier,
  normalizeMobile,
  renderRefPattern,
  validateAddress,
  validateBank,
  validateBankPatch,
  validateContact,
  validateContactPatch,
  validateIdentifier,
  validateNamespace,
  validateProps,
  validateRelation,
  type AddressInput,
  type BankDraft,
  type BankInput,
  type ContactInput,
  type ContactPatch,
  type ContactPatchInput,
  type ErrorCode,
  type FieldError,
  type IdentifierKindInfo,
  type IdentifierKindName,
  type IdentifierResult,
  type Issue,
  type MaskKind,
  type NamespaceInput,
  type NewBank,
  type NewContact,
  type PropsInput,
  type RelationInput,
  type RenderResult,
  type ValidationReport,
} from "@crego/validation";
import init, { initSync, validateContact as validateContactInBrowser } from "@crego/validation/web";
import { validateContact as validateContactInNode } from "@crego/validation/node";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

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
  branch_id: undefined,
};
// @ts-expect-error: name, namespace, status and type are required
const partial: ContactInput = { name: "Rajesh Kumar" };
// @ts-expect-error: a boolean prop's value is "true" or "false"
const flag: ContactInput = { ...contact, props: [{ key: "kyc", value: "yes", type: "boolean" }] };

const namespace: NamespaceInput = { name: "Retail", contact_pattern: "CUST-{YYYY}-{SEQ:6}", contact_counter: 1 };
const address: AddressInput = { contact_id: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", pincode: "400703", coords: { lat: 19.03, lng: 73.03 } };
const bank: BankInput = { contact_id: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", account_number: "000123456789", ifsc: "HDFC0000240", account_type: "nre" };
// @ts-expect-error: not an account type
const deposit: BankInput = { ...bank, account_type: "fixed_deposit" };
const relation: RelationInput = { contact: "01JQ8Z6V3K9N2M4P5R7S8T0W1X", type: "guarantor", related_contact: null };
const props: PropsInput = { props: [{ key: "gstin", value: "27AAPFU0939F1ZV", type: "text" }] };
const patch: ContactPatchInput = { status: "inactive" };

// A form's half-filled state is checked too; an unknown key or a value of the wrong type is not.
const reports: ValidationReport[] = [
  validateContact(contact),
  validateContact({ name: "Rajesh Kumar" }),
  validateContactPatch(patch),
  validateNamespace(namespace),
  validateAddress(address),
  validateBank(bank),
  validateBankPatch({ ifsc: "sbin0001234" }),
  validateRelation(relation),
  validateProps(props),
  validateContactInBrowser(contact),
  validateContactInNode(contact),
];
// @ts-expect-error: a name is a string
validateContact({ name: 42 });
// @ts-expect-error: a value of unknown type goes through a schema's validate
validateContact(undefined);

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

// The schemas are Standard Schema v1, typed with the body a form holds and the body to send.
const standard: StandardSchemaV1<ContactInput, NewContact> = contactSchema;
const withPan: StandardSchemaV1<ContactInput, NewContact> = createContactSchema({ identifierProps: ["pan", "mobile"] });
// @ts-expect-error: identifier kinds are a closed set
createContactSchema({ identifierProps: ["pan_no"] });
const inferred: Equal<StandardSchemaV1.InferOutput<typeof contactSchema>, NewContact> = true;
const input: Equal<StandardSchemaV1.InferInput<typeof bankSchema>, BankInput> = true;
const patched: Equal<StandardSchemaV1.InferOutput<typeof contactPatchSchema>, ContactPatch> = true;
const draft: Equal<StandardSchemaV1.InferOutput<typeof bankDraftSchema>, BankDraft> = true;
const result = bankDraftSchema["~standard"].validate({ account_number: "000123456789", ifsc: "sbin0001234" });
if (result.issues) {
  const where: ReadonlyArray<string | number> | undefined = result.issues[0]?.path;
  const issue: Issue | undefined = result.issues[0];
  void [where, issue];
} else {
  // @ts-expect-error: a draft's owner may be missing
  const owner: string = result.value.contact_id;
  const ifsc: NewBank["ifsc"] = result.value.ifsc;
  void [owner, ifsc];
}
const addressDraft = addressDraftSchema["~standard"].validate({ city: "Pune" });

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
const masked: string | null = maskIdentifier("aadhaar", "2341 2341 2346");
const maskKinds: MaskKind[] = [...names, "account_number"];
// @ts-expect-error: a mask may be null (a kind that is not one)
const shown: string = maskIdentifier("account_number", "123456789012");
// @ts-expect-error: a prop key alias is not a kind
maskIdentifier("aadhaar_no", "2341 2341 2346");

// The web entry needs init() (or initSync) before its first call.
await init();
initSync({ module: new Uint8Array() });

export {
  addressDraft,
  canonical,
  deposit,
  draft,
  flag,
  inferred,
  input,
  maskKinds,
  masked,
  missing,
  mobile,
  names,
  pan,
  partial,
  patched,
  shown,
  standard,
  unchecked,
  value,
  withPan,
};
