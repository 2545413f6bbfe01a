// Writes abuse.jsonl beside this file: hostile requests and the answer each must get (README.md here
// says how the runner reads them). After editing gen/*.mjs: `node tests/corpus/generate.mjs`, commit both.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { entries } from "./gen/lib.mjs";
import "./gen/shapes.mjs";
import "./gen/fields.mjs";
import "./gen/documents.mjs";
import "./gen/requests.mjs";

const out = fileURLToPath(new URL("./abuse.jsonl", import.meta.url));
writeFileSync(out, entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
console.log(`wrote ${entries.length} entries to ${out}`);
