// A business's records: the first as keyed in, and later ones with the legal suffix written another
// way ("Private Limited", "(P) Ltd", none), the prefix changed (Shree/Sri/none), the activity
// abbreviated or singular, letters spaced out ("S.K.S."), a typo, the GSTIN of another state's
// registration (same embedded PAN), and a branch address.

import { firmEmail, gstin, mobile } from "./identifiers.mjs";
import { firmName } from "./firms.mjs";
import { pick } from "./random.mjs";
import { habitVariant, knownVariant, typo } from "./spelling.mjs";
import { CITIES } from "./places.mjs";
import { mistypedPan, prop, writeAddress, writeEmail, writeMobile } from "./fields.mjs";

/** Ways of writing each legal form's suffix. */
const SUFFIX_FORMS = {
  company: ["Pvt Ltd", "Private Limited", "Pvt. Ltd.", "(P) Ltd", "P Ltd", "Pvt Limited", ""],
  public: ["Limited", "Ltd", "Ltd.", ""],
  llp: ["LLP", ""],
  firm: ["& Co", "and Co", "& Company", ""],
};
const PREFIX_FORMS = ["Shree", "Sri", "Shri", "Sree", ""];
const ACTIVITY_FORMS = {
  Enterprises: ["Ent.", "Enterprise"], Industries: ["Inds.", "Industry"], Traders: ["Trading Co", "Trader", "Trading"],
  Constructions: ["Construction", "Constructions Co"], Textiles: ["Textile", "Tex"], Steels: ["Steel"], "Agro Products": ["Agro"],
  "Infra Projects": ["Infra", "Infraprojects"], Jewellers: ["Jewelers", "Jewellery"], Electricals: ["Electrical", "Electric"],
  Exports: ["Export", "Exporters"], Polymers: ["Polymer"], "Auto Parts": ["Autoparts", "Auto Spares"], Builders: ["Builder", "Developers"],
  Motors: ["Motor", "Automobiles"], Foods: ["Food", "Food Products"], Pharma: ["Pharmaceuticals", "Pharmaceutical"],
  Logistics: ["Logistic", "Transport"], Hardware: ["Hardwares"], Agencies: ["Agency"],
};

const NAME_EDITS = {
  suffix: (r, p, f) => ({ ...p, suffix: pick(r, SUFFIX_FORMS[f.form].filter((s) => s !== p.suffix)) }),
  prefix: (r, p) => ({ ...p, prefix: pick(r, PREFIX_FORMS.filter((s) => s !== p.prefix)) }),
  activity: (r, p) => {
    const key = Object.keys(ACTIVITY_FORMS).find((k) => p.activity.startsWith(k));
    return key ? { ...p, activity: p.activity.replace(key, pick(r, ACTIVITY_FORMS[key])) } : null;
  },
  letters: (r, p) => (/^[A-Z]{2,3}$/.test(p.core) ? { ...p, core: p.core.split("").join(r() < 0.6 ? "." : " ") + (r() < 0.5 ? "." : "") } : null),
  spelling: (r, p) => {
    const w = p.core.split(" ")[0];
    const v = knownVariant(r, w) ?? habitVariant(r, w);
    return v ? { ...p, core: p.core.replace(w, v) } : null;
  },
  typo: (r, p) => (p.core.length >= 4 ? { ...p, core: typo(r, p.core) } : { ...p, activity: typo(r, p.activity) }),
  and: (r, p) => (p.suffix.includes("&") ? { ...p, suffix: p.suffix.replace("&", "and") } : null),
  case: (r, p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.toUpperCase()])),
};
const NAME_EDIT_ODDS = { suffix: 0.35, prefix: 0.15, activity: 0.15, letters: 0.5, spelling: 0.1, typo: 0.15, and: 0.1, case: 0.1 };

/** A record of firm `f` as the API takes it: `{contact, address}`. */
export function firmRecord(r, f, later, namespace = "SME") {
  const edits = [];
  let parts = f.parts;
  if (later) {
    for (const [kind, odds] of Object.entries(NAME_EDIT_ODDS)) {
      if (r() >= odds) continue;
      const out = NAME_EDITS[kind](r, parts, f);
      if (out) {
        parts = out;
        edits.push(`name_${kind}`);
      }
    }
  }
  const props = [];
  if (r() < (later ? 0.6 : 0.8)) {
    let value = f.gstin;
    if (later && r() < 0.12) {
      const other = pick(r, CITIES.filter((c) => c.gst !== f.city.gst));
      value = gstin(other.gst, f.pan, 1 + Math.floor(r() * 2));
      edits.push("gstin_other_state");
    }
    props.push(prop(pick(r, ["gstin", "gst_no"]), value));
  } else if (later) edits.push("gstin_missing");
  if (r() < (later ? 0.45 : 0.6)) {
    const typoed = later && r() < 0.015;
    if (typoed) edits.push("pan_typo");
    props.push(prop(pick(r, ["pan", "pan_no"]), typoed ? mistypedPan(r, f.pan) : f.pan));
  }
  if (f.cin && r() < (later ? 0.4 : 0.6)) props.push(prop("cin", f.cin));
  const phone = writeMobile(r, f.mobile, later, edits);
  if (phone) props.push(prop(pick(r, ["mobile", "phone"]), phone));
  const email = writeEmail(r, f.email, later ? 0.5 : 0.6, later, edits, () => firmEmail(r, f.parts.core));
  if (email) props.push(prop("email", email));
  props.push(prop("industry", f.parts.activity.toLowerCase()));
  const address = writeAddress(r, f.address, later, edits);
  const contact = { name: firmName(parts).replace(/\s+/g, " ").trim(), namespace, status: "active", type: "corporate", props };
  return { contact, address, edits };
}

/** The firm's contact details, drawn once: a shared phone and e-mail for group companies. */
export function firmContacts(r, f, sister = null) {
  f.mobile = sister && r() < 0.4 ? sister.mobile : mobile(r);
  f.email = sister && r() < 0.2 ? sister.email : firmEmail(r, f.parts.core);
  return f;
}
