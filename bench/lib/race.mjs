// Rates of several checks over the same items, interleaved: in each of `rounds` rounds every check runs
// for `seconds` in turn, so a machine busy with something else slows them alike. A check's rate is its
// median over the rounds; the ratio of the first check to the second is the median of the per-round
// ratios. Plain JavaScript (performance.now), so the same code runs under Node and in Chromium.

/** `{label: check}` -> `{rates: {label: {perSecond, valid}}, ratio}`; `check(item)` answers validity. */
export function race(items, checks, { rounds = 9, seconds = 0.2 } = {}) {
  const entries = Object.entries(checks);
  for (const [, check] of entries) for (const item of items) check(item); // warm-up pass
  const perRound = entries.map(() => []);
  const valid = entries.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    entries.forEach(([, check], i) => {
      let done = 0;
      const started = performance.now();
      let elapsed = 0;
      while (elapsed < seconds * 1000) {
        let ok = 0;
        for (const item of items) if (check(item)) ok++;
        valid[i] = ok;
        done += items.length;
        elapsed = performance.now() - started;
      }
      perRound[i].push(done / (elapsed / 1000));
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rates = Object.fromEntries(entries.map(([label], i) => [label, { perSecond: median(perRound[i]), valid: valid[i] }]));
  const ratio = perRound.length > 1 ? median(perRound[0].map((x, r) => x / perRound[1][r])) : 1;
  return { rates, ratio };
}
