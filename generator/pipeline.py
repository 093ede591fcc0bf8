"""Where the stages meet: load -> validate -> model -> (format references, audit) -> render
-> write -> print -> build.

Every stage is a function from typed inputs to a typed result, and this module is the only
place that calls one stage with another's result, so the CLI, the MkDocs hook, the
benchmarks and the tests all drive the same sequence:

    check(root)            -> Checked    problems, the guide (or None), site settings, audit, …
    generate(root)         -> Generated  Checked + history + pages + what was written to docs/
    export_print(root, g)  -> Printed    the printables (HTML and PDF) and their index page
    build(root)            -> Built      Generated + Printed + the site build's problems

Results are frozen: a later stage makes a new result around an earlier one instead of
filling in a shared record.

Each run takes a `session` (generator/session.py), the one place anything is remembered
between runs. Without one, a run reads and works out everything afresh and leaves no
cache behind; the CLI and the MkDocs hook pass `Session.on_disk(root)`, a preview server
can keep one `Session()` alive. Each run ends with `session.finish()`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import audit, help_now, lint, model, pdf, search_words, template_check
from generator.build import build_site
from generator.citations import format_entries
from generator.errors import Problem, counted
from generator.files import Pages
from generator.history import History, build_date_text, read_history
from generator.load import Content, Located, SiteConfig, load, read_site_config
from generator.names import PRINT_FOLDER
from generator.notfound import not_found_page
from generator.render import Trace, print_index_names, render, render_print_index, templates_digest
from generator.session import Session
from generator.validate import validate
from generator.write import WriteResult, plan, prune, write, write_one


class _Result:
    """What every stage's result says: its problems, split into errors and warnings."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity != "error"]


NO_SITE_URL = Problem(
    "mkdocs.yml",
    0,
    "site_url is not set: print-outs show each page's path in the guide, not its web address",
    "When the guide is published, set it to the guide's web address, "
    'e.g. site_url: "https://example.org/our-guide/" (For editors, Before you publish).',
    "warning",
)
"""Said once by `build`, which makes the print-outs: the guide's address is not known until it
is published, and never guessed."""


@dataclass(frozen=True)
class Checked(_Result):
    """`check`: the content loaded, validated and, when valid, modelled and audited."""

    problems: tuple[Problem, ...]
    site: SiteConfig
    """mkdocs.yml as `check` read it: the later stages use it rather than read it again."""
    guide: model.Guide | None = None
    """The model, made whenever the content has no error."""
    audited: audit.Audit | None = None
    """The citation audit, worked out once for its warnings and its page."""
    help_now: Located | None = None
    """evidence/help-now.yml as read (generator/help_now.py), or None."""
    wording: tuple[Problem, ...] = ()
    """Warnings of the plain-English check, listed by `lint`."""
    digests: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Each content file read, by path: the session's key of its bytes (empty when the session is off)."""

    def ready(self) -> tuple[model.Guide, SiteConfig, audit.Audit]:
        """The guide, mkdocs.yml's settings and the audit, which `check` makes whenever it finds no error."""
        if self.guide is None or self.audited is None:
            raise ValueError("there is no guide: the content has errors (see .errors)")
        return self.guide, self.site, self.audited


@dataclass(frozen=True)
class Generated(_Result):
    """`generate`: the checked guide's pages rendered and, when safe, written into docs/."""

    checked: Checked
    problems: tuple[Problem, ...]
    """The check's problems and the writer's."""
    history: History | None = None
    """When each content file last changed (git); None when the check found errors."""
    pages: Mapping[str, str] = field(default_factory=dict)
    """Every generated page by its path under docs/; empty when the check found errors."""
    written: WriteResult | None = None
    """What was written, left unchanged and removed; None when nothing was written."""
    rendered: tuple[str, ...] | None = None
    """The pages rendered by this run, when it rendered only those a change reached (a
    process that keeps its session in memory); None when it rendered every page."""

    @property
    def guide(self) -> model.Guide | None:
        return self.checked.guide


@dataclass(frozen=True)
class Printed(_Result):
    """`export_print`: the printables and their index page, written into docs/print/ when safe."""

    problems: tuple[Problem, ...]
    files: Mapping[str, int]
    """Every file of docs/print/ this run made, by its path under docs/: its size in bytes (the
    bytes themselves are written as each printable is laid out, not held). Empty when a
    hand-written file was in the way or a print template has a mistake."""
    written: WriteResult | None = None


@dataclass(frozen=True)
class Built(_Result):
    """`build`: generated, printed, then the site built; site/ changes only when all succeeded."""

    generated: Generated
    problems: tuple[Problem, ...]
    printed: Printed | None = None

    @property
    def guide(self) -> model.Guide | None:
        return self.generated.guide

    @property
    def wrote_anything(self) -> bool:
        return self.generated.written is not None or (self.printed is not None and self.printed.written is not None)


def _errors(problems) -> bool:
    return any(problem.severity == "error" for problem in problems)


# -- the stages ------------------------------------------------------------------------


def validate_content(
    root: Path, content: Content, session: Session | None = None
) -> tuple[SiteConfig, Located | None, list[Problem]]:
    """mkdocs.yml, Help now and the search words read and judged with the content."""
    site, site_problems = read_site_config(root)
    problems = site_problems + validate(content, site, session)
    folders = content.folders
    found_help_now, more = help_now.check(
        root, site.nav_pages, help_now.build_day(root), folders, session, content.digests
    )
    return site, found_help_now, sorted(problems + more + search_words.check(root, folders, session)[1])


def make_model(content: Content, site: SiteConfig, has_help_now: bool) -> model.Guide:
    """The guide's model from valid content."""
    assert content.sources is not None, "validate reports a missing sources.yml as an error"
    documents = {doc["id"]: dict(doc) for doc in content.sources[1]["documents"]}
    guide = model.build(content, documents, site.nav_pages)
    guide.has_help_now = has_help_now
    return guide


def check_wording(
    content: Content, guide: model.Guide, found_help_now: Located | None, session: Session
) -> list[Problem]:
    """The plain-English check of our own words (`python -m generator lint`), Help now's included."""
    return lint.lint(
        content,
        {term.term for term in guide.glossary},
        lint.settings_from(content.lint[1] if content.lint else None),
        (content.folders.help_now, found_help_now) if found_help_now is not None else None,
        session,
    )


def check_help_now_links(
    root: Path,
    guide: model.Guide,
    site: SiteConfig,
    audited,
    found_help_now,
    session: Session | None = None,
    digests: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Help now's `see:` anchors, checked against the pages they name, rendered for the purpose.

    The references' entries do not change any anchor, so they are left empty here rather than
    formatted (citeproc is the slow part of a run). With a `session` and the content's
    `digests` (what `load` read), the anchors of the generated pages are remembered by
    everything they are made from, so a run in which none of it changed renders nothing."""
    needed = help_now.linked_pages(found_help_now)
    if found_help_now is None or not needed:
        return []
    session = session or Session.off()

    def generated() -> dict[str, list[str]]:
        unformatted = dict.fromkeys(guide.references, "")
        pages = render(guide, unformatted, audited, History(datetime.date.today()), site.site_url, only=needed)
        if help_now.PAGE in needed:
            pages[help_now.PAGE] = help_now.render_page(help_now.model(found_help_now, _titles(guide)), guide)
        return {page: anchors_of(text) for page, text in pages.items()}

    def anchors_of(text: str) -> list[str]:
        """A page's anchors, remembered by what they are made from (`help_now.anchor_relevant`):
        a title edit changes the links on the pages Help now links to, not their anchors, and
        converting them again was a seventh of a title save at x1 under a profile."""
        if not session.remember:
            return sorted(help_now.page_anchors(text))
        key = session.key("anchors-text", help_now.anchor_relevant(text))
        return session.through(key, lambda: sorted(help_now.page_anchors(text)))

    if session.remember and digests:
        key = session.key("anchors", *sorted(needed), *_anchor_inputs(root, guide, site, digests))
        found = session.through(key, generated)
    else:
        found = generated()
    anchors: dict[str, set[str] | None] = {page: set(names) for page, names in found.items()}
    for page in sorted(needed - set(anchors)):  # a hand-written page of docs/, or none
        written = root / "docs" / page
        if written.is_file() and written.resolve().is_relative_to(root.resolve()):
            raw = written.read_bytes()

            def read(raw: bytes = raw) -> list[str]:
                return sorted(help_now.page_anchors(raw.decode("utf-8", errors="replace")))

            key = session.key("anchors-page", page, raw) if session.remember else ""
            anchors[page] = set(session.through(key, read) if key else read())
        else:
            anchors[page] = None
    return help_now.check_anchors(found_help_now, anchors, guide.config.content)


def _anchor_inputs(root: Path, guide: model.Guide, site: SiteConfig, digests: Mapping[str, str]) -> list[str | bytes]:
    """What the generated pages' anchors are made from besides the engine's code: every
    content file read (by its session key), Help now's included, the reference list (read
    outside `load`'s keys), mkdocs.yml's settings and menu, and every template."""
    folders = guide.config.content
    parts: list[str | bytes] = [f"{path}\0{key}" for path, key in sorted(digests.items())]
    references = root / folders.references  # Help now's file is in `digests` (help_now.check puts it there)
    parts.append(references.read_bytes() if references.is_file() else b"")
    parts += [site.site_url, site.site_name, "\n".join(site.nav_pages), templates_digest(guide.config)]
    return parts


def format_references(guide: model.Guide, session: Session) -> dict[str, str]:
    """Each reference's entry in the guide's citation style, by BibTeX key."""
    return format_entries(guide.references_by_key_order, session, guide.config.style_path)


def render_pages(
    checked: Checked, formatted: Mapping[str, str], history: History, site_url: str | None = None
) -> Pages:
    """Every generated Markdown page (pure: nothing is read or written), held as UTF-8."""
    guide, site, audited = checked.ready()
    pages = render(guide, formatted, audited, history, site.site_url if site_url is None else site_url)
    if checked.help_now is not None:
        pages[help_now.PAGE] = help_now.render_page(help_now.model(checked.help_now, _titles(guide)), guide)
    return pages


@dataclass(frozen=True)
class RenderState:
    """What one render of a guide leaves for the next in the same process (`render_changed`)."""

    fingerprint: str
    """Everything besides the themes, checklists, case studies and tips that pages show."""
    files: Mapping[str, str]
    """Each theme, checklist, case study and tips file by path: the key of its bytes."""
    relations: str
    """A digest of the links between those files (see `relations_digest`)."""
    names: tuple[str, ...]
    shared: str
    reads: Mapping[str, frozenset[str]]
    pages: Mapping[str, str]


def item_files(guide: model.Guide) -> list[str]:
    """The content files that each make one page of their own, and that `render`'s trace follows."""
    paths = [theme.path for theme in guide.themes] + [checklist.path for checklist in guide.checklists]
    return paths + [study.path for study in guide.case_studies] + [tips.path for tips in guide.tips]


def relations_digest(guide: model.Guide) -> str:
    """The links between themes, checklists, case studies and tips, and the numbers of the
    checklists' items: when one changes, pages that read neither end may show it (a theme
    page lists the case studies that name it), so everything is rendered again."""
    digest = hashlib.blake2b(digest_size=16)
    for theme in guide.themes:
        shown = [(item.role_id, item.number) for item in theme.checklist_items]
        digest.update(repr((theme.path, theme.id, shown)).encode("utf-8"))
    for checklist in guide.checklists:
        items = [(item.number, item.theme_ids, item.evidence_ids, item.moment) for item in checklist.items]
        digest.update(repr((checklist.path, checklist.id, items)).encode("utf-8"))
    for study in guide.case_studies:
        digest.update(repr((study.path, study.id, study.theme_ids, study.role_ids)).encode("utf-8"))
    for tips in guide.tips:
        digest.update(repr((tips.path, tips.id, tips.theme_ids)).encode("utf-8"))
    return digest.hexdigest()


def _fingerprint(root: Path, checked: Checked, formatted: Mapping[str, str], history: History, items) -> str:
    """A digest of every input of `render` besides the item files: the other content files,
    the BibTeX file, the formatted references, the history, the site address, the templates."""
    guide, site, _ = checked.ready()
    digest = hashlib.blake2b(digest_size=20)
    others = sorted((path, key) for path, key in checked.digests.items() if path not in items)
    digest.update(repr((others, site.site_url, guide.has_help_now, str(root))).encode("utf-8"))
    digest.update(repr(sorted(formatted.items())).encode("utf-8"))
    digest.update(repr((history.today, history.in_git, history.last_changed, history.changes)).encode("utf-8"))
    try:
        digest.update((root / guide.config.content.references).read_bytes())
    except OSError:
        pass
    digest.update(templates_digest(guide.config).encode("ascii"))
    return digest.hexdigest()


def render_changed(
    root: Path, checked: Checked, formatted: Mapping[str, str], history: History, previous: RenderState | None
) -> tuple[dict[str, str], RenderState, tuple[str, ...] | None]:
    """Every generated page, as `render_pages` makes them, rendering again only the pages a
    change reaches: those that read a changed theme, checklist, case study or tips file
    (`render.Trace` notes what each page read). Everything is rendered when anything else
    changed (another content file, the references, the templates, the history, a link between
    files, which pages exist, or which references page a work is on).

    Returns the pages, the state for the next call and the pages rendered (None: all of them)."""
    guide, site, audited = checked.ready()
    items = item_files(guide)
    files = {path: checked.digests.get(path, "") for path in items}
    fingerprint = _fingerprint(root, checked, formatted, history, set(items))
    relations = relations_digest(guide)
    extra = {}
    if checked.help_now is not None:
        extra[help_now.PAGE] = help_now.render_page(help_now.model(checked.help_now, _titles(guide)), guide)
    usable = (
        previous is not None
        and previous.fingerprint == fingerprint
        and previous.relations == relations
        and previous.files.keys() == files.keys()
        and all(files.values())
    )
    if previous is not None and usable:
        changed = {path for path, key in files.items() if previous.files[path] != key}
        todo = {name for name, read in previous.reads.items() if read & changed}
        trace = Trace()
        fresh = render(guide, formatted, audited, history, site.site_url, only=todo, trace=trace)
        if tuple(trace.names) == previous.names and trace.shared == previous.shared:
            pages: Mapping[str, str] = {**previous.pages, **fresh}
            reads = {**previous.reads, **trace.reads}
            state = RenderState(fingerprint, files, relations, previous.names, trace.shared, reads, pages)
            return {**pages, **extra}, state, tuple(sorted(fresh))
    trace = Trace()
    pages = render(guide, formatted, audited, history, site.site_url, trace=trace)
    state = RenderState(fingerprint, files, relations, tuple(trace.names), trace.shared, trace.reads, pages)
    return {**pages, **extra}, state, None


def _titles(guide: model.Guide) -> dict[str, str]:
    """The title of each generated page a hand-made link may name."""
    titles = {theme.url: theme.title for theme in guide.themes}
    titles |= {checklist.url: f"{checklist.role}: checklist" for checklist in guide.checklists}
    titles |= {study.url: study.title for study in guide.case_studies}
    return titles


# -- the runs that people and tools start ----------------------------------------------


def check(root: Path, session: Session | None = None) -> Checked:
    """Load and validate; build the model only when the content is valid.

    The plain-English check's warnings are kept apart in `wording` and summed up in one
    warning, so that `check` stays short; `python -m generator lint` lists them.
    """
    session = session or Session.off()
    content = load(root, session)
    site, found_help_now, problems = validate_content(root, content, session)
    result = Checked(tuple(problems), site, help_now=found_help_now)
    if not _errors(problems):
        guide = make_model(content, site, found_help_now is not None)
        audited = audit.audit(guide)
        wording = check_wording(content, guide, found_help_now, session)
        problems += audit.warnings(audited, guide)
        problems += check_help_now_links(root, guide, site, audited, found_help_now, session, content.digests)
        problems += template_check.check_templates(guide.config)
        if wording:
            problems.append(
                Problem(
                    content.lint[0] if content.lint else content.folders.evidence,  # a guide may have no lint.yml
                    0,
                    f"{counted(len(wording), 'plain-English warning')} in the content",
                    "Run 'python -m generator lint' to see them, with file, line and a plainer way to say it.",
                    "warning",
                )
            )
        result = Checked(tuple(problems), site, guide, audited, found_help_now, tuple(wording), dict(content.digests))
    session.finish()  # forget what this run did not use: the old versions of edited files
    return result


def generate(root: Path, docs: Path | None = None, session: Session | None = None) -> Generated:
    """Check, render and write the generated pages of docs/."""
    session = session or Session.off()
    checked = check(root, session)
    if checked.errors:
        return Generated(checked, checked.problems)
    guide, _, _ = checked.ready()
    formatted = format_references(guide, session)
    session.finish()
    history = read_history(root, guide.config.content.all)
    rendered = None
    pages: Mapping[str, str]
    try:
        if session.remember and session.in_memory:  # a process that generates again: render what a change reaches
            pages, session.rendered, rendered = render_changed(root, checked, formatted, history, session.rendered)
        else:
            pages = render_pages(checked, formatted, history)
    except Exception as error:  # a mistake in the guide's own templates is the guide's, not the engine's
        fault = template_check.template_fault(error, guide.config)
        if fault is None:
            raise
        return Generated(checked, checked.problems + (fault,))
    docs = docs or root / "docs"
    refused = plan(pages, docs, root)
    written = None if _errors(refused) else write(pages, docs)
    return Generated(checked, checked.problems + tuple(refused), history, pages, written, rendered)


def export_print(root: Path, generated: Generated, docs: Path | None = None, session: Session | None = None) -> Printed:
    """Write the printable products (HTML and PDF) and their index page into docs/print/.

    The files' names are known before any is laid out: a hand-written file in the way stops
    the run before anything is laid out or written. Each printable is written as soon as it
    is laid out and then let go (at x100, holding all 609 for one write at the end put the
    peak 37 MiB higher), then the index page, then the generator's files no longer made are
    removed. A mistake in a print template shows before anything is written, unless only
    a larger type size meets it (then the printables laid out before it stay written)."""
    session = session or Session.off()
    docs = docs or root / "docs"
    guide, site, _ = generated.checked.ready()
    history = generated.history or read_history(root, guide.config.content.all)
    warned = [] if site.site_url else [NO_SITE_URL]
    try:
        made = pdf.products(guide, site.site_name, site.site_url, build_date_text(root, guide.config.language), history)
        names = [f"{PRINT_FOLDER}/{product.name}{suffix}" for product in made for suffix in (".html", ".pdf")]
        names += print_index_names(made)
        refused = warned + plan(names, docs, root)
        if _errors(refused):
            return Printed(tuple(refused), {})
        laid_out = pdf.each_pdf(made, session)  # every printable's HTML made: a template's mistake shows here
    except Exception as error:  # a mistake in the guide's own print templates
        fault = template_check.template_fault(error, guide.config)
        if fault is None:
            raise
        return Printed((fault,), {})
    written = WriteResult()
    sizes: dict[str, int] = {}
    listing: dict[int, tuple[pdf.Product, int, int]] = {}
    try:
        for index, (html, data, pages) in laid_out:  # as each is laid out, in no set order
            product = made[index]
            for name, content in (
                (f"{PRINT_FOLDER}/{product.name}.html", html),
                (f"{PRINT_FOLDER}/{product.name}.pdf", data),
            ):
                sizes[name] = write_one(name, content, docs, written)
            listing[index] = (product, len(data), pages)
    except Exception as error:  # a mistake in a print template that only one type size meets
        fault = template_check.template_fault(error, guide.config)
        if fault is None:
            raise
        return Printed((fault,), {}, written)
    session.finish()
    for name, text in render_print_index(guide, [listing[index] for index in sorted(listing)], history).items():
        sizes[name] = write_one(name, text, docs, written)
    files = {name: sizes[name] for name in [*names, *sizes] if name in sizes}  # in the products' order
    order = {name: number for number, name in enumerate(files)}
    written.written.sort(key=order.__getitem__)
    written.unchanged.sort(key=order.__getitem__)
    prune(files, docs, written, folders=(PRINT_FOLDER,), suffixes=(".md", ".html", ".pdf"))
    return Printed(tuple(refused), files, written)


def build(root: Path, site_dir: Path | None = None, engine: str = "mkdocs", session: Session | None = None) -> Built:
    """Generate, print, then build the site with `engine`; site/ changes only when everything succeeded."""
    session = session or Session.off()
    generated = generate(root, session=session)
    if generated.errors:
        return Built(generated, generated.problems)
    guide, site, _ = generated.checked.ready()
    try:
        missing_page = not_found_page(guide, site.site_name, site.site_url)
    except Exception as error:  # a mistake in the guide's own 404 template
        fault = template_check.template_fault(error, guide.config)
        if fault is None:
            raise
        return Built(generated, (*generated.problems, fault))
    printed = export_print(root, generated, session=session)
    problems = generated.problems + printed.problems
    if printed.errors:
        return Built(generated, problems, printed)
    problems += tuple(build_site(root, site_dir or root / "site", engine, guide, missing_page))
    return Built(generated, problems, printed)
