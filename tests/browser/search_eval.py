"""Top-3 recall of the guide's search on the queries in tests/search-queries.yml, in Chromium.

Shared by the browser test (tests/browser/test_search_queries.py) and the tuning script
(benchmarks/tune_search.py). A query is typed into the search box as a reader types it; the
result list is read as the reader sees it, one entry a page, best first.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parents[1] / "search-queries.yml"


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def result_pages(page, base: str, words: str) -> list[str]:
    """The pages the search lists for `words`, best first (site-relative paths)."""
    if page.url.split("?")[0].split("#")[0] != f"{base}/index.html":
        page.goto(f"{base}/index.html")
    box = page.locator("input.md-search__input")
    if (page.viewport_size or {"width": 1280})["width"] < 960 and not page.evaluate(
        "() => document.getElementById('__search').checked"
    ):
        page.locator("label.md-header__button[for='__search']").first.click()  # a phone: the magnifying glass
    box.click()
    page.evaluate(
        "() => { const meta = document.querySelector('.md-search-result__meta'); if (meta) meta.textContent = '' }"
    )
    box.fill(words)
    box.press("End")  # the search listens for keys, as a reader types
    page.wait_for_function(
        "() => { const meta = document.querySelector('.md-search-result__meta');"
        " return meta && /matching|No matching/i.test(meta.textContent) }",
        timeout=10_000,
    )
    pages: list[str] = []
    for href in page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)"
    ):
        name = urlsplit(href).path.removeprefix(urlsplit(base).path).lstrip("/")
        if name not in pages:
            pages.append(name)
    return pages


def recall(page, base: str, queries: list[dict], top: int = 3) -> tuple[float, list[tuple[str, list[str]]]]:
    """Share of queries with an answering page in the first `top` results, and the misses."""
    misses = []
    for entry in queries:
        found = result_pages(page, base, entry["query"])[:top]
        if not set(found) & set(entry["answers"]):
            misses.append((entry["query"], found))
    return 1 - len(misses) / len(queries), misses
