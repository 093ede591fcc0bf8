"""The session writes its entries from a thread of its own (issue 16, the x100 cold check):
every entry is on disk when the run finishes, an entry not yet written is still found, and
no thread outlives the run."""

from __future__ import annotations

import threading

from generator import session as session_module
from generator.session import Session


def test_every_entry_is_on_disk_when_the_run_finishes(tmp_path):
    """One file each below PACK_AT_LEAST entries (a run after an edit); packs: test_session_packs.py."""
    folder = tmp_path / "cache"
    session = Session(folder, in_memory=False)
    count = session_module.PACK_AT_LEAST - 1
    keys = [session.key("parsed", str(number)) for number in range(count)]
    for number, key in enumerate(keys):
        session.put(key, {"number": number})
    session.finish()
    assert sorted(path.name for path in folder.iterdir()) == sorted(keys)
    fresh = Session(folder, in_memory=False)
    assert [fresh.get(key) for key in keys] == [{"number": number} for number in range(count)]


def test_an_entry_not_yet_written_is_found_and_no_thread_outlives_the_run(tmp_path, monkeypatch):
    threads = threading.active_count()
    release = threading.Event()
    write = session_module.write_atomically

    def held(target, data):
        assert release.wait(30)
        write(target, data)

    monkeypatch.setattr(session_module, "write_atomically", held)
    folder = tmp_path / "cache"
    session = Session(folder, in_memory=False)
    key = session.key("parsed", "held")
    session.put(key, ["a", "value"])
    session.put(key, ["a", "value"])  # the same entry twice before it is written
    assert not (folder / key).exists()
    assert session.get(key) == ["a", "value"]
    assert threading.active_count() == threads + 1
    release.set()
    session.finish()
    assert (folder / key).exists()
    assert Session(folder, in_memory=False).get(key) == ["a", "value"]
    assert threading.active_count() == threads


def test_a_folder_that_cannot_be_written_costs_only_the_memo(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    session = Session(blocked / "cache", in_memory=False)
    key = session.key("parsed", "x")
    session.put(key, 1)
    session.finish()
    assert Session(blocked / "cache", in_memory=False).get(key) is session_module.MISSING
