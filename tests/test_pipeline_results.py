"""The pipeline's stages hand each other typed, frozen results, and `render` is pure."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from generator import citations, pipeline
from generator.history import History
from generator.render import render


def test_check_generate_and_build_results_are_frozen_and_typed(mini):
    checked = pipeline.check(mini)
    assert isinstance(checked, pipeline.Checked) and checked.errors == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        checked.guide = None  # type: ignore[misc]
    generated = pipeline.generate(mini)
    assert isinstance(generated, pipeline.Generated)
    assert generated.checked.guide is generated.guide and generated.written is not None
    assert sorted(generated.pages) == sorted(generated.written.written)


def test_a_check_with_errors_has_no_guide_and_generate_writes_nothing(mini):
    (mini / "evidence/themes/recognition.yml").write_text("id: recognition\n", encoding="utf-8")
    generated = pipeline.generate(mini)
    assert generated.errors and generated.guide is None
    assert generated.written is None and dict(generated.pages) == {}
    assert not (mini / "docs/themes").exists()
    with pytest.raises(ValueError, match="content has errors"):
        generated.checked.ready()


def test_render_is_pure_it_reads_formats_and_audits_nothing_itself(mini, monkeypatch):
    checked = pipeline.check(mini)
    guide, site, audited = checked.ready()
    formatted = citations.format_entries(guide.references_by_key_order)
    history = History(date(2026, 1, 1))

    def no_citeproc(*args):
        raise AssertionError("render formatted references itself")

    monkeypatch.setattr(citations, "_format_group", no_citeproc)
    monkeypatch.setattr(pipeline.audit, "audit", no_citeproc)
    first = render(guide, formatted, audited, history, site.site_url)
    assert render(guide, formatted, audited, history, site.site_url) == first
    assert all(reference.formatted == "" for reference in guide.references.values()), "render changed the model"
    key = next(iter(guide.references))
    entry = formatted[key]
    assert entry.split(">", 1)[-1][:20] in first["references/index.md"]


def test_render_refuses_references_nobody_formatted(mini):
    guide, _, audited = pipeline.check(mini).ready()
    with pytest.raises(ValueError, match="no formatted entry"):
        render(guide, {}, audited, History(date(2026, 1, 1)))
