"""A warm `check` (the session's folder in place, nothing changed) neither compiles nor runs
a schema check and renders no page: the schema checks' results (or, for a large guide, the
compiled validators' code), Help now's plain-English warnings and the anchors of the pages
Help now links to are in the session, keyed by what they are made from. On a copy of the real guide,
which has Help now and links into its pages' headings."""

from __future__ import annotations

import fastjsonschema
import pytest

from generator import help_now, lint, pipeline, render, schema
from generator.session import Session
from tests.helpers import ROOT, copy_project


def _never(*args, **kwargs):
    raise AssertionError("worked out again although the session remembers it")


def _as_a_new_process() -> None:
    """Forget what this process compiled, as the next `python -m generator check` would start."""
    schema._REMEMBERED.clear()
    schema._fast_validator.cache_clear()
    render._environment_for.cache_clear()


@pytest.fixture
def guide(tmp_path):
    root = copy_project(ROOT, tmp_path / "project")
    first = pipeline.check(root, Session.on_disk(root))
    assert first.errors == []
    return root, first


def test_a_warm_check_compiles_no_schema_runs_no_jsonschema_and_renders_no_page(guide, monkeypatch):
    """The one before (the content unchanged) left the session's folder in place."""
    root, first = guide
    _as_a_new_process()
    monkeypatch.setattr(fastjsonschema, "compile_to_code", _never)
    monkeypatch.setattr(fastjsonschema, "compile", _never)
    monkeypatch.setattr(schema, "_validator", _never)  # jsonschema: only for a file the compiled check rejects
    monkeypatch.setattr(lint, "_lint_file", _never)  # Help now's warnings too: no textstat import
    monkeypatch.setattr(pipeline, "render", _never)
    monkeypatch.setattr(help_now, "page_anchors", _never)
    again = pipeline.check(root, Session.on_disk(root))
    assert again.problems == first.problems and again.guide is not None


def test_an_edit_that_moves_an_anchor_is_seen_by_the_next_check(guide):
    root, _ = guide
    checklist = root / "checklists" / "carers.yml"
    text = checklist.read_text(encoding="utf-8")
    assert "  - id: finding-support\n" in text  # a moment of the checklist, the anchor of its heading
    checklist.write_text(text.replace("finding-support", "finding-help"), encoding="utf-8")
    _as_a_new_process()
    errors = [str(problem) for problem in pipeline.check(root, Session.on_disk(root)).errors]
    assert any("roles/carers.md has no anchor 'finding-support'" in error for error in errors), errors


def test_an_edited_template_is_seen_by_the_next_check(guide):
    root, _ = guide
    own = root / "templates" / "checklist.md.j2"
    built_in = (ROOT / "generator" / "templates" / "checklist.md.j2").read_text(encoding="utf-8")
    heading = "## {{ group.title }} { #{{ group.id|raw }} }"
    assert heading in built_in
    own.write_text(built_in.replace(heading, "## {{ group.title }} { #part-{{ group.id|raw }} }"), encoding="utf-8")
    _as_a_new_process()
    errors = [str(problem) for problem in pipeline.check(root, Session.on_disk(root)).errors]
    assert any("roles/carers.md has no anchor 'finding-support'" in error for error in errors), errors


def test_a_wrong_file_still_gets_jsonschemas_message_with_the_remembered_check(guide):
    root, _ = guide
    _as_a_new_process()
    theme = root / "evidence" / "themes" / "recognition.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    errors = [str(problem) for problem in pipeline.check(root, Session.on_disk(root)).errors]
    assert any(error.startswith("evidence/themes/recognition.yml:") and "'titel'" in error for error in errors)


def test_a_large_guides_compiled_check_is_kept_and_not_compiled_again(guide, monkeypatch):
    root, _ = guide
    monkeypatch.setattr(schema, "COMPILE_AFTER", 1)  # as a guide with many files of a kind
    _as_a_new_process()
    first = pipeline.check(root, Session.on_disk(root))
    assert any(path.name.startswith("schema-code-") for path in (root / ".cache").rglob("*"))
    _as_a_new_process()
    monkeypatch.setattr(fastjsonschema, "compile_to_code", _never)
    monkeypatch.setattr(fastjsonschema, "compile", _never)
    assert pipeline.check(root, Session.on_disk(root)).problems == first.problems
