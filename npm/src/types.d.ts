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
export type ValidationReport =
  | { ok: true; errors: [] }
  | { ok: false; errors: FieldError[] };

/** What `renderRefPattern` returns: the rendered ref id, or what is wrong with the arguments. */
export type RenderResult =
  | { ok: true; value: string }
  | { ok: false; errors: FieldError[] };

/** Any object: a form's state may hold anything, and the report says what is wrong with it. */
export type Loose<T> = Partial<T> | object | null | undefined;

/** `POST /namespaces/`. */
export interface NamespaceInput {
  /** 1-50 characters: a letter or digit, then letters, digits, spaces and `_ . -`; unique per tenant. */
  name: string;
  /** A ref-id pattern such as `CUST-{YYYY}-{SEQ:6}`, or null for none. */
  contact_pattern?: string | null;
  account_pattern?: string | null;
  /** The next number to issue, 1 to 2^53 - 1 (default 1). */
  contact_counter?: number;
  account_counter?: number;
}

export type PropType = "file" | "number" | "text" | "boolean";

/** One prop. `value` is always a string: `"-12"`, `"3.5"` for `number`, `"true"`/`"false"` for `boolean`. */
export interface PropInput {
  key: string;
  value: string;
  type: PropType;
}

export type ContactStatus = "active" | "inactive";
export type ContactType = "individual" | "corporate";

/** `POST /contacts/`. */
export interface ContactInput {
  name: string;
  /** The name (or id) of one of the tenant's namespaces. */
  namespace: string;
  status: ContactStatus;
  type: ContactType;
  tags?: string[];
  refs?: Record<string, unknown>;
  props?: PropInput[];
  /** `""` means absent. */
  rm_id?: string | null;
  branch_id?: string | null;
  /** Omit it to have one issued from the namespace's `contact_pattern`. */
  ref_id?: string | null;
}

/** `PATCH /contacts/{contact_id}/`: any subset; `props` replaces the whole list. */
export interface ContactPatchInput {
  name?: string;
  namespace?: string;
  status?: ContactStatus;
  type?: ContactType;
  tags?: string[];
  refs?: Record<string, unknown>;
  props?: PropInput[];
  rm_id?: string | null;
  branch_id?: string | null;
  ref_id?: string | null;
}

/** `{"lat": -90..=90, "lng": -180..=180}` in decimal degrees. */
export interface Coords {
  lat: number;
  lng: number;
}

/** `POST /contacts/addresses/`. */
export interface AddressInput {
  contact_id: string;
  address_line?: string | null;
  city?: string | null;
  state?: string | null;
  /** Six digits, the first 1-9. */
  pincode?: string | null;
  country?: string | null;
  coords?: Coords | null;
  /** String to string, at most 20 keys. */
  codes?: Record<string, string>;
  tags?: string[];
}

export type AccountType = "savings" | "current" | "overdraft" | "cash_credit" | "nre" | "nro" | "other";
export type VerificationStatus = "unverified" | "pending" | "verified" | "failed";

/** `POST /contacts/banks/`. */
export interface BankInput {
  contact_id: string;
  /** 9 to 18 digits. */
  account_number: string;
  /** `SBIN0001234`; lower case is accepted and upper-cased. */
  ifsc: string;
  account_holder_name?: string | null;
  bank_name?: string | null;
  branch?: string | null;
  account_type?: AccountType | null;
  is_primary?: boolean;
  verification_status?: VerificationStatus;
  tags?: string[];
}

export type RelationType =
  | "father"
  | "mother"
  | "spouse"
  | "child"
  | "sibling"
  | "friend"
  | "co_applicant"
  | "guarantor"
  | "witness"
  | "nominee";

/** `POST /contacts/relations/`. */
export interface RelationInput {
  contact: string;
  type: RelationType;
  related_contact?: string | null;
}

/** `PUT /contacts/{contact_id}/props/`: at least one prop, upserted by key. */
export interface PropsInput {
  props: PropInput[];
}

/** The name of an identifier kind, as `validateIdentifier` takes it and `identifierKinds()` lists it. */
export type IdentifierKindName =
  | "pan"
  | "aadhaar"
  | "vid"
  | "epic"
  | "gstin"
  | "ckyc"
  | "cin"
  | "llpin"
  | "udyam"
  | "tan"
  | "lei"
  | "passport"
  | "driving_licence"
  | "ifsc"
  | "micr"
  | "upi"
  | "pincode"
  | "mobile"
  | "email";

/** The codes `validateIdentifier` reports: `enum` (unknown kind), `type` (not a string), and for the value
 * `length`, `pattern` (characters, shape or a part such as a holder type or state code) or `checksum`. */
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
