#!/usr/bin/env python3
"""Lists the import circles among the Rust modules of one folder (default: src/ui/components).

Draws an arrow from a module to each sibling module its `use` declarations name (`use
super::x::…`, `use super::{x::…, y::…}`, `use crate::…::folder::x::…`; a `mod tests` at the
bottom is left out: its `super` is the file itself), then prints every circle (a strongly
connected group of two modules or more) and exits with 1, or says there is none and exits
with 0.

  scripts/import-circles.py [FOLDER]
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def crate_path(folder):
    """`crate::a::b` for `…/src/a/b`."""
    parts = folder.resolve().relative_to(ROOT).parts
    return "::".join(("crate",) + parts[parts.index("src") + 1 :])


def uses(text):
    """The paths of the `use` declarations of `text` (comments and tests left out)."""
    text = text.split("#[cfg(test)]", 1)[0]
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    return [m.group(1) for m in re.finditer(r"\buse\s+([^;]+);", text)]


def heads(tree):
    """The first names of the items in `a, b::c, d::{e, f}` (commas inside braces skipped)."""
    items, depth, current = [], 0, ""
    for char in tree:
        depth += char == "{"
        depth -= char == "}"
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [re.match(r"\s*(\w*)", item).group(1) for item in items]


def arrows(folder):
    """{module: the sibling modules it uses}."""
    files = {p.stem: p for p in folder.glob("*.rs") if p.stem != "mod"}
    files.update({p.name: p / "mod.rs" for p in folder.iterdir() if (p / "mod.rs").is_file()})
    prefixes = ("super::", crate_path(folder) + "::")
    graph = {}
    for name, path in files.items():
        named = set()
        for used in uses(path.read_text()):
            used = re.sub(r"\s+", "", used)
            for prefix in prefixes:
                if used.startswith(prefix):
                    rest = used[len(prefix) :]
                    for head in heads(rest[1:-1]) if rest.startswith("{") else heads(rest):
                        if head in files and head != name:
                            named.add(head)
        graph[name] = named
    return graph


def circles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while group[-1:] != [node]:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "src" / "ui" / "components"
    graph = arrows(folder)
    found = circles(graph)
    arrow_count = sum(len(targets) for targets in graph.values())
    print(f"{folder.resolve().relative_to(ROOT)}: {len(graph)} modules, {arrow_count} arrows")
    for group in found:
        print(f"circle of {len(group)}: {', '.join(group)}")
        for member in group:
            print(f"  {member} -> {', '.join(sorted(graph[member] & set(group)))}")
    if found:
        sys.exit(1)
    print("no import circle")


if __name__ == "__main__":
    main()
