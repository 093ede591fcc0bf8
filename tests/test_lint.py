"""The plain-English check: each rule on a small project, exceptions, and the real guide."""

from __future__ import annotations

from tests.helpers import run_cli

LINT_SETTINGS = """\
max_sentence_words: 12
min_reading_ease: 30
plain_words:
  signpost: point to
known_abbreviations: [UK]
exceptions: []
"""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lint(root):
    (root / "evidence" / "lint.yml").exists() or (root / "evidence" / "lint.yml").write_text(LINT_SETTINGS)
    return run_cli(root, "lint")


def test_plain_content_passes(mini):
    result = _lint(mini)
    assert result.returncode == 0, result.stderr
    assert "ok: the content reads plainly" in result.stdout


def test_long_sentence_is_flagged_with_file_line_and_fix(mini):
    _edit(
        mini / "evidence/themes/recognition.yml",
        "summary: Carers want to be listened to and valued.",
        "summary: Carers want to be listened to and valued by everyone they meet at every single meeting they go to.",
    )
    result = _lint(mini)
    assert result.returncode == 2
    assert (
        "evidence/themes/recognition.yml:4: warning: a sentence of 19 words: "
        "'Carers want to be listened to and valued by everyone they me'"
    ) in result.stderr
    assert "Split it; aim for 12 words or fewer." in result.stderr


def test_hard_words_are_flagged(mini):
    _edit(
        mini / "evidence/themes/systems.yml",
        "summary: Assessments and coordination between services.",
        "summary: Multidisciplinary interorganisational coordination necessitates comprehensive "
        "institutional reconfiguration, notwithstanding considerable organisational, "
        "administrative and professional heterogeneity.",
    )
    result = _lint(mini)
    assert result.returncode == 2
    assert "evidence/themes/systems.yml:4: warning: hard to read (reading ease" in result.stderr
    assert "Use shorter words and sentences" in result.stderr


def test_jargon_gets_the_plainer_word_even_in_the_sources_wording(mini):
    _edit(
        mini / "checklists/carers.yml",
        "Always ask if you are not sure about something",
        "Always signpost if you are not sure about something",
    )
    result = _lint(mini)
    assert "checklists/carers.yml:12: warning: 'signpost' is jargon\n  Say 'point to' instead." in result.stderr


def test_abbreviation_without_glossary_entry(mini):
    _edit(
        mini / "evidence/themes/recognition.yml",
        "Being listened to matters most.",
        "Being listened to by the CQC and in the UK matters most.",
    )
    result = _lint(mini)
    assert "evidence/themes/recognition.yml:15: warning: 'CQC' is not in the glossary" in result.stderr
    assert "'UK'" not in result.stderr  # a known abbreviation


def test_quotations_are_never_scored(mini):
    _edit(
        mini / "evidence/themes/recognition.yml",
        "the most important thing that affects me",
        "we were signposted by the CQC and the most important and unbelievably complicated thing that affects me",
    )
    assert _lint(mini).returncode == 0


def test_recorded_exception_silences_only_its_warning(mini):
    _edit(
        mini / "checklists/carers.yml",
        "Always ask if you are not sure about something",
        "Always signpost if you are not sure about something",
    )
    _edit(
        mini / "evidence/themes/recognition.yml",
        "Being listened to matters most.",
        "Being listened to by the CQC matters most.",
    )
    (mini / "evidence/lint.yml").write_text(
        LINT_SETTINGS.replace(
            "exceptions: []",
            """\
exceptions:
  - file: checklists/carers.yml
    rule: jargon
    text: Always signpost
    reason: the report's own wording
""",
        )
    )
    result = _lint(mini)
    assert "signpost" not in result.stderr
    assert "'CQC' is not in the glossary" in result.stderr
    assert "0 errors, 1 plain-English warning." in result.stderr


def test_check_sums_up_the_warnings_in_one_line(mini):
    _edit(
        mini / "evidence/themes/recognition.yml",
        "Being listened to matters most.",
        "Being listened to by the CQC matters most.",
    )
    _lint(mini)
    result = run_cli(mini, "check")
    assert result.returncode == 0  # warnings never stop a build
    assert (
        "evidence/lint.yml: warning: 1 plain-English warning in the content\n"
        "  Run 'python -m generator lint' to see them"
    ) in result.stderr


def test_bad_lint_settings_are_errors(mini):
    (mini / "evidence/lint.yml").write_text(LINT_SETTINGS + "max_sentence_word: 20\n")
    result = run_cli(mini, "lint")
    assert result.returncode == 2
    assert "evidence/lint.yml:" in result.stderr and "max_sentence_words" in result.stderr


def test_the_guide_as_shipped_reads_plainly(real_guide_copy):
    result = run_cli(real_guide_copy, "lint")
    assert result.returncode == 0, result.stderr
