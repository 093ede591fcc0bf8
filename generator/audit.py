"""Citation audit: where a source's in-text citations and its reference list disagree.

Three kinds of gap, all the source's own and so warnings, not errors:
cited but not listed (the `unlisted:` citations), listed but never cited, and near
misses: a citation written with a one- or two-letter or one-year difference from an
entry of the list (recorded with `cited_as:`, or an unlisted citation that nearly
matches a listed work).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from generator.errors import Problem
from generator.load import REFERENCES_FILE
from generator.model import Guide, Reference, Theme

REPORT = "002"


@dataclass
class NearMiss:
    written: str
    reference: Reference
    theme: Theme
    why: str


@dataclass
class Audit:
    document: str
    cited_not_listed: list[tuple[str, Theme]] = field(default_factory=list)
    listed_not_cited: list[Reference] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)


def _name_year(text: str) -> tuple[str, int | None]:
    """'Hepworth 2005' -> ('hepworth', 2005); 'Seddon et al. 2008' -> ('seddon', 2008)."""
    year = re.search(r"\d{4}", text)
    name = re.sub(r"\bet al\b\.?|\d{4}[a-z]?", " ", text.lower())
    name = " ".join(re.findall(r"[^\W\d_]+", name))
    return name, (int(year.group()) if year else None)


def _difference(written: str, reference: Reference) -> str:
    """Why `written` and the listed entry differ, or '' when they agree."""
    name, year = _name_year(written)
    listed_name, listed_year = _name_year(reference.label)
    reasons = []
    if name != listed_name:
        reasons.append(f"the list has {reference.label.rsplit(' ', 1)[0]!r}")
    if year and listed_year and year != listed_year:
        reasons.append(f"the list has the year {listed_year}")
    return " and ".join(reasons)


def _near_listed(name: str, year: int | None, by_year: dict) -> list[Reference]:
    """Listed works a citation nearly matches: the same name a year apart, or a close
    name the same year. Looked up by year, so the audit grows with the list, not its square."""
    if not year:
        return []
    same_name = by_year.get(year - 1, {}).get(name, []) + by_year.get(year + 1, {}).get(name, [])
    names = by_year.get(year, {})
    # RapidFuzz's similarity (from the longest common subsequence) is never below difflib's
    # ratio, so this quick pass keeps every name difflib would keep; difflib then decides.
    likely = [
        other
        for other, _, _ in process.extract(
            name, [other for other in names if other != name], scorer=fuzz.ratio, score_cutoff=79.99, limit=None
        )
    ]
    close = difflib.get_close_matches(name, sorted(likely), n=max(len(names), 1), cutoff=0.8)
    return same_name + [ref for other in close for ref in names[other]]


def audit(guide: Guide, document: str = REPORT) -> Audit:
    result = Audit(document)
    cited: set[str] = set()
    listed = [ref for ref in guide.references_by_key_order if document in ref.listed_in]
    by_year: dict[int, dict[str, list[Reference]]] = {}
    for reference in listed:
        listed_name, listed_year = _name_year(reference.label)
        if listed_year:
            by_year.setdefault(listed_year, {}).setdefault(listed_name, []).append(reference)
    for theme in guide.themes:
        if theme.source.document != document:
            continue
        for claim in theme.evidence:
            cited.update(claim.cites)
            for key, written in sorted(claim.cited_as.items()):
                why = _difference(written, guide.references[key])
                if why:
                    result.near_misses.append(NearMiss(written, guide.references[key], theme, why))
            for written in claim.unlisted:
                result.cited_not_listed.append((written, theme))
                for reference in sorted(_near_listed(*_name_year(written), by_year), key=lambda ref: ref.key):
                    result.near_misses.append(NearMiss(written, reference, theme, _difference(written, reference)))
    for quote in guide.report.policy_quotes:
        cited.update(quote.cites)
    result.listed_not_cited = [ref for ref in listed if ref.key not in cited]
    return result


def warnings(result: Audit, guide: Guide) -> list[Problem]:
    """The audit as three warnings for `check`: the source's gaps, not the editor's mistakes."""
    title = guide.documents.get(result.document, {}).get("title", result.document)
    found = []
    if result.cited_not_listed:
        names = sorted({written for written, _ in result.cited_not_listed})
        found.append(
            Problem(
                REFERENCES_FILE,
                0,
                f"{title} cites {len(names)} works its reference list lacks: " + ", ".join(names),
                "They are shown as 'not in the report's reference list'; see the Citation audit page.",
                "warning",
            )
        )
    if result.listed_not_cited:
        found.append(
            Problem(
                REFERENCES_FILE,
                0,
                f"{title} lists {len(result.listed_not_cited)} works it never "
                "cites: " + ", ".join(ref.key for ref in result.listed_not_cited),
                "Nothing to fix in the guide; see the Citation audit page.",
                "warning",
            )
        )
    for miss in result.near_misses:
        found.append(
            Problem(
                miss.theme.path,
                0,
                f"{title} writes {miss.written!r} where {miss.why} ({miss.reference.key})",
                "Shown on the Citation audit page.",
                "warning",
            )
        )
    return found
