"""Evidence you can trust: every claim names the source sentence it restates, and its badge
rests on the report's own description of the work, never on a guess (issue 15)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.helpers import ROOT, SOURCES, render_guide

NOT_DESCRIBED = "not described in the report"


def flat(text: str) -> str:
    return " ".join(unescape(text).split())


SOURCE_TEXT = {path.name[:3]: flat(path.read_text(encoding="utf-8")) for path in SOURCES.glob("0*.txt")}
REPORT = SOURCE_TEXT["002"]

# The words that show the report describes a work as this kind: in the sentence we restate,
# in another sentence of the report that cites the same work, or in the work's title in the
# report's reference list.
DESCRIBED_BY = {
    "systematic review": r"systematic review",
    "literature review": r"review of the literature|research overview|literature review",
    "large survey": r"large survey|national surveys",
    "qualitative study": r"interviews|qualitative|focus group",
    "evaluation": r"evaluation|pilot|effectiveness",
    "inspection or audit": r"inspection|audit commission",
    "policy or guidance": r"\bDH\b|department of health|guide\b|guidance",
    "practice example": r"good example|example of",
    "organisation's own review": r"reviewed their",
}


def claims(guide):
    return [(theme, claim) for theme in guide.themes for claim in theme.evidence]


def test_every_claim_names_the_sentences_it_restates_and_they_are_in_the_source(guide):
    missing, not_found = [], []
    for theme, claim in claims(guide):
        if not claim.restates:
            missing.append((theme.id, claim.text[:50]))
        for sentence in claim.restates:
            if flat(sentence) not in SOURCE_TEXT[claim.source.document]:
                not_found.append((theme.id, sentence[:60]))
    assert missing == []
    assert not_found == []


def _citation_sentences(guide, claim) -> list[str]:
    """The report's sentences that cite one of the claim's works (by surname and year)."""
    names = []
    for key in claim.cites + [key for entry in claim.ambiguous for key in entry.could_be]:
        reference = guide.references[key]
        names.append((reference.authors_short.split()[0], reference.fields.get("year", "")))
    for written in claim.unlisted + list(claim.cited_as.values()):
        match = re.match(r"([^\W\d]+)\D*(\d{4})?", written)
        if match:
            names.append((match.group(1), match.group(2) or ""))
    sentences = re.split(r"(?<=[.;])\s+", REPORT)
    return [s for s in sentences for name, year in names if name in s and year in s]


def test_no_badge_without_the_reports_own_description(guide):
    guessed = []
    for theme, claim in claims(guide):
        assert claim.kind, (theme.id, claim.text[:50])
        if claim.kind == NOT_DESCRIBED:
            continue
        evidence = " ".join(claim.restates + _citation_sentences(guide, claim))
        evidence += " ".join(guide.references[key].fields.get("title", "") for key in claim.cites)
        if not re.search(DESCRIBED_BY[claim.kind], evidence, re.IGNORECASE):
            guessed.append((theme.id, claim.kind, claim.text[:50]))
    assert guessed == []


def test_every_badge_is_explained_on_the_kinds_page(guide, real_outcome):
    from datetime import date

    from generator.history import History
    from generator.render import render

    unformatted = dict.fromkeys(guide.references, "")  # the kinds page shows no reference entry
    pages = render(
        guide, unformatted, real_outcome.audited, History(date(2026, 1, 1)), only={"evidence-kinds/index.md"}
    )
    page = pages["evidence-kinds/index.md"]  # made from guide.yml's evidence_kinds
    headings = set(re.findall(r"^## (.+?) \{ #[a-z0-9-]+ \}$", page, re.MULTILINE))
    assert {claim.kind for _, claim in claims(guide)} <= headings
    assert NOT_DESCRIBED in headings


@pytest.mark.parametrize(
    "key, kind",
    [
        ("fox2009", NOT_DESCRIBED),  # "One study suggests"
        ("auditcommission2002", "inspection or audit"),
        ("miller2008", NOT_DESCRIBED),  # "a Glasgow university project"
        ("victor2009", "systematic review"),
    ],
)
def test_badges_the_report_settles(guide, key, kind):
    kinds = {claim.kind for _, claim in claims(guide) if claim.cites == [key]}
    assert kinds == {kind}


@pytest.mark.parametrize("written", ["Glynn et al 2008", "Harrison 2009", "Gullick and Shimadry 2008", "Henwood 2006"])
def test_works_the_report_does_not_describe_say_so(guide, written):
    kinds = {claim.kind for _, claim in claims(guide) if written in claim.unlisted}
    assert kinds == {NOT_DESCRIBED}


def test_an_uncited_inspection_finding_stands_apart_from_the_research_beside_it(guide):
    recognition = guide.theme("recognition")
    inspection = [claim for claim in recognition.evidence if claim.kind == "inspection or audit"]
    assert inspection and all(not claim.cites and not claim.unlisted for claim in inspection)


def test_the_badge_for_an_undescribed_work_links_to_its_explanation(guide):
    pages = render_guide(guide)
    page = pages["themes/recognition.md"]
    assert "[not described in the report](../evidence-kinds/index.md#not-described-in-the-report)" in page
    assert "ambiguous: the report's list has 2 works this could be" in page


def test_restates_is_checked_by_the_schema(tmp_path):
    from tests.helpers import FIXTURES, copy_project, run_cli

    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    theme = root / "evidence" / "themes" / "recognition.yml"
    text = theme.read_text(encoding="utf-8")
    assert "- claim:" in text
    broken = text.replace("- claim:", '- source: {document: "002", section: Links}\n    claim:', 1)
    theme.write_text(broken, encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert "restates" in result.stderr


def test_case_study_places_never_read_as_a_person(guide):
    assert not [study.id for study in guide.case_studies if "participant" in study.place.lower()]


def _in_source(text: str, document: str) -> bool:
    words = flat(text).rstrip(".")
    source = SOURCE_TEXT[document].lower()
    return words.lower() in source


def test_checklist_items_say_truly_whether_they_are_verbatim_or_adapted(guide):
    wrong = []
    for checklist in guide.checklists:
        for item in checklist.items:
            if (item.wording == "verbatim") != _in_source(item.text, item.source.document):
                wrong.append((checklist.id, item.wording, item.text[:50]))
    assert wrong == []
    adapted = {c.id: sum(item.wording == "adapted" for item in c.items) for c in guide.checklists}
    assert adapted["leaders"] > 0 and adapted["carer-leads"] > 0
    assert adapted["practitioners"] == adapted["carers"] == adapted["gps"] == adapted["careworkers"] == 0


def test_the_checklist_page_marks_adapted_items(guide):
    page = render_guide(guide)["roles/carer-leads.md"]
    assert "Items marked *(adapted)* are our wording of the source" in page
    assert page.count("*(adapted)*") == 1 + 11


def test_references_page_never_calls_a_used_work_uncited(guide):
    pages = render_guide(guide)
    text = "".join(page for name, page in pages.items() if name.startswith("references/index"))
    for key in ("nsasc2014", "nsasc2012", "fox2010a", "fox2010b", "manthorpe2009a", "manthorpe2009b"):
        entry = text.split(f"{{: #{key} .wt-reference }}", 1)[1].split(".wt-reference", 1)[0]
        assert "no page of the guide cites it" not in entry, key
        assert "not cited in its text" not in entry, key
    for key in ("fox2010a", "fox2010b"):
        entry = text.split(f"{{: #{key} .wt-reference }}", 1)[1].split(".wt-reference", 1)[0]
        assert "Perhaps cited" in entry and "Cited in" not in entry, key


def test_key_figures_are_practice_figures_not_publishing_details(guide):
    by_document = {(figure.source.document, figure.value) for figure in guide.figures}
    publishing = {("003", "£15.19"), ("003", "20%"), ("004", "28 April"), ("003", "30 April")}
    publishing |= {("003", "28 February 2018"), ("001", "12–18 June"), ("003", "Issue 1")}
    assert not by_document & publishing
    assert ("001", "20%") in by_document  # carers' numbers grew by 20%: a practice figure stays
    assert not [f for f in guide.figures if re.search(r"discount|price|conference|Carers' Week", f.what, re.IGNORECASE)]


def test_slips_a_trainer_would_be_embarrassed_by(guide):
    from generator.pdf import _keep_hyphens

    assert "below" not in guide.report.follow_up
    assert guide.documents["000"]["about_year"] == 2004
    kept = str(_keep_hyphens("day-to-day care & front-line"))
    assert "\u2011" not in kept and "day-to-day" in kept and "&amp;" in kept
    kit = (ROOT / "generator/templates/print/workshop-kit.html.j2").read_text(encoding="utf-8")
    assert "— {{ theme.quotes[0].said_by }}" not in kit


def test_a_source_line_never_repeats_the_title_as_its_section(guide):
    pages = render_guide(guide)
    for name, page in pages.items():
        for line in re.findall(r"^Source: \*(.+?)\*(?: \(\d{4}\))?, (.+)$", page, re.MULTILINE):
            assert not line[1].startswith(line[0]), (name, line)
        assert "{: .wt-source }" not in re.sub(r"^ *\{: \.wt-source \}$", "", page, flags=re.MULTILINE), name
