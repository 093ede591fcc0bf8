"""Everyday words for search (evidence/search-words.yml): checked, and applied to the index."""

from __future__ import annotations

import json
import zipfile

from generator import search_words
from tests.helpers import ROOT, copy_project, run_cli

FILE = "evidence/search-words.yml"


def _edit(root, old, new):
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.replace(old, new, 1).splitlines()


def test_a_wrong_shape_is_an_error_with_file_and_line(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    lines = _edit(root, "  - everyday: [money,", "  - everyday: money\n    guide_wrds: [x]\n  - everyday: [money,")
    result = run_cli(root, "check")
    assert result.returncode == 2
    out = result.stderr
    assert "Traceback" not in out
    number = lines.index("  - everyday: money") + 1
    assert f"{FILE}:{number}:" in out
    assert "guide_wrds" in out


def test_a_word_listed_twice_in_a_group_is_a_warning(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    lines = _edit(root, "  - everyday: [money, cash,", "  - everyday: [money, cash, Money,")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stderr
    number = next(n for n, line in enumerate(lines, 1) if "cash, Money," in line)
    assert f"{FILE}:{number}: warning: 'Money' is listed twice in this group's everyday" in result.stderr


def test_everyday_words_go_where_the_guide_uses_its_own_word():
    data = {
        "ranking": {"title": 7, "keywords": 3},
        "words": [
            {"everyday": ["a break", "time off"], "guide_words": ["respite", "short break"]},
            {"everyday": ["doctor"], "guide_words": ["GP"]},
        ],
    }
    index = {
        "config": {"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
        "docs": [
            {"location": "a.html", "title": "Getting Respite", "text": "<p>Ask.</p>"},
            {
                "location": "b.html",
                "title": "Other",
                "text": "<p>A SHORT\nbreak helps; ask your GP&#x27;s surgery.</p>",
            },
            {"location": "c.html", "title": "GPs", "text": "<p>respiteful is not a word; the GPS works.</p>"},
        ],
    }
    done = search_words.apply(index, data)
    keywords = {entry["location"]: entry.get("keywords") for entry in done["docs"]}
    assert keywords == {"a.html": "a break time off", "b.html": "a break time off doctor", "c.html": None}
    assert done["config"]["fields"] == {
        "title": {"boost": 7},
        "text": {"boost": 1},
        "keywords": {"boost": 3},
    }


def test_the_built_index_has_the_words_printables_and_no_editors_pages(built_site):
    site = built_site / "site"
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [entry["location"] for entry in index["docs"]]
    assert not [name for name in locations if name.startswith(("editing.html", "changes/"))]
    for name in ("meeting-sheet", "workshop-kit", "workshop-theme-cards", "workshop-session-plan", "checklist-carers"):
        assert f"print/{name}.html" in locations, name
    respite = [entry for entry in index["docs"] if "respite" in entry["text"].lower()]
    assert respite and all("break" in entry.get("keywords", "") for entry in respite)
    assert index["config"]["fields"]["keywords"]["boost"] > 0
    # the glossary: one entry a term, its snippet the meaning alone
    term = next(entry for entry in index["docs"] if entry["location"] == "glossary/index.html#term-respite")
    assert term["title"] == "Respite" and len(term["text"]) < 300
    # the offline copy searches the same index
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert script == "var __index = " + (site / "search/search_index.json").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / "downloads/working-together-offline.zip") as bundle:
        zipped = bundle.read("working-together/search/search_index.js").decode("utf-8")
    assert zipped == script


def test_editors_pages_are_in_the_footer_not_the_menu(built_site):
    page = (built_site / "site/themes/recognition.html").read_text(encoding="utf-8")
    menu = page[page.index("md-nav--primary") : page.index('class="md-content"')]
    assert "For editors" not in menu and "What changed" not in menu
    footer = page[page.index('class="wt-editors"') :]
    assert 'href="../editing.html"' in footer[:400] and 'href="../changes/index.html"' in footer[:400]
