"""What a new user fought writing a second guide from the docs alone ("Leading for carers",
from one magazine article): each fight, on a starter guide made by `init` (or on Working
Together where only it has the part), with the content a new user wrote.

The guide is checked and its pages rendered in process (`pipeline.generate`), the print-outs'
HTML made by `pdf.products`, as the build makes them; no MkDocs run is needed to read a page's
Markdown."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator import pdf, pipeline, starter_guide
from generator.history import read_history
from tests.helpers import ROOT, copy_project


@pytest.fixture
def starter(tmp_path) -> Path:
    target = tmp_path / "leading-for-carers"
    _, problems = starter_guide.init(target, "Leading for carers")
    assert not problems
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def generated(root: Path) -> dict[str, str]:
    outcome = pipeline.generate(root)
    assert outcome.errors == [], "\n".join(map(str, outcome.errors))
    return outcome.pages


def test_a_theme_without_what_doesnt_work_checks_and_its_page_has_no_such_heading(starter):
    theme = starter / "evidence/themes/handover.yml"
    edit_yaml(theme, lambda data: data.pop("what_doesnt_work"))
    edit_yaml(starter / "evidence/themes/planning-ahead.yml", lambda data: data.update(what_doesnt_work=[]))
    pages = generated(starter)
    for page in ("themes/handover.md", "themes/planning-ahead.md"):
        assert "## What works" in pages[page]
        assert "What doesn't work" not in pages[page] and "wt-doesnt" not in pages[page]


def test_a_workshop_card_leaves_out_what_doesnt_work_when_the_theme_has_none(tmp_path):
    root = copy_project(ROOT, tmp_path / "wt")
    edit_yaml(root / "evidence/themes/systems.yml", lambda data: data.pop("what_doesnt_work"))
    outcome = pipeline.check(root)
    assert outcome.errors == []
    (cards,) = [
        p for p in pdf.products(outcome.guide, "", "", "", read_history(root)) if p.name == "workshop-theme-cards"
    ]
    html = unescape(cards.html(1.0))
    card = {m.group(1): m.group(0) for m in re.finditer(r"<h2>([^<]+)</h2>.*?</section>", html, re.S)}
    assert "What doesn't work" not in card["Systems"] and "What works" in card["Systems"]
    assert "What doesn't work" in card["Recognition"]


def test_a_reference_without_a_year_takes_n_d_and_is_shown_so(starter):
    bib = starter / "evidence/references.bib"
    text = bib.read_text(encoding="utf-8")
    first = re.search(r"year\s*=\s*\{(\d{4})\}", text)
    assert first
    bib.write_text(text[: first.start()] + "year = {n.d.}" + text[first.end() :], encoding="utf-8")
    outcome = pipeline.generate(starter)
    assert outcome.errors == [], "\n".join(map(str, outcome.errors))
    undated = [ref for ref in outcome.guide.references.values() if ref.fields["year"] == "n.d."]
    assert len(undated) == 1 and undated[0].label.endswith(" n.d.")
    page = "\n".join(text for name, text in outcome.pages.items() if name.startswith("references/"))
    assert "(n.d.)" in page and "no date" not in page
    assert first.group(1) not in re.search(r"^.*\(n\.d\.\).*$", page, re.M).group(0)


def test_a_year_in_other_words_is_still_refused(starter):
    bib = starter / "evidence/references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(re.sub(r"year\s*=\s*\{\d{4}\}", "year = {c. 2007}", text, count=1), encoding="utf-8")
    (error,) = pipeline.check(starter).errors
    assert "has year 'c. 2007'" in str(error) and "n.d." in error.hint


def about_line(pages: dict[str, str]) -> str:
    return next(line for line in pages["report/index.md"].splitlines() if line.startswith("*Notes from"))


def test_an_undated_source_takes_its_date_from_sources_yml(starter):
    edit_yaml(starter / "evidence/report.yml", lambda data: data.pop("year"))

    def undated(data):
        document = data["documents"][0]
        document.pop("year")
        document.update(about_year=2017, date_note="The notes give no date; the event was in June 2017.")

    edit_yaml(starter / "evidence/sources.yml", undated)
    assert about_line(generated(starter)) == "*Notes from a listening event*, Example organisation, about 2017."


def test_report_yml_may_give_about_year_and_its_own_year_still_wins(starter):
    edit_yaml(starter / "evidence/report.yml", lambda data: (data.pop("year"), data.update(about_year=2016)))
    assert about_line(generated(starter)).endswith(", about 2016.")
    edit_yaml(starter / "evidence/report.yml", lambda data: (data.pop("about_year"), data.update(year=2019)))
    assert about_line(generated(starter)).endswith(", 2019.")


def test_the_about_page_has_no_background_heading_without_context(starter):
    page = generated(starter)["report/index.md"]
    assert "## Background" not in page and "wt-attribution" not in page
    edit_yaml(starter / "evidence/report.yml", lambda data: data.update(context=["Why the event was held."]))
    page = generated(starter)["report/index.md"]
    assert "## Background\n\nWhy the event was held." in page


GLOSSARY = """terms:
  - term: CQC
    abbreviation_of: Care Quality Commission
    meaning: The body that inspects care services in England.
"""


def test_check_says_when_the_glossary_page_is_not_in_the_menu(starter):
    (starter / "evidence/glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    outcome = pipeline.check(starter)
    assert outcome.errors == []
    (warning,) = [p for p in outcome.warnings if "glossary" in p.message]
    assert str(warning).startswith(
        "mkdocs.yml: warning: the menu (nav) does not list 'glossary/index.md', the page of evidence/glossary.yml"
    )
    assert "- Glossary: glossary/index.md" in warning.hint
    menu = starter / "mkdocs.yml"
    menu.write_text(menu.read_text(encoding="utf-8").replace("  # - Glossary:", "  - Glossary:"), encoding="utf-8")
    assert not [p for p in pipeline.check(starter).problems if "glossary" in p.message]


def test_the_starter_leaves_the_abbreviations_file_out_of_the_site(starter):
    import pathspec

    text = (starter / "mkdocs.yml").read_text(encoding="utf-8")
    excluded = re.search(r"^exclude_docs: \|\n((?:  .*\n)+)", text, re.M)
    assert excluded
    spec = pathspec.GitIgnoreSpec.from_lines(line.strip() for line in excluded.group(1).splitlines())
    assert spec.match_file("glossary/abbreviations.md") and not spec.match_file("glossary/index.md")


def test_theme_headings_are_neutral_by_default_and_set_in_guide_yml(starter):
    pages = generated(starter)
    assert "## What the evidence says" in pages["themes/handover.md"]
    assert "research" not in pages["themes/handover.md"].lower()
    assert "#what-the-evidence-says)" in pages["references/index.md"]

    def headings(data):
        data["sections"]["themes"] = {"headings": {"evidence": "What the studies found", "quotes": "Voices"}}

    edit_yaml(starter / "guide.yml", headings)
    pages = generated(starter)
    assert "## What the studies found" in pages["themes/handover.md"] and "## What works" in pages["themes/handover.md"]
    assert "#what-the-studies-found)" in pages["references/index.md"]


def audit_intro(pages: dict[str, str]) -> str:
    return next(line for line in pages["references/audit.md"].splitlines() if line.startswith("*Notes from"))


def test_the_audit_intro_says_only_what_the_counts_show(starter):
    intro = audit_intro(generated(starter))
    assert "finds no gaps" in intro
    assert not re.search(r"leaves out|never cites|differently|fit two", intro.split(":")[0])
    bib = starter / "evidence/references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{unused2020,\n  author = {Nobody, A.},\n  year = {2020},\n"
        "  title = {A work nothing cites}\n}\n",
        encoding="utf-8",
    )
    intro = audit_intro(generated(starter))
    assert "lists a work it never cites." in intro and "leaves out" not in intro and "finds no gaps" not in intro


def run_as(command: list[str], guide: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(command, cwd=guide, env=env, capture_output=True, text=True, check=False, timeout=600)


def test_hints_name_the_command_run_and_no_file_the_guide_lacks(starter):
    theme = starter / "evidence/themes/handover.yml"
    edit_yaml(theme, lambda data: data.update(summary=data["summary"] + " The XYZQ said so."))
    console = Path(sys.executable).parent / "evidence-guide"
    said = run_as([str(console), "check"], starter).stderr
    assert "evidence: warning: 1 plain-English warning in the content\n  Run 'evidence-guide lint'" in said
    assert "lint.yml" not in said and "python -m generator" not in said
    said = run_as([sys.executable, "-m", "generator", "check"], starter).stderr
    assert "Run 'python -m generator lint'" in said


def test_the_audit_page_and_new_files_speak_to_a_guide_with_an_installed_engine(starter):
    assert "`evidence-guide check` gives the same counts" in generated(starter)["references/audit.md"]
    made = run_as([str(Path(sys.executable).parent / "evidence-guide"), "new", "checklist", "managers"], starter)
    assert made.returncode == 0, made.stderr
    text = (starter / "checklists/managers.yml").read_text(encoding="utf-8")
    assert "$schema" not in text and "README" not in text and "Practice implications" not in text
    assert "'evidence-guide check' warns" in text
    assert pipeline.check(starter).errors == []


def test_the_printed_checklist_labels_theme_names_as_what_they_are(starter):
    outcome = pipeline.check(starter)
    (checklist,) = outcome.guide.checklists
    (product,) = [
        p for p in pdf.products(outcome.guide, "", "", "", read_history(starter)) if p.name == "checklist-carers"
    ]
    html = unescape(product.html(1.0))
    item = checklist.items[0]
    assert f"— from: {', '.join(theme.title for theme in item.themes)}</li>" in html
    assert "why:" not in html
