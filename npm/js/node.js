// @crego/validation in Node (the "node" export condition; also `require()` from Node 20.19 and 22.12
// on): the module is read from disk and compiled synchronously at import, so no top-level await.
import { readFileSync } from "node:fs";

import { initSync } from "./crego_validation.js";

initSync({ module: readFileSync(new URL("./crego_validation_bg.wasm", import.meta.url)) });

export * from "./api.js";
