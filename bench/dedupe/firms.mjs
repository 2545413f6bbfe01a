// Businesses of the synthetic data: names built the way Indian firms are named (an auspicious prefix,
// a family name, a deity or a place, an activity, a legal suffix), their PAN, GSTIN and CIN, and the
// look-alikes that make business dedupe hard: firms sharing a popular name, and group companies at one
// address with names one word apart.

import { cin, gstin, pan } from "./identifiers.mjs";
import { pick } from "./random.mjs";

const PREFIXES = ["Shree", "Sri", "New", "Om", "Jai", "Maa"];
const FAMILY = ["Sharma", "Patel", "Agarwal", "Gupta", "Jain", "Reddy", "Shah", "Mehta", "Bansal", "Goyal", "Mittal", "Singhania", "Rao", "Naidu", "Iyer", "Khanna", "Kapoor", "Chopra", "Desai", "Kulkarni"];
const DEITY = ["Balaji", "Ganesh", "Sai", "Laxmi", "Krishna", "Durga", "Hanuman", "Mahalaxmi", "Shiv Shakti", "Vinayak", "Ambika", "Tirupati", "Saraswati", "Jagdamba"];
const PLACE = ["Ganga", "Himalaya", "Sahyadri", "Kaveri", "Deccan", "Coastal", "Eastern", "Metro", "Royal", "Star", "Sunrise", "Global", "Prime", "Apex", "Supreme", "Bharat", "National", "Universal"];
const ACTIVITY = ["Traders", "Enterprises", "Industries", "Textiles", "Steels", "Pharma", "Foods", "Motors", "Constructions", "Infra Projects", "Agro Products", "Logistics", "Electricals", "Jewellers", "Hardware", "Agencies", "Exports", "Polymers", "Auto Parts", "Builders"];
/** Words a group company adds to its sister's name. */
const GROUP_WORDS = ["Exports", "Infra", "Retail", "Holdings", "Finance", "Trading", "International", "Solutions"];

/** [written suffix, legal form] in the proportions seen on letterheads. */
const SUFFIXES = [
  ["Pvt Ltd", "company"], ["Pvt Ltd", "company"], ["Private Limited", "company"], ["Pvt. Ltd.", "company"],
  ["Limited", "public"], ["LLP", "llp"], ["& Co", "firm"], ["& Sons", "firm"], ["", "firm"], ["", "firm"], ["", "firm"],
];

const LETTERS = "ABCDEFGHIJKLMNOPRSTV";
const initialism = (r) => Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(r, LETTERS)).join("");

/** The distinctive part of a firm's name: a family name, a deity, a place, or letters ("SKS"). */
function core(r) {
  const roll = r();
  if (roll < 0.35) return pick(r, FAMILY);
  if (roll < 0.65) return pick(r, DEITY);
  if (roll < 0.9) return pick(r, PLACE);
  return initialism(r);
}

/**
 * A new business: `parts` {prefix, core, activity, suffix} from which every spelling of its name is
 * written, its legal form, and its identifiers (`cin` for companies only).
 */
export function newFirm(r, city, parts = null) {
  const [suffix, form] = pick(r, SUFFIXES);
  const p = parts ?? {
    prefix: r() < 0.3 ? pick(r, PREFIXES) : "",
    core: core(r),
    activity: pick(r, ACTIVITY),
  };
  const firm = { parts: { ...p, suffix }, form, city };
  firm.pan = pan(r, form === "company" || form === "public" ? "C" : "F", p.core);
  firm.gstin = gstin(city.gst, firm.pan, 1);
  firm.cin = form === "company" || form === "public" ? cin(r, city.cin, 1980 + Math.floor(r() * 45), form === "public") : null;
  return firm;
}

/** Writes a firm's name from its parts. */
export function firmName(parts) {
  return [parts.prefix, parts.core, parts.activity, parts.suffix].filter(Boolean).join(" ");
}

/** Another firm whose name shares the prefix and core but not the activity ("Balaji Traders" / "Balaji Textiles"). */
export function lookalikeFirm(r, firm, city) {
  let activity = pick(r, ACTIVITY);
  while (activity === firm.parts.activity) activity = pick(r, ACTIVITY);
  return newFirm(r, city, { prefix: firm.parts.prefix, core: firm.parts.core, activity });
}

/** A sister company: one more word in the name, the same address, its own PAN ("Sunrise Steels Exports"). */
export function groupCompany(r, firm) {
  const activity = `${firm.parts.activity} ${pick(r, GROUP_WORDS)}`;
  return newFirm(r, firm.city, { prefix: firm.parts.prefix, core: firm.parts.core, activity });
}
