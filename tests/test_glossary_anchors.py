"""Two glossary terms that take one anchor are an error of `check`, never quietly renamed."""

from __future__ import annotations

from tests.helpers import ROOT, copy_project, run_cli

FILE = "evidence/glossary.yml"


def test_terms_sharing_an_anchor_are_an_error_with_both_lines(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    # curly apostrophe and a capital: the same letters and digits as "Carer's Allowance"
    path.write_text(
        text.replace("terms:\n", "terms:\n  - term: Carer’s allowance\n    meaning: A benefit for carers.\n", 1),
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    later = lines.index("  - term: Carer's Allowance") + 1
    result = run_cli(root, "check")
    out = result.stderr + result.stdout
    assert result.returncode == 2, out
    assert "Traceback" not in out
    assert (
        f"{FILE}:{later}: glossary term \"Carer's Allowance\" takes the anchor 'term-carers-allowance', "
        "already that of 'Carer’s allowance' (line 5)\n  Two terms cannot share a place on the glossary page"
    ) in out
    assert not (root / "docs/glossary").exists()  # nothing was written


def test_the_shipped_glossary_gives_every_term_its_own_anchor(tmp_path):
    from generator import pipeline

    outcome = pipeline.check(copy_project(ROOT, tmp_path / "p"))
    assert outcome.errors == []
    anchors = [term.anchor for term in outcome.guide.glossary]
    assert len(anchors) > 20 and len(set(anchors)) == len(anchors)
