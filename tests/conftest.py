"""Shared fixtures: throw-away copies of a project, so tests never touch the real docs/ or site/.

Helpers that tests import live in tests/helpers.py; this file is never imported.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from generator import pipeline
from tests.helpers import FIXTURES, ROOT, copy_project

# hypothesis would keep its examples and caches in .hypothesis/ of the checkout.
settings.register_profile("no-database", database=None)
settings.load_profile("no-database")
HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="hypothesis-"))
set_hypothesis_home_dir(HYPOTHESIS_HOME)

ALLOWED_LEFTOVERS = (".pytest_cache/",)
"""What a run may add to the checkout: pytest's own cache."""
_BEFORE = pytest.StashKey[set[str] | None]()


def _untracked_and_ignored() -> set[str] | None:
    """`git status --ignored` of the checkout, new and ignored paths only; None outside git.
    (Folders git shows whole, such as a .cache/ already there, are not looked into.)"""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=normal"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    return {line for line in done.stdout.splitlines() if line.startswith(("??", "!!"))}


def pytest_sessionstart(session):
    session.config.stash[_BEFORE] = _untracked_and_ignored()


def pytest_sessionfinish(session, exitstatus):
    """The tests write nothing into the checkout: a file that appeared there fails the run."""
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    before = session.config.stash.get(_BEFORE, None)
    after = _untracked_and_ignored()
    if before is None or after is None:
        return
    new = sorted(line[3:] for line in after - before if not line[3:].startswith(ALLOWED_LEFTOVERS))
    if new:
        session.config.get_terminal_writer().line(
            "The tests wrote into the checkout (they must use temporary folders): " + ", ".join(new), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def mini(tmp_path) -> Path:
    """A tiny valid project: two themes, one checklist, three references."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the real guide's content, for a test that changes it."""
    return copy_project(ROOT, tmp_path / "project")


@pytest.fixture(scope="session")
def real_guide_copy(tmp_path_factory) -> Path:
    """The real guide's content copied once for the session: tests that only read it check
    and build it here, so that nothing is written into the checkout (its .cache/ included)."""
    return copy_project(ROOT, tmp_path_factory.mktemp("real") / "project")


@pytest.fixture(scope="session")
def real_outcome(real_guide_copy) -> pipeline.Checked:
    """`check` of the real guide, once for the session. Treat it as read-only."""
    outcome = pipeline.check(real_guide_copy)
    assert outcome.errors == [], "\n".join(map(str, outcome.errors))
    return outcome


@pytest.fixture(scope="session")
def guide(real_outcome):
    """The real guide's model. Treat it as read-only; a test that changes it checks its own copy."""
    return real_outcome.guide


def _run_folder(tmp_path_factory) -> Path:
    """A temporary folder of this run's own: with pytest-xdist, the one its processes share
    (the parent of each one's temporary folder, made afresh for the run); else this process's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _alone(lock: Path) -> Iterator[None]:
    """Hold `lock`: the test processes of a run that ask for it at once take turns."""
    with open(lock, "a") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def build_epoch(tmp_path_factory) -> str:
    """SOURCE_DATE_EPOCH of the session's build: when the run first asked for it (the same
    in each of its processes). A test that builds the real guide again with it must get the
    same bytes (tests/test_print.py)."""
    folder = _run_folder(tmp_path_factory)
    epoch = folder / "build-epoch"
    with _alone(folder / "build-epoch.lock"):
        if not epoch.exists():
            epoch.write_text(str(int(time.time())), encoding="utf-8")
        return epoch.read_text(encoding="utf-8")


BUILD_AND_RECORD = (
    "import pathlib, subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode;"
    " done = pathlib.Path(sys.argv[1]); part = done.with_name(done.name + '.part');"
    " part.write_text(str(code)); part.replace(done)"
)
"""Run the command after the file name, then write its exit code into that file (whole, by a rename)."""


BUILD_SECONDS = 900
"""The real guide's build takes 7 s on an idle 2-core machine; a process killed never ends it."""


def _start_build(folder: Path, epoch: str) -> None:
    """Start `build` of a fresh copy of the real guide in folder/project, dated by `epoch`, in
    a process of its own that records its exit code in folder/exit-code when it ends; unless a
    process of this run has started it already. Returns at once."""
    with _alone(folder.parent / "built.lock"):
        if (folder / "started").exists():
            return
        shutil.rmtree(folder, ignore_errors=True)  # what a run that failed left
        root = copy_project(ROOT, folder / "project")
        command = [sys.executable, "-m", "generator", "--root", str(root), "build"]  # as a person runs it
        with open(folder / "build.log", "wb") as log:
            subprocess.Popen(
                [sys.executable, "-c", BUILD_AND_RECORD, str(folder / "exit-code"), *command],
                cwd=ROOT,
                env=dict(os.environ, SOURCE_DATE_EPOCH=epoch),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        (folder / "started").touch()


@pytest.fixture(scope="session", autouse=True)
def _built_site_early(request, tmp_path_factory, build_epoch) -> None:
    """With pytest-xdist, the real guide's build for `built_site` starts as each test process
    starts, when any test of the run needs it, instead of when the first such test asks:
    while one process built it then, the other waited for it with its core half idle (about
    5 s a run, from a trace of the machine's idle time)."""
    if os.environ.get("PYTEST_XDIST_WORKER") and any(
        "built_site" in item.fixturenames for item in request.session.items
    ):
        _start_build(_run_folder(tmp_path_factory) / "built", build_epoch)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, build_epoch) -> Path:
    """The real guide, generated, printed and built once for the whole run: cold, in a
    temporary copy of its own (nothing made or remembered before), dated by `build_epoch`.
    With pytest-xdist, one build for all the processes: started as they start (above), read
    from the same folder."""
    folder = _run_folder(tmp_path_factory) / "built"
    _start_build(folder, build_epoch)
    deadline = time.monotonic() + BUILD_SECONDS
    while not (folder / "exit-code").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = (folder / "build.log").read_text(encoding="utf-8", errors="replace")
    assert (folder / "exit-code").exists(), f"the build did not end within {BUILD_SECONDS} s:\n{log}"
    assert (folder / "exit-code").read_text(encoding="utf-8") == "0", log
    return folder / "project"
