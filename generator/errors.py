"""Problems found in the content, written for the people who edit it.

Stages never exit or print: they add Problems to a list, so that one run reports
every mistake at once and the CLI alone decides the exit code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place, with the fix when we know it."""

    path: str
    """File the problem is in, relative to the project root."""
    line: int
    """1-based line, or 0 when the problem concerns the whole file."""
    message: str
    """What is wrong, quoting the offending value with !r."""
    hint: str = ""
    """How to fix it; shown on the next line."""
    severity: str = "error"
    """'error' stops the build; 'warning' is reported but does not."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else "warning: "
        text = f"{_shown(where)}: {label}{_shown(self.message)}"
        if self.hint:
            text += "\n  " + "\n".join(_shown(line) for line in self.hint.split("\n"))
        return text


def _shown(text: str) -> str:
    """One line a terminal shows as written: content quoted in a message cannot break the
    line or send control sequences (colours, cursor moves) to the editor's terminal."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def did_you_mean(value: str, choices) -> str:
    """A 'Did you mean ...?' phrase for the closest choice, or ''."""
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def relative(path: Path, root: Path) -> str:
    """The path as a person would type it from the project root."""
    if path.is_relative_to(root):  # the usual case, without asking the file system
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def counted(count: int, noun: str, plural: str = "") -> str:
    """'1 error', '3 errors', '2 case studies': messages read as a person would write them."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
