"""Zensical, Material for MkDocs' successor, builds the same docs/ from the same mkdocs.yml.

Material reaches end of life on 2027-05-05; these tests keep the move to Zensical a change
of one command (`make site-zensical`) rather than a rewrite.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from generator import pipeline
from generator.session import Session
from generator.write import GENERATED_FOLDERS
from tests.helpers import FIXTURES, copy_project, flat, read_page, run_cli


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, built_site, build_epoch):
    """`build --engine zensical` where the session's MkDocs build was made (its site/ left out),
    as a person trying the other engine has the project: its pages and printables stay as
    they are (no PDF is laid out again) and Zensical builds the site."""
    root = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(
        built_site, root, symlinks=True, ignore=lambda folder, names: ["site"] if folder == str(built_site) else []
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", build_epoch)  # the date the copied pages carry
        result = run_cli(root, "build", "--engine", "zensical")
    assert result.returncode == 0, result.stderr
    assert "built with zensical" in result.stdout
    assert list(root.glob(".zensical-*")) == [] and list(root.glob(".site-*")) == []  # nothing left behind
    return root / "site"


def test_zensical_builds_every_page_mkdocs_builds(zensical_site, built_site):
    mkdocs_pages = sorted(
        path.relative_to(built_site / "site").as_posix() for path in (built_site / "site").rglob("*.html")
    )
    zensical_pages = sorted(path.relative_to(zensical_site).as_posix() for path in zensical_site.rglob("*.html"))
    assert zensical_pages == mkdocs_pages
    generated = sorted(
        path.relative_to(built_site / "docs").with_suffix(".html").as_posix()
        for folder in GENERATED_FOLDERS
        for path in (built_site / "docs" / folder).rglob("*.md")
    )
    assert len(generated) > 40
    assert [page for page in generated if page not in zensical_pages] == ["glossary/abbreviations.html"]
    assert (zensical_site / "downloads/working-together-offline.zip").stat().st_size > 100_000
    for name in ("checklist-carers.pdf", "meeting-sheet.pdf", "workshop-kit.pdf"):
        assert (zensical_site / "print" / name).read_bytes().startswith(b"%PDF")


def test_zensical_pages_carry_every_item(zensical_site, guide):
    for checklist in guide.checklists:
        page = read_page(zensical_site / "roles" / f"{checklist.id}.html")
        for item in checklist.items:
            assert flat(item.text) in page.article, (checklist.id, item.text)
    for theme in guide.themes:
        page = read_page(zensical_site / "themes" / f"{theme.id}.html")
        for quote in theme.quotes:
            assert flat(quote.text) in page.article, (theme.id, quote.text)


def test_zensical_site_searches_and_stays_on_its_own_origin(zensical_site):
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    carers = " ".join(item["text"] for item in index["items"] if item["location"].startswith("roles/carers.html"))
    assert "diary" in carers.lower()
    for path in sorted(zensical_site.rglob("*.html")):
        assert [url for url in read_page(path).resources if url.startswith(("http:", "https:", "//"))] == [], path


def test_zensical_keeps_the_generators_cache(zensical_site):
    """`zensical build --clean` empties .cache/ whole: the build must leave our remembered work."""
    remembered = zensical_site.parent / ".cache/evidence-guide"
    assert len(list(remembered.glob("citations-*"))) == 1
    assert len(list(remembered.glob("parsed-*"))) > 40
    assert len(list(remembered.glob("pdf-*"))) > 10


@pytest.fixture(scope="module")
def printed_mini_once(tmp_path_factory) -> Path:
    """The tiny project with its pages generated and its printables laid out, once for the file."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("printed") / "mini")
    session = Session.on_disk(root)  # kept in the copy: a test's build lays out no PDF again
    outcome = pipeline.generate(root, session=session)
    assert outcome.errors == [], "\n".join(map(str, outcome.errors))
    assert pipeline.export_print(root, outcome, session=session).errors == []
    return root


@pytest.fixture
def printed_mini(printed_mini_once, tmp_path) -> Path:
    """A copy of it for one test: building it lays out again only the PDFs whose content changed."""
    return shutil.copytree(printed_mini_once, tmp_path / "mini", symlinks=True)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_guide_split_into_parts_builds_strictly_with_either_engine(printed_mini, engine, monkeypatch):
    """Issue 9: with every listing split into parts, every link and anchor still resolves
    (MkDocs checks anchors too: `validation: anchors: warn` with --strict)."""
    from generator import render

    monkeypatch.setattr(render, "LISTING_PART_CHARS", 1)  # one entry a part
    outcome = pipeline.build(printed_mini, engine=engine, session=Session.on_disk(printed_mini))
    assert outcome.errors == [], [str(problem) for problem in outcome.errors]
    assert (printed_mini / "site/references/index-2.html").exists()
    assert (printed_mini / "site/themes/index-2.html").exists()


def test_zensical_search_finds_everyday_words_and_printables(zensical_site):
    """Zensical has no hooks: the build adds to its index what the MkDocs hook adds to Material's."""
    text = (zensical_site / "search.json").read_text(encoding="utf-8")
    items = json.loads(text)["items"]
    respite = [item for item in items if "respite" in item["text"].lower()]
    assert respite and all("time off" in item["text"] for item in respite), [i["location"] for i in respite]
    help_now = next(item for item in items if item["location"] == "help-now/index.html#complain")
    assert "Also found by: complain, complaint" in help_now["text"]
    printables = {item["location"]: item for item in items if item["location"].startswith("print/")}
    sheet = printables["print/meeting-sheet.html"]
    assert sheet["title"].endswith("(printable)") and sheet["path"] == ["Printables"]
    assert "workshop" in printables["print/workshop-kit.html"]["title"].lower()
    # the same index for pages opened from the file system, in the offline zip too
    assert (zensical_site / "search.js").read_text(encoding="utf-8") == f"var __index = {text};"
    with zipfile.ZipFile(zensical_site / "downloads/working-together-offline.zip") as bundle:
        assert bundle.read("working-together/search.js").decode("utf-8") == f"var __index = {text};"
