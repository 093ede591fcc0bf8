"""Printable products: the role checklists, the meeting sheet and the workshop kit (guide.yml, print).

Each product is an HTML page rendered from templates/print/ (autoescaped: text from the
content is always text) and a PDF made from that same HTML by WeasyPrint, with local
fonts only. No text is smaller than 12 pt (RNIB's clear print minimum; the large-print
versions 16 pt), the footer included: it gives only the page's address, and the source and
dates stand once, at the end. Checklists and the meeting sheet aim for one side of A4: a
larger type is tried first and stepped down to the body size, and what does not fit one
side then goes front and back: the type never shrinks further, the content is never cut.
Every PDF is tagged (PDF/UA-1: structure tree, /MarkInfo, language, title).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, overload

from jinja2 import Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator import workshop
from generator.history import History, currency
from generator.model import Guide
from generator.names import GENERATOR_NAME
from generator.parallel import each_in_workers
from generator.render import CompiledTemplates, own_templates, page_inputs, template_loader, template_values
from generator.session import Session

ONE_PAGE_SCALES = (1.2, 1.1, 1.0)
"""Type sizes tried, as multiples of the body size, for a product that aims at one side:
never below 1.0."""
BODY_PT = 12
"""RNIB's clear print minimum: no text of a printable's body is smaller."""
LARGE_PRINT_PT = 16
PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF by WeasyPrint: a structure tree, /MarkInfo, /Lang from <html lang>, the title shown."""


@dataclass(frozen=True)
class Page:
    """A printable's HTML as data: the template of templates/print/ and the values it is given."""

    template: str
    values: dict[str, Any]
    own_templates: str = ""
    """The guide's templates folder, whose files replace the built-in ones ('' for none)."""
    """Plain, picklable data (text, numbers, the model's records): no functions, no modules."""


@dataclass(frozen=True)
class Product:
    """One printable: what it says, as a template and its values, and whether it aims at one page."""

    name: str
    """File name without extension, under docs/print/."""
    title: str
    page: Page
    one_page: bool
    """Aims at one side of A4: larger type first, down to the body size; else front and back."""

    def html(self, scale: float, key: str = "") -> str:
        """The HTML at a scale (1.0 is full size), with the content key in its metadata."""
        return (
            _environment(self.page.own_templates)
            .get_template(self.page.template)
            .render(scale=scale, content_key=key, **self.page.values)
        )


def _keep_hyphens(text) -> Markup:
    """The text escaped, each hyphenated word in a span that does not wrap."""
    escaped = str(Markup.escape(str(text)))
    return Markup(re.sub(r"\w+(?:-\w+)+", lambda word: f'<span class="nobreak">{word.group()}</span>', escaped))


COMPILED_PRINT = CompiledTemplates()
"""The print templates' compiled code, shared by the environments of every guide."""


@cache
def _environment(own: str = "") -> Environment:
    """The print templates' environment, made once per process (a worker makes its own);
    `own` is the guide's templates folder, whose files replace the built-in ones."""
    env = Environment(
        loader=template_loader(own),
        bytecode_cache=COMPILED_PRINT,
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Hyphenated words ("front-line", "day-to-day") are kept whole on a line by a no-wrap
    # span around an ordinary hyphen, so that copied or searched text has the hyphen a
    # reader typed, not U+2011. (The checklist's "why" pointer is plain text, not a styled
    # span: WeasyPrint 70 can break a line after its first word when an item's text runs
    # into an inline span.)
    env.tests["shorter_than"] = lambda text, length: len(text) < length
    env.filters["keep_hyphens"] = _keep_hyphens
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    env.globals["duration"] = workshop.duration  # a function is not data: a global, not a value
    return env


def products(guide: Guide, site_name: str, site_url: str, built: str, history: History) -> list[Product]:
    """Every printable of the guide, in a stable order."""
    config = guide.config
    own = own_templates(config)
    env = _environment(own)
    css = Markup(env.loader.get_source(env, "print/print.css")[0] if env.loader else "")
    report = guide.report
    site_name = config.name or site_name

    def from_source(source) -> str:
        document = guide.documents.get(source.document, {})
        by = f" by {document['author']}" if document.get("author") else ""
        return f"From {document.get('title', source.title)}{by} ({document.get('publisher', '')}, {source.year_text})"

    inputs = page_inputs(guide)

    def page(
        template: str,
        title: str,
        online: str,
        description: str,
        sources=(),
        files=(),
        body_pt=BODY_PT,
        **values,
    ):
        """`files`: the content files the printout is drawn from, as for the web page of the same."""
        sources = list(sources) or [report.source if report else guide.themes[0].source]
        source_note = "; ".join(from_source(source) for source in sources)
        changed = currency(files, sources, history, config.language).changed
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
            "body_pt": body_pt,
            "site_name": site_name,
            "language": config.language,
            "guide": guide,
            "config": config,
            **template_values(guide),
        }
        return Page(template, common | values, own)

    made = []
    for checklist in guide.checklists:
        # A checklist a person carries (guide.yml's print, large_print) also comes in large print.
        large = checklist.id in config.large_print
        for suffix, title_suffix, body_pt in [("", "", BODY_PT)] + (
            [("-large-print", " (large print)", LARGE_PRINT_PT)] if large else []
        ):
            made.append(
                Product(
                    f"checklist-{checklist.id}{suffix}",
                    f"Checklist for {checklist.role}{title_suffix}",
                    page(
                        f"print/{config.checklist_template}",
                        f"Checklist for {checklist.role}{title_suffix}",
                        f"roles/{checklist.id}.html",
                        checklist.audience,
                        sources=checklist.sources,
                        files=inputs[checklist.url][0],
                        body_pt=body_pt,
                        checklist=checklist,
                    ),
                    one_page=not suffix,
                )
            )
    sheet = config.meeting_sheet
    fed = [item for checklist in guide.checklists for item in checklist.items if item.meeting_sheet]
    if sheet is not None and fed:
        sections = []
        for slot in sheet.slots:
            items = [item for item in fed if item.meeting_sheet == slot.id]
            sections.append(
                {
                    "heading": slot.heading,
                    "kind": slot.kind,
                    "rows": slot.rows,
                    "columns": slot.columns,
                    "prompts": [] if slot.kind == "ticks" else items,
                    "ticks": items if slot.kind == "ticks" else [],
                }
            )
        sizes = [("", "", BODY_PT)] + (
            [("-large-print", " (large print)", LARGE_PRINT_PT)] if sheet.large_print else []
        )
        for suffix, title_suffix, body_pt in sizes:
            made.append(
                Product(
                    f"meeting-sheet{suffix}",
                    f"{sheet.title}{title_suffix}",
                    page(
                        f"print/{sheet.template}",
                        f"{sheet.title}{title_suffix}",
                        f"print/meeting-sheet{suffix}.html",
                        sheet.description,
                        body_pt=body_pt,
                        sections=sections,
                        sheet=sheet,
                        files=sorted({path for item in fed for path in inputs[f"roles/{item.role_id}.md"][0]}),
                    ),
                    one_page=sheet.one_side and not suffix,
                )
            )
    kit_words = guide.workshop
    if config.workshop is None or report is None or kit_words is None:
        return made
    action_questions = [q for q in report.workshop_questions if "action" in q.lower()]
    kit = {
        "themes": guide.themes,
        "action_questions": action_questions,
        "workshop": kit_words,
        "cards_for": {
            perspective.id: [theme for theme in guide.themes if theme.perspective == perspective.id]
            for perspective in config.perspectives
        },
    }
    plans = list(kit_words.plans)
    for name, title, parts, shown in (
        *((plan.name, f"Workshop: {plan.title.lower()}", ["plan"], [plan]) for plan in plans),
        ("workshop-theme-cards", "Workshop theme cards", ["cards"], []),
        ("workshop-action-plan", "Personal action plan", ["action"], []),
        ("workshop-follow-up", "Two-month follow-up", ["follow-up"], []),
        ("workshop-kit", "Workshop kit", ["plan", "cards", "action", "follow-up"], plans),
    ):
        made.append(
            Product(
                name,
                title,
                page(
                    f"print/{config.workshop.template}",
                    title,
                    f"print/{name}.html",
                    config.workshop.description,
                    files=inputs["themes/index.md"][0] + inputs["report/index.md"][0] + [kit_words.path],
                    parts=parts,
                    plans=shown,
                    **kit,
                ),
                one_page=False,
            )
        )
    return made


def content_key(product: Product) -> str:
    """A fingerprint of what the product says, written into its metadata (keywords)."""
    return "wt-content-" + hashlib.sha256(product.html(1.0).encode("utf-8")).hexdigest()[:32]


FEW = 4
"""Printables to lay out before it pays to start a worker per core."""


@dataclass(frozen=True)
class Layout:
    """What a worker lays out: a product's HTML at each scale to try, in order (plain text)."""

    html_by_scale: tuple[str, ...]
    one_page: bool


def layout_of(product: Product, key: str | None = None) -> Layout:
    """The product's HTML at each scale it may be tried at, with its content key (worked out
    here unless given)."""
    key = content_key(product) if key is None else key
    scales = ONE_PAGE_SCALES if product.one_page else (1.0,)
    return Layout(tuple(product.html(scale, key) for scale in scales), product.one_page)


class _Layouts(Sequence[Layout]):
    """Each product's layout, made when the pool sends it: a large guide's printables' HTML (at
    three type sizes for each one-sided one) held all at once took some 50 MB at x100."""

    def __init__(self, products: list[Product], keys: list[str]):
        self.products = products
        self.keys = keys

    def __len__(self) -> int:
        return len(self.products)

    @overload
    def __getitem__(self, index: int) -> Layout: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Layout]: ...
    def __getitem__(self, index: int | slice) -> Layout | Sequence[Layout]:
        if isinstance(index, slice):
            return [
                layout_of(product, key) for product, key in zip(self.products[index], self.keys[index], strict=True)
            ]
        return layout_of(self.products[index], self.keys[index])


def each_pdf(
    made: list[Product], session: Session | None = None, workers: int | None = None
) -> Iterator[tuple[int, tuple[str, bytes, int]]]:
    """`(index, (HTML, PDF, page count))` of each product, as soon as it is laid out (in no
    set order): a caller writes each and lets it go, instead of holding every PDF of a large
    guide at once (at x100 they put the peak 37 MiB higher).

    Every product's HTML is made (for its content key) when this is called, before any is
    laid out, so a mistake in a print template raises here, before anything is written.

    WeasyPrint lays out on one core and a large guide has hundreds of checklists, so the
    layouts run in a standard process pool (`workers`, default a worker per core), the
    workshop documents first; each is sent only its HTML, and the result is the same bytes
    whatever the number of workers. The workshop kit is laid out whole, not joined from its
    parts' PDFs, so that it is tagged as they are (joining PDFs drops their structure trees).

    With a `session`, a product whose HTML it has laid out before (same HTML, same
    WeasyPrint, same engine) is not laid out again: WeasyPrint is not run at all.
    """
    session = session or Session.off()
    contents = [content_key(product) for product in made]  # here, not when the first is asked for
    engine = _weasyprint_version() if session.remember and made else ""
    keys = [session.key("pdf", engine, content) if session.remember else "" for content in contents]
    return _each_pdf(made, session, workers, contents, keys)


def _each_pdf(
    made: list[Product], session: Session, workers: int | None, contents: list[str], keys: list[str]
) -> Iterator[tuple[int, tuple[str, bytes, int]]]:
    missing = []
    for index, key in enumerate(keys):
        if key and isinstance(value := session.get(key), tuple):
            yield index, value
        else:
            missing.append(index)
    jobs = _Layouts([made[index] for index in missing], [contents[index] for index in missing])
    longest = [number for number, index in enumerate(missing) if not made[index].one_page]
    if workers is None and len(jobs) < FEW:
        workers = 1  # starting workers costs more than it wins back
    for number, result in each_in_workers(lay_out, jobs, longest, workers):
        index = missing[number]
        if keys[index]:
            session.put(keys[index], result)
        yield index, result


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def to_pdf(product: Product) -> tuple[str, bytes, int]:
    """One product's HTML, PDF (tagged) and page count, laid out here."""
    return lay_out(layout_of(product))


def lay_out(job: Layout) -> tuple[str, bytes, int]:
    """The HTML and PDF at the first scale that fits one side (or the last), and its page count.

    The body size (the last scale) is laid out first: what does not fit one side at it fits
    at no larger size (larger type never takes fewer pages), so it goes front and back at once.
    Tried largest first, four of the real guide's seven one-sided printables were laid out
    three times to find that out."""
    from weasyprint import HTML  # imported here: `check` and `generate` never need it

    *larger, html = job.html_by_scale
    document = HTML(string=html).render(pdf_variant=PDF_VARIANT)
    if job.one_page and len(document.pages) == 1:
        for candidate in larger:
            tried = HTML(string=candidate).render(pdf_variant=PDF_VARIANT)
            if len(tried.pages) == 1:
                html, document = candidate, tried
                break
    return html, document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)
