"""The session: the one cache of the engine, off unless passed in, one key scheme, one folder."""

from __future__ import annotations

from generator import citations, load, pdf, pipeline, schema
from generator.names import CACHE_FOLDER
from generator.session import MISSING, Session
from tests.helpers import run_cli


def _never(*args, **kwargs):
    raise AssertionError("worked out again although the session remembers it")


def test_library_use_remembers_nothing_and_writes_no_cache(mini):
    pipeline.generate(mini)
    assert not (mini / ".cache").exists()
    session = Session.off()
    session.put(session.key("parsed", "x"), 1)
    assert session.get(session.key("parsed", "x")) is MISSING


def test_one_folder_one_key_scheme_for_every_memo(mini):
    """Parsed files, plain-English warnings, formatted references and printables: all in the
    session's folder, each named kind-digest by the same function."""
    session = Session.on_disk(mini)
    pipeline.export_print(mini, pipeline.generate(mini, session=session), session=session)
    folder = mini / CACHE_FOLDER
    kinds = {path.name.rsplit("-", 1)[0] for path in folder.iterdir()}
    assert kinds == {"parsed", "lint", "citations", "pdf", "schema"}
    assert all(len(path.name.rsplit("-", 1)[1]) == 40 for path in folder.iterdir())


def test_a_fresh_process_reads_the_disk_and_parses_formats_and_lays_out_nothing(mini, monkeypatch):
    first = pipeline.generate(mini, session=Session.on_disk(mini))
    printed = pipeline.export_print(mini, first, session=Session.on_disk(mini))
    monkeypatch.setattr(load, "_read_yaml", _never)
    monkeypatch.setattr(load, "_read_bibtex", _never)
    monkeypatch.setattr(citations, "_format_group", _never)
    monkeypatch.setattr(pdf, "lay_out", _never)
    again = pipeline.generate(mini, session=Session.on_disk(mini))
    assert again.pages == first.pages and again.problems == first.problems
    assert pipeline.export_print(mini, again, session=Session.on_disk(mini)).files == printed.files


def test_a_long_lived_session_keeps_its_work_in_memory_without_a_folder(mini, monkeypatch):
    session = Session()
    first = pipeline.generate(mini, session=session)
    monkeypatch.setattr(load, "_read_yaml", _never)
    monkeypatch.setattr(citations, "_format_group", _never)
    for _ in range(2):  # values come from memory, shared: a run must not change them
        again = pipeline.generate(mini, session=session)
        assert again.pages == first.pages and again.problems == first.problems
    assert not (mini / ".cache").exists()


def test_an_edited_file_is_read_again_and_its_old_entry_forgotten(mini, monkeypatch):
    session = Session.on_disk(mini)
    pipeline.check(mini, session)
    folder = mini / CACHE_FOLDER
    before = {path.name for path in folder.glob("parsed-*")}
    theme = mini / "evidence/themes/recognition.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("title: ", "title: Now ", 1), encoding="utf-8")
    parsed = []
    original = load._read_yaml
    monkeypatch.setattr(load, "_read_yaml", lambda raw, shown: parsed.append(shown) or original(raw, shown))
    checked = pipeline.check(mini, Session.on_disk(mini))
    assert parsed == ["evidence/themes/recognition.yml"]
    assert checked.guide is not None and checked.guide.theme("recognition").title.startswith("Now ")
    after = {path.name for path in folder.glob("parsed-*")}
    assert len(after) == len(before) and len(after - before) == 1


def test_the_compiled_schema_check_depends_on_the_content_not_on_the_process(mini, monkeypatch):
    """Once, the validator switched to its compiled form after the 50th file a process had
    seen: the same guide was checked one way, then the other. Now the guide's own number
    of files of a kind decides."""
    choices: list[tuple[str, bool]] = []
    original = schema.check

    def spy(data, kind, shown_path, compiled=False, session=None, digest=""):
        choices.append((kind, compiled))
        return original(data, kind, shown_path, compiled, session, digest)

    monkeypatch.setattr(schema, "check", spy)
    for _ in range(30):  # 60 theme files seen by this process
        pipeline.check(mini)
    assert {compiled for _, compiled in choices} == {False}
    choices.clear()
    monkeypatch.setattr(schema, "COMPILE_AFTER", 1)  # a guide with more themes than this
    pipeline.check(mini)
    first = list(choices)
    choices.clear()
    pipeline.check(mini)
    assert choices == first and ("theme", True) in first and ("report", False) in first


def test_clean_removes_the_sessions_folder(mini):
    assert run_cli(mini, "check").returncode == 0
    assert any((mini / CACHE_FOLDER).glob("parsed-*"))
    done = run_cli(mini, "clean")
    assert done.returncode == 0 and f"removed {CACHE_FOLDER}/" in done.stdout
    assert not (mini / CACHE_FOLDER).exists()
