"""The guide as objects: what the templates render and the tests inspect.

Built only from content that passed validation, so nothing here re-checks input.
Cross-links (which checklist items come from a theme, where a reference is cited)
are computed once here, so every page agrees on them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markdown.extensions.toc import slugify as toc_slug

from generator.folders import DEFAULT_FOLDERS, Folders
from generator.load import Content, split_names
from generator.workshop import Workshop, workshop


@dataclass(frozen=True)
class Perspective:
    """Whose concerns a theme gathers (guide.yml's perspectives)."""

    id: str
    label: str
    """Above a theme's summary: "Carers' theme"."""
    heading: str
    """Over the list of these themes on the Themes page: "Carers' themes"."""
    description: str = ""


@dataclass(frozen=True)
class Speaker:
    """A kind of speaker a quotation's said_by names, and how it is shown."""

    id: str
    label: str


@dataclass(frozen=True)
class EvidenceKind:
    kind: str
    description: str


@dataclass(frozen=True)
class Section:
    """A generated section's title, one-line description and introduction (Markdown)."""

    heading: str
    description: str
    intro: str = ""
    note: str = ""
    outro: str = ""
    links_from: tuple[str, ...] = ()
    link: str = ""


@dataclass(frozen=True)
class ThemeHeadings:
    """The headings of a theme page (guide.yml, sections: themes: headings:)."""

    what_works: str = "What works"
    what_doesnt_work: str = "What doesn't work"
    main_messages: str = "Main messages"
    quotes: str = "In their own words"
    situations: str = "Learning from situations"
    evidence: str = "What the evidence says"
    other_voices: str = "Other authors in the guide's sources"
    checklist_items: str = "In the checklists"

    @property
    def evidence_anchor(self) -> str:
        """The anchor MkDocs gives the evidence heading, which the references and the audit link to."""
        return toc_slug(self.evidence, "-")


@dataclass(frozen=True)
class Slot:
    """A part of the meeting sheet, fed by the checklist items whose meeting_sheet names it."""

    id: str
    heading: str
    kind: str
    """'ticks', 'table' or 'lines'."""
    rows: int = 0
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingSheet:
    title: str
    description: str
    for_whom: str
    heading: str
    slots: tuple[Slot, ...]
    large_print: bool = True
    one_side: bool = True
    help_now_prompt: str = ""
    template: str = "meeting-sheet.html.j2"
    """Its template in templates/print/ (the guide's own first, then the built-in)."""


@dataclass(frozen=True)
class WorkshopKit:
    plans: str
    """The YAML file of session plans, relative to the guide's folder."""
    description: str
    heading: str
    template: str = "workshop-kit.html.j2"
    """Its template in templates/print/ (the guide's own first, then the built-in)."""


CHECKLIST_TEMPLATE = "checklist.html.j2"
"""The built-in template of the role checklists' printables, in templates/print/."""
NO_DATE = "n.d."
"""A BibTeX year for a work that gives none (a web page): shown as written, never a year made up."""

DEFAULT_SECTIONS = {
    "themes": Section("Themes", "The guide's themes, each with what works, what doesn't and the evidence."),
    "roles": Section("Checklists by role", "Practice checklists, one for each role."),
    "references": Section("References", "Every work the guide's sources cite, with the pages that cite it."),
    "audit": Section("Citation audit", "Where the main source's in-text citations and its reference list disagree."),
    "report": Section("About the main source", "What the guide's main source is, and how it was made."),
    "workshops": Section("The workshops", "How the main source's workshops were run."),
    "case_studies": Section("Case studies", "Examples from the guide's sources, by theme and role."),
    "tips": Section("Tips", "Do's and don'ts from the guide's sources."),
    "figures": Section(
        "Key figures", "The numbers in the guide's sources that bear on practice, with their source and year."
    ),
    "glossary": Section("Glossary", "Abbreviations and terms used in the guide, in plain English."),
    "help_now": Section(
        "Help now",
        "Where to turn first, kept up to date by the guide's editors.",
        note="Kept up to date by the guide's editors",
    ),
    "changes": Section("What changed", "Changes to the guide's content, newest first, from its history."),
    "print": Section("Printables", "Checklists and other printables, ready to print."),
    "evidence_kinds": Section("Kinds of evidence", "What the small badges beside each research finding mean."),
}
"""Every generated section's words when guide.yml does not give them."""
OPTIONAL_SECTIONS = ("report", "workshops", "audit")
"""Sections a guide has only when guide.yml's sections names them."""


@dataclass(frozen=True)
class GuideConfig:
    """guide.yml as the engine uses it: everything that makes one guide differ from another."""

    name: str
    short_name: str
    language: str
    perspectives: tuple[Perspective, ...]
    speakers: tuple[Speaker, ...]
    evidence_kinds: tuple[EvidenceKind, ...] = ()
    citation_style: str = ""
    """A .csl file relative to the guide's folder; '' for the built-in style."""
    templates: str = "templates"
    """The guide's own templates, relative to its folder: they replace the built-in ones."""
    folder: str = ""
    """The guide's folder (where guide.yml is), for the paths above; '' for none."""
    content: Folders = DEFAULT_FOLDERS
    """The content folders (guide.yml's `content:`), relative to the guide's folder."""
    main_source: str = ""
    """The id of the document whose reference list the references page and the audit follow."""
    main_source_called: str = "the main source"
    old_source_note: str = ""
    """Markdown for the note on pages drawing on old sources: what has changed since."""
    sections: tuple[tuple[str, Section], ...] = ()
    """Every section the guide has, by id (the optional ones only when guide.yml names them)."""
    theme_headings: ThemeHeadings = ThemeHeadings()
    large_print: tuple[str, ...] = ()
    meeting_sheet: MeetingSheet | None = None
    workshop: WorkshopKit | None = None
    checklist_template: str = CHECKLIST_TEMPLATE
    """The role checklists' template in templates/print/ (guide.yml's print, checklists, template)."""

    @property
    def print_templates(self) -> tuple[str, ...]:
        """The templates in templates/print/ that guide.yml's print products name."""
        named = [self.checklist_template]
        named += [product.template for product in (self.meeting_sheet, self.workshop) if product]
        return tuple(f"print/{name}" for name in named)

    @property
    def style_path(self) -> Path | None:
        """guide.yml's citation_style as a path, or None for the built-in style."""
        return Path(self.folder) / self.citation_style if self.citation_style else None

    def has(self, section: str) -> bool:
        return any(name == section for name, _ in self.sections)

    def section(self, section: str) -> Section:
        for name, value in self.sections:
            if name == section:
                return value
        return DEFAULT_SECTIONS[section]

    def perspective(self, perspective_id: str) -> Perspective:
        for perspective in self.perspectives:
            if perspective.id == perspective_id:
                return perspective
        return Perspective(perspective_id, perspective_id, perspective_id)

    def speaker_label(self, said_by: str) -> str:
        for speaker in self.speakers:
            if speaker.id == said_by:
                return speaker.label
        return said_by[:1].upper() + said_by[1:]


def guide_config(data, folder: str = "", content: Folders = DEFAULT_FOLDERS) -> GuideConfig:
    """The configuration from guide.yml as read (validated against guide.schema.json first)."""
    sections = data.get("sections", {})
    chosen = []
    for name, default in DEFAULT_SECTIONS.items():
        if name in OPTIONAL_SECTIONS and name not in sections:
            continue
        given = sections.get(name) or {}
        chosen.append(
            (
                name,
                Section(
                    given.get("heading", default.heading),
                    given.get("description", default.description),
                    given.get("intro", default.intro),
                    given.get("note", default.note),
                    given.get("outro", default.outro),
                    tuple(given.get("links_from", default.links_from)),
                    given.get("link", default.link),
                ),
            )
        )
    printing = data.get("print", {})
    sheet = printing.get("meeting_sheet")
    kit = printing.get("workshop")
    main = data.get("main_source", {})
    return GuideConfig(
        name=data["name"],
        short_name=data["short_name"],
        language=data["language"],
        perspectives=tuple(
            Perspective(p["id"], p["label"], p["heading"], p.get("description", "")) for p in data["perspectives"]
        ),
        speakers=tuple(Speaker(s["id"], s.get("label") or s["id"][:1].upper() + s["id"][1:]) for s in data["speakers"]),
        evidence_kinds=tuple(EvidenceKind(k["kind"], k["description"]) for k in data.get("evidence_kinds", [])),
        citation_style=data.get("citation_style", ""),
        templates=data.get("templates", "templates"),
        folder=folder,
        content=content,
        main_source=main.get("id", ""),
        main_source_called=main.get("called", "the main source"),
        old_source_note=data.get("old_source_note", ""),
        theme_headings=ThemeHeadings(**(sections.get("themes") or {}).get("headings", {})),
        sections=tuple(chosen),
        large_print=tuple(printing.get("large_print", [])),
        meeting_sheet=MeetingSheet(
            sheet["title"],
            sheet["description"],
            sheet["for"],
            sheet.get("heading", sheet["title"]),
            tuple(
                Slot(s["id"], s["heading"], s["kind"], s.get("rows", 0), tuple(s.get("columns", [])))
                for s in sheet["slots"]
            ),
            sheet.get("large_print", True),
            sheet.get("one_side", True),
            sheet.get("help_now_prompt", ""),
            sheet.get("template", "meeting-sheet.html.j2"),
        )
        if sheet
        else None,
        workshop=WorkshopKit(
            kit["plans"],
            kit.get("description", ""),
            kit.get("heading", "For trainers"),
            kit.get("template", "workshop-kit.html.j2"),
        )
        if kit
        else None,
        checklist_template=(printing.get("checklists") or {}).get("template", CHECKLIST_TEMPLATE),
    )


@dataclass(frozen=True)
class Source:
    """Where an item comes from: a source document and its section."""

    document: str
    """The document's id in evidence/sources.yml, e.g. '002' or 'school-survey'."""
    section: str
    """The section of that document, e.g. 'Practice implications › Carers'."""
    title: str = ""
    """The document's title, filled in from evidence/sources.yml."""
    year: int = 0
    about_year: int = 0
    """Our estimate for an undated document (its date_note in evidence/sources.yml says why)."""
    author: str = ""
    """The document's author where evidence/sources.yml names one (e.g. Debbie Sorkin)."""

    def within(self, section: str) -> Source:
        """The same document, one section further down."""
        return Source(self.document, f"{self.section} › {section}", self.title, self.year, self.about_year, self.author)

    @property
    def dated(self) -> int:
        """The year the document was written, stated or estimated; 0 when unknown."""
        return self.year or self.about_year

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year else f"about {self.about_year}" if self.about_year else "not dated"


@dataclass
class Quote:
    text: str
    said_by: str
    source: Source
    note: str = ""
    id: str = ""
    """Its anchor on the page, for checklist items' `evidence:` to link to; '' when none."""


@dataclass
class Situation:
    text: str
    source: Source


@dataclass
class Claim:
    """A finding of published research, in our words, with what the source cites for it."""

    text: str
    cites: list[str]
    """BibTeX keys in evidence/references.bib."""
    unlisted: list[str]
    """Works the source cites but its reference list lacks, as the source writes them."""
    source: Source
    note: str = ""
    kind: str = ""
    """What kind of evidence: systematic review, large survey, qualitative study …"""
    cited_as: dict[str, str] = field(default_factory=dict)
    """How the source writes a citation where that differs from its reference list."""
    restates: list[str] = field(default_factory=list)
    """The source's own sentence(s) the claim restates (or their first words), for checking."""
    ambiguous: list[Ambiguous] = field(default_factory=list)
    """Citations that could be either of two listed works; the guide picks neither."""
    id: str = ""
    """Its anchor on the theme page, for checklist items' `evidence:` to link to; '' when none."""


@dataclass
class Ambiguous:
    """A citation the source writes so that it fits two or more listed works (no a/b)."""

    written: str
    could_be: list[str]


@dataclass
class PresentDay:
    """A note by the guide's editors on what has changed since the source: never its words."""

    text: str
    cites: list[str]
    checked: str
    """When an editor last checked it against what it cites (YYYY-MM-DD)."""


@dataclass
class OtherVoice:
    """An argument from another of the guide's sources, in our words, with its author."""

    text: str
    author: str
    source: Source
    caution: bool = False
    cites: list[str] = field(default_factory=list)
    restates: list[str] = field(default_factory=list)


@dataclass
class Item:
    """A list item in the source's own wording (what works, what doesn't)."""

    text: str
    source: Source


@dataclass
class Theme:
    id: str
    title: str
    perspective: str
    summary: str
    source: Source
    keywords: list[str]
    what_works: list[Item]
    what_doesnt_work: list[Item]
    main_messages: list[str]
    message_ids: list[str]
    """The id of each main message, in order ('' for one without), for checklist items to link to."""
    quotes: list[Quote]
    situations: list[Situation]
    evidence: list[Claim]
    path: str
    checklist_items: list[ChecklistItem] = field(default_factory=list, repr=False)
    """Checklist items that come from this theme, in role order."""
    present_day: list[PresentDay] = field(default_factory=list)
    other_voices: list[OtherVoice] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"themes/{self.id}.md"


@dataclass
class EvidencePoint:
    """A main message, quotation or research claim on a theme page that backs a checklist item."""

    id: str
    """The anchor on the theme page."""
    theme: Theme
    kind: str
    """'message', 'quote' or 'claim'."""
    label: str
    """What the link says: 'main message 2', 'quotation 1 (carer)', 'research: Miller et al. 2008'."""

    @property
    def url(self) -> str:
        return f"{self.theme.url}#{self.id}"


def evidence_points(theme: Theme, references: dict) -> dict[str, EvidencePoint]:
    """Every point of a theme page that has an id, by id, with the words its link shows."""
    points = {}
    for number, message_id in enumerate(theme.message_ids, start=1):
        if message_id:
            points[message_id] = EvidencePoint(message_id, theme, "message", f"main message {number}")
    for number, quote in enumerate(theme.quotes, start=1):
        if quote.id:
            points[quote.id] = EvidencePoint(quote.id, theme, "quote", f"quotation {number} ({quote.said_by})")
    for claim in theme.evidence:
        if claim.id:
            works = [references[key].label for key in claim.cites if key in references] + list(claim.unlisted)
            label = "research: " + "; ".join(works) if works else "research"
            points[claim.id] = EvidencePoint(claim.id, theme, "claim", label)
    return points


@dataclass
class ChecklistItem:
    number: int
    text: str
    theme_ids: list[str]
    why: str
    keywords: list[str]
    role_id: str
    source: Source
    meeting_sheet: str = ""
    """The meeting-sheet slot the item goes in (guide.yml, print, meeting_sheet), if any."""
    evidence_ids: list[str] = field(default_factory=list)
    """Its `evidence:` as written: ids of points on its themes' pages."""
    evidence: list[EvidencePoint] = field(default_factory=list)
    """The points those ids name, in the same order (validate.py has checked that each exists)."""
    moment: str = ""
    """The id of the moment the item is used at ('before-meeting'); '' when ungrouped."""
    themes: list[Theme] = field(default_factory=list, repr=False)
    wording: str = "verbatim"
    """'verbatim' (the source's own words) or 'adapted' (ours, drawn from the source)."""
    cites: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.number}"

    @property
    def tick_key(self) -> str:
        """What a tick on the page is kept under in the browser: from the item's words, so that
        a tick stays with its item when items are added or moved."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Moment:
    """A pause point of a checklist: when a person stops and runs through its items."""

    id: str
    title: str
    items: list[ChecklistItem]
    more_than_nine_because: str = ""


@dataclass
class Checklist:
    id: str
    role: str
    audience: str
    intro: str
    source: Source
    items: list[ChecklistItem]
    path: str
    moments: list[Moment] = field(default_factory=list)
    """The items grouped by when they are used, in order; empty when the file names no moments."""
    present_day: list[PresentDay] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"roles/{self.id}.md"

    @property
    def sources(self) -> list[Source]:
        """The checklist's source, then each other source an item names (`source:` of its own), once."""
        found = [self.source]
        for item in self.items:
            if item.source not in found:
                found.append(item.source)
        return found

    @property
    def groups(self) -> list[Moment]:
        """What the page and the PDF list: the moments, or one untitled group of every item."""
        return self.moments or [Moment("", "", self.items)]


@dataclass
class Reference:
    key: str
    entry_type: str
    fields: dict[str, str]
    line: int
    formatted: str = ""
    """The entry in the report's Harvard style, as HTML from the CSL processor."""
    cited_in: list[Theme] = field(default_factory=list, repr=False)
    cited_in_report: bool = False
    cited_in_figures: bool = False
    cited_in_checklists: list[Checklist] = field(default_factory=list, repr=False)
    cited_in_case_studies: list[CaseStudy] = field(default_factory=list, repr=False)
    maybe_cited_in: list[tuple[Theme, str]] = field(default_factory=list, repr=False)
    """(theme, the report's words) where a citation could be this work or another listed one."""
    year_suffix: str = ""
    """'a', 'b' … when the same authors have several works in one year."""
    main_source: str = ""
    """The document whose list holds an entry that names no `sources` (guide.yml's main_source)."""
    documents: frozenset[str] = frozenset()
    """The ids of evidence/sources.yml: a `sources` word that is none of them is not an id."""

    @property
    def listed_in(self) -> list[str]:
        """The source documents whose reference list or footnotes hold the entry (guide.yml's
        main_source by default); ['editors'] for a current source the guide's editors added (sources = {editors})."""
        value = self.fields.get("sources", "")
        named = [word for word in re.split(r"[\s,;{}]+", value) if word]
        if "editors" in named:
            return ["editors"]
        return [word for word in named if word in self.documents] or [self.main_source]

    @property
    def label(self) -> str:
        """Author-year label as readers know it: 'Seddon et al. 2008'."""
        return f"{self.authors_short} {self.fields.get('year', '')}{self.year_suffix}".strip()

    @cached_property
    def authors_short(self) -> str:
        """'Seddon et al.': worked out once, since every citation and the audit ask for it."""
        names = split_names(self.fields.get("author") or self.fields.get("editor", ""))
        surnames = [name.split(",")[0].strip("{} ") for name in names]
        if len(surnames) == 1:
            who = surnames[0]
        elif len(surnames) == 2:
            who = f"{surnames[0]} and {surnames[1]}"
        else:
            who = f"{surnames[0]} et al."
        return who


def year_suffix(number: int) -> str:
    """'a', 'b' … 'z', then 'aa', 'ab' …: Harvard's letters for one author's works in one year."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


@dataclass
class PolicyQuote:
    text: str
    said_by: str
    cites: list[str]
    note: str = ""
    cited_as: dict[str, str] = field(default_factory=dict)
    """How the report writes the citation where that differs from its reference list."""


@dataclass
class Action:
    heading: str
    quotes: list[Quote]


@dataclass
class Report:
    id: str
    title: str
    publisher: str
    year: int
    """The year report.yml gives; 0 when it gives none (then `year_text` asks sources.yml)."""
    source: Source
    summary: str
    context: list[str]
    policy_quotes: list[PolicyQuote]
    key_questions: list[str]
    method: list[str]
    locations: list[str]
    attendance: dict[str, int]
    workshop_questions: list[str]
    wishes: list[str]
    follow_up: str
    actions: list[Action]
    conclusion: list[str]
    path: str = ""
    context_heading: str = "Background"
    about_year: int = 0
    """report.yml's estimate for an undated source."""

    @property
    def year_text(self) -> str:
        """The source's year as the About page gives it: report.yml's year or about_year, else
        sources.yml's date of the report's document ('about 2017'; 'not dated' when none)."""
        if self.year:
            return str(self.year)
        if self.about_year:
            return f"about {self.about_year}"
        return self.source.year_text


@dataclass
class NamedQuote:
    text: str
    said_by: str
    note: str = ""


@dataclass
class CaseStudy:
    id: str
    title: str
    place: str
    organisations: list[str]
    summary: str
    what_they_did: list[str]
    what_changed: list[str]
    who_it_helps: str
    theme_ids: list[str]
    role_ids: list[str]
    quotes: list[NamedQuote]
    keywords: list[str]
    source: Source
    path: str = ""
    cites: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"case-studies/{self.id}.md"

    @property
    def label(self) -> str:
        """How lists name the study: its place, or its title where the source names no place."""
        return self.title if self.place.lower().startswith("not stated") else self.place


@dataclass
class Tips:
    id: str
    title: str
    summary: str
    said_by: str
    source: Source
    theme_ids: list[str]
    do: list[str]
    dont: list[str]
    path: str = ""

    @property
    def url(self) -> str:
        return f"tips/{self.id}.md"


@dataclass
class Figure:
    value: str
    what: str
    year: int
    as_stated: str
    cites: list[str]
    source: Source
    path: str = ""


@dataclass
class Term:
    term: str
    abbreviation_of: str
    meaning: str
    documents: list[str]

    @property
    def anchor(self) -> str:
        """The term's place on the glossary page: glossary/index.md#<anchor>."""
        return term_anchor(self.term)


def term_anchor(term: str) -> str:
    """A glossary term's anchor: 'term-' and its letters and digits; `check` makes sure no two share one."""
    return "term-" + ("-".join(re.findall(r"[a-z0-9]+", term.lower().replace("'", "").replace("’", ""))) or "x")


@dataclass
class Guide:
    themes: list[Theme]
    checklists: list[Checklist]
    references: dict[str, Reference]
    report: Report | None
    """evidence/report.yml, for a guide whose guide.yml names the report section; else None."""
    documents: dict[str, dict]
    case_studies: list[CaseStudy] = field(default_factory=list)
    tips: list[Tips] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    glossary_path: str = ""
    has_help_now: bool = False
    """True when evidence/help-now.yml is there, so pages may link to Help now (set by pipeline.check)."""
    config: GuideConfig = field(default_factory=lambda: GuideConfig("", "guide", "en", (), ()))
    """guide.yml: the guide's names, audiences, sections and print products."""
    workshop: Workshop | None = None
    """The trainer's kit (the plans file guide.yml names), for a guide with a report; else None."""

    @property
    def references_sorted(self) -> list[Reference]:
        """Alphabetical by label then key, as a Harvard list is read."""
        return sorted(self.references.values(), key=lambda ref: (ref.formatted.lower(), ref.key))

    @property
    def references_by_key_order(self) -> list[Reference]:
        return [self.references[key] for key in sorted(self.references)]

    @property
    def glossary_sources(self) -> list[Source]:
        """The documents the glossary's terms are used in (`documents:`), for its page's dates:
        its meanings are ours, but the terms are those documents'."""
        named = dict.fromkeys(document for term in self.glossary for document in term.documents)
        return [_source({"document": id, "section": ""}, self.documents) for id in named if id in self.documents]

    def theme(self, theme_id: str) -> Theme:
        return self._themes_by_id[theme_id]

    @cached_property
    def _themes_by_id(self) -> dict[str, Theme]:
        return {theme.id: theme for theme in self.themes}


def _present_day(data) -> list[PresentDay]:
    return [PresentDay(n["text"], list(n["cites"]), str(n["checked"])) for n in data.get("present_day", [])]


def _texts(value) -> list[str]:
    """One string or a list of strings, as a list."""
    return [value] if isinstance(value, str) else list(value)


def _source(raw, documents) -> Source:
    document = documents.get(raw["document"], {})
    return Source(
        raw["document"],
        raw["section"],
        document.get("title", ""),
        document.get("year", 0),
        document.get("about_year", 0),
        document.get("author", ""),
    )


def build(content: Content, documents: dict[str, dict], nav_order: list[str]) -> Guide:
    """The Guide from validated content, with all cross-links resolved.

    Themes and checklists follow the order of mkdocs.yml's nav, so that the menu, the
    index pages and the print-outs all agree and the order is set in one place.
    """
    order = {page: position for position, page in enumerate(nav_order)}
    themes = []
    for path, data in content.themes:
        source = _source(data["source"], documents)
        themes.append(
            Theme(
                id=data["id"],
                title=data["title"],
                perspective=data["perspective"],
                summary=data["summary"],
                source=source,
                keywords=list(data.get("keywords", [])),
                what_works=[Item(text, source.within("What works")) for text in data["what_works"]],
                what_doesnt_work=[
                    Item(text, source.within("What doesn't work")) for text in data.get("what_doesnt_work") or []
                ],
                main_messages=[m["text"] if isinstance(m, dict) else m for m in data["main_messages"]],
                message_ids=[m["id"] if isinstance(m, dict) else "" for m in data["main_messages"]],
                quotes=[
                    Quote(
                        q["text"],
                        q["said_by"],
                        source.within(q.get("section", "Main messages")),
                        q.get("note", ""),
                        q.get("id", ""),
                    )
                    for q in data.get("quotes", [])
                ],
                situations=[
                    Situation(s["text"], source.within(s.get("section", "Learning from situations")))
                    for s in data.get("situations", [])
                ],
                evidence=[
                    Claim(
                        c["claim"],
                        list(c.get("cites", [])),
                        list(c.get("unlisted", [])),
                        _source(c["source"], documents)
                        if "source" in c
                        else source.within("Links to existing evidence"),
                        c.get("note", ""),
                        c.get("kind", ""),
                        dict(c.get("cited_as", {})),
                        _texts(c.get("source", {}).get("restates", [])),
                        [Ambiguous(a["written"], list(a["could_be"])) for a in c.get("ambiguous", [])],
                        c.get("id", ""),
                    )
                    for c in data.get("evidence", [])
                ],
                path=path,
                present_day=_present_day(data),
                other_voices=[
                    OtherVoice(
                        v["text"],
                        v["author"],
                        _source(v["source"], documents),
                        bool(v.get("caution", False)),
                        list(v.get("cites", [])),
                        _texts(v["source"].get("restates", [])),
                    )
                    for v in data.get("other_voices", [])
                ],
            )
        )
    themes.sort(key=lambda theme: order.get(theme.url, len(order)))
    themes_by_id = {theme.id: theme for theme in themes}

    checklists = []
    for path, data in content.checklists:
        source = _source(data["source"], documents)
        moment_order = [moment["id"] for moment in data.get("moments", [])]
        # Numbered in the order a reader meets them: moment by moment, file order within one.
        raws = sorted(data["items"], key=lambda raw: moment_order.index(raw["moment"]) if moment_order else 0)
        items = [
            ChecklistItem(
                number=number,
                text=raw["text"],
                theme_ids=list(raw["themes"]),
                why=raw.get("why", ""),
                keywords=list(raw.get("keywords", [])),
                role_id=data["id"],
                source=_source(raw["source"], documents) if "source" in raw else source,
                meeting_sheet=raw.get("meeting_sheet", ""),
                moment=raw.get("moment", ""),
                evidence_ids=list(raw.get("evidence", [])),
                themes=[themes_by_id[theme_id] for theme_id in raw["themes"]],
                wording=raw.get("wording", "verbatim"),
                cites=list(raw.get("cites", [])),
            )
            for number, raw in enumerate(raws, start=1)
        ]
        moments = [
            Moment(
                moment["id"],
                moment["title"],
                [item for item in items if item.moment == moment["id"]],
                moment.get("more_than_nine_because", ""),
            )
            for moment in data.get("moments", [])
        ]
        checklists.append(
            Checklist(
                data["id"],
                data["role"],
                data["audience"],
                data.get("intro", ""),
                source,
                items,
                path,
                moments,
                _present_day(data),
            )
        )
    checklists.sort(key=lambda checklist: order.get(checklist.url, len(order)))
    for checklist in checklists:
        for item in checklist.items:
            for theme in item.themes:
                theme.checklist_items.append(item)

    # An entry that names no `sources` is in the main source's list (the first document without one).
    main_source = content.guide[1].get("main_source", {}).get("id", "") if content.guide else ""
    main_source = main_source or next(iter(documents), "")
    references = {
        entry.key: Reference(
            entry.key,
            entry.entry_type,
            entry.fields,
            entry.line,
            main_source=main_source,
            documents=frozenset(documents),
        )
        for entry in content.references
    }
    by_label: dict[str, list[Reference]] = {}
    for reference in references.values():
        by_label.setdefault(reference.label, []).append(reference)
    for same in by_label.values():
        if len(same) > 1:
            for number, reference in enumerate(sorted(same, key=lambda ref: ref.key)):
                reference.year_suffix = year_suffix(number)
    points: dict[str, EvidencePoint] = {}
    for theme in themes:
        points |= evidence_points(theme, references)
    for checklist in checklists:
        for item in checklist.items:
            item.evidence = [points[point_id] for point_id in item.evidence_ids if point_id in points]
    for theme in themes:
        for claim in theme.evidence:
            for key in claim.cites:
                if theme not in references[key].cited_in:
                    references[key].cited_in.append(theme)
        for key in [key for note in theme.present_day for key in note.cites] + [
            key for voice in theme.other_voices for key in voice.cites
        ]:
            if theme not in references[key].cited_in:
                references[key].cited_in.append(theme)
        for claim in theme.evidence:
            for ambiguous in claim.ambiguous:
                for key in ambiguous.could_be:
                    if (theme, ambiguous.written) not in references[key].maybe_cited_in:
                        references[key].maybe_cited_in.append((theme, ambiguous.written))

    for checklist in checklists:
        for cites in [item.cites for item in checklist.items] + [note.cites for note in checklist.present_day]:
            for key in cites:
                if checklist not in references[key].cited_in_checklists:
                    references[key].cited_in_checklists.append(checklist)

    if content.guide is None:  # validate reports a missing or unreadable guide.yml first
        raise ValueError("model.build needs validated content: guide.yml was not read")
    config = guide_config(content.guide[1], content.root, content.folders)
    report = None
    if config.has("report"):
        if content.report is None:  # validate reports a missing or unreadable report.yml first
            raise ValueError("model.build needs validated content: evidence/report.yml was not read")
        report_path, report_data = content.report
        report = _report(report_data, documents)
        report.path = report_path
        for quote in report.policy_quotes:
            for key in quote.cites:
                references[key].cited_in_report = True

    case_studies = []
    for path, data in content.case_studies:
        case_studies.append(
            CaseStudy(
                id=data["id"],
                title=data["title"],
                place=data["place"],
                organisations=list(data.get("organisations", [])),
                summary=data["summary"],
                what_they_did=list(data["what_they_did"]),
                what_changed=list(data.get("what_changed", [])),
                who_it_helps=data.get("who_it_helps", ""),
                theme_ids=list(data["themes"]),
                role_ids=list(data["roles"]),
                quotes=[NamedQuote(q["text"], q["said_by"], q.get("note", "")) for q in data.get("quotes", [])],
                keywords=list(data.get("keywords", [])),
                source=_source(data["source"], documents),
                path=path,
                cites=list(data.get("cites", [])),
            )
        )
    for study in case_studies:
        for key in study.cites:
            if study not in references[key].cited_in_case_studies:
                references[key].cited_in_case_studies.append(study)
    case_studies.sort(key=lambda study: (study.source.document, study.title.lower()))
    tips = [
        Tips(
            data["id"],
            data["title"],
            data["summary"],
            data.get("said_by", ""),
            _source(data["source"], documents),
            list(data.get("themes", [])),
            list(data["do"]),
            list(data.get("dont", [])),
            path,
        )
        for path, data in content.tips
    ]
    figures = []
    for path, data in content.figures:
        document = data["source"]["document"]
        for raw in data["figures"]:
            source = _source({"document": document, "section": raw["section"]}, documents)
            figures.append(
                Figure(
                    raw["value"],
                    raw["what"],
                    raw.get("year", 0),
                    raw["as_stated"],
                    list(raw.get("cites", [])),
                    source,
                    path,
                )
            )
    for figure in figures:
        for key in figure.cites:
            references[key].cited_in_figures = True
    glossary = []
    if content.glossary:
        glossary = sorted(
            (
                Term(t["term"], t.get("abbreviation_of", ""), t["meaning"], list(t.get("documents", [])))
                for t in content.glossary[1]["terms"]
            ),
            key=lambda term: term.term.lower(),
        )
    return Guide(
        themes,
        checklists,
        references,
        report,
        documents,
        case_studies,
        tips,
        figures,
        glossary,
        content.glossary[0] if content.glossary else "",
        config=config,
        workshop=workshop(*content.workshop) if content.workshop and config.workshop and report else None,
    )


def _report(data, documents) -> Report:
    source = _source(data["source"], documents)
    workshops = data.get("workshops", {})
    return Report(
        id=data["id"],
        title=data["title"],
        publisher=data["publisher"],
        year=data.get("year", 0),
        source=source,
        about_year=data.get("about_year", 0),
        summary=data["summary"],
        context=list(data.get("context", [])),
        policy_quotes=[
            PolicyQuote(
                q["text"], q["said_by"], list(q.get("cites", [])), q.get("note", ""), dict(q.get("cited_as", {}))
            )
            for q in data.get("policy_quotes", [])
        ],
        key_questions=list(data.get("key_questions", [])),
        method=list(data.get("method", [])),
        locations=list(workshops.get("locations", [])),
        attendance=dict(workshops.get("attendance", {})),
        workshop_questions=list(workshops.get("questions", [])),
        wishes=list(data.get("wishes", [])),
        follow_up=data.get("follow_up", ""),
        actions=[
            Action(
                a["heading"],
                [
                    Quote(q["text"], q["said_by"], source.within("Actions from the workshops"), q.get("note", ""))
                    for q in a["quotes"]
                ],
            )
            for a in data.get("actions", [])
        ],
        conclusion=list(data.get("conclusion", [])),
        context_heading=data.get("context_heading", "Background"),
    )
