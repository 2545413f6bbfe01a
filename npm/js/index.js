// @crego/validation for browsers and bundlers (Vite, webpack 5, a <script type="module">): the module
// is fetched and compiled once, at import, by top-level await. The `.wasm` sits next to the JS, where
// `new URL(..., import.meta.url)` in crego_validation.js finds it and bundlers copy it from.
import init from "./crego_validation.js";

await init();

export * from "./api.js";
