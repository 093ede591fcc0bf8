"""What a new user leaves out is left out: a theme with no quotations and no research claims
needs no `quotes: []` or `evidence: []`, and its page shows no empty heading for them (found
by the third new-user guide, issue 16)."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_a_theme_without_claims_or_quotes_has_no_empty_headings(tmp_path):
    root = copy_project(GUIDE, tmp_path / "self-directed-support")
    brokerage = (root / "evidence/themes/brokerage.yml").read_text(encoding="utf-8")
    assert "\nevidence:" not in brokerage
    debate = (root / "evidence/themes/personal-budgets-debate.yml").read_text(encoding="utf-8")
    assert "\nquotes:" not in debate
    generated = pipeline.generate(root)
    assert generated.errors == []
    pages = generated.pages
    assert "## What the writers cite" not in pages["themes/brokerage.md"]
    assert "## What the writers cite" not in pages["themes/choice-and-control.md"]
    assert "## In their own words" in pages["themes/brokerage.md"]
    assert "## What the writers cite" in pages["themes/asset-based-support.md"]
    assert "## In their own words" not in pages["themes/personal-budgets-debate.md"]
    assert "## What the writers cite" in pages["themes/personal-budgets-debate.md"]
