"""Evidence per item: each checklist item links to the exact points that back it.

Built for real in a throw-away copy of the guide (MkDocs, the real templates), and read as
a browser would: every link from an item to a theme page must land on an element with that
id there, and `check` must point at a wrong id by file and line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.helpers import ROOT, copy_project, run_cli


@pytest.fixture(scope="module")
def built(built_site) -> Path:
    """The real guide built once for the session (tests/conftest.py); read, never changed."""
    return built_site


class Page(HTMLParser):
    """The ids on a page, and the links inside its items' 'why' lines."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: dict[str, str] = {}
        self.evidence_links: list[str] = []
        self.external: dict[str, str] = {}
        self._why = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs.get("class") or ""
        if tag == "p" and "wt-why" in (attrs.get("class") or ""):
            self._why += 1
        if tag == "a" and self._why and "#" in (attrs.get("href") or ""):
            self.evidence_links.append(attrs["href"])
        if tag == "a" and (attrs.get("href") or "").startswith("http"):
            self.external[attrs["href"]] = attrs.get("class") or ""

    def handle_endtag(self, tag):
        if tag == "p" and self._why:
            self._why -= 1


def test_every_evidence_link_of_every_item_lands_on_its_point(built):
    site = built / "site"
    links = 0
    for page in sorted((site / "roles").glob("*.html")):
        if page.name.startswith("index"):
            continue
        for href in Page(page.read_text(encoding="utf-8")).evidence_links:
            address = urlsplit(href)
            target = (page.parent / unquote(address.path)).resolve()
            assert target.is_file(), f"{page.name}: {href} leads to no page"
            ids = Page(target.read_text(encoding="utf-8")).ids
            assert address.fragment in ids, f"{page.name}: {href} leads to no element with that id"
            assert "wt-point" in ids[address.fragment], f"{page.name}: {href} is not a point of evidence"
            links += 1
    assert links >= 100, f"only {links} evidence links on the checklist pages"


def test_each_item_links_exactly_the_points_its_file_lists(built):
    """No link is dropped or added on the way: the page shows what the content says."""
    import yaml

    for path in sorted((built / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        listed = sorted(point for item in data["items"] for point in item.get("evidence", []))
        page = built / "site" / "roles" / f"{data['id']}.html"
        shown = sorted(urlsplit(href).fragment for href in Page(page.read_text(encoding="utf-8")).evidence_links)
        assert shown == listed, path.name


def test_most_items_of_the_reports_own_checklists_have_evidence(built):
    """Every item of the report's four checklists but one is backed by named points
    (the one left: keeping written agreements, which no point of the report backs)."""
    import yaml

    for role in ("carers", "careworkers", "gps", "practitioners"):
        data = yaml.safe_load((built / "checklists" / f"{role}.yml").read_text(encoding="utf-8"))
        without = [item["text"] for item in data["items"] if not item.get("evidence")]
        assert len(without) <= (1 if role == "carers" else 0), (role, without)


def test_references_with_an_address_link_out(built):
    page = Page((built / "site" / "references" / "index.html").read_text(encoding="utf-8"))
    bib = (built / "evidence" / "references.bib").read_text(encoding="utf-8")
    addresses = re.findall(r"^\s*url\s*=\s*\{(https?://[^}]+)\}", bib, flags=re.MULTILINE)
    assert addresses
    for address in addresses:
        assert "wt-link-out" in page.external.get(address, ""), address


def test_a_doi_becomes_a_link(tmp_path):
    from generator.citations import format_references, safe_doi
    from generator.model import Reference

    assert safe_doi("doi: 10.1111/j.1365-2524.2008.00812.x") == "10.1111/j.1365-2524.2008.00812.x"
    assert safe_doi("https://doi.org/10.1000/xyz") == "10.1000/xyz"
    assert safe_doi('10.1000/x"onmouseover="alert(1)') == ""
    reference = Reference(
        "doe2009",
        "article",
        {"author": "Doe, Jane", "year": "2009", "title": "T", "journal": "J", "doi": "10.1000/xyz"},
        1,
    )
    format_references([reference])
    assert '<a href="https://doi.org/10.1000/xyz" class="wt-link-out">' in reference.formatted


def write(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_names_the_file_and_line_of_a_dangling_evidence_id(tmp_path):
    root = copy_project(ROOT, tmp_path / "guide")
    write(
        root / "checklists" / "gps.yml",
        "evidence: [relationships-gp-team,",
        "evidence: [relationships-gp-teem,",
    )
    line = next(
        number
        for number, text in enumerate((root / "checklists" / "gps.yml").read_text().splitlines(), start=1)
        if "relationships-gp-teem" in text
    )
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert f"checklists/gps.yml:{line}: item 1 cites evidence 'relationships-gp-teem', which no theme has" in (
        result.stderr
    )
    assert "did you mean 'relationships-gp-team'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_refuses_a_point_of_a_theme_the_item_does_not_name_and_a_duplicate_id(tmp_path):
    root = copy_project(ROOT, tmp_path / "guide")
    write(root / "checklists" / "gps.yml", "evidence: [relationships-gp-team,", "evidence: [resources-clear-offer,")
    write(root / "evidence" / "themes" / "systems.yml", "id: systems-quote-involved", "id: recognition-listened-to")
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert "item 1 cites evidence 'resources-clear-offer' of theme 'resources-and-services'" in result.stderr
    assert re.search(
        r"evidence/themes/systems\.yml:\d+: evidence id 'recognition-listened-to' is already used at "
        r"evidence/themes/recognition\.yml:\d+",
        result.stderr,
    )
