#!/usr/bin/env python3
"""The identifier rules held to independent libraries (issue 13): the crate (validation/examples/
identify.rs) and the built npm package (tests/oracles/npm_side.mjs) run over the same generated values
(tests/oracles/values.py, a fixed seed) and their verdicts and normalised forms are compared with
python-stdnum (this process) and stdnum-js (in the Node process). The crate and the npm package must
also agree with each other on every value of every kind, codes included.

Exits 1 listing every disagreement by value. ORACLE_SEED and ORACLE_COUNT (values per kind an oracle
covers; the other kinds get a tenth) change the run; `make test-oracles` runs it.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stdnum import lei
from stdnum.in_ import aadhaar, epic, gstin, pan, vid

from values import KINDS, generate

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("ORACLE_SEED", "13013"))
COUNT = int(os.environ.get("ORACLE_COUNT", "100000"))
PYTHON = {"pan": pan, "aadhaar": aadhaar, "vid": vid, "epic": epic, "gstin": gstin, "lei": lei}
JS_KINDS = {"pan", "aadhaar", "vid", "epic", "gstin"}
GST_REGULAR_STATES = {f"{n:02d}" for n in range(1, 38)}
TAN = re.compile(r"[A-Z]{4}[0-9]{5}[A-Z]")
LEI_SHAPE = re.compile(r"[0-9A-Z]{18}[0-9]{2}")

# One line each, printed with how many values they set aside.
NARROW_GSTIN = ("python-stdnum and stdnum-js know only the regular GSTIN class in states 01-37 "
                "(not 38, 96, 97, 99, TCS, TDS, government departments, NR, OIDAR or UIN): "
                "{n} GSTINs outside it are compared crate vs npm only")
WIDE_LEI = ("python-stdnum's LEI checks the MOD 97-10 digits at any length and character: "
            "{n} values that are not 18 letters or digits and 2 digits are compared crate vs npm only")
HOLDER_K = ("PAN holder type K: python-stdnum and stdnum-js accept it, the crate refuses it "
            "(CONTRACT §9): {n} values they accept only by K are excluded, and the crate must refuse each")


def holder_letter(kind, compact):
    """The PAN holder-type letter inside a compact PAN or GSTIN."""
    return compact[3] if kind == "pan" else compact[5]


def run(cmd, values_path):
    with open(values_path, "rb") as stdin:
        done = subprocess.run(cmd, stdin=stdin, capture_output=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return done.stdout.decode().splitlines()


def oracle_applies(kind, compact, stats):
    """Whether the oracles' rule for `kind` is the published one for this value (else counted aside)."""
    if kind == "gstin" and not (len(compact) == 15 and compact[:2] in GST_REGULAR_STATES
                                and compact[13] == "Z" and not TAN.fullmatch(compact[2:12])):
        stats["narrow_gstin"] += 1
        return False
    if kind == "lei" and not LEI_SHAPE.fullmatch(compact):
        stats["wide_lei"] += 1
        return False
    return True


def compare(kind, value, mutation, canonical, ours, npm, js, stats, bad):
    where = f"{kind} {json.dumps(value, ensure_ascii=False)} ({mutation})"
    if ours != npm:
        bad.append(f"{where}: crate {ours} but npm package {npm}")
    if canonical is not None and ours["normalized"] != canonical:
        bad.append(f"{where}: valid by construction as {canonical!r}, crate says {ours}")
    module = PYTHON.get(kind)
    if module is None:
        return
    compact = module.compact(value)
    if not oracle_applies(kind, compact, stats):
        return
    py_ok = module.is_valid(value)
    oracles = [("python-stdnum", py_ok, compact if py_ok else None)]
    if kind in JS_KINDS:
        oracles.append(("stdnum-js", js["ok"], js["compact"]))
    if kind in ("pan", "gstin") and py_ok and holder_letter(kind, compact) == "K":
        stats["holder_k"] += 1
        if ours["ok"] or ours["codes"] != ["pattern"]:
            bad.append(f"{where}: holder type K must be refused with 'pattern', crate says {ours}")
        return
    stats["compared"] += 1
    for name, ok, normal in oracles:
        if ok != ours["ok"] or (ok and normal != ours["normalized"]):
            bad.append(f"{where}: {name} says ok={ok} {normal!r}, crate ok={ours['ok']} {ours['normalized']!r}")


def main():
    r = random.Random(SEED)
    counts = {kind: COUNT if kind in PYTHON else max(COUNT // 10, 100) for kind in KINDS}
    print(f"identifier differential: seed {SEED} (ORACLE_SEED), {COUNT} values per kind an oracle covers "
          f"({', '.join(PYTHON)}), {max(COUNT // 10, 100)} per other kind; python-stdnum, stdnum-js, crate, npm package")
    started = time.monotonic()
    values = [v for kind, n in counts.items() for v in generate(r, kind, n)]
    with tempfile.TemporaryDirectory(prefix="crego-oracles-") as tmp:
        path = Path(tmp) / "values.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for kind, value, _, _ in values:
                f.write(json.dumps({"kind": kind, "value": value}) + "\n")
        print(f"  {len(values)} values generated in {time.monotonic() - started:.1f} s")
        crate = run(["cargo", "run", "-q", "--locked", "-p", "crego-validation", "--example", "identify"], path)
        print(f"  crate answered in {time.monotonic() - started:.1f} s")
        node = run(["node", "tests/oracles/npm_side.mjs", str(path)], path)
        print(f"  npm package and stdnum-js answered in {time.monotonic() - started:.1f} s")
    if not len(crate) == len(node) == len(values):
        sys.exit(f"answers missing: {len(values)} values, {len(crate)} from the crate, {len(node)} from Node")

    stats = {"compared": 0, "narrow_gstin": 0, "wide_lei": 0, "holder_k": 0}
    bad = []
    valid = {kind: 0 for kind in KINDS}
    for (kind, value, mutation, canonical), ours, theirs in zip(values, crate, node):
        ours, theirs = json.loads(ours), json.loads(theirs)
        valid[kind] += ours["ok"]
        compare(kind, value, mutation, canonical, ours, theirs["npm"], theirs["js"], stats, bad)
    print(f"  compared in {time.monotonic() - started:.1f} s")
    print("  " + NARROW_GSTIN.format(n=stats["narrow_gstin"]))
    print("  " + WIDE_LEI.format(n=stats["wide_lei"]))
    print("  " + HOLDER_K.format(n=stats["holder_k"]))
    print(f"  {stats['compared']} values compared with python-stdnum (and stdnum-js but for LEI); valid per kind: "
          + ", ".join(f"{k} {valid[k]}/{counts[k]}" for k in KINDS))
    if bad:
        print(f"FAILED: {len(bad)} disagreements:", file=sys.stderr)
        for line in bad:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)
    print(f"identifier differential: no disagreement over {len(values)} values")


if __name__ == "__main__":
    main()
