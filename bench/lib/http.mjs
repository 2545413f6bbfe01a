// HTTP helpers for the bench: a dev token minted like tests/src/token.rs (HS256 with the .dev.vars
// secret), JSON requests over one keep-alive agent, and a bounded-concurrency pool with a progress line.

import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function devVars(path) {
  const vars = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = line.match(/^\s*([A-Z_]+)\s*=\s*"?([^"]*)"?\s*$/);
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

const b64url = (s) => Buffer.from(s).toString("base64url");

/** A token the dev server accepts for `tenant` and `sub` (one hour), with `scope` when given. */
export function mintToken(devVarsPath, tenant, sub, scope) {
  const vars = devVars(devVarsPath);
  const secret = process.env.JWT_SECRET || vars.JWT_SECRET;
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, tenant_id: tenant, iat: now, exp: now + 3600 };
  if (scope) claims.scope = scope;
  if (vars.JWT_ISSUER) claims.iss = vars.JWT_ISSUER;
  if (vars.JWT_AUDIENCE) claims.aud = vars.JWT_AUDIENCE;
  const unsigned = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  const sig = createHmac("sha256", secret).update(unsigned).digest("base64url");
  return `${unsigned}.${sig}`;
}

/** One JSON request (with `headers` added); resolves `{ status, body }` (body parsed when JSON). */
export function request(base, method, path, { token, body, headers: extra } = {}) {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  if (data !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(data);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on("error", reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

/**
 * Runs `task(i)` for i in [from, to) with `concurrency` in flight, retrying a failed task up to 3 times
 * (the dev proxy drops the odd connection under load), printing a progress line; resolves the failures.
 */
export async function pool(label, from, to, concurrency, task) {
  let next = from;
  let done = 0;
  let failed = 0;
  const total = to - from;
  const started = Date.now();
  const progress = () => {
    const s = (Date.now() - started) / 1000;
    const rate = s > 0 ? Math.round(done / s) : 0;
    process.stderr.write(`\r  ${label}: ${done}/${total} (${rate}/s, ${failed} failed, ${s.toFixed(0)} s)   `);
  };
  const timer = setInterval(progress, 1000);
  const worker = async () => {
    while (next < to) {
      const i = next++;
      let ok = false;
      for (let attempt = 0; attempt < 3 && !ok; attempt++) {
        try {
          ok = await task(i);
        } catch {
          ok = false;
        }
      }
      if (!ok) failed++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(timer);
  progress();
  process.stderr.write("\n");
  return failed;
}
