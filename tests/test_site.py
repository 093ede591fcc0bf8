"""A real MkDocs build of the real content: every page exists and carries its items."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from tests.helpers import flat, read_page


def test_every_theme_page_carries_all_its_content(built_site, guide):
    for theme in guide.themes:
        page = read_page(built_site / "site/themes" / f"{theme.id}.html")
        for item in theme.what_works + theme.what_doesnt_work:
            assert flat(item.text) in page.article, (theme.id, item.text)
        for quote in theme.quotes:
            assert flat(quote.text) in page.article, (theme.id, quote.text)
        for claim in theme.evidence:
            assert flat(claim.text) in page.article
            for text in claim.unlisted:
                assert f"{flat(text)} (not in the report's reference list)" in page.article
        assert "What works" in page.article and "What doesn't work" in page.article


def test_every_role_page_is_a_checklist_of_all_its_items(built_site, guide):
    for checklist in guide.checklists:
        path = built_site / "site/roles" / f"{checklist.id}.html"
        page = read_page(path)
        html = path.read_text(encoding="utf-8")
        assert html.count('class="wt-box"') == len(checklist.items)
        for item in checklist.items:
            assert flat(item.text) in page.article, (checklist.id, item.text)
            for theme in item.themes:
                assert f"../themes/{theme.id}.html" in page.links


def test_every_citation_resolves_to_an_entry_on_the_references_page(built_site, guide):
    references = read_page(built_site / "site/references/index.html")
    assert {key.lower() for key in guide.references} <= references.ids
    cited = 0
    for path in sorted((built_site / "site").rglob("*.html")):
        for link in read_page(path).links:
            if "references/index.html#" in link:
                cited += 1
                assert link.split("#", 1)[1] in references.ids, (path.name, link)
    assert cited >= sum(len(claim.cites) for theme in guide.themes for claim in theme.evidence)


def test_every_internal_link_resolves(built_site):
    site = built_site / "site"
    ids: dict[Path, set[str]] = {}  # each page read once, however many links land on it
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":  # served from any depth, so its links are absolute
            continue
        for link in read_page(path).links:
            if re.match(r"^[a-z]+:", link) or link.startswith(("#", "//")):
                continue
            target = (path.parent / link.split("#", 1)[0]).resolve()
            if link.split("#", 1)[0] == "":
                continue
            assert target.exists(), f"{path.relative_to(site)} links to missing {link}"
            if "#" in link and target.suffix == ".html":
                if target not in ids:
                    ids[target] = read_page(target).ids
                assert link.split("#", 1)[1] in ids[target], f"{path.relative_to(site)}: {link}"


def test_the_site_loads_nothing_from_another_origin(built_site):
    for path in sorted((built_site / "site").rglob("*.html")):
        external = [url for url in read_page(path).resources if re.match(r"^(https?:)?//", url)]
        assert external == [], (path.name, external)
    for path in sorted((built_site / "site").rglob("*.css")):
        css = path.read_text(encoding="utf-8")
        fetched = re.findall(r"""(?:url\(\s*|@import\s+)['"]?((?:https?:)?//[^'")\s]+)""", css)
        assert fetched == [], (path.name, fetched)


def test_home_page_reaches_every_checklist_and_theme(built_site, guide):
    home = read_page(built_site / "site/index.html")
    for checklist in guide.checklists:
        assert f"roles/{checklist.id}.html" in home.links
    assert "themes/index.html" in home.links


def test_search_index_holds_the_pages_and_everyday_words(built_site):
    index = json.loads((built_site / "site/search/search_index.json").read_text(encoding="utf-8"))
    by_page = {}
    for doc in index["docs"]:
        by_page.setdefault(doc["location"].split("#")[0], []).append(doc["text"] + " " + doc["title"])
    assert "diary" in " ".join(by_page["roles/carers.html"]).lower()
    assert "interpreter" in " ".join(by_page["themes/communication-and-information.html"]).lower()
    assert "respite" in " ".join(by_page["themes/recognition.html"]).lower()


def test_references_page_lists_the_whole_reference_list_in_harvard_style(built_site, guide):
    page = read_page(built_site / "site/references/index.html")
    assert "Seddon, D., Robinson, C.A." in page.article or "Seddon, D., Robinson, C. A." in page.article
    assert "(2008) The modernisation of social care services" in page.article
    assert page.article.count("Cited in:") + page.article.count("not cited in its text") + page.article.count(
        "no page of the guide cites it"
    ) + page.article.count("Perhaps cited:") == len(guide.references)


def test_offline_bundle_holds_the_whole_site_and_says_its_size(built_site):
    from generator.bundle import bundle_name, human_size

    BUNDLE, TOP_FOLDER = bundle_name("working-together"), "working-together"

    site = built_site / "site"
    bundle = site / BUNDLE
    with zipfile.ZipFile(bundle) as opened:
        names = set(opened.namelist())
        assert opened.testzip() is None
        home = opened.read(f"{TOP_FOLDER}/index.html").decode("utf-8")
    expected = {
        f"{TOP_FOLDER}/{path.relative_to(site).as_posix()}"
        for path in site.rglob("*")
        if path.is_file() and path != bundle
    }
    assert {
        f"{TOP_FOLDER}/search/search_index.js",
        f"{TOP_FOLDER}/print/checklist-carers.pdf",
        f"{TOP_FOLDER}/roles/carers.html",
    } <= names
    assert expected - names == set()
    assert f"{TOP_FOLDER}/{BUNDLE}" not in names
    size = human_size(bundle.stat().st_size)
    assert f'href="{BUNDLE}"' in (site / "index.html").read_text(encoding="utf-8")
    assert f"(zip, {size})" in flat(read_page(site / "index.html").article.replace("( ", "("))
    assert "var __index =" in (site / "search" / "search_index.js").read_text(encoding="utf-8")[:20]
    assert "iframe-worker" in home and "unpkg" not in home


def test_every_role_page_groups_its_items_under_their_moments(built_site, guide):
    for checklist in guide.checklists:
        assert checklist.moments, f"{checklist.path} names no moments"
        article = flat(read_page(built_site / "site" / "roles" / f"{checklist.id}.html").article)
        starts = [article.index(flat(moment.title)) for moment in checklist.moments]
        assert starts == sorted(starts), checklist.id
        ends = starts[1:] + [len(article)]
        for moment, start, end in zip(checklist.moments, starts, ends, strict=True):
            assert 1 <= len(moment.items) <= 9 or moment.more_than_nine_because, (checklist.id, moment.id)
            for item in moment.items:
                assert flat(item.text) in article[start:end], (checklist.id, moment.title, item.text)


def test_every_page_says_how_current_it_is(built_site, guide):
    for name in ["themes/recognition.html", "roles/carers.html", "roles/leaders.html", "references/index.html"]:
        article = read_page(built_site / "site" / name).article
        assert re.search(r"Sources: [^·]+ · Content last changed: \d{1,2} [A-Z][a-z]+ \d{4}", article), name
    assert "Sources: 2011 ·" in read_page(built_site / "site/themes/recognition.html").article
    assert "more than ten years old" in read_page(built_site / "site/themes/recognition.html").article
    assert "What changed" in read_page(built_site / "site/changes/index.html").article


ROLE_PAGE_BUDGET = 36 * 1024
"""A carer opens a checklist on a phone: each role page's own HTML stays under 36 KiB (30 KiB
until each item linked the exact points of evidence behind it, some 3 KiB on the longest)."""


def test_role_pages_stay_within_their_weight_budget(built_site, guide):
    sizes = {
        f"roles/{checklist.id}.html": (built_site / "site/roles" / f"{checklist.id}.html").stat().st_size
        for checklist in guide.checklists
    }
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])
    assert heaviest[0][1] <= ROLE_PAGE_BUDGET, f"over {ROLE_PAGE_BUDGET} bytes: {heaviest[:3]}"


def test_pages_carry_only_the_navigation_a_reader_needs(built_site, guide):
    """navigation.prune: a role page's menu lists the other roles, not every theme and case study."""
    html = (built_site / "site/roles/carers.html").read_text(encoding="utf-8")
    menu = html[html.index("md-sidebar--primary") : html.index('<div class="md-content"')]
    for checklist in guide.checklists:
        assert f'href="{checklist.id}.html"' in menu
    assert 'href="../themes/index.html"' in menu
    assert [theme.id for theme in guide.themes if f'href="../themes/{theme.id}.html"' in menu] == []
    assert [
        moment.title
        for moment in next(c for c in guide.checklists if c.id == "carers").moments
        if moment.title not in menu
    ] == []


PAGE_BUDGET = 60 * 1000
"""Every page's own HTML (scripts, styles and images are cached and shared) stays under 60 KB."""


def heaviest_pages(site, budget=PAGE_BUDGET):
    """The pages over `budget`, heaviest first, as (path, bytes); the printables are PDFs' HTML twins."""
    sizes = [
        (path.relative_to(site).as_posix(), path.stat().st_size)
        for path in site.rglob("*.html")
        if path.parent.name != "print" or path.name == "index.html"
    ]
    return sorted((item for item in sizes if item[1] > budget), key=lambda item: -item[1])


def test_every_page_stays_within_the_page_weight_budget(built_site, guide):
    site = built_site / "site"
    assert heaviest_pages(site) == [], f"pages over {PAGE_BUDGET} bytes, heaviest first"
    measured = heaviest_pages(site, budget=0)  # every page the budget applies to
    pages = {name for name, _ in measured}
    assert {f"roles/{checklist.id}.html" for checklist in guide.checklists} <= pages
    assert {f"themes/{theme.id}.html" for theme in guide.themes} <= pages
    assert "print/index.html" in pages and not any(name.startswith("print/checklist-") for name in pages)
    assert all(size > 1000 for _, size in measured), "a page too light to be a built page"
