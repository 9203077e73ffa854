"""The no-cycle import contract (lintrules/acyclic.py) on real packages written to disk, read by
grimp as `lint-imports` reads ours."""

from __future__ import annotations

import textwrap
from pathlib import Path

import grimp
import pytest

from lintrules.acyclic import AcyclicModulesContract, shortest_cycle, strongly_connected


def _package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> list[dict]:
    _package(tmp_path, files)
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("pkg", cache_dir=None)
    contract = AcyclicModulesContract(
        name="no cycles", session_options={}, contract_options={"packages": ["pkg"]}
    )
    check = contract.check(graph, verbose=False)
    assert check.kept is (not check.metadata["cycles"])
    return check.metadata["cycles"]


def test_a_cycle_through_a_type_checking_import_is_reported_by_module_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycles = _check(
        tmp_path,
        monkeypatch,
        {
            "pkg/__init__.py": "",
            "pkg/write/__init__.py": "",
            "pkg/write/merge.py": """\
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from .compose import Composer
                """,
            "pkg/write/compose.py": "from .merge import TYPE_CHECKING\n",
            "pkg/leaf.py": "import pkg.write.compose\n",
        },
    )
    assert [c["modules"] for c in cycles] == [["pkg.write.compose", "pkg.write.merge"]]
    links = [(link["importer"], link["imported"], link["lines"]) for link in cycles[0]["cycle"]]
    assert links == [
        ("pkg.write.compose", "pkg.write.merge", [(1, "from .merge import TYPE_CHECKING")]),
        ("pkg.write.merge", "pkg.write.compose", [(4, "from .compose import Composer")]),
    ]


def test_a_package_init_in_a_cycle_with_its_own_child_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # import-linter's acyclic_siblings compares siblings only: it cannot see this one.
    cycles = _check(
        tmp_path,
        monkeypatch,
        {
            "pkg/__init__.py": "from .api import run\n",
            "pkg/api.py": "def run():\n    from pkg import __name__ as name\n    return name\n",
        },
    )
    assert [c["modules"] for c in cycles] == [["pkg", "pkg.api"]]


def test_imports_one_way_keep_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cycles = _check(
        tmp_path,
        monkeypatch,
        {
            "pkg/__init__.py": "from .b import B\n",
            "pkg/a.py": "A = 1\n",
            "pkg/b.py": "from .a import A\nB = A\n",
            "pkg/c.py": "from . import b\nfrom .a import A\n",
        },
    )
    assert cycles == []


def test_every_component_and_the_shortest_cycle_through_it() -> None:
    # a → b → c → a and c → d → c share c: one component; e ⇄ f another; g alone.
    edges = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": {"c"},
        "e": {"f"},
        "f": {"e", "g"},
        "g": set(),
    }
    assert strongly_connected(edges, edges) == [["a", "b", "c", "d"], ["e", "f"]]
    assert shortest_cycle("c", {"a", "b", "c", "d"}, edges) == ["c", "d", "c"]
    assert shortest_cycle("a", {"a", "b", "c", "d"}, edges) == ["a", "b", "c", "a"]
