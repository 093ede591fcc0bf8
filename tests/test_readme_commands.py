"""The README's commands work on a fresh clone: `make check`, `make site`, `make clean`.

The clone holds what is committed (not the working tree's edits) and uses the virtual
environment running these tests, so nothing is installed; `make clean` must then leave
the clone as `git clone` made it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

VENV = Path(sys.prefix)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True, check=False).returncode != 0:
        pytest.skip("not a git checkout")
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests do not run in a virtual environment that the clone could use")
    target = tmp_path_factory.mktemp("clone") / "working-together"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def make(clone: Path, target: str) -> subprocess.CompletedProcess:
    """`make TARGET` as the README says, with this environment standing in for .venv
    (`-o`: its packages count as installed, so nothing is reinstalled)."""
    return subprocess.run(
        ["make", f"VENV={VENV}", "-o", f"{VENV}/.site-installed", "-o", f"{VENV}/.test-installed", target],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )


@pytest.mark.clone
def test_make_check_site_and_clean_on_a_fresh_clone(clone):
    as_cloned = git(clone, "status", "--porcelain", "--ignored")
    assert as_cloned == ""

    checked = make(clone, "check")
    assert checked.returncode == 0, checked.stderr
    assert "ok: 6 themes" in checked.stdout

    built = make(clone, "site")
    assert built.returncode == 0, built.stderr
    assert (clone / "site/index.html").exists() and (clone / "site/print/checklist-carers.pdf").exists()
    assert (clone / "docs/themes/recognition.md").exists()
    assert git(clone, "status", "--porcelain") == "", "make site changed a file git tracks"

    cleaned = make(clone, "clean")
    assert cleaned.returncode == 0, cleaned.stderr
    assert git(clone, "status", "--porcelain", "--ignored") == as_cloned
