"""Other voices on a theme drawn from a source that is not the main one are said to come from
documents other than that theme's own source, never 'not from' the source they come from
(found by the third new-user guide, issue 16)."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"
VOICE = """other_voices:
  - text: >-
      Alex Marsh warns that personal budgets may suit some people but not all, older people
      in particular.
    author: Alex Marsh, Management Board, Policy & Politics
    caution: true
    source:
      document: policy-press.blog
      section: "Policy & Politics: Making it personal"
      restates: personalisation may be great for some but it is not necessarily beneficial for all
"""


def test_a_voice_from_the_main_source_on_a_theme_from_another(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    path = root / "evidence/themes/choice-and-control.yml"
    path.write_text(path.read_text(encoding="utf-8") + VOICE, encoding="utf-8")
    generated = pipeline.generate(root)
    assert generated.errors == []
    page = generated.pages["themes/choice-and-control.md"]
    assert "not from *Excellence Network winners in self-directed care*." in page
    assert "not from the Policy Press blog" not in page
