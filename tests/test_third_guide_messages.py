"""Messages a new user met writing the third guide (issue 16): one mistake, one message, and a
hint that names the values allowed."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"
THEME = "evidence/themes/brokerage.yml"


def _messages(root) -> list[str]:
    return [str(problem) for problem in pipeline.check(root).errors]


def test_a_missing_perspective_is_told_the_perspectives_of_the_guide(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    path = root / THEME
    path.write_text(path.read_text(encoding="utf-8").replace("perspective: providers\n", ""), encoding="utf-8")
    expected = (
        f"{THEME}:1: missing required field 'perspective'\n"
        "  Add 'perspective:' with one of: 'people-using-services', 'commissioners', 'providers' "
        "(the perspectives of guide.yml)."
    )
    assert _messages(root) == [expected]


def test_a_summary_swallowed_by_the_next_field_is_one_message_about_the_perspective(tmp_path):
    # the folded summary's lines at the left margin: YAML reads them into the line above
    root = copy_project(GUIDE, tmp_path / "guide")
    path = root / THEME
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "perspective: providers\nsummary: >-\n  The My Way", "summary: >-\nperspective: providers\n  The My Way"
    )
    path.write_text(text, encoding="utf-8")
    messages = _messages(root)
    about_perspective = [message for message in messages if "perspective" in message.split("\n")[0]]
    assert len(about_perspective) == 1, messages
    assert "which is not one of the allowed values" in about_perspective[0]
    assert "Allowed: 'people-using-services', 'commissioners', 'providers'" in about_perspective[0]
