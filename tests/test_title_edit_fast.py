"""A theme's title edit in the preview without converting or indexing again what it cannot
change (issue 17): the pages that show the title only as the text of links get their last
HTML with the title changed, the pages built again only for their menu keep their search
entries, and MkDocs' listing of the theme's files is remembered. Whatever the shortcut, the
site after each save is the clean build's, byte for byte.

In process, as `profile_save.py` does: the builds `mkdocs serve --dirty` runs, one after the
other, on a copy of the small fixture guide with the real guide's pruned menu, an abbreviation
appended to every page (as the real guide's glossary is) and a theme override folder."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.mkdocs_plugin import PLAIN_TITLE, retitled_content, retitled_entries, retitled_output, search_key
from tests.helpers import FIXTURES, ROOT, copy_project

SITE_URL = "http://127.0.0.1:8000/"
THEME = "evidence/themes/recognition.yml"
SETTINGS = """
  features:
    - navigation.indexes
    - navigation.prune
  custom_dir: overrides
plugins:
  - search
  - evidence-guide
watch:
  - evidence
  - checklists
exclude_docs: |
  abbreviations.md
"""
EXTENSIONS = """  - abbr
  - pymdownx.snippets:
      auto_append:
        - docs/abbreviations.md
"""


@pytest.fixture
def guide(tmp_path, monkeypatch):
    """A copy of the mini guide, MkDocs' plugins fresh for it (and for the tests after it)."""
    root = copy_project(FIXTURES / "mini", tmp_path / "guide")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false\n" in text and "markdown_extensions:\n" in text
    text = text.replace("  font: false\n", "  font: false\n" + SETTINGS.split("plugins:")[0].lstrip("\n"), 1)
    text = text.replace("markdown_extensions:\n", "markdown_extensions:\n" + EXTENSIONS, 1)
    config.write_text(text + "plugins:" + SETTINGS.split("plugins:")[1], encoding="utf-8")
    (root / "docs" / "abbreviations.md").write_text("*[GP]: general practitioner\n", encoding="utf-8")
    (root / "overrides").mkdir()
    # a third theme, whose menu shows the others' titles without being their neighbour
    extra = (root / "evidence" / "themes" / "systems.yml").read_text(encoding="utf-8")
    extra = extra.replace("id: systems\n", "id: extra\n", 1).replace("\ntitle: Systems\n", "\ntitle: Extra theme\n", 1)
    assert "id: extra\n" in extra and "title: Extra theme\n" in extra
    (root / "evidence" / "themes" / "extra.yml").write_text(extra, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    assert "      - themes/systems.md\n" in text
    config.write_text(
        text.replace("      - themes/systems.md\n", "      - themes/systems.md\n      - themes/extra.md\n"),
        encoding="utf-8",
    )
    (root / "evidence" / "search-words.yml").write_bytes((ROOT / "evidence" / "search-words.yml").read_bytes())
    monkeypatch.chdir(root)  # where the snippets extension finds the appended abbreviations
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("EVIDENCE_GUIDE_GENERATED", raising=False)
    plugins = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    saved = dict(plugins)
    plugins.clear()
    yield root
    plugins.clear()
    plugins.update(saved)


class Preview:
    """The builds of `mkdocs serve --dirty` in this process, and the plugin they keep."""

    def __init__(self, root: Path, site: Path):
        self.root, self.site = root, site
        first = self.config()
        first.plugins.on_startup(command="serve", dirty=True)
        self.plugin = first.plugins["evidence-guide"]
        build(first, serve_url=SITE_URL, dirty=True)
        self.build()  # the generator's own writes into docs/, as `serve` may build them again

    def config(self):
        loaded = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        loaded.site_url = SITE_URL
        return loaded

    def build(self):
        build(self.config(), serve_url=SITE_URL, dirty=True)
        return self.plugin

    def save(self, path: str, old: str, new: str):
        """Change `old` to `new` in a content file, a second apart from the last build, and build."""
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        time.sleep(0.05)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self.build()


def clean_build(root: Path, site: Path) -> None:
    """A whole build of the same pages by a plugin of its own, as `mkdocs build` makes it."""
    plugins = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    saved = dict(plugins)
    plugins.clear()
    try:
        os.environ["EVIDENCE_GUIDE_GENERATED"] = "1"
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SITE_URL
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        del os.environ["EVIDENCE_GUIDE_GENERATED"]
        plugins.clear()
        plugins.update(saved)


def differences(served: Path, clean: Path) -> list[str]:
    names = sorted(path.relative_to(clean).as_posix() for path in clean.rglob("*") if path.is_file())
    assert "themes/recognition.html" in names and "search/search_index.json" in names
    mine = sorted(path.relative_to(served).as_posix() for path in served.rglob("*") if path.is_file())
    assert mine == names
    return [name for name in names if (served / name).read_bytes() != (clean / name).read_bytes()]


def test_title_edits_change_links_without_converting_and_end_as_the_clean_build(guide, tmp_path):
    preview = Preview(guide, tmp_path / "site")
    served = tmp_path / "site"
    # a plain title: the pages that link to the theme are changed, not converted
    plugin = preview.save(THEME, "title: Recognition\n", "title: Being recognised\n")
    assert differences(served, _clean(guide, tmp_path, 1)) == []
    assert plugin.retitled_pages >= 2, "the checklist, listing and references pages link to the theme"
    assert plugin.index_kept, "pages built only for their menu kept their search entries"
    assert plugin.index_changed, "and those with the title changed in their links had it changed in theirs"
    assert plugin.outputs_reused >= 2, "the pages whose menu does not show it were not templated again"
    assert plugin.menus_changed >= 1, "nor the page whose menu shows it, beside neither it nor its neighbours"
    page = (served / "roles" / "carers.html").read_text(encoding="utf-8")
    assert ">Being recognised</a>" in page and ">Recognition</a>" not in page
    # an abbreviation in the new title: each page shows it explained, so each is converted
    plugin = preview.save(THEME, "title: Being recognised\n", "title: Seen by the GP\n")
    assert differences(served, _clean(guide, tmp_path, 2)) == []
    page = (served / "roles" / "carers.html").read_text(encoding="utf-8")
    assert '<abbr title="general practitioner">GP</abbr></a>' in page
    assert plugin.retitled_pages == 0
    # nor is the old title as written in the links: converted again too
    plugin = preview.save(THEME, "title: Seen by the GP\n", "title: Seen and heard\n")
    assert differences(served, _clean(guide, tmp_path, 3)) == []
    assert plugin.retitled_pages == 0
    # a body edit: the theme's page and the listings are indexed again, not kept
    plugin = preview.save(THEME, "summary: Carers want", "summary: Edited. Carers want")
    assert differences(served, _clean(guide, tmp_path, 4)) == []
    assert "themes/recognition.html" not in plugin.index_kept
    plugin = preview.save(THEME, "title: Seen and heard\n", "title: Heard\n")
    assert differences(served, _clean(guide, tmp_path, 5)) == []
    assert plugin.retitled_pages >= 2


def test_a_file_added_to_the_theme_folder_is_copied_on_the_next_save(guide, tmp_path):
    """MkDocs' listing of the theme's files is remembered between builds, but not past a new
    file in a theme folder of the guide's own (`custom_dir`)."""
    preview = Preview(guide, tmp_path / "site")
    (guide / "overrides" / "extra.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    preview.save(THEME, "summary: Carers want", "summary: Styled. Carers want")
    assert (tmp_path / "site" / "extra.css").read_text(encoding="utf-8") == "body { margin: 0 }\n"
    assert differences(tmp_path / "site", _clean(guide, tmp_path, 1)) == []


def _clean(root: Path, tmp_path: Path, number: int) -> Path:
    site = tmp_path / f"clean-{number}"
    clean_build(root, site)
    return site


KEPT = (
    "- [Old](a.md) and [Old](b.md)\n",
    '<ul>\n<li><a href="a.html">Old</a> and <a href="b.html">Old</a></li>\n</ul>',
)


@pytest.mark.parametrize(
    ("kept", "markdown", "old", "new", "expected"),
    [
        (KEPT, KEPT[0].replace("Old", "New"), "Old", "New", KEPT[1].replace("Old", "New")),
        # another change besides the title's
        (KEPT, KEPT[0].replace("Old", "New").replace("and", "or"), "Old", "New", None),
        # the title in running text as well as in links
        (("[Old](a.md) Old\n", '<p><a href="a.html">Old</a> Old</p>'), "[New](a.md) New\n", "Old", "New", None),
        # a link in a heading: its words make the heading's anchor
        (("## [Old](a.md)\n", '<h2 id="old"><a href="a.html">Old</a></h2>'), "## [New](a.md)\n", "Old", "New", None),
        # the link's text became something else in the HTML (an abbreviation, say)
        (("[Old](a.md)\n", '<p><a href="a.html"><em>Old</em></a></p>'), "[New](a.md)\n", "Old", "New", None),
        # Markdown's syntax in the new title
        (("[Old](a.md)\n", '<p><a href="a.html">Old</a></p>'), "[New *x*](a.md)\n", "Old", "New *x*", None),
    ],
)
def test_a_title_is_changed_in_the_html_only_where_that_is_the_conversion(kept, markdown, old, new, expected):
    assert retitled_content((*kept, [], None, set(), {}), markdown, old, new) == expected


def test_plain_titles():
    assert all(PLAIN_TITLE.fullmatch(title) for title in ("Recognition", "Carers' own needs", "Self-care", "Role 2"))
    assert not any(PLAIN_TITLE.fullmatch(title) for title in ("A *b*", "x_y", "A  b", "[a]", "a (b)", " a", "a--b"))


def _page(content: str, title: str = "Listing"):
    return SimpleNamespace(url="list.html", title=title, meta={}, toc=[], content=content)


ENTRIES = [{"location": "list.html", "title": "Listing", "text": "See Old and <code>x</code>, Old"}]
NEW_HTML = '<p>See <a href="a.html">New</a> and <code>x</code>, <a href="b.html">New</a></p>'


def test_search_entries_are_changed_only_where_that_is_the_indexing():
    old_key = search_key(_page(NEW_HTML.replace(">New<", ">Old<")))
    changed = [{"location": "list.html", "title": "Listing", "text": "See New and <code>x</code>, New"}]
    assert retitled_entries(_page(NEW_HTML), ENTRIES, old_key, "Old", "New") == changed
    # not the HTML the kept entries were made of
    assert retitled_entries(_page(NEW_HTML + "<p>more</p>"), ENTRIES, old_key, "Old", "New") is None
    # the old title also as the page's title, which a section without a heading takes
    titled = [dict(ENTRIES[0], title="Old")]
    key = search_key(_page(NEW_HTML.replace(">New<", ">Old<"), title="Old"))
    assert retitled_entries(_page(NEW_HTML, title="Old"), titled, key, "Old", "New") is None
    # a part of the page the index leaves out, before the links: they are indexed
    ticks = "<div hidden data-search-exclude><div><p>Tick</p></div></div>" + NEW_HTML
    key = search_key(_page(ticks.replace(">New<", ">Old<")))
    assert retitled_entries(_page(ticks), ENTRIES, key, "Old", "New") == changed
    # and holding them: not indexed
    hidden = NEW_HTML.replace("<p>See", '<p data-search-exclude="">See')
    key = search_key(_page(hidden.replace(">New<", ">Old<")))
    assert retitled_entries(_page(hidden), [dict(ENTRIES[0], text="Old, Old")], key, "Old", "New") is None
    # places of the title that could overlap: "abab" in "ababab"
    html = '<p>ab<a href="a.html">abab</a></p>'
    key = search_key(_page(html))
    assert retitled_entries(_page(html.replace("abab<", "cdcd<")), [{"text": "ababab"}], key, "abab", "cdcd") is None


def test_a_built_page_is_changed_only_where_the_title_is_in_its_links():
    page = '<title>A page</title><nav>Menu</nav><p><a href="a.html">Old</a> and <a href="b.html">Old</a></p>'
    assert retitled_output(page, "Old", "New", 2) == page.replace(">Old<", ">New<")
    assert retitled_output(page.replace("Menu", "Old"), "Old", "New", 2) is None, "the menu shows it"
    assert retitled_output(page, "Old", "New", 1) is None, "a template made a copy of a link"


PAGE = "# Carers\n\n## Before a meeting { #before }\n\nSee [Recognition](../themes/recognition.md).\n"


def _retitled(page: str) -> str:
    return page.replace("Recognition", "Heard")


@pytest.mark.parametrize(
    ("page", "other", "same"),
    [
        (PAGE, _retitled(PAGE), True),
        # a link in a heading makes its anchor
        (PAGE + "\n## About [Recognition](r.md)\n", _retitled(PAGE + "\n## About [Recognition](r.md)\n"), False),
        (PAGE + "\n[Recognition](r.md)\n---\n", _retitled(PAGE + "\n[Recognition](r.md)\n---\n"), False),
        (
            PAGE + "\n<h2 markdown>\n[Recognition](r.md)\n</h2>\n",
            _retitled(PAGE + "\n<h2 markdown>\n[Recognition](r.md)\n</h2>\n"),
            False,
        ),
        # markup with an id in a link's text
        (
            PAGE.replace("[Recognition]", '[<span id="x">R</span>]'),
            PAGE.replace("[Recognition]", '[<span id="y">R</span>]'),
            False,
        ),
    ],
)
def test_help_nows_anchors_are_remembered_by_all_they_are_made_from(page, other, same):
    """Help now's anchor check converts the pages it links to; a page differing from one
    converted before only in the text of links outside headings has the same anchors."""
    from generator.help_now import anchor_relevant, page_anchors

    assert (anchor_relevant(page) == anchor_relevant(other)) is same
    assert (page_anchors(page) == page_anchors(other)) is same


def test_a_built_pages_menu_is_changed_only_where_the_menu_shows_the_title(tmp_path):
    from generator.mkdocs_plugin import EvidenceGuidePlugin

    plugin = EvidenceGuidePlugin()
    menu = '<nav><a href="r.html"><span class="md-ellipsis">\nOld\n</span></a></nav>'
    path = tmp_path / "page.html"
    built = SimpleNamespace(abs_dest_path=str(path), is_modified=lambda: False)
    path.write_text(f"<title>A page</title>{menu}<p>Text</p>", encoding="utf-8")
    assert plugin.change_menu(built, "Old", "New")
    assert path.read_text(encoding="utf-8") == f"<title>A page</title>{menu.replace('Old', 'New')}<p>Text</p>"
    path.write_text(f"<title>A page</title>{menu}<p>See Old</p>", encoding="utf-8")
    assert not plugin.change_menu(built, "Old", "New"), "the title is in the page's text too"
    assert not plugin.change_menu(SimpleNamespace(abs_dest_path=str(path), is_modified=lambda: True), "Old", "New")
