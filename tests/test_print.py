"""The printables: real PDFs opened with pypdf, one page where promised, every item on paper."""

from __future__ import annotations

import re

from pypdf import PdfReader

from generator import pipeline


def pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def squash(text: str) -> str:
    """Compare text as words only: PDF extraction breaks lines and may drop spacing."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_every_checklist_prints_on_one_page_with_every_item(built_site, guide):
    for checklist in guide.checklists:
        path = built_site / "site/print" / f"checklist-{checklist.id}.pdf"
        pages, text = pdf_text(path)
        assert pages == 1, f"{path.name} has {pages} pages"
        flat = squash(text)
        for item in checklist.items:
            assert squash(item.text) in flat, (checklist.id, item.text)
        assert squash(f"Checklist for {checklist.role}") in flat
        order = [flat.index(squash(moment.title)) for moment in checklist.moments]
        assert order and order == sorted(order), (checklist.id, "moments on the page, in order")
        assert "built" in text.lower() and squash(f"roles/{checklist.id}.html") in flat
        assert squash("Content last changed") in flat and squash(checklist.source.year_text) in flat


def test_the_meeting_sheet_is_one_page_with_its_tips_and_spaces(built_site, guide):
    pages, text = pdf_text(built_site / "site/print/meeting-sheet.pdf")
    assert pages == 1
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


def test_pdfs_are_reproducible_and_only_rewritten_when_changed(mini):
    outcome = pipeline.generate(mini)
    first = pipeline.export_print(mini, outcome)
    assert first.errors == [] and first.printed.written
    again = pipeline.export_print(mini, pipeline.generate(mini))
    assert again.printed.written == []


def test_a_hand_written_file_in_print_survives(mini):
    (mini / "docs/print").mkdir(parents=True)
    (mini / "docs/print/our-poster.pdf").write_bytes(b"%PDF-1.4 hand made")
    outcome = pipeline.export_print(mini, pipeline.generate(mini))
    assert outcome.errors == []
    assert (mini / "docs/print/our-poster.pdf").read_bytes() == b"%PDF-1.4 hand made"


def test_printables_laid_out_side_by_side_are_the_bytes_one_process_makes(monkeypatch, pools, real_outcome):
    """PDF export forks a worker per core; what it writes must not depend on that."""
    import os
    from datetime import date

    from generator import pdf
    from generator.history import History

    outcome = real_outcome
    made = pdf.products(outcome.guide, "Working Together", "", "1 January 2026", History(date(2026, 1, 1)))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    one_by_one = pdf.to_pdfs(made, [None] * len(made))
    assert pools == []
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    side_by_side = pdf.to_pdfs(made, [None] * len(made))
    assert pools == [(2,)]
    assert side_by_side == one_by_one
    # the kit is its four parts one after another, not laid out a second time
    pages = {product.name: count for product, (_, _, count) in zip(made, side_by_side, strict=True)}
    kit = next(product for product in made if product.joins)
    assert pages[kit.name] == sum(pages[name] for name in kit.joins)
    assert all(data.startswith(b"%PDF") for _, data, _ in side_by_side)
