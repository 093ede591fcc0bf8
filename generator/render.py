"""Render the Guide into Markdown pages with the Jinja2 templates beside this module.

Pure: returns {path under docs/: text} and writes nothing. Every value printed by a
template is escaped for Markdown by default (`finalize`), so text from YAML or BibTeX
is always shown as written and never becomes a link, a tag or a template expression.
Only values wrapped in `Markup` (ids checked by the schema, HTML from the citation
formatter built from escaped fields) pass through unchanged.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from generator.audit import Audit
from generator.files import Pages
from generator.history import History, currency, day_text
from generator.model import (
    CaseStudy,
    Checklist,
    ChecklistItem,
    EvidencePoint,
    Guide,
    GuideConfig,
    Reference,
    Source,
    Theme,
    Tips,
)
from generator.names import GENERATED_MARK
from generator.paths import command_for

TEMPLATES = Path(__file__).parent / "templates"

LISTING_PART_CHARS = 30_000
"""Markdown a listing page holds before it splits into parts (index-1.md …), so that every
page stays under its weight budget however large the guide grows (60 KB of HTML with the
menu). Today's guide fits each listing on one page (the references, the longest, are 20,000)."""

LISTINGS = {
    # page: (what names an entry in the parts' labels, about how much Markdown an entry makes)
    "themes/index.md": (
        lambda theme: theme.title,
        lambda theme: len(theme.title) + len(theme.summary) + len(theme.id) + 20,
    ),
    "roles/index.md": (
        lambda checklist: checklist.role,
        lambda checklist: len(checklist.role) + len(checklist.audience) + len(checklist.id) + 30,
    ),
    "case-studies/index.md": (
        lambda study: study.title,
        lambda study: len(study.title) + len(study.place) + min(len(study.summary), 220) + len(study.id) + 20,
    ),
    "references/index.md": (lambda entry: entry[1].label, lambda entry: reference_size(entry[1])),
    "references/audit.md": (
        lambda entry: entry[2],
        lambda entry: (
            {"cited_not_listed": 150, "listed_not_cited": 120}.get(entry[0], 400)
            + 60 * len(getattr(entry[1], "places", []))
        ),
    ),
    "print/index.md": (lambda product: product["title"], lambda product: len(product["title"]) + 160),
}

CITED_IN_SHOWN = 20
"""Places a work's "Cited in" (or "Perhaps cited") line names on the references page. A work
cited in more, such as a law that every theme's note on the law today cites in a large guide,
names the first of them and links a page of its own that lists them all
(references/cited-in-KEY.md, in parts when long), so no references page outgrows its budget."""


def cited_places(reference: Reference) -> list[tuple[str, Any]]:
    """Every place of the guide that cites `reference`, in the order its "Cited in" line names
    them: (section, the theme, checklist or case study; None for the report and the figures)."""
    places: list[tuple[str, Any]] = [("themes", theme) for theme in reference.cited_in]
    if reference.cited_in_report:
        places.append(("report", None))
    if reference.cited_in_figures:
        places.append(("figures", None))
    places += [("roles", checklist) for checklist in reference.cited_in_checklists]
    places += [("case_studies", study) for study in reference.cited_in_case_studies]
    return places


def _place_size(section: str, item) -> int:
    """About how much Markdown one place's link makes, with its separator."""
    if item is None:
        return 60
    if section in ("themes", "maybe"):
        return len(item.title) + len(item.id) + 50
    if section == "roles":
        return len(item.role) + len(item.id) + 30
    return len(item.label) + len(item.id) + 35


def reference_size(reference: Reference) -> int:
    """About how much Markdown a work's entry on the references page makes: the entry, its
    anchor, and every line under it that the template writes (places cited, perhaps cited,
    or the line saying it is not cited), at most CITED_IN_SHOWN places each."""
    places = cited_places(reference)
    size = len(reference.formatted) + len(reference.key) + 100
    size += sum(_place_size(section, item) for section, item in places[:CITED_IN_SHOWN])
    maybe = reference.maybe_cited_in
    size += sum(len(theme.title) + len(theme.id) + len(written) + 90 for theme, written in maybe[:CITED_IN_SHOWN])
    size += 200 if maybe else 0
    size += 150 if len(places) > CITED_IN_SHOWN or len(maybe) > CITED_IN_SHOWN else 0
    return size + (0 if places or maybe else 100)


def _cited_in_size(entry: tuple[str, Any, str]) -> int:
    section, item, written = entry
    return _place_size(section, item) + len(written) + (40 if written else 0) + 10


def _cited_in_label(entry: tuple[str, Any, str], config: GuideConfig) -> str:
    """What names a place in the parts' labels of a "where cited" page."""
    section, item, _ = entry
    if item is None:
        return config.section(section).heading
    if section in ("themes", "maybe"):
        return item.title
    return item.role if section == "roles" else item.label


def cited_in_entries(reference: Reference) -> list[tuple[str, Any, str]]:
    """The lines of a work's own "where cited" page: (section, item, written), the places
    that cite it, then the themes that perhaps cite it (section "maybe", with the form written)."""
    return [(section, item, "") for section, item in cited_places(reference)] + [
        ("maybe", theme, written) for theme, written in reference.maybe_cited_in
    ]


def cited_in_name(reference: Reference) -> str:
    """The page that lists every place citing a work whose line names only the first few."""
    return f"references/cited-in-{reference.key.lower()}.md"


_LINE_START = re.compile(r"^(\d+)([.)])|^([#>+\-*=|!:~/?;%^@$])")
"""What could open a Markdown block (heading, quote, list, table, admonition, definition,
fenced or snippet line, …) when a value begins a line: shown as text instead."""
_INLINE = re.compile(r"([\\`*_\[\]{}])")
_TAG = re.compile(r"(<[^>]*>)")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.:/#=-]*")
"""Ids, anchors and page addresses that can go into a link or an attribute as they are."""


def md_escape(value) -> str:
    """Text as Markdown that shows exactly these characters and nothing else.

    The one escaping point: every value a page template prints comes through here (as
    Jinja's `finalize`), so no field of any content file can become markup.
    """
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):  # the same titles and labels recur on thousands of pages
        return _escaped_text(value)
    return _escape(str(value))


@lru_cache(maxsize=65536)
def _escaped_text(text: str) -> str:
    return _escape(text)


def _escape(text: str) -> str:
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _inert_line_start(_INLINE.sub(r"\\\1", text))


def _inert_line_start(text: str) -> str:
    """A character reference for the one character that could open a block: shown, not obeyed."""
    found = _LINE_START.match(text)
    if not found:
        return text
    if found.group(1):
        return found.group(1) + "\\" + found.group(2) + text[found.end() :]
    return f"&#{ord(found.group(3))};" + text[1:]


def md_escape_html(fragment: str) -> str:
    """HTML from the citation formatter (its text already HTML-escaped), made inert as Markdown:
    the text between tags is escaped like any value; the formatter's own tags stay."""
    parts = _TAG.split(" ".join(fragment.split()))
    escaped = "".join(part if index % 2 else _INLINE.sub(r"\\\1", part) for index, part in enumerate(parts))
    return _inert_line_start(escaped)


def safe_name(value) -> Markup:
    """An id, anchor or page address for a link target or an attribute.

    Validation refuses ids outside the safe form; this is the second line: anything else is
    percent-encoded, so no value can close the link or the attribute it stands in.
    """
    if isinstance(value, Markup):
        return value
    text = str(value)
    if _SAFE_NAME.fullmatch(text):
        return Markup(text)
    return Markup(quote(text, safe=""))


def own_templates(config: GuideConfig | None) -> str:
    """The guide's templates folder (guide.yml's `templates`, templates/ by default) when it
    has one, else ''."""
    if config is None or not config.folder:
        return ""
    own = Path(config.folder) / config.templates
    return str(own) if own.is_dir() else ""


def templates_digest(config: GuideConfig | None) -> str:
    """A digest of every template a page may be made from, built-in and the guide's own:
    part of a session key for what rendered pages give (the engine's code key leaves them out)."""
    digest = hashlib.blake2b(digest_size=16)
    own = own_templates(config)
    for folder in (TEMPLATES, *([Path(own)] if own else [])):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, whichever guide's environment asks for them.

    Each guide has an environment of its own (its templates folder comes first), and Jinja
    keeps what it compiled per environment: every guide rendered in one process (a preview,
    the tests: 890 compilations, 22 s of CPU) compiled the same built-in templates again.
    Jinja checks each template's source against what was compiled, so an edited template is
    compiled anew. The compiled code depends on the environment's settings: one instance for
    each way the engine makes an environment (render, print, the 404 page)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_PAGES = CompiledTemplates()
"""The Markdown page templates' compiled code (`_environment_for`)."""


def template_loader(own: str, subfolder: str = "") -> BaseLoader:
    """The guide's own templates first (the folder `own_templates` names), then the built-in
    ones: a file of the guide's replaces the built-in file of the same name, as Hugo's and
    Jekyll's themes do."""
    built_in = FileSystemLoader(TEMPLATES / subfolder if subfolder else TEMPLATES)
    if not own:
        return built_in
    return ChoiceLoader([FileSystemLoader(Path(own) / subfolder if subfolder else own), built_in])


def _environment(config: GuideConfig | None = None) -> Environment:
    """The templates' environment for the guide's templates folder, made once per process.

    Compiling the templates is most of a small guide's render (0.7 s of 1.1 s at x1): a
    preview server that renders again on every save keeps the compiled ones. Jinja reloads
    a template whose file changed (auto_reload), so an edited template still shows."""
    return _environment_for(own_templates(config))


@lru_cache(maxsize=16)
def _environment_for(own: str) -> Environment:
    env = Environment(
        loader=template_loader(own),
        bytecode_cache=COMPILED_PAGES,
        autoescape=False,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["raw"] = safe_name  # ids, anchors, addresses and the macros' own output
    env.filters["markup"] = Markup  # only for the output of the macros in _macros.md.j2 (a test holds it)
    # Only for guide.yml's Markdown (sections' intro, outro and link, old_source_note): written by the
    # guide's editors like the hand-written pages of docs/, never content (a test holds it).
    env.filters["guide_markdown"] = Markup
    env.filters["citation_html"] = lambda fragment: Markup(md_escape_html(fragment))
    env.filters["html_text"] = lambda text: Markup(html.escape(" ".join(str(text).split()), quote=True))
    env.globals["GENERATED_MARK"] = Markup(GENERATED_MARK)
    env.globals["CITED_IN_SHOWN"] = CITED_IN_SHOWN
    env.globals["cited_places"] = cited_places
    env.globals["cited_in_page"] = lambda reference: cited_in_name(reference).split("/", 1)[1]
    env.tests["containing"] = lambda sequence, value: value in sequence
    env.filters["kind_anchor"] = kind_anchor
    return env


def page_inputs(guide: Guide) -> dict[str, tuple[list[str], list]]:
    """For each generated page: the content files it is drawn from and the sources it cites.

    A page's "last changed" date is the newest change to its own files, so a page's date
    moves when, and only when, what it says changes.
    """
    themes = [theme.path for theme in guide.themes]
    checklists = [checklist.path for checklist in guide.checklists]
    report = [guide.report.path] if guide.report else []
    report_sources = [guide.report.source] if guide.report else []
    main = _main_sources(guide)
    # the main source's date (its About page's, when it has one), so that a guide with no report
    # still dates its references page
    reference_sources = main + [figure.source for figure in guide.figures if figure.cites]
    references, sources = guide.config.content.references, guide.config.content.sources
    inputs = {
        "themes/index.md": (themes, [theme.source for theme in guide.themes]),
        "roles/index.md": (checklists, [source for checklist in guide.checklists for source in checklist.sources]),
        "references/index.md": ([references], reference_sources),
        "references/audit.md": ([references] + themes + report, main),
        "report/index.md": (report, report_sources),
        "report/workshops.md": (report, report_sources),
        "case-studies/index.md": (
            [study.path for study in guide.case_studies],
            [study.source for study in guide.case_studies],
        ),
        "tips/index.md": ([tips.path for tips in guide.tips], [tips.source for tips in guide.tips]),
        "figures/index.md": (
            sorted({figure.path for figure in guide.figures}),
            [figure.source for figure in guide.figures],
        ),
        "glossary/index.md": ([guide.glossary_path], guide.glossary_sources),
        "evidence-kinds/index.md": (["guide.yml"], []),
        "print/index.md": (
            checklists + themes + report,
            report_sources + [source for checklist in guide.checklists for source in checklist.sources],
        ),
    }
    for item in guide.themes + guide.case_studies + guide.tips:
        inputs[item.url] = ([item.path], [item.source])
    for checklist in guide.checklists:
        inputs[checklist.url] = ([checklist.path], checklist.sources)
    for files, _ in inputs.values():  # titles and years of the sources show on every page
        files.append(sources)
    inputs["changes/index.md"] = (sorted({path for files, _ in inputs.values() for path in files}), [])
    return inputs


def _main_sources(guide: Guide) -> list:
    """The main source as a page's source (for its year), when guide.yml names one."""
    if guide.report is not None:
        return [guide.report.source]
    for item in guide.themes + guide.checklists:
        if item.source.document == guide.config.main_source:
            return [item.source]
    return []


def template_values(guide: Guide) -> dict:
    """What every template may use besides its own values: the guide's configuration and how
    pages name the main source in running text ('the report')."""
    called = guide.config.main_source_called
    document = guide.documents.get(guide.config.main_source, {})
    main_document = Source(
        guide.config.main_source,
        # the sections the audit checks, when guide.yml says (never a guessed "References")
        guide.config.section("audit").note or document.get("title", ""),
        document.get("title", ""),
        document.get("year", 0),
        document.get("about_year", 0),
        document.get("author", ""),
    )
    return {
        "config": guide.config,
        "main": called,
        "Main": called[:1].upper() + called[1:],
        "main_document": main_document,
        "command": command_for(guide.config.folder),
    }


@dataclass
class Trace:
    """What a render found out about its pages, for rendering again only what a change reaches
    (`pipeline.render_changed`): each rendered page's content files, every page name the
    guide makes, and a digest of what pages show of each other beyond their files."""

    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    """For each page rendered: the content files it showed something of (its own files, as
    `page_inputs` names them, and every theme, checklist, case study or tips file whose
    objects the template read)."""
    names: list[str] = field(default_factory=list)
    """Every page the guide makes, rendered or not."""
    shared: str = ""
    """A digest of the values every page may show that no one file holds: which references
    page each work is on, and where each work is cited."""


_reading: set[str] | None = None
"""The files the page being rendered has read so far (while `_tracing` is on)."""


def _file_of(item) -> str:
    """The content file an object of the model comes from."""
    kind = type(item)
    if kind is ChecklistItem:
        return _checklist_files.get(object.__getattribute__(item, "role_id"), "")
    if kind is EvidencePoint:
        return object.__getattribute__(object.__getattribute__(item, "theme"), "path")
    return object.__getattribute__(item, "path")


_checklist_files: dict[str, str] = {}
_TRACED = (Theme, Checklist, ChecklistItem, CaseStudy, Tips, EvidencePoint)


def _traced_getattribute(self, name):
    if _reading is not None:
        _reading.add(_file_of(self))
    return object.__getattribute__(self, name)


@contextmanager
def _tracing(guide: Guide) -> Iterator[None]:
    """While on, reading any attribute of a theme, checklist (or its items), case study, tips
    or evidence point notes its file in `_reading`: a template cannot show anything of one
    without it being noted."""
    _checklist_files.clear()
    _checklist_files.update({checklist.id: checklist.path for checklist in guide.checklists})
    for kind in _TRACED:
        kind.__getattribute__ = _traced_getattribute  # type: ignore[method-assign]
    try:
        yield
    finally:
        for kind in _TRACED:
            del kind.__getattribute__


def shared_digest(guide: Guide, reference_page: Mapping[str, str]) -> str:
    """What `Trace.shared` says: each work's references page and the pages that cite it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(sorted(reference_page.items())).encode("utf-8"))
    for key, reference in guide.references.items():
        cited = (
            key,
            [theme.path for theme in reference.cited_in],
            [(theme.path, written) for theme, written in reference.maybe_cited_in],
            [checklist.path for checklist in reference.cited_in_checklists],
            [study.path for study in reference.cited_in_case_studies],
            reference.cited_in_report,
            reference.cited_in_figures,
        )
        digest.update(repr(cited).encode("utf-8"))
    return digest.hexdigest()


def render(
    guide: Guide,
    formatted: Mapping[str, str],
    audited: Audit | None,
    history: History,
    site_url: str = "",
    only: set[str] | None = None,
    trace: Trace | None = None,
) -> Pages:
    """Every generated page, keyed by its path under docs/, in a stable order (or those in `only`).

    Pure: the same guide, formatted references (each BibTeX key's entry, from
    `citations.format_entries`), citation audit (None when the guide has no audit section),
    history and site address give the same pages, and nothing is read, worked out again or
    written. With a `trace`, also notes what each rendered page read (see `Trace`).
    """
    if trace is not None:
        with _tracing(guide):
            return _render(guide, formatted, audited, history, site_url, only, trace)
    return _render(guide, formatted, audited, history, site_url, only, None)


def _render(guide, formatted, audited, history, site_url, only, trace: Trace | None) -> Pages:
    missing = sorted(set(guide.references) - set(formatted))
    if missing:
        raise ValueError(f"render was given no formatted entry for {', '.join(missing[:5])}")
    wanted = (lambda name: True) if only is None else only.__contains__
    inputs = page_inputs(guide)
    env = _environment(guide.config)
    reference_parts = listing_parts("references/index.md", reference_entries(guide, formatted))
    common = {
        "guide": guide,
        "report": guide.report,
        **template_values(guide),
        "site_url": site_url,
        **_lookups(guide),
        "reference_page": reference_pages(reference_parts),
    }

    if trace is not None:
        trace.shared = shared_digest(guide, common["reference_page"])

    def page(name: str, template: str, inputs_of: str | None = None, **values) -> None:
        global _reading
        if trace is not None:
            trace.names.append(name)
        if not wanted(name):
            return
        files, sources = inputs[inputs_of or name]
        if trace is None:
            pages[name] = env.get_template(template).render(
                currency=currency(files, sources, history, guide.config.language), **common, **values
            )
            return
        _reading = set(files)
        try:
            pages[name] = env.get_template(template).render(
                currency=currency(files, sources, history, guide.config.language), **common, **values
            )
            trace.reads[name] = frozenset(_reading)
        finally:
            _reading = None

    def listing(name: str, template: str, entries: list, parts=None, **values) -> None:
        for part_name, part_values in parts or listing_parts(name, entries):
            page(part_name, template, inputs_of=name, **part_values, **values)

    pages = Pages()  # held as UTF-8: half the memory of the text at x100
    listing("themes/index.md", "themes_index.md.j2", guide.themes)
    listing("roles/index.md", "roles_index.md.j2", guide.checklists)
    listing("references/index.md", "references.md.j2", [], parts=reference_parts)
    for reference in guide.references.values():
        cited_in = cited_in_entries(reference)
        if (
            len(cited_in) - len(reference.maybe_cited_in) > CITED_IN_SHOWN
            or len(reference.maybe_cited_in) > CITED_IN_SHOWN
        ):
            name = cited_in_name(reference)
            parts = listing_parts(name, cited_in, lambda entry: _cited_in_label(entry, guide.config), _cited_in_size)
            for part_name, part_values in parts:
                page(
                    part_name,
                    "cited_in.md.j2",
                    inputs_of="references/index.md",
                    reference=reference,
                    entry=formatted[reference.key],
                    **part_values,
                )
    if guide.config.has("audit") and audited is not None:
        listing("references/audit.md", "audit.md.j2", audit_entries(audited), audit=audited)
    if guide.report is not None:
        page("report/index.md", "report.md.j2")
        if guide.config.has("workshops"):
            page("report/workshops.md", "workshops.md.j2")
    if trace is not None and not wanted("changes/index.md"):
        trace.names.append("changes/index.md")
    elif wanted("changes/index.md"):
        page("changes/index.md", "changes.md.j2", changes=_changes(guide, history, inputs), in_git=history.in_git)
    if guide.case_studies:
        listing("case-studies/index.md", "case_studies_index.md.j2", guide.case_studies)
        checklists = {checklist.id: checklist for checklist in guide.checklists}
        for study in guide.case_studies:
            page(
                study.url,
                "case_study.md.j2",
                study=study,
                study_themes=[guide.theme(theme_id) for theme_id in study.theme_ids],
                study_roles=[checklists[role_id] for role_id in study.role_ids],
            )
    if guide.tips:
        page("tips/index.md", "tips_index.md.j2")
        for tips in guide.tips:
            page(tips.url, "tips.md.j2", tips=tips)
    if guide.figures:
        page("figures/index.md", "figures.md.j2")
    if guide.config.evidence_kinds:
        page("evidence-kinds/index.md", "evidence_kinds.md.j2")
    if guide.glossary:
        page("glossary/index.md", "glossary.md.j2")
    if guide.glossary and trace is not None:
        trace.names.append("glossary/abbreviations.md")
        trace.reads["glossary/abbreviations.md"] = frozenset([guide.glossary_path])
    if guide.glossary and wanted("glossary/abbreviations.md"):
        pages["glossary/abbreviations.md"] = (
            GENERATED_MARK
            + "\n\n"
            + "".join(
                f"*[{term.term}]: {abbreviation_title(term.abbreviation_of)}\n"
                for term in guide.glossary
                if term.abbreviation_of and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", term.term)
            )
        )
    for theme in guide.themes:
        page(theme.url, "theme.md.j2", theme=theme)
    for checklist in guide.checklists:
        page(checklist.url, "checklist.md.j2", checklist=checklist)
    return pages.sorted()


def abbreviation_title(text: str) -> str:
    """What an abbreviation stands for, on one line: the definition line `*[X]: …` ends at the
    first line break, so a value that held one could start new Markdown (HTML, a snippet)."""
    return " ".join(text.split())


def kind_anchor(kind: str) -> str:
    """A kind of evidence's place on the Kinds of evidence page: 'organisations-own-review'."""
    return "-".join(re.findall(r"[a-z0-9]+", kind.lower().replace("'", "").replace("’", ""))) or "kind"


def listing_parts(
    name: str, entries: list, label: Callable[[Any], str] | None = None, size_of: Callable[[Any], int] | None = None
) -> list[tuple[str, dict]]:
    """The pages of one listing: the listing itself, or an overview of its parts and the parts.

    Values for the template: `entries` to list, `parts` (the overview's links) and `part`
    (which part a page is); a listing that fits one page has neither parts nor part.
    Parts are cut in order by the entries' estimated size, so a part of long entries
    holds fewer of them.
    """
    folder, file_name = name.rsplit("/", 1)
    if label is None or size_of is None:  # a listing of LISTINGS; a "where cited" page gives its own
        label, size_of = LISTINGS[name]
    chunks: list[list] = [[]]
    filled = 0
    for entry in entries:
        size = size_of(entry)
        if chunks[-1] and filled + size > LISTING_PART_CHARS:
            chunks.append([])
            filled = 0
        chunks[-1].append(entry)
        filled += size
    if len(chunks) == 1:
        return [(name, {"entries": entries, "parts": None, "part": None})]
    parts = [
        {
            "url": f"{file_name.removesuffix('.md')}-{number}.md",
            "number": number,
            "of": len(chunks),
            "count": len(chunk),
            "overview": file_name,
            "first": label(chunk[0]),
            "last": label(chunk[-1]),
        }
        for number, chunk in enumerate(chunks, start=1)
    ]
    return [(name, {"entries": [], "parts": parts, "part": None})] + [
        (f"{folder}/{part['url']}", {"entries": chunk, "parts": None, "part": part})
        for part, chunk in zip(parts, chunks, strict=True)
    ]


def reference_entries(guide: Guide, formatted: Mapping[str, str]) -> list[tuple[str, Reference]]:
    """The references page's entries in order: (document id, reference) for each listing source.

    Each reference is a copy carrying its formatted entry (sorted by it, as a reader looks
    one up); the guide's own references are left as they are.
    """
    ordered = sorted(
        (_with_entry(reference, formatted[reference.key]) for reference in guide.references.values()),
        key=lambda reference: (reference.formatted.lower(), reference.key),
    )
    documents = [*guide.documents, "editors"]
    by_document: dict[str, list[Reference]] = {document: [] for document in documents}
    for reference in ordered:  # each work's lists worked out once (a guide has thousands of works)
        for document in set(reference.listed_in):
            if document in by_document:
                by_document[document].append(reference)
    return [(document, reference) for document in documents for reference in by_document[document]]


def _with_entry(reference: Reference, entry: str) -> Reference:
    """A shallow copy of `reference` carrying its formatted entry (thousands on a large guide:
    its fields copied as they are, a tenth of the time `dataclasses.replace` takes)."""
    copied = object.__new__(Reference)
    copied.__dict__.update(vars(reference), formatted=entry)
    return copied


def audit_entries(audited: Audit) -> list[tuple[str, object, str]]:
    """The audit page's rows in order: (kind, row, label) for each of its four lists."""
    return (
        [("cited_not_listed", row, row.written) for row in audited.cited_not_listed]
        + [("listed_not_cited", row, row.label) for row in audited.listed_not_cited]
        + [("near_misses", row, row.written) for row in audited.near_misses]
        + [("ambiguous", row, row.written) for row in audited.ambiguous]
    )


def reference_pages(parts: list[tuple[str, dict]]) -> dict[str, str]:
    """On which page of references/ each work's entry is (its first, when several sources list it)."""
    where: dict[str, str] = {}
    for part_name, values in parts:
        for _, reference in values["entries"]:
            where.setdefault(reference.key, part_name.split("/", 1)[1])
    return where


def _lookups(guide: Guide) -> dict:
    """Indexes the templates look things up in, so that no page scans the whole guide."""
    studies_by_theme: dict[str, list] = {}
    studies_by_role: dict[str, list] = {}
    for study in guide.case_studies:
        for theme_id in study.theme_ids:
            studies_by_theme.setdefault(theme_id, []).append(study)
        for role_id in study.role_ids:
            studies_by_role.setdefault(role_id, []).append(study)
    return {
        "studies_by_theme": studies_by_theme,
        "studies_by_role": studies_by_role,
        "role_names": {checklist.id: checklist.role for checklist in guide.checklists},
    }


def _changes(guide: Guide, history: History, inputs) -> list[dict]:
    """The 'what changed' page's entries: per day, the pages whose own content changed."""
    titles = {theme.url: theme.title for theme in guide.themes}
    titles |= {checklist.url: f"{checklist.role}: checklist" for checklist in guide.checklists}
    titles |= {item.url: item.title for item in guide.case_studies + guide.tips}
    config = guide.config
    present = {
        "report/index.md": ("report", guide.report is not None),
        "report/workshops.md": ("workshops", guide.report is not None and config.has("workshops")),
        "references/index.md": ("references", True),
        "figures/index.md": ("figures", bool(guide.figures)),
        "glossary/index.md": ("glossary", bool(guide.glossary)),
    }
    titles |= {page: config.section(section).heading for page, (section, there) in present.items() if there}
    entries = []
    for change in history.changes:
        touched = [name for name, (files, _) in inputs.items() if name in titles and set(files) & set(change.files)]
        entries.append(
            {
                "day": day_text(change.day, guide.config.language),
                "committed": change.committed,
                "messages": change.messages,
                "pages": [(name, titles[name]) for name in sorted(touched, key=lambda n: titles[n].lower())],
                "files": change.files,
            }
        )
    return entries


def render_print_index(guide: Guide, listing, history: History) -> dict[str, str]:
    """The page listing every printable, with its size, for the menu and the home page.

    On a large guide the checklists go into parts; the other printables,
    which the home page links to, stay on the first page."""
    env = _environment(guide.config)
    files, sources = page_inputs(guide)["print/index.md"]
    products = _print_entries(listing)
    page_currency = currency(files, sources, history, guide.config.language)
    checklists = [product for product in products if product["kind"] == "checklist"]
    others = [product for product in products if product["kind"] != "checklist"]  # always on the first page
    return {
        name: env.get_template("print_index.md.j2").render(
            guide=guide,
            report=guide.report,
            currency=page_currency,
            others=others,
            **template_values(guide),
            **values,
        )
        for name, values in listing_parts("print/index.md", checklists)
    }


def print_index_names(made) -> list[str]:
    """The pages `render_print_index` makes for these products, known before any is laid out
    (the parts are cut by the products' titles, not by their sizes)."""
    checklists = [
        entry for entry in _print_entries([(product, 0, 0) for product in made]) if entry["kind"] == "checklist"
    ]
    return [name for name, _ in listing_parts("print/index.md", checklists)]


def _print_entries(listing) -> list[dict]:
    """Each printable of `listing` (product, size in bytes, pages) as the print index lists it."""
    return [
        {
            "name": product.name,
            "title": product.title,
            "kilobytes": max(1, round(size / 1024)),
            "pages": pages,
            "kind": "meeting-sheet" if product.name.startswith("meeting-sheet") else product.name.split("-", 1)[0],
        }
        for product, size, pages in listing
    ]
