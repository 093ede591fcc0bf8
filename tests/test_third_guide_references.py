"""A guide that cites no works yet: the missing reference list's hint says an empty file will do,
not only 'restore it from git', which a new guide has nothing to restore from (found by the third
new-user guide, issue 16)."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_a_guide_without_references_is_told_an_empty_file_will_do(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    (root / "evidence/references.bib").unlink()
    for name in ("asset-based-support", "personal-budgets-debate"):
        path = root / f"evidence/themes/{name}.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("\nevidence:")] + "\n", encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert "evidence/references.bib: the reference list is missing\n" in result.stderr
    assert "an empty file will do while the guide cites no works" in result.stderr
    (root / "evidence/references.bib").write_text("", encoding="utf-8")
    assert pipeline.check(root).errors == []
