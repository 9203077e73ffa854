"""The README stays short and the docs site stays whole.

`make docs` (CI) builds the site with `mkdocs build --strict`, which catches broken links inside
docs/; these checks need no mkdocs: the README's length, the nav against the pages on disk, the
README's own links (GitHub renders them, mkdocs never sees them), and every setting documented.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import yaml
from pydantic import BaseModel

from models.config import PipelineConfig
from service.settings import Settings
from tests.conftest import ROOT

DOCS = ROOT / "docs"
README_MAX_LINES = 300
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _nav_pages(entries: list) -> list[str]:
    pages: list[str] = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            pages += _nav_pages(value)
        elif not re.match(r"[a-z]+://", value):
            pages.append(value)
    return pages


def _slug(heading: str) -> str:
    """Python-Markdown's toc slug of a heading (what mkdocs anchors are)."""
    text = re.sub(r"[`*]", "", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _anchors(page: str) -> set[str]:
    return {_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", page, re.MULTILINE)}


def test_readme_is_short():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def test_every_page_is_in_the_nav_and_every_nav_entry_exists():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert config["theme"]["name"] == "material"
    nav = _nav_pages(config["nav"])
    assert len(nav) == len(set(nav)), "a page is in the nav twice"
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert set(nav) - on_disk == set(), "nav entries without a page"
    assert on_disk - set(nav) == set(), "pages missing from the nav"


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text()
    links = [link for link in LINK.findall(readme) if not re.match(r"[a-z]+://", link)]
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        path, _, anchor = link.partition("#")
        target = ROOT / path
        assert target.is_file(), f"README links to {link}: no such file"
        if anchor:
            assert anchor in _anchors(target.read_text()), f"README links to {link}: no anchor"


def test_every_setting_is_documented():
    page = (DOCS / "configuration.md").read_text()
    names = {
        name
        for name, field in Settings.model_fields.items()
        if not dataclasses.is_dataclass(field.annotation)
        and not (isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel))
    }
    names |= {f.name for f in dataclasses.fields(PipelineConfig) if f.name != "limits"}
    missing = sorted(n for n in names if f"`NEWSFUSE_{n.upper()}`" not in page)
    assert missing == [], f"not in docs/configuration.md: {missing}"
