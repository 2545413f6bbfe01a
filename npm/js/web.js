// @crego/validation/web: the same API, loaded when the page says so. Call `await init()` (the `.wasm`
// next to this file) or `init({ module_or_path: url })` once before the first call, or `initSync({
// module: bytes })`; for pages that serve the `.wasm` elsewhere or want to load it later.
export { default, initSync } from "./crego_validation.js";
export * from "./api.js";
