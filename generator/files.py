"""Writing a file whole or not at all, with the permissions a person expects; pages held as
the bytes they are written as.

Shared by the writer of docs/, the site build and the session's cache: a run that is
interrupted leaves each file either as it was or as it was meant to be, never torn.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path

UMASK = os.umask(0)  # read once: files get the permissions a person would expect
os.umask(UMASK)


def write_atomically(target: Path, content: str | bytes) -> None:
    """Write `content` to `target` through a temporary file in the same folder, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~UMASK)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Pages(MutableMapping[str, str]):
    """Generated pages by their path under docs/, each held as the UTF-8 bytes it is written
    as, in the order put: text in, text out, bytes in between. Python keeps a text with one
    character beyond Latin-1 (a curly quote, a dash) at two bytes a character, so a guide's
    Markdown pages took twice their size on disk while they waited to be written: 55 MB for
    the 29 MB of pages of the x100 benchmark corpus. `render` fills one, `write` writes it."""

    def __init__(self) -> None:
        self._encoded: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> str:
        return self._encoded[name].decode("utf-8")

    def __setitem__(self, name: str, text: str) -> None:
        self._encoded[name] = text.encode("utf-8")

    def __delitem__(self, name: str) -> None:
        del self._encoded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)

    def __contains__(self, name: object) -> bool:
        return name in self._encoded

    def sorted(self) -> Pages:
        """The same pages in the order of their paths (without decoding them)."""
        ordered = Pages()
        ordered._encoded = dict(sorted(self._encoded.items()))
        return ordered

    def encoded(self, name: str) -> bytes:
        """The page as it is written: its UTF-8 bytes, not decoded."""
        return self._encoded[name]

    def __repr__(self) -> str:
        return f"Pages({list(self._encoded)!r})"
