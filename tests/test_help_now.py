"""Help now (evidence/help-now.yml): checked by `check`, written as a page, linked for carers."""

from __future__ import annotations

import re

from tests.helpers import ROOT, copy_project, run_cli, run_main

FILE = "evidence/help-now.yml"
# 2 December 2027 and 2 December 2026, 12:00 UTC
A_YEAR_ON = "1827748800"
THE_DAY = "1796212800"


def _edit(root, old, new, count=1):
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _check(root, epoch=THE_DAY):
    """`python -m generator --root ROOT check` as of the build date `epoch` (in this process)."""
    return run_main("--root", str(root), "check", cwd=ROOT, env={"SOURCE_DATE_EPOCH": epoch})


def test_the_shipped_file_is_clean(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    result = _check(root)
    assert result.returncode == 0, result.stderr
    assert "help-now" not in result.stderr + result.stdout


def test_an_entry_checked_over_a_year_before_the_build_is_a_warning(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "checked: 2026-12-01", "checked: 2025-11-30")
    line = next(
        number
        for number, text in enumerate((root / FILE).read_text(encoding="utf-8").splitlines(), 1)
        if "2025-11-30" in text
    )
    result = _check(root)
    assert result.returncode == 0, result.stderr
    assert f"{FILE}:{line}: warning: 'carers-assessment' was last checked on 2025-11-30, over a year ago" in (
        result.stdout + result.stderr
    )
    # a year on from the shipped dates, every entry warns; the same build date gives the same words
    later = _check(copy_project(ROOT, tmp_path / "q"), A_YEAR_ON)
    assert len(re.findall(r"help-now\.yml:\d+: warning: .* over a year ago", later.stdout + later.stderr)) == 6


def test_wrong_dates_links_and_fields_name_file_and_line(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "checked: 2026-12-01", "checked: last week")
    _edit(root, "see: [roles/gps.md]", "see: [roles/gp.md]")
    _edit(root, "    comes_from: Carer's Allowance", "    comes_frm: Carer's Allowance")
    text = (root / FILE).read_text(encoding="utf-8").splitlines()
    result = _check(root)
    assert result.returncode == 2
    out = result.stderr + result.stdout
    assert "Traceback" not in out
    assert f"{FILE}:{text.index('    checked: last week') + 1}: 'checked' is 'last week', not a date" in out
    assert f"{FILE}:{text.index('    see: [roles/gp.md]') + 1}: 'see' links to 'roles/gp.md'" in out
    assert "comes_frm" in out and "comes_from" in out


def test_the_page_escapes_what_the_file_says(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "Is there any money for carers?", "Money <script>alert(1)</script> [x](http://e.vil) *now*")
    result = run_cli(root, "generate")
    assert result.returncode == 0, result.stderr
    page = (root / "docs/help-now/index.md").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](http://e.vil) \\*now\\*" in page


def test_help_now_is_linked_from_home_checklist_and_meeting_sheet(built_site):
    site = built_site / "site"
    page = (site / "help-now/index.html").read_text(encoding="utf-8")
    for words in ("Care Act 2014", "Department for Work and Pensions", "Local Government and Social Care Ombudsman"):
        assert words in page
    for url in ("https://www.gov.uk/carers-allowance", "https://www.lgo.org.uk", "https://www.citizensadvice.org.uk"):
        assert f'href="{url}"' in page
    assert 'href="help-now/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="../help-now/index.html"' in (site / "roles/carers.html").read_text(encoding="utf-8")
    assert 'href="../help-now/index.html"' in (site / "print/meeting-sheet.html").read_text(encoding="utf-8")
