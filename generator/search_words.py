"""Everyday words for search (search-words.yml in the evidence folder), checked and applied to the index.

Readers search in their own words ("a break", "the worker keeps changing"); the guide's pages
use others ("respite", "staff turnover"). At build time, every part of a page (a search entry:
a heading and the text under it) that uses one of a group's `guide_words` gets the group's
`everyday` words in an extra, unseen `keywords` field of Material's search index, so the
pages themselves and their search snippets stay as written. `ranking:` sets the weight of
each field. Applied by the MkDocs plugin (generator/mkdocs_plugin.py) to search_index.json before
Material's offline plugin copies it into search_index.js, so the offline bundle has it too.

Zensical has no hooks and a search index of its own (search.json, and search.js for pages
opened from the file system, both at the top of the site: `{"config": …, "items": [{location,
level, title, text, path, tags}]}`), whose worker searches only title, text and path with fixed
weights. `apply_zensical`, run by `python -m generator build --engine zensical` after the build,
adds the same printables and puts a group's everyday words at the end of a matching entry's
text ("Also found by: …"), the one searched field a reader would not take for a heading or a
place in the menu; `ranking:` cannot be applied there.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator import schema
from generator.errors import Problem
from generator.folders import Folders
from generator.load import Located, line_of, read_folders, read_yaml
from generator.session import Session

SEARCH_WORDS_FILE = "evidence/search-words.yml"
"""Where a guide with the default folders keeps it (a guide's own: `Folders.search_words`)."""
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Group:
    everyday: list[str]
    pattern: re.Pattern


def check(
    root: Path, folders: Folders | None = None, session: Session | None = None
) -> tuple[Located | None, list[Problem]]:
    """The file as read, and its problems (schema, and a word listed twice in a group)."""
    shown = (folders or read_folders(root, session)).search_words
    path = root / shown
    if not path.exists():
        return None, []
    data, problems = read_yaml(path, root, session)
    if data is None:
        return None, problems
    digest = session.key("search-words", path.read_bytes()) if session is not None and session.remember else ""
    problems += schema.check(data, "search-words", shown, session=session, digest=digest)
    if problems:
        return data, problems
    for group in data["words"]:
        for key in ("everyday", "guide_words"):
            seen: dict[str, int] = {}
            for index, word in enumerate(group[key]):
                folded = " ".join(word.casefold().split())
                if folded in seen:
                    problems.append(
                        Problem(
                            shown,
                            line_of(group[key], index) or line_of(group, key),
                            f"{word!r} is listed twice in this group's {key}",
                            "Keep one of them.",
                            "warning",
                        )
                    )
                seen[folded] = index
    return data, problems


def groups(data) -> list[Group]:
    made = []
    for group in data["words"]:
        words = sorted({" ".join(word.split()) for word in group["guide_words"]}, key=len, reverse=True)
        alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
        made.append(Group(list(group["everyday"]), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return made


_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_HEADING = re.compile(r"<h[12][^>]*>(.*?)</h[12]>", re.DOTALL)


def printables(site: Path, known: set[str], folder: str = "print") -> list[tuple[str, str, str]]:
    """(location, title, text as HTML) for each printable web page not in `known`.

    The printables (site/print/*.html, written by generator/pdf.py) are copied into the site
    as they are, so neither engine's search sees them; each gets a short entry, its title and
    headings, so that "theme cards" or "meeting sheet" finds the printable itself. The listing
    page (index.html) is a page and indexed already.
    """
    found = []
    for path in sorted((site / folder).glob("*.html")):
        location = f"{folder}/{path.name}"
        if path.name == "index.html" or location in known:
            continue
        page = path.read_text(encoding="utf-8")
        title = _TITLE.search(page)
        if not title:
            continue
        name = " ".join(html.unescape(_TAG.sub("", title.group(1))).split())
        headings = [" ".join(html.unescape(_TAG.sub("", h)).split()) for h in _HEADING.findall(page)]
        parts = [h for h in dict.fromkeys(headings) if h and h != name]
        text = f"Printable, ready for A4 paper: a web page to print and a PDF ({path.stem}.pdf)."
        if parts:
            text += " In it: " + "; ".join(parts[:12]) + "."
        found.append((location, f"{name} (printable)", f"<p>{html.escape(text)}</p>"))
    return found


def add_printables(index: dict, site: Path, folder: str = "print") -> dict:
    """Material's search index with an entry for each printable web page."""
    docs = index.setdefault("docs", [])
    known = {entry.get("location") for entry in docs}
    for location, title, text in printables(site, known, folder):
        docs.append({"location": location, "title": title, "text": text})
    return index


def _everyday(found: list[Group], entry: dict) -> list[str]:
    """The everyday words of every group whose guide words the entry's title or text uses."""
    plain = html.unescape(_TAG.sub(" ", entry.get("title", "") + " \n " + entry.get("text", "")))
    words: list[str] = []
    for group in found:
        if group.pattern.search(plain):
            words += [word for word in group.everyday if word not in words]
    return words


def apply(index: dict, data, remembered: dict | None = None) -> dict:
    """Material's search index with everyday words and field weights from `data`.

    `remembered`: the words found for each entry's title and text at the last call with the
    same `data` (a preview server's rebuilds), updated to this index's entries; matching
    every group against every entry is most of this step on a large guide."""
    found = groups(data)
    before = dict(remembered or {})
    if remembered is not None:
        remembered.clear()
    for entry in index.get("docs", []):
        key = (entry.get("title", ""), entry.get("text", ""))
        words = before[key] if key in before else _everyday(found, entry)
        if remembered is not None:
            remembered[key] = words
        if words:
            entry["keywords"] = " ".join(words)
    ranking = data.get("ranking") or {}
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for name, boost in ranking.items():
        fields[name] = {"boost": boost}
    fields.setdefault("keywords", {"boost": 1})
    return index


ZENSICAL_INDEX = "search.json"
ZENSICAL_SCRIPT = "search.js"
"""Zensical's search index, and the same index as a script for pages opened from the file system."""


def apply_zensical(root: Path, site: Path) -> list[Problem]:
    """Add the printables and the everyday words to the search index of a Zensical-built `site`."""
    index_path = site / ZENSICAL_INDEX
    if not index_path.exists():
        return []
    data, problems = check(root)
    errors = [problem for problem in problems if problem.severity == "error"]  # `check` showed the rest
    if data is None or errors:
        return errors
    index = json.loads(index_path.read_text(encoding="utf-8"))
    items = index.setdefault("items", [])
    known = {item.get("location") for item in items}
    for location, title, text in printables(site, known):
        items.append(
            {"location": location, "level": 1, "title": title, "text": text, "path": ["Printables"], "tags": []}
        )
    found = groups(data)
    for item in items:
        if words := _everyday(found, item):
            item["text"] = item.get("text", "") + f"<p>Also found by: {html.escape(', '.join(words))}.</p>"
    text = json.dumps(index, separators=(",", ":"), ensure_ascii=False)
    index_path.write_text(text, encoding="utf-8")
    (site / ZENSICAL_SCRIPT).write_text(f"var __index = {text};", encoding="utf-8")
    return []
