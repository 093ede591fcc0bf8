"""The session: the one cache object of the engine, passed in, off unless asked for.

Everything the engine remembers between one run and the next goes through a `Session`:
the parsed content files, each file's plain-English warnings, the formatted references,
the laid-out printables, the schemas' compiled checks (bytecode) and the anchors of the
pages Help now links to. Every entry is named the same way, by `key(kind, *parts)`:
a digest of the engine's own code, the kind of entry and the inputs the value is made
from (a file's path and bytes, a reference group's fields, a printable's HTML). An edited
file or a new generator simply misses; nothing is ever invalidated by hand.

Three ways to hold one:

    Session.off()          remembers nothing: every run reads and works out everything
                           (the default of every pipeline function, for library use)
    Session()              remembers in memory, for as long as the object lives (a
                           long-lived process such as a preview server keeps its work)
    Session.on_disk(root)  keeps entries in ROOT/.cache/working-together/, one file each,
                           so the next process starts warm (the CLI and `make`); with
                           `in_memory=True`, in memory as well (a preview server)

`finish()` ends a run: of each kind of entry the run used, the entries it did not use
(older versions of edited files) are forgotten. Values are shared, not copied, from
memory: treat what `get` returns as read-only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import sys
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from generator.files import write_atomically
from generator.names import CACHE_FOLDER

Value = TypeVar("Value")

MISSING: Any = object()
"""What `get` returns for an entry the session does not hold."""
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError)
"""What reading a missing, torn or foreign pickle raises (pickle's documentation names most of them)."""


@cache
def code_digest() -> bytes:
    """The engine's Python code as installed, and the Python running it: part of every key,
    so that a new generator misses every entry. (Templates and styles need not be in it: a
    printable's entry is named by its HTML, a reference group's by the style's text.)"""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("*/*.py")]):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.digest()


class Session:
    """Memos of one guide's runs, in memory and, when given a folder, on disk."""

    def __init__(self, folder: Path | None = None, *, remember: bool = True, in_memory: bool = True):
        self.folder = folder
        """Where entries are kept between processes, or None (this process only)."""
        self.remember = remember
        self.in_memory = in_memory
        """Keep what was read or made in this object too (for a process that runs again)."""
        self._memory: dict[str, Any] = {}
        self.rendered: Any = None
        """What the last `pipeline.generate` rendered (a `pipeline.RenderState`), in memory only:
        a process that generates again renders only the pages a change reaches."""
        self._used: set[str] = set()
        self._kinds: set[str] = set()
        self._on_disk: set[str] | None = None
        """The entries in `folder`, listed once when first asked for (and kept up to date with
        this session's own writes): a cold run at x100 asks for 6,000 entries that are not
        there, and opening each to find that out cost 1.2 s."""
        self._unwritten: dict[str, bytes] = {}
        """Entries put but not yet on disk, by key (the writer thread's queue)."""
        self._lock = threading.Lock()
        self._writes: queue.SimpleQueue[str | None] | None = None
        self._writer: threading.Thread | None = None

    @classmethod
    def off(cls) -> Session:
        """A session that remembers nothing: every run works everything out afresh."""
        return cls(None, remember=False)

    @classmethod
    def on_disk(cls, root: Path, in_memory: bool = False) -> Session:
        """A session kept in the guide's cache folder, for the commands people run. A command
        runs once, so by default nothing is also held in memory (a long-lived process that
        runs again asks for `in_memory`)."""
        return cls(root / CACHE_FOLDER, in_memory=in_memory)

    def key(self, kind: str, *parts: str | bytes) -> str:
        """The name of the entry of `kind` made from `parts` by this code."""
        digest = hashlib.blake2b(code_digest() + kind.encode("utf-8"), digest_size=20)
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        return f"{kind}-{digest.hexdigest()}"

    def get(self, key: str) -> Any:
        """The remembered value of `key`, or MISSING."""
        if not self.remember:
            return MISSING
        self._note(key)
        if key in self._memory:
            return self._memory[key]
        if self.folder is None:
            return MISSING
        with self._lock:
            unwritten = self._unwritten.get(key)
        if unwritten is not None:
            return pickle.loads(unwritten)
        if key not in self._listed():
            return MISSING
        try:
            with open(self.folder / key, "rb") as stream:
                value = pickle.load(stream)
        except UNREADABLE:  # none yet, or a torn or foreign file: worked out again instead
            return MISSING
        if self.in_memory:
            self._memory[key] = value
        return value

    def _listed(self) -> set[str]:
        if self._on_disk is None:
            try:
                self._on_disk = set(os.listdir(self.folder)) if self.folder is not None else set()
            except OSError:  # no folder yet: nothing remembered
                self._on_disk = set()
        return self._on_disk

    def touch(self, key: str) -> None:
        """Count the entry as used by this run (so `finish` keeps it) without reading it."""
        if self.remember:
            self._note(key)

    def put(self, key: str, value: Any) -> None:
        if not self.remember:
            return
        self._note(key)
        if self.in_memory or self.folder is None:
            self._memory[key] = value
        if self.folder is not None:
            self._write_later(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _write_later(self, key: str, data: bytes) -> None:
        """Hand an entry to the writer thread. A cold run at x100 puts 6,000 entries, each a
        file created and renamed: the thread writes them while this one goes on parsing and
        checking (the waits on the disk were a third of a cold check's time on a busy machine)."""
        with self._lock:
            self._unwritten[key] = data
        self._listed().add(key)
        if self._writer is None:
            self._writes = queue.SimpleQueue()
            self._writer = threading.Thread(target=self._write_all, args=(self._writes,), daemon=True)
            self._writer.start()
        assert self._writes is not None
        self._writes.put(key)

    def _write_all(self, writes: queue.SimpleQueue[str | None]) -> None:
        assert self.folder is not None
        while (key := writes.get()) is not None:
            with self._lock:
                data = self._unwritten.get(key)
            if data is None:  # put twice before the first was written: written already
                continue
            try:
                write_atomically(self.folder / key, data)
            except OSError:
                pass  # read-only: the next process works it out again
            with self._lock:
                if self._unwritten.get(key) is data:
                    del self._unwritten[key]

    def flush(self) -> None:
        """Wait until every entry put so far is on disk (`finish` does), and end the writer thread."""
        writer, writes = self._writer, self._writes
        if writer is None or writes is None:
            return
        writes.put(None)
        writer.join()
        self._writer = self._writes = None

    def through(self, key: str, make: Callable[[], Value], keep: Callable[[Value], bool] = lambda value: True) -> Value:
        """The remembered value of `key`, or `make()`, remembered when `keep` says it is worth it."""
        found = self.get(key)
        if found is MISSING:
            found = make()
            if keep(found):
                self.put(key, found)
        return found

    def finish(self) -> None:
        """End a run: write what it put, then forget the entries of each kind it used that it
        did not use itself. No thread outlives a run (a stage after it may fork workers)."""
        self.flush()
        kinds, used = self._kinds, self._used
        self._kinds, self._used = set(), set()
        stale = [key for key in self._memory if _kind(key) in kinds and key not in used]
        for key in stale:
            del self._memory[key]
        if self.folder is None or not kinds:
            return
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if _kind(name) in kinds and name not in used:
                self._listed().discard(name)
                try:
                    os.unlink(self.folder / name)
                except OSError:
                    pass

    def _note(self, key: str) -> None:
        self._used.add(key)
        self._kinds.add(_kind(key))


def _kind(key: str) -> str:
    return key.rsplit("-", 1)[0]
