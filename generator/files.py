"""Writing a file whole or not at all, with the permissions a person expects.

Shared by the writer of docs/, the site build and the session's cache: a run that is
interrupted leaves each file either as it was or as it was meant to be, never torn.
"""

from __future__ import annotations

import os
import tempfile
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
