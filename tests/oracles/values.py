"""Generated identifier values for the differential test: per kind, values valid by construction (check
digits from python-stdnum's own Verhoeff, Luhn and ISO 7064 code, never from the crate), then mutated
the ways people get them wrong: one character substituted, two adjacent ones swapped, a character lost
or added, the case changed, separators and surrounding whitespace added.

Each value is (kind, value, mutation, canonical): `canonical` is the normalised form the crate must give
when the value is an unmutated seed (only decorated), else None.
"""

import string

from stdnum import luhn, verhoeff
from stdnum.iso7064 import mod_97_10

LETTERS = string.ascii_uppercase
DIGITS = string.digits
ALNUM = DIGITS + LETTERS
# The holder types the Income Tax Department publishes (the crate refuses K; see differential.py).
PAN_HOLDERS = "ABCFGHJLPT"
GST_STATES = [f"{n:02d}" for n in range(1, 39)] + ["96", "97", "99"]
CIN_OWNERSHIP = ["PLC", "PTC", "OPC", "NPL", "FTC", "FLC", "GAP", "GAT", "GOI", "SGC", "ULL", "ULT"]
# Separators people type or paste (a no-break space and an en dash from word processors), and what
# surrounds a pasted value.
SEPARATORS = [" ", "-", "\u00a0", "\u2013"]
AROUND = ["", " ", "\t", "  "]
# Characters a substitution may bring in besides digits and letters of either case.
ODD = "./_#é"


def pick(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


def pan(r):
    return pick(r, LETTERS, 3) + r.choice(PAN_HOLDERS) + pick(r, LETTERS, 1) + f"{r.randint(1, 9999):04d}" + pick(r, LETTERS, 1)


def tan(r):
    return pick(r, LETTERS, 4) + pick(r, DIGITS, 5) + pick(r, LETTERS, 1)


def uidai(r, length):
    while True:
        body = str(r.randint(2, 9)) + pick(r, DIGITS, length - 2)
        number = body + verhoeff.calc_check_digit(body)
        if number != number[::-1]:
            return number


def epic(r):
    serial = pick(r, DIGITS, 6)
    return pick(r, LETTERS, 3) + serial + luhn.calc_check_digit(serial)


def gstin(r):
    """Every class the GST portal issues; the regular class in states 01-37 (what the oracles know)
    gets half of them."""
    entity = r.choice(ALNUM[1:])
    foreign = f"{r.randint(0, 99):02d}" + pick(r, LETTERS, 3) + pick(r, DIGITS, 5)
    roll = r.random()
    if roll < 0.5:
        first14 = f"{r.randint(1, 37):02d}" + pan(r) + entity + "Z"
    elif roll < 0.6:
        first14 = r.choice(GST_STATES) + pan(r) + entity + "Z"
    elif roll < 0.68:
        first14 = r.choice(GST_STATES) + pan(r) + entity + "C"
    elif roll < 0.76:
        first14 = r.choice(GST_STATES) + r.choice([pan, tan])(r) + entity + "D"
    elif roll < 0.84:
        first14 = r.choice(GST_STATES) + tan(r) + r.choice(DIGITS) + "Z"
    elif roll < 0.89:
        first14 = r.choice(GST_STATES) + foreign + "NR"
    elif roll < 0.94:
        first14 = "99" + foreign + "OS"
    else:
        first14 = r.choice(GST_STATES) + foreign + r.choice(["UN", "ON"])
    return first14 + luhn.calc_check_digit(first14, ALNUM)


def lei(r):
    body = pick(r, ALNUM, 18)
    return body + mod_97_10.calc_check_digits(body)


def cin(r):
    return (r.choice("LU") + pick(r, DIGITS, 5) + pick(r, LETTERS, 2) + str(r.randint(1850, 2026))
            + r.choice(CIN_OWNERSHIP) + pick(r, DIGITS, 6))


def upi(r):
    name = pick(r, string.ascii_lowercase + DIGITS, 1) + pick(r, string.ascii_lowercase + DIGITS + "._-", r.randint(1, 14))
    return name + "@" + r.choice(string.ascii_lowercase) + pick(r, string.ascii_lowercase + DIGITS, r.randint(1, 9))


def email(r):
    local = pick(r, string.ascii_lowercase, r.randint(1, 8)) + r.choice(["", ".", "+", "_"]) + pick(r, string.ascii_lowercase + DIGITS, r.randint(1, 6))
    return f"{local}@{pick(r, string.ascii_lowercase, r.randint(2, 10))}.{r.choice(['in', 'com', 'co.in', 'org'])}"


# kind -> (seed generator giving the canonical form, how a valid value may be written: "compact" kinds
# take separators anywhere and any case; "case" kinds any case; "mobile" separators; "as-is" nothing).
KINDS = {
    "pan": (pan, "compact"),
    "aadhaar": (lambda r: uidai(r, 12), "compact"),
    "vid": (lambda r: uidai(r, 16), "compact"),
    "epic": (epic, "compact"),
    "gstin": (gstin, "compact"),
    "lei": (lei, "compact"),
    "ckyc": (lambda r: pick(r, DIGITS, 14), "compact"),
    "cin": (cin, "compact"),
    "llpin": (lambda r: pick(r, LETTERS, 3) + "-" + pick(r, DIGITS, 4), "compact"),
    "udyam": (lambda r: f"UDYAM-{pick(r, LETTERS, 2)}-{pick(r, DIGITS, 2)}-{pick(r, DIGITS, 7)}", "compact"),
    "tan": (tan, "compact"),
    "passport": (lambda r: pick(r, LETTERS, 1) + pick(r, DIGITS, 7), "compact"),
    "driving_licence": (lambda r: pick(r, LETTERS, 2) + pick(r, DIGITS, 2) + str(r.randint(1950, 2029)) + pick(r, DIGITS, 7), "compact"),
    "micr": (lambda r: pick(r, DIGITS, 9), "compact"),
    "ifsc": (lambda r: pick(r, LETTERS, 4) + "0" + pick(r, ALNUM, 6), "case"),
    "upi": (upi, "lower"),
    "email": (email, "lower"),
    "mobile": (lambda r: r.choice("6789") + pick(r, DIGITS, 9), "mobile"),
    "pincode": (lambda r: r.choice(DIGITS[1:]) + pick(r, DIGITS, 5), "as-is"),
}


def substitute(r, v):
    i = r.randrange(len(v))
    c = v[i]
    if r.random() < 0.7:
        alphabet = DIGITS if c.isdigit() else LETTERS if c.isalpha() else ALNUM
    else:
        alphabet = ALNUM + string.ascii_lowercase + ODD
    new = r.choice([a for a in alphabet if a != c] or [ODD[0]])
    return v[:i] + new + v[i + 1:]


def transpose(r, v):
    i = r.randrange(len(v) - 1)
    return v[:i] + v[i + 1] + v[i] + v[i + 2:]


def wrong_length(r, v):
    how = r.randrange(4)
    i = r.randrange(len(v))
    if how == 0:
        return v[:i] + v[i + 1:]
    if how == 1:
        return v[:i] + r.choice(ALNUM) + v[i:]
    if how == 2:
        return v[: r.randrange(len(v))]
    return v + pick(r, ALNUM, r.randint(1, 4))


def change_case(r, v):
    if r.random() < 0.5:
        return v.lower() if v != v.lower() else v.upper()
    return "".join(c.swapcase() if r.random() < 0.5 else c for c in v)


def separate(r, v):
    out = []
    for c in v:
        out.append(c)
        if r.random() < 0.2:
            out.append(r.choice(SEPARATORS))
    return "".join(out)


def mobile_written(r, v):
    prefix = r.choice(["", "+91", "91", "0", "+91 ", "0"])
    body = v if r.random() < 0.5 else f"{v[:5]}{r.choice([' ', '-'])}{v[5:]}"
    return prefix + body


def decorate(r, v, style):
    """A way to write `v` that its kind's normaliser must bring back to `v`."""
    if style == "compact":
        if r.random() < 0.5:
            v = change_case(r, v)
        if r.random() < 0.6:
            v = separate(r, v)
        return r.choice(AROUND) + v + r.choice(AROUND)
    if style == "case":
        return change_case(r, v)
    if style == "lower":
        return r.choice(AROUND) + (v.upper() if r.random() < 0.5 else v.title()) + r.choice(AROUND)
    if style == "mobile":
        return mobile_written(r, v)
    return v


MUTATIONS = [("substitution", substitute, 0.3), ("transposition", transpose, 0.15), ("wrong length", wrong_length, 0.15)]


def generate(r, kind, count):
    """`count` values of `kind`: about 40% valid (canonical or decorated), the rest mutated."""
    seed_of, style = KINDS[kind]
    for _ in range(count):
        seed = seed_of(r)
        roll = r.random()
        for name, mutate, share in MUTATIONS:
            if roll < share:
                value = mutate(r, seed)
                if style == "compact" and r.random() < 0.3:
                    value = decorate(r, value, style)
                yield kind, value, name, None
                break
            roll -= share
        else:
            if r.random() < 0.25:
                yield kind, seed, "valid", seed
            else:
                yield kind, decorate(r, seed, style), "valid, case and separators", seed
