"""A guide with no report still dates its references page by its main source (found by the
third new-user guide, issue 16: it said 'Sources: not dated' while the source is 'about 2018')."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_the_references_page_takes_the_main_sources_date(tmp_path):
    root = copy_project(GUIDE, tmp_path / "self-directed-support")
    generated = pipeline.generate(root)
    assert generated.errors == [] and generated.guide is not None and generated.guide.report is None
    references = generated.pages["references/index.md"]
    assert "Sources: about 2018 ·" in references
    assert "not dated" not in references
