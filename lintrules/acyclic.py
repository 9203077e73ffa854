"""``acyclic_modules``: no import cycle between any two modules inside the given packages.

Import-linter's own ``acyclic_siblings`` compares siblings one package level at a time, with
descendants squashed into them, and names the dependencies to cut rather than the cycle; it
misses a package ``__init__`` caught in a cycle with one of its own children. This contract
takes every module under ``packages`` as a node of the import graph, finds the strongly
connected components (Tarjan), and reports each one by its module names, with one shortest
cycle through it and the line of each import in that cycle.

Which imports count is the graph's: import-linter builds it once per run, with the imports
under ``if TYPE_CHECKING:`` and those inside functions unless the session says
``exclude_type_checking_imports = true``. We keep both (pyproject.toml says why).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import cast

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def strongly_connected(nodes: Iterable[str], edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The components of more than one node, each sorted, in the order of their first node.

    Tarjan's algorithm, iterative (no recursion limit on a long import chain). Edges to nodes
    outside ``nodes`` are left out.

    >>> strongly_connected("abcd", {"a": {"b"}, "b": {"a", "c"}, "c": {"d"}, "d": set()})
    [['a', 'b']]
    """
    nodes = sorted(nodes)
    inside = set(nodes)
    successors = {n: sorted(edges.get(n, set()) & inside) for n in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors[root]))]
        while work:
            node, todo = work[-1]
            for nxt in todo:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors[nxt])))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
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
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components)


def shortest_cycle(start: str, component: set[str], edges: Mapping[str, set[str]]) -> list[str]:
    """One shortest cycle from ``start`` back to it inside ``component``, ``start`` at both ends.

    >>> shortest_cycle("a", {"a", "b", "c"}, {"a": {"b"}, "b": {"c", "a"}, "c": {"a"}})
    ['a', 'b', 'a']
    """
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(edges.get(node, set()) & component):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise ValueError(f"{start} is in no cycle inside {sorted(component)}")


class AcyclicModulesContract(Contract):
    """No import cycle among the modules of each of ``packages`` (the packages included).

    Configuration options:

        - packages: the packages whose modules must import each other one way only.
    """

    type_name = "acyclic_modules"

    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        cycles = []
        # Contract.__init__ replaces the field with its parsed value.
        for package in cast(list[str], self.packages):
            if package not in graph.modules:
                raise ValueError(f"acyclic_modules: no package {package!r} in the import graph")
            modules = {package} | graph.find_descendants(package)
            edges = {m: graph.find_modules_directly_imported_by(m) for m in modules}
            for component in strongly_connected(modules, edges):
                cycle = shortest_cycle(component[0], set(component), edges)
                links = [
                    {
                        "importer": importer,
                        "imported": imported,
                        "lines": [
                            (d["line_number"], d["line_contents"])
                            for d in graph.get_import_details(importer=importer, imported=imported)
                        ],
                    }
                    for importer, imported in pairwise(cycle)
                ]
                cycles.append({"package": package, "modules": component, "cycle": links})
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for found in check.metadata["cycles"]:
            output.print_error(
                f"Import cycle in {found['package']} among {len(found['modules'])} modules: "
                + ", ".join(found["modules"]),
                bold=True,
            )
            output.new_line()
            output.print("One shortest cycle:")
            for link in found["cycle"]:
                output.indent_cursor()
                output.print(f"{link['importer']} -> {link['imported']}")
                for number, contents in link["lines"]:
                    output.indent_cursor()
                    output.indent_cursor()
                    output.print(f"l.{number}: {contents}")
            output.new_line()
