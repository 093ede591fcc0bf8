"""Format references with a CSL style instead of hand-written string building.

The style is citeproc-py's 'Cite Them Right' Harvard, adapted in styles/ so that the
reference list names every author as the report's own list does (CC BY-SA, like the
original). BibTeX fields are mapped to CSL-JSON here, in one place.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from generator.model import Reference, split_names

STYLE = Path(__file__).parent / "styles" / "harvard-working-together.csl"
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
    people = []
    for name in split_names(value):
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


def to_csl(reference: Reference) -> dict:
    fields = reference.fields
    item = {"id": reference.key, "type": _CSL_TYPES.get(reference.entry_type, "document")}
    for bib, csl in (("author", "author"), ("editor", "editor")):
        if fields.get(bib):
            item[csl] = _names(fields[bib])
    if fields.get("year", "").strip().isdigit():
        item["issued"] = {"date-parts": [[int(fields["year"])]]}
    container = fields.get("journal") or fields.get("booktitle")
    simple = {"title": fields.get("title"), "container-title": container, "volume": fields.get("volume"),
              "issue": fields.get("number"), "page": fields.get("pages"),
              "publisher": fields.get("publisher") or fields.get("institution") or fields.get("organization"),
              "publisher-place": fields.get("address"), "URL": safe_url(fields.get("url", ""))}
    for name, value in simple.items():
        if value:
            item[name] = _plain(value)
    return item


def format_references(references: list[Reference]) -> None:
    """Fill `formatted` of every reference with its Harvard entry, as inline HTML."""
    if not references:
        return
    source = CiteProcJSON([to_csl(reference) for reference in references])
    style = CitationStylesStyle(str(STYLE), locale=LOCALE, validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.html)
    citations = [Citation([CitationItem(reference.key)]) for reference in references]
    for citation in citations:
        bibliography.register(citation)
    rendered = [str(entry) for entry in bibliography.bibliography()]
    keys = [str(key) for key in bibliography.keys]
    entries = dict(zip(keys, rendered))
    for reference in references:
        reference.formatted = entries.get(reference.key.lower(), entries.get(reference.key, ""))
