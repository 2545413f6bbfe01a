// The declarations of @crego/validation. The body types (`ContactInput`, `NewContact`, ...), the enums
// and `IdentifierKindName` are generated from the Rust types into types.d.ts; this file declares the
// functions and schemas over them and the shapes of their answers.
import type {
  AddressInput,
  AddressPatch,
  AddressPatchInput,
  BankInput,
  BankPatch,
  BankPatchInput,
  ContactInput,
  ContactPatch,
  ContactPatchInput,
  IdentifierKindName,
  NamespaceInput,
  NamespacePatch,
  NamespacePatchInput,
  NewAddress,
  NewBank,
  NewContact,
  NewNamespace,
  NewRelation,
  PropsInput,
  PropsUpsert,
  RelationInput,
  RelationPatch,
  RelationPatchInput,
} from "./types.js";

export type * from "./types.js";

/** A stable error code. Clients (and translations) key on these; they never change meaning. */
export type ErrorCode =
  | "required"
  | "type"
  | "length"
  | "pattern"
  | "enum"
  | "range"
  | "checksum"
  | "unique"
  | "duplicate"
  | "not_found"
  | "unknown_field"
  | "immutable"
  | "empty"
  | "self_relation"
  | "self_merge"
  | "depth"
  | "too_many_errors";

/** One failing field: `field` is a path such as `name`, `props[2].value` or `coords.lat`. */
export interface FieldError {
  field: string;
  code: ErrorCode;
  message: string;
}

/**
 * What every `validate*` function returns: every failing field at once, exactly the `errors` list the
 * API sends in its `application/problem+json` 400 response.
 */
export type ValidationReport = { ok: true; errors: [] } | { ok: false; errors: FieldError[] };

/** One fault as a Standard Schema issue: the API's message and code, and where it is (no path: the
 * body itself, such as a body that is not an object). */
export interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly code: ErrorCode;
}

/** What a schema's `~standard.validate` returns: the body to send, or every fault. */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<Issue> };

/**
 * A Standard Schema v1 (https://standardschema.dev): pass it to react-hook-form's
 * `standardSchemaResolver`, TanStack Form's validators, or call `schema["~standard"].validate(value)`.
 * `Input` is what a form may hold, `Output` the body to send.
 */
export interface Schema<Input, Output> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: "crego";
    readonly validate: (value: unknown) => SchemaResult<Output>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** Options of the schemas of bodies that hold props. */
export interface SchemaOptions {
  /**
   * Identifier kinds whose props the form collects: a prop whose key is one of a kind's aliases
   * (`pan`, `pan_no`, `PAN_Number` for `"pan"`; see `identifierKinds()`) must hold a valid identifier of
   * that kind, reported with the identifier's codes and messages, and is sent in canonical form. The
   * API itself keeps props free-form.
   */
  readonly identifierProps?: readonly IdentifierKindName[];
}

/** An address before its contact exists: everything but `contact_id`, which may be left out. */
export type AddressDraftInput = Omit<AddressInput, "contact_id"> & { contact_id?: string | null | undefined };
export type AddressDraft = Omit<NewAddress, "contact_id"> & { contact_id?: string };
/** A bank account before its contact exists: everything but `contact_id`, which may be left out. */
export type BankDraftInput = Omit<BankInput, "contact_id"> & { contact_id?: string | null | undefined };
export type BankDraft = Omit<NewBank, "contact_id"> & { contact_id?: string };

export declare const namespaceSchema: Schema<NamespaceInput, NewNamespace>;
export declare const namespacePatchSchema: Schema<NamespacePatchInput, NamespacePatch>;
export declare const contactSchema: Schema<ContactInput, NewContact>;
export declare const contactPatchSchema: Schema<ContactPatchInput, ContactPatch>;
export declare const propsSchema: Schema<PropsInput, PropsUpsert>;
export declare const addressSchema: Schema<AddressInput, NewAddress>;
export declare const addressPatchSchema: Schema<AddressPatchInput, AddressPatch>;
export declare const addressDraftSchema: Schema<AddressDraftInput, AddressDraft>;
export declare const bankSchema: Schema<BankInput, NewBank>;
export declare const bankPatchSchema: Schema<BankPatchInput, BankPatch>;
export declare const bankDraftSchema: Schema<BankDraftInput, BankDraft>;
export declare const relationSchema: Schema<RelationInput, NewRelation>;
export declare const relationPatchSchema: Schema<RelationPatchInput, RelationPatch>;

/** `contactSchema` with options; throws a TypeError for an identifier kind that does not exist. */
export declare function createContactSchema(options?: SchemaOptions): Schema<ContactInput, NewContact>;
export declare function createContactPatchSchema(options?: SchemaOptions): Schema<ContactPatchInput, ContactPatch>;
export declare function createPropsSchema(options?: SchemaOptions): Schema<PropsInput, PropsUpsert>;

// Each takes the body as a form holds it: any subset of its fields (a half-filled form is checked too,
// its missing fields reported as `required`), but no unknown key and no value of the wrong type. To
// check a value of unknown type, use the schema's `~standard.validate`, which takes `unknown`.
export declare function validateNamespace(body: Partial<NamespaceInput>): ValidationReport;
export declare function validateNamespacePatch(body: NamespacePatchInput): ValidationReport;
export declare function validateContact(body: Partial<ContactInput>): ValidationReport;
export declare function validateContactPatch(body: ContactPatchInput): ValidationReport;
export declare function validateProps(body: Partial<PropsInput>): ValidationReport;
export declare function validateAddress(body: Partial<AddressInput>): ValidationReport;
export declare function validateAddressPatch(body: AddressPatchInput): ValidationReport;
export declare function validateBank(body: Partial<BankInput>): ValidationReport;
export declare function validateBankPatch(body: BankPatchInput): ValidationReport;
export declare function validateRelation(body: Partial<RelationInput>): ValidationReport;
export declare function validateRelationPatch(body: RelationPatchInput): ValidationReport;

/** What `renderRefPattern` returns: the rendered ref id, or what is wrong with the arguments. */
export type RenderResult = { ok: true; value: string } | { ok: false; errors: FieldError[] };

/**
 * The ref id a namespace pattern gives for counter `n` on `date` (the UTC day of a `Date` or an ISO
 * string), for a live preview: `renderRefPattern("CUST-{YYYY}-{SEQ:6}", 42, "2026-03-07")` is
 * `{ok: true, value: "CUST-2026-000042"}`.
 */
export declare function renderRefPattern(pattern: string, n: number, date: Date | string): RenderResult;

/** The codes `validateIdentifier` reports: `enum` (unknown kind), `type` (not a string), and for the
 * value `length`, `pattern` (characters, shape or a part such as a holder type or state code) or
 * `checksum`. */
export type IdentifierErrorCode = "enum" | "type" | "length" | "pattern" | "checksum";

/** One thing wrong with an identifier. */
export interface IdentifierError {
  code: IdentifierErrorCode;
  message: string;
}

/** What `validateIdentifier` returns: the canonical form of a valid value, or everything wrong with it. */
export type IdentifierResult =
  | { ok: true; kind: IdentifierKindName; normalized: string; errors: [] }
  | { ok: false; kind: string | null; normalized: null; errors: IdentifierError[] };

/** One entry of `identifierKinds()`. */
export interface IdentifierKindInfo {
  kind: IdentifierKindName;
  /** What a form calls it: `"PAN"`, `"Udyam registration number"`. */
  label: string;
  /** Prop keys that hold it, compared case-insensitively: `["pan", "pan_no", "pan_number"]`. */
  aliases: string[];
  /** Whether the API's dedupe (`POST /contacts/dedupe/`) matches contacts by it. */
  dedupe: boolean;
  /** A valid value, as a person might write it. */
  example: string;
}

/** Checks `value` as an identifier of `kind`; never throws. */
export declare function validateIdentifier(kind: IdentifierKindName, value: string): IdentifierResult;
/** Every identifier kind with its label, prop key aliases and an example. */
export declare function identifierKinds(): IdentifierKindInfo[];

/** `true` for a PAN such as `ABCPK1234L` (upper case, no spaces). */
export declare function isValidPan(value: string): boolean;
/** `true` for a GSTIN of any class such as `27AAPFU0939F1ZV`. */
export declare function isValidGstin(value: string): boolean;
/** `true` for 12 digits (or `2341 2341 2346`), the first 2-9, with a valid Verhoeff check digit. */
export declare function isValidAadhaar(value: string): boolean;
/** `true` for an IFSC such as `SBIN0001234` (upper case). */
export declare function isValidIfsc(value: string): boolean;
/** `true` for six digits, the first 1-9. */
export declare function isValidPincode(value: string): boolean;
/** `true` for a pragmatic e-mail address. */
export declare function isValidEmail(value: string): boolean;
/** The 10-digit national number of an Indian mobile (`+91 98765 43210` → `9876543210`), or `null`. */
export declare function normalizeMobile(value: string): string | null;

/** What `maskIdentifier` masks: an identifier kind, or a bank account's number. */
export type MaskKind = IdentifierKindName | "account_number";

/**
 * `value` as the API shows it to a caller without the `pii:read` scope, so a form can show what the API
 * shows: Aadhaar `XXXX XXXX 2346`, VID `XXXX XXXX XXXX 2341`, mobile `XXXXXX3210` (of the national
 * number), e-mail and UPI ID `p***@example.co.in`, every other personal kind and an account number `X`
 * for each character but the last four (at most half of a value under eight characters); the kinds
 * that name a firm, branch or place (`cin`, `llpin`, `udyam`, `tan`, `ifsc`, `micr`, `pincode`) are
 * shown as they are. Never throws: `null` for a kind that is not one of these, or an argument that is
 * not a string.
 */
export declare function maskIdentifier(kind: MaskKind, value: string): string | null;
