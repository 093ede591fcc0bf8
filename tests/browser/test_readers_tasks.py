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

from tests.test_evidence_links import cli, copy_guide

PHONE_320 = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_guide(tmp_path_factory.mktemp("readers") / "guide")
    result = cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(built):
    handler = functools.partial(_Quiet, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def offline(built, tmp_path_factory) -> str:
    """The offline copy, unzipped as a carer would: its folder as a file:// address."""
    from generator.bundle import BUNDLE, TOP_FOLDER

    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(built / "site" / BUNDLE) as bundle:
        bundle.extractall(target)
    return (target / TOP_FOLDER).as_uri()


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
