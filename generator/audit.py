"""Citation audit: where a source's in-text citations and its reference list disagree.

The gaps are the source's own, so they are warnings, not errors. Each citation is counted
once, however many pages carry it, and the audit page and `check` give the same counts.

- cited but not listed: an `unlisted:` citation that matches no listed work;
- listed but never cited: a listed work no citation reaches (an ambiguous citation's
  candidates are neither: the report may cite either);
- near misses, shown with both forms: a citation recorded with `cited_as:` that differs
  from the list's entry; an unlisted citation written with a one- or two-letter difference
  or a year apart from a listed work; and an unlisted citation whose author is the first
  author of exactly one listed work, of another year, that nothing else cites (the list
  may have the work with a co-author the text leaves out, as "Cameron 2000" for Cameron
  and Lart (2003));
- ambiguous: a citation that fits two listed works of the same author and year, which the
  text cannot tell apart (it writes no a/b). Recorded with `ambiguous:`; a plain `cites:` of
  one of them is reported too, since it picks one without the text saying which.

Citations in the report's policy quotations (its context section) are audited with the
themes' claims.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from generator.errors import Problem, counted
from generator.load import split_names
from generator.model import Guide, Reference


@dataclass(frozen=True)
class Place:
    """A page of the guide that carries a citation, and the file it comes from."""

    title: str
    url: str
    """Relative to docs/, with the anchor: 'themes/recognition.md#what-the-research-says'."""
    path: str


@dataclass
class Unlisted:
    written: str
    places: list[Place] = field(default_factory=list)


@dataclass
class NearMiss:
    written: str
    reference: Reference
    why: str
    places: list[Place] = field(default_factory=list)
    unlisted: bool = False
    """Found from an `unlisted:` citation, not recorded with `cited_as:`."""


@dataclass
class Ambiguous:
    written: str
    references: list[Reference]
    places: list[Place] = field(default_factory=list)
    picked: bool = False
    """A `cites:` of one candidate, not recorded with `ambiguous:`."""


@dataclass
class Audit:
    document: str
    cited_not_listed: list[Unlisted] = field(default_factory=list)
    listed_not_cited: list[Reference] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many of each, every citation counted once: what the page and `check` say."""
        return {
            "cited_not_listed": len(self.cited_not_listed),
            "listed_not_cited": len(self.listed_not_cited),
            "near_misses": len(self.near_misses),
            "ambiguous": len(self.ambiguous),
        }


def _name_year(text: str) -> tuple[str, int | None]:
    """'Hepworth 2005' -> ('hepworth', 2005); 'Seddon et al. 2008' -> ('seddon', 2008)."""
    year = re.search(r"\d{4}", text)
    name = re.sub(r"\bet al\b\.?|\d{4}[a-z]?", " ", text.lower())
    name = " ".join(re.findall(r"[^\W\d_]+", name))
    return name, (int(year.group()) if year else None)


def _authors(text: str) -> tuple[list[str], bool]:
    """The surnames a citation names, and whether it says 'et al':
    'Hudson and Willis 1995' -> (['hudson', 'willis'], False)."""
    text = re.sub(r"\d{4}[a-z]?|,", " ", text.lower())
    et_al = bool(re.search(r"\bet al\b", text))
    text = re.sub(r"\bet al\b\.?", " ", text)
    return [" ".join(re.findall(r"[^\W\d_]+", part)) for part in re.split(r"\band\b", text) if part.strip()], et_al


def _listed_authors(reference: Reference) -> list[str]:
    return list(_surnames(reference.fields.get("author") or reference.fields.get("editor", "")))


@lru_cache(maxsize=65_536)
def _surnames(names: str) -> tuple[str, ...]:
    """The surnames of a BibTeX author or editor field, lower case (remembered: a preview audits
    the same thousands of entries on every save)."""
    return tuple(
        " ".join(re.findall(r"[^\W\d_]+", name.split(",")[0].strip("{} ").lower())) for name in split_names(names)
    )


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
    # The year's names go to RapidFuzz as they are (copied in C), the name itself left out of
    # what it finds: filtering them in Python first cost a pass over the year per citation.
    likely = [
        other
        for other, _, _ in process.extract(name, list(names), scorer=fuzz.ratio, score_cutoff=79.99, limit=None)
        if other != name
    ]
    close = difflib.get_close_matches(name, sorted(likely), n=max(len(names), 1), cutoff=0.8)
    return same_name + [ref for other in close for ref in names[other]]


_NEAR_LISTED: dict = {"listed": None, "found": {}}
"""The near misses of each (name, year) found for the last listing of works (see below)."""


def _remembered_near_listed(by_year: dict, references: dict):
    """`_near_listed` for this listing, remembered by (name, year) while the listing stays the
    same: a preview audits every citation again on each save, and each search looks through
    all the works of a year, which grows with the guide (x100: 2,500 searches among about
    100 times more names than at x1, a quarter of a save's audit)."""
    listed = repr(
        sorted(
            (year, sorted((name, [ref.key for ref in refs]) for name, refs in names.items()))
            for year, names in by_year.items()
        )
    )
    if _NEAR_LISTED["listed"] != listed:
        _NEAR_LISTED["listed"], _NEAR_LISTED["found"] = listed, {}
    found: dict = _NEAR_LISTED["found"]

    def near_listed(name: str, year: int | None) -> list[Reference]:
        if (name, year) not in found:
            found[name, year] = [ref.key for ref in _near_listed(name, year, by_year)]
        return [references[key] for key in found[name, year]]

    return near_listed


def _same_first_author(written: str, by_first: dict, cited: set[str]) -> Reference | None:
    """The one listed work, of another year, whose first author the citation names, when its
    other named authors are on the entry too, 'et al' fits, and nothing else cites it."""
    authors, et_al = _authors(written)
    _, year = _name_year(written)
    if not authors or not year:
        return None
    candidates = by_first.get(authors[0], [])
    if len(candidates) != 1:
        return None
    reference = candidates[0]
    listed = _listed_authors(reference)
    listed_year = _name_year(reference.label)[1]
    if reference.key in cited or listed_year == year:
        return None
    if not set(authors[1:]) <= set(listed[1:]) or (et_al and len(listed) < 3):
        return None
    return reference


def audit(guide: Guide, document: str | None = None) -> Audit:
    if document is None:
        document = guide.config.main_source
    result = Audit(document)
    listed = [ref for ref in guide.references_by_key_order if document in ref.listed_in]
    listed_keys = {ref.key for ref in listed}
    by_year: dict[int, dict[str, list[Reference]]] = {}
    by_first: dict[str, list[Reference]] = {}
    by_label: dict[str, list[Reference]] = {}
    for reference in listed:
        listed_name, listed_year = _name_year(reference.label)
        if listed_year:
            by_year.setdefault(listed_year, {}).setdefault(listed_name, []).append(reference)
        authors = _listed_authors(reference)
        if authors:
            by_first.setdefault(authors[0], []).append(reference)
        by_label.setdefault(reference.label.removesuffix(reference.year_suffix), []).append(reference)

    # Every citation with the place that carries it: (place, cites, cited_as, unlisted, ambiguous).
    holders = []
    for theme in guide.themes:
        if theme.source.document != document:
            continue
        place = Place(theme.title, f"themes/{theme.id}.md#{guide.config.theme_headings.evidence_anchor}", theme.path)
        for claim in theme.evidence:
            holders.append((place, claim.cites, claim.cited_as, claim.unlisted, claim.ambiguous))
    if guide.report is not None and guide.report.source.document == document:
        place = Place(guide.config.section("report").heading, "report/index.md", guide.report.path)
        for quote in guide.report.policy_quotes:
            holders.append((place, quote.cites, quote.cited_as, [], []))

    near_listed = _remembered_near_listed(by_year, guide.references)
    cited = {key for _, cites, _, _, _ in holders for key in cites}
    maybe = {key for *_, ambiguous in holders for entry in ambiguous for key in entry.could_be}
    cited_elsewhere = cited | maybe
    unlisted: dict[str, Unlisted] = {}
    near: dict[tuple[str, str], NearMiss] = {}
    ambiguous: dict[str, Ambiguous] = {}

    def add(found: dict, key, make, place: Place) -> None:
        entry = found.setdefault(key, make())
        if place not in entry.places:
            entry.places.append(place)

    for place, cites, cited_as, written_unlisted, written_ambiguous in holders:
        for key in cites:
            written = cited_as.get(key, "")
            reference = guide.references[key]
            why = _difference(written, reference) if written else ""
            if why:
                add(near, (written, key), lambda w=written, r=reference, y=why: NearMiss(w, r, y), place)
            same = by_label.get(reference.label.removesuffix(reference.year_suffix), [])
            if key in listed_keys and len(same) > 1 and not written:
                label = reference.label.removesuffix(reference.year_suffix)
                add(ambiguous, label, lambda w=label, s=same: Ambiguous(w, list(s), picked=True), place)
        for entry in written_ambiguous:
            references = [guide.references[key] for key in entry.could_be]
            add(ambiguous, entry.written, lambda w=entry.written, r=references: Ambiguous(w, r), place)
        for written in written_unlisted:
            name, year = _name_year(written)
            matches = sorted(near_listed(name, year), key=lambda ref: ref.key)
            if not matches:
                same_author = _same_first_author(written, by_first, cited_elsewhere)
                matches = [same_author] if same_author else []
            if not matches:
                add(unlisted, written, lambda w=written: Unlisted(w), place)
            for reference in matches:
                why = _difference(written, reference)
                add(
                    near,
                    (written, reference.key),
                    lambda w=written, r=reference, y=why: NearMiss(w, r, y, unlisted=True),
                    place,
                )
                cited.add(reference.key)

    result.cited_not_listed = sorted(unlisted.values(), key=lambda entry: entry.written.lower())
    result.near_misses = sorted(near.values(), key=lambda miss: (miss.written.lower(), miss.reference.key))
    result.ambiguous = sorted(ambiguous.values(), key=lambda entry: entry.written.lower())
    in_doubt = {ref.key for entry in result.ambiguous for ref in entry.references}
    result.listed_not_cited = [ref for ref in listed if ref.key not in cited and ref.key not in in_doubt]
    return result


def _pages(places: list[Place]) -> str:
    return ", ".join(place.title for place in places)


def warnings(result: Audit, guide: Guide) -> list[Problem]:
    """The audit as warnings for `check`, with the page's counts: the source's gaps, not
    the editor's mistakes."""
    title = guide.documents.get(result.document, {}).get("title", result.document)
    found = []
    if result.cited_not_listed:
        names = [entry.written for entry in result.cited_not_listed]
        found.append(
            Problem(
                guide.config.content.references,
                0,
                f"{title} cites {counted(len(names), 'work')} its reference list lacks: " + ", ".join(names),
                f"They are shown as 'not in {guide.config.main_source_called}'s reference list'; "
                "see the Citation audit page.",
                "warning",
            )
        )
    if result.listed_not_cited:
        found.append(
            Problem(
                guide.config.content.references,
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
                miss.places[0].path,
                0,
                f"{title} writes {miss.written!r} where {miss.why} ({miss.reference.key}); on {_pages(miss.places)}",
                "Move it from 'unlisted:' to 'cites:' with 'cited_as:', so that the page shows both forms."
                if miss.unlisted
                else "Shown on the Citation audit page, with both forms.",
                "warning",
            )
        )
    for entry in result.ambiguous:
        keys = " or ".join(ref.key for ref in entry.references)
        found.append(
            Problem(
                entry.places[0].path,
                0,
                f"{title}'s {entry.written!r} could be {keys}; on {_pages(entry.places)}",
                "The text does not say which: record it under 'ambiguous:' (written, could_be), not 'cites:', "
                "so that the guide picks neither."
                if entry.picked
                else "Shown on the Citation audit page; the guide picks neither.",
                "warning",
            )
        )
    return found
