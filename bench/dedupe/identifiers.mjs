// Indian identifiers for the synthetic dedupe data, valid as the API's validation crate checks them:
// PAN (holder type, surname initial), GSTIN (state code, embedded PAN, mod-36 check), Aadhaar
// (Verhoeff check digit), CIN, mobile numbers in the forms people type them, and e-mail addresses.

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

import { digits, pick } from "./random.mjs";

const letter = (r) => pick(r, LETTERS);

/**
 * A PAN: three letters, the holder type (P person, C company, F firm), the first letter of the
 * surname (or of the firm's name), four digits and a letter, as the Income Tax Department issues them.
 */
export function pan(r, holder, nameInitial) {
  const fifth = /^[A-Za-z]/.test(nameInitial ?? "") ? nameInitial[0].toUpperCase() : letter(r);
  return `${letter(r)}${letter(r)}${letter(r)}${holder}${fifth}${digits(r, 4)}${letter(r)}`;
}

/** The GSTIN check character of its first 14 characters (weights 1, 2, 1, 2, ... over base 36). */
export function gstinCheck(first14) {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = BASE36.indexOf(first14[i]) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return BASE36[(36 - (sum % 36)) % 36];
}

/** A GSTIN: the state's two-digit code, the firm's PAN, its registration number in that state, Z, check. */
export function gstin(stateCode, firmPan, registration = 1) {
  const first14 = `${stateCode}${firmPan}${BASE36[registration]}Z`;
  return first14 + gstinCheck(first14);
}

// Verhoeff's dihedral-group tables, written out from the algorithm's definition.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
// Position i's permutation is the first one applied i times.
const P1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
for (let i = 1; i < 8; i++) P.push(P[i - 1].map((d) => P1[d]));
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** `body` (digits) followed by its Verhoeff check digit. */
export function withVerhoeff(body) {
  let c = 0;
  [...body].reverse().forEach((ch, i) => {
    c = D[c][P[(i + 1) % 8][Number(ch)]];
  });
  return body + INV[c];
}

/** Aadhaar: 12 digits, the first 2-9, the last Verhoeff's check digit of the other eleven. */
export function aadhaar(r) {
  return withVerhoeff(String(2 + Math.floor(r() * 8)) + digits(r, 10));
}

/** A CIN: listing (U/L), industry code, state, year of incorporation, company class, number. */
export function cin(r, stateAbbr, year, listed) {
  return `${listed ? "L" : "U"}${digits(r, 5)}${stateAbbr}${year}${listed ? "PLC" : "PTC"}${digits(r, 6)}`;
}

/** A ten-digit Indian mobile number (first digit 6-9). */
export function mobile(r) {
  return String(6 + Math.floor(r() * 4)) + digits(r, 9);
}

/** A mobile number as a person or a form writes it: bare, +91, a leading 0, or grouped. */
export function mobileAsTyped(r, number) {
  const roll = r();
  if (roll < 0.55) return number;
  if (roll < 0.75) return `+91 ${number.slice(0, 5)} ${number.slice(5)}`;
  if (roll < 0.88) return `0${number}`;
  return `+91${number}`;
}

const MAIL_HOSTS = ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.co.in", "rediffmail.com", "hotmail.com", "outlook.com"];

/** A personal e-mail address made from the name, as people choose them. */
export function personalEmail(r, given, surname, birthYear) {
  const g = given.toLowerCase().replace(/[^a-z]/g, "");
  const s = surname.toLowerCase().replace(/[^a-z]/g, "");
  const tail = r() < 0.5 ? String(birthYear ?? "").slice(2) || digits(r, 2) : digits(r, 3);
  const forms = [`${g}.${s}${tail}`, `${g}${s}${tail}`, `${g}${tail}`, `${g[0]}${s}${tail}`, `${g}_${s}`];
  return `${pick(r, forms)}@${pick(r, MAIL_HOSTS)}`;
}

/** A firm's e-mail address on its own domain or a webmail. */
export function firmEmail(r, core) {
  const word = core.toLowerCase().replace(/[^a-z]/g, "").slice(0, 14) || "firm";
  return r() < 0.6 ? `${pick(r, ["info", "accounts", "contact", "sales"])}@${word}${digits(r, 2)}.in` : `${word}${digits(r, 3)}@gmail.com`;
}

/** Values clerks type when the field is mandatory and the customer did not give one. */
export const PLACEHOLDER_MOBILES = ["9999999999", "9876543210", "9000000000"];
export const PLACEHOLDER_EMAILS = ["na@na.com", "test@gmail.com", "noemail@gmail.com"];
