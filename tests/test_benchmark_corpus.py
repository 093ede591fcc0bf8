"""The benchmark's synthetic corpus stays a valid guide, so `make bench` measures real work."""

from __future__ import annotations

import sys

from tests.helpers import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_corpus import make_corpus


def test_a_scaled_corpus_is_valid_and_has_n_times_the_content(tmp_path):
    corpus = make_corpus(tmp_path / "x3", 3)
    result = run_cli(corpus, "check")
    assert result.returncode == 0, result.stderr
    assert "ok: 18 themes, 18 checklists" in result.stdout
    themes = sorted(path.stem for path in (corpus / "evidence/themes").glob("*.yml"))
    assert len(themes) == len(set(themes)) == 18
    again = make_corpus(tmp_path / "again", 3)
    for path in sorted(corpus.rglob("*.yml")):
        assert path.read_bytes() == (again / path.relative_to(corpus)).read_bytes(), path
