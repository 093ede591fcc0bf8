"""A guide that cites no works yet (the first days of a new one): it checks clean, and its
references page says the list is empty instead of showing a heading over nothing."""

from __future__ import annotations

import re

from generator import pipeline, starter_guide


def test_a_guide_citing_nothing_says_so_on_its_references_page(tmp_path):
    guide = tmp_path / "new-guide"
    _, problems = starter_guide.init(guide, "New guide")
    assert problems == []
    for theme in (guide / "evidence" / "themes").glob("*.yml"):
        text = theme.read_text(encoding="utf-8")
        text = re.sub(r"^evidence:\n(?:  .*\n|    .*\n)*", "", text, flags=re.M)
        assert "cites:" not in text
        theme.write_text(text, encoding="utf-8")
    (guide / "evidence" / "references.bib").write_text("", encoding="utf-8")
    generated = pipeline.generate(guide)
    assert generated.errors == [], generated.errors
    page = (guide / "docs" / "references" / "index.md").read_text(encoding="utf-8")
    assert "The guide cites no works yet: its reference list is empty." in page


def test_a_guide_citing_works_does_not_say_its_list_is_empty(tmp_path):
    guide = tmp_path / "new-guide"
    starter_guide.init(guide, "New guide")
    generated = pipeline.generate(guide)
    assert generated.errors == []
    assert "cites no works yet" not in (guide / "docs" / "references" / "index.md").read_text(encoding="utf-8")
