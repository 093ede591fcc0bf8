"""A work cited on very many pages keeps the references page under its weight budget
(issue 16): its "Cited in" line names the first few places and links a page of its own that
lists them all, in parts when long, every part under the budget too."""

from __future__ import annotations

import re

import pytest

from generator import render
from tests.helpers import FIXTURES, copy_project, run_cli

PAGE_BUDGET = 60 * 1000
"""Every page's own HTML stays under 60 KB (tests/test_site.py, benchmarks/bench.py)."""
MANY = 300
"""Themes citing one work. With the long titles and addresses below, their full "Cited in"
line alone would be some 60 KB of HTML: one entry too long for any page, however the list
is split (300 such themes rather than 700 short ones, so that MkDocs builds fewer pages)."""
PLACE = "Systems seen from place {number}, where carers and practitioners met to talk it over"
"""A theme's title: some 85 characters, as the longest real titles run."""
ADDRESS = "place-{number}-where-carers-and-practitioners-met"
"""A theme's id (its page's address), made from its title as editors make them."""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """The mini guide with MANY more themes, every one citing miller2008, built by MkDocs."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("cited-in-many") / "guide")
    systems = (root / "evidence/themes/systems.yml").read_text(encoding="utf-8")
    assert "cites: [miller2008]" in systems
    for number in range(1, MANY + 1):
        text = systems.replace("id: systems", "id: " + ADDRESS.format(number=number))
        (root / f"evidence/themes/{ADDRESS.format(number=number)}.yml").write_text(
            text.replace("title: Systems", "title: " + PLACE.format(number=number)), encoding="utf-8"
        )
    groups = "".join(  # a large guide's menu: nested, pruned to a page's own section
        f"      - Places {first} to {first + 9}:\n"
        + "".join(f"          - themes/{ADDRESS.format(number=number)}.md\n" for number in range(first, first + 10))
        for first in range(1, MANY + 1, 10)
    )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - themes/systems.md\n" in config and "  font: false\n" in config
    config = config.replace("      - themes/systems.md\n", "      - themes/systems.md\n" + groups)
    (root / "mkdocs.yml").write_text(
        config.replace("  font: false\n", "  font: false\n  features: [navigation.prune]\n"), encoding="utf-8"
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_a_work_cited_by_very_many_themes_keeps_every_references_page_under_budget(many):
    pages = {path.name: path.stat().st_size for path in (many / "site/references").glob("*.html")}
    assert {name: size for name, size in pages.items() if size > PAGE_BUDGET} == {}
    assert "cited-in-miller2008.html" in pages and "cited-in-miller2008-1.html" in pages, sorted(pages)


def test_the_references_page_names_the_first_places_and_links_all_of_them(many):
    text = (many / "docs/references/index.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Cited in ") and "miller2008" in line)
    assert line.startswith(f"Cited in {MANY + 2} places, among them: [Recognition](../themes/recognition.md#")
    assert len(re.findall(r"\]\(\.\./themes/", line)) == render.CITED_IN_SHOWN
    assert line.endswith(f"[all {MANY + 2}](cited-in-miller2008.md)")
    # a work cited in few places keeps its whole line
    assert "Cited in: [Recognition](../themes/recognition.md#what-the-research-says)\n" in text


def test_the_works_own_page_lists_every_place_once_across_its_parts(many):
    docs = many / "docs/references"
    overview = (docs / "cited-in-miller2008.md").read_text(encoding="utf-8")
    parts = sorted(docs.glob("cited-in-miller2008-*.md"))
    assert len(parts) >= 2
    assert all(f"]({part.name})" in overview for part in parts)
    assert "Its entry in the guide's list: [References](index.md#miller2008)." in overview
    linked = [
        theme
        for part in parts
        for theme in re.findall(r"^- \[[^\]]+\]\(\.\./themes/([a-z0-9-]+)\.md#", part.read_text(encoding="utf-8"), re.M)
    ]
    expected = ["recognition", "systems"] + [ADDRESS.format(number=number) for number in range(1, MANY + 1)]
    assert sorted(linked) == sorted(expected)
    assert len(linked) == len(set(linked))
    html = (many / "site/references/cited-in-miller2008-1.html").read_text(encoding="utf-8")
    assert f'href="../themes/{ADDRESS.format(number=1)}.html#what-the-research-says"' in html
