// Realistic Indian contact names and props for seeding: small first/last-name lists with variation
// (middle names, initials, honorifics, spelling variants, a few firms), so that dedupe's name blocks
// hold many similar names, as they do in a real tenant. Deterministic: the same seed gives the same data.

const FIRST = [
  "Rajesh", "Ramesh", "Suresh", "Mahesh", "Amit", "Sumit", "Anil", "Sunil", "Vijay", "Sanjay",
  "Rahul", "Rohit", "Arjun", "Karan", "Vikram", "Deepak", "Manoj", "Ashok", "Prakash", "Ravi",
  "Priya", "Pooja", "Neha", "Sneha", "Anjali", "Kavita", "Sunita", "Meena", "Lakshmi", "Divya",
  "Aarti", "Swati", "Nisha", "Rekha", "Geeta", "Shalini", "Anita", "Radha", "Sarita", "Usha",
  "Venkatesh", "Srinivas", "Ganesh", "Harish", "Naveen", "Kiran", "Arun", "Gopal", "Mohan", "Imran",
];
const MIDDLE = ["Kumar", "Prasad", "Chandra", "Lal", "Devi", "Rani", "Nath", "Bai"];
const LAST = [
  "Kumar", "Sharma", "Verma", "Gupta", "Singh", "Patel", "Shah", "Mehta", "Joshi", "Kulkarni",
  "Deshpande", "Patil", "Pawar", "Jadhav", "Nair", "Menon", "Pillai", "Iyer", "Iyengar", "Reddy",
  "Rao", "Naidu", "Chowdary", "Banerjee", "Chatterjee", "Mukherjee", "Das", "Bose", "Ghosh", "Sen",
  "Agarwal", "Bansal", "Jain", "Malhotra", "Kapoor", "Khanna", "Chopra", "Saxena", "Mishra", "Tiwari",
];
const VARIANTS = { Kumar: "Kumaar", Sharma: "Sharmaa", Lakshmi: "Laxmi", Chowdary: "Choudhary", Srinivas: "Shrinivas" };
const HONORIFICS = ["Mr.", "Mrs.", "Ms.", "Dr.", "Shri"];
const FIRMS = ["Traders", "Enterprises", "Textiles", "Industries", "Agencies"];

/** A small deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];

/** A person's or firm's name, with the variation real data has. */
export function indianName(r) {
  const roll = r();
  if (roll < 0.05) return `${pick(r, LAST)} ${pick(r, FIRMS)}${r() < 0.5 ? " Pvt. Ltd." : ""}`;
  let first = pick(r, FIRST);
  let last = pick(r, LAST);
  if (r() < 0.1) first = VARIANTS[first] ?? first;
  if (r() < 0.1) last = VARIANTS[last] ?? last;
  const parts = [];
  if (roll > 0.95) parts.push(pick(r, HONORIFICS));
  parts.push(first);
  const middle = r();
  if (middle < 0.2) parts.push(pick(r, MIDDLE));
  else if (middle < 0.3) parts.push(`${pick(r, LAST)[0]}.`);
  parts.push(last);
  return parts.join(" ");
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join("");

/** A PAN-shaped identifier (5 letters, 4 digits, 1 letter; the 4th letter P for a person). */
export function pan(r) {
  const l = () => LETTERS[Math.floor(r() * 26)];
  return `${l()}${l()}${l()}P${l()}${digits(r, 4)}${l()}`;
}

/** A name one seeded contact in thirty-three has: a very common name, shared by thousands at 100k. */
export const COMMON_NAME = "Rajesh Kumar";
/** A mobile one seeded contact in twenty has: a placeholder (a clerk's filler), held by thousands. */
export const SHARED_MOBILE = "9812300000";

/** A date of birth, 1950-1999, as `YYYY-MM-DD`. */
export function dob(r) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${1950 + Math.floor(r() * 50)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
}

/** A create body for `POST /contacts/`; `i` makes the props unique (but for the shared mobile). */
export function contactBody(r, namespace, i) {
  const name = r() < 0.03 ? COMMON_NAME : indianName(r);
  const mobile = r() < 0.05 ? SHARED_MOBILE : `9${String(i).padStart(9, "0")}`;
  return {
    name,
    namespace,
    status: r() < 0.8 ? "active" : "inactive",
    type: /Traders|Enterprises|Textiles|Industries|Agencies/.test(name) ? "corporate" : "individual",
    tags: r() < 0.5 ? ["salaried"] : ["self_employed"],
    props: [
      { key: "pan_no", value: pan(r), type: "text" },
      { key: "mobile", value: mobile, type: "text" },
      { key: "dob", value: dob(r), type: "text" },
      { key: "monthly_income", value: String(20000 + Math.floor(r() * 180000)), type: "number" },
    ],
  };
}
