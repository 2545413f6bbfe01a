// Seeded choices for the synthetic dedupe data: everything draws from one mulberry32 stream per split,
// so a seed gives the same records on every machine and Node version.

export { rng } from "../lib/names.mjs";

export const pick = (r, list) => list[Math.floor(r() * list.length)];

export const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join("");

/** A Fisher-Yates shuffle of a copy of `list`. */
export function shuffled(r, list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Weighted choice among `items`; `weight(item)` need not sum to one. */
export function weighted(r, items, weight) {
  const total = items.reduce((s, it) => s + weight(it), 0);
  let x = r() * total;
  for (const it of items) {
    x -= weight(it);
    if (x < 0) return it;
  }
  return items[items.length - 1];
}
