"""`init PATH`: a starter guide that checks clean, builds at once and carries nothing of
Working Together; `init` never writes over anything; `serve` previews a guide.

Every command runs as a person types it: in the guide's folder, with no --root (the current
folder is the guide). Most run in this process (`cli`, a second a command saved); the refusals
(exit status 2, no traceback) and `serve` run in a process of their own (`cli_process`).
PYTHONPATH names this checkout, so those processes and MkDocs' plugin import this checkout's
engine, whatever else the environment has installed.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import starter_guide
from generator.paths import THEME_DIR
from tests.helpers import ROOT, run_main

WORKING_TOGETHER = re.compile(r"working[\s_-]*together|research\s+in\s+practice|\b2011\b", re.IGNORECASE)
"""The words of the report this repository's own guide is drawn from: no starter shows any."""
ENV = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
ASSETS = (
    "stylesheets/guide.css",
    "javascripts/accessibility.js",
    "javascripts/checklist-ticks.js",
    "javascripts/vendor/iframe-worker-1.0.4-shim.js",
    "javascripts/vendor/iframe-worker-LICENSE.txt",
    "javascripts/vendor/README.md",
)


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` typed in `cwd`, run in this process (tests/helpers.py's
    `run_main`: a process a command cost a second); MkDocs' own process gets ENV's PYTHONPATH."""
    return run_main(*args, cwd=cwd, env={"PYTHONPATH": ENV["PYTHONPATH"], "PYTHONDONTWRITEBYTECODE": "1"})


def cli_process(cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in `cwd`, as a person types it there, in its own process:
    for what the process itself does (exit status 2, no traceback)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A starter guide made by `init`, then built by `build` in its own folder."""
    here = tmp_path_factory.mktemp("empty")
    made = cli(here, "init", "young-carers")
    assert made.returncode == 0, made.stderr
    guide = here / "young-carers"
    done = cli(guide, "build")
    assert done.returncode == 0, done.stderr + done.stdout
    return guide


def test_init_writes_a_commented_starter_guide(tmp_path):
    done = cli(tmp_path, "init", "my-guide", "--name", "Young carers at school")
    assert done.returncode == 0, done.stderr
    guide = tmp_path / "my-guide"
    assert "wrote a starter guide (Young carers at school)" in done.stdout
    assert "next: cd my-guide && evidence-guide build" in done.stdout
    files = sorted(path.relative_to(guide).as_posix() for path in guide.rglob("*") if path.is_file())
    for expected in (
        "guide.yml",
        "mkdocs.yml",
        "evidence/sources.yml",
        "evidence/references.bib",
        "evidence/report.yml",
        "checklists/carers.yml",
        "docs/index.md",
        ".gitignore",
    ):
        assert expected in files
    assert len([name for name in files if name.startswith("evidence/themes/")]) == 2
    assert len(re.findall(r"^@\w+\{", (guide / "evidence/references.bib").read_text(), re.MULTILINE)) == 3
    # Each file a person edits opens by saying what it is for.
    comment = {".yml": "#", ".bib": "%", ".md": ("<!--", "---", "#")}
    for name in files:
        suffix = Path(name).suffix
        if suffix in comment and not name.startswith("docs/javascripts/"):
            assert (guide / name).read_text().lstrip().startswith(comment[suffix]), name
    assert 'site_name: "Young carers at school"' in (guide / "mkdocs.yml").read_text()
    guide_yml = (guide / "guide.yml").read_text()
    assert 'name: "Young carers at school"' in guide_yml and "short_name: young-carers-at-school" in guide_yml
    assert (guide / "docs/index.md").read_text().count("# Young carers at school") == 1
    assert "docs/themes/" in (guide / ".gitignore").read_text()


def test_the_name_comes_from_the_folder_and_is_kept_safe(tmp_path):
    assert starter_guide.default_name(tmp_path / "young_carers-guide") == "Young carers guide"
    assert starter_guide.default_name(tmp_path / "***") == "My guide"
    assert starter_guide.short_name("Carers' guide (2nd edition)") == "carers-guide-2nd-edition"
    done = cli_process(tmp_path, "init", "g", "--name", "<script>alert(1)</script>")
    assert done.returncode == 2 and "is not a usable name" in done.stderr
    assert "nothing was written" in done.stderr and not (tmp_path / "g").exists()


def test_init_refuses_a_folder_that_holds_anything_and_writes_nothing(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    done = cli_process(tmp_path, "init", "taken")
    assert done.returncode == 2
    assert "is not empty; init writes only into a new or empty folder and never overwrites" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"], "no staging folder is left behind"

    (tmp_path / "a-file").write_text("x")
    refused = cli_process(tmp_path, "init", "a-file")
    assert refused.returncode == 2 and "is a file, not a folder" in refused.stderr
    assert (tmp_path / "a-file").read_text() == "x"


def test_init_fills_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    done = cli(tmp_path / "empty", "init", ".")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "empty/mkdocs.yml").is_file()


def test_the_starter_guide_checks_and_reads_clean(tmp_path):
    assert cli(tmp_path, "init", "g").returncode == 0
    checked = cli(tmp_path / "g", "check")
    assert checked.returncode == 0 and checked.stdout.startswith("ok: 2 themes, 1 checklist")
    assert checked.stderr == "", "the starter guide gives warnings:\n" + checked.stderr
    linted = cli(tmp_path / "g", "lint")
    assert linted.returncode == 0, linted.stderr


def test_the_starter_guide_builds_a_site_with_pages_and_pdfs(built):
    site = built / "site"
    for page in ("index.html", "themes/planning-ahead.html", "themes/handover.html", "roles/carers.html"):
        assert (site / page).is_file(), page
    assert "Ask the ward for a named contact" in (site / "roles/carers.html").read_text()
    pdfs = sorted(site.glob("print/*.pdf"))
    assert any(pdf.name == "checklist-carers.pdf" for pdf in pdfs)
    reader = PdfReader(site / "print/checklist-carers.pdf")
    assert "Ask the ward for a named contact" in " ".join(page.extract_text() for page in reader.pages)
    # The footer's link to the editors' page: the engine's theme, added by the plugin, as
    # the starter's mkdocs.yml names no custom_dir.
    assert 'class="wt-editors"' in (site / "index.html").read_text()
    assert "custom_dir" not in (built / "mkdocs.yml").read_text()
    assert THEME_DIR.is_dir()


def working_together_words(guide: Path) -> list[str]:
    """Every place in a guide's folder (content, generated pages, site, PDFs' text and
    metadata, the zip's names, caches) that says Working Together, research in practice or 2011."""
    found = []
    for path in sorted(guide.rglob("*")):
        if not path.is_file():
            continue
        shown = path.relative_to(guide).as_posix()
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            text = " ".join(page.extract_text() for page in reader.pages)
            text += " ".join(str(value) for value in (reader.metadata or {}).values())
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                text = " ".join(bundle.namelist())
        elif path.suffix == ".gz":
            continue  # sitemap.xml.gz: the same as sitemap.xml
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{shown}: {match.group(0)!r}" for match in WORKING_TOGETHER.finditer(text + " " + shown)]
    return sorted(set(found))


def test_no_word_of_working_together_in_the_starter_or_its_site(built):
    found = working_together_words(built)
    assert not found, "Working Together's words in a starter guide:\n" + "\n".join(found)


def test_the_starter_keeps_the_guides_styles_and_scripts(built):
    """The starter's copies of the styles and scripts the generated pages need are the
    engine's own, as this repository's guide has them: a change to one is made to both."""
    for asset in ASSETS:
        starter = starter_guide.STARTER / "docs" / asset
        assert starter.read_bytes() == (ROOT / "docs" / asset).read_bytes(), f"copy docs/{asset} to {starter}"
        assert (built / "site" / asset).is_file() or asset.endswith((".md", ".txt")), asset


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_previews_the_guide_in_the_current_folder(tmp_path):
    """…and, stopped by a signal, leaves nothing in the temporary folder (MkDocs serves from a
    copy of the site there: stopped by SIGTERM, it left one behind each time)."""
    assert cli(tmp_path, "init", "g").returncode == 0
    port = _free_port()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path / "g",
        env=dict(ENV, TMPDIR=str(temporary)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/themes/handover.html", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        assert "A short handover call to the community team" in page, server.stderr.read() if server.stderr else ""
        assert [path.name for path in temporary.iterdir()] != [], "MkDocs serves from the temporary folder"
    finally:
        server.terminate()
        returncode = server.wait(timeout=30)
    assert returncode == 0, server.stderr.read() if server.stderr else ""
    assert list(temporary.iterdir()) == [], "the preview left its copy of the site behind"
    # The plugin generated the pages for the preview, in the guide's own docs/.
    assert (tmp_path / "g/docs/themes/handover.md").is_file()


def test_serve_says_when_there_is_no_guide(tmp_path):
    done = cli_process(tmp_path, "serve")
    assert done.returncode == 2 and "there is no guide here" in done.stderr
    (tmp_path / "guide.yml").write_text("name: Only the configuration\n", encoding="utf-8")
    done = cli_process(tmp_path, "serve")
    assert done.returncode == 2 and "there is no mkdocs.yml here" in done.stderr


def test_zensical_builds_the_starter_guide_with_the_engines_footer(tmp_path):
    """Zensical reads the same mkdocs.yml, runs no MkDocs plugin and ignores its line; the
    engine's theme overrides come through the config the build writes for it."""
    assert cli(tmp_path, "init", "g").returncode == 0
    done = cli(tmp_path / "g", "build", "--engine", "zensical")
    assert done.returncode == 0, done.stderr
    home = (tmp_path / "g/site/index.html").read_text(encoding="utf-8")
    assert 'class="wt-editors"' in home
    assert (tmp_path / "g/site/print/checklist-carers.pdf").is_file()
