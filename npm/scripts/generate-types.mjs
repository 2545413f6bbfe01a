// Generates the package's body types (pkg/types.d.ts) and its list of identifier kinds (pkg/kinds.js)
// from the Rust types, at build time (npm/build.sh), so that no declaration is written by hand:
//   - the request bodies from worker/openapi.json, which `make openapi` writes from the validation
//     crate's own types (their `utoipa::ToSchema` derives; a unit test fails while the file is stale,
//     and schemathesis holds the running API to it): each body's input type (what a form may hold:
//     optional fields optional, closed to unknown keys) and output type (the checked body: for a
//     create, every field present, defaults filled in);
//   - the identifier kinds from the built module's identifierKinds() (the crate's table of kinds).
// Anything in the document this does not know how to write fails the build rather than become `any`.
//
// Usage: node npm/scripts/generate-types.mjs <openapi.json> <pkg dir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [docPath, pkg] = process.argv.slice(2);
if (!docPath || !pkg) throw new Error("usage: generate-types.mjs <openapi.json> <pkg dir>");
const schemas = JSON.parse(readFileSync(docPath, "utf8")).components.schemas;

// Document schema -> [input type, output type, whether every field of the output is present, what it is].
const BODIES = {
  NewNamespace: ["NamespaceInput", "NewNamespace", true, "The body of `POST /namespaces/`"],
  NamespacePatch: ["NamespacePatchInput", "NamespacePatch", false, "The body of `PATCH /namespaces/{id}/`"],
  NewContact: ["ContactInput", "NewContact", true, "The body of `POST /contacts/`"],
  ContactPatch: ["ContactPatchInput", "ContactPatch", false, "The body of `PATCH /contacts/{id}/` (`props` replaces the list)"],
  Prop: ["PropInput", "Prop", true, "One prop (`value` is always a string, read as its `type` says)"],
  PropsUpsert: ["PropsInput", "PropsUpsert", true, "The body of `PUT /contacts/{id}/props/` (upserted by key)"],
  NewAddress: ["AddressInput", "NewAddress", true, "The body of `POST /contacts/addresses/`"],
  AddressPatch: ["AddressPatchInput", "AddressPatch", false, "The body of `PATCH /contacts/addresses/{id}/`"],
  Coords: ["CoordsInput", "Coords", true, "A point (`coords` of an address) in decimal degrees"],
  NewBank: ["BankInput", "NewBank", true, "The body of `POST /contacts/banks/`"],
  BankPatch: ["BankPatchInput", "BankPatch", false, "The body of `PATCH /contacts/banks/{id}/`"],
  NewRelation: ["RelationInput", "NewRelation", true, "The body of `POST /contacts/relations/`"],
  RelationPatch: ["RelationPatchInput", "RelationPatch", false, "The body of `PATCH /contacts/relations/{id}/`"],
};
const ENUMS = ["ContactStatus", "ContactType", "PropType", "AccountType", "VerificationStatus", "RelationType"];

const fail = (where, schema) => {
  throw new Error(`generate-types: cannot write ${where} as TypeScript: ${JSON.stringify(schema)}`);
};
const literal = (v) => JSON.stringify(v);
const indent = (text, by) => text.replaceAll("\n", `\n${by}`);

/** A JSDoc comment from a schema's description and lengths, or "". */
function doc(schema) {
  const lines = [];
  if (schema.description) lines.push(...schema.description.split("\n"));
  const [min, max] = [schema.minLength, schema.maxLength];
  if (min !== undefined || max !== undefined) {
    lines.push(min === max ? `${min} characters.` : `${min ?? 0} to ${max} characters.`);
  }
  if (schema.maxItems !== undefined) lines.push(`At most ${schema.maxItems} items.`);
  if (lines.length === 0) return "";
  return `/** ${lines.join("\n * ")} */\n`;
}

/** The TypeScript type of `schema`; `side` is "input" or "output" (which name a `$ref` takes). */
function type(schema, side, where) {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    if (BODIES[name]) return BODIES[name][side === "input" ? 0 : 1];
    if (ENUMS.includes(name)) return name;
    return fail(where, schema);
  }
  if (schema.oneOf) return schema.oneOf.map((s, i) => type(s, side, `${where}|${i}`)).join(" | ");
  if (Array.isArray(schema.type)) {
    return schema.type.map((t) => type({ ...schema, type: t }, side, where)).join(" | ");
  }
  if (schema.enum) {
    if (schema.type !== "string") fail(where, schema);
    return schema.enum.map(literal).join(" | ");
  }
  switch (schema.type) {
    case "null":
      return "null";
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `Array<${type(schema.items ?? fail(where, schema), side, `${where}[]`)}>`;
    case "object":
      return object(schema, side, false, where);
    default:
      return fail(where, schema);
  }
}

/** An object type: its writable properties; `complete`: every one present (a checked create body). */
function object(schema, side, complete, where) {
  const properties = Object.entries(schema.properties ?? {}).filter(([, p]) => !p.readOnly);
  if (properties.length === 0) {
    const extra = schema.additionalProperties;
    if (extra === undefined || extra === true) return "Record<string, unknown>";
    if (typeof extra === "object") return `Record<string, ${type(extra, side, `${where}{}`)}>`;
    return fail(where, schema);
  }
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([key, p]) => {
    const present = complete || required.has(key);
    // An input field may be left undefined (it is not sent); an output field is there or absent.
    const optional = present ? "" : "?";
    const orUndefined = present || side === "output" ? "" : " | undefined";
    return `${doc(p)}${key}${optional}: ${type(p, side, `${where}.${key}`)}${orUndefined};`;
  });
  return `{\n  ${indent(fields.join("\n"), "  ")}\n}`;
}

function declaration(name) {
  const schema = schemas[name] ?? fail(name, "missing from the document");
  const [input, output, complete, what] = BODIES[name];
  const write = (side, typeName, all, says) => {
    const body = schema.oneOf
      ? schema.oneOf.map((s, i) => object(s, side, all, `${name}|${i}`)).join(" | ")
      : object(schema, side, all, name);
    return `/** ${what}: ${says} */\nexport type ${typeName} = ${body};\n`;
  };
  return [
    write("input", input, false, "what a form may hold."),
    write("output", output, complete, "the checked body, as the API reads it (what a schema answers)."),
  ].join("\n");
}

const { initSync, identifierKinds } = await import(pathToFileURL(join(pkg, "crego_validation.js")).href);
initSync({ module: readFileSync(join(pkg, "crego_validation_bg.wasm")) });
const kinds = identifierKinds().map((k) => k.kind);

const out = [
  "// Generated by npm/scripts/generate-types.mjs from worker/openapi.json (the validation crate's types)",
  "// and the crate's identifier kinds. Do not edit: `make npm-build` writes it.",
  "",
  ...ENUMS.map((name) => {
    const schema = schemas[name] ?? fail(name, "missing from the document");
    return `${doc(schema)}export type ${name} = ${type(schema, "output", name)};\n`;
  }),
  ...Object.keys(BODIES).map(declaration),
  "/** The name of an identifier kind, as `validateIdentifier` takes it and `identifierKinds()` lists it. */",
  `export type IdentifierKindName = ${kinds.map(literal).join(" | ")};`,
  "",
];
writeFileSync(join(pkg, "types.d.ts"), out.join("\n"));
writeFileSync(
  join(pkg, "kinds.js"),
  "// Generated by npm/scripts/generate-types.mjs from the crate's identifier kinds. Do not edit.\n" +
    `export const IDENTIFIER_KIND_NAMES = Object.freeze(${JSON.stringify(kinds)});\n`,
);
console.log(`generate-types: ${Object.keys(BODIES).length * 2} body types, ${ENUMS.length} enums, ${kinds.length} identifier kinds`);
