"""The built guide as a person meets it: search, navigation, print, accessibility, privacy."""

from __future__ import annotations

import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 375, "height": 800}
NARROW = {"width": 320, "height": 640}
"""WCAG's reflow width: a page must read at 320 CSS pixels without scrolling sideways."""
DESKTOP = {"width": 1280, "height": 900}
SCHEMES = {"light": "default", "dark": "slate"}
"""The reader's colour-scheme preference, and the Material palette it must bring (mkdocs.yml)."""
ITEM_FOLDERS = ("themes", "roles", "case-studies", "tips")
"""Folders with one page per item, all made from one template (besides their index pages)."""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The axe rules that read colours: the only ones a colour scheme can change."""


def kind_of(name: str) -> str:
    """Which template made a page: one theme page stands for all, one checklist PDF twin for
    all, one hand-written page (Material's own page template) for all but the home page."""
    folder, _, file = name.rpartition("/")
    stem = file.removesuffix(".html")
    if not folder and stem != "index":
        return "<hand-written>"
    if folder in ITEM_FOLDERS and not stem.startswith("index"):
        return f"{folder}/<item>"
    if folder == "print" and stem != "index":
        return f"print/{stem.split('-')[0]}"  # checklist-*, meeting-sheet, workshop-* (the kit and its parts)
    if stem.startswith("index-"):
        return f"{folder}/<part>"
    return name


@pytest.fixture(scope="module")
def all_pages(built_site):
    site = built_site / "site"
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html") if path.name != "404.html")


@pytest.fixture(scope="module")
def one_page_per_kind(all_pages):
    sample = {}
    for name in all_pages:
        sample.setdefault(kind_of(name), name)
    return sorted(sample.values())


def search(page, server, words):
    """Type into the search box as a reader does; the result links, best first."""
    page.goto(f"{server}/index.html")
    page.locator("label.md-header__button[for='__search']").first.click() if page.viewport_size["width"] < 960 else None
    box = page.locator("input.md-search__input")
    box.click()
    box.type(words, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    pages = []
    for href in page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)"
    ):
        name = urlsplit(href).path.lstrip("/")
        if name not in pages:
            pages.append(name)
    return pages


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


def test_every_checklist_is_at_most_two_clicks_from_home(page, server, guide):
    def links_of(url):
        page.goto(url)
        return {
            urldefrag(href)[0]
            for href in page.locator("a[href]").evaluate_all("links => links.map(link => link.href)")
            if href.startswith(server)
        }

    one_click = links_of(f"{server}/index.html")
    two_clicks = set(one_click)
    for url in sorted(one_click):
        if url.endswith(".html") and "roles/" not in url:
            two_clicks |= links_of(url)
    for checklist in guide.checklists:
        assert f"{server}/roles/{checklist.id}.html" in two_clicks


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_printing_a_checklist_keeps_every_item_and_nothing_else(browser, server, guide, width):
    context = browser.new_context(viewport=width)
    page = context.new_page()
    page.emulate_media(media="print")
    for checklist in guide.checklists:
        page.goto(f"{server}/roles/{checklist.id}.html")
        for furniture in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"):
            hidden = page.locator(furniture).evaluate_all(
                "nodes => nodes.every(node => getComputedStyle(node).display === 'none' || !node.offsetParent)"
            )
            assert hidden, f"{furniture} shows when printing {checklist.id}"
        items = page.locator(".wt-checklist li")
        assert items.count() == len(checklist.items)
        for index in range(items.count()):
            assert items.nth(index).is_visible()
        boxes = page.locator(".wt-checklist .wt-box")
        assert boxes.count() == len(checklist.items)
    context.close()


def test_printing_a_theme_page_leaves_out_the_furniture(browser, server, guide):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.emulate_media(media="print")
    for theme in guide.themes:
        page.goto(f"{server}/themes/{theme.id}.html")
        for furniture in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
            assert page.locator(furniture).evaluate_all(
                "nodes => nodes.every(node => getComputedStyle(node).display === 'none' || !node.offsetParent)"
            )
        assert page.get_by_text(theme.what_works[0].text, exact=False).first.is_visible()
    context.close()


def serious_violations(axe, page, name) -> list[str]:
    """axe's serious and critical findings on the page as it is now."""
    found = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    return found


def test_the_sample_holds_every_kind_of_page(one_page_per_kind, all_pages):
    assert {kind_of(name) for name in one_page_per_kind} == {kind_of(name) for name in all_pages}
    for expected in ("index.html", "themes/index.html", "references/index.html", "print/index.html"):
        assert expected in one_page_per_kind
    assert [name for name in one_page_per_kind if name.startswith("themes/") and name != "themes/index.html"] != []
    assert len(one_page_per_kind) < len(all_pages) / 2


def test_a_reader_who_prefers_dark_gets_the_dark_scheme(browser, server):
    for scheme, palette in SCHEMES.items():
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{server}/index.html")
        assert page.get_attribute("body", "data-md-color-scheme") == palette
        context.close()


def test_no_serious_accessibility_violation_on_any_kind_of_page(browser, server, one_page_per_kind):
    """axe on one page of each template, at desktop width and at 320 px, in the light scheme
    and in the dark one (there, the rules that read colours); at 320 px nothing scrolls
    sideways; and no page asks another origin for anything while it loads.

    Two tabs take half the pages each, and axe runs in both at once (one core each)."""
    axe = Axe()
    found, wide, foreign = [], [], []

    def tab():
        context = browser.new_context(viewport=DESKTOP, color_scheme="light")
        context.add_init_script(script=axe.axe_script)  # in every page as it loads
        opened = context.new_page()
        opened.on("request", lambda r: None if r.url.startswith((server, "data:")) else foreign.append(r.url))
        return context, opened

    def checks(page, names):
        """Set the page up for each run of axe in turn, and yield (page name, how, rules) to run it."""
        for name in names:
            page.set_viewport_size(DESKTOP)
            page.goto(f"{server}/{name}")
            themed = page.get_attribute("body", "data-md-color-scheme") is not None  # a printable's twin is not
            yield name, "desktop, light", None
            page.set_viewport_size(NARROW)
            yield name, "320 px, light", None
            if page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]:
                wide.append(name)
            if themed:  # what the palette toggle does: the dark scheme on the same page, at once
                page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
                page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                yield name, "320 px, dark", COLOUR_RULES
                page.set_viewport_size(DESKTOP)
                yield name, "desktop, dark", COLOUR_RULES

    tabs = [tab() for _ in range(2)]
    running = [(page, checks(page, one_page_per_kind[index::2])) for index, (_, page) in enumerate(tabs)]
    while running:
        started = []
        for page, steps in running:
            step = next(steps, None)
            if step is not None:
                name, what, rules = step
                options = {"resultTypes": ["violations"]} | (
                    {"runOnly": {"type": "rule", "values": rules}} if rules else {}
                )
                page.evaluate("options => { window.axeRun = axe.run(options); }", options)  # not awaited
                started.append((page, steps, name, what))
        for page, _, name, what in started:
            for violation in page.evaluate("() => window.axeRun")["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append(f"{name} ({what}): {violation['id']} ({violation['impact']}) {targets}")
        running = [(page, steps) for page, steps, _, _ in started]
    for context, _ in tabs:
        context.close()
    assert not found, "\n".join(found)
    assert wide == [], "pages that scroll sideways at 320 px"
    assert foreign == []


@pytest.mark.full
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation_on_any_page(browser, server, all_pages, viewport):
    """Every page, not one of each kind (make test-all)."""
    axe = Axe()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = []
    for name in all_pages:
        page.goto(f"{server}/{name}")
        found += serious_violations(axe, page, name)
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.full
def test_no_page_asks_any_other_origin_for_anything(browser, server, all_pages):
    """Every page until the network is quiet (make test-all); test_site checks every file's
    resources, and the sweep of each kind of page listens while they load."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    foreign = []
    page.on(
        "request", lambda request: None if request.url.startswith((server, "data:")) else foreign.append(request.url)
    )
    for name in all_pages:
        page.goto(f"{server}/{name}", wait_until="networkidle")
    context.close()
    assert foreign == []


def test_offline_bundle_searches_from_the_file_system_without_network(browser, built_site, tmp_path):
    """Unzip the download as a trainer would, open it from file://, search 'diary'."""
    from generator.bundle import BUNDLE, TOP_FOLDER

    with zipfile.ZipFile(built_site / "site" / BUNDLE) as bundle:
        bundle.extractall(tmp_path)
    home = (tmp_path / TOP_FOLDER / "index.html").as_uri()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(home)
    box = page.locator("input.md-search__input")
    box.click()
    box.type("diary", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "diary" in page.locator(".md-search-result__item").first.inner_text().lower()
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    assert first.get_attribute("href").startswith((tmp_path / TOP_FOLDER / "roles" / "carers.html").as_uri())
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((tmp_path / TOP_FOLDER / "roles" / "carers.html").as_uri())
    context.close()
    assert [url for url in requests if not url.startswith(("file://", "data:", "about:"))] == []
