"""Rendering: text is shown as written, never run; the Markdown of a fixture is pinned.

Refresh the golden files after an intended change of the templates with `make golden`
and review the diff in git.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from generator.render import md_escape
from tests.helpers import run_cli

GOLDEN = Path(__file__).parent / "golden" / "mini"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("{{ config }} {% if %}", "\\{\\{ config \\}\\} \\{% if %\\}"),
        ("- not a list", "&#45; not a list"),
        ('!!! danger "x"', '&#33;!! danger "x"'),
        (": not a definition", "&#58; not a definition"),
        ("--8<-- /etc/passwd", "&#45;-8&lt;-- /etc/passwd"),
        ("| a | table |", "&#124; a | table |"),
        ("{: .attr}", "\\{: .attr\\}"),
        ("~~~ fence", "&#126;~~ fence"),
        ("1. not a list", "1\\. not a list"),
        ("# not a heading", "&#35; not a heading"),
        ("a *star* and _under_", "a \\*star\\* and \\_under\\_"),
        ("line one\n  line two", "line one line two"),
    ],
)
def test_markdown_escaping(text, markdown):
    assert md_escape(text) == markdown


def test_generated_markdown_matches_the_golden_files(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # outside git, pages are dated by the build
    outcome = pipeline.generate(mini)
    assert outcome.errors == []
    if os.environ.get("UPDATE_GOLDEN"):  # `make golden`
        for stale in GOLDEN.rglob("*.md"):
            stale.unlink()
        for name, text in outcome.pages.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    golden = {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8") for path in sorted(GOLDEN.rglob("*.md"))
    }
    assert sorted(outcome.pages) == sorted(golden)
    for name, text in outcome.pages.items():
        assert text == golden[name], f"{name} differs from tests/golden/mini/{name}"


NASTY = {
    "quote": '<script>alert("quote")</script> [x](javascript:alert(1)) {{ config.site_name }} {% raw %}',
    "title": "Recog <img src=x onerror=alert(1)> {{ 7*7 }}",
}


def test_hostile_text_appears_literally_in_the_built_page(mini, tmp_path):
    theme = mini / "evidence/themes/recognition.yml"
    text = theme.read_text(encoding="utf-8")
    text = text.replace(
        '"the most important thing that affects me as a carer is not being listened to."', "'" + NASTY["quote"] + "'"
    )
    text = text.replace("title: Recognition", f"title: '{NASTY['title']}'")
    theme.write_text(text, encoding="utf-8")
    result = run_cli(mini, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/themes/recognition.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    assert 'href="javascript:' not in html
    assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;quote&quot;)&lt;/script&gt;" in html
        or '&lt;script&gt;alert("quote")&lt;/script&gt;' in html
    )
    assert "{{ config.site_name }}" in html and "{% raw %}" in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_only_safe_web_addresses_become_links_in_references():
    from generator.citations import format_references
    from generator.model import Reference

    fields = {"author": "Doe, J.", "year": "2020", "title": "T", "howpublished": "Web"}
    safe = Reference("safe2020", "misc", dict(fields, url="https://example.org/report"), 1)
    unsafe = Reference("unsafe2020", "misc", dict(fields, url="javascript:alert(1)"), 2)
    data = Reference("data2020", "misc", dict(fields, url='https://x.org/"><script>'), 3)
    format_references([safe, unsafe, data])
    assert "https://example.org/report" in safe.formatted
    assert "javascript" not in unsafe.formatted
    assert "<script>" not in data.formatted


def test_formatting_references_in_groups_matches_one_whole_bibliography(real_guide_copy):
    """The cache formats entries group by group; the whole list at once must agree."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from generator import citations

    references = pipeline.check(real_guide_copy).guide.references_by_key_order
    citations.format_references(references)
    style = CitationStylesStyle(str(citations.STYLE), locale=citations.LOCALE, validate=False)
    whole = CitationStylesBibliography(style, CiteProcJSON([citations.to_csl(r) for r in references]), formatter.html)
    for reference in references:
        whole.register(Citation([CitationItem(reference.key)]))
    entries = {str(key): str(entry) for key, entry in zip(whole.keys, whole.bibliography(), strict=True)}
    linked = [
        citations._link_out(entries[r.key.lower()], citations.to_csl(r)) for r in references
    ]  # addresses as links
    assert [r.formatted for r in references] == linked


def test_a_second_generate_reuses_the_formatted_references(mini, monkeypatch):
    from generator import citations
    from generator.names import CACHE_FOLDER
    from generator.session import Session

    first = pipeline.generate(mini, session=Session.on_disk(mini)).pages
    remembered = list((mini / CACHE_FOLDER).glob("citations-*"))
    assert len(remembered) == 1

    def no_citeproc(*args):
        raise AssertionError("citeproc ran although nothing changed")

    monkeypatch.setattr(citations, "_format_group", no_citeproc)
    assert pipeline.generate(mini, session=Session.on_disk(mini)).pages == first
    remembered[0].write_text("not a pickle", encoding="utf-8")  # a damaged entry is worked out again
    monkeypatch.undo()
    assert pipeline.generate(mini, session=Session.on_disk(mini)).pages == first


def test_long_listings_split_into_parts_that_hold_every_entry_once(project, monkeypatch):
    """Issue 9: a listing past its page size becomes an overview and parts; every link still lands."""
    import re

    from generator import render

    monkeypatch.setattr(render, "LISTING_PART_CHARS", 2_000)
    outcome = pipeline.generate(project)
    assert outcome.errors == []
    pages, guide = outcome.pages, outcome.guide

    reference_parts = sorted(name for name in pages if re.fullmatch(r"references/index-\d+\.md", name))
    assert len(reference_parts) >= 10
    anchors = [anchor for name in reference_parts for anchor in re.findall(r"\{: #([^ ]+) \.wt-reference", pages[name])]
    assert sorted(anchors) == sorted(key.lower() for key in guide.references)
    assert "wt-reference" not in pages["references/index.md"]
    assert all(f"]({name.split('/')[1]})" in pages["references/index.md"] for name in reference_parts)

    theme_parts = [name for name in pages if re.fullmatch(r"themes/index-\d+\.md", name)]
    listed = [
        theme_id
        for name in theme_parts
        for theme_id in re.findall(r"\*\*\[[^]]+\]\(([a-z0-9-]+)\.md\)\*\*", pages[name])
    ]
    assert sorted(listed) == sorted(theme.id for theme in guide.themes)
    assert len([name for name in pages if re.fullmatch(r"case-studies/index-\d+\.md", name)]) >= 2
    assert all(len(text) < 4_000 for name, text in pages.items() if re.search(r"/(index|audit)-\d+\.md$", name))
    assert any(re.fullmatch(r"references/audit-\d+\.md", name) for name in pages)

    links = 0
    for name, text in pages.items():
        folder = name.rsplit("/", 1)[0]
        for target, anchor in re.findall(
            r"\]\(((?:\.\./)?(?:references/)?(?:index|audit)(?:-\d+)?\.md)#([^)\s]+)\)", text
        ):
            resolved = os.path.normpath(f"{folder}/{target}")
            if resolved.startswith("references/"):
                links += 1
                assert f"{{: #{anchor} " in pages[resolved], (name, target, anchor)
    assert links > 80  # citations on theme pages, the report, key figures and the audit


def test_references_formatted_side_by_side_match_one_process(real_guide_copy, monkeypatch):
    """A large reference list is formatted by a worker per core; the entries must not change."""
    from generator import citations

    def formatted(cpus: set[int]) -> list[str]:
        references = pipeline.check(real_guide_copy).guide.references_by_key_order
        allowed = os.sched_getaffinity(0)
        os.sched_setaffinity(0, cpus)  # a worker per core this process may use
        try:
            citations.format_references(references)
        finally:
            os.sched_setaffinity(0, allowed)
        return [reference.formatted for reference in references]

    monkeypatch.setattr(citations, "PARALLEL_AFTER", 0)  # the real list is short of the size that forks
    cpus = sorted(os.sched_getaffinity(0))
    one_process = formatted({cpus[0]})
    assert all(one_process) and len(one_process) > 50
    if len(cpus) < 2:
        pytest.skip("needs two cores to compare one worker with two")
    assert formatted(set(cpus[:2])) == one_process
