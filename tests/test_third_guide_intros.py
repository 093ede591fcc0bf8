"""Every section's `intro:` in guide.yml shows under its title, as the editors' page says (found
by the third new-user guide, issue 16: the glossary's, the audit's, the printables' and others'
were silently dropped), and the workshops page's source line names only the sections guide.yml
gives."""

from __future__ import annotations

import pytest
import yaml

from generator import pipeline
from tests.helpers import FIXTURES, ROOT, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"
PAGES = {
    "glossary": "glossary/index.md",
    "audit": "references/audit.md",
    "changes": "changes/index.md",
    "figures": "figures/index.md",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = copy_project(GUIDE, tmp_path_factory.mktemp("intros") / "guide")
    path = root / "guide.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in PAGES:
        config["sections"].setdefault(section, {})["intro"] = f"The {section} intro, *in Markdown*."
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    generated = pipeline.generate(root)
    assert generated.errors == []
    return generated.pages


@pytest.mark.parametrize("section", sorted(PAGES))
def test_a_sections_intro_is_under_its_title(pages, section):
    page = pages[PAGES[section]]
    assert f"\nThe {section} intro, *in Markdown*.\n" in page
    assert page.index(f"The {section} intro") > page.index("\n# ")


def test_the_glossarys_own_intro_replaces_the_built_in_one(pages):
    assert "hover over (or tap) an abbreviation" not in pages["glossary/index.md"]


def test_the_workshops_source_line_comes_from_guide_yml():
    template = (ROOT / "generator/templates/workshops.md.j2").read_text(encoding="utf-8")
    assert "Methodology" not in template
    assert "note: Methodology; Actions from the workshops" in (ROOT / "guide.yml").read_text(encoding="utf-8")
