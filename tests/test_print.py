"""The printables: real PDFs opened with pypdf, one page where promised, every item on paper."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pipeline
from generator.session import Session
from tests.helpers import ROOT, copy_project


def pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def squash(text: str) -> str:
    """Compare text as words only: PDF extraction breaks lines and may drop spacing."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_every_checklist_prints_on_one_sheet_with_every_item(built_site, guide):
    """One side where 12 pt type allows, else front and back: never more than one sheet."""
    for checklist in guide.checklists:
        path = built_site / "site/print" / f"checklist-{checklist.id}.pdf"
        pages, text = pdf_text(path)
        assert pages <= 2, f"{path.name} has {pages} pages"
        flat = squash(text)
        for item in checklist.items:
            assert squash(item.text) in flat, (checklist.id, item.text)
        assert squash(f"Checklist for {checklist.role}") in flat
        order = [flat.index(squash(moment.title)) for moment in checklist.moments]
        assert order and order == sorted(order), (checklist.id, "moments on the page, in order")
        assert "built" in text.lower() and squash(f"roles/{checklist.id}.html") in flat
        assert squash("Content last changed") in flat and squash(checklist.source.year_text) in flat


def test_the_meeting_sheet_is_one_sheet_with_its_tips_and_spaces(built_site, guide):
    pages, text = pdf_text(built_site / "site/print/meeting-sheet.pdf")
    assert pages <= 2
    flat = squash(text)
    tagged = [item for checklist in guide.checklists for item in checklist.items if item.meeting_sheet]
    assert len(tagged) >= 8
    for item in tagged:
        assert squash(item.text) in flat, item.text
    for heading in (
        "Who I met",
        "What we agreed, and who gets a copy",
        "Back-up if things get difficult",
        "Next review date",
        "Contacts to share",
        "Questions worth asking",
    ):
        assert squash(heading) in flat


def test_the_workshop_kit_has_plan_cards_action_sheet_and_follow_up(built_site, guide):
    pages, text = pdf_text(built_site / "site/print/workshop-kit.pdf")
    flat = squash(text)
    assert pages >= 2 + len(guide.themes)
    for question in guide.report.workshop_questions:
        assert squash(question) in flat
    for theme in guide.themes:
        for item in theme.what_works + theme.what_doesnt_work:
            assert squash(item.text) in flat, (theme.id, item.text)
    for heading in ("Session plan", "My action plan", "Two months on"):
        assert squash(heading) in flat


def test_role_pages_link_their_pdf_and_the_printables_page_lists_all(built_site, guide):
    for checklist in guide.checklists:
        html = (built_site / "site/roles" / f"{checklist.id}.html").read_text(encoding="utf-8")
        assert f'href="../print/checklist-{checklist.id}.pdf"' in html
    index = (built_site / "site/print/index.html").read_text(encoding="utf-8")
    for name in ("meeting-sheet", "workshop-kit", "workshop-theme-cards", "workshop-action-plan", "workshop-follow-up"):
        assert f'href="{name}.pdf"' in index and f'href="{name}.html"' in index


def test_a_hand_written_file_in_print_survives(mini):
    (mini / "docs/print").mkdir(parents=True)
    (mini / "docs/print/our-poster.pdf").write_bytes(b"%PDF-1.4 hand made")
    outcome = pipeline.export_print(mini, pipeline.generate(mini))
    assert outcome.errors == []
    assert (mini / "docs/print/our-poster.pdf").read_bytes() == b"%PDF-1.4 hand made"


def cold_print(target: Path, cpus: set[int], session: Session) -> dict[str, bytes]:
    """Generate and print the real guide in a fresh copy (nothing made before, nothing
    remembered: `session` is new) with this process allowed onto `cpus` only; docs/ as
    file -> bytes."""
    root = copy_project(ROOT, target)
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)  # the generator starts a worker per core it may use
    try:
        generated = pipeline.generate(root, session=session)
        printed = pipeline.export_print(root, generated, session=session)
    finally:
        os.sched_setaffinity(0, allowed)
    assert generated.errors == [] and printed.errors == [] and printed.written and printed.written.written
    docs = root / "docs"
    return {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to compare one worker with two")
def test_two_cold_builds_one_on_one_core_one_on_two_make_the_same_bytes(
    tmp_path, monkeypatch, guide, built_site, build_epoch
):
    """PDFs are reproducible, and laying them out side by side (a worker per core) changes
    no byte of them nor of any page: two cold builds compared file by file. One is the
    session's build (tests/conftest.py: a fresh copy, `build` run on every core this process
    may use), the other is made here on one core, with the same date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", build_epoch)
    cpus = sorted(os.sched_getaffinity(0))
    session = Session()  # in memory, empty: this build is cold; the second run below reuses it
    one = cold_print(tmp_path / "one", {cpus[0]}, session)
    docs = built_site / "docs"
    two = {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    # A second run rewrites nothing. It takes the PDFs laid out above from the session (the
    # two cold builds already showed that laying them out again gives the same bytes).
    again = pipeline.export_print(
        tmp_path / "one", pipeline.generate(tmp_path / "one", session=session), session=session
    )
    assert again.written and again.written.written == [], "a second run rewrote unchanged printables"
    pdfs = {name for name in one if name.endswith(".pdf")}
    assert {f"print/checklist-{checklist.id}.pdf" for checklist in guide.checklists} <= pdfs
    assert {"print/meeting-sheet.pdf", "print/workshop-kit.pdf"} <= pdfs
    # the kit is its parts, page for page: every other workshop printable
    pages = {name: len(PdfReader(tmp_path / "one/docs" / name).pages) for name in pdfs}
    kit = pages.pop("print/workshop-kit.pdf")
    assert kit == sum(count for name, count in pages.items() if name.startswith("print/workshop-"))
