"""What the tests share besides fixtures: where things are, copying a project, running the CLI,
reading a built page. A plain module (tests import it), so conftest.py is never imported twice."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from generator import verbatim
from generator.write import GENERATED_FOLDERS

ROOT = Path(__file__).resolve().parents[1]
"""The checkout. Tests read it (content, README, sources) and never write into it."""
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT.parent / "shared" / "sources"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
"""Debian's Chromium, which the browser tests, the screenshots and the benchmarks drive."""
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""The five texts the content encodes (read-only, beside the checkout)."""
PROJECT_PARTS = ("evidence", "checklists", "docs")
"""Folders of a project that are content or hand-written; docs/'s generated folders are left out."""


def copy_project(source: Path, target: Path) -> Path:
    """The content and hand-written parts of a project, without anything generated or built."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        if (source / name).exists():
            shutil.copytree(
                source / name,
                target / name,
                ignore=lambda folder, names: [
                    n for n in names if Path(folder) == source / "docs" and n in GENERATED_FOLDERS
                ],
            )
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    if (source / "guide.yml").exists():
        shutil.copy2(source / "guide.yml", target / "guide.yml")
    if (source / "templates").is_dir():
        shutil.copytree(source / "templates", target / "templates")
    verbatim.link_texts(source, target)
    if not (target / "generator").exists():  # MkDocs (run in the copy) imports the plugin from here
        (target / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    return target


def run_cli(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m generator --root ROOT ARGS` in this process: the CLI's `main` with its
    arguments, exit code and output, in the folder a person would run it from (a build's
    MkDocs and WeasyPrint's workers are processes of their own all the same).

    Starting Python and importing the engine for each command cost the suite a second a
    command; `run_cli_process` runs one in a process of its own, for tests of what the
    process itself does (its exit status, no traceback, `python -m generator` itself)."""
    return run_main("--root", str(root), *args, cwd=cwd or ROOT)


def run_main(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` typed in `cwd`, run in this process (see `run_cli`), with
    `env` added to the environment while it runs (MkDocs, run by `build`, inherits it)."""
    from generator import cli

    out, err = io.StringIO(), io.StringIO()
    argv, here, saved = sys.argv, Path.cwd(), {name: os.environ.get(name) for name in env or {}}
    try:
        sys.argv = [str(ROOT / "generator" / "__main__.py"), *args]
        os.environ.update(env or {})
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as stopped:  # argparse's usage errors
                code = stopped.code if isinstance(stopped.code, int) else 2
    finally:
        sys.argv = argv
        os.chdir(here)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess([sys.executable, "-m", "generator", *args], code, out.getvalue(), err.getvalue())


def run_cli_process(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m generator` as a person runs it, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


class Page(HTMLParser):
    """The visible text of a built page's article, its links, ids and external resources."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self.ids, self.resources = [], [], set(), []
        self.article = ""
        self._in_article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "article":
            self._in_article += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") in ("stylesheet", "preload", "icon", "manifest"):
            self.resources.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self.text.append(data)


def read_page(path: Path) -> Page:
    parser = Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.article = " ".join("".join(parser.text).split())
    return parser


def flat(text: str) -> str:
    """Text as a page shows it: entities decoded, runs of white space made one space."""
    return " ".join(unescape(text).split())


def render_guide(guide, audited=None) -> dict[str, str]:
    """Every Markdown page of `guide` as `generate` renders it: the references formatted
    afresh (no cache), the citation audit worked out unless given, dates as of today."""
    from datetime import date

    from generator import audit, citations, render
    from generator.history import History

    formatted = citations.format_entries(guide.references_by_key_order)
    return render.render(guide, formatted, audited or audit.audit(guide), History(date.today()))


def started_guide(folder: Path) -> Path:
    """`init guide` typed in `folder`: the starter guide, as a new user begins."""
    done = run_main("init", "guide", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "guide"


def edit_once(path: Path, old: str, new: str) -> None:
    """An editor's change: `old` (which must be there) replaced once by `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
