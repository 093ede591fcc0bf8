"""How current the guide is: when each content file last changed, from git.

Readers need to know whether advice from an old source is still current, so every
page says the year of its sources and when its own content last changed. Dates come from
the git history of the content folders (evidence/ and checklists/ unless guide.yml says;
one `git log` per run); a file with uncommitted edits, or a project outside git, takes the build date.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from generator.errors import Problem
from generator.folders import DEFAULT_FOLDERS

CONTENT_FOLDERS = DEFAULT_FOLDERS.all
OLD_AFTER_YEARS = 10
"""Pages drawn from sources more than this many years old carry a calm note saying so."""


@dataclass
class Change:
    """One day's content changes: the files touched and what the commits said."""

    day: date
    files: list[str]
    messages: list[str]
    committed: bool = True


@dataclass
class History:
    today: date
    """The build date: SOURCE_DATE_EPOCH when set, else the date of the run."""
    last_changed: dict[str, date] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    """Newest first."""
    in_git: bool = False

    def changed(self, paths) -> date:
        """When the newest of `paths` last changed; the build date for a file git does not know."""
        return max((self.last_changed.get(path, self.today) for path in paths), default=self.today)


def _today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return moment.date()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path, folders: tuple[str, ...] = CONTENT_FOLDERS) -> History:
    """The history of the content in `folders`, or an empty one (every file dated today) outside git."""
    history = History(_today())
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if not inside or inside.strip() != "true":
        return history
    history.in_git = True
    log = _git(root, "log", "--relative", "--format=%x1e%cs%x1f%s", "--name-only", "--", *folders) or ""
    by_day: dict[date, Change] = {}
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        day_text, _, subject = header.partition("\x1f")
        day = date.fromisoformat(day_text)
        files = [name for name in names.splitlines() if name.strip()]
        for name in files:
            history.last_changed.setdefault(name, day)
        change = by_day.setdefault(day, Change(day, [], []))
        change.files += [name for name in files if name not in change.files]
        if subject not in change.messages:
            change.messages.append(subject)
    dirty = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *folders) or ""
    edited = sorted({line[3:].split(" -> ")[-1].strip('"') for line in dirty.splitlines() if len(line) > 3})
    root_prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    edited = [name.removeprefix(root_prefix) for name in edited]
    for name in edited:
        history.last_changed[name] = history.today
    history.changes = sorted(by_day.values(), key=lambda change: change.day, reverse=True)
    if edited:
        history.changes.insert(0, Change(history.today, edited, [], committed=False))
    return history


def day_text(day: date, language: str = "en-GB") -> str:
    """A date as the guide's readers write it: '23 November 2026' (UK and most English), or
    'November 23, 2026' for a guide in US English (guide.yml `language: en-US`)."""
    if language.casefold().startswith("en-us"):
        return f"{day:%B} {day.day}, {day.year}"
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Currency:
    """What a page says about how current it is."""

    years: str
    """The years of its sources: '2011', or 'about 2003, 2011'."""
    changed: str
    """The day its own content last changed: '23 November 2026'."""
    oldest: int
    """The oldest dated source's year, when more than OLD_AFTER_YEARS old; else 0."""
    oldest_text: str = ""


def currency(paths, sources, history: History, language: str = "en-GB") -> Currency:
    """The currency of a page drawn from content files `paths` and documents `sources`, its
    dates written as readers of the guide's `language` write them."""
    distinct = {source.document: source for source in sources}.values()
    ordered = sorted(distinct, key=lambda source: (source.dated or 9999, source.year_text))
    years = ", ".join(dict.fromkeys(source.year_text for source in ordered)) or "not dated"
    dated = [source for source in ordered if source.dated]
    oldest = dated[0] if dated and history.today.year - dated[0].dated > OLD_AFTER_YEARS else None
    changed = day_text(history.changed(paths), language)
    return Currency(years, changed, oldest.dated if oldest else 0, oldest.year_text if oldest else "")


EPOCH_LIMIT = 253402300799
"""The last second of the year 9999: the largest date the pages can print."""


def epoch_problem() -> Problem | None:
    """A SOURCE_DATE_EPOCH that is set must be whole seconds since 1970, or no date can be made."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value or (value.isascii() and value.isdigit() and int(value) <= EPOCH_LIMIT):
        return None
    return Problem(
        "SOURCE_DATE_EPOCH",
        0,
        f"SOURCE_DATE_EPOCH is {value[:40]!r}, not a number of seconds since 1 January 1970",
        "Set it to whole seconds, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.",
    )


def build_date(root: Path) -> str | None:
    """SOURCE_DATE_EPOCH for reproducible output: the last commit, when in git."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found.stdout.strip() or None


def build_date_text(root: Path, language: str = "en-GB") -> str:
    """The build date as printed on paper: from SOURCE_DATE_EPOCH or git, so it is reproducible."""
    epoch = build_date(root)
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return day_text(moment.date(), language)
