"""The readers' tasks in Chromium, on a guide built for real in a throw-away copy.

A carer ticks items on her phone, leaves, comes back (from a server and from the offline
copy on file://) and finds her ticks; prints only what she ticked, in large type; clears
them. Pages fit a 320 px phone; focus shows on tick boxes; axe finds nothing serious in
either colour scheme; the 404 page leads home from a server and from file://.
"""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest

PHONE_320 = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def built(built_site) -> Path:
    """The real guide built once for the session (tests/conftest.py); read, never changed."""
    return built_site


@pytest.fixture(scope="module")
def served(server):
    """The session's built guide, served on loopback (tests/browser/conftest.py)."""
    return server


@pytest.fixture(scope="module")
def offline(built, tmp_path_factory) -> str:
    """The offline copy, unzipped as a carer would: its folder as a file:// address."""
    from generator.bundle import bundle_name

    BUNDLE, TOP_FOLDER = bundle_name("working-together"), "working-together"

    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(built / "site" / BUNDLE) as bundle:
        bundle.extractall(target)
    return (target / TOP_FOLDER).as_uri()


@pytest.fixture(scope="module")
def tabs(browser):
    """A tab at desktop width and one at 320 px, shared by the tests below that tick nothing and
    listen for nothing: a new tab costs about what three page loads do."""
    contexts = [browser.new_context(viewport=size) for size in (DESKTOP, PHONE_320)]
    yield {"desktop": contexts[0].new_page(), "phone": contexts[1].new_page()}
    for context in contexts:
        context.close()


def fresh(page):
    """The shared tab on a blank page, on screen (a test before may have emulated print)."""
    page.emulate_media(media="no-override")
    page.goto("about:blank")
    return page


@pytest.fixture
def desktop_tab(tabs):
    return fresh(tabs["desktop"])


@pytest.fixture
def phone_tab(tabs):
    return fresh(tabs["phone"])


def ticked(page) -> list[str]:
    return page.locator(".wt-checklist input.wt-box").evaluate_all(
        "boxes => boxes.filter(box => box.checked).map(box => box.dataset.wtTick)"
    )


@pytest.mark.parametrize("where", ["server", "file"])
def test_ticks_survive_leaving_and_coming_back(browser, served, offline, where):
    base = served if where == "server" else offline
    context = browser.new_context(viewport=PHONE_320)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/roles/carers.html")
    assert page.locator(".wt-ticks").is_visible()
    assert "nothing is sent anywhere" in page.locator(".wt-ticks-note").inner_text()
    boxes = page.locator(".wt-checklist input.wt-box")
    boxes.nth(1).check()
    boxes.nth(4).check()
    chosen = ticked(page)
    assert len(chosen) == 2
    page.goto(f"{base}/index.html")  # leave …
    page.goto(f"{base}/roles/carers.html")  # … and come back
    assert ticked(page) == chosen
    page.go_back()
    page.go_forward()
    assert ticked(page) == chosen
    other = context.new_page()  # a new tab later on
    other.goto(f"{base}/roles/carers.html")
    assert ticked(other) == chosen
    other.locator(".wt-clear-ticks").click()
    assert ticked(other) == []
    assert "cleared" in other.locator(".wt-ticks-status").inner_text()
    other.reload()
    assert ticked(other) == []
    stored = other.evaluate("Object.keys(localStorage).filter(key => key.startsWith('working-together:tick:'))")
    assert stored == []
    context.close()
    foreign = [url for url in requests if not url.startswith((base.split("/roles")[0], "data:", "about:"))]
    assert foreign == [], "a tick made a request beyond the guide"


def test_print_the_items_i_ticked_prints_those_alone_in_large_type(browser, served):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{served}/roles/carers.html")
    page.evaluate("window.print = () => {}")  # the dialog cannot be driven headless
    page.locator(".wt-print-ticked").click()
    assert "Tick the items" in page.locator(".wt-ticks-status").inner_text()  # nothing ticked yet
    boxes = page.locator(".wt-checklist input.wt-box")
    boxes.nth(0).check()
    boxes.nth(7).check()
    page.locator(".wt-print-ticked").click()
    page.emulate_media(media="print")
    items = page.locator(".wt-checklist li")
    shown = [index for index in range(items.count()) if items.nth(index).is_visible()]
    assert shown == [0, 7]
    sizes = page.locator(".wt-checklist li").evaluate_all(
        "items => items.filter(item => item.offsetParent)"
        ".map(item => parseFloat(getComputedStyle(item.querySelector('p')).fontSize))"
    )
    assert sizes and min(sizes) >= 16 * 96 / 72 - 0.1  # 16 pt in CSS pixels
    assert page.locator("h1").is_visible()
    assert not page.locator(".wt-why").first.is_visible()
    headings = page.locator("article h2")
    assert sum(headings.nth(index).is_visible() for index in range(headings.count())) <= 2
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".wt-checklist li").nth(3).is_visible()  # back to the whole list
    context.close()


def test_focus_shows_on_a_tick_box(desktop_tab, served):
    page = desktop_tab
    page.goto(f"{served}/roles/carers.html")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('wt-box')"):
            break
    else:
        pytest.fail("no tick box takes keyboard focus")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()"
    )
    assert ring[0] == "solid" and ring[1] >= 2 and ring[2] not in ("transparent", "rgba(0, 0, 0, 0)"), ring


def pages_of(built) -> list[str]:
    site = built / "site"
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


@pytest.mark.full
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_in_either_colour_scheme(browser, served, built, scheme):
    """Every page, the 404 and the printables' HTML included; the print button in the dark scheme too."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    found = []
    for name in pages_of(built):
        page.goto(f"{served}/{name}")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{name}: {violation['id']} {[node['target'] for node in violation['nodes']][:3]}")
    if scheme == "dark":
        page.goto(f"{served}/roles/carers.html")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()
    assert found == [], "\n".join(found)


SIDEWAYS = """() => {
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const out = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > innerWidth + 1 && !clipped(e);
  });
  return [document.documentElement.scrollWidth - innerWidth,
          out.slice(0, 3).map(e => e.tagName + '.' + e.className)];
}"""


@pytest.mark.full
def test_every_page_fits_a_320_px_phone_without_sideways_scrolling(browser, served, built):
    context = browser.new_context(viewport=PHONE_320)
    page = context.new_page()
    wide = []
    for name in pages_of(built):
        page.goto(f"{served}/{name}")
        extra, culprits = page.evaluate(SIDEWAYS)
        if extra > 0 or culprits:
            wide.append(f"{name}: {extra} px too wide {culprits}")
    page.goto(f"{served}/index.html")  # the check itself sees a page that is too wide
    page.evaluate(
        "document.querySelector('article').append("
        "Object.assign(document.createElement('div'), {style: 'width: 400px; height: 1px'}))"
    )
    assert page.evaluate(SIDEWAYS)[0] > 0
    context.close()
    assert wide == [], "\n".join(wide)


class _NotFoundAsHosts(http.server.SimpleHTTPRequestHandler):
    """As GitHub Pages or Netlify do: any missing address answers with the site's 404.html."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_404_page_leads_home_to_search_and_the_checklists_from_a_server(phone_tab, built):
    handler = functools.partial(_NotFoundAsHosts, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        page = phone_tab
        response = page.goto(f"{base}/roles/no-such/deeper/page.html")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "This page is not here"
        page.get_by_role("link", name="Checklists by role").click()
        page.wait_for_load_state()
        assert page.url == f"{base}/roles/index.html"
        page.goto(f"{base}/themes/missing.html")
        page.get_by_role("link", name="Carers", exact=True).click()
        page.wait_for_load_state()
        assert page.url == f"{base}/roles/carers.html"
        page.goto(f"{base}/a/b/c.html")
        page.get_by_label("Search the guide").fill("diary")
        page.get_by_role("button", name="Search").click()
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.url.startswith(f"{base}/index.html")
    finally:
        httpd.shutdown()


def test_the_404_page_works_from_the_offline_copy(phone_tab, offline):
    page = phone_tab
    page.goto(f"{offline}/404.html")
    assert page.locator("h1").inner_text() == "This page is not here"
    page.get_by_role("link", name="The home page").click()
    page.wait_for_load_state()
    assert page.url == f"{offline}/index.html"
    page.goto(f"{offline}/404.html")
    page.get_by_role("link", name="Printables").click()
    page.wait_for_load_state()
    assert page.url == f"{offline}/print/index.html"


def test_the_offline_copy_says_it_is_the_offline_copy(desktop_tab, offline, served):
    page = desktop_tab
    page.goto(f"{offline}/index.html")
    assert "This is the offline copy of the guide" in page.locator("article").inner_text()
    assert page.locator("a[href$='working-together-offline.zip']").count() == 0
    page.goto(f"{served}/index.html")
    assert page.locator("a[href$='working-together-offline.zip']").count() == 1


def test_following_an_evidence_link_or_a_citation_marks_where_it_lands(desktop_tab, served):
    page = desktop_tab
    page.goto(f"{served}/roles/practitioners.html")
    link = page.locator(".wt-why a[href*='#recognition-']").first
    fragment = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{fragment}")
    marked = page.evaluate(
        "id => { const p = document.getElementById(id); const box = p.closest('li, blockquote') || p;"
        " return [getComputedStyle(box).backgroundColor,"
        " getComputedStyle(document.querySelector('h1')).backgroundColor]; }",
        fragment,
    )
    assert marked[0] != marked[1] and marked[0] not in ("rgba(0, 0, 0, 0)", "transparent"), marked
    citation = page.locator(".wt-cites a").first
    key = citation.get_attribute("href").split("#", 1)[1]
    citation.click()
    page.wait_for_load_state()
    background = page.evaluate("id => getComputedStyle(document.getElementById(id)).backgroundColor", key)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", key) < 300


def test_a_printables_page_leads_back_on_screen_and_prints_its_footer_last(phone_tab, served):
    page = phone_tab
    page.goto(f"{served}/print/meeting-sheet.html")
    assert page.get_by_role("link", name="Back to the Working Together guide").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".back").is_visible()
    footer, last = page.evaluate(
        "[document.querySelector('.footer').getBoundingClientRect().top,"
        " [...document.querySelectorAll('h2, li, .lines')].pop().getBoundingClientRect().bottom]"
    )
    assert footer >= last, (footer, last)
