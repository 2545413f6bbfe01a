// One scenario under load: autocannon (pinned in package.json) driven programmatically, so each request
// can carry its own method, headers and a fresh body. Returns requests/s, p50/p99 (ms) and errors.

import autocannon from "autocannon";

/**
 * `next()` returns the next request as `{ method, path, body? }`; `body` is serialised per request.
 */
export function load(base, token, { seconds, connections, next }) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        headers,
        requests: [
          {
            setupRequest: (req) => {
              const r = next();
              return {
                ...req,
                method: r.method,
                path: r.path,
                body: r.body === undefined ? undefined : JSON.stringify(r.body),
              };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const total = result.requests.total;
        resolve({
          rps: total / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.non2xx + result.errors + result.timeouts,
          total,
        });
      },
    );
  });
}
