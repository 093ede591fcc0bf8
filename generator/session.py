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
                           or, when a run has many to write (a cold run), in packs of up
                           to PACK_ENTRIES of one kind, so the next process starts warm (the
                           CLI and `make`); with `in_memory=True`, in memory as well (a
                           preview server)

`finish()` ends a run: of each kind of entry the run used, the entries it did not use
(older versions of edited files) are forgotten, and a pack once none of its entries is
used. Values are shared, not copied, from memory: treat what `get` returns as read-only.
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
PACK = "pack-"
"""How a pack's name starts: `pack-KIND-DIGEST` holds many entries of one kind, its keys first,
then their values (one kind a pack: a warm check reads no pack of printables)."""
PACK_AT_LEAST = 500
"""A run that leaves this many entries to write writes them in packs: a cold check at x100 puts
6,000 (each file's parsed data and its plain-English verdict), and creating a file for each
cost the writer thread 4 to 6 s of CPU, beside the check, on a two-core machine. Fewer cost
little (Working Together's cold build puts about 120) and stay one file each, as do the few
entries of a run after an edit."""
PACK_ENTRIES = 1000
"""Entries in one pack at most: a warm run reads each pack it needs whole."""
PACK_BYTES = 4 * 1024 * 1024
"""A pack is written once its entries reach this size, however few: 1,000 printables' PDFs
waiting for their pack took 77 MB more at x100 (the parsed files' 1,000 come to about 4 MB)."""


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
        self._packed: dict[str, bytes] = {}
        """Entries of the packs in `folder` not yet asked for, pickled, by key: the packs of a
        kind are read whole when an entry of the kind is first asked for, and an entry's bytes
        are let go once it is read (held to the end, a cold run at x100 kept 26 MB more, its
        printables 77 MB more)."""
        self._kinds_read: set[str] = set()
        self._pack_keys: dict[str, list[str]] = {}
        """The keys of each pack read or written, by the pack's name."""
        self._pack_of: dict[str, str] = {}
        """The pack each of those keys is in: an entry asked for again, or put in a pack by this
        session, is read from its pack on disk."""
        self._unwritten: dict[str, bytes] = {}
        """Entries put but not yet on disk, by key (the writer thread's queue)."""
        self._lock = threading.Lock()
        self._waiting: dict[str, None] = {}
        """Keys put since the last batch was handed to the writer thread, in order, each once."""
        self._waiting_bytes = 0
        self._writes: queue.SimpleQueue[tuple[list[str], bool] | None] | None = None
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
            found = self._unwritten.get(key)
            if found is None:
                found = self._packs(_kind(key)).pop(key, None)
            if found is None and key in self._pack_of:  # read or written before in this run
                found = self._from_pack(self._pack_of[key], key)
        if found is not None:
            try:
                value = pickle.loads(found)
            except UNREADABLE:  # a foreign entry: worked out again instead
                return MISSING
        elif key not in self._listed():
            return MISSING
        else:
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

    def _packs(self, kind: str) -> dict[str, bytes]:
        """The entries of the packs in `folder`, those of `kind` read when first asked for (under `_lock`)."""
        if kind not in self._kinds_read:
            self._kinds_read.add(kind)
            for name in sorted(self._listed()):
                if _kind(name) == PACK + kind:
                    self._read_pack(name)
        return self._packed

    def _read_pack(self, name: str, keys_only: bool = False) -> list[str] | None:
        """The keys of the pack `name` (None if it cannot be read); its values too, into
        `_packed`, unless `keys_only`."""
        assert self.folder is not None
        if keys_only and name in self._pack_keys:
            return self._pack_keys[name]
        try:
            with open(self.folder / name, "rb") as stream:
                keys = pickle.load(stream)
                values = None if keys_only else pickle.load(stream)
        except UNREADABLE:
            return None
        if not isinstance(keys, list) or (
            values is not None and not (isinstance(values, list) and len(values) == len(keys))
        ):
            return None
        if values is not None:
            self._packed.update(zip(keys, values, strict=True))
            self._remember_pack(name, keys)
        return keys

    def _from_pack(self, name: str, key: str) -> bytes | None:
        """One entry of the pack `name`, read from disk without holding the others."""
        assert self.folder is not None
        try:
            with open(self.folder / name, "rb") as stream:
                keys, values = pickle.load(stream), pickle.load(stream)
            return values[keys.index(key)]
        except UNREADABLE:  # ValueError: no longer in it
            return None

    def _remember_pack(self, name: str, keys: list[str]) -> None:
        self._pack_keys[name] = keys
        for key in keys:
            self._pack_of[key] = name

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
        """Hand an entry to the writer thread, which writes it while this one goes on parsing
        and checking (the waits on the disk were a third of a cold check's time on a busy
        machine when each entry was a file): a full pack at once, the rest when the run finishes."""
        with self._lock:
            self._unwritten[key] = data
        if self._writer is None:
            self._writes = queue.SimpleQueue()
            self._writer = threading.Thread(target=self._write_all, args=(self._writes,), daemon=True)
            self._writer.start()
        self._waiting[key] = None
        self._waiting_bytes += len(data)
        if len(self._waiting) >= PACK_ENTRIES or self._waiting_bytes >= PACK_BYTES:
            self._hand_over(full=True)  # a full pack, written while the run goes on

    def _hand_over(self, full: bool = False) -> None:
        """Give the writer thread the keys put since the last batch: once a batch, not once a
        key (the queue's `put` for each of 6,000 keys, each waking the thread, took 0.2 s of a
        cold check at x100 under the profiler)."""
        assert self._writes is not None
        if self._waiting:
            self._writes.put((list(self._waiting), full))
            self._waiting, self._waiting_bytes = {}, 0

    def _write_all(self, writes: queue.SimpleQueue[tuple[list[str], bool] | None]) -> None:
        """Write the batches handed over: each full pack as soon as it is full (PACK_ENTRIES
        entries or PACK_BYTES), and the last batch in a pack too when the run packed before or
        puts at least PACK_AT_LEAST entries, else one file each."""
        packed = False
        while (handed := writes.get()) is not None:
            batch, full = handed
            if full or packed or len(batch) >= PACK_AT_LEAST:
                self._write_pack(batch)
                packed = True
            else:
                self._write_files(batch)

    def _write_files(self, keys: list[str]) -> None:
        assert self.folder is not None
        for key in keys:
            with self._lock:
                data = self._unwritten.get(key)
            if data is None:
                continue
            try:
                write_atomically(self.folder / key, data)
            except OSError:
                pass  # read-only: the next process works it out again
            with self._lock:
                self._listed().add(key)
                if self._unwritten.get(key) is data:
                    del self._unwritten[key]

    def _write_pack(self, keys: list[str]) -> None:
        """The entries of `keys` in packs, one for each kind among them."""
        by_kind: dict[str, list[str]] = {}
        for key in keys:
            by_kind.setdefault(_kind(key), []).append(key)
        for kind, of_kind in by_kind.items():
            self._write_one_pack(kind, of_kind)

    def _write_one_pack(self, kind: str, keys: list[str]) -> None:
        assert self.folder is not None
        with self._lock:
            found = [(key, self._unwritten[key]) for key in keys if key in self._unwritten]
        if not found:
            return
        keys = [key for key, _ in found]
        name = self.key(PACK + kind, *keys)
        try:
            write_atomically(
                self.folder / name,
                pickle.dumps(keys, protocol=pickle.HIGHEST_PROTOCOL)
                + pickle.dumps([data for _, data in found], protocol=pickle.HIGHEST_PROTOCOL),
            )
        except OSError:  # read-only: this run and the next work them out again
            written = False
        else:
            written = True
        with self._lock:
            if written:  # asked for again in this run, an entry is read from the pack
                self._remember_pack(name, keys)
            for key, data in found:
                if self._unwritten.get(key) is data:
                    del self._unwritten[key]

    def flush(self) -> None:
        """Wait until every entry put so far is on disk (`finish` does), and end the writer thread."""
        writer, writes = self._writer, self._writes
        if writer is None or writes is None:
            return
        self._hand_over()
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
        for held in (self._memory, self._packed):
            stale = [key for key in held if _kind(key) in kinds and key not in used]
            for key in stale:
                del held[key]
        if self.folder is None or not kinds:
            return
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.startswith(PACK):
                if _kind(name).removeprefix(PACK) not in kinds:
                    continue  # a kind this run did not ask for
                keys = self._read_pack(name, keys_only=True)
                if keys is not None and any(key in used for key in keys):
                    continue
                self._pack_keys.pop(name, None)
            elif _kind(name) not in kinds or name in used:
                continue
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
