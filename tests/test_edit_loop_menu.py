"""The preview after a save (issue 17): with Material's pruned menu, only the pages whose
menu shows a changed title are built again, and the site served stays the clean build's;
the generator's own writes into docs/ start no second build.

`python -m generator serve` on a copy of the small fixture guide with the real guide's menu
features (navigation.indexes and navigation.prune); one preview for the file's tests."""

from __future__ import annotations

import shutil

import pytest

from generator.mkdocs_plugin import BANNER_ID
from tests.helpers import FIXTURES, ROOT, copy_project
from tests.test_edit_loop import (
    CHANGE_SECONDS,
    PLUGIN_SETTINGS,
    START_SECONDS,
    Preview,
    _day,
    _edits_end_as_a_clean_build,
    _rewrite,
)

THEME = "evidence/themes/recognition.yml"
EXTRA = "evidence/themes/extra.yml"
THEME_PAGE = "themes/recognition.html"
MENU_FEATURES = "  font: false\n  features:\n    - navigation.indexes\n    - navigation.prune\n"
NAV_LINE = "      - themes/systems.md\n"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The small guide with the real guide's menu features and search words, served once for
    this file's tests (its first build is most of a test's time)."""
    folder = tmp_path_factory.mktemp("edit-loop-menu")
    root = copy_project(FIXTURES / "mini", folder / "guide")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false\n" in text and NAV_LINE in text
    config.write_text(text.replace("  font: false\n", MENU_FEATURES, 1) + PLUGIN_SETTINGS, encoding="utf-8")
    shutil.copy2(ROOT / "evidence" / "search-words.yml", root / "evidence" / "search-words.yml")
    server = Preview(root, folder / "serve.log", epoch=_day())
    yield server
    server.stop()


def test_title_edits_and_a_theme_added_and_removed_end_as_the_clean_build(preview, tmp_path):
    root = preview.root
    extra = (root / "evidence" / "themes" / "systems.yml").read_text(encoding="utf-8")
    extra = extra.replace("id: systems\n", "id: extra\n", 1)
    extra = "\n".join("title: Extra theme" if line.startswith("title: ") else line for line in extra.split("\n"))
    assert "id: extra\n" in extra and "title: Extra theme\n" in extra
    edits = [
        # (file, text before, text after, what the page then shows, the page)
        (THEME, "summary: Carers want", "summary: Edited body. Carers want", "Edited body.", THEME_PAGE),
        (THEME, "title: Recognition\n", "title: Being recognised\n", "Being recognised", THEME_PAGE),
        (THEME, "title: Being recognised\n", "title: Recognised\n", "Recognised", "themes/systems.html"),
        # a theme added: its file (an error until the menu lists it), then the menu
        (EXTRA, None, extra, BANNER_ID, THEME_PAGE),
        ("mkdocs.yml", NAV_LINE, NAV_LINE + "      - themes/extra.md\n", "Extra theme", "themes/extra.html"),
        (THEME, "title: Recognised\n", "title: Seen and heard\n", "Seen and heard", "themes/extra.html"),
        # and removed again: the menu first (an error until the file goes), then the file
        ("mkdocs.yml", NAV_LINE + "      - themes/extra.md\n", NAV_LINE, BANNER_ID, THEME_PAGE),
        (EXTRA, "", None, lambda page: BANNER_ID not in page and "Extra theme" not in page, THEME_PAGE),
    ]
    log = _edits_end_as_a_clean_build(root, tmp_path, edits, dirty_builds=1, preview=preview)
    assert "a title changed; building its menu's" in log, "a title edit built only its menu's pages"
    assert "pages built for their menu kept their converted Markdown" in log, "and did not convert it again"


def test_a_save_builds_once_and_a_hand_written_page_still_rebuilds(preview):
    """The pages the generator writes into docs/ do not start a second build after a save
    (at x100 that build took as long as the save's own); a person's edit in docs/ does."""
    root = preview.root
    preview.page_when(THEME_PAGE, lambda text: "</html>" in text, START_SECONDS)
    builds = preview.output().count("Building documentation")  # the page served: its build is over
    mark = preview.mark()
    # the summary's first words, whatever an earlier test on this preview put before them
    _rewrite(root / THEME, "Carers want to be listened to", "Saved once. Carers want to be listened to")
    preview.page_when(THEME_PAGE, lambda text: "Saved once." in text, CHANGE_SECONDS)
    assert "regenerated" in preview.output(since=mark), "the generator wrote the theme's page into docs/"
    assert preview.settled().count("Building documentation") == builds + 1, preview.output(since=mark)
    _rewrite(root / "docs" / "index.md", "A hand-written home page.", "A page edited by hand.")
    preview.page_when("index.html", lambda text: "A page edited by hand." in text, CHANGE_SECONDS)
