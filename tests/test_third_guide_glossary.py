"""A glossary term's `documents:` are checked against evidence/sources.yml like every other
reference to a source (found by the third new-user guide, issue 16: a misspelt document id
passed without a word)."""

from __future__ import annotations

from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_a_glossary_term_naming_an_unknown_document_is_an_error(tmp_path):
    root = copy_project(GUIDE, tmp_path / "self-directed-support")
    path = root / "evidence/glossary.yml"
    text = path.read_text(encoding="utf-8")
    assert "    documents: [policy-press.blog]\n" in text
    path.write_text(
        text.replace("documents: [policy-press.blog]", "documents: [policy-press-blog]", 1), encoding="utf-8"
    )
    line = text[: text.index("documents: [policy-press.blog]")].count("\n") + 1
    result = run_cli(root, "check")
    assert result.returncode == 2
    assert (
        f"evidence/glossary.yml:{line}: glossary term 'CRE' names unknown source document 'policy-press-blog' "
        "(did you mean 'policy-press.blog'?)" in result.stderr
    )
    assert "Source documents are listed in evidence/sources.yml: '004', 'policy-press.blog'." in result.stderr
