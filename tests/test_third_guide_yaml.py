"""Text pasted at the left margin under 'summary: >-' is named as what it is, at the key that
opens it, not as 'a line that is neither key: value nor a list item' three lines further down
(found by the third new-user guide, issue 16)."""

from __future__ import annotations

from generator import pipeline
from generator.load import unindented_block
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"
THEME = "evidence/themes/brokerage.yml"
INDENTED = "summary: >-\n  The My Way team"


def test_a_folded_text_at_the_margin_is_named_with_its_key(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    path = root / THEME
    text = path.read_text(encoding="utf-8")
    assert INDENTED in text
    line = text[: text.index(INDENTED)].count("\n") + 1
    path.write_text(text.replace(INDENTED, "summary: >-\nThe My Way team"), encoding="utf-8")
    messages = [str(problem) for problem in pipeline.check(root).errors if problem.path == THEME]
    assert len(messages) == 1, messages
    assert f"the text under 'summary: >-' (line {line}) is not indented\n" in messages[0]
    assert "Indent every line of that text by two spaces more than 'summary:'." in messages[0]


def test_an_indented_block_is_not_blamed():
    text = "summary: >-\n  Text\nsource:\n  document x\n  section: y\n"
    assert unindented_block(text, 3) is None
    assert unindented_block("- text: |\n  Text at the item's column\n", 1) == ("text: |", 1)
