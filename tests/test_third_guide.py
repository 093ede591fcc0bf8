"""The third guide a new user wrote from the editors' docs alone (issue 16):
tests/fixtures/guides/self-directed-support. Three perspectives of its own (people who use
services, commissioners, providers), four themes, four case studies, a glossary, two role
checklists, no report, sources with the ids "004" and "policy-press.blog", language en-US,
renamed section headings and its own template for the case studies' page.

It is checked, read for plain English and built (pages and PDFs) in a temporary copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pipeline
from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"
FORBIDDEN = re.compile(r"working[ -]together|research in practice|\b2011\b|interim report", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(GUIDE, tmp_path_factory.mktemp("third") / "self-directed-support")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def test_the_third_guide_checks_clean_and_reads_plainly(tmp_path):
    root = copy_project(GUIDE, tmp_path / "self-directed-support")
    checked = run_cli(root, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(
        "ok: 4 themes, 2 checklists, 6 checklist items, 4 case studies, 4 glossary terms, 3 references"
    )
    linted = run_cli(root, "lint")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    outcome = pipeline.check(root)
    guide = outcome.guide
    assert guide is not None and guide.report is None
    assert [theme.perspective for theme in guide.themes] == [
        "people-using-services",
        "providers",
        "providers",
        "commissioners",
    ]
    assert {study.id for study in guide.case_studies} == {"bell-view", "my-way", "essex-individual-budgets", "calcot"}
    assert {theme.source.document for theme in guide.themes} == {"004", "policy-press.blog"}


def test_the_third_guide_builds_its_pages_and_pdfs(built):
    site = built / "site"
    for page in (
        "themes/choice-and-control.html",
        "roles/commissioners.html",
        "roles/providers.html",
        "case-studies/calcot.html",
        "glossary/index.html",
        "references/audit.html",
    ):
        assert (site / page).is_file(), page
    assert not (site / "report").exists()
    themes = (site / "themes/index.html").read_text(encoding="utf-8")
    assert "People who use services" in themes and "For commissioners" in themes and "For providers" in themes
    # its own template for the case studies' page: the place always follows the title
    studies = (site / "case-studies/index.html").read_text(encoding="utf-8")
    assert "</a></strong>, Reading:" in studies
    for name in ("checklist-commissioners", "checklist-providers"):
        reader = PdfReader(site / "print" / f"{name}.pdf")
        assert reader.trailer["/Root"]["/Lang"] == "en-US"
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Self-directed support: what worked" in " ".join(text.split())
        assert not FORBIDDEN.search(text)
    said = [
        path.name
        for path in site.rglob("*.html")
        if "assets" not in path.parts and FORBIDDEN.search(path.read_text(encoding="utf-8"))
    ]
    assert said == []
