"""The citation audit's source line names only sections guide.yml gives (found by the third
new-user guide, issue 16: it said 'References', a section the blog posts do not have)."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import FIXTURES, copy_project

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_the_audit_names_no_section_the_guide_did_not_give(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    generated = pipeline.generate(root)
    assert generated.errors == []
    audit = generated.pages["references/audit.md"]
    assert "Source: *Posts Tagged 'social care'*\n" in audit
    assert "References\n{: .wt-source }" not in audit
    # with a note, the note is the section
    path = root / "guide.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  audit: {}", "  audit: {note: Making it personal}"),
        encoding="utf-8",
    )
    audit = pipeline.generate(root).pages["references/audit.md"]
    assert "Source: *Posts Tagged 'social care'*, Making it personal\n" in audit
