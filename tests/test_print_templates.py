"""guide.yml's `print:` names each print product's template: the guide's own templates/print/
first, then the built-in ones; a name that is neither fails `check` with the line and the
templates there are. On a copy of the young-carers fixture guide, with real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pipeline
from tests.helpers import FIXTURES, ROOT, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "young-carers"
POCKET = "pocket-checklist.html.j2"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def with_print(root: Path, block: str) -> Path:
    """guide.yml's `print:` (`large_print: [teachers]` in the fixture) given `block` too."""
    guide = root / "guide.yml"
    text = guide.read_text(encoding="utf-8")
    assert "print:\n  large_print: [teachers]\n" in text
    guide.write_text(text.replace("print:\n", "print:\n" + block, 1), encoding="utf-8")
    return root


@pytest.fixture
def young(tmp_path) -> Path:
    return copy_project(GUIDE, tmp_path / "young-carers")


def test_a_checklist_named_to_a_guide_template_is_laid_out_with_it(young):
    built_in = (ROOT / "generator" / "templates" / "print" / "checklist.html.j2").read_text(encoding="utf-8")
    own = built_in.replace("<h1>Checklist for {{ checklist.role }}</h1>", "<h1>Pocket card: {{ checklist.role }}</h1>")
    assert own != built_in
    (young / "templates" / "print" / POCKET).write_text(own, encoding="utf-8")
    with_print(young, f"  checklists:\n    template: {POCKET}\n")
    checked = pipeline.check(young)
    assert checked.errors == []
    # a template guide.yml names is used, so it is no "replaces no built-in template" warning
    assert not [problem for problem in checked.problems if POCKET in str(problem)]
    result = run_cli(young, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("checklist-teachers", "checklist-teachers-large-print"):
        text = pdf_text(young / "docs" / "print" / f"{name}.pdf")
        assert "Pocket card: Teachers" in text and "Checklist for Teachers" not in text, text[:300]
        html = (young / "site" / "print" / f"{name}.html").read_text(encoding="utf-8")
        assert "Pocket card: Teachers" in html


def test_the_default_is_the_built_in_template(young):
    result = run_cli(young, "build")
    assert result.returncode == 0, result.stderr
    assert "Checklist for Teachers" in pdf_text(young / "docs" / "print" / "checklist-teachers.pdf")


def test_a_misspelt_template_fails_check_with_its_line_and_the_templates_there_are(young):
    (young / "templates" / "print" / POCKET).write_text("{% extends 'print/_base.html.j2' %}\n", encoding="utf-8")
    with_print(young, "  checklists:\n    template: pocket-checklst.html.j2\n")
    line = (young / "guide.yml").read_text(encoding="utf-8").splitlines().index("    template: pocket-checklst.html.j2")
    result = run_cli(young, "check")
    assert result.returncode == 2
    assert (
        f"guide.yml:{line + 1}: print, checklists: template 'pocket-checklst.html.j2' is not a print template "
        f"(did you mean {POCKET!r}?)"
    ) in result.stderr
    hint = result.stderr.split("is not a print template")[1].split("\n")[1]
    for name in ("checklist.html.j2", "meeting-sheet.html.j2", "workshop-kit.html.j2", POCKET):
        assert repr(name) in hint
    assert "_base.html.j2" not in hint
    assert not (young / "docs" / "print").exists()


def test_a_template_of_another_guide_is_not_found(young):
    with_print(young, f"  checklists:\n    template: {POCKET}\n")  # the file is not in this guide
    errors = [str(problem) for problem in pipeline.check(young).errors]
    assert len(errors) == 1 and f"template {POCKET!r} is not a print template" in errors[0]
