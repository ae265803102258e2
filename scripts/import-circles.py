#!/usr/bin/env python3
"""Import circles among the Rust files of one folder (a module and its submodules).

Usage: scripts/import-circles.py engine/src/scenario [--arrows]

Reads every `use` statement and every `crate::`/`super::`/`self::` path written in code (not
in comments), resolves it to the file that defines the module it names, and prints each group
of files that import one another round in a circle (a strongly connected component). A
`#[cfg(test)]` module is left out: nothing imports a test module, so it cannot close a circle.
`--arrows` also prints every arrow between the folder's files. Exits 1 if there is a circle.
"""
import re
import sys
from pathlib import Path


def crate_root(path):
    """The folder holding the crate's lib.rs or main.rs, and the module path of `path`."""
    for parent in path.parents:
        if (parent / "lib.rs").exists() or (parent / "main.rs").exists():
            return parent
    sys.exit(f"no crate root above {path}")


def module_of(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "mod" or parts == ["lib"] or parts == ["main"]:
        parts = parts[:-1]
    return tuple(parts)


def code_without_tests_and_comments(text):
    """The file's text without `#[cfg(test)]` items and without comments."""
    lines = text.splitlines()
    kept, depth, skipping, pending = [], 0, False, False
    for line in lines:
        stripped = line.strip()
        if skipping:
            depth += line.count("{") - line.count("}")
            if depth <= 0:
                skipping = False
            continue
        if stripped.startswith("#[cfg(test)]"):
            pending = True
            continue
        if pending and stripped.startswith(("mod ", "pub mod ")):
            pending = False
            if stripped.endswith(";"):
                continue
            depth = line.count("{") - line.count("}")
            skipping = depth > 0
            continue
        pending = False
        kept.append(re.sub(r"//.*", "", line))
    return "\n".join(kept)


def inline_modules_flattened(text):
    """`super::` inside an inline `mod name { ... }` names the file's own module: written
    `self::` here, so that the file is not taken to import its parent."""
    out, depth = [], 0
    for line in text.splitlines():
        if depth > 0:
            line = re.sub(r"\bsuper::", "self::", line)
            depth += line.count("{") - line.count("}")
        elif re.match(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", line):
            depth = line.count("{") - line.count("}")
        out.append(line)
    return "\n".join(out)


def expand(tree):
    """`a::{b, c::{d, e}}` -> [`a::b`, `a::c::d`, `a::c::e`]."""
    tree = re.sub(r"\s+", "", tree)
    brace = tree.find("{")
    if brace < 0:
        return [re.sub(r"\bas\w+$", "", tree)]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rindex("}")]
    items, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    return [path for item in items if item for path in expand(prefix + item)]


def resolve(path, here, children):
    """The absolute module path a written path names, or None for another crate's."""
    parts = path.split("::")
    if parts[0] == "crate":
        return tuple(parts[1:])
    if parts[0] in ("self", "super"):
        base = list(here)
        while parts and parts[0] in ("self", "super"):
            if parts.pop(0) == "super":
                base.pop()
        return tuple(base + parts)
    if parts[0] in children.get(here, ()):
        return tuple(here) + tuple(parts)
    return None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    folder = Path(args[0]).resolve()
    files = sorted(folder.rglob("*.rs"))
    if (folder.parent / f"{folder.name}.rs").exists():
        files.append(folder.parent / f"{folder.name}.rs")
    root = crate_root(files[0])
    modules = {module_of(f, root): f for f in files}
    # A `foo.rs` beside a folder `foo/` is that folder's module.
    texts = {
        m: inline_modules_flattened(code_without_tests_and_comments(f.read_text()))
        for m, f in modules.items()
    }
    children = {
        m: set(re.findall(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", t, re.M))
        for m, t in texts.items()
    }
    arrows = {m: set() for m in modules}
    for here, text in texts.items():
        written = []
        for statement in re.findall(r"\buse\s+([^;]+);", text):
            written += expand(statement)
        written += re.findall(r"\b(?:crate|super|self)(?:::\w+)+", text)
        for path in written:
            target = resolve(path, here, children)
            while target and target not in modules:
                target = target[:-1]
            if target and target != here:
                arrows[here].add(target)

    name = lambda m: str(modules[m].relative_to(folder.parent))
    if "--arrows" in sys.argv:
        for m in sorted(arrows, key=name):
            for t in sorted(arrows[m], key=name):
                print(f"{name(m)} -> {name(t)}")

    # Tarjan's strongly connected components.
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in arrows[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group, key=name))

    sys.setrecursionlimit(10000)
    for v in sorted(modules, key=name):
        if v not in index:
            visit(v)
    count = sum(len(a) for a in arrows.values())
    if not groups:
        print(f"{folder.name}: no import circle ({len(modules)} files, {count} arrows)")
        return 0
    for group in groups:
        print("circle: " + " <-> ".join(name(m) for m in group))
    return 1


if __name__ == "__main__":
    sys.exit(main())
