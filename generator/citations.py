"""Format references with a CSL style instead of hand-written string building.

The style is citeproc-py's 'Cite Them Right' Harvard, adapted in styles/ so that the
reference list names every author as the report's own list does (CC BY-SA, like the
original). BibTeX fields are mapped to CSL-JSON here, in one place.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from generator.load import split_names
from generator.model import Reference
from generator.parallel import cores, map_in_workers
from generator.session import Session

STYLE = Path(__file__).parent / "styles" / "harvard-author-date.csl"
"""The built-in style; a guide names its own in guide.yml's citation_style."""
LOCALE = "en-GB"

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "techreport": "report",
    "report": "report",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "misc": "document",
}


def _plain(value: str) -> str:
    """BibTeX text without protective braces or LaTeX escapes, HTML-escaped for the formatter."""
    value = re.sub(r"\\([&%$#_{}])", r"\1", value)
    value = value.replace("{", "").replace("}", "").replace("--", "–")
    return html.escape(re.sub(r"\s+", " ", value).strip(), quote=False)


def _names(value: str) -> list[dict]:
    people: list[dict] = []
    for name in split_names(value):
        if name.strip().casefold() == "others" and people:  # BibTeX's 'and others': et al.
            people[-1]["suffix"] = "et al."
            continue
        if name.startswith("{") and name.endswith("}"):
            people.append({"literal": _plain(name)})
        elif "," in name:
            family, given = name.split(",", 1)
            people.append({"family": _plain(family), "given": _plain(given)})
        else:
            people.append({"literal": _plain(name)})
    return people


def safe_url(url: str) -> str:
    """The address when it is one a reader can safely follow (http, https), else ''."""
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url) else ""


def safe_doi(doi: str) -> str:
    """A DOI ('10.1000/xyz', or written as its https://doi.org/ address) a link can carry, else ''."""
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.IGNORECASE)
    return doi if re.match(r"^10\.\d{4,9}/[^\s<>\"']+$", doi) else ""


def _link_out(entry: str, item: dict) -> str:
    """The entry with its web address or DOI as a link a reader can follow."""
    # The item's fields are HTML-escaped already (_plain), and safe_url and safe_doi allow no quotes.
    shown = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL", "")
    if not shown or shown not in entry:
        return entry
    link = f'<a href="{shown}" class="wt-link-out">{shown}</a>'
    before, _, after = entry.rpartition(shown)
    return before + link + after


def to_csl(reference: Reference) -> dict:
    fields = reference.fields
    item: dict[str, object] = {"id": reference.key, "type": _CSL_TYPES.get(reference.entry_type, "document")}
    for bib, csl in (("author", "author"), ("editor", "editor")):
        if fields.get(bib):
            item[csl] = _names(fields[bib])
    if fields.get("year", "").strip().isdigit():
        item["issued"] = {"date-parts": [[int(fields["year"])]]}
    container = fields.get("journal") or fields.get("booktitle")
    simple = {
        "title": fields.get("title"),
        "container-title": container,
        "volume": fields.get("volume"),
        "issue": fields.get("number"),
        "page": fields.get("pages"),
        "publisher": fields.get("publisher") or fields.get("institution") or fields.get("organization"),
        "publisher-place": fields.get("address"),
        "URL": safe_url(fields.get("url", "")),
        "DOI": safe_doi(fields.get("doi", "")),
    }
    for name, value in simple.items():
        if value:
            item[name] = _plain(value)
    return item


def format_entries(
    references: list[Reference], session: Session | None = None, style: Path | None = None
) -> dict[str, str]:
    """Each reference's entry in `style` (default: the built-in Harvard style) as inline HTML,
    by BibTeX key; the references are not changed.

    citeproc-py takes some 8 ms an entry, so a guide of thousands of references would spend
    most of its build here. Entries are formatted in groups that could affect each other
    (same first author and year: the style adds 2010a, 2010b). With a `session`, each
    group's entries are remembered under the session's key of the group's BibTeX fields
    (with the style and the engine's code), all in one entry of the session, so an unchanged
    group is never formatted twice. The output is the same with or without the session.
    """
    session = session or Session.off()
    style = style or STYLE
    style_text = _STYLE_TEXT if style == STYLE else style.read_bytes()
    groups: dict[tuple[str, str], list[Reference]] = {}
    for reference in references:
        groups.setdefault(_collision_key(reference), []).append(reference)
    names = {}
    for name, group in groups.items():
        fields = [
            [reference.key, reference.entry_type, reference.year_suffix, sorted(reference.fields.items())]
            for reference in group
        ]
        names[name] = session.key("citation", style_text, json.dumps(fields)) if session.remember else str(name)
    # One entry holds every group's entries: one file to read for thousands of references.
    slot = session.key("citations", style_text) if session.remember else ""
    found = session.get(slot) if session.remember else None
    known: dict[str, list[str]] = found if isinstance(found, dict) else {}
    made = _format_groups(
        {
            names[name]: [to_csl(reference) for reference in group]
            for name, group in groups.items()
            if names[name] not in known
        },
        style,
    )
    used = {names[name]: known.get(names[name]) or made[names[name]] for name in groups}
    if session.remember and used != known:
        session.put(slot, used)
    formatted = {}
    for name, group in groups.items():
        for reference, entry in zip(group, used[names[name]], strict=True):
            formatted[reference.key] = entry
    return {reference.key: formatted[reference.key] for reference in references}


def format_references(references: list[Reference], session: Session | None = None, style: Path | None = None) -> None:
    """`format_entries`, written into each reference's `formatted` (for a reader of one entry;
    the pipeline passes the entries to `render` instead)."""
    formatted = format_entries(references, session, style)
    for reference in references:
        reference.formatted = formatted[reference.key]


PARALLEL_AFTER = 400
"""Entries to format before it pays to start a worker per core (citeproc-py uses one)."""


def _format_groups(groups: dict[str, list[dict]], style_path: Path = STYLE) -> dict[str, list[str]]:
    """Each group's entries through citeproc: a batch of groups per core for a large list.

    The groups are independent by construction, so splitting them between workers
    gives the same entries as one process.
    """
    names = list(groups)
    ways = cores() if sum(map(len, groups.values())) >= PARALLEL_AFTER else 1
    batches = [names[start::ways] for start in range(ways)]
    done = map_in_workers(_format_batch, [([groups[name] for name in batch], style_path) for batch in batches])
    formatted = {
        name: entries
        for batch, results in zip(batches, done, strict=True)
        for name, entries in zip(batch, results, strict=True)
    }
    return {name: formatted[name] for name in names}


def _format_batch(work: tuple[list[list[dict]], Path]) -> list[list[str]]:
    """One worker's share: groups of CSL records and the style to format them in."""
    groups, style_path = work
    if not groups:
        return []
    style = CitationStylesStyle(str(style_path), locale=LOCALE, validate=False)
    return [_format_group(csl, style) for csl in groups]


_STYLE_TEXT = STYLE.read_bytes()
"""Part of each group's key: a guide's own style (not only the engine's) changes every entry."""


def _collision_key(reference: Reference) -> tuple[str, str]:
    names = split_names(reference.fields.get("author") or reference.fields.get("editor", ""))
    first = names[0].split(",")[0].strip("{} ").lower() if names else ""
    return first, reference.fields.get("year", "")


def _format_group(csl: list[dict], style) -> list[str]:
    """The entries of one group through citeproc, in the group's order."""
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl), formatter.html)
    for item in csl:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = {str(key): str(entry) for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True)}
    found = [entries.get(item["id"].lower(), entries.get(item["id"], "")) for item in csl]
    return [_link_out(_ET_AL.sub(r", \1 et al. (", entry), item) for entry, item in zip(found, csl, strict=True)]


_ET_AL = re.compile(r" and ([^()]*?), et al\. \(")
"""'Smith, J. and Jones, A., et al. (2001)' as Harvard writes it: 'Smith, J., Jones, A. et al. (2001)'."""
