"""Tune the search against tests/search-queries.yml: top-3 recall for each setting tried.

    .venv/bin/python -m generator build
    .venv/bin/python benchmarks/tune_search.py [site] [--grid]

Serves the built site on loopback and types every `tuned:` query into the search box in
Chromium (tests/browser/search_eval.py), as the browser test does. With --grid it also tries
other field boosts by rewriting the search index's `config.fields` on its way to the browser,
so no rebuild is needed between settings. The `held_out:` queries are reported only for the
setting that was built, never used to choose one.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.search_eval import load_queries, recall
from tests.helpers import CHROMIUM, CHROMIUM_FLAGS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str]) -> None:
    site = Path(next((arg for arg in argv if not arg.startswith("--")), ROOT / "site")).resolve()
    queries = load_queries()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        built = index["config"]["fields"]
        for part in ("tuned", "held_out"):
            score, misses = recall(page, base, queries[part])
            print(f"{part}: top-3 recall {score:.0%} ({len(queries[part]) - len(misses)}/{len(queries[part])})")
            for words, found in misses:
                print(f"   miss {words!r}: {found}")
        if "--grid" in argv:
            results = []
            for title, tags, keywords in itertools.product((5, 20, 100, 1000), (0, 1000), (1, 4, 16)):
                fields = dict(built, title={"boost": title}, text={"boost": 1}, tags={"boost": tags})
                if "keywords" in built:
                    fields["keywords"] = {"boost": keywords}
                elif keywords != 4:
                    continue
                trial = dict(index, config=dict(index["config"], fields=fields))
                body = json.dumps(trial)
                page.unroute("**/search/search_index.json")
                page.route(
                    "**/search/search_index.json",
                    lambda route, *_, body=body: route.fulfill(body=body, content_type="application/json"),
                )
                page.goto("about:blank")  # load the index again, through the route
                score, misses = recall(page, base, queries["tuned"])
                results.append((score, title, tags, keywords))
                print(f"title {title} tags {tags} keywords {keywords}: {score:.0%}", flush=True)
            best = max(results)
            print("best:", best)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
