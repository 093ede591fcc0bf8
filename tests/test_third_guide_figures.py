"""The Key figures page's introduction is the guide's own (guide.yml, sections: figures: intro:),
and the built-in one says nothing of Working Together's editorial choices (found by the third
new-user guide, issue 16: its page said book prices and event dates had been left out)."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, ROOT, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_figures_from_a_source_with_a_dotted_id_and_the_built_in_intro(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    generated = pipeline.generate(root)
    assert generated.errors == []
    page = generated.pages["figures/index.md"]
    assert "**14,000**: People who use Shared Lives" in page and "**13**: Individual budget pilot sites" in page
    assert "The numbers in the guide's sources, with where each comes from." in page
    assert "Publishing details" not in page and "book prices" not in page


def test_a_guides_own_figures_intro_replaces_the_built_in_one(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    path = root / "guide.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  glossary: {}", "  glossary: {}\n  figures:\n    intro: Numbers the *projects* gave."),
        encoding="utf-8",
    )
    page = pipeline.generate(root).pages["figures/index.md"]
    assert "Numbers the *projects* gave.\n" in page
    assert "The numbers in the guide's sources, with where each comes from." not in page


def test_working_together_keeps_its_own_words_in_its_configuration():
    assert "Publishing details (book prices, discounts," in (ROOT / "guide.yml").read_text(encoding="utf-8")
    assert "Publishing details" not in (ROOT / "generator/templates/figures.md.j2").read_text(encoding="utf-8")
