"""The MkDocs plugin `evidence-guide`: regenerate a guide's pages before every (re)build,
keep pages light, and index the printables.

Declared under the "mkdocs.plugins" entry points of pyproject.toml, so MkDocs finds it in the
installed package wherever the guide lives: a guide's mkdocs.yml says `plugins: [evidence-guide]`.

MkDocs watches the content folders (the plugin adds those guide.yml declares, evidence/ and
checklists/ unless it says, to `watch:`); when a file there changes, the plugin runs the
generator, which rewrites only the pages whose text changed.
A broken file is reported in the terminal and on every previewed page (a banner), and
nothing is written, so the preview keeps showing the last good version under it.
`python -m generator build` has already generated the pages when it calls MkDocs, and says
so with EVIDENCE_GUIDE_GENERATED=1.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import html
import json
import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import clean_directory
from mkdocs.utils.meta import get_data

from generator.errors import Problem, counted
from generator.paths import THEME_DIR
from generator.session import Session

log = logging.getLogger("mkdocs.plugins.evidence_guide")

GENERATED_VARIABLE = "EVIDENCE_GUIDE_GENERATED"
"""Set by the build, which has generated the pages already: the plugin then leaves them be."""


def guide_root(config) -> Path:
    """The guide's folder: the one holding its mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def add_theme_dir(config):
    """Put the engine's theme overrides after the guide's own `custom_dir` (which wins) and
    before the theme's templates; nothing changes when mkdocs.yml already names them."""
    dirs = config.theme.dirs
    if any(Path(folder).resolve() == THEME_DIR.resolve() for folder in dirs):
        return config
    custom = config.theme.custom_dir
    dirs.insert(1 if custom else 0, str(THEME_DIR))
    return config


def add_content_watch(config, session: Session | None = None):
    """Watch the guide's content folders (guide.yml's `content:`) under `mkdocs serve`, besides
    any that mkdocs.yml's `watch:` names already (guide.yml read through `session`, if given)."""
    from generator.load import read_folders

    root = guide_root(config)
    watched = {str(Path(path).resolve()) for path in config.watch}
    for folder in read_folders(root, session).all:
        path = (root / folder).resolve()
        if path.is_dir() and str(path) not in watched:
            config.watch.append(str(path))
            watched.add(str(path))
    return config


def on_pre_build(config, session=None, written: list[Path] | None = None, **kwargs) -> list[Problem]:
    """Regenerate the guide's pages; `session` is the one the plugin keeps for the life of
    the process (a fresh on-disk one when called on its own). Returns the content's errors;
    the files written or removed go into `written`."""
    if os.environ.get(GENERATED_VARIABLE):
        return []
    from generator import pipeline

    root = guide_root(config)
    outcome = pipeline.generate(root, session=session or Session.on_disk(root))
    if written is not None and outcome.written:
        docs = root / "docs"
        written.extend(docs / name for name in outcome.written.written + outcome.written.removed)
    for problem in outcome.errors:
        log.error(str(problem))
    if outcome.errors:
        log.error("evidence-guide: content has errors; showing the last good pages.")
    elif outcome.written and (outcome.written.written or outcome.written.removed):
        log.info("evidence-guide: regenerated %s", ", ".join(outcome.written.written + outcome.written.removed))
    return outcome.errors


BANNER_ID = "evidence-guide-errors"
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.8em 1.2em;"
    "background:#8b0000;color:#fff;font:1rem/1.4 sans-serif"
)


def error_banner(problems: list[Problem]) -> str:
    """The preview's banner while the content has errors: each `file:line: what is wrong` and
    its hint, escaped (content is untrusted), announced to screen readers (role="alert")."""
    items = "".join(
        f'<li style="white-space:pre-wrap">{html.escape(str(problem), quote=True)}</li>' for problem in problems
    )
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{_BANNER_STYLE}">'
        f"<strong>The content has {html.escape(counted(len(problems), 'error'))}: "
        "this preview shows the last good version.</strong>"
        f'<ul style="margin:.4em 0 0 1.2em">{items}</ul></div>'
    )


def add_banner(output: str, problems: list[Problem]) -> str:
    """The page with the error banner first in its body (unchanged when there are no errors)."""
    if not problems:
        return output
    found = _BODY_START.search(output)
    at = found.end() if found else 0
    return output[:at] + error_banner(problems) + output[at:]


_KEEP_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENTED_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def on_post_page(output, **kwargs):
    """Drop the blank lines and indentation the theme's templates leave in every page.

    A reader opening a checklist on a phone pays for every byte; about a fifth of a page
    is template whitespace. A newline stays wherever there was one, so the page renders
    the same; <pre>, <textarea>, <script> and <style> are kept exactly as written.
    """
    parts = _KEEP_AS_WRITTEN.split(output)
    slim = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            slim.append(_INDENTED_LINES.sub("\n", part))
        elif kind == 1:
            slim.append(part)
    return "".join(slim)


def on_post_build(
    config, remembered: dict | None = None, index: dict | None = None, session: Session | None = None, **kwargs
) -> bool:
    """Add the printables and the everyday words of search-words.yml (evidence folder) to the search index.

    `remembered`: what the last build found for each entry, for the same words (a preview's
    rebuilds); see `search_words.apply`. `index`: the index as it is to be written, when the
    caller holds it already (else it is read from the site). `session`: the preview's, which
    parses the words' file and guide.yml again only when they change. Returns whether it wrote
    the index."""
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if index is None and not index_path.exists():
        return False
    from generator import search_words

    data, problems = search_words.check(guide_root(config), session=session)
    errors = [problem for problem in problems if problem.severity == "error"]
    for problem in errors:
        log.error(str(problem))
    if data is None or errors:
        return False
    if index is None:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    if remembered is not None:
        words = json.dumps(data, sort_keys=True, default=str)
        if remembered.get("words") != words:
            remembered.clear()
            remembered["words"] = words
        remembered = remembered.setdefault("entries", {})
    index = search_words.apply(search_words.add_printables(index, Path(config.site_dir)), data, remembered)
    index_path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return True


SHOWN_ON_OTHER_PAGES = ("title", "icon", "status", "tags", "subtitle")
"""Front matter that other pages show (Material's menu and tags listings); the rest, such as
`description`, is a page's own."""


def site_signature(
    config, files, errors: list[Problem], memo: dict | None = None
) -> tuple[str, dict[str, str], set[str], dict[str, tuple]]:
    """What every built page shows of the others: the menu (mkdocs.yml's nav, each page's
    front matter and first heading, the list of files), the content's errors (the banner) and
    the Markdown files every page may include (those excluded from the build, such as the
    glossary's abbreviations).

    Returns a digest of what every page shows alike (the nav, the list of files, the errors,
    the included files), and for each page a digest of what other pages show of it (its
    title and menu front matter). While the first stays the same, a page whose Markdown did
    not change builds to the same HTML as before unless a page its menu shows changed its
    title (`menu_readers`). Also returned: the pages with tags or a tags listing. Material's
    tags plugin gathers the tags of the pages it reads, so a change to one of those needs a
    whole build. And each page's titles: the title of its front matter and the text of its
    first heading (`retitled_content`). `memo`: what was found in each file at the last call,
    by its path, size and modification time (a preview's rebuilds read only the pages written
    since)."""
    digest = hashlib.blake2b(digest_size=20)
    shown_of: dict[str, str] = {}
    titles_of: dict[str, tuple] = {}
    seen: dict = {}
    tagged = set()
    digest.update(repr(config.nav).encode("utf-8"))
    digest.update("\n".join(str(problem) for problem in errors).encode("utf-8"))
    for file in sorted(files, key=lambda file: file.src_uri):
        digest.update(b"\0" + file.src_uri.encode("utf-8"))
        if not file.is_documentation_page():
            continue
        excluded = file.inclusion.is_excluded()
        try:
            status = os.stat(file.abs_src_path)
            stamp = (file.abs_src_path, status.st_mtime_ns, status.st_size, excluded)
        except (OSError, TypeError):
            stamp = None
        found = memo.get(stamp) if memo is not None and stamp is not None else None
        if found is None:
            found = _shown_of_file(file.abs_src_path, excluded)
        if stamp is not None:
            seen[stamp] = found
        shown, has_tags, titles = found
        if excluded:
            digest.update(shown.encode("utf-8"))
            continue
        if has_tags:
            tagged.add(file.src_uri)
        shown_of[file.src_uri] = shown
        titles_of[file.src_uri] = titles
    if memo is not None:
        memo.clear()
        memo.update(seen)
    return digest.hexdigest(), shown_of, tagged, titles_of


def _shown_of_file(path, excluded: bool) -> tuple[str, bool, tuple]:
    """What other pages show of a Markdown file (its text, when excluded from the build),
    whether it has tags or a tags listing, and its titles (front matter, first heading)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, TypeError):
        text = ""
    if excluded:
        return text, False, ()
    markdown, meta = get_data(text)
    title = next((line for line in markdown.splitlines() if line.startswith("# ")), "")
    shown = [repr(meta.get(key)) for key in SHOWN_ON_OTHER_PAGES]
    titles = (meta.get("title"), title[2:].strip())
    return repr((shown, title)), bool(meta.get("tags") or "material/tags" in markdown), titles


PRUNED_MENU_UNLESS = ("navigation.tabs", "navigation.sections")
"""Material's features that show sections of the menu on pages outside them, even pruned."""


def menu_readers(nav, changed: set[str], theme) -> set[str] | None:
    """The pages whose HTML shows the title or menu front matter of a page in `changed` (by
    source path), or None when every page may (a page at the menu's top level, or a theme
    whose menu is not pruned).

    With Material's `navigation.prune`, a page's menu holds the top level and the children of
    every section on the way to the page: a page's title shows on itself, on the pages of
    its own section (and of the sections within it), and beside it as the previous and next
    page."""
    features = (theme.get("features") or []) if theme.name == "material" else []
    if "navigation.prune" not in features or any(feature in features for feature in PRUNED_MENU_UNLESS):
        return None
    by_source = {page.file.src_uri: page for page in nav.pages}
    readers: set[str] = set()
    for source in changed:
        page = by_source.get(source)
        if page is None:
            continue  # not in the menu: its title shows on itself only
        if page.parent is None:
            return None
        readers.add(source)
        readers.update(item.file.src_uri for item in _pages_within(page.parent))
        readers.update(neighbour.file.src_uri for neighbour in (page.previous_page, page.next_page) if neighbour)
    return readers


def _pages_within(section) -> list:
    found = []
    for child in section.children or []:
        if child.is_page:
            found.append(child)
        elif child.is_section:
            found.extend(_pages_within(child))
    return found


QUIET_SECONDS = 0.03
"""How long the preview waits after a file event for more before it builds (`on_serve`)."""

WRITES = frozenset({"created", "modified", "moved", "deleted", "closed"})
"""The file events that are a change: a native observer also reports files opened and closed
unwritten, which MkDocs' own reading of docs/ makes during every build."""


def watch_writes(server, path: str, recursive: bool = True, own=None) -> None:
    """MkDocs' `LiveReloadServer.watch` (1.6), rebuilding on a change to a file only, and not
    on one the plugin made itself (`own(event)` true)."""
    path = os.path.abspath(path)
    if path in server._watched_paths:
        server._watched_paths[path] += 1
        return
    server._watched_paths[path] = 1

    def changed(event) -> None:
        if event.is_directory or event.event_type not in WRITES:
            return
        if own is not None and own(event):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    from watchdog.events import FileSystemEventHandler

    handler = FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    server._watch_refs[path] = server.observer.schedule(handler, path, recursive=recursive)


def _is_temporary(path: str) -> bool:
    """A temporary file of `files.write_atomically` (or an editor's hidden file): MkDocs builds no dot-files."""
    return os.path.basename(path).startswith(".")


def _page_of(location: str) -> str:
    """The page a search index entry belongs to: its location without the heading's anchor."""
    return location.split("#", 1)[0]


THEME_FILES_FILTER = "Files.add_files_from_theme.<locals>.filter"
"""MkDocs' filter of the theme's files to copy (1.6): which names it passes depends only on the
theme's static templates (and on MkDocs' Markdown extensions, which are fixed)."""


class ThemeListing:
    """`Environment.list_templates` of a kept theme environment, remembering MkDocs' listing
    of the theme's files to copy (`Files.add_files_from_theme`, at every build).

    That listing walks every folder of the theme (Material's has some 14,500 files, its icons)
    and matches each name against a dozen patterns: 0.25 s of a title save at x1, 0.75 s under
    a profile at x10, for the same answer every time. It is worked out again when the files of
    a theme folder outside the installed packages change (the guide's `custom_dir`, the
    engine's overrides: small, listed at every call) or the static templates do; any other
    listing is passed through as it is."""

    def __init__(self, env):
        self.list_templates = env.list_templates
        self.folders = getattr(env.loader, "searchpath", None)
        self.static_templates: tuple = ()
        """The theme's static templates at this build (set by `keep_theme_env`)."""
        self.kept: dict = {}

    def __call__(self, extensions=None, filter_func=None) -> list[str]:
        if (
            extensions is not None
            or getattr(filter_func, "__qualname__", None) != THEME_FILES_FILTER
            or not isinstance(self.folders, list)
        ):
            return self.list_templates(extensions=extensions, filter_func=filter_func)
        key = (tuple(self.folders), self.static_templates, tuple(_files_outside_packages(self.folders)))
        if key not in self.kept:
            self.kept.clear()
            self.kept[key] = self.list_templates(extensions=extensions, filter_func=filter_func)
        return list(self.kept[key])


@functools.cache
def _installed_folders() -> tuple[str, ...]:
    import sysconfig

    return tuple({os.path.realpath(sysconfig.get_path(name)) + os.sep for name in ("purelib", "platlib")})


def _files_outside_packages(folders: list[str]):
    """The files of the theme folders that are not in an installed package, by folder."""
    installed = _installed_folders()
    for folder in folders:
        if (os.path.realpath(folder) + os.sep).startswith(installed):
            yield folder, None
            continue
        for parent, subfolders, names in os.walk(folder):
            subfolders.sort()
            yield parent, tuple(sorted(names))


def search_key(page, content: str | None = None) -> bytes:
    """A digest of all that Material's search indexes of a page (9.x, `SearchIndex.
    add_entry_from_context`): its HTML (or `content`), table of contents, address, title and
    front matter."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (page.url, repr(page.title), repr(page.meta), _toc_text(page.toc)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update((page.content or "" if content is None else content).encode("utf-8"))
    return digest.digest()


def retitled_entries(page, entries: list[dict], indexed: bytes | None, old: str, new: str) -> list[dict] | None:
    """The search entries of a page given its last HTML with the title `old` changed to `new`
    in its links (`retitled_content`), from `entries`, those Material made of the last HTML
    (`indexed`: the `search_key` they were made from), or None when that cannot be told
    without indexing the page again.

    Material's search keeps a link's text as it is in the entry of its section; so the new
    entries are the old with the title changed, when: the page is the last one with every
    `old` (and only those) changed to `new`, all of them links' whole text; none of them is in
    a part of the page the index leaves out (`_left_out`: a section marked
    `data-search-exclude`; a page with a script, style or object is indexed again); the
    entries hold `old` exactly once per link (not also in the page's
    title, or made of pieces of text either side of a tag); and no two places of the title can
    overlap (`old` neither begins nor ends with the same letters)."""
    content = page.content or ""
    times = content.count(f">{new}</a>")
    before = content.replace(f">{new}</a>", f">{old}</a>")
    if times == 0 or before.count(old) != times or _SEARCH_SKIPPED_TAGS.search(content):
        return None
    left_out = _left_out(before)
    if left_out and any(start <= place < end for place in _places(before, old) for start, end in left_out):
        return None
    material = sys.modules.get("material.plugins.search.plugin")
    if material is None or getattr(material, "jieba", None) is not None:  # Chinese words are split
        return None
    if any(old[:size] == old[-size:] for size in range(1, len(old))):
        return None
    if indexed is None or search_key(page, before) != indexed:
        return None
    if sum(entry.get("text", "").count(old) + entry.get("title", "").count(old) for entry in entries) != times:
        return None
    return [
        {field: value.replace(old, new) if field in ("text", "title") else value for field, value in entry.items()}
        for entry in entries
    ]


MENU_TEMPLATES = (
    "main.html",
    "base.html",
    "partials/nav.html",
    "partials/nav-item.html",
    "partials/header.html",
    "partials/footer.html",
    "partials/tabs.html",
    "partials/tabs-item.html",
    "partials/path.html",
    "partials/path-item.html",
    "partials/toc.html",
    "partials/toc-item.html",
)
"""Material's templates that write the menu, the page's title or its neighbours' (`menu_change`)."""

OUTPUT_KNOWN_PLUGINS = frozenset({"search", "material/search", "offline", "material/offline", "evidence-guide"})
"""The plugins whose work on a page's build `reuse_output` knows: Material's search (whose
entries it changes too), Material's offline plugin (which works on the whole site at the end)
and this one."""


def retitled_output(output: str, old: str, new: str, times: int) -> str | None:
    """A built page whose HTML had the title `old` as the whole text of `times` links, with
    `new` instead, or None when `old` shows anywhere else in it (the menu, the page's title, a
    copy of its text that a template made)."""
    linked = f">{old}</a>"
    if times == 0 or output.count(old) != times or output.count(linked) != times:
        return None
    return output.replace(linked, f">{new}</a>")


_SEARCH_SKIPPED_TAGS = re.compile(r"<(?:script|style|object)\b", re.IGNORECASE)
"""Elements Material's search leaves out of the index, whatever their attributes (9.x, `Parser`)."""
_LEFT_OUT = re.compile(
    r"<([a-z][a-z0-9]*)\b[^>]*?(?:\bdata-search-exclude\b|\bclass=\"linenodiv\")[^>]*>", re.IGNORECASE
)
"""The start of an element Material's search leaves out with all it holds (9.x, `Parser`)."""


def _left_out(html_text: str) -> list[tuple[int, int]]:
    """Where the elements Material's search leaves out are in a page's HTML: from each start
    tag to its end tag, found by counting the elements of the same name opened and closed
    in between (to the end of the page when they do not balance, as a self-closed `<div/>`
    does: more is left out, never less)."""
    spans = []
    for found in _LEFT_OUT.finditer(html_text):
        tag = re.compile(rf"<(/?){re.escape(found.group(1))}\b[^>]*>", re.IGNORECASE)
        depth, end = 1, len(html_text)
        for mark in tag.finditer(html_text, found.end()):
            depth += -1 if mark.group(1) else 1
            if depth == 0:
                end = mark.end()
                break
        spans.append((found.start(), end))
    return spans


def _places(text: str, part: str) -> list[int]:
    places, at = [], text.find(part)
    while at >= 0:
        places.append(at)
        at = text.find(part, at + len(part))
    return places


def _toc_text(toc) -> str:
    return repr([(item.id, item.title, item.url, item.level, _toc_text(item.children)) for item in toc or []])


PLAIN_TITLE = re.compile(r"[^\W_]+(?:(?:[ -]|['’] ?)[^\W_]+)*['’]?")
"""A title of words (letters and digits), single spaces, hyphens and apostrophes: nothing that
Markdown or its extensions read as syntax across the brackets of a link around it."""
PROBE_URL = "https://example.org/"


def retitled_content(kept: tuple, markdown: str, old: str, new: str) -> str | None:
    """The HTML of a page whose Markdown is its last (`kept`: the Markdown, HTML, table of
    contents… of the last conversion, `on_page_content`) with the title `old` changed to
    `new` in its links, or None when that cannot be told without converting it.

    A theme's title shows as the text of links on the pages that list or cite it (21 of 48
    pages at x1: most of a title save's conversions). Python-Markdown makes
    `[title](address)` into `<a href="…">title</a>` whatever the title's words, when they are
    plain (`PLAIN_TITLE`) and no extension makes anything of them
    (`title_converts_to_itself`, asked by the caller): then the new HTML is the old with the
    title changed in those links. That holds when every `old` of the old Markdown is the text
    of such a link, the new Markdown is the old with `old` changed to `new` and nothing else,
    the old HTML has `old` exactly as often, each time as a link's whole text, and none of it
    in a heading (a heading's words make its anchor and the table of contents). Everything
    else, such as a title in running text or a page with another change too, is converted.
    """
    before, content = kept[0], kept[1]
    if old == new or not PLAIN_TITLE.fullmatch(old) or not PLAIN_TITLE.fullmatch(new):
        return None
    times = before.count(old)
    if times == 0 or before.count(f"[{old}](") != times or before.replace(old, new) != markdown:
        return None
    linked = f">{old}</a>"
    if content.count(old) != times or content.count(linked) != times:
        return None
    if any(old in heading.group(0) for heading in _HEADING.finditer(content)):
        return None
    return content.replace(linked, f">{new}</a>")


_HEADING = re.compile(r"<h[1-6]\b.*?</h[1-6]>", re.DOTALL | re.IGNORECASE)


def _converted_again(page, kept: tuple, config, files) -> None:
    """`Page.render`, from what the same Markdown was converted to at an earlier build."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors = kept


class EvidenceGuidePlugin(BasePlugin):
    """`plugins: [evidence-guide]`: the events above, for a guide anywhere on disk.

    MkDocs keeps one instance of the plugin for the life of `mkdocs serve`, across rebuilds;
    so does the instance's session: the parsed files, warnings and formatted references stay
    in memory, and a save re-reads and re-works only the file it changed.

    Under `mkdocs serve --dirty` (what `evidence-guide serve` runs) MkDocs builds only the
    pages whose Markdown is newer than their HTML, and the generator rewrites only the pages
    whose text changed. That is right only while the menu every page carries stays the same:
    when a title, a page or the errors change (`site_signature`), or a page with tags
    changes, the plugin empties the site folder so that everything is built again. On a
    dirty build it gives the pages MkDocs did not read the titles and front matter of the
    last build (for the menu), puts the search index together from the entries of the pages
    built now and of those built before, in the order a clean build writes them, and puts
    back the tags export of the last whole build. A page built again only because its menu
    shows a changed title keeps what its unchanged Markdown was converted to last time.
    A page whose Markdown changed only in a title's links gets its last HTML with the title
    changed in them (`retitled_content`).
    Such a page whose menu does not show the title is written as its last built page with
    the title changed in those links, without Material's template (`reuse_output`).
    Material's search indexes again only the pages whose HTML, headings, title or front
    matter changed (`index_page`; a title changed in links is changed in their entries,
    `retitled_entries`), and MkDocs' listing of the theme's files is remembered
    (`ThemeListing`).
    """

    def __init__(self):
        super().__init__()
        self.sessions: dict[Path, Session] = {}
        """One session per guide (a process may build more than one), for as long as the plugin lives."""
        self.errors: list[Problem] = []
        """The content's errors at the last build: shown on every page until they are fixed."""
        self.dirty = False
        """Whether MkDocs builds only the changed pages (`mkdocs serve --dirty`)."""
        self.signature: str | None = None
        self.shown: dict[str, str] = {}
        """What other pages show of each page (`site_signature`), at the last build."""
        self.front_matter: dict = {}
        """What `site_signature` found in each Markdown file, by its path, size and time."""
        self.retitled: set[str] = set()
        """The pages whose title or menu front matter changed since the last build."""
        self.titles: dict[str, tuple] = {}
        """Each page's titles at the last build (`site_signature`)."""
        self.title_changes: set[tuple[str, str]] = set()
        """The titles changed since the last build: (before, after)."""
        self.links_probed: dict[str, bool] = {}
        """Whether a title, as a link's text, converts to itself (`title_converts_to_itself`)."""
        self.retitled_pages = 0
        """The pages of this build whose HTML is their last with a title changed (`retitled_content`)."""
        self.full_build = True
        self.pages: dict[str, tuple[Any, dict]] = {}
        """Each page's title and front matter at the last build that read it, by source path."""
        self.search_entries: dict[str, list[dict]] = {}
        """The search index's entries of each page at the last build that built it, by URL."""
        self.order: list[str] = []
        self.theme_envs: dict[tuple, Any] = {}
        """The theme's Jinja environment, by its template folders and language (`keep_theme_env`)."""
        self.tags_exports: dict[str, bytes | None] = {}
        """The tags plugin's export at the last whole build (`keep_tags_export`)."""
        self.search_words: dict = {}
        """The everyday words found for each search entry at the last build (`on_post_build`)."""
        self.converted: dict[str, tuple] = {}
        """Each page's Markdown and what MkDocs made of it (`on_page_markdown`), by source path."""
        self.markdown_settings = ""
        self.reconverted = 0
        """The pages of this build given their last conversion (`on_page_markdown`)."""
        self.built: set[str] = set()
        self.indexed: dict[str, bytes] = {}
        """What Material's search indexed of each page (`search_key`) for the entries kept, by URL."""
        self.indexing: dict[str, bytes] = {}
        """The same for the pages indexed during this build (kept once the index is merged)."""
        self.index_kept: set[str] = set()
        self.retitled_now: dict[str, tuple[str, str, int]] = {}
        """The pages of this build given their last HTML with a title changed: (before, after,
        how many links), by URL."""
        self.readers: set[str] = set()
        self.menus_changed = 0
        """The pages of this build whose menu was changed in their last built page (`change_menu`)."""
        """The pages of this build whose menu shows a changed title (`menu_readers`)."""
        self.outputs_reused = 0
        """The pages of this build written from their last built page (`reuse_output`)."""
        self.index_changed: dict[str, list[dict]] = {}
        """The search entries of pages of this build worked out from their last (`retitled_entries`)."""
        """The pages of this build whose search entries are those of an earlier build."""
        self.server: Any = None
        self.lock = threading.Lock()
        self.building = False
        self.own_writes: dict[str, int | None] = {}
        """The pages the generator wrote (their modification time) or removed (None) at the last build."""
        self.held: list[str] = []
        """Changes heard in docs/ during a build, judged once the build knows what it wrote."""

    def own(self, event) -> bool:
        """Whether a file event is one to build again for: not a writer's temporary file, nor a
        page the generator wrote itself, which would start a second, empty build after every
        save. A change in docs/ during a build waits until the build knows what it wrote."""
        paths = [path for path in (event.src_path, getattr(event, "dest_path", "")) if path]
        paths = [os.path.realpath(os.fsdecode(path)) for path in paths]
        paths = [path for path in paths if not _is_temporary(path)]
        if not paths:
            return True
        with self.lock:
            if all(self._written_by_us(path) for path in paths):
                return True
            if self.building:
                self.held.extend(paths)
                return True
        return False

    def _written_by_us(self, path: str) -> bool:
        if path not in self.own_writes:
            return False
        kept = self.own_writes[path]
        try:
            return os.stat(path).st_mtime_ns == kept
        except OSError:
            return kept is None

    def _release(self) -> None:
        """The build is over: build again if anything heard during it was not its own doing."""
        with self.lock:
            self.building = False
            held, self.held = self.held, []
            again = any(not self._written_by_us(path) for path in held)
        if again and self.server is not None:
            with self.server._rebuild_cond:
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()

    def on_startup(self, *, command, dirty):
        self.dirty = bool(dirty) and command == "serve"

    def on_serve(self, server, *, config, builder):
        """Hear of a save at once: the operating system's file events instead of MkDocs' polling
        every half second. The server's `watch` is replaced by `watch_writes`, and the folders
        already watched move to the new observer (the content's, named by `watch:` in
        mkdocs.yml, are added after this event). Left as it is when the server is not the one
        this was written for (MkDocs 1.6's LiveReloadServer).

        The server waits for the file events to stop for `build_delay` before building; MkDocs'
        0.1 s was a tenth of a title save at x1. The events of one save (a temporary file
        renamed, or a file emptied and written) come within a millisecond or two, so the wait
        is `QUIET_SECONDS`; a save still being written after it is heard by the build
        (`own`), which builds again once it is over."""
        needed = ("observer", "_watched_paths", "_watch_refs", "_rebuild_cond", "_want_rebuild", "build_delay")
        if not self.dirty or not all(hasattr(server, name) for name in needed):
            return server
        server.build_delay = min(server.build_delay, QUIET_SECONDS)
        try:
            from watchdog.observers import Observer
        except ImportError:
            return server
        watched = list(server._watched_paths)
        for path in watched:
            server.observer.unschedule(server._watch_refs.pop(path))
        server._watched_paths.clear()
        server.observer = Observer()
        server.watch = lambda path, func=None, *, recursive=True: watch_writes(server, path, recursive, self.own)
        self.server = server
        for path in watched:
            server.watch(path)
        return server

    @event_priority(100)  # before Material's search asks the theme's templates for its defaults
    def on_config(self, config):
        """Add the engine's theme folder and the content's folders to watch; in a preview, give
        the theme the environment of the last build (`keep_theme_env`). First of the plugins:
        Material's search translates its defaults (language, separator) through the theme's
        templates at every build, which compiled them anew each time (0.12 s of a title save
        at x1 under a profile) before the kept environment was in place."""
        config = add_content_watch(add_theme_dir(config), self.session(config) if self.dirty else None)
        if self.dirty:
            self.keep_theme_env(config.theme)
        return config

    def session(self, config) -> Session:
        """The session of the guide being built, for as long as the plugin lives."""
        root = guide_root(config)
        if root not in self.sessions:
            self.sessions[root] = Session.on_disk(root, in_memory=True)
        return self.sessions[root]

    def keep_theme_env(self, theme) -> None:
        """Give the theme the Jinja environment of the last build with the same templates, so
        that a rebuild does not compile Material's templates again (a new config, and so a
        new theme and environment, is made for every rebuild of `mkdocs serve`). MkDocs makes
        it without auto-reload: a build never sees a template edited after it started. Its
        listing of the theme's files to copy is remembered too (`ThemeListing`)."""
        key = (tuple(theme.dirs), str(theme.locale))
        if key not in self.theme_envs:
            env = theme.get_env()
            env.list_templates = ThemeListing(env)
            self.theme_envs[key] = env
        env = self.theme_envs[key]
        env.list_templates.static_templates = tuple(theme.static_templates)
        theme.get_env = lambda: env

    def on_pre_build(self, *, config):
        if self.dirty:
            # A preview holds the whole guide, its pages and their search entries in memory: the
            # garbage collector's full passes over them cost a third of a save at x100, and a
            # build makes little garbage. It runs again once the build is over.
            gc.disable()
        root = guide_root(config)
        self.session(config)
        with self.lock:
            self.building = self.server is not None
        written: list[Path] = []
        self.errors = on_pre_build(config, session=self.sessions[root], written=written)
        with self.lock:
            self.own_writes = {}
            for path in written:
                real = os.path.realpath(path)
                try:
                    self.own_writes[real] = os.stat(real).st_mtime_ns
                except OSError:
                    self.own_writes[real] = None
        self.built = set()
        self.reconverted = self.retitled_pages = 0
        self.indexing, self.index_kept, self.retitled_now, self.index_changed = {}, set(), {}, {}
        self.readers, self.outputs_reused = set(), 0
        if self.dirty:
            for plugin in config.plugins.values():
                if hasattr(plugin, "search_index_prev"):  # Material's search: we merge its index ourselves
                    plugin.search_index_prev = None
                    index = getattr(plugin, "search_index", None)
                    if index is not None and hasattr(index, "add_entry_from_context"):
                        index.add_entry_from_context = functools.partial(self.index_page, index.add_entry_from_context)

    def index_page(self, add_entry, page) -> None:
        """Material's search indexing a page (`add_entry`), unless what it reads of the page
        (`search_key`) is what it read at the build whose entries the plugin keeps for it.

        After a title edit most pages are built again only for their menu, with the HTML
        their Markdown was converted to last time: their entries cannot have changed, as the
        index holds a page's content, headings, title and address, not its menu. Parsing their
        HTML again was 0.9 s of a title save at x10. A page given its last HTML with a title
        changed in its links gets its last entries with the title changed (`retitled_entries`)."""
        key = search_key(page)
        if not self.full_build and page.url in self.search_entries:
            if self.indexed.get(page.url) == key:
                self.index_kept.add(page.url)
                return
            if page.url in self.retitled_now:
                old, new, _ = self.retitled_now[page.url]
                entries = retitled_entries(page, self.search_entries[page.url], self.indexed.get(page.url), old, new)
                if entries is not None:
                    self.index_changed[page.url] = entries
                    self.indexing[page.url] = key
                    return
        self.indexing[page.url] = key
        add_entry(page)

    def on_files(self, files, *, config):
        if not self.dirty:
            return files
        signature, shown, tagged, titles = site_signature(config, files, self.errors, self.front_matter)
        retagged = any(file.src_uri in tagged and file.is_modified() for file in files.documentation_pages())
        self.full_build = signature != self.signature or retagged
        self.retitled = {source for source, seen in shown.items() if self.shown.get(source) != seen}
        self.title_changes = {
            (old, new)
            for source in self.retitled
            for old, new in zip(self.titles.get(source, ()), titles.get(source, ()), strict=False)
            if isinstance(old, str) and isinstance(new, str) and old != new
        }
        self.signature, self.shown, self.titles = signature, shown, titles
        if self.full_build:
            clean_directory(config.site_dir)
        self.order = [file.url for file in files.documentation_pages()]
        return files

    def on_nav(self, nav, *, config, files):
        """After a title changed, build again the pages whose menu shows it (`menu_readers`):
        their built HTML is removed, so that MkDocs' dirty build makes it anew."""
        if not self.dirty or self.full_build:
            return nav
        readers = menu_readers(nav, self.retitled, config.theme) if self.retitled else set()
        self.readers = readers or set()
        if readers is None:
            self.full_build = True
            clean_directory(config.site_dir)
            return nav
        change = self.menu_change(nav, config) if readers else None
        self.menus_changed = 0
        for file in files.documentation_pages():
            if file.src_uri in readers:
                if change is not None and file.src_uri not in change[2] and self.change_menu(file, *change[:2]):
                    continue
                Path(file.abs_dest_path).unlink(missing_ok=True)
        if readers:
            log.info("evidence-guide: a title changed; building its menu's %d pages and the changed ones", len(readers))
            if self.menus_changed:
                log.info(
                    "evidence-guide: %d of them changed in their last built page's menu, without building",
                    self.menus_changed,
                )
        else:
            log.info("evidence-guide: the menu is unchanged; building only the changed pages")
        return nav

    def menu_change(self, nav, config) -> tuple[str, str, set[str]] | None:
        """The title changed in the menu (before, after) and the pages that show it other than
        in the menu (the page itself, its neighbours in the footer), when the built pages of the
        others may simply have the title changed in their menu (`change_menu`); else None.

        Only one page's title changed, both titles plain, with the plugins `reuse_output`
        knows, and with Material's own templates for the page and its menu (no theme folder of
        the guide's or the engine's overrides them): they write a page's title in the menu as
        the whole text of `<span class="md-ellipsis">` (9.x, `partials/nav-item.html`)."""
        if len(self.retitled) != 1 or len(self.title_changes) != 1 or config.theme.name != "material":
            return None
        old, new = next(iter(self.title_changes))
        if not PLAIN_TITLE.fullmatch(old) or not PLAIN_TITLE.fullmatch(new):
            return None
        if not set(config.plugins) <= OUTPUT_KNOWN_PLUGINS:
            return None
        installed = _installed_folders()
        for folder in config.theme.dirs:
            if not (os.path.realpath(folder) + os.sep).startswith(installed):
                if any((Path(folder) / name).exists() for name in MENU_TEMPLATES):
                    return None
        source = next(iter(self.retitled))
        page = next((page for page in nav.pages if page.file.src_uri == source), None)
        if page is None:
            return None
        shown = {source} | {other.file.src_uri for other in (page.previous_page, page.next_page) if other}
        return old, new, shown

    def change_menu(self, file, old: str, new: str) -> bool:
        """Change the title `old` to `new` in the menu of a page built at the last build whose
        Markdown has not changed since (MkDocs leaves it be): whether it could. Material's
        template took most of a title save at x100, for the 601 pages whose pruned menu shows
        the title. It can when the page's title is not `old` and `old` is in the page only as
        the menu writes it (not in its text, nor in a form the menu does not use)."""
        if file.is_modified():
            return False
        path = Path(file.abs_dest_path)
        try:
            output = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        shown = f'<span class="md-ellipsis">\n{old}\n</span>'
        times = output.count(shown)
        if times == 0 or output.count(old) != times:
            return False
        path.write_bytes(output.replace(shown, f'<span class="md-ellipsis">\n{new}\n</span>').encode("utf-8"))
        self.menus_changed += 1
        return True

    def on_env(self, env, *, config, files):
        if self.dirty and not self.full_build:
            for file in files.documentation_pages():
                page = file.page
                if page is not None and page.markdown is None and file.src_uri in self.pages:
                    page.title, page.meta = self.pages[file.src_uri]
            if self.retitled_now and set(config.plugins) <= OUTPUT_KNOWN_PLUGINS:
                for file in files.documentation_pages():
                    if (
                        file.page is not None
                        and file.page.url in self.retitled_now
                        and file.src_uri not in self.readers
                    ):
                        self.reuse_output(file.page)
        return env

    def reuse_output(self, page) -> None:
        """Write the page MkDocs would build from its last HTML with a title changed in its links
        (`retitled_content`) as its last built page with the title changed in them, when that
        is the same (`retitled_output`); MkDocs then finds it newer than its Markdown and leaves
        it be. Material's page template took 0.25 s of a title save at x1 under a profile, most
        of it for these pages.

        Only for a page whose menu does not show the changed title (not in `menu_readers`),
        whose title and front matter are as at the last build, and whose search entries can be
        changed as well (`retitled_entries`): nothing else of what the template shows can have
        changed since the page was built (the menu, the settings and the other pages' titles
        are the last build's, or the build is whole). Only with the plugins this was written
        for (`OUTPUT_KNOWN_PLUGINS`): another might do its own work in a page's build."""
        old, new, times = self.retitled_now[page.url]
        if self.pages.get(page.file.src_uri) != (page.title, page.meta) or page.url not in self.search_entries:
            return
        entries = retitled_entries(page, self.search_entries[page.url], self.indexed.get(page.url), old, new)
        if entries is None:
            return
        path = Path(page.file.abs_dest_path)
        try:
            output = retitled_output(path.read_text(encoding="utf-8"), old, new, times)
        except (OSError, UnicodeDecodeError):
            return
        if output is None:
            return
        path.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
        source = os.stat(page.file.abs_src_path).st_mtime_ns
        if os.stat(path).st_mtime_ns < source:  # a clock set back: not older than its Markdown
            os.utime(path, ns=(source, source))
        self.index_changed[page.url] = entries
        self.indexing[page.url] = search_key(page)
        self.outputs_reused += 1

    @event_priority(-100)  # after every other plugin's changes to the Markdown
    def on_page_markdown(self, markdown, *, page, config, files):
        """On a dirty build that is not whole, a page built again only for its menu (its
        Markdown as at the last build) gets the HTML, table of contents and anchors its
        Markdown was converted to then, instead of being converted again: the other pages and
        the settings conversion depends on are those of the last build (a change to them makes
        a whole build). A page whose Markdown changed only in the links to a retitled page
        gets its last HTML with the title changed in them (`retitled_content`)."""
        if not self.dirty:
            return markdown
        settings = repr((config.markdown_extensions, config.mdx_configs))
        if settings != self.markdown_settings:
            self.converted.clear()
            self.links_probed.clear()
            self.markdown_settings = settings
        kept = self.converted.get(page.file.src_uri)
        if self.full_build or kept is None:
            return markdown
        if kept[0] == markdown:
            page.render = functools.partial(_converted_again, page, kept[1:])
            self.reconverted += 1
            return markdown
        for old, new in self.title_changes:
            content = retitled_content(kept, markdown, old, new)
            if content is not None and self.title_converts_to_itself(new, config):
                page.render = functools.partial(_converted_again, page, (content, *kept[2:]))
                self.retitled_pages += 1
                self.retitled_now[page.url] = (old, new, kept[1].count(f">{old}</a>"))
                break
        return markdown

    def title_converts_to_itself(self, title: str, config) -> bool:
        """Whether `title` as the text of a link is that text in the HTML, with this build's
        Markdown settings: no extension makes anything of its words (an abbreviation the
        glossary appends to every page would, for one). Asked of a one-line page converted as
        MkDocs converts pages (without its link and anchor bookkeeping, which leaves text be)."""
        if title not in self.links_probed:
            import markdown as python_markdown

            converter = python_markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
            found = converter.convert(f"[{title}]({PROBE_URL})")
            # what follows the paragraph is whatever the settings append to every page
            wanted = f'<p><a href="{PROBE_URL}">{html.escape(title, quote=False)}</a></p>'
            self.links_probed[title] = found == wanted or found.startswith(wanted + "\n")
        return self.links_probed[title]

    @event_priority(100)  # before any other plugin changes the HTML
    def on_page_content(self, html, *, page, config, files):
        if self.dirty:
            self.converted[page.file.src_uri] = (
                page.markdown,
                html,
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                page.links_to_anchors,
            )
        return html

    def on_page_context(self, context, *, page, config, nav):
        self.built.add(page.url)
        self.pages[page.file.src_uri] = (page.title, page.meta)
        return context

    def on_post_page(self, output, *, page, config):
        return add_banner(on_post_page(output), self.errors)

    @event_priority(-50)  # after Material's search plugin writes the index, before its offline plugin copies it
    def on_post_build(self, *, config):
        try:
            if not self.dirty:
                on_post_build(config, self.search_words)
                return
            index_path = Path(config.site_dir) / "search" / "search_index.json"
            if self.reconverted:
                log.info(
                    "evidence-guide: %d pages built for their menu kept their converted Markdown", self.reconverted
                )
            if self.retitled_pages:
                log.info(
                    "evidence-guide: %d pages changed only in a title's links: their HTML changed without converting"
                    " (%d of them their built page, without its template)",
                    self.retitled_pages,
                    self.outputs_reused,
                )
            index = self.merge_search_index(index_path)
            self.keep_tags_export(config)
            if (
                not on_post_build(config, self.search_words, index=index, session=self.session(config))
                and index is not None
            ):
                # As Material's search plugin writes it
                index_path.write_bytes(json.dumps(index, separators=(",", ":"), default=str).encode("utf-8"))
        finally:
            gc.enable()
            self._release()

    def on_build_error(self, *, error):
        gc.enable()
        self._release()

    def on_shutdown(self):
        gc.enable()

    def keep_tags_export(self, config) -> None:
        """Material's tags plugin exports the tags of the pages it read (tags.json): after a
        dirty build, put back the export of the last whole build (a change to any page with
        tags makes a whole build)."""
        for plugin in config.plugins.values():
            settings = getattr(plugin, "config", None)
            export = getattr(settings, "export_file", None) if getattr(settings, "export", False) else None
            if not isinstance(export, str):
                continue
            path = Path(config.site_dir) / export
            if self.full_build:
                self.tags_exports[path.name] = path.read_bytes() if path.is_file() else None
            elif (kept := self.tags_exports.get(path.name)) is not None:
                path.write_bytes(kept)

    def merge_search_index(self, index_path: Path) -> dict | None:
        """The search index of every page, as a clean build writes it, from the entries of the
        pages built now and those of the pages built before (None when there is none)."""
        if not index_path.exists():
            return None
        index = json.loads(index_path.read_text(encoding="utf-8"))
        now: dict[str, list[dict]] = {}
        for entry in index.get("docs", []):
            now.setdefault(_page_of(entry.get("location", "")), []).append(entry)
        if self.full_build:
            self.search_entries, self.indexed = now, dict(self.indexing)
        else:
            for url in (self.built - self.index_kept - set(self.index_changed)) | set(now):
                self.search_entries[url] = now.get(url, [])
            self.search_entries.update(self.index_changed)
            self.indexed.update(self.indexing)
        ordered = [url for url in self.order if url in self.search_entries]
        ordered += [url for url in self.search_entries if url not in set(self.order)]
        # copies: `on_post_build` adds words to the entries it writes, not to those kept
        index["docs"] = [dict(entry) for url in ordered for entry in self.search_entries[url]]
        return index
