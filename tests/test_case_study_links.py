"""Case studies without Material's tags (issue 17): the generated pages carry no tags, and a
reader finds the same ways round through links. A case study links to each of its themes and
role checklists by name; the case studies index lists them by theme and by role. (The tags
made every theme title edit a whole build in the preview: Material's tags plugin lists only
the pages it read.) A guide's own hand-written tagged pages still preview correctly."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.helpers import FIXTURES, ROOT, copy_project
from tests.test_edit_loop import PLUGIN_SETTINGS, _edits_end_as_a_clean_build
from tests.test_edit_loop_menu import MENU_FEATURES, NAV_LINE


class _Links(HTMLParser):
    """(href, text) of every link in the page's article, and whether any Material tag shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.tagged = False
        self._article = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "md-tag" in (attrs.get("class") or "").split():
            self.tagged = True
        if tag == "article":
            self._article += 1
        if tag == "a" and self._article and attrs.get("href"):
            self._href, self._text = attrs["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def _page(site: Path, name: str) -> _Links:
    parser = _Links()
    parser.feed((site / name).read_text(encoding="utf-8"))
    return parser


def _plain(text: str) -> str:
    return " ".join(text.split())


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml without its Python tags (`!!python/name:`), which only the plugins need."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_every_case_study_links_to_its_themes_and_checklists_by_name(built_site, guide):
    site = built_site / "site"
    themes = {theme.id: theme for theme in guide.themes}
    roles = {checklist.id: checklist for checklist in guide.checklists}
    assert guide.case_studies
    for study in guide.case_studies:
        page = _page(site, f"case-studies/{study.id}.html")
        links = {(href, _plain(text)) for href, text in page.links}
        for theme_id in study.theme_ids:
            wanted = (f"../themes/{theme_id}.html", _plain(themes[theme_id].title))
            assert wanted in links, (study.id, wanted)
        for role_id in study.role_ids:
            wanted = (f"../roles/{role_id}.html", _plain(roles[role_id].role))
            assert wanted in links, (study.id, wanted)
        assert not page.tagged, f"{study.id} shows Material's tags"


def test_the_case_studies_index_lists_them_by_theme_and_by_role_without_tags(built_site, guide):
    site = built_site / "site"
    page = _page(site, "case-studies/index.html")
    html = (site / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert ">By theme<" in html and ">By role<" in html
    assert "All tags" not in html and not page.tagged
    hrefs = [href for href, _ in page.links]
    for study in guide.case_studies:
        # once in the list, once under each of its themes, once under each of its roles
        assert hrefs.count(f"{study.id}.html") == 1 + len(study.theme_ids) + len(study.role_ids), study.id


def test_no_generated_page_and_no_shipped_config_uses_material_tags(built_site):
    for path in sorted((built_site / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "\ntags:" not in text.split("\n---", 2)[0], path
        assert "material/tags" not in text, path
    configs = [ROOT / "mkdocs.yml", ROOT / "generator" / "starter" / "mkdocs.yml"]
    configs += sorted((ROOT / "tests" / "fixtures").glob("**/mkdocs.yml"))
    for config in configs:
        plugins = (yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}).get("plugins") or []
        names = [next(iter(plugin)) if isinstance(plugin, dict) else plugin for plugin in plugins]
        assert "tags" not in names, config


TAGGED = "---\ntags:\n  - Alpha\n---\n\n# A tagged page\n\nWritten by hand.\n"
LISTING = "# Tags\n\n<!-- material/tags -->\n"


def test_a_hand_written_tagged_page_still_previews_as_its_clean_build(tmp_path):
    """A guide may still use Material's tags on its own pages: a save of a tagged page is a
    whole build (the tags plugin lists only the pages it read), other saves stay dirty, and
    the site served is the clean build's."""
    root = copy_project(FIXTURES / "mini", tmp_path / "guide")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # the real guide's pruned menu, so that a save need not be a whole build; the tagged page
    # in a section of its own, the listing at the top
    assert "  font: false\n" in text and NAV_LINE in text and "  - About: report/index.md\n" in text
    text = text.replace("  font: false\n", MENU_FEATURES, 1).replace(NAV_LINE, NAV_LINE + "      - tagged.md\n", 1)
    text = text.replace("  - About: report/index.md\n", "  - About: report/index.md\n  - tags.md\n", 1)
    config.write_text(text + PLUGIN_SETTINGS.replace("  - search\n", "  - search\n  - tags\n"), encoding="utf-8")
    shutil.copy2(ROOT / "evidence" / "search-words.yml", root / "evidence" / "search-words.yml")
    (root / "docs" / "tagged.md").write_text(TAGGED, encoding="utf-8")
    (root / "docs" / "tags.md").write_text(LISTING, encoding="utf-8")
    theme = "evidence/themes/recognition.yml"
    edits = [
        (
            theme,
            "summary: Carers want",
            "summary: Edited first. Carers want",
            "Edited first.",
            "themes/recognition.html",
        ),
        ("docs/tagged.md", "Written by hand.", "Edited by hand.", "Edited by hand.", "tagged.html"),
        ("docs/tagged.md", "  - Alpha\n", "  - Beta\n", "Beta", "tags.html"),
        (theme, "Edited first.", "Edited again.", "Edited again.", "themes/recognition.html"),
    ]
    _edits_end_as_a_clean_build(root, tmp_path, edits, dirty_builds=2)
