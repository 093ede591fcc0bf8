"""Nothing is lost: hand-written pages survive, a failed run leaves docs/ and site/ as they were."""

from __future__ import annotations

import os
import shutil

import pytest

from generator import pipeline
from tests.helpers import FIXTURES, copy_project, run_cli

EPOCH = "1300000000"
"""SOURCE_DATE_EPOCH of the builds here, so that two builds can be compared byte for byte."""


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The small project generated, printed and built once for this file (a build costs seconds)."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("built") / "mini")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def built(built_once, tmp_path, monkeypatch):
    """A copy of the built project for one test, as a person has it after `build`; a build
    here is dated as that one was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return shutil.copytree(built_once, tmp_path / "mini", symlinks=True)


def test_hand_written_pages_survive_every_run(mini):
    (mini / "docs/notes.md").write_text("# My notes\n")
    (mini / "docs/themes").mkdir()
    (mini / "docs/themes/picture.png").write_bytes(b"\x89PNG")
    for _ in range(2):
        assert pipeline.generate(mini).errors == []
    assert (mini / "docs/notes.md").read_text() == "# My notes\n"
    assert (mini / "docs/index.md").read_text().startswith("# Mini guide")
    assert (mini / "docs/themes/picture.png").read_bytes() == b"\x89PNG"


def test_a_hand_written_page_in_a_generated_folder_stops_the_run_before_any_write(mini):
    (mini / "docs/themes").mkdir()
    (mini / "docs/themes/recognition.md").write_text("# My own recognition page\n")
    result = run_cli(mini, "generate")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "docs/themes/recognition.md: a hand-written file is where a generated page must go\n"
        "  Move it out of docs/themes/ (the generator owns docs/themes, docs/roles, docs/references, "
        "docs/report, docs/case-studies, docs/tips, docs/figures, docs/glossary, docs/changes, docs/help-now, "
        "docs/evidence-kinds, docs/print), "
        "then run again.\n"
    )
    assert (mini / "docs/themes/recognition.md").read_text() == "# My own recognition page\n"
    assert not (mini / "docs/roles").exists()


def test_unchanged_pages_keep_their_bytes_and_time_and_stale_pages_go(mini):
    assert pipeline.generate(mini).errors == []
    page = mini / "docs/themes/recognition.md"
    os.utime(page, (1_000_000_000, 1_000_000_000))
    systems = mini / "evidence/themes/systems.yml"
    systems.write_text(systems.read_text().replace("Assessments take too long.", "Assessments take far too long."))
    outcome = pipeline.generate(mini)
    assert outcome.written.written == ["themes/systems.md"]
    assert page.stat().st_mtime == 1_000_000_000

    systems.unlink()
    (mini / "mkdocs.yml").write_text((mini / "mkdocs.yml").read_text().replace("      - themes/systems.md\n", ""))
    checklist = mini / "checklists/carers.yml"
    checklist.write_text(checklist.read_text().replace("themes: [systems, recognition]", "themes: [recognition]"))
    outcome = pipeline.generate(mini)
    assert outcome.errors == []
    assert outcome.written.removed == ["themes/systems.md"]
    assert not (mini / "docs/themes/systems.md").exists()


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(built):
    mini = built
    before = snapshot(mini / "site")
    # Valid content, but a hand-written page links to nowhere: MkDocs --strict refuses it.
    (mini / "docs/index.md").write_text("# Mini guide\n\nSee [the missing page](missing.md).\n")
    result = run_cli(mini, "build")
    assert result.returncode == 2
    assert "the MkDocs build failed; site/ was left as it was" in result.stderr
    assert "missing.md" in result.stderr
    assert snapshot(mini / "site") == before
    assert not [path for path in mini.iterdir() if path.name.startswith(".site-")]


def test_invalid_content_leaves_docs_and_site_untouched(built):
    mini = built
    docs_before, site_before = snapshot(mini / "docs"), snapshot(mini / "site")
    (mini / "evidence/themes/systems.yml").write_text("id: systems\n\ttitle: tab\n")
    assert run_cli(mini, "build").returncode == 2
    assert snapshot(mini / "docs") == docs_before
    assert snapshot(mini / "site") == site_before


def test_two_builds_give_identical_bytes(built, tmp_path):
    """A second build of the same content (here into another folder) makes the same bytes."""
    assert run_cli(built, "build", "--site-dir", str(tmp_path / "again")).returncode == 0
    assert snapshot(tmp_path / "again") == snapshot(built / "site")


def test_renaming_one_theme_rewrites_exactly_the_pages_that_show_its_name(project):
    """Issue 7: an edit rewrites the pages that depend on it; every other file keeps its bytes and time."""
    assert pipeline.generate(project).errors == []
    docs = project / "docs"
    for path in docs.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = {path.relative_to(docs).as_posix(): path.read_bytes() for path in docs.rglob("*") if path.is_file()}
    showing = sorted(name for name, data in before.items() if b"Role and workload" in data)
    assert len(showing) > 10  # the theme page, the index, role pages, case studies, references…

    theme = project / "evidence/themes/role-and-workload.yml"
    theme.write_text(theme.read_text().replace("title: Role and workload", "title: Role, tasks and workload"))
    outcome = pipeline.generate(project)
    assert outcome.errors == []
    assert sorted(outcome.written.written) == showing
    for name, data in before.items():
        path = docs / name
        if name not in showing:
            assert path.read_bytes() == data and path.stat().st_mtime_ns == 1_000_000_000_000_000_000, name
        else:
            assert b"Role, tasks and workload" in path.read_bytes(), name


def test_a_pdf_is_ours_when_its_metadata_names_the_generator(built_once, monkeypatch):
    """Ours is known from its XMP without parsing the PDF; any other PDF is read whole, and
    only the generator named as its creator makes it ours."""
    from weasyprint import HTML

    from generator import write

    ours = (built_once / "docs/print/checklist-carers.pdf").read_bytes()
    by_name = '<html lang="en"><title>Poster</title><meta name="generator" content="{}"><p>Poster</p></html>'
    untagged = HTML(string=by_name.format("Evidence guide generator")).write_pdf()  # no XMP: read whole
    other = HTML(string=by_name.format("Someone else")).write_pdf(pdf_variant="pdf/ua-1")
    assert write.XMP_STREAM.search(ours) and write.XMP_STREAM.search(other) and not write.XMP_STREAM.search(untagged)
    assert write.is_own_pdf(untagged) and not write.is_own_pdf(other)
    assert not write.is_own_pdf(b"%PDF-1.4 hand made")
    monkeypatch.setattr("pypdf.PdfReader", None)  # ours needs no PDF parser
    assert write.is_own_pdf(ours)


def test_a_pdf_whose_metadata_unpacks_to_gigabytes_is_read_no_further_than_a_megabyte():
    import tracemalloc
    import zlib

    from generator import write

    bomb = zlib.compress(b"\0" * 200_000_000, 9)  # 200 MB of nothing, some 200 KB packed
    data = b"%%PDF-1.7\n<</Type /Metadata/Subtype /XML/Filter /FlateDecode/Length %d>>\nstream\n" % len(bomb)
    tracemalloc.start()
    try:
        assert not write.is_own_pdf(data + bomb + b"\nendstream\n%%EOF\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
