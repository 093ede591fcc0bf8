"""A real browser on the built site: Debian's Chromium driven by Playwright, over loopback."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.browser.pages import kind_of
from tests.helpers import CHROMIUM, CHROMIUM_FLAGS

INSTALL_HINT = (
    "browser tests need Chromium: install it with 'apt-get install chromium' (make test does this when run as root)"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_site):
    """The built site served on a free loopback port, as a reader's browser would get it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing in CI: {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def all_pages(built_site):
    site = built_site / "site"
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html") if path.name != "404.html")


@pytest.fixture(scope="module")
def one_page_per_kind(built_site, all_pages):
    """One page made by each template: the smallest of its kind (axe's time grows with a
    page's size, and the template is what the sample stands for; `make test-all` sweeps all)."""
    site = built_site / "site"
    sample = {}
    for name in sorted(all_pages, key=lambda name: ((site / name).stat().st_size, name)):
        sample.setdefault(kind_of(name), name)
    return sorted(sample.values())
