// A person's records: the first one as it was keyed in, and later ones of the same customer keyed in
// again by someone else, with the name written another way (a spelling, a typo, initials, an
// honorific, "S.O." and the father's name, surname first, a middle name dropped or added, words run
// together, "Kr." for Kumar, a married surname) and the fields changed as in `fields.mjs`.

import { pick, shuffled, weighted } from "./random.mjs";
import { personalEmail } from "./identifiers.mjs";
import { familyName, writeName } from "./names.mjs";
import { abbreviation, habitVariant, knownVariant, typo } from "./spelling.mjs";
import { changedDate, mistypedPan, prop, writeAddress, writeDate, writeEmail, writeMobile } from "./fields.mjs";

const HONORIFICS = { m: ["Mr.", "Mr", "Shri", "Sri", "Dr."], f: ["Mrs.", "Smt.", "Ms.", "Kumari", "Dr."] };
/** Relation phrases as a contact name may hold them (the API's names allow no "/"). */
const RELATIONS = { son: ["S.O.", "S O", "Son of", "s.o."], daughter: ["D.O.", "D O", "Daughter of"], wife: ["W.O.", "W O", "Wife of"] };

/** The words of a name with the index of the surname word (or -1). */
function words(p) {
  const ws = writeName(p.name).split(" ");
  const surnameAt = p.name.surname && p.name.style !== "tamil_initial" ? ws.lastIndexOf(p.name.surname.split(" ").pop()) : -1;
  return { ws, surnameAt };
}

/** One way of writing the name differently; each returns the new words or null when it does not apply. */
const NAME_EDITS = {
  variant: (r, n) => respell(r, n, (w) => knownVariant(r, w) ?? (r() < 0.6 ? habitVariant(r, w) : null)),
  typo: (r, n) => respell(r, n, (w) => (w.length >= 4 ? typo(r, w) : null)),
  initials: (r, n, p) => {
    if (p.name.style === "tamil_initial") return [p.name.given, p.name.surname]; // "K. Ramesh" -> "Ramesh Krishnan"
    if (p.name.style === "tamil") return [`${p.name.surname[0]}.`, p.name.given];
    const i = n.ws.findIndex((w, j) => j !== n.surnameAt && w.length > 1);
    if (i < 0 || n.surnameAt < 0) return null;
    return n.ws.map((w, j) => (j === i ? `${w[0]}${r() < 0.6 ? "." : ""}` : w));
  },
  honorific: (r, n, p) => [pick(r, HONORIFICS[p.gender]), ...n.ws],
  relation: (r, n, p) => {
    const married = p.gender === "f" && p.spouseGiven && r() < 0.6;
    const kind = married ? "wife" : p.gender === "f" ? "daughter" : "son";
    const relative = married ? p.spouseGiven : p.fatherGiven;
    return [...n.ws, pick(r, RELATIONS[kind]), relative, ...(p.name.surname && r() < 0.7 ? [p.name.surname] : [])];
  },
  swapped: (r, n) => (n.ws.length < 2 ? null : [n.ws[n.ws.length - 1], ...n.ws.slice(0, -1)]),
  middle_dropped: (r, n, p) => (p.name.middle && p.name.middle !== "Singh" ? n.ws.filter((w) => w !== p.name.middle) : null),
  middle_added: (r, n, p) => {
    if (p.name.middle || n.surnameAt < 1) return null;
    const middle = p.comm === "maharashtra" || p.comm === "gujarat" ? p.fatherGiven : p.gender === "m" ? "Kumar" : null;
    return middle ? [...n.ws.slice(0, n.surnameAt), middle, ...n.ws.slice(n.surnameAt)] : null;
  },
  joined: (r, n) => {
    const i = n.ws.findIndex((w, j) => j + 1 < n.ws.length && j + 1 !== n.surnameAt && w.length > 2 && n.ws[j + 1].length > 2);
    if (i < 0 || n.ws.length < 3) return null;
    const joined = n.ws[i] + n.ws[i + 1].toLowerCase();
    return [...n.ws.slice(0, i), joined, ...n.ws.slice(i + 2)];
  },
  abbreviated: (r, n) => respell(r, n, (w) => abbreviation(r, w)),
  bhai: (r, n, p) => (p.comm === "gujarat" ? n.ws.map((w, j) => (j === 0 ? w + (p.gender === "m" ? "bhai" : "ben") : w)) : null),
  surname_changed: (r, n, p) => {
    const married = familyName(r, p.comm);
    if (p.gender !== "f" || n.surnameAt < 0 || p.comm === "punjab" || married === n.ws[n.surnameAt]) return null;
    return n.ws.map((w, j) => (j === n.surnameAt ? married : w));
  },
  case: (r, n) => (r() < 0.6 ? n.ws.map((w) => w.toUpperCase()) : n.ws.map((w) => w.toLowerCase())),
};
const NAME_EDIT_WEIGHTS = {
  variant: 20, typo: 20, initials: 15, honorific: 12, relation: 8, swapped: 10, middle_dropped: 8, middle_added: 5,
  joined: 5, abbreviated: 6, bhai: 4, surname_changed: 3, case: 10,
};

/** One word of the name (any, the surname as likely as the others) respelled by `f`. */
function respell(r, n, f) {
  const order = shuffled(r, n.ws.map((_, i) => i));
  for (const i of order) {
    const out = f(n.ws[i]);
    if (out && out !== n.ws[i]) return n.ws.map((w, j) => (j === i ? out : w));
  }
  return null;
}

/** How many name edits a later record carries: none for a third of them, as people retype names well. */
function editCount(r) {
  const x = r();
  return x < 0.3 ? 0 : x < 0.75 ? 1 : x < 0.95 ? 2 : 3;
}

/** The name of a later record, and the edits made to it. */
function laterName(r, p, edits) {
  let n = words(p);
  const wanted = editCount(r);
  for (let tries = 0; edits.length < wanted && tries < 12; tries++) {
    const [kind] = weighted(r, Object.entries(NAME_EDIT_WEIGHTS), ([, w]) => w);
    if (edits.includes(kind)) continue;
    const out = NAME_EDITS[kind](r, n, p);
    if (!out) continue;
    edits.push(kind);
    const surname = n.surnameAt >= 0 ? n.ws[n.surnameAt] : null;
    n = { ws: out, surnameAt: surname ? out.indexOf(surname) : -1 };
  }
  return n.ws.join(" ").replace(/\s+/g, " ").trim();
}

/** A record of `p` as the API takes it: `{contact, address}` (address `null` when not given). */
export function personRecord(r, p, later, namespace = "Retail") {
  const edits = [];
  const nameEdits = [];
  const name = later ? laterName(r, p, nameEdits) : original(r, p, nameEdits);
  edits.push(...nameEdits.map((e) => `name_${e}`));
  const props = [];
  if (r() < (later ? 0.75 : 0.88)) {
    const date = later ? changedDate(r, p.dob, edits) : p.dob;
    props.push(prop(r() < 0.7 ? "dob" : "date_of_birth", writeDate(r, date)));
  } else if (later) edits.push("dob_missing");
  const mobile = writeMobile(r, p.mobile, later, edits);
  if (mobile) props.push(prop(pick(r, ["mobile", "mobile", "mobile_no", "phone"]), mobile));
  const other = () => personalEmail(r, p.name.given.split(" ")[0], p.name.surname || p.name.given, p.dob.y);
  const email = writeEmail(r, p.email, later ? 0.45 : 0.55, later, edits, other);
  if (email) props.push(prop("email", email));
  if (r() < (later ? 0.55 : 0.75)) {
    const typoed = later && r() < 0.015;
    if (typoed) edits.push("pan_typo");
    props.push(prop(pick(r, ["pan", "pan_no"]), typoed ? mistypedPan(r, p.pan) : p.pan));
  } else if (later) edits.push("pan_missing");
  if (r() < (later ? 0.2 : 0.25)) props.push(prop(pick(r, ["aadhaar", "aadhaar_no"]), p.aadhaar));
  props.push(prop("occupation", pick(r, ["salaried", "self_employed", "business", "farmer", "retired"])));
  const address = writeAddress(r, p.address, later, edits);
  const contact = { name, namespace, status: "active", type: "individual", props };
  return { contact, address, edits };
}

/** The first record's name: as written, now and then with an honorific, a relation phrase or in capitals. */
function original(r, p, edits) {
  const n = words(p);
  const roll = r();
  const [kind, ws] = roll < 0.06 ? ["honorific", NAME_EDITS.honorific(r, n, p)]
    : roll < 0.1 ? ["relation", NAME_EDITS.relation(r, n, p)]
    : roll < 0.16 ? ["case", n.ws.map((w) => w.toUpperCase())]
    : [null, n.ws];
  if (kind) edits.push(kind);
  return ws.join(" ");
}
