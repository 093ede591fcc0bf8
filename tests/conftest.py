"""Shared fixtures: throw-away copies of a project, so tests never touch the real docs/ or site/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import GENERATED_FOLDERS as GENERATED

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT.parent / "shared" / "sources"


def copy_project(source: Path, target: Path) -> Path:
    """The content and hand-written parts of a project, without anything generated or built."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("evidence", "checklists", "docs"):
        if (source / name).exists():
            shutil.copytree(
                source / name,
                target / name,
                ignore=lambda folder, names: [n for n in names if Path(folder) == source / "docs" and n in GENERATED],
            )
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    if not (target / "generator").exists():  # for the MkDocs hook that mkdocs.yml names
        (target / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    return target


@pytest.fixture
def mini(tmp_path) -> Path:
    """A tiny valid project: two themes, one checklist, three references."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the real guide's content."""
    return copy_project(ROOT, tmp_path / "project")


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator` as a person runs it, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real guide, generated and built once for the whole session."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("built") / "project")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def pools(monkeypatch) -> list:
    """The worker pools `generator.parallel` starts, by their arguments (forked workers
    cannot report back, so the test counts the pools instead)."""
    from generator import parallel

    started = []

    class CountedPool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountedPool)
    return started
