// The package as an app gets it: `npm pack` of npm/ (what `npm publish` would upload), installed with
// `npm install` into a directory, as the examples' tests and the browser bench use it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const NPM_DIR = fileURLToPath(new URL("../../", import.meta.url));

const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

let packed;

/** Packs npm/ once per process: `{ file, files: [{path, size}], size }` (`size`: the .tgz's bytes). */
export function pack() {
  if (!packed) {
    const dest = mkdtempSync(join(tmpdir(), "crego-pack-"));
    const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", dest], NPM_DIR));
    packed = { file: join(dest, info.filename), files: info.files, size: info.size };
  }
  return packed;
}

/** Installs the packed package into `dir`'s node_modules without touching its package.json or lock
 * (a directory without a package.json gets an empty one, else npm would install into a parent's). */
export function installInto(dir) {
  if (!existsSync(join(dir, "package.json"))) writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  npm(["install", "--no-save", "--no-package-lock", pack().file], dir);
}
