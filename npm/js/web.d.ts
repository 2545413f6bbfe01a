// @crego/validation/web: the package's API, plus the two ways to load its module before the first call.
export * from "./index.js";

/** Where the module comes from: a URL or request to fetch, a response, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the module, once (later calls return at once): with no argument, `crego_validation_bg.wasm`
 * next to this file; or `init({ module_or_path: "/static/crego_validation_bg.wasm" })`.
 */
export default function init(
  options?: { module_or_path?: InitInput | Promise<InitInput> },
): Promise<WebAssembly.Exports>;

/** Loads the module synchronously from its bytes or a compiled module: `initSync({ module: bytes })`. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): WebAssembly.Exports;
