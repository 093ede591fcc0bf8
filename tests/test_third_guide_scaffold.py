"""`new theme` in a guide of one's own offers that guide's words, not Working Together's:
its evidence kinds and its BibTeX keys in the commented example (found by the third
new-user guide, issue 16)."""

from __future__ import annotations

import yaml

from generator import pipeline
from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_new_theme_suggests_the_guides_own_kind_and_key(tmp_path):
    root = copy_project(GUIDE, tmp_path / "self-directed-support")
    result = run_cli(root, "new", "theme", "micro-enterprises")
    assert result.returncode == 0, result.stderr
    text = (root / "evidence/themes/micro-enterprises.yml").read_text(encoding="utf-8")
    assert "#    kind: conceptual framework" in text
    assert "#    cites: [duffy2010]" in text
    for foreign in ("qualitative study", "seddon2008", "Workshop findings"):
        assert foreign not in text, foreign
    # the example, uncommented, is valid in this guide: its kind is declared, its key is listed
    head, example = text.split("evidence: []\n")
    uncommented = "evidence:\n" + "".join(line[1:] + "\n" for line in example.splitlines() if "unlisted" not in line)
    (root / "evidence/themes/micro-enterprises.yml").write_text(head + uncommented, encoding="utf-8")
    claims = yaml.safe_load(uncommented)["evidence"]
    assert claims[0]["kind"] == "conceptual framework" and claims[0]["cites"] == ["duffy2010"]
    assert pipeline.check(root).errors == []
