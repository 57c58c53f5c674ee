#!/usr/bin/env python3
"""The shape rules of the Rust tree, checked: no Rust file over MAX_LINES lines, and no import
cycle between the top-level modules of a crate (module `a` naming `crate::b` while `b` names
`crate::a`, directly or through others).

Usage: scripts/check-structure.py [ROOT]   (default: the repository). Exits 1 naming each breach.
`--self-test` builds a small crate with a cycle and a long file in a temporary folder and checks
that both are reported, so the check itself can be seen to fail.
"""
import os
import re
import sys
import tempfile

MAX_LINES = 600
SKIP_DIRS = {"target", "node_modules", ".git", "dist"}


def rust_files(root):
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in files:
            if name.endswith(".rs"):
                yield os.path.join(dirpath, name)


def module_graph(src):
    """Top-level module -> the top-level modules it names through `crate::` paths."""
    edges = {}
    for path in rust_files(src):
        top = os.path.relpath(path, src).split(os.sep)[0].removesuffix(".rs")
        if top in ("lib", "main"):
            continue
        text = re.sub(r"//.*", "", open(path, encoding="utf-8").read())
        names = set(re.findall(r"crate::(\w+)", text))
        for group in re.findall(r"crate::\{([^;]*?)\}\s*;", text, re.S):
            depth, token = 0, ""
            for ch in group + ",":
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                elif ch == "," and depth == 0:
                    names.add(token.strip().split("::")[0])
                    token = ""
                    continue
                if depth == 0 and ch not in "{}":
                    token += ch
        names -= {top, "", "self"}
        edges.setdefault(top, set()).update(names)
    return edges


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def breaches(root):
    problems = []
    for path in sorted(rust_files(root)):
        with open(path, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        if lines > MAX_LINES:
            problems.append(f"{os.path.relpath(path, root)}: {lines} lines (at most {MAX_LINES})")
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        if "Cargo.toml" not in files:
            continue
        src = os.path.join(dirpath, "src")
        if not os.path.isdir(src):
            # The tests crate keeps its sources at its top level.
            src = dirpath if os.path.isfile(os.path.join(dirpath, "support", "lib.rs")) else None
        if src is None:
            continue
        for component in cycles(module_graph(src)):
            problems.append(f"{os.path.relpath(src, root)}: modules import each other: {' <-> '.join(component)}")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as root:
        src = os.path.join(root, "demo", "src")
        os.makedirs(src)
        open(os.path.join(root, "demo", "Cargo.toml"), "w").write("[package]\nname = 'demo'\n")
        open(os.path.join(src, "lib.rs"), "w").write("mod a;\nmod b;\n")
        open(os.path.join(src, "a.rs"), "w").write("use crate::b::B;\npub struct A;\n")
        open(os.path.join(src, "b.rs"), "w").write("use crate::{a::A, c};\npub struct B;\n" + "\n" * MAX_LINES)
        found = breaches(root)
    assert any("a <-> b" in line for line in found), found
    assert any("b.rs" in line and "lines" in line for line in found), found
    print("self-test: a cycle and a long file are both reported")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = breaches(root)
    for line in found:
        print(line)
    print(f"structure: {len(found)} breach(es)" if found else "structure: no file over 600 lines, no module cycle")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
