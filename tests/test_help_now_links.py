"""Help now's `see:` links name pages and anchors: `check` finds a dangling one, with file:line and a fix."""

from __future__ import annotations

import re

import yaml

from tests.helpers import ROOT, copy_project, read_page, run_cli

FILE = "evidence/help-now.yml"


def _edit(root, old, new):
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(root, text):
    return next(n for n, line in enumerate((root / FILE).read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_missing_anchor_is_an_error_with_file_line_and_did_you_mean(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "roles/carers.md#finding-support", "roles/carers.md#finding-suport")
    # the Help now page itself, and a hand-written page
    _edit(root, "see: [roles/gps.md]", "see: [roles/gps.md, help-now/index.md#mony, how-to-use.md#printing-checklist]")
    result = run_cli(root, "check")
    out = result.stderr + result.stdout
    assert result.returncode == 2, out
    assert "Traceback" not in out
    carers = _line(root, "finding-suport")
    assert (
        f"{FILE}:{carers}: 'see' links to 'roles/carers.md#finding-suport', "
        "but roles/carers.md has no anchor 'finding-suport'\n  Did you mean 'finding-support'? "
        "Link to one of roles/carers.md's anchors (before-a-meeting, between-meetings,"
    ) in out
    gps = _line(root, "help-now/index.md#mony")
    assert f"{FILE}:{gps}: 'see' links to 'help-now/index.md#mony', but help-now/index.md has no anchor 'mony'" in out
    assert "Did you mean 'money'?" in out
    assert f"{FILE}:{gps}: 'see' links to 'how-to-use.md#printing-checklist', but how-to-use.md has no anchor" in out
    assert "Did you mean 'printing-a-checklist'?" in out
    assert len(re.findall(r"has no anchor", out)) == 3
    assert not (root / "docs/help-now").exists()  # nothing was written


def test_a_missing_page_suggests_the_page_meant(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "see: [roles/gps.md]", "see: [roles/gp.md]")
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert (
        f"{FILE}:{_line(root, 'roles/gp.md')}: 'see' links to 'roles/gp.md', which is not a page of the guide\n"
        "  Did you mean 'roles/gps.md'?"
    ) in result.stderr + result.stdout


def test_anchors_to_a_point_of_evidence_and_a_case_study_pass(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    _edit(root, "see: [themes/recognition.md]", "see: [themes/recognition.md#what-works]")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stderr


def test_every_shipped_see_link_lands_on_an_element_of_its_page(built_site):
    """What `check` promises, seen in the built site: each anchor is an id on the page."""
    data = yaml.safe_load((ROOT / FILE).read_text(encoding="utf-8"))
    links = [link for entry in data["entries"] for link in entry.get("see", [])]
    anchored = [link for link in links if "#" in link]
    assert len(anchored) >= 3
    for link in anchored:
        page, _, anchor = link.partition("#")
        built = built_site / "site" / page.replace(".md", ".html")
        assert anchor in read_page(built).ids, link
