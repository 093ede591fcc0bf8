"""Build the site with MkDocs or Zensical, and replace site/ only when the build succeeded.

The engine runs as its own process so that the generated docs/ stay the contract: both
MkDocs + Material and Zensical, Material's successor, read the same mkdocs.yml and build
the same Markdown. Zensical has no option for the output folder, so it reads a copy of
mkdocs.yml that names the staging folder (written beside mkdocs.yml, so relative paths hold).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator import search_words
from generator.bundle import write_bundle
from generator.errors import Problem
from generator.files import UMASK
from generator.history import EPOCH_LIMIT, build_date, build_date_text, epoch_problem
from generator.load import read_folders
from generator.notfound import NOT_FOUND
from generator.paths import SITE_MARK, THEME_DIR, command_for, output_folder_problem

__all__ = ["ENGINES", "EPOCH_LIMIT", "build_date", "build_date_text", "build_site", "engine_command", "epoch_problem"]

ENGINES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
"""The site builders that read mkdocs.yml, by command-line name."""


def engine_command(engine: str, root: Path, out: Path) -> tuple[list[str], Path | None]:
    """The command that builds docs/ into `out`, and the temporary config it needs (if any)."""
    if engine == "mkdocs":
        return (
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--clean",
                "--config-file",
                str(root / "mkdocs.yml"),
                "--site-dir",
                str(out),
            ],
            None,
        )
    if engine == "zensical":
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
        config["site_dir"] = str(out)
        # Zensical runs no MkDocs plugin: the engine's theme overrides, which the plugin adds
        # for MkDocs, are named here, unless the guide has theme overrides of its own.
        theme = config.setdefault("theme", {})
        if isinstance(theme, dict) and not theme.get("custom_dir"):
            theme["custom_dir"] = str(THEME_DIR)
        handle, name = tempfile.mkstemp(dir=root, prefix=".zensical-", suffix=".yml")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yaml.safe_dump(config, stream, sort_keys=False, allow_unicode=True)
        # Not --clean: Zensical's clean empties the whole of .cache/, our caches included.
        return (
            [str(Path(sys.executable).with_name("zensical")), "build", "--strict", "--config-file", name],
            Path(name),
        )
    raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")


def remove_leftovers(root: Path, site_dir: Path) -> None:
    """Staging folders and configs an interrupted run left behind (only names this module makes)."""
    for pattern, folder in (
        (f".{site_dir.name}-new-*", site_dir.parent),
        (f".{site_dir.name}-old", site_dir.parent),
        (".site-zensical-*", root),
        (".zensical-*.yml", root),
    ):
        for leftover in folder.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.is_file():
                leftover.unlink(missing_ok=True)


BROKEN_LINK = re.compile(
    r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target (?:'[^']*' )?is not found"
)
"""MkDocs' words for a hand-written page's link to a page the guide does not have."""


def broken_link(root: Path, line: str) -> Problem | None:
    """MkDocs' warning of a broken link, as a Problem at the hand-written page and line."""
    found = BROKEN_LINK.search(line)
    if not found:
        return None
    page, link = found["page"], found["link"]
    try:
        text = (root / "docs" / page).read_text(encoding="utf-8")
    except OSError:
        text = ""
    at = text.find(f"]({link}")
    return Problem(
        f"docs/{page}",
        text.count("\n", 0, at) + 1 if at >= 0 else 0,
        f"a link to {link!r}, a page this guide does not have",
        "Correct the link (the guide's pages are listed in the nav of mkdocs.yml), or remove it.",
    )


def build_site(root: Path, site_dir: Path, engine: str = "mkdocs", guide=None, not_found: str = "") -> list[Problem]:
    """Build with `engine` into a fresh folder, put in our 404 page (`not_found`, made by the
    pipeline beforehand, so that a mistake in the guide's own template stops nothing half-way),
    bundle it, then swap it in for `site_dir`."""
    content = guide.config.content.all if guide is not None else read_folders(root).all
    if refused := output_folder_problem("--site-dir", site_dir, root, content):
        return [refused]
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(root, site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    staging.chmod(0o777 & ~UMASK)  # mkdtemp makes it private; a web server must read site/
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EVIDENCE_GUIDE_GENERATED="1")
    if date := build_date(root):
        env["SOURCE_DATE_EPOCH"] = date
    # Zensical builds only inside the project folder; its output is moved to staging after.
    inside = root.resolve() in staging.parents
    out = staging if engine == "mkdocs" or inside else Path(tempfile.mkdtemp(prefix=".site-zensical-", dir=root))
    command, config = engine_command(engine, root, out)
    try:
        completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
        if out != staging and completed.returncode == 0:
            staging.rmdir()
            shutil.move(out, staging)
            staging.chmod(0o777 & ~UMASK)
    finally:
        if config:
            config.unlink(missing_ok=True)
        if out != staging:
            shutil.rmtree(out, ignore_errors=True)
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        output = (completed.stderr + completed.stdout).strip().splitlines()
        details = [line for line in output if "WARNING" in line or "ERROR" in line] or output[-10:]
        broken = [problem for line in details if (problem := broken_link(root, line))]
        rest = [line for line in details if not broken_link(root, line)]
        if broken and not rest:
            rest = ["Fix the links named above."]
        return broken + [
            Problem(
                "mkdocs.yml",
                0,
                f"the {ENGINES[engine]} build failed; {site_dir.name}/ was left as it was",
                "\n  ".join(rest) or f"Run '{command_for(root)} serve' to see MkDocs's full output.",
            )
        ]
    if engine == "zensical":  # MkDocs does this in its plugin (generator/mkdocs_plugin.py); Zensical has none
        if problems := search_words.apply_zensical(root, staging):
            shutil.rmtree(staging, ignore_errors=True)
            return problems
    if not_found:
        (staging / NOT_FOUND).write_text(not_found, encoding="utf-8")
    (staging / SITE_MARK).write_text("Built by python -m generator: the next build may replace this folder.\n")
    write_bundle(staging, env.get("SOURCE_DATE_EPOCH"), guide.config.short_name if guide else "guide")
    previous = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return []
