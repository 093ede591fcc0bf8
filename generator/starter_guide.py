"""`init PATH`: write a small, working starter guide into a new or empty folder.

The starter is package data (generator/starter/): a guide configuration, mkdocs.yml, one
source, two themes, one role checklist, three references, a home page and an editors' page,
each commented with what it is for. It checks clean and builds at once, so a newcomer starts
from a site that works and changes it one file at a time.

Nothing is ever overwritten: the files are written into a temporary folder beside the target,
which is then renamed into place; a folder that holds anything is refused before a byte is
written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from generator.errors import Problem
from generator.files import UMASK
from generator.render import md_escape
from generator.write import GENERATED_FOLDERS

STARTER = Path(__file__).parent / "starter"
"""The starter guide, copied file for file (placeholders filled in)."""
NAME_PLACEHOLDER = "__GUIDE_NAME__"
SHORT_NAME_PLACEHOLDER = "__SHORT_NAME__"
LONGEST_NAME = 80
NAME_FORM = re.compile(r"[^\W_](?:[\w '’,.&():;!?-]*[\w.)!?])?")
"""Letters, digits, spaces and plain punctuation (a title's colon and question mark too): safe in
YAML (written as a quoted string), in Markdown (escaped) and never part of a file name."""


def default_name(target: Path) -> str:
    """The guide's name from its folder's: `young-carers` -> 'Young carers'."""
    words = " ".join(re.split(r"[-_\s]+", target.name)).strip()
    name = words[:1].upper() + words[1:]
    return name if NAME_FORM.fullmatch(name) and len(name) <= LONGEST_NAME else "My guide"


def short_name(name: str) -> str:
    """Lower-case words joined by hyphens: the offline zip's name and the caches'."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "guide"


def gitignore() -> str:
    """What a guide's git repository leaves out: everything the generator writes."""
    lines = ["# Written by `evidence-guide generate` and `build`: made again from the content every time."]
    lines += ["site/", ".site-*/", ".cache/", ".zensical-*.yml"]
    lines += [f"docs/{folder}/" for folder in GENERATED_FOLDERS]
    return "\n".join(lines) + "\n"


def _fill(relative: str, text: str, name: str, short: str) -> str:
    if relative.endswith(".yml"):
        shown = json.dumps(name, ensure_ascii=False)  # a JSON string is a YAML string
    else:
        shown = md_escape(name)
    return text.replace(NAME_PLACEHOLDER, shown).replace(SHORT_NAME_PLACEHOLDER, short)


def target_problem(target: Path) -> Problem | None:
    """Why a starter guide must not be written at `target`, or None."""
    shown = str(target)
    if target.exists() and not target.is_dir():
        return Problem(shown, 0, f"{shown!r} is a file, not a folder", "Name a new folder, e.g. 'my-guide'.")
    if target.is_dir() and any(target.iterdir()):
        return Problem(
            shown,
            0,
            f"{shown!r} is not empty; init writes only into a new or empty folder and never overwrites",
            "Name a new folder, e.g. 'my-guide', or empty this one first.",
        )
    return None


def init(target: Path, name: str | None = None) -> tuple[list[str], list[Problem]]:
    """Write the starter guide into `target`; returns (what was done, problems)."""
    target = target.expanduser().absolute()
    if refused := target_problem(target):
        return [], [refused]
    name = " ".join((name or default_name(target)).split())
    if not NAME_FORM.fullmatch(name) or len(name) > LONGEST_NAME:
        return [], [
            Problem(
                "--name",
                0,
                f"{name[:120]!r} is not a usable name",
                "Use letters, digits, spaces and plain punctuation (. , : ; ! ? ' & ( ) -), "
                f"at most {LONGEST_NAME} characters, e.g. --name 'Young carers at school'.",
            )
        ]
    short = short_name(name)
    if target.is_dir():
        # An empty folder (perhaps the one the person is in): written into, file by file, each
        # created afresh ('x'), so that a file that has appeared meanwhile is never replaced.
        _write_starter(target, name, short)
        return [f"wrote a starter guide ({name}) in {target}"], []
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-init-", dir=target.parent))
    try:
        _write_starter(staging, name, short)
        staging.chmod(0o777 & ~UMASK)  # mkdtemp makes it private
        os.rename(staging, target)  # whole or not at all
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [f"wrote a starter guide ({name}) in {target}"], []


def _write_starter(folder: Path, name: str, short: str) -> None:
    files = {".gitignore": gitignore().encode("utf-8")}
    for source in sorted(STARTER.rglob("*")):
        relative = source.relative_to(STARTER).as_posix()
        if source.is_dir() or "__pycache__" in relative:
            continue
        if source.suffix in (".yml", ".md"):
            files[relative] = _fill(relative, source.read_text(encoding="utf-8"), name, short).encode("utf-8")
        else:
            files[relative] = source.read_bytes()
    for relative, data in files.items():
        destination = folder / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("xb") as stream:
            stream.write(data)
