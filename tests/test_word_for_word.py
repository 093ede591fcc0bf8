"""`check` looks up what a guide gives as its sources' own words in the documents' texts:
quotations, what works and what doesn't, checklist items not marked adapted, tips, key
figures and the sentences claims restate. An editor's slip is a warning at its file and
line, for any guide that keeps its texts (sources.yml `folder:`, `sources/` by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.verbatim import found_in
from tests.helpers import ROOT, edit_once, run_main, started_guide


@pytest.fixture
def starter(tmp_path) -> Path:
    return started_guide(tmp_path)


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _warnings(root: Path) -> list[str]:
    checked = run_main("--root", str(root), "check", cwd=ROOT)
    assert checked.returncode == 0, checked.stderr
    return [line for line in checked.stderr.splitlines() if "word for word" in line]


def test_the_starter_guide_is_word_for_word(starter):
    assert _warnings(starter) == []


def test_a_changed_quotation_and_a_changed_item_are_named_at_their_lines(starter):
    theme = starter / "evidence" / "themes" / "planning-ahead.yml"
    edit_once(theme, "and I am the one doing the caring.", "and I am the one who cares.")
    edit_once(theme, "  - A named person to ring in the first week", "  - A named person to call in the first week")
    checklist = starter / "checklists" / "carers.yml"
    edit_once(checklist, "ask what each one is for", "ask what each is for")
    item, works, quote = _line(checklist, "ask what each is for"), _line(theme, "to call in"), _line(theme, "who cares")
    said = "is not word for word in document 'listening-event'"
    texts = (
        "'Write down any changes to medicines and ask what each is for'",
        "'A named person to call in the first week'",
        "'I was the last to know, and I am the one who cares.'",
    )
    assert _warnings(starter) == [
        f"checklists/carers.yml:{item}: warning: the checklist item {said}: {texts[0]}",
        f"evidence/themes/planning-ahead.yml:{works}: warning: a 'what works' item {said}: {texts[1]}",
        f"evidence/themes/planning-ahead.yml:{quote}: warning: the quotation {said}: {texts[2]}",
    ]
    edit_once(checklist, "ask what each is for\n", "ask what each is for\n    wording: adapted\n")
    assert len(_warnings(starter)) == 2, "an item marked adapted is our words"


def test_the_check_is_at_the_source_the_item_names(starter):
    """An item with a source of its own is looked up there, not in its checklist's."""
    (starter / "sources" / "leaflet.txt").write_text("Keep a list of the medicines.\n", encoding="utf-8")
    with (starter / "evidence" / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write("  - id: leaflet\n    file: leaflet.txt\n    title: A leaflet\n    publisher: A centre\n")
    checklist = starter / "checklists" / "carers.yml"
    with checklist.open("a", encoding="utf-8") as items:
        items.write("  - text: Keep a list of the medicines\n    themes: [planning-ahead]\n")
    assert len(_warnings(starter)) == 1, "in the checklist's document it is not"
    with checklist.open("a", encoding="utf-8") as items:
        items.write("    source: {document: leaflet, section: Medicines}\n")
    assert _warnings(starter) == []


def test_a_guide_without_its_texts_is_told_once_per_missing_text(starter):
    sources = starter / "evidence" / "sources.yml"
    edit_once(sources, "    file: listening-event.txt", "    file: listening-events.txt")
    missing = (
        f"evidence/sources.yml:{_line(sources, 'listening-events.txt')}: warning: the text of document"
        " 'listening-event' is not in sources/ ('listening-events.txt'), so its quotations are not checked"
        " word for word"
    )
    assert _warnings(starter) == [missing]
    edit_once(sources, "listening-events.txt", "../guide.yml")
    assert len(_warnings(starter)) == 1, "a file name, never a path out of the folder"
    edit_once(sources, "documents:", "folder: texts\ndocuments:")
    no_folder = (
        f"evidence/sources.yml:{_line(sources, 'folder: texts')}: warning: folder 'texts' is not there, so no"
        " quotation is checked word for word"
    )
    assert _warnings(starter) == [no_folder]


@pytest.mark.parametrize(
    ("said", "found"),
    [
        ("I was the last to know", True),
        ("i was the LAST to know.", True),  # case, and a full stop of the editor's
        ("I was the last … doing the caring", True),  # an omission marked
        ("I was the last ... doing the caring", True),
        ("doing the caring … I was the last", False),  # out of order
        ("I was the first to know", False),
        ("I was   the last\nto know", True),  # white space as YAML folds it
        ("I was the last to know &amp; more", False),
    ],
)
def test_what_counts_as_word_for_word(said, found):
    source = " ".join('One carer said: "I was the last to know, and I am the one doing the caring."'.split()).casefold()
    assert found_in(said, source) is found


def test_working_together_is_word_for_word(real_guide_copy, real_outcome):
    """Its texts are in ../shared/sources (sources.yml `folder:`), beside the copy as beside the checkout."""
    assert (real_guide_copy / "../shared/sources/002_56c5e6398d34069d.txt").is_file()
    assert [str(p) for p in real_outcome.warnings if "word for word" in p.message] == []
    third = pipeline.check(ROOT / "tests/fixtures/guides/self-directed-support")  # its texts in its sources/
    assert [str(p) for p in third.warnings if "word for word" in p.message] == []
