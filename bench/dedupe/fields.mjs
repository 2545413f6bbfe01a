// Writing one record's fields from the truth, as a clerk would: which fields were filled in, the
// formats they were typed in, and what changed or went wrong in a later record of the same customer
// (a new mobile, a move, a typo in the pincode, a date with day and month swapped). Writing habits (the
// city's other name, "Rd" for Road, a date day first) show in first records as much as in later ones,
// so that no habit gives a duplicate away. Each departure from the truth is named in `edits`, so the
// evaluator can say which kinds of duplicates it misses.

import { PLACEHOLDER_EMAILS, PLACEHOLDER_MOBILES, mobile, mobileAsTyped } from "./identifiers.mjs";
import { pick } from "./random.mjs";
import { address as newAddress, addressBody, pickCity } from "./places.mjs";
import { typo } from "./spelling.mjs";

const pad = (n) => String(n).padStart(2, "0");

/** A date of birth as typed: ISO mostly, else the Indian day-first forms. */
export function writeDate(r, { y, m, d }) {
  const roll = r();
  if (roll < 0.7) return `${y}-${pad(m)}-${pad(d)}`;
  if (roll < 0.9) return `${pad(d)}/${pad(m)}/${y}`;
  return `${pad(d)}-${pad(m)}-${y}`;
}

/** A later record's date of birth: day and month swapped, one digit wrong, or the year off by one. */
export function changedDate(r, date, edits) {
  const roll = r();
  if (roll < 0.04 && date.d <= 12 && date.d !== date.m) {
    edits.push("dob_day_month_swapped");
    return { y: date.y, m: date.d, d: date.m };
  }
  if (roll < 0.08) {
    edits.push("dob_digit_typo");
    // The day's last digit one off ("12" for "13"), or the decade's digit ("1995" for "1985").
    if (r() < 0.5) return { ...date, d: date.d >= 28 ? date.d - 1 : date.d + 1 };
    return { ...date, y: date.y + (r() < 0.5 ? 10 : -10) };
  }
  if (roll < 0.11) {
    edits.push("dob_year_off_by_one");
    return { ...date, y: date.y + (r() < 0.5 ? 1 : -1) };
  }
  return date;
}

/** Abbreviations and reorderings of an address line that leave it the same place. */
const LINE_HABITS = [
  [/\bRoad\b/, "Rd"], [/\bStreet\b/, "St"], [/\bApartments\b/, "Apts"], [/\bSector\b/, "Sec"], [/\bNagar\b/, "Ngr"],
  [/\bFlat\b/, "Flat No."], [/^Flat /, ""], [/\bH\.No\. /, "House No "], [/\bPlot No\. /, "Plot "], [/, /g, " "],
  [/\b1st\b/, "First"], [/\b2nd\b/, "Second"], [/\bCross\b/, "Crs"], [/\bMain\b/, "Mn"], [/\bLayout\b/, "Lyt"],
];

/**
 * An address line as this record writes it: abbreviated or reformatted now and then by any clerk; a
 * later record may also leave a part out or carry a typo.
 */
export function rewrittenLine(r, line, later, edits) {
  let out = line;
  const fitting = LINE_HABITS.filter(([re]) => re.test(out));
  if (fitting.length && r() < 0.35) {
    const [re, to] = pick(r, fitting);
    out = out.replace(re, to).replace(/\s+/g, " ").trim();
    edits.push("line_reformatted");
  }
  const roll = r();
  if (later && roll < 0.15) {
    const parts = out.split(", ");
    if (parts.length > 2) {
      parts.splice(r() < 0.5 ? 1 : parts.length - 1, 1);
      out = parts.join(", ");
      edits.push("line_part_missing");
    }
  } else if (later && roll < 0.23) {
    const words = out.split(" ");
    const i = Math.floor(r() * words.length);
    if (/^[A-Za-z]{4,}$/.test(words[i])) {
      words[i] = typo(r, words[i]);
      out = words.join(" ");
      edits.push("line_typo");
    }
  }
  return out.length >= 5 ? out : line;
}

/**
 * The address body of a record, or `null`. `later` marks a duplicate: it may have moved (a new address,
 * often in the same city), and its pincode, city or line may be written differently.
 */
export function writeAddress(r, truth, later, edits) {
  if (r() >= (later ? 0.85 : 0.92)) {
    if (later) edits.push("address_missing");
    return null;
  }
  let a = truth;
  if (later && r() < 0.15) {
    a = newAddress(r, r() < 0.7 ? truth.city : pickCity(r)); // most moves stay in town
    edits.push("address_moved");
  }
  const body = addressBody(a);
  body.address_line = rewrittenLine(r, body.address_line, later, edits);
  // Any clerk may write the city's other name (Bombay, Bangalore); a later one may mistype it.
  if (a.city.aliases.length && r() < 0.25) {
    body.city = pick(r, a.city.aliases);
    edits.push("city_other_name");
  } else if (later && r() < 0.03) {
    body.city = typo(r, body.city);
    edits.push("city_typo");
  }
  if (!later) return body;
  const pin = r();
  if (pin < 0.03) {
    const i = 3 + Math.floor(r() * 3);
    body.pincode = body.pincode.slice(0, i) + ((Number(body.pincode[i]) + 1) % 10) + body.pincode.slice(i + 1);
    edits.push("pincode_typo");
  } else if (pin < 0.08) {
    delete body.pincode;
    edits.push("pincode_missing");
  }
  return body;
}

/** The record's mobile: the true one (maybe changed since), a placeholder a clerk typed, or none. */
export function writeMobile(r, truth, later, edits) {
  if (r() < 0.02) {
    edits.push("mobile_placeholder");
    return pick(r, PLACEHOLDER_MOBILES);
  }
  if (r() >= (later ? 0.92 : 0.97)) {
    if (later) edits.push("mobile_missing");
    return null;
  }
  if (later && r() < 0.2) {
    edits.push("mobile_changed");
    return mobileAsTyped(r, mobile(r));
  }
  return mobileAsTyped(r, truth);
}

/** The record's e-mail: the true one, another one the customer uses now, a placeholder, or none. */
export function writeEmail(r, truth, present, later, edits, other) {
  if (r() < 0.01) {
    edits.push("email_placeholder");
    return pick(r, PLACEHOLDER_EMAILS);
  }
  if (r() >= present) return null;
  if (later && r() < 0.1) {
    edits.push("email_changed");
    return other();
  }
  return r() < 0.1 ? truth.toUpperCase() : truth;
}

/** A PAN with one character mistyped: still a valid-looking PAN, but another one. */
export function mistypedPan(r, pan) {
  const i = 5 + Math.floor(r() * 4);
  return pan.slice(0, i) + ((Number(pan[i]) + 1 + Math.floor(r() * 8)) % 10) + pan.slice(i + 1);
}

/** A prop in the API's `{key, value, type}` form. */
export const prop = (key, value, type = "text") => ({ key, value: String(value), type });
