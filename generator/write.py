"""Write generated pages into their own folders of docs/, and nothing else.

A page is only ever written where no file exists or where the file carries the
generated mark; a hand-written page in the way stops the run before anything is
written. Unchanged pages are not touched, so their modification times stay and
`mkdocs serve` rebuilds only what changed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, relative
from generator.render import GENERATED_MARK

GENERATED_FOLDERS = ("themes", "roles", "references", "report")
"""Folders of docs/ that belong to the generator; every other file in docs/ is hand-written."""


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return GENERATED_MARK in handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return False


def plan(pages: dict[str, str], docs: Path, root: Path) -> list[Problem]:
    """Problems that would make writing unsafe; empty when every target is ours."""
    problems = []
    for name in pages:
        if name.split("/", 1)[0] not in GENERATED_FOLDERS:
            raise ValueError(f"page {name!r} is outside the generated folders")
        target = docs / name
        if target.exists() and not is_generated(target):
            problems.append(Problem(
                relative(target, root), 0, "a hand-written file is where a generated page must go",
                f"Move it out of docs/{name.split('/', 1)[0]}/ (the generator owns docs/"
                + ", docs/".join(GENERATED_FOLDERS) + "), then run again.",
            ))
    return problems


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(pages: dict[str, str], docs: Path) -> WriteResult:
    """Bring the generated folders in line with `pages`; call `plan` first."""
    result = WriteResult()
    for name, text in pages.items():
        target = docs / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            result.unchanged.append(name)
            continue
        _write_atomically(target, text)
        result.written.append(name)
    for folder in GENERATED_FOLDERS:
        for path in sorted((docs / folder).rglob("*.md")):
            name = path.relative_to(docs).as_posix()
            if name not in pages and is_generated(path):
                path.unlink()
                result.removed.append(name)
    return result
