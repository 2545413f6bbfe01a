#!/usr/bin/env python3
"""Where the npm package's bytes go: the code size of every function of a .wasm that still has its
name section, summed per crate and listed per function, biggest first. For finding room under the 70 KB
budget (npm/build.sh).

    python3 npm/scripts/wasm-sizes.py target/wasm32-unknown-unknown/npm/crego_validation_wasm.wasm [N]
    python3 npm/scripts/wasm-sizes.py A.wasm --diff B.wasm      what changed between two builds

cargo's output (above) still holds wasm-bindgen's descriptors and code wasm-opt removes; for figures
that rank as the shipped file does, run wasm-bindgen on it, then `wasm-opt -Oz -g` (-g keeps the names)
with npm/build.sh's features. Sizes are raw code bytes: they rank, they do not add up to the gzipped size.
"""

import re
import shutil
import subprocess
import sys
from collections import Counter


def leb(data, pos):
    """An unsigned LEB128 at `pos`: (value, position after it)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def name(data, pos):
    length, pos = leb(data, pos)
    return data[pos : pos + length].decode("utf-8", "replace"), pos + length


def sections(data):
    if data[:4] != b"\0asm":
        sys.exit("not a WebAssembly module")
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, body = leb(data, pos + 1)
        yield kind, data[body : body + size]
        pos = body + size


def imported_functions(body):
    """How many imports are functions: they come first in the function index space."""
    count, pos = leb(body, 0)
    functions = 0
    for _ in range(count):
        _, pos = name(body, pos)
        _, pos = name(body, pos)
        kind = body[pos]
        pos += 1
        if kind == 0:  # function: a type index
            functions += 1
            _, pos = leb(body, pos)
        elif kind in (1, 2):  # table (a reftype, then limits) or memory (limits)
            pos += kind == 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:  # global: valtype, mutability
            pos += 2
        else:  # tag: an attribute, a type index
            pos += 1
            _, pos = leb(body, pos)
    return functions


def function_names(body):
    """The function names subsection (id 1) of a `name` custom section."""
    _, pos = name(body, 0)  # the section's own name, "name"
    names = {}
    while pos < len(body):
        sub = body[pos]
        size, start = leb(body, pos + 1)
        if sub == 1:
            count, p = leb(body, start)
            for _ in range(count):
                index, p = leb(body, p)
                names[index], p = name(body, p)
        pos = start + size
    return names


def demangled(names):
    """Rust symbols as paths (binutils' c++filt reads both manglings; without it, names stay as they
    are), without hashes and crate disambiguators, so that copies of one function add up."""
    if shutil.which("c++filt"):
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True).stdout
        names = out.split("\n")[: len(names)]
    return [re.sub(r"::h[0-9a-f]{16}$|\[[0-9a-f]{16}\]", "", n) for n in names]


def function_sizes(path):
    """{function name: code bytes} of the module at `path`."""
    data = open(path, "rb").read()
    imports, sizes, names = 0, [], {}
    for kind, body in sections(data):
        if kind == 2:
            imports = imported_functions(body)
        elif kind == 10:
            count, pos = leb(body, 0)
            for _ in range(count):
                size, start = leb(body, pos)
                sizes.append(size)
                pos = start + size
        elif kind == 0 and body[1 : 1 + body[0]] == b"name":
            names = function_names(body)
    if not names:
        sys.exit(f"{path} has no name section: use cargo's output, or wasm-opt with -g")
    raw = [names.get(imports + i, f"func{imports + i}") for i in range(len(sizes))]
    result = Counter()
    for function, size in zip(demangled(raw), sizes):
        result[function] += size
    return result


def crate_of(function):
    """The crate a (demangled) function belongs to: the first path segment, looking through `<T as
    Trait>` and generic arguments to the type the code is for. The exports' shims and wasm-bindgen's
    descriptors (which wasm-bindgen drops) have groups of their own."""
    if function.startswith("__wbindgen_describe"):
        return "(wasm-bindgen descriptors)"
    if re.match(r"[a-z][A-Za-z]*(_[0-9a-f]{16}| externref shim)$", function):
        return "(exports)"
    plain = re.sub(r"^<+", "", function)
    match = re.match(r"&?(?:mut )?(?:dyn )?([A-Za-z_][A-Za-z0-9_]*)", plain)
    return match.group(1) if match else function


def report(path, top):
    sizes = function_sizes(path)
    total = sum(sizes.values())
    crates = Counter()
    for function, size in sizes.items():
        crates[crate_of(function)] += size
    print(f"{path}: {len(sizes)} functions, {total} bytes of code\n\nper crate:")
    for crate, size in crates.most_common():
        print(f"{size:8} {100 * size / total:5.1f}%  {crate}")
    print(f"\nthe {top} biggest functions:")
    for function, size in sizes.most_common(top):
        print(f"{size:8}  {function[:150]}")


def diff(before, after):
    a, b = function_sizes(before), function_sizes(after)
    changed = {f: b.get(f, 0) - a.get(f, 0) for f in a.keys() | b.keys()}
    print(f"code bytes: {sum(a.values())} -> {sum(b.values())} ({sum(b.values()) - sum(a.values()):+})")
    for function, delta in sorted(changed.items(), key=lambda kv: -abs(kv[1])):
        if delta:
            print(f"{delta:+8}  {function[:150]}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[1] == "--diff":
        diff(args[0], args[2])
    elif len(args) in (1, 2):
        report(args[0], int(args[1]) if len(args) == 2 else 40)
    else:
        sys.exit(__doc__)
