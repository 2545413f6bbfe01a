// Synthetic people as they really are (the truth every record of them is written from): name parts,
// date of birth, mobile, e-mail, PAN, Aadhaar and home address; and the households that make dedupe's
// hardest negatives: a spouse, grown children, a sibling (sometimes a twin) or a parent sharing the
// surname, the address and often the mobile, and namesakes in the same city.

import { aadhaar, mobile, pan, personalEmail } from "./identifiers.mjs";
import { community, familyName, givenName, personName } from "./names.mjs";
import { address, pickCity } from "./places.mjs";

const YEAR = 2026;

function dob(r, year) {
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * (m === 2 ? 28 : 30));
  return { y: year, m, d };
}

/** A person's true attributes. `base` fixes some (a household's surname, address, community...). */
export function newPerson(r, base = {}) {
  const city = base.city ?? pickCity(r);
  const comm = base.comm ?? community(r, city.region);
  const gender = base.gender ?? (r() < 0.62 ? "m" : "f"); // loan books hold more men
  const surname = base.name?.surname ?? base.surname ?? familyName(r, comm);
  const name = base.name ? { ...base.name } : personName(r, comm, gender, surname, base.fatherGiven);
  if (base.given) name.given = base.given;
  const year = base.year ?? YEAR - 21 - Math.floor(r() * 50);
  const birth = base.dob ? { ...base.dob } : dob(r, year);
  return {
    kind: "individual",
    comm,
    gender,
    city,
    name,
    fatherGiven: base.fatherGiven ?? givenName(r, comm, "m"),
    spouseGiven: null,
    dob: birth,
    mobile: base.mobile ?? mobile(r),
    email: base.email ?? personalEmail(r, name.given.split(" ")[0], surname || name.middle || name.given, birth.y),
    pan: pan(r, "P", surname || name.given),
    aadhaar: aadhaar(r),
    address: base.address ?? address(r, city),
  };
}

/**
 * The relatives of `head` who live with them, each `{person, relation}`: a spouse, grown children, a
 * sibling (one in twelve a twin: same date of birth) and a parent, as real households come.
 */
export function household(r, head) {
  const shared = (extra) => ({
    city: head.city,
    comm: head.comm,
    address: r() < 0.95 ? head.address : undefined,
    mobile: r() < 0.25 ? head.mobile : undefined,
    email: r() < 0.08 ? head.email : undefined,
    ...extra,
  });
  const out = [];
  const sameSurname = () => (head.comm === "punjab" ? head.name.surname : head.name.surname || undefined);
  if (r() < 0.7) {
    const wife = head.gender === "m";
    const surname = wife && r() < 0.15 ? familyName(r, head.comm) : sameSurname();
    const spouse = newPerson(r, shared({ gender: wife ? "f" : "m", surname, year: head.dob.y + Math.floor(r() * 9) - (wife ? 0 : 5) }));
    spouse.spouseGiven = head.name.given;
    head.spouseGiven = spouse.name.given;
    out.push({ person: spouse, relation: "spouse" });
  }
  const children = head.dob.y < YEAR - 45 ? Math.floor(r() * 3) : 0;
  for (let i = 0; i < children; i++) {
    const year = Math.min(YEAR - 21, head.dob.y + 20 + Math.floor(r() * 15));
    const child = newPerson(r, shared({ surname: sameSurname(), year, fatherGiven: head.gender === "m" ? head.name.given : undefined }));
    out.push({ person: child, relation: "child" });
  }
  if (r() < 0.2) {
    const twin = r() < 1 / 12;
    const sibling = newPerson(r, shared({
      surname: sameSurname(),
      fatherGiven: head.fatherGiven,
      year: Math.min(YEAR - 21, head.dob.y + Math.floor(r() * 21) - 10),
      dob: twin ? head.dob : undefined,
    }));
    out.push({ person: sibling, relation: twin ? "twin" : "sibling" });
  }
  if (r() < 0.15 && head.dob.y > YEAR - 50) {
    const year = head.dob.y - 20 - Math.floor(r() * 15);
    const parent = newPerson(r, shared({ surname: sameSurname(), year, gender: "m", given: head.fatherGiven }));
    out.push({ person: parent, relation: "parent" });
  }
  return out;
}

/** Another person with the same name in the same city: nothing else in common. */
export function namesake(r, person) {
  return newPerson(r, { city: person.city, comm: person.comm, gender: person.gender, name: person.name });
}
