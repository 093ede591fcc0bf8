"""Accessibility as people meet it: axe on one page of each kind (both widths, both colour
schemes) by default, every page with `make test-all`; nothing from another origin.

Its own file so that `make test` can run it beside the other browser tests, one file a core."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import COLOUR_RULES, DESKTOP, NARROW, PHONE, SCHEMES, kind_of


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

    One tab, page after page: two tabs running axe at once took a fifth longer on two cores
    (40 s against 32 s), whatever else the machine was doing. The stylesheets and media that
    two rules read (css-orientation-lock, no-autoplay-audio) are the same at every width and
    in both schemes: axe loads them for a page's first run only (loading them made each run
    about a tenth slower)."""
    axe = Axe()
    every_rule = {"resultTypes": ["violations"], "preload": False}
    colour_rules = every_rule | {"runOnly": {"type": "rule", "values": COLOUR_RULES}}
    found, wide, foreign = [], [], []
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(script=axe.axe_script)  # in every page as it loads
    page = context.new_page()
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else foreign.append(r.url))

    def run(name: str, how: str, options: dict) -> None:
        for violation in page.evaluate("options => axe.run(options).then(r => r.violations)", options):
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{name} ({how}): {violation['id']} ({violation['impact']}) {targets}")

    for name in one_page_per_kind:
        page.set_viewport_size(DESKTOP)
        page.goto(f"{server}/{name}")
        run(name, "desktop, light", every_rule | {"preload": True})
        page.set_viewport_size(NARROW)
        run(name, "320 px, light", every_rule)
        if page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]:
            wide.append(name)
        if page.get_attribute("body", "data-md-color-scheme") is not None:  # a printable's twin is not themed
            # what the palette toggle does: the dark scheme on the same page, at once
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            run(name, "320 px, dark", colour_rules)
            page.set_viewport_size(DESKTOP)
            run(name, "desktop, dark", colour_rules)
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
