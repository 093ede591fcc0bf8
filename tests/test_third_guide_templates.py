"""A mistake in a guide's own template (templates/) is the guide's: reported with its file,
line and a fix, exit code 2, never as 'internal error … a fault in the generator'. Found by
the third new-user guide (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"
OWN = "templates/case_studies_index.md.j2"
GOOD = "{{ study.place }}:"


@pytest.fixture
def guide(tmp_path) -> Path:
    return copy_project(GUIDE, tmp_path / "self-directed-support")


def _break(root: Path, broken: str) -> int:
    path = root / OWN
    text = path.read_text(encoding="utf-8")
    assert GOOD in text
    path.write_text(text.replace(GOOD, broken), encoding="utf-8")
    return text[: text.index(GOOD)].count("\n") + 1


def test_a_syntax_error_in_the_guides_template_is_named_by_check(guide):
    line = _break(guide, "{{ study.place }:")
    result = run_cli(guide, "check")
    assert result.returncode == 2
    assert f"{OWN}:{line}: the template cannot be read: unexpected '}}'" in result.stderr
    assert "built-in template of the same name" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_template_naming_what_is_not_there_fails_with_its_line(guide):
    line = _break(guide, "{{ study.plac }}:")
    assert run_cli(guide, "check").returncode == 0  # it compiles: only making the page finds it
    result = run_cli(guide, "generate")
    assert result.returncode == 2
    assert f"{OWN}:{line}: the template failed: " in result.stderr and "'plac'" in result.stderr
    assert "internal error" not in result.stderr
    assert not (guide / "docs/case-studies").exists()


def test_a_template_whose_name_replaces_nothing_is_a_warning(guide):
    (guide / "templates/case_study_index.md.j2").write_text("{{ GENERATED_MARK }}\n", encoding="utf-8")
    result = run_cli(guide, "check")
    assert result.returncode == 0
    assert (
        "templates/case_study_index.md.j2: warning: 'case_study_index.md.j2' replaces no built-in template, "
        "so it is never used" in result.stderr
    )
    assert "Did you mean 'case_studies_index.md.j2'?" in result.stderr


def test_a_mistake_in_the_guides_print_template_is_named(guide):
    (guide / "templates/print").mkdir()
    (guide / "templates/print/checklist.html.j2").write_text("<p>{{ checklist.rol }}</p>\n", encoding="utf-8")
    result = run_cli(guide, "build")
    assert result.returncode == 2
    assert "templates/print/checklist.html.j2:1: the template failed: " in result.stderr
    assert "internal error" not in result.stderr
