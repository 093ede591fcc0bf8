"""How current each page is: sources' years and the date its own content last changed (git)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.helpers import run_cli


def git(root, *args, day=None):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
    )
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def changed_line(root, page):
    text = (root / "docs" / page).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("Sources: "))


@pytest.fixture
def tracked(mini, monkeypatch):
    """The mini project in its own git repository, first committed on 10 January 2024."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 28 May 2026: the build date
    git(mini, "init", "-q")
    git(mini, "add", "-A")
    git(mini, "commit", "-q", "-m", "First content", day="2024-01-10")
    return mini


def test_each_page_shows_its_sources_year_and_last_change(tracked):
    assert run_cli(tracked, "generate").returncode == 0
    assert changed_line(tracked, "themes/recognition.md") == "Sources: 2011 · Content last changed: 10 January 2024"
    assert changed_line(tracked, "roles/carers.md") == "Sources: 2011 · Content last changed: 10 January 2024"


def test_a_date_moves_when_and_only_when_its_page_changes(tracked):
    assert run_cli(tracked, "generate").returncode == 0
    before = {path: path.read_bytes() for path in (tracked / "docs").rglob("*.md")}
    times = {path: path.stat().st_mtime_ns for path in before}
    systems = tracked / "evidence/themes/systems.yml"
    systems.write_text(systems.read_text().replace("Assessments and coordination", "Assessment and joining up"))
    git(tracked, "commit", "-q", "-am", "Systems: plainer summary", day="2025-03-05")
    assert run_cli(tracked, "generate").returncode == 0
    assert changed_line(tracked, "themes/systems.md") == "Sources: 2011 · Content last changed: 5 March 2025"
    assert changed_line(tracked, "themes/index.md") == "Sources: 2011 · Content last changed: 5 March 2025"
    assert changed_line(tracked, "themes/recognition.md") == "Sources: 2011 · Content last changed: 10 January 2024"
    rewritten = sorted(
        path.relative_to(tracked / "docs").as_posix() for path in before if path.read_bytes() != before[path]
    )
    assert rewritten == ["changes/index.md", "references/audit.md", "themes/index.md", "themes/systems.md"]
    for path in before:
        if path.read_bytes() == before[path]:
            assert path.stat().st_mtime_ns == times[path], path
    changes = (tracked / "docs/changes/index.md").read_text(encoding="utf-8")
    assert changes.index("## 5 March 2025") < changes.index("## 10 January 2024")
    newest = changes.split("## 5 March 2025")[1].split("## 10 January 2024")[0]
    assert "- Systems: plainer summary" in newest
    assert "- [Systems](../themes/systems.md)" in newest and "Recognition" not in newest


def test_uncommitted_edits_take_the_build_date(tracked):
    recognition = tracked / "evidence/themes/recognition.yml"
    recognition.write_text(recognition.read_text().replace("listened to and valued", "heard and valued"))
    assert run_cli(tracked, "generate").returncode == 0
    assert changed_line(tracked, "themes/recognition.md") == "Sources: 2011 · Content last changed: 28 May 2026"
    assert changed_line(tracked, "themes/systems.md") == "Sources: 2011 · Content last changed: 10 January 2024"
    assert "## 28 May 2026 (not yet recorded)" in (tracked / "docs/changes/index.md").read_text(encoding="utf-8")


def test_outside_git_every_page_gives_the_build_date(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    assert run_cli(mini, "generate").returncode == 0
    assert changed_line(mini, "themes/systems.md") == "Sources: 2011 · Content last changed: 28 May 2026"
    assert "No history is available" in (mini / "docs/changes/index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("epoch", "noted"), [("1780000000", True), ("1560000000", False)], ids=["2026", "2019"])
def test_sources_more_than_ten_years_old_carry_a_calm_note(mini, monkeypatch, epoch, noted):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert run_cli(mini, "generate").returncode == 0
    page = (mini / "docs/roles/carers.md").read_text(encoding="utf-8")
    assert ('!!! note "From a source more than ten years old"' in page) is noted
    if noted:
        assert "draws on a source from 2011" in page
