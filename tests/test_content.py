"""The real content is complete and faithful to the report (shared/sources/002_…).

These tests read the report itself, independently of the YAML, so a list item, quote,
checklist item or reference that goes missing or drifts from the report's wording fails.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import SOURCES

REPORT_TEXT = (SOURCES / "002_56c5e6398d34069d.txt").read_text(encoding="utf-8")
RUNNING_HEADS = {"Working Together Interim Report", "www.ripfa.org.uk"}


def flat(text: str) -> str:
    return " ".join(text.split())


FLAT_REPORT = flat(REPORT_TEXT)


THEME_HEADINGS = {
    "recognition": "Recognition",
    "relationships": "Relationships",
    "communication-and-information": "Communication and Information",
    "systems": "Systems",
    "role-and-workload": "Role and Workload",
    "resources-and-services": "Resources and Services",
}


def table_of(heading: str) -> tuple[list[str], list[str]]:
    """The report's 'What works' / 'What doesn't work' bullets for one theme."""
    lines = REPORT_TEXT.splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip("\t ") == heading and line.endswith("\t"))
    table = lines[start + 1]
    works, doesnt = re.split(r"<p[^>]*>(?:<i>)?What doesn't work", table, maxsplit=1)

    def bullets(part):
        return [flat(re.sub(r"<[^>]+>", "", bullet)) for bullet in part.split("•")[1:]]

    return bullets(works), bullets(doesnt)


def test_all_six_themes_in_the_report_order(guide):
    assert [theme.id for theme in guide.themes] == list(THEME_HEADINGS)
    assert [theme.perspective for theme in guide.themes] == ["carers"] * 4 + ["practitioners"] * 2


@pytest.mark.parametrize("theme_id", list(THEME_HEADINGS))
def test_every_what_works_and_doesnt_item_in_the_report_wording(guide, theme_id):
    works, doesnt = table_of(THEME_HEADINGS[theme_id])
    theme = guide.theme(theme_id)
    assert [item.text for item in theme.what_works] == works
    assert [item.text for item in theme.what_doesnt_work] == doesnt


def all_quotes(guide):
    for theme in guide.themes:
        for quote in theme.quotes:
            yield theme.id, quote.text
    for quote in guide.report.policy_quotes:
        yield "report", quote.text
    for action in guide.report.actions:
        for quote in action.quotes:
            yield "report", quote.text


def test_every_quote_is_word_for_word(guide):
    drifted = [(where, text) for where, text in all_quotes(guide) if flat(text) not in FLAT_REPORT]
    assert drifted == []


def test_every_quotation_of_the_workshop_findings_is_encoded(guide):
    """Each double-quoted passage of the theme sections is (part of) an encoded quote."""
    start = REPORT_TEXT.index("Workshop findings")
    end = REPORT_TEXT.index("Practice implications\n\nThe main messages")
    findings = re.sub(r"<[^>]+>", "", REPORT_TEXT[start:end])
    encoded = " ".join(flat(text) for where, text in all_quotes(guide) if where != "report")
    missing = []
    for match in re.finditer(r'"([^"\n]{12,}?)["\n]', findings):
        words = flat(match.group(1)).strip(" .…")
        if words and words[:40] not in encoded:
            missing.append(words[:80])
    assert missing == []


def implications() -> dict[str, list[str]]:
    """The report's practice implications, by role heading."""
    section = REPORT_TEXT[
        REPORT_TEXT.index("Practice implications\n\nThe main messages") : REPORT_TEXT.index(
            "Actions from the workshops"
        )
    ]
    roles, current = {}, None
    for line in section.splitlines():
        line = line.strip()
        if line in ("Practitioners:", "Careworkers", "Carers", "GPs"):
            current = roles.setdefault(line.rstrip(":"), [])
        elif line.startswith("- ") and current is not None:
            current.append(flat(line[2:]))
    return roles


def test_every_practice_implication_is_a_checklist_item(guide):
    """Word for word and each exactly once; the order is the checklist's own (grouped by moment)."""
    expected = {role: sorted(items) for role, items in implications().items()}
    by_role = {
        checklist.role: sorted(item.text for item in checklist.items)
        for checklist in guide.checklists
        if checklist.source.document == "002"
    }
    assert by_role == expected
    assert sum(map(len, expected.values())) == 40


def reference_list() -> list[str]:
    section = REPORT_TEXT[REPORT_TEXT.rindex("\nReferences\n") :]
    paragraphs = [flat(p) for p in section.split("\n\n")[1:]]
    return [p for p in paragraphs if p and p not in RUNNING_HEADS]


def test_every_reference_of_the_list_is_in_the_bibtex(guide):
    listed = reference_list()
    assert len(listed) == 48
    report_references = [ref for ref in guide.references.values() if "002" in ref.listed_in]
    assert len(report_references) == 48
    for reference in report_references:
        title = flat(re.sub(r"[{}]", "", reference.fields["title"]))
        year = reference.fields["year"]
        assert any(title in entry and year in entry for entry in listed), (reference.key, title)


ALIASES = {"JRF": "kingsfund", "Partnership": "dh"}


def evidence_section(theme_id: str) -> str:
    heading = THEME_HEADINGS[theme_id]
    start = REPORT_TEXT.index(f"\n{heading}\t")
    links = REPORT_TEXT.index("Links to existing evidence", start)
    following = [REPORT_TEXT.find(f"\n{other}\t", links) for other in THEME_HEADINGS.values()]
    following.append(REPORT_TEXT.index("Practice implications\n\nThe main messages"))
    end = min(position for position in following if position > links)
    return REPORT_TEXT[links:end]


@pytest.mark.parametrize("theme_id", list(THEME_HEADINGS))
def test_every_citation_of_the_report_is_carried(guide, theme_id):
    theme = guide.theme(theme_id)
    carried = []
    for claim in theme.evidence:
        for key in claim.cites:
            reference = guide.references[key]
            carried.append((key, reference.label, reference.fields["year"]))
        for text in claim.unlisted + list(claim.cited_as.values()) + [a.written for a in claim.ambiguous]:
            carried.append((text.lower().replace(" ", ""), text, ""))
    section = evidence_section(theme_id)
    missing = []
    for match in re.finditer(r"\b([A-Z][A-Za-z'\-]+)(?: et al| and [A-Z][A-Za-z'\-]+)?,? (\d{4})\b(?!-)", section):
        surname, year = ALIASES.get(match.group(1), match.group(1)), match.group(2)
        found = any(
            (surname.lower() in key and year in (bib_year or key)) or (surname in label and year in label)
            for key, label, bib_year in carried
        )
        if not found:
            missing.append(match.group(0))
    assert missing == []
