"""The citation audit as a careful reader does it (issue 15): a fixture for each rule, the
page and the CLI agreeing, and the counts on the real report pinned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.audit import audit
from tests.helpers import FIXTURES, ROOT, copy_project, render_guide, run_cli

CAMERON = """
@article{cameron2003,
  author = {Cameron, A. and Lart, R.},
  year = {2003},
  title = {Factors Promoting and Obstacles Hindering Joint Working},
  journal = {Journal of Integrated Care}
}
"""
FOX = """
@article{fox2010a,
  author = {Fox, A.},
  year = {2010},
  title = {From independence to interdependence},
  journal = {Journal of Integrated Care}
}

@article{fox2010b,
  author = {Fox, A.},
  year = {2010},
  title = {Unpaid carers hold the key to sustainable social care},
  journal = {Journal of Care Services Management}
}
"""


def project(tmp_path: Path, claims: str, bib: str = "", theme: str = "recognition") -> Path:
    """The mini guide with extra BibTeX entries and extra claims on one theme."""
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    (root / "evidence/references.bib").write_text(
        (root / "evidence/references.bib").read_text(encoding="utf-8") + bib, encoding="utf-8"
    )
    path = root / f"evidence/themes/{theme}.yml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + claims, encoding="utf-8")
    return root


def audited(root: Path):
    outcome = pipeline.check(root)
    assert outcome.errors == [], "\n".join(map(str, outcome.errors))
    return outcome, audit(outcome.guide)


def unlisted_claim(written: str) -> str:
    return f'  - claim: A finding.\n    unlisted: ["{written}"]\n'


def test_an_author_of_one_listed_work_in_another_year_is_a_near_miss(tmp_path):
    _, result = audited(project(tmp_path, unlisted_claim("Cameron 2000"), CAMERON))
    assert [(miss.written, miss.reference.key) for miss in result.near_misses] == [("Cameron 2000", "cameron2003")]
    assert "Cameron 2000" not in [entry.written for entry in result.cited_not_listed]
    assert "cameron2003" not in [ref.key for ref in result.listed_not_cited]
    why = result.near_misses[0].why
    assert "Cameron and Lart" in why and "2003" in why  # both forms shown


@pytest.mark.parametrize(
    "written, bib, why",
    [
        ("Cameron et al 2000", CAMERON, "et al, but the listed work has two authors"),
        ("Cameron and Smith 2000", CAMERON, "names an author the listed work lacks"),
        ("Fox 2008", FOX, "the author has two listed works"),
    ],
)
def test_an_author_match_that_cannot_be_the_same_work_stays_unlisted(tmp_path, written, bib, why):
    _, result = audited(project(tmp_path, unlisted_claim(written), bib))
    assert result.near_misses == [], why
    assert sorted(entry.written for entry in result.cited_not_listed) == sorted(["Morris et al 2007", written])


def test_a_listed_work_cited_elsewhere_is_no_near_miss_for_another_year(tmp_path):
    claims = unlisted_claim("Cameron 2000") + "  - claim: Another finding.\n    cites: [cameron2003]\n"
    _, result = audited(project(tmp_path, claims, CAMERON))
    assert result.near_misses == []
    assert "Cameron 2000" in [entry.written for entry in result.cited_not_listed]


def test_citations_in_policy_quotations_are_audited(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    report = root / "evidence/report.yml"
    text = report.read_text(encoding="utf-8")
    report.write_text(
        text.replace("    cites: [dh2007]\n", "    cites: [dh2007]\n    cited_as: {dh2007: HM Government 2007}\n"),
        encoding="utf-8",
    )
    _, result = audited(root)
    assert [(miss.written, miss.reference.key) for miss in result.near_misses] == [("HM Government 2007", "dh2007")]
    assert [place.title for place in result.near_misses[0].places] == ["About the report"]


def test_an_ambiguous_citation_picks_neither_work(tmp_path):
    claims = (
        "  - claim: A finding.\n    ambiguous:\n      - written: Fox 2010\n        could_be: [fox2010a, fox2010b]\n"
    )
    outcome, result = audited(project(tmp_path, claims, FOX))
    assert [(entry.written, [ref.key for ref in entry.references]) for entry in result.ambiguous] == [
        ("Fox 2010", ["fox2010a", "fox2010b"])
    ]
    assert not {"fox2010a", "fox2010b"} & {ref.key for ref in result.listed_not_cited}
    pages = render_guide(outcome.guide, audited=result)
    theme = pages["themes/recognition.md"]
    assert "Fox 2010 *(ambiguous: the report's list has 2 works this could be" in theme
    references = pages["references/index.md"]
    for key in ("fox2010a", "fox2010b"):
        entry = references.split(f"{{: #{key} .wt-reference }}", 1)[1].split("wt-reference", 1)[0]
        assert "Perhaps cited" in entry and "Cited in" not in entry and "not cited" not in entry
    assert "## Could be either of two works in the list (1)" in pages["references/audit.md"]


def test_citing_one_of_two_same_author_year_works_is_reported_as_picking_one(tmp_path):
    outcome, result = audited(project(tmp_path, "  - claim: A finding.\n    cites: [fox2010b]\n", FOX))
    assert [(entry.written, entry.picked) for entry in result.ambiguous] == [("Fox 2010", True)]
    assert any("could be fox2010a or fox2010b" in problem.message for problem in outcome.warnings)


def test_each_citation_is_counted_once_and_the_page_and_cli_agree(tmp_path):
    root = project(tmp_path, unlisted_claim("Blank 2004") + unlisted_claim("Blank 2004"))
    systems = root / "evidence/themes/systems.yml"
    systems.write_text(systems.read_text(encoding="utf-8") + unlisted_claim("Blank 2004"), encoding="utf-8")
    _, result = audited(root)
    blank = [entry for entry in result.cited_not_listed if entry.written == "Blank 2004"]
    assert len(blank) == 1 and [place.title for place in blank[0].places] == ["Recognition", "Systems"]
    assert_page_and_cli_agree(root, result)


def assert_page_and_cli_agree(root: Path, result) -> None:
    check = run_cli(root, "check")
    assert check.returncode == 0, check.stderr
    page = render_guide(pipeline.check(root).guide)["references/audit.md"]
    headings = {heading: int(count) for heading, count in re.findall(r"^## (.+) \((\d+)\)$", page, flags=re.MULTILINE)}
    counts = result.counts
    assert headings["Cited in the text but not in the reference list"] == counts["cited_not_listed"]
    assert headings["In the reference list but never cited in the text"] == counts["listed_not_cited"]
    assert headings["Written differently in the text and in the list"] == counts["near_misses"]
    assert headings["Could be either of two works in the list"] == counts["ambiguous"]
    out = check.stdout + check.stderr
    if counts["cited_not_listed"]:
        assert f"cites {counts['cited_not_listed']} works its reference list lacks" in out
    if counts["listed_not_cited"]:
        assert f"lists {counts['listed_not_cited']} works it never cites" in out
    assert len(re.findall(r"warning: .* writes '", out)) == counts["near_misses"]
    assert len(re.findall(r"warning: .*'s '.*' could be ", out)) == counts["ambiguous"]


def test_the_real_reports_audit(tmp_path):
    """The careful reading's counts on the report itself (see the issue's closing note)."""
    root = copy_project(ROOT, tmp_path / "project")
    _, result = audited(root)
    assert sorted((miss.written, miss.reference.key) for miss in result.near_misses) == [
        ("Cameron 2000", "cameron2003"),
        ("Counsel for Care 2008", "counselandcare2008"),
        ("HM Government 2010", "dh2010"),
        ("Hepworth 2005", "hepworthy2005"),
        ("JRF 2011", "kingsfund2011"),
    ]
    assert [(entry.written, [ref.key for ref in entry.references]) for entry in result.ambiguous] == [
        ("Fox 2010", ["fox2010a", "fox2010b"]),
        ("Manthorpe et al 2009", ["manthorpe2009a", "manthorpe2009b"]),
    ]
    assert result.counts == {"cited_not_listed": 23, "listed_not_cited": 15, "near_misses": 5, "ambiguous": 2}
    assert "Kings Fund 2005" in [entry.written for entry in result.cited_not_listed]
    assert_page_and_cli_agree(root, result)
