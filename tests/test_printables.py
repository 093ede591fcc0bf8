"""The printables as a carer meets them: real PDFs (pypdf) and their HTML twins.

Clear print (body text at least 12 pt, 16 pt in large print), tagged PDFs (PDF/UA-1),
one sheet at most for a checklist, the meeting sheet one tap from where a carer starts,
and footers that give the page's full web address.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

FOOTER_TOP_PT = (12 * 1.1 + 2) / 25.4 * 72
"""The footer sits in the bottom page margin (at least 15.2 mm, _base.html.j2): text below this is the footer."""


@pytest.fixture(scope="module")
def built(built_site) -> Path:
    """The real guide built once for the session (tests/conftest.py); read, never changed."""
    return built_site


def text_sizes(path: Path, texts: list[str] | None = None) -> list[tuple[float, float, str]]:
    """(font size in pt, height above the page's foot in pt, text) for every piece of text;
    each page's whole text, as extract_text gives it, is added to `texts` if given."""
    found = []
    for page in PdfReader(path).pages:

        def visit(text, cm, tm, font, size, found=found):
            if not text.strip():
                return
            _, _, c, d, e, f = tm
            ca, cb, cc, cd, _, cf = cm
            scale = math.hypot(c * ca + d * cc, c * cb + d * cd)  # the vertical scale of text space
            y = e * cb + f * cd + cf
            found.append((round(size * scale, 2), y, text.strip()))

        text = page.extract_text(visitor_text=visit)
        if texts is not None:
            texts.append(text)
    return found


def test_every_pdf_is_tagged_with_language_and_title(built):
    pdfs = sorted((built / "site" / "print").glob("*.pdf"))
    assert len(pdfs) >= 14
    for path in pdfs:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root.get("/MarkInfo", {}).get("/Marked"), path.name
        assert "/StructTreeRoot" in root, path.name
        assert root.get("/Lang") == "en-GB", path.name  # guide.yml's language
        assert (reader.metadata or {}).get("/Title"), path.name
        assert root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"), path.name


def test_body_text_is_at_least_12_pt_and_16_in_large_print(built):
    smallest = {}
    for path in sorted((built / "site" / "print").glob("*.pdf")):
        sizes = text_sizes(path)
        body = [size for size, y, _ in sizes if y > FOOTER_TOP_PT]
        footer = [size for size, y, _ in sizes if y <= FOOTER_TOP_PT]
        assert body and footer, path.name
        smallest[path.stem] = min(body)
        floor = 16 if path.stem.endswith("-large-print") else 12
        assert min(body) >= floor - 0.01, f"{path.name}: text at {min(body)} pt"
        assert min(footer) >= floor - 0.01, f"{path.name}: footer at {min(footer)} pt"  # no small print
    assert {"checklist-carers-large-print", "meeting-sheet-large-print"} <= set(smallest)


def test_a_checklist_goes_front_and_back_rather_than_shrink(built):
    """The carers' checklist (19 items) does not fit one side at 12 pt: it takes two, at 12 pt."""
    pages = {path.stem: len(PdfReader(path).pages) for path in (built / "site" / "print").glob("checklist-*.pdf")}
    assert all(count <= 2 for name, count in pages.items() if not name.endswith("-large-print")), pages
    assert pages["checklist-carers"] == 2
    assert min(size for size, y, _ in text_sizes(built / "site/print/checklist-carers.pdf") if y > FOOTER_TOP_PT) == 12
    assert pages["checklist-gps"] == 1  # a short one stays on one side, in larger type
    assert min(size for size, y, _ in text_sizes(built / "site/print/checklist-gps.pdf") if y > FOOTER_TOP_PT) > 12


def test_footers_give_the_full_web_address_of_the_page(guide):
    from generator import pdf
    from generator.history import History

    made = pdf.products(
        guide, "Working Together", "https://guide.example.org/", "1 May 2026", History(date(2026, 5, 1))
    )
    html = {product.name: product.html(1.0) for product in made}
    assert "https://guide.example.org/roles/carers.html" in html["checklist-carers"]
    assert "https://guide.example.org/roles/carers.html" in html["checklist-carers-large-print"]
    assert "https://guide.example.org/print/meeting-sheet.html" in html["meeting-sheet"]
    assert "https://guide.example.org/print/workshop-kit.html" in html["workshop-kit"]
    _, data, _ = pdf.to_pdf(next(product for product in made if product.name == "checklist-gps"))
    import io

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "https://guide.example.org/roles/gps.html" in re.sub(r"\s+", "", text.replace(" · ", " "))


def test_printables_pages_fit_a_phone_and_lead_back_to_the_guide(built):
    for path in sorted((built / "site" / "print").glob("*.html")):
        if path.name.startswith("index"):
            continue
        html = path.read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html, path.name
        assert '<a href="../index.html">' in html and '<a href="index.html">' in html, path.name
        assert html.index('class="footer"') > 0


def test_the_meeting_sheet_is_one_tap_from_the_home_page_and_the_carers_checklist(built):
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    carers = (built / "site" / "roles" / "carers.html").read_text(encoding="utf-8")
    assert 'href="print/meeting-sheet.pdf"' in home and 'href="print/meeting-sheet-large-print.pdf"' in home
    assert (
        'href="../print/meeting-sheet.pdf"' in carers and 'href="../print/checklist-carers-large-print.pdf"' in carers
    )
    practitioners = (built / "site" / "roles" / "practitioners.html").read_text(encoding="utf-8")
    assert "meeting-sheet" not in practitioners  # only the checklist whose items feed the sheet
    assert "nothing is sent anywhere" in carers


def pdf_words(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_two_hour_plan_prints_its_running_order_notes_and_ground_rules(built, guide):
    plan = next(plan for plan in guide.workshop.plans if plan.minutes == 120)
    text = pdf_words(built / "site" / "print" / f"{plan.name}.pdf")
    for start, step in zip(plan.starts(), plan.steps, strict=True):
        assert start in text
        assert step.notes.split(".")[0][:40] in text, step.what
    assert "2 hours, with a 10-minute break" in text
    assert "guide editors' suggestions" in text  # the plan is ours, not the report's
    assert "Ground rules" in text and "Confidentiality" in text and "Materials" in text
    kit = pdf_words(built / "site" / "print" / "workshop-kit.pdf")
    assert "Two-hour session plan" in kit and "Half-day session plan" in kit
    index = (built / "site" / "print" / "index.html").read_text(encoding="utf-8")
    assert f'href="{plan.name}.pdf"' in index


def test_theme_cards_fill_a_page_each_and_start_at_a_top_heading(built, tmp_path):
    from generator import pipeline

    guide = pipeline.check(built).guide
    cards = built / "site" / "print" / "workshop-theme-cards"
    assert len(PdfReader(cards.with_suffix(".pdf")).pages) == len(guide.themes)
    html = cards.with_suffix(".html").read_text(encoding="utf-8")
    headings = re.findall(r"<h([1-6])[ >]", html)
    assert headings[:2] == ["1", "2"]  # the page opens with h1, then each card has its h2
    assert "For the table" in pdf_words(cards.with_suffix(".pdf"))


def test_the_follow_up_form_reads_as_a_blank_form(built):
    from generator import pipeline

    report = pipeline.check(built).guide.report
    text = pdf_words(built / "site" / "print" / "workshop-follow-up.pdf")
    assert "given below" not in text and " ".join(report.follow_up.split()) not in text
    assert "look back at the action you chose" in text
