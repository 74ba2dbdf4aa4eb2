"""The size and shape of fasttrack's import graph: modules, arrows, levels, upward arrows.

    .venv/bin/python tools/import_graph.py [CHECKOUT] [--json] [--list]

CHECKOUT is the root of a checkout (default: this one); another commit can be measured from a
worktree (`git worktree add /tmp/before 45686c9`). The graph is grimp's (import-linter's engine),
over `fasttrack_core` and `flows`, every import counted wherever it is (also inside functions and
`if TYPE_CHECKING:`).

- modules: Python modules in the two packages;
- arrows: distinct module -> module imports between them;
- levels: the longest chain of imports, counted in modules, after folding each import cycle into
  one node (how deep one has to read to understand the top);
- cycles: import cycles (strongly connected groups of more than one module) and their modules;
- upward arrows: imports from a lower layer into a higher one, with the layers of
  docs/ARCHITECTURE.md ("Layers"); a module's layer is where it lives (its package, or for a
  top-level module its name). Modules that only existed before the redesign are placed where
  their code went (e.g. `fasttrack_core.up` in cli).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import grimp

ROOTS = ("fasttrack_core", "flows")

# Layers from the bottom (0) up, as in docs/ARCHITECTURE.md and [tool.importlinter].
LAYERS: tuple[tuple[str, ...], ...] = (
    ("domain",),
    (
        "",  # fasttrack_core/__init__.py
        "models",
        "db",
        "settings",
        "clock",
        "crypto",
        "danish_calendar",
        "schemas",
        "errors",
        "bootstrap",
        "migrations",
        "keyring",
        "log_setup",
        "presentation",
    ),
    ("notify",),
    ("services",),
    ("reporting", "orchestration", "simulation", "simulation_report"),
    ("web", "flows"),
    ("embedded",),
    # cli_support, up and case_report: the entry points before the redesign (now in cli/).
    ("cli", "cli_support", "up", "case_report"),
)
LAYER_NAMES = (
    "domain",
    "base",
    "notify",
    "services",
    "reporting/orchestration/simulation",
    "web/flows",
    "embedded",
    "cli",
)
_RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def layer_of(module: str) -> int:
    if module == "flows" or module.startswith("flows."):
        return _RANK["flows"]
    parts = module.split(".")
    if parts[0] != "fasttrack_core":
        raise ValueError(module)
    return _RANK[parts[1] if len(parts) > 1 else ""]


def arrows(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    return {
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    }


def strongly_connected(nodes: Iterable[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph is small, but recursion limits are not)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def longest_chain(modules: set[str], edges: dict[str, set[str]]) -> int:
    """Modules on the longest import chain, each cycle counted once per module in it."""
    components = strongly_connected(modules, edges)
    component_of = {m: i for i, members in enumerate(components) for m in members}
    # Tarjan emits components in reverse topological order: what a component imports comes first.
    depth: list[int] = []
    for i, members in enumerate(components):
        below = [
            depth[component_of[imported]]
            for member in members
            for imported in edges.get(member, ())
            if component_of[imported] != i
        ]
        depth.append(len(members) + max(below, default=0))
    return max(depth, default=0)


def measure(root: Path) -> dict[str, object]:
    sys.path.insert(0, str(root))
    graph = grimp.build_graph(*ROOTS, cache_dir=None)
    modules = set(graph.modules)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for importer, imported in arrows(graph):
        edges[importer].add(imported)
    upward = sorted(
        (importer, imported)
        for importer, targets in edges.items()
        for imported in targets
        if layer_of(imported) > layer_of(importer)
    )
    cycles = [sorted(c) for c in strongly_connected(modules, edges) if len(c) > 1]
    return {
        "checkout": str(root),
        "modules": len(modules),
        "arrows": sum(len(t) for t in edges.values()),
        "levels": longest_chain(modules, edges),
        "cycles": len(cycles),
        "modules_in_cycles": sum(len(c) for c in cycles),
        "upward_arrows": len(upward),
        "upward": [f"{a} -> {b}" for a, b in upward],
        "cycle_members": cycles,
        "modules_per_layer": {
            name: sum(1 for m in modules if layer_of(m) == rank)
            for rank, name in enumerate(LAYER_NAMES)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkout", nargs="?", type=Path, default=Path(__file__).parents[1])
    parser.add_argument("--json", action="store_true", help="one line of JSON only")
    parser.add_argument("--list", action="store_true", help="also list the upward arrows")
    args = parser.parse_args()
    figures = measure(args.checkout.resolve())
    if args.json:
        print(json.dumps(figures))
        return
    print(f"checkout        {figures['checkout']}")
    for key in ("modules", "arrows", "levels", "cycles", "modules_in_cycles", "upward_arrows"):
        print(f"{key:<16}{figures[key]}")
    print(f"per layer       {figures['modules_per_layer']}")
    if args.list:
        for arrow in figures["upward"]:  # type: ignore[attr-defined]
            print(f"  up: {arrow}")
        for members in figures["cycle_members"]:  # type: ignore[attr-defined]
            print(f"  cycle: {', '.join(members)}")


if __name__ == "__main__":
    main()
