"""Every warning and every error type the code can answer has a catalogued code, and the API
docs list each one: the source of models/ and service/ is walked (AST) against
models/warnings.py's CATALOGUE and service/errors.py's ERROR_TYPES, so a warning written as a
bare string, a factory never called, an error type not in the map, or a code the docs leave
out fails here."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import warnings as W
from service.errors import ERROR_TYPES, HTTP_TYPES

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_FILE = ROOT / "models" / "warnings.py"
API_DOCS = ROOT / "docs" / "api.md"
# Where a warning is given: a list or field with one of these names.
WARNING_HOLDERS = re.compile(r"warning|notes", re.IGNORECASE)


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for folder in ("models", "service"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _is_text(node: ast.expr) -> bool:
    """A string the code builds: a literal, an f-string, or one joined from them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


def _holder(node: ast.expr) -> str:
    """The name a value is appended to or stored under (``warnings``, ``self.notes``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def bare_warnings(tree: ast.Module) -> list[int]:
    """The lines where a warning is a bare string: appended to a list of warnings, stored as
    one (``warning=...``), or listed under a ``"warnings"`` key."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in {"append", "extend", "insert"}
                and WARNING_HOLDERS.search(_holder(func.value))
                and any(_is_text(a) or _lists_text(a) for a in node.args)
            ):
                lines.append(node.lineno)
            for kw in node.keywords:
                named = bool(kw.arg and WARNING_HOLDERS.search(kw.arg))
                if named and (_is_text(kw.value) or _lists_text(kw.value)):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "warnings"
                    and (_is_text(value) or _lists_text(value))
                ):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = any(WARNING_HOLDERS.search(_holder(t)) for t in targets)
            value = node.value
            if named and value is not None and (_is_text(value) or _lists_text(value)):
                lines.append(node.lineno)
    return lines


def _lists_text(node: ast.expr) -> bool:
    elements = node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else []
    return any(_is_text(e) for e in elements)


def _catalogue_aliases(tree: ast.Module, path: Path) -> tuple[set[str], dict[str, str]]:
    """The names this module gives models/warnings.py, and the factories it imports by name
    (local name → factory)."""
    modules: set[str] = set()
    names: dict[str, str] = {}
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            source = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                if source == "models" and alias.name == "warnings":
                    modules.add(alias.asname or alias.name)
                elif source == "models.warnings":
                    names[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "models.warnings" and alias.asname:
                    modules.add(alias.asname)
    return modules, names


def emitted_codes(tree: ast.Module, path: Path) -> set[str]:
    """The catalogue's factories this module calls."""
    modules, names = _catalogue_aliases(tree, path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in modules
            ):
                found.add(func.attr)
            elif isinstance(func, ast.Name) and func.id in names:
                found.add(names[func.id])
    return found & set(W.CATALOGUE)


def direct_constructions(tree: ast.Module) -> list[int]:
    """Lines building a SummaryWarning without a factory."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "SummaryWarning")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "SummaryWarning")
        )
    ]


# Where an error type is given: (callee, position of the type argument).
TYPE_ARGUMENT = {"ApiError": 1, "envelope": 1, "error_record": 2}
# models' errors, which take the type as ``kind=`` (``__init__``: a subclass's super call).
ERROR_CLASSES = {"InputError", "LimitError", "__init__"}


def error_types_answered(tree: ast.Module) -> list[tuple[int, str]]:
    """Every literal error type in this module: the type argument of ApiError, envelope and
    error_record (any string inside it, a ``.get`` default included), and every ``kind=`` /
    ``type=`` given or defaulted (models' InputError kinds)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            at = TYPE_ARGUMENT.get(name)
            exprs = [node.args[at]] if at is not None and len(node.args) > at else []
            if at is not None or name in ERROR_CLASSES:
                exprs += [k.value for k in node.keywords if k.arg in {"kind", "type", "type_"}]
            for expr in exprs:
                for c in ast.walk(expr):
                    if isinstance(c, ast.Constant) and isinstance(c.value, str):
                        found.append((node.lineno, c.value))
        elif isinstance(node, ast.FunctionDef):
            a = node.args
            positional = a.posonlyargs + a.args
            defaulted = positional[len(positional) - len(a.defaults) :]
            pairs = list(zip(defaulted, a.defaults, strict=True))
            pairs += [
                (p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None
            ]
            for param, default in pairs:
                if param.arg in {"kind", "type"} and isinstance(default, ast.Constant):
                    found.append((node.lineno, str(default.value)))
    return found


def _docs_table(heading: str) -> list[str]:
    """The first column's codes (in backticks) of the table under ``heading`` in api.md."""
    text = API_DOCS.read_text(encoding="utf-8")
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"docs/api.md has no section {heading!r}"
    return re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.MULTILINE)


# ---------------------------------------------------------------- warnings


def test_no_warning_is_a_bare_string():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, tree in _sources()
        for line in bare_warnings(tree)
    ]
    assert offenders == [], "give these a code from models/warnings.py"


def test_only_the_catalogue_builds_a_warning():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, tree in _sources()
        if path != CATALOGUE_FILE
        for line in direct_constructions(tree)
    ]
    assert offenders == [], "call the code's factory in models/warnings.py"


def test_each_factory_is_named_as_its_code_and_each_code_has_one():
    tree = ast.parse(CATALOGUE_FILE.read_text(encoding="utf-8"))
    factories = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and ast.unparse(node.returns) == "SummaryWarning":
            calls = [
                c
                for c in ast.walk(node)
                if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "_warning"
            ]
            first = calls[0].args[0] if calls else None
            factories[node.name] = first.value if isinstance(first, ast.Constant) else None
    factories.pop("_warning")
    assert factories == {code: code for code in W.CATALOGUE}


def test_every_catalogued_code_is_emitted_and_nothing_else():
    emitted = set()
    for path, tree in _sources():
        if path != CATALOGUE_FILE:
            emitted |= emitted_codes(tree, path)
    assert sorted(set(W.CATALOGUE) - emitted) == [], "catalogued but never emitted"


def test_every_code_is_in_the_api_docs_and_only_those():
    documented = _docs_table("Warning codes")
    assert sorted(documented) == sorted(W.CATALOGUE)


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError, match="not in the catalogue"):
        W._warning("made_up", "a warning nobody catalogued")


def test_the_walker_catches_what_it_is_meant_to():
    """The checks above pass because the code is clean, not because they see nothing."""
    stray = ast.parse(
        "warnings.append('x')\nnotes.append(f'{n} y')\nCandidates(warning='z')\n"
        "doc = {'warnings': ['w']}\nself.warnings.extend(['a' + b])\n"
        "warnings.append(W.single_article())\n"
    )
    assert sorted(bare_warnings(stray)) == [1, 2, 3, 4, 5]
    path = ROOT / "models" / "stages" / "x.py"
    calls = ast.parse("from .. import warnings as V\nV.nothing_new()\nV.codes([])\n")
    assert emitted_codes(calls, path) == {"nothing_new"}
    named = ast.parse("from models.warnings import no_fuser as nf\nnf()\n")
    assert emitted_codes(named, ROOT / "service" / "x.py") == {"no_fuser"}
    assert direct_constructions(ast.parse("SummaryWarning('a', 'b')")) == [1]


# ---------------------------------------------------------------- error types


def test_every_error_type_answered_is_in_the_map():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {kind}"
        for path, tree in _sources()
        for line, kind in error_types_answered(tree)
        if kind not in ERROR_TYPES
    ]
    assert offenders == [], "add these to service/errors.py's ERROR_TYPES and docs/api.md"
    assert set(HTTP_TYPES.values()) <= set(ERROR_TYPES)


def test_every_mapped_error_type_is_answered_somewhere():
    answered = {kind for _, tree in _sources() for _, kind in error_types_answered(tree)}
    answered |= set(HTTP_TYPES.values())
    assert sorted(set(ERROR_TYPES) - answered) == []


def test_every_error_type_is_in_the_api_docs_and_only_those():
    documented = _docs_table("Error types")
    assert sorted(documented) == sorted(ERROR_TYPES)


def test_the_error_walker_sees_each_way_a_type_is_given():
    tree = ast.parse(
        "ApiError(404, 'not_found', 'm')\nenvelope(400, t.get(s, 'http_error'), 'm', None)\n"
        "error_record(i, 500, 'internal_error', 'm', None)\n"
        "super().__init__(p, m, kind='limit_exceeded')\n"
        "def f(p, m, *, kind='invalid_input'): pass\n"
    )
    assert sorted(k for _, k in error_types_answered(tree)) == [
        "http_error",
        "internal_error",
        "invalid_input",
        "limit_exceeded",
        "not_found",
    ]
