"""Build the site with MkDocs, and replace site/ only when the build succeeded.

MkDocs runs as its own process so that the generated docs/ stay the contract: any
engine that reads mkdocs.yml (Zensical tomorrow) can build the same Markdown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from generator.bundle import write_bundle
from generator.errors import Problem
from generator.write import UMASK


def build_date(root: Path) -> str | None:
    """SOURCE_DATE_EPOCH for reproducible output: the last commit, when in git."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                               text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found.stdout.strip() or None


def build_date_text(root: Path) -> str:
    """The build date as printed on paper: from SOURCE_DATE_EPOCH or git, so it is reproducible."""
    epoch = build_date(root)
    moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc) if epoch else datetime.now(tz=timezone.utc)
    return f"{moment.day} {moment:%B %Y}"


def build_site(root: Path, site_dir: Path) -> list[Problem]:
    """`mkdocs build --strict` into a fresh folder, bundled, then swapped in for `site_dir`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    staging.chmod(0o777 & ~UMASK)  # mkdtemp makes it private; a web server must read site/
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", WORKING_TOGETHER_GENERATED="1")
    if date := build_date(root):
        env["SOURCE_DATE_EPOCH"] = date
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        output = (completed.stderr + completed.stdout).strip().splitlines()
        details = [line for line in output if "WARNING" in line or "ERROR" in line] or output[-10:]
        return [Problem("mkdocs.yml", 0, "the MkDocs build failed; site/ was left as it was",
                        "\n  ".join(details) or "Run 'make serve' to see MkDocs's full output.")]
    write_bundle(staging, env.get("SOURCE_DATE_EPOCH"))
    previous = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return []
