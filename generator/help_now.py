"""Help now: what carers ask first (evidence/help-now.yml), checked and written as a page.

Unlike the rest of the guide this page is not drawn from the 2011 report but kept current by
its editors: each entry names where the right or service comes from and whom to contact,
and carries the day it was last `checked:`. `check` warns when that was over a year before
the build date (SOURCE_DATE_EPOCH, so the warning is the same on every machine).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from generator import schema
from generator.errors import Problem
from generator.history import build_date, day_text
from generator.load import Located, line_of, read_yaml
from generator.render import _environment

HELP_NOW_FILE = "evidence/help-now.yml"
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

    @property
    def checked_text(self) -> str:
        return day_text(self.checked)


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


def check(root: Path, nav_pages: list[str], today: datetime.date) -> tuple[Located | None, list[Problem]]:
    """The file as read, and every problem with it: schema, links to pages, stale entries."""
    path = root / HELP_NOW_FILE
    if not path.exists():
        return None, []
    data, problems = read_yaml(path, root)
    if data is None:
        return None, problems
    dates = {}
    for entry in data.get("entries") or []:
        if isinstance(entry, dict) and "checked" in entry:
            day = _as_date(entry["checked"])
            if day is None:
                problems.append(
                    Problem(
                        HELP_NOW_FILE,
                        line_of(entry, "checked"),
                        f"'checked' is {entry['checked']!r}, not a date",
                        "Write the day you checked the entry as YYYY-MM-DD, e.g. checked: 2026-12-01.",
                    )
                )
            else:
                dates[id(entry)] = day
                entry["checked"] = day.isoformat()  # the schema reads dates as text
    problems += schema.check(data, "help-now", HELP_NOW_FILE)
    listed = set(nav_pages) | {f"case-studies/{p.stem}.md" for p in (root / "evidence/case-studies").glob("*.y*ml")}
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict):
            continue
        for index, link in enumerate(entry.get("see") or []):
            if isinstance(link, str) and link.split("#")[0] not in listed:
                problems.append(
                    Problem(
                        HELP_NOW_FILE,
                        line_of(entry["see"], index) or line_of(entry, "see"),
                        f"'see' links to {link!r}, which is not a page of the guide",
                        "Name a page as the nav of mkdocs.yml does (or a case study, case-studies/<id>.md), "
                        "e.g. roles/carers.md#finding-support.",
                    )
                )
        day = dates.get(id(entry))
        if day and (today - day).days > STALE_AFTER_DAYS:
            problems.append(
                Problem(
                    HELP_NOW_FILE,
                    line_of(entry, "checked"),
                    f"{entry.get('id', 'an entry')!r} was last checked on {day.isoformat()}, over a year ago",
                    "Check its facts and web addresses against the organisation named, then set 'checked:' to today.",
                    "warning",
                )
            )
    return data, problems


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


def render_page(help_now: HelpNow) -> str:
    """The Markdown page, every value escaped by the guide's one escaping point."""
    last = max(entry.checked for entry in help_now.entries)
    return _environment().get_template("help_now.md.j2").render(help=help_now, last_checked=day_text(last))
