"""The stages in order: load -> validate -> model -> render -> write -> build.

Each public function runs the stages it needs and returns the problems found, so the
CLI, the MkDocs hook and the tests all drive the same sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import audit, help_now, lint, model, pdf, search_words
from generator.build import build_date_text, build_site
from generator.citations import format_references, read_cache, write_cache
from generator.errors import Problem, counted
from generator.history import History, read_history
from generator.load import Located, SiteConfig, load, read_site_config
from generator.render import render, render_print_index
from generator.validate import validate
from generator.write import WriteResult, plan, write


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    guide: model.Guide | None = None
    pages: dict[str, str] = field(default_factory=dict)
    written: WriteResult | None = None
    printed: WriteResult | None = None
    site: SiteConfig | None = None
    """mkdocs.yml as `check` read it: the later stages use it rather than read it again."""
    audited: audit.Audit | None = None
    """The citation audit, worked out once by `check` for its warnings and its page."""
    history: History | None = None
    """When each content file last changed (git), read by `generate`."""
    wording: list[Problem] = field(default_factory=list)
    """Warnings of the plain-English check, listed by `lint`."""
    help_now: Located | None = None
    """evidence/help-now.yml as `check` read it (generator/help_now.py), or None."""

    def checked(self) -> tuple[model.Guide, SiteConfig]:
        """The guide and mkdocs.yml's settings, which `check` makes whenever it finds no error."""
        if self.guide is None or self.site is None:
            raise ValueError("there is no guide: the content has errors (see Outcome.errors)")
        return self.guide, self.site

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


def check(root: Path) -> Outcome:
    """Load and validate; build the model only when the content is valid.

    The plain-English check's warnings are kept apart in `wording` and summed up in one
    warning, so that `check` stays short; `python -m generator lint` lists them.
    """
    content = load(root)
    site, site_problems = read_site_config(root)
    outcome = Outcome(sorted(site_problems + validate(content, site)), site=site)
    outcome.help_now, more = help_now.check(root, site.nav_pages, help_now.build_day(root))
    outcome.problems = sorted(outcome.problems + more + search_words.check(root)[1])
    if not outcome.errors and content.sources is not None:  # a missing sources.yml is an error
        documents = {doc["id"]: dict(doc) for doc in content.sources[1]["documents"]}
        outcome.guide = model.build(content, documents, site.nav_pages)
        outcome.guide.has_help_now = outcome.help_now is not None
        outcome.audited = audit.audit(outcome.guide)
        outcome.problems += audit.warnings(outcome.audited, outcome.guide)
        outcome.problems += _help_now_anchors(root, outcome)
        outcome.wording = wording = lint.lint(
            content,
            {term.term for term in outcome.guide.glossary},
            lint.settings_from(content.lint[1] if content.lint else None),
            (help_now.HELP_NOW_FILE, outcome.help_now) if outcome.help_now is not None else None,
        )
        if wording:
            outcome.problems.append(
                Problem(
                    content.lint[0] if content.lint else "evidence",  # a guide may have no lint.yml
                    0,
                    f"{counted(len(wording), 'plain-English warning')} in the content",
                    "Run 'python -m generator lint' to see them, with file, line and a plainer way to say it.",
                    "warning",
                )
            )
    if content.memo:
        content.memo.prune()  # forget what this run did not use: the old versions of edited files
    return outcome


def _help_now_anchors(root: Path, outcome: Outcome) -> list[Problem]:
    """Help now's `see:` anchors, checked against the pages they name, rendered for the purpose."""
    guide, site = outcome.checked()
    needed = help_now.linked_pages(outcome.help_now)
    if outcome.help_now is None or not needed:
        return []
    pages = render(guide, site.site_url, None, outcome.audited, only=needed)
    if help_now.PAGE in needed:
        pages[help_now.PAGE] = help_now.render_page(help_now.model(outcome.help_now, _titles(guide)), guide)
    return help_now.check_anchors(root, outcome.help_now, pages)


def generate(root: Path, docs: Path | None = None) -> Outcome:
    """Check, render and write the generated pages of docs/."""
    outcome = check(root)
    if outcome.errors:
        return outcome
    guide, site = outcome.checked()
    write_cache(root, format_references(guide.references_by_key_order, read_cache(root), guide.config.style_path))
    outcome.history = read_history(root)
    outcome.pages = render(guide, site.site_url, outcome.history, outcome.audited)
    if outcome.help_now is not None:
        outcome.pages[help_now.PAGE] = help_now.render_page(help_now.model(outcome.help_now, _titles(guide)), guide)
    docs = docs or root / "docs"
    outcome.problems += plan(outcome.pages, docs, root)
    if not outcome.errors:
        outcome.written = write(outcome.pages, docs)
    return outcome


def _titles(guide: model.Guide) -> dict[str, str]:
    """The title of each generated page a hand-made link may name."""
    titles = {theme.url: theme.title for theme in guide.themes}
    titles |= {checklist.url: f"{checklist.role}: checklist" for checklist in guide.checklists}
    titles |= {study.url: study.title for study in guide.case_studies}
    return titles


def export_print(root: Path, outcome: Outcome, docs: Path | None = None) -> Outcome:
    """Write the printable products (HTML and PDF) and their index page into docs/print/."""
    docs = docs or root / "docs"
    guide, site = outcome.checked()
    built = build_date_text(root)
    files: dict[str, str | bytes] = {}
    listing = []
    history = outcome.history or read_history(root)
    if not site.site_url:
        outcome.problems.append(NO_SITE_URL)
    made = pdf.products(guide, site.site_name, site.site_url, built, history)
    previous = []
    for product in made:
        html_path = docs / pdf.PRINT_FOLDER / f"{product.name}.html"
        pdf_path = html_path.with_suffix(".pdf")
        previous.append(
            (html_path.read_text(encoding="utf-8"), pdf_path.read_bytes())
            if html_path.exists() and pdf_path.exists()
            else None
        )
    for product, (html, data, pages) in zip(made, pdf.to_pdfs(made, previous), strict=True):
        files[f"{pdf.PRINT_FOLDER}/{product.name}.html"] = html
        files[f"{pdf.PRINT_FOLDER}/{product.name}.pdf"] = data
        listing.append((product, len(data), pages))
    files |= render_print_index(guide, listing, history)
    outcome.problems += plan(dict.fromkeys(files, ""), docs, root)
    if not outcome.errors:
        outcome.printed = write(files, docs, folders=(pdf.PRINT_FOLDER,), suffixes=(".md", ".html", ".pdf"))
    return outcome


def build(root: Path, site_dir: Path | None = None, engine: str = "mkdocs") -> Outcome:
    """Generate, print, then build the site with `engine`; site/ changes only when everything succeeded."""
    outcome = generate(root)
    if not outcome.errors:
        export_print(root, outcome)
    if not outcome.errors:
        outcome.problems += build_site(root, site_dir or root / "site", engine, outcome.guide)
    return outcome
