"""The editors' layer and the other sources' voices (issue 15, parts 3 and 4): marked as
ours, never mixed with the sources' words, citing current sources that are not the report's."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from tests.helpers import ROOT, SOURCES, render_guide


def flat(text: str) -> str:
    return " ".join(unescape(text).split())


SOURCE_TEXT = {path.name[:3]: flat(path.read_text(encoding="utf-8")) for path in SOURCES.glob("0*.txt")}


@pytest.fixture(scope="module")
def pages(guide):
    return render_guide(guide)


def test_every_theme_and_role_page_has_a_dated_editors_note_on_today(guide):
    holders = [(theme.id, theme.present_day) for theme in guide.themes]
    holders += [(checklist.id, checklist.present_day) for checklist in guide.checklists]
    for holder, notes in holders:
        assert notes, holder
        for note in notes:
            assert datetime.date.fromisoformat(note.checked) <= datetime.date.today(), holder
            for key in note.cites:
                reference = guide.references[key]
                assert reference.listed_in == ["editors"], (holder, key)
                assert "editors" in reference.fields["sources"]


def test_the_editors_layer_is_marked_and_apart_from_the_sources_words(pages):
    for name in ["themes/recognition.md", "roles/carers.md", "roles/leaders.md"]:
        page = pages[name]
        assert '!!! abstract "A note from the guide\'s editors, not from the source"' in page, name
        layer = page.split("## The law and guidance today", 1)[1]
        assert "Care Act 2014" in layer or "NICE" in layer
        assert "Checked 20" in layer
    references = "".join(text for name, text in pages.items() if name.startswith("references/index"))
    editors = references.split("## Added by the guide's editors", 1)[1]
    assert "{: #careact2014 .wt-reference }" in editors and "{: #nice2020 .wt-reference }" in editors
    before = references.split("## Added by the guide's editors", 1)[0]
    assert "#careact2014 " not in before


def test_no_invented_recommendation_numbers(guide):
    notes = [note.text for theme in guide.themes for note in theme.present_day]
    notes += [note.text for checklist in guide.checklists for note in checklist.present_day]
    for text in notes:
        assert not re.search(r"recommendation \d|\b1\.\d+\.\d+", text), text
        assert "“" not in text or "regular and substantial" in text  # no quotations put in NICE's mouth


def test_the_old_source_box_names_what_has_changed(pages):
    page = pages["themes/systems.md"]
    box = page.split('!!! note "From a source more than ten years old"', 1)[1].split("\n\n", 1)[0]
    assert "Care Act 2014" in box and "NG150" in box
    assert "may have changed since" not in box


def test_other_authors_are_attributed_and_restate_their_source(guide, pages):
    voices = [(theme, voice) for theme in guide.themes for voice in theme.other_voices]
    authors = {voice.author.split(",")[0] for _, voice in voices}
    assert {"Alex Fox", "Sue Yeandle", "Catherine Needham", "Alex Marsh", "Liz O’Rourke"} <= authors
    assert sum(voice.caution for _, voice in voices) >= 3  # the cautions that cut against the guide
    for theme, voice in voices:
        assert voice.restates, (theme.id, voice.text[:40])
        for sentence in voice.restates:
            assert flat(sentence) in SOURCE_TEXT[voice.source.document], (theme.id, sentence[:50])
    page = pages["themes/systems.md"]
    assert "**Alex Marsh, Management Board, Policy &amp; Politics** (Policy Press blog: “Policy" in page
    assert "*a caution*" in page


def test_home_and_how_to_use_say_where_each_part_comes_from():
    for name in ("index.md", "how-to-use.md"):
        text = " ".join((ROOT / "docs" / name).read_text(encoding="utf-8").split())
        assert "Everything here is drawn from the" not in text
        for source in ("Debbie Sorkin", "Community Care", "Policy Press", "Care Act 2014"):
            assert source in text, (name, source)
