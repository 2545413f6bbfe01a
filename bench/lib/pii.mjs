// Personal data in the bench (issue 16): a create body carrying four protected identifiers, each unique
// to its request, and the check, run once before the timed scenarios, that a `pii:read` read really
// shows them in clear (and records the read) while a read without the scope shows them masked; else
// the two read rows of the table would measure the same thing.

import { withVerhoeff } from "../dedupe/identifiers.mjs";
import { contactBody } from "./names.mjs";
import { request } from "./http.mjs";

/**
 * `contactBody` (PAN, mobile, date of birth, income) plus an Aadhaar number and an e-mail address, the
 * mobile, Aadhaar and e-mail made from `i`, so no two requests share one (the PAN is random).
 */
export function identifiedBody(r, namespace, i) {
  const body = contactBody(r, namespace, i);
  const mobile = body.props.find((p) => p.key === "mobile");
  mobile.value = `9${String(i).padStart(9, "0")}`;
  const local = body.name.toLowerCase().replace(/[^a-z]+/g, ".").replace(/^\.+|\.+$/g, "");
  body.props.push(
    { key: "aadhaar", value: withVerhoeff(`${2 + (i % 8)}${String(i).padStart(10, "0")}`), type: "text" },
    { key: "email", value: `${local}.${i}@example.co.in`, type: "text" },
  );
  return body;
}

const propsOf = (contact) => Object.fromEntries(contact.props.map((p) => [p.key, p.value]));

/**
 * Creates one contact with `identifiedBody` and reads it and the seeded contact `seededId` with each
 * token; throws unless `pii:read` shows the sealed values as sent, the Aadhaar number only as its mask,
 * the read is recorded, and the read without the scope masks every one.
 */
export async function checkPiiReads(base, { token, piiToken, auditToken, body, seededId }) {
  const fail = (what) => {
    throw new Error(`pii check: ${what}`);
  };
  const created = await request(base, "POST", "/contacts/", { token, body });
  if (created.status !== 201) fail(`create answered ${created.status} ${JSON.stringify(created.body)}`);
  const path = `/contacts/${created.body.id}/`;
  const sent = Object.fromEntries(body.props.map((p) => [p.key, p.value]));
  const clear = propsOf((await request(base, "GET", path, { token: piiToken })).body);
  const masked = propsOf((await request(base, "GET", path, { token })).body);
  for (const key of ["pan_no", "mobile", "email"]) {
    if (clear[key] !== sent[key]) fail(`pii:read shows ${key} ${clear[key]}, sent ${sent[key]}`);
    if (masked[key] === sent[key] || !/X|\*/.test(masked[key])) fail(`the masked read shows ${key} ${masked[key]}`);
  }
  const aadhaarMask = `XXXX XXXX ${sent.aadhaar.slice(-4)}`;
  if (clear.aadhaar !== aadhaarMask || masked.aadhaar !== aadhaarMask) fail("an Aadhaar number shown unmasked");
  const access = await request(base, "GET", `${path}pii-access/`, { token: auditToken });
  if (access.status !== 200 || access.body.count !== 1) fail(`pii-access: ${access.status} ${JSON.stringify(access.body)}`);
  // The scenario reads seeded contacts: they must hold sealed values for the read to open and record.
  const seeded = propsOf((await request(base, "GET", `/contacts/${seededId}/`, { token: piiToken })).body);
  const seededMasked = propsOf((await request(base, "GET", `/contacts/${seededId}/`, { token })).body);
  if (!/^[A-Z]{5}\d{4}[A-Z]$/.test(seeded.pan_no) || !/X/.test(seededMasked.pan_no)) {
    fail(`a seeded contact's PAN reads ${seeded.pan_no} with pii:read and ${seededMasked.pan_no} without`);
  }
}
