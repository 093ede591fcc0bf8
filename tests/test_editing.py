"""Editing the guide: starting files, the preview plugin, placeholders."""

from __future__ import annotations

import types

from generator import mkdocs_plugin, pipeline
from tests.helpers import run_cli


def test_new_case_study_is_valid_and_warns_about_its_placeholders(mini):
    result = run_cli(mini, "new", "case-study", "leeds-carers-hub")
    assert result.returncode == 0, result.stderr
    assert "wrote evidence/case-studies/leeds-carers-hub.yml" in result.stdout
    text = (mini / "evidence/case-studies/leeds-carers-hub.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../generator/schema/case-study.schema.json")
    outcome = pipeline.check(mini)
    assert outcome.errors == []
    placeholders = [p for p in outcome.warnings if p.message.startswith("placeholder text still here")]
    assert {p.path for p in placeholders} == {"evidence/case-studies/leeds-carers-hub.yml"}
    assert len(placeholders) >= 5


def test_new_theme_and_checklist_join_the_menu_and_build(mini, tmp_path):
    assert run_cli(mini, "new", "theme", "shared-decisions").returncode == 0
    assert run_cli(mini, "new", "checklist", "social-workers").returncode == 0
    menu = (mini / "mkdocs.yml").read_text()
    assert "      - themes/systems.md\n      - themes/shared-decisions.md\n" in menu
    assert "      - roles/carers.md\n      - roles/social-workers.md\n" in menu
    assert pipeline.check(mini).errors == []
    assert run_cli(mini, "build", "--site-dir", str(tmp_path / "site")).returncode == 0
    assert (tmp_path / "site/themes/shared-decisions.html").exists()


def test_new_never_overwrites_and_refuses_bad_ids(mini):
    before = (mini / "evidence/themes/recognition.yml").read_text()
    result = run_cli(mini, "new", "theme", "recognition")
    assert result.returncode == 2
    assert result.stderr.startswith("evidence/themes/recognition.yml: the file already exists; nothing was written")
    assert (mini / "evidence/themes/recognition.yml").read_text() == before
    result = run_cli(mini, "new", "theme", "Shared Decisions")
    assert result.returncode == 2 and "is not a usable id" in result.stderr


def _config(root):
    return types.SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))


def test_preview_plugin_regenerates_and_keeps_the_last_good_pages(mini, monkeypatch, caplog):
    monkeypatch.delenv("EVIDENCE_GUIDE_GENERATED", raising=False)
    mkdocs_plugin.on_pre_build(_config(mini))
    page = mini / "docs/themes/recognition.md"
    assert "Respite for carers" in page.read_text()

    theme = mini / "evidence/themes/recognition.yml"
    theme.write_text(theme.read_text().replace("Respite for carers", "Respite breaks for carers"))
    mkdocs_plugin.on_pre_build(_config(mini))
    assert "Respite breaks for carers" in page.read_text()

    good = page.read_text()
    theme.write_text(theme.read_text().replace("title: Recognition", "title: 'Recognition"))
    mkdocs_plugin.on_pre_build(_config(mini))
    assert page.read_text() == good
    assert "a quotation mark is opened but never closed" in caplog.text
