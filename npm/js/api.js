// The public API of @crego/validation over the WebAssembly module, whichever way it was loaded (see
// index.js, web.js and node.js): a validate function and a Standard Schema per request body, and the
// identifier helpers. Nothing here calls into the module until a function is called, so the web entry
// can export it all before init().
import { checkBody, standardBody } from "./crego_validation.js";
import { IDENTIFIER_KIND_NAMES } from "./kinds.js";

export {
  identifierKinds,
  isValidAadhaar,
  isValidEmail,
  isValidGstin,
  isValidIfsc,
  isValidPan,
  isValidPincode,
  maskIdentifier,
  normalizeMobile,
  renderRefPattern,
  validateIdentifier,
} from "./crego_validation.js";

const check = (body) => (input) => checkBody(body, input);

export const validateNamespace = check("namespace");
export const validateNamespacePatch = check("namespace_patch");
export const validateContact = check("contact");
export const validateContactPatch = check("contact_patch");
export const validateProps = check("props");
export const validateAddress = check("address");
export const validateAddressPatch = check("address_patch");
export const validateBank = check("bank");
export const validateBankPatch = check("bank_patch");
export const validateRelation = check("relation");
export const validateRelationPatch = check("relation_patch");

/** A Standard Schema v1 object for `body`, holding the identifier props of `kinds` to their rules. */
function schema(body, kinds) {
  const named = kinds.join(",");
  const validate = (value) => standardBody(body, value, named);
  return Object.freeze({ "~standard": Object.freeze({ version: 1, vendor: "crego", validate }) });
}

/** The kinds of `options.identifierProps`, refused at once when one is not a kind (a typo would
 * otherwise silently check nothing). */
function kindsOf(options) {
  const kinds = options?.identifierProps ?? [];
  if (!Array.isArray(kinds)) {
    throw new TypeError("@crego/validation: identifierProps must be an array of identifier kinds");
  }
  for (const kind of kinds) {
    if (!IDENTIFIER_KIND_NAMES.includes(kind)) {
      throw new TypeError(
        `@crego/validation: identifierProps: ${JSON.stringify(kind)} is not an identifier kind ` +
          `(one of ${IDENTIFIER_KIND_NAMES.join(", ")})`,
      );
    }
  }
  return kinds;
}

export const namespaceSchema = schema("namespace", []);
export const namespacePatchSchema = schema("namespace_patch", []);
export const contactSchema = schema("contact", []);
export const contactPatchSchema = schema("contact_patch", []);
export const propsSchema = schema("props", []);
export const addressSchema = schema("address", []);
export const addressPatchSchema = schema("address_patch", []);
export const addressDraftSchema = schema("address_draft", []);
export const bankSchema = schema("bank", []);
export const bankPatchSchema = schema("bank_patch", []);
export const bankDraftSchema = schema("bank_draft", []);
export const relationSchema = schema("relation", []);
export const relationPatchSchema = schema("relation_patch", []);

export const createContactSchema = (options) => schema("contact", kindsOf(options));
export const createContactPatchSchema = (options) => schema("contact_patch", kindsOf(options));
export const createPropsSchema = (options) => schema("props", kindsOf(options));
