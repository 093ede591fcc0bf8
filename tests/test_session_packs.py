"""A run with many entries to write (a cold run) writes them in packs, not one file each
(issue 16, the x100 cold check): every entry is found again by the next process, a pack is
kept while any of its entries is used and forgotten once none is."""

from __future__ import annotations

import math
import pickle

from generator import load, pipeline
from generator import session as session_module
from generator.names import CACHE_FOLDER
from generator.session import MISSING, PACK_AT_LEAST, PACK_BYTES, PACK_ENTRIES, Session


def _put(folder, kind: str, count: int, start: int = 0) -> list[str]:
    session = Session(folder, in_memory=False)
    keys = [session.key(kind, str(number)) for number in range(start, start + count)]
    for number, key in zip(range(start, start + count), keys, strict=True):
        session.put(key, {"number": number, "text": "é" * (number % 7)})
    session.finish()
    return keys


def test_many_entries_go_into_packs_and_a_fresh_process_finds_every_one(tmp_path):
    folder = tmp_path / "cache"
    count = 2 * PACK_ENTRIES + 500
    keys = _put(folder, "parsed", count)
    names = sorted(path.name for path in folder.iterdir())
    assert len(names) == math.ceil(count / PACK_ENTRIES)
    assert all(name.startswith("pack-") and len(name.rsplit("-", 1)[1]) == 40 for name in names)
    fresh = Session(folder, in_memory=False)
    assert [fresh.get(key) for key in keys] == [{"number": n, "text": "é" * (n % 7)} for n in range(count)]
    assert fresh.get(fresh.key("parsed", "never put")) is MISSING
    fresh.finish()  # every entry used: every pack kept
    assert sorted(path.name for path in folder.iterdir()) == names


def test_an_entry_is_found_in_the_pack_this_session_wrote(tmp_path):
    session = Session(tmp_path / "cache", in_memory=False)
    keys = [session.key("parsed", str(number)) for number in range(PACK_ENTRIES + 1)]
    for number, key in enumerate(keys):
        session.put(key, number)
    session.flush()
    assert [session.get(key) for key in keys] == list(range(PACK_ENTRIES + 1))
    session.finish()


def test_a_pack_is_kept_while_one_entry_is_used_and_forgotten_when_none_is(tmp_path):
    folder = tmp_path / "cache"
    keys = _put(folder, "parsed", PACK_AT_LEAST)
    (pack,) = [path.name for path in folder.iterdir()]
    session = Session(folder, in_memory=False)
    assert session.get(keys[0]) == {"number": 0, "text": ""}
    session.finish()
    assert (folder / pack).exists()
    session = Session(folder, in_memory=False)
    other = session.key("lint", "x")
    session.put(other, 1)  # a run of another kind only: the pack's entries are not its to judge
    session.finish()
    assert (folder / pack).exists()
    session = Session(folder, in_memory=False)
    session.touch(session.key("parsed", "something else"))  # a run of its kind that uses none of it
    session.finish()
    assert not (folder / pack).exists() and (folder / other).exists()


def test_each_kind_has_packs_of_its_own_read_only_when_asked_for(tmp_path):
    """A warm check reads the packs of parsed files, not the printables' PDFs."""
    folder = tmp_path / "cache"
    session = Session(folder, in_memory=False)
    keys = {kind: [session.key(kind, str(number)) for number in range(PACK_AT_LEAST)] for kind in ("parsed", "pdf")}
    for number in range(PACK_AT_LEAST):
        for kind in keys:
            session.put(keys[kind][number], (kind, number))
    session.finish()
    names = sorted(path.name for path in folder.iterdir())
    assert [name.rsplit("-", 1)[0] for name in names] == ["pack-parsed", "pack-pdf"]
    fresh = Session(folder, in_memory=False)
    assert fresh.get(keys["parsed"][7]) == ("parsed", 7)
    assert {key.rsplit("-", 1)[0] for key in fresh._packed} == {"parsed"}
    fresh.touch(fresh.key("pdf", "another"))  # a run that lays out other printables only
    fresh.finish()
    assert sorted(path.name for path in folder.iterdir()) == [names[0]]


def test_a_foreign_or_torn_pack_is_worked_around_and_removed(tmp_path):
    folder = tmp_path / "cache"
    keys = _put(folder, "parsed", PACK_AT_LEAST)
    (pack,) = list(folder.iterdir())
    pack.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    other = folder / ("pack-parsed-" + "0" * 40)
    other.write_bytes(pickle.dumps(["parsed-x", "parsed-y"]) + pickle.dumps(["only one value"]))
    session = Session(folder, in_memory=False)
    assert session.get(keys[0]) is MISSING
    assert Session(folder, in_memory=False).get("parsed-x") is MISSING  # its keys and values do not pair up
    session.finish()
    assert not pack.exists() and not other.exists()


def test_a_cold_check_in_packs_then_a_warm_one_parses_nothing_and_an_edit_one_file(mini, monkeypatch):
    monkeypatch.setattr(session_module, "PACK_AT_LEAST", 1)  # the mini guide puts a few dozen entries
    first = pipeline.check(mini, Session.on_disk(mini))
    folder = mini / CACHE_FOLDER
    packs = {path.name for path in folder.iterdir()}
    assert packs and all(name.startswith("pack-") for name in packs)
    parsed: list[str] = []
    original = load._read_yaml
    monkeypatch.setattr(load, "_read_yaml", lambda raw, shown: parsed.append(shown) or original(raw, shown))
    again = pipeline.check(mini, Session.on_disk(mini))
    assert parsed == [] and again.problems == first.problems and again.wording == first.wording
    assert {path.name for path in folder.iterdir()} == packs
    theme = mini / "evidence/themes/recognition.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("title: ", "title: Now ", 1), encoding="utf-8")
    edited = pipeline.check(mini, Session.on_disk(mini))
    assert parsed == ["evidence/themes/recognition.yml"]
    assert edited.guide is not None and edited.guide.theme("recognition").title.startswith("Now ")
    assert packs <= {path.name for path in folder.iterdir()}  # the old packs still hold the other files
    parsed.clear()
    assert pipeline.check(mini, Session.on_disk(mini)).problems == edited.problems and parsed == []


def test_a_run_lets_go_of_each_entry_once_read_and_still_finds_it_again(tmp_path):
    """A cold run at x100 held every packed entry's bytes to its end (26 MB more peak memory,
    77 MB with the printables): written or read, an entry's bytes are let go, and an entry
    asked for again is read from its pack on disk."""
    folder = tmp_path / "cache"
    keys = _put(folder, "parsed", PACK_ENTRIES + 10)
    session = Session(folder, in_memory=False)
    first = [session.get(key) for key in keys]
    assert session._packed == {}, "bytes held after every entry was read"
    assert [session.get(key) for key in reversed(keys)] == first[::-1]
    session.finish()
    writing = Session(tmp_path / "other", in_memory=False)
    for number in range(PACK_ENTRIES):
        writing.put(writing.key("parsed", str(number)), number)
    writing.flush()
    assert writing._packed == {} and writing._unwritten == {}, "bytes held after the pack was written"
    assert writing.get(writing.key("parsed", "7")) == 7


def test_large_entries_fill_a_pack_by_their_size_not_their_number(tmp_path):
    """Printables' PDFs are large: a pack is written once its entries reach PACK_BYTES, so
    that they do not wait in memory for a thousand others; every one is found again."""
    folder = tmp_path / "cache"
    session = Session(folder, in_memory=False)
    size = PACK_BYTES // 8
    keys = [session.key("pdf", str(number)) for number in range(30)]
    for number, key in enumerate(keys):
        session.put(key, bytes([number]) * size)
    session.finish()
    packs = sorted(folder.iterdir())
    assert len(packs) >= 30 * size // PACK_BYTES and all(path.name.startswith("pack-pdf-") for path in packs)
    assert all(path.stat().st_size < PACK_BYTES + 2 * size for path in packs)
    fresh = Session(folder, in_memory=False)
    assert [fresh.get(key) for key in keys] == [bytes([number]) * size for number in range(30)]
