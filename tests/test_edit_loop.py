"""The editor's loop (issue 17): the preview server, run for real on a copy of a guide.

`python -m generator serve` on a temporary copy of the small fixture guide; files are
edited on disk and pages fetched over HTTP, as an editor's browser does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.mkdocs_plugin import BANNER_ID, add_banner
from tests.helpers import FIXTURES, ROOT, copy_project

START_SECONDS = 300
"""The first build of a tiny guide, on a machine shared with much else."""
CHANGE_SECONDS = 180
QUIET_SECONDS = 1.5
"""How long the log must stay unchanged after a build for the preview to count as quiet. A
change starts a build within MkDocs' 0.1 s wait of being heard (at once with the plugin's
file events, within 0.5 s with MkDocs' own polling), and the build's first act is to log it."""
PLUGIN_SETTINGS = "\nplugins:\n  - search\n  - evidence-guide\nwatch:\n  - evidence\n  - checklists\n"


def _finished(log: str) -> bool:
    """Whether the last build the log shows has ended (served, or stopped by an error)."""
    started = log.rfind("Detected file changes")
    ended = ("Reloading browsers", "An error happened during the rebuild")
    return started == -1 or any(log.find(end, started) != -1 for end in ended)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


class Preview:
    """`python -m generator serve` on a guide, stopped at the end of the test (or of the
    module, for a preview its tests share). With `epoch`, its builds are dated by it
    (SOURCE_DATE_EPOCH), so that a clean build of the same content can match them."""

    def __init__(self, root: Path, log: Path, epoch: str | None = None):
        self.root = root
        self.port = _free_port()
        self.log = log
        self.epoch = epoch
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("EVIDENCE_GUIDE_GENERATED", None)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = epoch
        with open(log, "wb") as stream:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "--root",
                    str(root),
                    "serve",
                    "--dev-addr",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=ROOT,
                env=env,
                stdout=stream,
                stderr=subprocess.STDOUT,
            )

    def url(self, page: str) -> str:
        return f"http://127.0.0.1:{self.port}/{page}"

    def page_when(self, page: str, condition, seconds: float) -> str:
        """The page once `condition(text)` holds, fetched again and again; fails after `seconds`."""
        started = time.monotonic()
        text = None
        while time.monotonic() - started < seconds:
            text = _fetch(self.url(page))
            if text is not None and condition(text):
                return text
            assert self.process.poll() is None, f"the preview stopped:\n{self.output()}"
            time.sleep(0.2)
        pytest.fail(
            f"{page} never met the condition within {seconds} s; last page:\n{(text or '')[:2000]}\n{self.output()}"
        )

    def output(self, since: int = 0) -> str:
        """What the preview has said so far, from character `since` on (a `mark()`)."""
        return self.log.read_text(encoding="utf-8", errors="replace")[since:]

    def mark(self) -> int:
        """Where the log ends now: `output(since=...)` then holds what was said after it."""
        return len(self.output())

    def settled(self, seconds: float = CHANGE_SECONDS) -> str:
        """The log once the builds that changes started are over: its last build has finished
        and nothing more was said for QUIET_SECONDS. Fails after `seconds`."""
        started = time.monotonic()
        last, since = self.output(), time.monotonic()
        while time.monotonic() - started < seconds:
            time.sleep(0.1)
            now = self.output()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= QUIET_SECONDS and _finished(now):
                return now
            assert self.process.poll() is None, f"the preview stopped:\n{now}"
        pytest.fail(f"the preview never fell quiet within {seconds} s:\n{self.output()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _day() -> str:
    """A SOURCE_DATE_EPOCH for a preview and the clean build it is compared with: today."""
    return str(int(time.time()) // 86400 * 86400)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One preview of the small guide for this file's tests, which leave it as they found it
    (its first build is most of a test's time): the plugin on, the real guide's search words."""
    folder = tmp_path_factory.mktemp("edit-loop")
    root = copy_project(FIXTURES / "mini", folder / "guide")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as stream:
        stream.write(PLUGIN_SETTINGS)
    # The real guide's everyday search words, which the plugin adds to the index on each build
    shutil.copy2(ROOT / "evidence" / "search-words.yml", root / "evidence" / "search-words.yml")
    server = Preview(root, folder / "serve.log", epoch=_day())
    yield server
    server.stop()


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        # a file system that keeps whole seconds: MkDocs' dirty build must see a newer file.
        # Never a time in the future: MkDocs would take the page as changed at every build.
        time.sleep(1.1)
        os.utime(path)


def _change(path: Path, old: str | None, new: str | None) -> None:
    """`_rewrite`, or a new file (`old` None), or the file deleted (`new` None)."""
    if old is None and new is not None:
        path.write_text(new, encoding="utf-8")
    elif new is None:
        path.unlink()
    else:
        _rewrite(path, old, new)


def test_a_broken_save_shows_on_the_page_and_in_the_terminal_until_fixed(preview):
    page = "themes/recognition.html"
    theme = preview.root / "evidence" / "themes" / "recognition.yml"
    first = preview.page_when(page, lambda text: "</html>" in text, START_SECONDS)
    assert BANNER_ID not in first

    _rewrite(theme, "title: Recognition\n", "title: [unclosed\n")
    broken = preview.page_when(page, lambda text: BANNER_ID in text, CHANGE_SECONDS)
    message = "evidence/themes/recognition.yml:2: a list or mapping in brackets is not written correctly"
    assert message in broken
    assert 'role="alert"' in broken
    assert "<h1" in broken and "Recognition" in broken, "the last good page is still served under the banner"
    assert message in preview.output(), "the terminal says it too"

    _rewrite(theme, "title: [unclosed\n", "title: Recognition again\n")
    fixed = preview.page_when(page, lambda text: BANNER_ID not in text, CHANGE_SECONDS)
    preview.page_when(page, lambda text: "Recognition again" in text, CHANGE_SECONDS)
    assert "[unclosed" not in fixed

    # the guide as it was, for the next test on this preview
    _rewrite(theme, "title: Recognition again\n", "title: Recognition\n")
    preview.page_when(page, lambda text: "Recognition again" not in text, CHANGE_SECONDS)


def test_the_banner_escapes_the_message_and_stands_first_in_the_body():
    problem = Problem("evidence/themes/<b>x.yml", 3, "a title <script>alert(1)</script> & more", "Fix <it>.")
    page = add_banner('<html><body class="md">\n<main>page</main></body></html>', [problem])
    assert page.startswith(f'<html><body class="md"><div id="{BANNER_ID}" role="alert"')
    assert "<script>" not in page and "<b>" not in page and "<it>" not in page
    assert "evidence/themes/&lt;b&gt;x.yml:3: a title &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Fix &lt;it&gt;." in page
    assert page.endswith("<main>page</main></body></html>")
    assert add_banner("<body>page</body>", []) == "<body>page</body>"


def _served_bytes(preview: Preview, path: str) -> bytes:
    """A file as the preview serves it, without the live-reload script MkDocs adds to each page."""
    with urllib.request.urlopen(preview.url(path), timeout=60) as response:
        data = response.read()
    if path.endswith(".html"):
        body_end = data.rindex(b"</body>")
        script = data.rindex(b"<script>", 0, body_end)
        assert b"livereload(" in data[script:body_end]
        data = data[:script] + data[body_end:]
    return data


THEME = "evidence/themes/recognition.yml"
CASE_STUDY = "evidence/case-studies/airedale-new-models-of-care.yml"
THEME_PAGE = "themes/recognition.html"
CASE_PAGE = "case-studies/airedale-new-models-of-care.html"
MINI_EDITS = [
    # (file, text before, text after, what the page then shows, the page)
    (THEME, "summary: Carers want", "summary: Edited body. Carers want", "Edited body.", THEME_PAGE),
    (THEME, "is not being listened to.", "is not being listened to, said twice.", "said twice.", THEME_PAGE),
    (THEME, "title: Recognition\n", "title: Being recognised\n", "Being recognised", THEME_PAGE),
    (THEME, "Being listened to matters most.", "Being heard matters most.", "Being heard", THEME_PAGE),
]
GUIDE_EDITS = [
    (THEME, "carers being noticed, valued", "carers being seen, valued", "being seen", THEME_PAGE),
    (THEME, "not being listened to.", "not being heard.", "not being heard.", THEME_PAGE),
    (CASE_STUDY, "one of six areas", "one of the six areas", "one of the six", CASE_PAGE),
    (THEME, "title: Recognition\n", "title: Being recognised\n", "Being recognised", THEME_PAGE),
    (CASE_STUDY, "a dedicated phone service", "a phone service of its own", "of its own", CASE_PAGE),
]


def test_the_served_site_after_edits_is_the_clean_build(preview, tmp_path):
    """Dirty rebuilds (body text, a quote: only the changed pages) and whole ones (a title:
    every page's menu) end with the site a clean build of the same content makes."""
    assert (preview.root / "evidence" / "search-words.yml").is_file()
    _edits_end_as_a_clean_build(preview.root, tmp_path, MINI_EDITS, dirty_builds=3, preview=preview)


@pytest.mark.full  # 20 s: the small guide's test above holds the same rule in every `make test`
def test_the_real_guide_served_after_edits_is_its_clean_build(tmp_path):
    """The same on the real guide: case studies and their listings, Help now, the search words.
    A theme's title edit builds only the pages whose menu shows it (its case studies show the
    title in their text, not in tags that would need a whole build)."""
    root = copy_project(ROOT, tmp_path / "guide")
    _edits_end_as_a_clean_build(root, tmp_path, GUIDE_EDITS, dirty_builds=2)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "a title changed; building its menu's" in log, "a title edit built only its menu's pages"


def _edits_end_as_a_clean_build(
    root: Path, tmp_path: Path, edits, dirty_builds: int, preview: Preview | None = None
) -> str:
    """The edits, each awaited on its page, then the site served compared file by file with
    a clean build. On `preview` (dated, serving `root`), or on one of its own started here,
    logging into tmp_path/serve.log. Returns what the preview said meanwhile."""
    own = preview is None
    if preview is None:
        preview = Preview(root, tmp_path / "serve.log", epoch=_day())
    assert preview.epoch is not None, "the clean build needs the preview's build date"
    epoch = preview.epoch
    try:
        mark = preview.mark()
        preview.page_when(edits[0][4], lambda text: "</html>" in text, START_SECONDS)
        started = preview.output().count("Building documentation")
        for path, old, new, shown, page in edits:
            _change(root / path, old, new)
            condition = shown if callable(shown) else lambda text, shown=shown: shown in text
            preview.page_when(page, condition, CHANGE_SECONDS)
        output = preview.output(since=mark)
        assert output.count("the menu is unchanged; building only the changed pages") >= dirty_builds, output
        # one build a save, and none more: the generator's own writes into docs/ start none
        builds = preview.settled().count("Building documentation") - started
        assert builds == len(edits), f"{builds} builds for {len(edits)} saves:\n{preview.output(since=mark)}"
        clean = tmp_path / "clean"
        config = root / ".clean.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {preview.url('')}\n", encoding="utf-8")
        built = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--clean",
                "--config-file",
                str(config),
                "--site-dir",
                str(clean),
            ],
            cwd=root,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", EVIDENCE_GUIDE_GENERATED="1", SOURCE_DATE_EPOCH=epoch),
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        files = sorted(path.relative_to(clean).as_posix() for path in clean.rglob("*") if path.is_file())
        assert "themes/recognition.html" in files and "search/search_index.json" in files
        different = [name for name in files if _served_bytes(preview, name) != (clean / name).read_bytes()]
        assert different == [], f"served differently from a clean build: {different}"
        assert b'"keywords":' in (clean / "search" / "search_index.json").read_bytes(), "the everyday words are in"
        return preview.output(since=mark)
    finally:
        if own:
            preview.stop()
