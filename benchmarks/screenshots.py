"""Screenshots of a built site's navigation, to look at (issue 9): does the menu stay sensible?

Serves the site over HTTP and opens a few pages in Debian's Chromium (Playwright), at a
desktop and a phone width, with the phone's menu drawer open:

    .venv/bin/python benchmarks/screenshots.py site /tmp/shots                     # today's guide
    .venv/bin/python benchmarks/make_corpus.py --scale 100 /tmp/c100 && \\
      .venv/bin/python -m generator --root /tmp/c100 build && \\
      .venv/bin/python benchmarks/screenshots.py /tmp/c100/site /tmp/shots-x100 \\
        --pages themes/recognition-copy-57.html,themes/index.html,references/index-3.html
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from tests.helpers import CHROMIUM, CHROMIUM_FLAGS

PAGES = ("index.html", "themes/recognition.html", "roles/carers.html", "themes/index.html", "references/index.html")
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def shoot(site: Path, out: Path, pages: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for kind, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name in pages:
                    page.goto(f"http://127.0.0.1:{server.server_port}/{name}", wait_until="networkidle")
                    if kind == "phone":  # the menu lives in a drawer on a phone: open it
                        page.locator("label.md-header__button[for='__drawer']").first.click()
                        page.wait_for_timeout(400)
                    target = out / f"{kind}-{name.replace('/', '-').removesuffix('.html')}.png"
                    page.screenshot(path=str(target))
                    size = len(page.content().encode("utf-8"))
                    print(f"{target}  ({size / 1000:.0f} KB of HTML in the page)")
                    written.append(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("out", type=Path, help="where to write the PNG files")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages of the site")
    args = parser.parse_args(argv)
    shoot(args.site, args.out, args.pages.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
