"""Printable products: the role checklists, the carer's meeting sheet and the workshop kit.

Each product is an HTML page rendered from templates/print/ (autoescaped: text from the
content is always text) and a PDF made from that same HTML by WeasyPrint, with local
fonts only. Checklists and the meeting sheet must fit one A4 page: when they do not, the
type is scaled down a step at a time, never the content cut.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.history import History, currency
from generator.model import Guide
from generator.parallel import forked_map
from generator.render import page_inputs

TEMPLATES = Path(__file__).parent / "templates"
PRINT_FOLDER = "print"
GENERATOR_NAME = "Working Together generator"
"""Written into every HTML and PDF product; how the writer knows a file is its own."""
ONE_PAGE_SCALES = (1.25, 1.15, 1.05, 1.0, 0.94, 0.88, 0.82, 0.76, 0.7)
WORKSHOP_TIMINGS = ("10 min", "15 min", "30 min", "25 min", "20 min", "15 min")

MEETING_SHEET = (
    # (section key in checklists, heading, kind, rows, columns)
    ("bring", "Before the meeting: bring", "ticks", 0, ()),
    ("people", "Who I met", "table", 3, ("Name", "Job title", "Phone or email")),
    ("agreed", "What we agreed, and who gets a copy", "lines", 3, ()),
    ("back-up", "Back-up if things get difficult", "lines", 2, ()),
    ("review", "Next review date", "lines", 1, ()),
    ("contacts", "Contacts to share", "lines", 2, ()),
    ("ask", "Questions worth asking", "ticks", 0, ()),
)


@dataclass
class Product:
    """One printable: its HTML, and whether its PDF must fit on one page."""

    name: str
    """File name without extension, under docs/print/."""
    title: str
    html_for_scale: Callable[..., str]
    """The HTML at a scale (1.0 is full size), with the content key in its metadata."""
    one_page: bool
    joins: tuple[str, ...] = ()
    """Products whose PDFs, one after another, make this one's (the workshop kit is its four
    parts): laid out once, not twice, which on a large guide saves hundreds of card pages."""


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A non-breaking hyphen looks the same on paper and keeps "front-line" whole. (The
    # checklist's "why" pointer is plain text, not a styled span: WeasyPrint 70 can break a
    # line after its first word when an item's text runs into an inline span.)
    env.filters["keep_hyphens"] = lambda text: re.sub(r"(?<=\w)-(?=\w)", "\u2011", str(text))
    return env


def products(guide: Guide, site_name: str, site_url: str, built: str, history: History) -> list[Product]:
    """Every printable of the guide, in a stable order."""
    env = _environment()
    css = Markup((TEMPLATES / "print" / "print.css").read_text(encoding="utf-8"))
    report = guide.report

    def from_source(source) -> str:
        document = guide.documents.get(source.document, {})
        return f"From {document.get('title', source.title)} ({document.get('publisher', '')}, {source.year_text})"

    inputs = page_inputs(guide)

    def page(template: str, title: str, online: str, description: str, source=report.source, files=(), **values):
        """`files`: the content files the printout is drawn from, as for the web page of the same."""
        source_note = from_source(source)
        changed = currency(files, [source], history).changed
        address = (site_url.rstrip("/") + "/" + online) if site_url else f"Online: {online} in the {site_name} guide"
        common = {
            "css": css,
            "title": title,
            "built": built,
            "changed": changed,
            "address": address,
            "source_note": source_note,
            "guide_name": site_name,
            "generator_name": GENERATOR_NAME,
            "description": description,
            "report": report,
        }
        return lambda scale, key="": env.get_template(template).render(scale=scale, content_key=key, **common, **values)

    made = []
    for checklist in guide.checklists:
        made.append(
            Product(
                f"checklist-{checklist.id}",
                f"Checklist for {checklist.role}",
                page(
                    "print/checklist.html.j2",
                    f"Checklist for {checklist.role}",
                    f"roles/{checklist.id}.html",
                    checklist.audience,
                    source=checklist.source,
                    files=inputs[checklist.url][0],
                    checklist=checklist,
                ),
                one_page=True,
            )
        )
    carers = [item for checklist in guide.checklists for item in checklist.items if item.meeting_sheet]
    if carers:
        sections = []
        for key, heading, kind, rows, columns in MEETING_SHEET:
            items = [item for item in carers if item.meeting_sheet == key]
            sections.append(
                {
                    "heading": heading,
                    "kind": kind,
                    "rows": rows,
                    "columns": columns,
                    "prompts": [] if kind == "ticks" else items,
                    "ticks": items if kind == "ticks" else [],
                }
            )
        made.append(
            Product(
                "meeting-sheet",
                "My meeting sheet",
                page(
                    "print/meeting-sheet.html.j2",
                    "My meeting sheet",
                    "print/index.html",
                    "A one-page sheet for carers to take into a meeting.",
                    sections=sections,
                    files=sorted({path for item in carers for path in inputs[f"roles/{item.role_id}.md"][0]}),
                ),
                one_page=True,
            )
        )
    action_questions = [q for q in report.workshop_questions if "action" in q.lower()]
    kit = {"themes": guide.themes, "timings": WORKSHOP_TIMINGS, "action_questions": action_questions}
    parts_of_kit = ("workshop-session-plan", "workshop-theme-cards", "workshop-action-plan", "workshop-follow-up")
    for name, title, parts in (
        ("workshop-session-plan", "Workshop session plan", ["plan"]),
        ("workshop-theme-cards", "Workshop theme cards", ["cards"]),
        ("workshop-action-plan", "Personal action plan", ["action"]),
        ("workshop-follow-up", "Two-month follow-up", ["follow-up"]),
        ("workshop-kit", "Workshop kit", ["plan", "cards", "action", "follow-up"]),
    ):
        made.append(
            Product(
                name,
                title,
                page(
                    "print/workshop-kit.html.j2",
                    title,
                    f"print/{name}.html",
                    "A trainer's kit for a workshop on working together.",
                    files=inputs["themes/index.md"][0] + inputs["report/index.md"][0],
                    parts=parts,
                    **kit,
                ),
                one_page=False,
                joins=parts_of_kit if name == "workshop-kit" else (),
            )
        )
    return made


def content_key(product: Product) -> str:
    """A fingerprint of what the product says, stored in its PDF to skip unchanged work."""
    return "wt-content-" + hashlib.sha256(product.html_for_scale(1.0).encode("utf-8")).hexdigest()[:32]


def to_pdfs(made: list[Product], previous: list[tuple[str, bytes] | None]) -> list[tuple[str, bytes, int]]:
    """`to_pdf` for every product, in order; side by side on a machine with several cores
    (WeasyPrint lays out on one core, and a large guide has hundreds of checklists). A product
    that joins others is made from their PDFs afterwards."""
    laid_out = [index for index, product in enumerate(made) if not product.joins]
    results = dict(
        zip(
            laid_out,
            _lay_out([made[index] for index in laid_out], [previous[index] for index in laid_out]),
            strict=True,
        )
    )
    by_name = {product.name: results[index] for index, product in enumerate(made) if index in results}
    for index, product in enumerate(made):
        if product.joins:
            results[index] = _joined(product, [by_name[name][1] for name in product.joins], previous[index])
    return [results[index] for index in range(len(made))]


def _lay_out(made: list[Product], previous: list) -> list[tuple[str, bytes, int]]:
    """`to_pdf` for each product, a worker per core once there are a few; the workshop documents first."""
    jobs = list(zip(made, previous, strict=True))
    if len(made) < 4:
        return [to_pdf(product, before) for product, before in jobs]
    return forked_map(
        lambda job: to_pdf(*job), jobs, first=[index for index, product in enumerate(made) if not product.one_page]
    )


def _joined(product: Product, parts: list[bytes], previous: tuple[str, bytes] | None) -> tuple[str, bytes, int]:
    """The product's HTML, and its PDF made of its parts' PDFs one after another (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    key = content_key(product)
    html = product.html_for_scale(1.0, key)
    if previous is not None and _metadata(previous[1]).get("/Keywords") == key:
        return previous[0], previous[1], _page_count(previous[1])
    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    writer.add_metadata(_metadata(parts[0]) | {"/Title": product.title, "/Creator": GENERATOR_NAME, "/Keywords": key})
    stream = io.BytesIO()
    writer.write(stream)
    return html, stream.getvalue(), len(writer.pages)


def to_pdf(product: Product, previous: tuple[str, bytes] | None = None) -> tuple[str, bytes, int]:
    """The product's HTML and PDF, scaled to one page when it must be; and its page count.

    `previous` is the HTML and PDF written last time: when the PDF carries the same
    content key, both are reused as they are, and WeasyPrint is not run at all.
    """
    key = content_key(product)
    if previous is not None:
        html, data = previous
        info = _metadata(data)
        if info.get("/Keywords") == key:
            return html, data, int(info.get("/wt-pages", 0)) or _page_count(data)
    from weasyprint import HTML  # imported here: `check` and `generate` never need it

    scales = ONE_PAGE_SCALES if product.one_page else (1.0,)
    for scale in scales:
        html = product.html_for_scale(scale, key)
        document = HTML(string=html).render()
        if len(document.pages) == 1 or not product.one_page:
            break
    return html, document.write_pdf(), len(document.pages)


def _metadata(data: bytes) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return dict(PdfReader(io.BytesIO(data)).metadata or {})
    except (PdfReadError, ValueError, OSError):
        return {}


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def is_own_pdf(data: bytes) -> bool:
    return _metadata(data).get("/Creator") == GENERATOR_NAME
