"""Engine tests on a small guide that is not Working Together (tests/fixtures/guides/young-carers):
other perspectives and speakers, a source whose id is a word, no report, no workshops, no
figures, no case studies; its own templates for one page and for the print style.

They check it, generate it and build it with MkDocs and WeasyPrint in a temporary copy, and
read what a reader would get: the pages, the PDFs, the offline zip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pipeline
from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "young-carers"
FORBIDDEN = re.compile(r"working[ -]together|research in practice|\b2011\b|interim report", re.IGNORECASE)
"""What would show that the engine still speaks for the guide it was first written for."""


@pytest.fixture
def young(tmp_path) -> Path:
    return copy_project(GUIDE, tmp_path / "young-carers")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(GUIDE, tmp_path_factory.mktemp("engine") / "young-carers")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def errors_of(root: Path) -> list[str]:
    return [str(problem) for problem in pipeline.check(root).errors]


def test_the_guide_checks_clean_with_its_own_audiences_and_source_ids(young):
    outcome = pipeline.check(young)
    assert outcome.errors == []
    guide = outcome.guide
    assert guide.report is None and guide.workshop is None
    assert [theme.perspective for theme in guide.themes] == ["teachers", "school-nurses"]
    assert guide.themes[0].source.document == "school-survey"
    assert guide.config.name == "Supporting young carers at school"
    assert [speaker.label for speaker in guide.config.speakers] == ["Teacher", "School nurse", "A young carer"]
    # the audit follows the survey's list, not a hard-coded document
    assert [row.written for row in outcome.audited.cited_not_listed] == ["Brown 2019"]
    assert "A survey of young carers in schools cites 1 work " in " ".join(p.message for p in outcome.warnings)


def test_the_site_has_the_sections_the_guide_names_and_no_others(built):
    site = built / "site"
    for page in (
        "index.html",
        "themes/index.html",
        "themes/being-noticed.html",
        "roles/teachers.html",
        "references/index.html",
        "references/audit.html",
        "evidence-kinds/index.html",
        "print/index.html",
        "changes/index.html",
    ):
        assert (site / page).is_file(), page
    for absent in ("report", "figures", "case-studies", "tips", "glossary", "help-now"):
        assert not (site / absent).exists(), absent
    assert not any(name.startswith(("meeting-sheet", "workshop")) for name in _names(site / "print"))
    themes = (site / "themes/index.html").read_text(encoding="utf-8")
    assert "What pupils told us" in themes and "Teachers' themes" in themes and "School nurses' themes" in themes
    page = (site / "themes/being-noticed.html").read_text(encoding="utf-8")
    assert "Teachers' theme" in page and "A young carer" in page
    assert 'href="../evidence-kinds/index.html#national-survey"' in page
    assert "not in the survey's reference list" in page


def test_references_from_a_source_with_a_word_for_an_id_are_listed(built):
    page = (built / "site/references/index.html").read_text(encoding="utf-8")
    for key in ("aldridge2018", "jones2020", "patel2021", "singh2022", "okafor2023"):
        assert f'id="{key}"' in page, key
    assert "A survey of young carers in schools" in page


def test_nothing_of_working_together_reaches_the_pages_the_pdfs_or_the_zip(built):
    site = built / "site"
    said = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".js", ".json", ".xml", ".css", ".txt") and "assets" not in path.parts:
            found = FORBIDDEN.search(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                said.append(f"{path.relative_to(site)}: {found.group()!r}")
    pdfs = sorted(site.glob("print/*.pdf"))
    assert pdfs
    for path in pdfs:
        found = FORBIDDEN.search(pdf_text(path))
        if found:
            said.append(f"{path.relative_to(site)}: {found.group()!r}")
        info = PdfReader(path).metadata or {}
        assert not FORBIDDEN.search(" ".join(str(value) for value in info.values())), path.name
    assert said == []
    with zipfile.ZipFile(site / "downloads/young-carers-offline.zip") as bundle:
        names = bundle.namelist()
    assert names and all(name.startswith("young-carers/") for name in names)


def test_the_pdfs_carry_the_guides_name_and_language(built):
    reader = PdfReader(built / "site/print/checklist-teachers.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Supporting young carers at school" in pdf_text(built / "site/print/checklist-teachers.pdf")
    html = (built / "site/print/checklist-teachers.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html


def test_the_guides_own_templates_replace_the_built_in_ones(built):
    """templates/roles_index.md.j2 and templates/print/print.css of the guide win over the engine's."""
    roles = (built / "site/roles/index.html").read_text(encoding="utf-8")
    assert "Our school's own words: pick the checklist for your job." in roles
    assert "Every item links to the themes" not in roles  # the built-in wording is gone
    for name in ("checklist-teachers.pdf", "checklist-teachers-large-print.pdf"):
        assert "Printed for staff of the Example Schools Trust" in pdf_text(built / "site/print" / name)
    # a template the guide does not override is the built-in one
    assert "Checklists for school staff" in roles
    assert "What pupils told us" in (built / "site/themes/index.html").read_text(encoding="utf-8")


def test_a_perspective_the_guide_does_not_declare_is_an_error_with_its_line(young):
    theme = young / "evidence/themes/being-noticed.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("perspective: teachers", "perspective: teacher"))
    assert errors_of(young) == [
        (
            "evidence/themes/being-noticed.yml:3: perspective is 'teacher', which is not one of the allowed values\n"
            "  Did you mean 'teachers'? Allowed: 'teachers', 'school-nurses' (the perspectives of guide.yml)."
        )
    ]


def test_a_missing_guide_yml_is_an_error_naming_it(young):
    (young / "guide.yml").unlink()
    errors = errors_of(young)
    assert len(errors) == 1 and errors[0].startswith("guide.yml: the guide's configuration is missing")


def test_the_report_named_but_missing_is_an_error_not_a_traceback(young):
    config = young / "guide.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  audit: {}\n", "  audit: {}\n  report: {}\n"))
    assert errors_of(young) == [
        (
            "evidence/report.yml: the report file is missing, and guide.yml's sections name the report\n"
            "  Restore evidence/report.yml, or remove 'report' and 'workshops' from the sections of guide.yml."
        )
    ]


def test_an_audit_without_a_main_source_is_an_error(young):
    config = young / "guide.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"main_source:\n(  .*\n)+", "", text))
    assert [error.split("\n")[0] for error in errors_of(young)] == [
        "guide.yml:29: the citation audit needs a main source, and guide.yml names none"
    ]


def _names(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir()]


def test_a_guide_with_no_main_source_and_no_audit_generates_its_pages(young):
    """The smallest configuration: every reference still has its place on the references page."""
    config = young / "guide.yml"
    text = re.sub(r"main_source:\n(  .*\n)+", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("  audit: {}\n", ""), encoding="utf-8")
    menu = young / "mkdocs.yml"
    menu.write_text(menu.read_text(encoding="utf-8").replace("      - references/audit.md\n", ""), encoding="utf-8")
    outcome = pipeline.generate(young)
    assert outcome.errors == []
    assert "references/audit.md" not in outcome.pages and "report/index.md" not in outcome.pages
    references = outcome.pages["references/index.md"]
    for key in ("aldridge2018", "jones2020", "patel2021", "singh2022", "okafor2023"):
        assert f"#{key} " in references, key
    assert "audit.md" not in "".join(outcome.pages.values())


SECOND_GUIDE = FIXTURES / "guides" / "leading-for-carers"
"""The second guide a colleague wrote as a new user, from the editors' docs alone (issue 16):
managers and staff, one magazine article, a glossary, no workshops or figures."""


def test_the_guide_a_new_user_wrote_checks_reads_plainly_and_generates(tmp_path):
    root = copy_project(SECOND_GUIDE, tmp_path / "leading-for-carers")
    checked = run_cli(root, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 3 themes, 1 checklist, 9 checklist items, 6 glossary terms, 7 references")
    assert run_cli(root, "lint").returncode == 0
    generated = pipeline.generate(root)
    assert generated.errors == []
    pages = generated.pages
    assert {"themes/hearing-carers.md", "roles/registered-managers.md", "glossary/index.md"} <= set(pages)
    assert "What it asks of leaders" in pages["themes/index.md"]
