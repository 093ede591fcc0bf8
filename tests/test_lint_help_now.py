"""The plain-English check covers Help now (evidence/help-now.yml): its every line is our own words."""

from __future__ import annotations

from tests.helpers import ROOT, copy_project, run_cli

FILE = "evidence/help-now.yml"


def _line(root, text):
    return next(n for n, line in enumerate((root / FILE).read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _edit(root, old, new):
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_help_now_wording_is_checked_with_file_and_line(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    # an answer paragraph, a question, where it comes from, and what a contact is for
    _edit(root, "The assessment is free.", "The assessment is free and holistic.")
    _edit(root, "Is there any money for carers?", "Is there any money for carers from the DSS?")
    _edit(
        root,
        "comes_from: Your GP surgery, which is part of the NHS.",
        "comes_from: Your GP surgery, which is part of the NHS, and which you can ask about it on any day of "
        "the week when you are there for an appointment or to pick up a repeat prescription for someone.",
    )
    _edit(root, "what_for: to agree a back-up plan", "what_for: to commence a back-up plan")
    result = run_cli(root, "lint")
    assert result.returncode == 2
    out = result.stderr
    assert "Traceback" not in out
    answer = _line(root, "The assessment is free and holistic.") - 1  # a folded paragraph: its "- >-" line
    assert f"{FILE}:{answer}: warning: 'holistic' is jargon\n  Say 'whole-person' instead." in out
    assert f"{FILE}:{_line(root, 'from the DSS?')}: warning: 'DSS' is not in the glossary" in out
    assert f"{FILE}:{_line(root, 'comes_from: Your GP surgery')}: warning: a sentence of 38 words" in out
    assert f"{FILE}:{_line(root, 'to commence a back-up plan')}: warning: 'commence' is jargon" in out
    assert "4 plain-English warnings" in result.stdout + out


def test_names_of_organisations_and_web_addresses_are_not_scored(tmp_path):
    """A contact's name is a proper name (GOV.UK, Citizens Advice): not ours to make plainer."""
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "name: Citizens Advice", "name: Citizens Advice (CAB) Holistic Interface Services")
    result = run_cli(root, "lint")
    assert result.returncode == 0, result.stderr
