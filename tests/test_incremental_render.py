"""Rendering again only what a change reaches (issue 17): a process that keeps its session in
memory (the preview server) renders, after a save, only the pages that read the saved file,
and the pages it ends with are those a fresh, full render of the same content makes."""

from __future__ import annotations

from collections import Counter

import jinja2
import pytest

from generator import pipeline
from generator.session import Session
from tests.helpers import ROOT, copy_project

THEME = "evidence/themes/recognition.yml"
CHECKLIST = "checklists/carers.yml"
CASE_STUDY = "evidence/case-studies/airedale-new-models-of-care.yml"

EDITS = [
    # (file, old text, new text, a page that must be rendered again)
    (THEME, "title: Recognition\n", "title: Being recognised\n", "themes/index.md"),
    (THEME, "carers being noticed, valued", "carers being seen, valued", "themes/recognition.md"),
    (THEME, '"the most important thing', '"the most  important thing', "themes/recognition.md"),
    (CHECKLIST, "fit with what you are able to manage", "fit what you can manage", "roles/carers.md"),
    (CASE_STUDY, "round-the-clock ‘gold line’", "round-the-clock ‘golden line’", "case-studies/index.md"),
    # a link between files: every page is rendered again
    (CASE_STUDY, "themes: [communication-and-information, systems, relationships]", "themes: [recognition]", None),
    (
        CHECKLIST,
        "themes: [communication-and-information, relationships]",
        "themes: [relationships, communication-and-information, recognition]",
        None,
    ),
    # a file other than a theme, checklist, case study or tips: every page
    ("evidence/glossary.yml", "\n", "\n\n", None),
]


@pytest.fixture
def guide(tmp_path):
    return copy_project(ROOT, tmp_path / "guide")


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rendered_templates(monkeypatch) -> Counter:
    """Counts every template rendered from now on, by name (a spy on Jinja itself)."""
    counted: Counter = Counter()
    real = jinja2.Template.render

    def spy(self, *args, **kwargs):
        counted[self.name] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spy)
    return counted


def test_a_save_renders_only_the_pages_it_reaches_and_ends_as_a_full_render(guide, monkeypatch):
    session = Session()
    first = pipeline.generate(guide, session=session)
    assert not first.errors and first.rendered is None, "the first run renders every page"
    all_pages = set(first.pages)
    again = pipeline.generate(guide, session=session)
    assert again.rendered == (), "nothing changed: nothing is rendered"
    for path, old, new, reached in EDITS:
        _edit(guide / path, old, new)
        counted = _rendered_templates(monkeypatch)
        incremental = pipeline.generate(guide, session=session)
        monkeypatch.undo()
        full = pipeline.generate(guide, session=Session.off())
        assert not incremental.errors, incremental.errors
        assert dict(incremental.pages) == dict(full.pages), f"after editing {path}: not what a full render makes"
        if reached is None:
            assert incremental.rendered is None, f"after editing {path}: every page should be rendered"
            continue
        rendered = set(incremental.rendered or ())
        assert reached in rendered, (path, sorted(rendered))
        assert len(rendered) < len(all_pages) / 2, f"{path}: {len(rendered)} of {len(all_pages)} pages rendered"
        if path == THEME:
            assert counted["theme.md.j2"] == 1, counted  # its own page, no other theme's
            assert "themes/systems.md" not in rendered, "another theme's page does not show this one"
            assert "case-studies/airedale-new-models-of-care.md" not in rendered, "it names other themes"
        if path == CHECKLIST:
            # its own page, and the page again for `check`, which reads the anchors Help now links to
            assert counted["checklist.md.j2"] <= 2, counted
            assert "roles/leaders.md" not in rendered, "another checklist's page does not show its items"
        assert sum(counted.values()) >= len(rendered) - 1  # each rendered page went through Jinja


def test_a_command_renders_every_page(guide):
    """A session kept on disk (the CLI, one run per process) renders everything, untraced."""
    generated = pipeline.generate(guide, session=Session.on_disk(guide))
    assert generated.rendered is None and not generated.errors
