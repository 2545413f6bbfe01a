// The three mistakes a form makes most (a wrong key, a wrong enum value, a wrong JSON type) do not
// compile against the package's declarations, wherever a body is typed: a variable of an input type, a
// validate function's argument, and the input a schema declares for form libraries. Each mistake is
// compiled by TypeScript three ways in one program: as written (exactly one error, of the expected
// code, on its line), under `// @ts-expect-error` (no error), and fixed (no error), so each failure is
// the mistake's own.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

import ts from "typescript";

const TEST_DIR = fileURLToPath(new URL(".", import.meta.url));

const VALID = `{ name: "Rajesh Kumar", namespace: "Retail", status: "active", type: "individual" }`;
// [mistake, as written, fixed, TypeScript's code]
const MISTAKES = [
  ["a wrong key", `{ ...${VALID}, nmae: "Rajesh" }`, `{ ...${VALID}, name: "Rajesh" }`, 2353],
  ["a wrong enum value", `{ ...${VALID}, status: "pending" }`, `{ ...${VALID}, status: "inactive" }`, 2322],
  ["a wrong JSON type", `{ ...${VALID}, props: [{ key: "age", value: 42, type: "number" }] }`,
    `{ ...${VALID}, props: [{ key: "age", value: "42", type: "number" }] }`, 2322],
];
// Where a body is typed: a snippet's last line is the one that holds `BODY`.
const PLACES = {
  "a ContactInput variable": `const body: ContactInput =\n  BODY;`,
  "validateContact's argument": `validateContact(\n  BODY);`,
  "contactSchema's declared input": `const body: StandardSchemaV1.InferInput<typeof contactSchema> =\n  BODY;`,
};
const HEADER = [
  `import type { StandardSchemaV1 } from "@standard-schema/spec";`,
  `import { contactSchema, validateContact, type ContactInput } from "@crego/validation";`,
  `export {};`,
].join("\n");

const OPTIONS = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  exactOptionalPropertyTypes: true,
};

/** Compiles every snippet as its own module in one program (inside npm/test/, so that
 * "@crego/validation" resolves to the built package); the diagnostics of each, by name. */
function compile(snippets) {
  const files = new Map(Object.entries(snippets).map(([name, text], i) => [`${TEST_DIR}snippet-${i}.ts`, { name, text }]));
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f)?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f).text, lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  const byName = {};
  for (const [file, { name }] of files) {
    const source = program.getSourceFile(file);
    byName[name] = ts.getPreEmitDiagnostics(program, source).map((d) => ({
      code: d.code,
      line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      text: ts.flattenDiagnosticMessageText(d.messageText, " "),
    }));
  }
  return byName;
}

const snippets = {};
for (const [mistake, wrong, fixed] of MISTAKES) {
  for (const [place, template] of Object.entries(PLACES)) {
    const at = (body, directive = "") => `${HEADER}\n${template.replace("BODY", directive + body)}\n`;
    snippets[`${mistake} in ${place}`] = at(wrong);
    snippets[`${mistake} in ${place}, expected`] = at(wrong, "// @ts-expect-error\n  ");
    snippets[`${mistake} in ${place}, fixed`] = at(fixed);
  }
}
const lastLine = (text) => text.trimEnd().split("\n").length;

describe("the three mistakes do not compile", () => {
  const diagnostics = compile(snippets);

  for (const [mistake, , , code] of MISTAKES) {
    for (const place of Object.keys(PLACES)) {
      const name = `${mistake} in ${place}`;
      it(`${name} is error TS${code} on its line, and nothing else is wrong`, () => {
        assert.deepEqual(
          diagnostics[name].map((d) => [d.code, d.line]),
          [[code, lastLine(snippets[name])]],
          JSON.stringify(diagnostics[name]),
        );
        assert.deepEqual(diagnostics[`${name}, expected`], [], "@ts-expect-error accepts it");
        assert.deepEqual(diagnostics[`${name}, fixed`], [], "fixed, it compiles");
      });
    }
  }

  it("uses the built package's declarations", () => {
    const types = readFileSync(new URL("../pkg/types.d.ts", import.meta.url), "utf8");
    assert.match(types, /export type ContactInput = \{/);
  });
});
