"""Remember what was read from a content file, across runs, keyed by the file's bytes.

An edit to one file of a large guide should cost the reading of that file, not of all
three thousand. Each entry is named by a digest of the file's path and bytes and of the
code that reads it (this package's loader and the parser versions), so an edited file or
a new generator simply misses: nothing is ever invalidated by hand. The folder is
gitignored, private to this checkout, and safe to delete; a read-only checkout reads
every file each time, with the same result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from generator.names import CACHE_FOLDER

MEMO_DIR = f"{CACHE_FOLDER}/parsed"
_MISSING = object()
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError)
"""What reading a missing, torn or foreign pickle raises (pickle's documentation names most of them)."""


def _code_salt() -> bytes:
    """What the meaning of a memo depends on besides the file: the reading code and parsers."""
    import bibtexparser
    import yaml

    return hashlib.blake2b(
        "|".join(
            [
                Path(__file__).with_name("load.py").read_text(encoding="utf-8"),
                yaml.__version__,
                bibtexparser.__version__,
                sys.version,
                str(pickle.HIGHEST_PROTOCOL),
            ]
        ).encode("utf-8"),
        digest_size=16,
    ).digest()


class Memo:
    """Parsed files of one project, looked up by content; `prune` drops what a run did not use."""

    def __init__(self, root: Path):
        self.folder = root / MEMO_DIR
        self.salt = _code_salt()
        self.used: set[str] = set()

    def key(self, shown_path: str, raw: bytes) -> str:
        return hashlib.blake2b(self.salt + shown_path.encode("utf-8") + b"\0" + raw, digest_size=20).hexdigest()

    def get(self, key: str):
        """The remembered value, or the module's missing marker."""
        self.used.add(key)
        try:
            with open(self.folder / key, "rb") as stream:
                return pickle.load(stream)
        except UNREADABLE:  # none yet, or a torn or foreign file: work it out again instead
            return _MISSING

    def put(self, key: str, value) -> None:
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / key)
        except OSError:
            pass  # read-only: the next run reads the file again

    def through(self, key: str, make, keep=lambda value: True):
        """The remembered value of `key`, or `make()` remembered when `keep` says it is worth it."""
        found = self.get(key)
        if found is _MISSING:
            found = make()
            if keep(found):
                self.put(key, found)
        return found

    def prune(self) -> None:
        """Forget the files this run did not ask for (old versions of edited files)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in self.used:
                try:
                    os.unlink(self.folder / name)
                except OSError:
                    pass
