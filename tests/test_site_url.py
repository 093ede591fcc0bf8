"""site_url: unset until the guide's address is known (never guessed); `build` says so once, and
once it is set every PDF's footer gives the page's full address, in type no smaller than the body's."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from generator import pipeline
from tests.helpers import FIXTURES, ROOT, copy_project, run_cli
from tests.test_printables import text_sizes

ADDRESS = "https://guide.example.org/working-together/"


def test_build_warns_once_that_site_url_is_not_set(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    assert "site_url" not in (root / "mkdocs.yml").read_text(encoding="utf-8").replace("# ", "#")
    assert "site_url" not in run_cli(root, "check").stderr, "check is about the content; build makes the print-outs"
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    out = result.stderr + result.stdout
    assert out.count("site_url is not set") == 1
    assert (
        "mkdocs.yml: warning: site_url is not set: print-outs show each page's path in the guide, "
        "not its web address\n  When the guide is published, set it to the guide's web address"
    ) in out


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real guide with site_url set, and its printables made."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("published") / "p")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name:", f'site_url: "{ADDRESS}"\nsite_name:', 1),
        encoding="utf-8",
    )
    outcome = pipeline.generate(root)
    assert outcome.errors == [], [str(p) for p in outcome.errors]
    assert not any("site_url" in problem.message for problem in outcome.problems)
    pipeline.export_print(root, outcome)
    assert outcome.errors == [], [str(p) for p in outcome.errors]
    return root / "docs" / "print"


def _page_of(name: str) -> str:
    """The web page a printable stands for: its role page for a checklist, else its own page."""
    if match := re.fullmatch(r"checklist-(.+?)(-large-print)?", name):
        return f"roles/{match.group(1)}.html"
    return f"print/{name}.html"


def test_every_pdf_footer_gives_the_full_address_in_clear_print(published):
    pdfs = sorted(published.glob("*.pdf"))
    assert len(pdfs) >= 14
    for path in pdfs:
        texts: list[str] = []
        sizes = text_sizes(path, texts)  # the text of each page and its sizes, in one reading
        address = ADDRESS + _page_of(path.stem)
        assert len(texts) == len(PdfReader(path).pages)
        for number, text in enumerate(texts, 1):
            # the address may wrap in the footer: compare without white space
            assert address in re.sub(r"\s+", "", text), (path.name, number)
        floor = 16 if path.stem.endswith("-large-print") else 12
        smallest = min(size for size, _, _ in sizes)
        assert smallest >= floor - 0.01, f"{path.name}: text at {smallest} pt"
        lowest = min(y for _, y, _ in sizes)
        assert lowest >= 4 / 25.4 * 72, f"{path.name}: footer {lowest:.0f} pt from the foot of the paper"
        assert "Online:" not in " ".join(texts)


def test_the_longer_footer_keeps_the_checklists_to_one_sheet(published):
    pages = {path.stem: len(PdfReader(path).pages) for path in published.glob("checklist-*.pdf")}
    assert all(count <= 2 for name, count in pages.items() if not name.endswith("-large-print")), pages
    assert pages["checklist-gps"] == 1
    assert pages["checklist-carers-large-print"] <= 2
    for name in ("meeting-sheet", "meeting-sheet-large-print"):
        assert len(PdfReader(published / f"{name}.pdf").pages) <= 2, name
