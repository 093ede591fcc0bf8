"""A hand-written page's link to a page the guide does not have is named at that page and line,
not only as 'mkdocs.yml: the MkDocs build failed' (found by the third new-user guide, issue 16:
the starter's home page still linked the removed example checklist)."""

from __future__ import annotations

from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "self-directed-support"


def test_a_broken_link_on_the_home_page_names_the_page_and_line(tmp_path):
    root = copy_project(GUIDE, tmp_path / "guide")
    home = root / "docs/index.md"
    text = home.read_text(encoding="utf-8")
    text = text.replace("(roles/providers.md)", "(roles/carers.md)")
    home.write_text(text, encoding="utf-8")
    line = text[: text.index("(roles/carers.md)")].count("\n") + 1
    result = run_cli(root, "build")
    assert result.returncode == 2
    assert f"docs/index.md:{line}: a link to 'roles/carers.md', a page this guide does not have\n" in result.stderr
    assert (
        "mkdocs.yml: the MkDocs build failed; site/ was left as it was\n  Fix the links named above." in result.stderr
    )
    assert not (root / "site").exists()
