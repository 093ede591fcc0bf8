"""The built guide as a person meets it: search, navigation, print, accessibility, privacy."""

from __future__ import annotations

import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

import pytest

from tests.browser.pages import DESKTOP, PHONE
from tests.browser.search_eval import result_pages


@pytest.fixture(scope="module")
def page(browser):
    """One tab for the file's tests at desktop width: searching in it again reuses the home page
    and the search index it has loaded, as a reader who searches twice does."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def print_tab(browser):
    """One tab at desktop width that the print tests share, printing (emulated)."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.emulate_media(media="print")
    yield tab
    context.close()


def search(page, server, words):
    """Type into the search box as a reader does; the result links, best first."""
    return result_pages(page, server, words)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("diary", ["roles/carers.html"]),
        ("GP", ["roles/gps.html", "print/checklist-gps.html"]),
        ("respite", ["themes/recognition.html"]),
        ("interpreter", ["themes/communication-and-information.html"]),
    ],
)
def test_everyday_words_find_the_right_pages(page, server, words, expected):
    results = search(page, server, words)
    for target in expected:
        assert target in results[:5], f"{words!r}: {results[:5]}"


def test_diary_finds_the_carers_item_itself(page, server):
    search(page, server, "diary")
    first = page.locator(".md-search-result__item").first.inner_text()
    assert "diary" in first.lower()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_every_internal_link_resolves_over_http(server, all_pages):
    broken, seen = [], {}
    for name in all_pages:
        status, html = _get(f"{server}/{name}")
        assert status == 200, name
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = urldefrag(urljoin(f"{server}/{name}", href))[0]
            if not target.startswith(server):
                continue
            if target not in seen:
                seen[target] = _get(target)[0]
            if seen[target] != 200:
                broken.append(f"{name} -> {href} ({seen[target]})")
    assert broken == []


def test_every_checklist_is_at_most_two_clicks_from_home(server, guide):
    """Counted on the links the pages carry themselves, as served: no script has to add them."""

    def links_of(url):
        status, html = _get(url)
        assert status == 200, url
        parser = _Links()
        parser.feed(html)
        return {urldefrag(urljoin(url, href))[0] for href in parser.links} - {""}

    one_click = {url for url in links_of(f"{server}/index.html") if url.startswith(server)}
    two_clicks = set(one_click)
    for url in sorted(one_click):
        if url.endswith(".html") and "roles/" not in url:
            two_clicks |= links_of(url)
    for checklist in guide.checklists:
        assert f"{server}/roles/{checklist.id}.html" in two_clicks


VISIBLE = "nodes => nodes.map(node => { const box = node.getBoundingClientRect();"
VISIBLE += " return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== 'hidden' })"
"""Playwright's is_visible for every node at once: a box that is not empty, and not visibility: hidden."""


def _longest(items, size):
    """The one with the most to print: where a print style sheet is likeliest to lose something."""
    return [max(items, key=size)]


def test_printing_a_checklist_keeps_every_item_and_nothing_else(print_tab, server, guide):
    """The longest checklist; `make test-all` prints every one (the same template and style sheet)."""
    _print_checklists(print_tab, server, _longest(guide.checklists, lambda checklist: len(checklist.items)))


@pytest.mark.full
def test_printing_every_checklist_keeps_every_item_and_nothing_else(print_tab, server, guide):
    _print_checklists(print_tab, server, guide.checklists)


def _print_checklists(page, server, checklists):
    """At desktop width and at a phone's: each page loads once, then the window narrows."""
    for checklist in checklists:
        page.set_viewport_size(DESKTOP)
        page.goto(f"{server}/roles/{checklist.id}.html")
        for width, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page.set_viewport_size(width)
            for furniture in (
                ".md-header",
                ".md-sidebar--primary",
                ".md-sidebar--secondary",
                ".md-search",
                ".md-footer",
            ):
                hidden = page.locator(furniture).evaluate_all(
                    "nodes => nodes.every(node => getComputedStyle(node).display === 'none' || !node.offsetParent)"
                )
                assert hidden, f"{furniture} shows when printing {checklist.id} ({name})"
            items = page.locator(".wt-checklist li")
            assert items.count() == len(checklist.items)
            assert all(items.evaluate_all(VISIBLE)), (checklist.id, name, items.evaluate_all(VISIBLE))
            boxes = page.locator(".wt-checklist .wt-box")
            assert boxes.count() == len(checklist.items)


def test_printing_a_theme_page_leaves_out_the_furniture(print_tab, server, guide):
    """The longest theme page; `make test-all` prints every one."""
    _print_themes(print_tab, server, _longest(guide.themes, lambda theme: len(theme.what_works) + len(theme.quotes)))


@pytest.mark.full
def test_printing_every_theme_page_leaves_out_the_furniture(print_tab, server, guide):
    _print_themes(print_tab, server, guide.themes)


def _print_themes(page, server, themes):
    page.set_viewport_size(DESKTOP)
    for theme in themes:
        page.goto(f"{server}/themes/{theme.id}.html")
        for furniture in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
            assert page.locator(furniture).evaluate_all(
                "nodes => nodes.every(node => getComputedStyle(node).display === 'none' || !node.offsetParent)"
            )
        assert page.get_by_text(theme.what_works[0].text, exact=False).first.is_visible()


def test_offline_bundle_searches_from_the_file_system_without_network(browser, built_site, tmp_path):
    """Unzip the download as a trainer would, open it from file://, search 'diary' and follow
    the first result; a carer's own words ('break from caring') find their pages there too."""
    from generator.bundle import bundle_name

    BUNDLE, TOP_FOLDER = bundle_name("working-together"), "working-together"

    with zipfile.ZipFile(built_site / "site" / BUNDLE) as bundle:
        bundle.extractall(tmp_path)
    base = (tmp_path / TOP_FOLDER).as_uri()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    found = result_pages(page, base, "break from caring")[:3]
    assert {"help-now/index.html", "themes/recognition.html"} & set(found), found
    page.goto(f"{base}/index.html")
    box = page.locator("input.md-search__input")
    box.click()
    box.type("diary", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "diary" in page.locator(".md-search-result__item").first.inner_text().lower()
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    assert first.get_attribute("href").startswith(f"{base}/roles/carers.html")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{base}/roles/carers.html")
    context.close()
    assert [url for url in requests if not url.startswith(("file://", "data:", "about:"))] == []
