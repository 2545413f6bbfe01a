"""Seeds one tenant through the API for the schemathesis run, and writes the run's configuration.

    python3 seed.py BASE_URL MAKER_TOKEN OUT_DIR

Random ids mostly meet 404s, and random bodies mostly name contacts and namespaces that do not exist,
so a run would rarely reach the code behind them. This creates namespaces, contacts (by the maker, so
that the run's own user may approve and reject them), addresses, bank accounts and relations, writes
their ids and names as schemathesis dictionaries (OUT_DIR/dict/*.dict), and copies the committed
`schemathesis.toml` to OUT_DIR, where its `from-file` entries find them. Bound to path ids, body
references and query filters with a probability below 1, the run still tries random values too.

Standard library only: it runs before (and without) the virtual environment.
"""

import json
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def call(base, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        sys.exit(f"seed: {method} {path} answered {err.code}: {err.read()[:500]!r}")


def seed(base, token):
    post = lambda path, body: call(base, token, "POST", path, body)  # noqa: E731
    namespaces = [
        post("/namespaces/", {"name": "ST Retail", "contact_pattern": "ST-{YYYY}-{SEQ:6}",
                              "account_pattern": "STA-{SEQ:8}"}),
        post("/namespaces/", {"name": "ST Plain"}),
        # Unused by any contact, so that a DELETE can succeed.
        post("/namespaces/", {"name": "ST Spare One", "contact_pattern": "SP1-{SEQ}"}),
        post("/namespaces/", {"name": "ST Spare Two"}),
    ]
    people = [
        ("Rajesh Kumar", "individual", "ABCPK1234L"), ("Priya Sharma", "individual", "BCDPS2345M"),
        ("Sharma Traders", "corporate", "CDEFT3456N"), ("Anil Verma", "individual", "DEFPV4567P"),
        ("Meena Iyer", "individual", "EFGPI5678Q"), ("Kulkarni and Sons", "corporate", "FGHFK6789R"),
    ]
    contacts = []
    for i, (name, kind, pan) in enumerate(people):
        contacts.append(post("/contacts/", {
            "name": name, "namespace": namespaces[i % 2]["name"], "status": "active", "type": kind,
            "tags": ["seeded", f"batch-{i % 3}"], "refs": {"crm_id": f"CRM-{i}"},
            "props": [{"key": "pan_no", "value": pan, "type": "text"},
                      {"key": "monthly_income", "value": str(50000 + i * 1000), "type": "number"}],
        }))
    addresses, banks, relations = [], [], []
    for i, contact in enumerate(contacts[:4]):
        addresses.append(post("/contacts/addresses/", {
            "contact_id": contact["id"], "address_line": f"{i + 12}, MG Road", "city": "Pune",
            "state": "Maharashtra", "pincode": "411001", "country": "India",
            "coords": {"lat": 18.52, "lng": 73.85}, "codes": {"district": "PNQ"}, "tags": ["home"],
        }))
        banks.append(post("/contacts/banks/", {
            "contact_id": contact["id"], "account_number": f"12345678901{i}", "ifsc": "HDFC0001234",
            "account_type": "savings", "is_primary": True,
        }))
    for i, kind in enumerate(["guarantor", "spouse", "nominee"]):
        relations.append(post("/contacts/relations/", {
            "contact": contacts[i]["id"], "type": kind, "related_contact": contacts[i + 1]["id"],
        }))
    return {
        "namespace_ids": [n["id"] for n in namespaces],
        "namespace_names": [n["name"] for n in namespaces[:2]],
        "contact_ids": [c["id"] for c in contacts],
        "address_ids": [a["id"] for a in addresses],
        "bank_ids": [b["id"] for b in banks],
        "relation_ids": [r["id"] for r in relations],
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, token, out = sys.argv[1].rstrip("/"), sys.argv[2], Path(sys.argv[3])
    dictionaries = seed(base, token)
    (out / "dict").mkdir(parents=True, exist_ok=True)
    for name, values in dictionaries.items():
        # libFuzzer dictionary format: one quoted entry a line. Ids and names here need no escapes.
        (out / "dict" / f"{name}.dict").write_text("".join(f'"{v}"\n' for v in values))
    shutil.copy(HERE / "schemathesis.toml", out / "schemathesis.toml")
    counts = ", ".join(f"{len(v)} {k}" for k, v in dictionaries.items())
    print(f"seed: {counts}")


if __name__ == "__main__":
    main()
