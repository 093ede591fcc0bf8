"""Help now: what readers ask first (help-now.yml in the evidence folder), checked and written as a page.

Unlike the rest of the guide this page is not drawn from the sources but kept current by
its editors: each entry names where the right or service comes from and whom to contact,
and carries the day it was last `checked:`. `check` warns when that was over a year before
the build date (SOURCE_DATE_EPOCH, so the warning is the same on every machine).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import schema
from generator.errors import Problem, did_you_mean
from generator.folders import DEFAULT_FOLDERS, Folders
from generator.history import build_date, day_text
from generator.load import Located, line_of, read_folders, read_yaml
from generator.render import _environment, template_values
from generator.session import Session

if TYPE_CHECKING:
    from generator.model import Guide

HELP_NOW_FILE = DEFAULT_FOLDERS.help_now
"""Where a guide with the default folders keeps it (a guide's own: `Folders.help_now`)."""
PAGE = "help-now/index.md"
STALE_AFTER_DAYS = 365


@dataclass
class Contact:
    name: str
    what_for: str
    url: str


@dataclass
class Entry:
    id: str
    question: str
    answer: list[str]
    comes_from: str
    contact: list[Contact]
    see: list[tuple[str, str]]
    """(link from the Help now page, title of the page linked)."""
    checked: datetime.date

    def checked_in(self, language: str) -> str:
        """When it was last checked, as readers of the guide's language write a date."""
        return day_text(self.checked, language)


@dataclass
class HelpNow:
    intro: str
    entries: list[Entry]


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def check(
    root: Path,
    nav_pages: list[str],
    today: datetime.date,
    folders: Folders | None = None,
    session: Session | None = None,
    digests: dict[str, str] | None = None,
) -> tuple[Located | None, list[Problem]]:
    """The file as read, and every problem with it: schema, links to pages, stale entries.

    With a `session`, the file's key goes into `digests` (the content's, from `load`), so that
    what is worked out from it (its schema check, its plain-English warnings) is remembered."""
    folders = folders or read_folders(root)
    shown = folders.help_now
    path = root / shown
    if not path.exists():
        return None, []
    data, problems = read_yaml(path, root)
    if data is None:
        return None, problems
    digest = session.key("help-now", path.read_bytes()) if session is not None and session.remember else ""
    if digest and digests is not None:
        digests[shown] = digest
    dates = {}
    for entry in data.get("entries") or []:
        if isinstance(entry, dict) and "checked" in entry:
            day = _as_date(entry["checked"])
            if day is None:
                problems.append(
                    Problem(
                        shown,
                        line_of(entry, "checked"),
                        f"'checked' is {entry['checked']!r}, not a date",
                        "Write the day you checked the entry as YYYY-MM-DD, e.g. checked: 2026-12-01.",
                    )
                )
            else:
                dates[id(entry)] = day
                entry["checked"] = day.isoformat()  # the schema reads dates as text
    problems += schema.check(data, "help-now", shown, session=session, digest=digest)
    listed = set(nav_pages) | {f"case-studies/{p.stem}.md" for p in (root / folders.case_studies).glob("*.y*ml")}
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict):
            continue
        for index, link in enumerate(entry.get("see") or []):
            if isinstance(link, str) and link.split("#")[0] not in listed:
                problems.append(
                    Problem(
                        shown,
                        line_of(entry["see"], index) or line_of(entry, "see"),
                        f"'see' links to {link!r}, which is not a page of the guide",
                        (
                            f"{close[0].upper()}{close[1:]} "
                            if (close := did_you_mean(link.split("#")[0], listed))
                            else ""
                        )
                        + "Name a page as the nav of mkdocs.yml does (or a case study, case-studies/<id>.md), "
                        "e.g. roles/<role>.md#<heading>.",
                    )
                )
        day = dates.get(id(entry))
        if day and (today - day).days > STALE_AFTER_DAYS:
            problems.append(
                Problem(
                    shown,
                    line_of(entry, "checked"),
                    f"{entry.get('id', 'an entry')!r} was last checked on {day.isoformat()}, over a year ago",
                    "Check its facts and web addresses against the organisation named, then set 'checked:' to today.",
                    "warning",
                )
            )
    return data, problems


_ID = re.compile(r"""\bid=["']([^"']+)["']""")
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc", "def_list", "admonition", "abbr"]
"""The extensions of mkdocs.yml that give a page's elements their ids (toc: headings' anchors)."""


_LINK_TEXT = re.compile(r"(?<![!\\])\[[^\[\]\n<>{}#`*_|\\&]+\]\(")
_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")


def anchor_relevant(markdown_text: str) -> str:
    """The page with the text of its links emptied, outside its headings: what its anchors
    are made from. A link's text (plain words, no markup that could carry an id) gives no
    element an id unless it is part of a heading, so two pages alike here have the same
    anchors; a theme's new title changes the links to it on the pages Help now links to, not
    their anchors. A page with an HTML heading, whose lines do not say they are one, is kept
    whole."""
    if re.search(r"<h[1-6]\b", markdown_text, re.IGNORECASE):
        return markdown_text
    lines = markdown_text.split("\n")
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.lstrip().startswith("#") or _UNDERLINE.fullmatch(following):
            continue
        lines[index] = _LINK_TEXT.sub("[](", line)
    return "\n".join(lines)


def page_anchors(markdown_text: str) -> set[str]:
    """The ids of a Markdown page's elements, as MkDocs gives them (headings, attribute lists, HTML)."""
    import markdown

    return set(_ID.findall(markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)))


def check_anchors(
    data: Located, anchors: Mapping[str, set[str] | None], folders: Folders = DEFAULT_FOLDERS
) -> list[Problem]:
    """A `see:` link's anchor (roles/carers.md#finding-support) must be on the page it names.

    `anchors` holds the anchors of each page the links name (pipeline.check finds them: a
    generated page rendered, a hand-written one read from docs/); a page without (None) is
    not checked here.
    """
    problems = []
    shown = folders.help_now
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("see"), list):
            continue
        for index, link in enumerate(entry["see"]):
            if not isinstance(link, str) or "#" not in link:
                continue
            page, _, anchor = link.partition("#")
            known = anchors.get(page)
            if known is None or anchor in known:
                continue
            headings = sorted(name for name in known if not name.startswith("__"))
            close = did_you_mean(anchor, headings)
            problems.append(
                Problem(
                    shown,
                    line_of(entry["see"], index) or line_of(entry, "see"),
                    f"'see' links to {link!r}, but {page} has no anchor {anchor!r}",
                    (f"{close[0].upper()}{close[1:]} " if close else "")
                    + f"Link to one of {page}'s anchors ({', '.join(headings[:8]) or 'none'}"
                    + (", …" if len(headings) > 8 else "")
                    + "), or to the page alone.",
                )
            )
    return problems


def linked_pages(data: Located | None) -> set[str]:
    """The pages that `see:` links with an anchor name."""
    found = set()
    for entry in (data.get("entries") or []) if data is not None else []:
        if isinstance(entry, dict) and isinstance(entry.get("see"), list):
            found |= {link.partition("#")[0] for link in entry["see"] if isinstance(link, str) and "#" in link}
    return found


def model(data: Located, titles: dict[str, str]) -> HelpNow:
    """The page's content; `titles` gives each menu page's title for the 'see' links."""
    entries = []
    for entry in data["entries"]:
        see = []
        for link in entry.get("see") or []:
            page = link.split("#")[0]
            see.append(("../" + link, titles.get(page, page)))
        entries.append(
            Entry(
                entry["id"],
                entry["question"],
                list(entry["answer"]),
                entry["comes_from"],
                [Contact(c["name"], c.get("what_for", ""), c.get("url", "")) for c in entry["contact"]],
                see,
                datetime.date.fromisoformat(entry["checked"]),
            )
        )
    return HelpNow(data["intro"], entries)


def build_day(root: Path) -> datetime.date:
    """The build date the warnings count from: SOURCE_DATE_EPOCH or the last commit, else today."""
    epoch = build_date(root)
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def render_page(help_now: HelpNow, guide: Guide) -> str:
    """The Markdown page, every value escaped by the guide's one escaping point."""
    last = max(entry.checked for entry in help_now.entries)
    return (
        _environment(guide.config)
        .get_template("help_now.md.j2")
        .render(help=help_now, last_checked=day_text(last, guide.config.language), **template_values(guide))
    )
