"""guide.yml's `content:`: a guide keeps its content in folders of its own naming.

On a copy of the young-carers fixture guide with evidence/ renamed content/ and checklists/
renamed roles/: check, generate, build, new, clean and the preview's watched folders all
follow guide.yml, and the built site is byte for byte the one the default folders make.
A folder that is missing, outside the guide or overlapping docs/ is an error at guide.yml's
line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator import pipeline
from generator.mkdocs_plugin import EvidenceGuidePlugin
from tests.helpers import FIXTURES, copy_project, run_cli

GUIDE = FIXTURES / "guides" / "young-carers"
CONTENT = "content:\n  evidence: content\n  checklists: roles\n"


def renamed(root: Path) -> Path:
    """The guide at `root` with its content moved to content/ and roles/, as guide.yml says."""
    (root / "evidence").rename(root / "content")
    (root / "checklists").rename(root / "roles")
    guide = root / "guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8") + CONTENT, encoding="utf-8")
    return root


@pytest.fixture
def moved(tmp_path) -> Path:
    return renamed(copy_project(GUIDE, tmp_path / "young-carers"))


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_guide_with_renamed_folders_builds_the_same_site_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    default = copy_project(GUIDE, tmp_path / "default" / "young-carers")
    moved = renamed(copy_project(GUIDE, tmp_path / "moved" / "young-carers"))
    checked = run_cli(moved, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    outcome = pipeline.check(moved)
    assert outcome.guide is not None
    assert [theme.path for theme in outcome.guide.themes] == [
        "content/themes/being-noticed.yml",
        "content/themes/time-and-homework.yml",
    ]
    assert [checklist.path for checklist in outcome.guide.checklists] == ["roles/teachers.yml"]
    for root in (default, moved):
        result = run_cli(root, "build")
        assert result.returncode == 0, result.stdout + result.stderr
    assert (moved / "docs" / "roles" / "teachers.md").is_file()  # roles/ the content folder is not docs/roles/
    built, expected = files_of(moved / "site"), files_of(default / "site")
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []


def test_messages_name_the_configured_folders(moved):
    theme = moved / "content" / "themes" / "being-noticed.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("perspective: teachers", "perspective: teacher"))
    result = run_cli(moved, "check")
    assert result.returncode == 2
    assert "content/themes/being-noticed.yml:" in result.stderr
    assert "evidence/" not in result.stderr
    (moved / "content" / "references.bib").unlink()
    result = run_cli(moved, "check")
    assert "content/references.bib: the reference list is missing\n  Create content/references.bib" in result.stderr


def test_new_writes_into_the_configured_folders_and_clean_keeps_them(moved):
    result = run_cli(moved, "new", "theme", "quiet-pupils")
    assert result.returncode == 0, result.stderr
    written = (moved / "content" / "themes" / "quiet-pupils.yml").read_text(encoding="utf-8")
    assert "from content/sources.yml" in written and "evidence/" not in written
    result = run_cli(moved, "new", "checklist", "school-nurses")
    assert result.returncode == 0, result.stderr
    assert (moved / "roles" / "school-nurses.yml").is_file()
    assert not (moved / "evidence").exists() and not (moved / "checklists").exists()
    result = run_cli(moved, "generate")  # the new files are read from there (placeholders are warnings)
    assert result.returncode == 0, result.stderr
    assert "content/themes/quiet-pupils.yml" in result.stderr
    assert (moved / "docs" / "themes" / "quiet-pupils.md").is_file()
    assert (moved / "docs" / "roles" / "school-nurses.md").is_file()
    result = run_cli(moved, "clean")
    assert result.returncode == 0, result.stderr
    assert not (moved / "docs" / "roles").exists() and not (moved / "docs" / "themes").exists()
    assert sorted(p.name for p in (moved / "content" / "themes").iterdir()) == [
        "being-noticed.yml",
        "quiet-pupils.yml",
        "time-and-homework.yml",
    ]
    assert sorted(p.name for p in (moved / "roles").iterdir()) == ["school-nurses.yml", "teachers.yml"]


def test_the_preview_watches_the_configured_folders_and_builds_never_replace_them(moved):
    config = load_config(config_file=str(moved / "mkdocs.yml"))
    config = EvidenceGuidePlugin().on_config(config)
    watched = {Path(path).resolve() for path in config.watch}
    assert {(moved / "content").resolve(), (moved / "roles").resolve()} <= watched
    assert (moved / "evidence").resolve() not in watched
    for folder in ("content", "roles", "content/themes"):
        result = run_cli(moved, "build", "--site-dir", str(moved / folder))
        assert result.returncode == 2 and f"{folder.split('/')[0]}/" in result.stderr, result.stderr
    assert (moved / "content" / "themes" / "being-noticed.yml").is_file() and (moved / "roles").is_dir()


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("content:\n  evidence: stuff\n", "content: evidence folder 'stuff/' does not exist"),
        ("content:\n  evidence: ../elsewhere\n", "leads outside the guide's folder"),
        ("content:\n  evidence: /tmp\n", "leads outside the guide's folder"),
        ("content:\n  checklists: docs/roles\n", "overlaps docs/"),
        ("content:\n  evidence: site\n", "overlaps the built site"),
        ("content:\n  checklists: evidence\n", "overlaps the evidence folder"),
    ],
)
def test_a_wrong_content_folder_is_an_error_at_its_line_and_nothing_is_written(tmp_path, declared, message):
    root = copy_project(GUIDE, tmp_path / "young-carers")
    (root / "site").mkdir()
    (root / "docs" / "roles").mkdir()
    guide = root / "guide.yml"
    before = guide.read_text(encoding="utf-8")
    guide.write_text(before + declared, encoding="utf-8")
    line = before.count("\n") + 2
    docs_before = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    for command in ("generate", "build"):
        result = run_cli(root, command)
        assert result.returncode == 2
        assert f"guide.yml:{line}: " in result.stderr and message in result.stderr, result.stderr
        assert "\n  " in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")) == docs_before
    result = run_cli(root, "new", "theme", "another")
    assert result.returncode == 2 and message in result.stderr
    assert not list(root.rglob("another.yml"))


def test_the_default_folders_need_no_content_key(tmp_path):
    root = copy_project(GUIDE, tmp_path / "young-carers")
    guide = root / "guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8") + "content: {}\n", encoding="utf-8")
    assert pipeline.check(root).errors == []
