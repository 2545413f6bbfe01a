// How one name gets written differently by different clerks: spellings seen in Indian records
// (curated from common romanisations), spelling habits applied to any word (aa/a, ee/i, sh/s, w/v,
// ksh/x, a final a), abbreviations, and keyboard typos. The dedupe model does not use these lists: it
// has to recognise the variants by its own rules, so the benchmark measures it, not this table.

import { pick } from "./random.mjs";

/** Groups of spellings of one name; any member may be written as any other. */
const SPELLINGS = [
  ["Lakshmi", "Laxmi", "Luxmi", "Lakshmy"], ["Mohammed", "Mohammad", "Muhammad", "Mohamed", "Mohd", "Md"],
  ["Srinivas", "Shrinivas", "Sreenivas", "Srinivasa", "Shreenivas"], ["Srinivasa", "Sreenivasa", "Srinivas"],
  ["Chowdary", "Choudhary", "Chaudhary", "Chowdhury", "Chaudhari"], ["Chaudhary", "Choudhary", "Chaudhari", "Chowdhary"],
  ["Choudhary", "Chaudhary", "Chowdhury"], ["Venkatesh", "Venkatesha", "Wenkatesh"], ["Shaikh", "Sheikh", "Shekh", "Sk"],
  ["Sheikh", "Shaikh", "Shaik"], ["Syed", "Sayyed", "Saiyed", "Syyed"], ["Hussain", "Husain", "Hussein"], ["Ahmed", "Ahmad"],
  ["Krishna", "Krishnaa", "Krushna", "Krisna"], ["Pooja", "Puja"], ["Deepak", "Dipak"], ["Subhash", "Subash", "Subhas"],
  ["Jyoti", "Jyothi", "Joti"], ["Jyothi", "Jyoti"], ["Geeta", "Gita", "Geetha"], ["Geetha", "Geeta", "Gita"], ["Kavita", "Kavitha"],
  ["Kavitha", "Kavita"], ["Sunita", "Sunitha"], ["Sanjay", "Sanjai", "Sunjay"], ["Vijay", "Vijai", "Vijaya"],
  ["Chandra Sekhar", "Chandrasekhar", "Chandrashekar", "Chandrasekar"], ["Chandrashekar", "Chandrasekhar", "Chandra Shekar"],
  ["Satyanarayana", "Satyanarayan", "Sathyanarayana", "Satya Narayana"], ["Murthy", "Murty", "Moorthy"], ["Gowda", "Gouda"],
  ["Shetty", "Setty", "Shetti"], ["Pillai", "Pillay"], ["Nair", "Nayar"], ["Chatterjee", "Chatterji", "Chattopadhyay"],
  ["Banerjee", "Banerji", "Bandyopadhyay"], ["Mukherjee", "Mukherji", "Mukhopadhyay"], ["Bhattacharya", "Bhattacharjee", "Bhattacharyya"],
  ["Chakraborty", "Chakravarty", "Chakrabarti"], ["Agarwal", "Agrawal", "Aggarwal"], ["Srivastava", "Shrivastava", "Srivastav"],
  ["Tiwari", "Tiwary", "Tewari"], ["Yadav", "Yadava"], ["Gupta", "Guptha"], ["Reddy", "Reddi"], ["Varghese", "Verghese", "Varghis"],
  ["Mathew", "Mathews", "Matthew"], ["Fernandes", "Fernandez"], ["D'Souza", "Dsouza", "De Souza"], ["Qureshi", "Kureshi", "Quraishi"],
  ["Siddiqui", "Siddiqi", "Siddique"], ["Rahman", "Rehman"], ["Imran", "Imraan"], ["Javed", "Javaid"], ["Rizwan", "Rizvan"],
  ["Gurpreet", "Gurprit"], ["Harpreet", "Harprit"], ["Manpreet", "Manprit"], ["Jaswinder", "Jasvinder"], ["Sukhwinder", "Sukhvinder"],
  ["Kaur", "Kour"], ["Ashwini", "Aswini", "Ashvini"], ["Shubhangi", "Subhangi"], ["Bhavna", "Bhavana"], ["Manjunath", "Manjunatha"],
  ["Raghavendra", "Ragavendra"], ["Shivakumar", "Sivakumar", "Shiva Kumar"], ["Sivakumar", "Shivakumar", "Siva Kumar"],
  ["Saravanan", "Sarvanan"], ["Senthil", "Sendhil"], ["Prabhu", "Prabu"], ["Sreejith", "Srijith"], ["Santhosh", "Santosh"],
  ["Santosh", "Santhosh"], ["Unnikrishnan", "Unni Krishnan"], ["Sourav", "Saurav", "Sourabh"], ["Debashis", "Debasish", "Debasis"],
  ["Biswajit", "Biswajeet"], ["Abhijit", "Abhijeet"], ["Indranil", "Indraneel"], ["Prasanta", "Prashanta", "Prasant"],
  ["Bhaskar", "Baskar"], ["Dipankar", "Deepankar"], ["Hemanta", "Hemant"], ["Venkata Ramana", "Venkataramana", "Venkat Ramana"],
  ["Vijaya Lakshmi", "Vijayalakshmi", "Vijaya Laxmi"], ["Ramachandran", "Ramachandiran", "Ram Chandran"], ["Kulwinder", "Kulvinder"],
  ["Paramjit", "Paramjeet"], ["Amarjit", "Amarjeet"], ["Inderjit", "Inderjeet"], ["Ranjit", "Ranjeet"], ["Baljit", "Baljeet"],
  ["Sreeja", "Sreja"], ["Anitha", "Anita"], ["Anita", "Anitha"], ["Savitha", "Savita"], ["Vaishali", "Vaishaali"],
  ["Nagaraj", "Nagaraja", "Nagraj"], ["Nagaraju", "Nagraju"], ["Dattatray", "Dattatraya", "Datta"], ["Rajendra", "Rajendar", "Rajinder"],
];

/** Spelling habits: [pattern, replacement]; one is applied at one place where it fits. */
const HABITS = [
  [/aa/, "a"], [/([^a])a$/, "$1aa"], [/ee/, "i"], [/([bcdfghjklmnprstvz])i([bcdfghjklmnprstvz])/, "$1ee$2"],
  [/oo/, "u"], [/([^aeiou])u([^aeiou])/, "$1oo$2"], [/sh/, "s"], [/s([aeiou])/, "sh$1"], [/v/, "w"], [/w/, "v"],
  [/ksh/, "x"], [/x/, "ksh"], [/th/, "t"], [/([aeiou])t([aeiou])/, "$1th$2"], [/dh/, "d"], [/bh/, "b"], [/ph/, "f"],
  [/z/, "j"], [/ou/, "ow"], [/ow/, "ou"], [/y$/, "i"], [/([aeiou])i$/, "$1y"], [/a$/, ""], [/([^aeiou])$/, "$1a"],
  [/([lnrt])([aeiou])/, "$1$1$2"], [/(ll|nn|rr|tt|mm)/, (m) => m[0]],
];

/** Abbreviations clerks use for very common name words. */
const ABBREVIATIONS = { Kumar: ["Kr.", "Kr"], Mohammed: ["Mohd.", "Md.", "Mohd"], Prasad: ["Pd.", "Prasd"], Chandra: ["Ch."], Shaikh: ["Sk."], Venkata: ["V."], Kumari: ["Km."] };

const cap = (w) => (w ? w[0].toUpperCase() + w.slice(1) : w);

/** Another spelling of `word` from the curated groups, or `null` when it has none. */
export function knownVariant(r, word) {
  const groups = SPELLINGS.filter((g) => g.includes(word));
  if (!groups.length) return null;
  const others = pick(r, groups).filter((w) => w !== word);
  return others.length ? pick(r, others) : null;
}

/** `word` respelled by one habit that applies to it, or `null` when none applies. */
export function habitVariant(r, word) {
  const lower = word.toLowerCase();
  const fitting = HABITS.filter(([re]) => re.test(lower));
  if (!fitting.length) return null;
  const [re, to] = pick(r, fitting);
  const out = lower.replace(re, to);
  return out.length >= 2 && out !== lower ? cap(out) : null;
}

/** An abbreviation of `word` ("Kumar" -> "Kr."), or `null`. */
export const abbreviation = (r, word) => (ABBREVIATIONS[word] ? pick(r, ABBREVIATIONS[word]) : null);

// Neighbouring keys on a QWERTY keyboard: a slipped finger hits one of these.
const KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
function neighbour(r, ch) {
  for (let row = 0; row < 3; row++) {
    const col = KEYS[row].indexOf(ch);
    if (col < 0) continue;
    const near = [KEYS[row][col - 1], KEYS[row][col + 1], KEYS[row - 1]?.[col], KEYS[row + 1]?.[col]].filter(Boolean);
    return pick(r, near);
  }
  return ch;
}

/** One keyboard typo: a neighbouring key, a dropped, doubled or swapped letter; rarely the first letter. */
export function typo(r, word) {
  if (word.length < 4) return word;
  const lower = word.toLowerCase();
  const at = r() < 0.08 ? 0 : 1 + Math.floor(r() * (lower.length - 1));
  const ch = lower[at];
  const kind = r();
  let out;
  if (kind < 0.35) out = lower.slice(0, at) + neighbour(r, ch) + lower.slice(at + 1);
  else if (kind < 0.6) out = lower.slice(0, at) + lower.slice(at + 1);
  else if (kind < 0.8) out = lower.slice(0, at) + ch + lower.slice(at);
  else if (at + 1 < lower.length) out = lower.slice(0, at) + lower[at + 1] + ch + lower.slice(at + 2);
  else out = lower.slice(0, at) + neighbour(r, ch);
  return cap(out);
}
