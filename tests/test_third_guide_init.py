"""`init --name` takes a title as people write one, colon and question mark included (found by
the third new-user guide, issue 16: 'Self-directed support: what worked' was refused)."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from generator import pipeline
from tests.helpers import ROOT


def _init(tmp_path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "init", "guide", "--name", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_name_with_a_colon_and_a_question_mark_makes_a_guide_that_checks(tmp_path):
    name = "Self-directed support: what worked, and why?"
    done = _init(tmp_path, name)
    assert done.returncode == 0, done.stderr
    guide = tmp_path / "guide"
    assert yaml.safe_load((guide / "guide.yml").read_text(encoding="utf-8"))["name"] == name
    assert yaml.safe_load((guide / "guide.yml").read_text(encoding="utf-8"))["short_name"] == (
        "self-directed-support-what-worked-and-why"
    )
    assert "site_name: " in (guide / "mkdocs.yml").read_text(encoding="utf-8")
    assert pipeline.check(guide).errors == []


def test_a_name_with_markup_is_still_refused(tmp_path):
    done = _init(tmp_path, "Carers: <b>bold</b>")
    assert done.returncode == 2
    assert "is not a usable name" in done.stderr and ". , : ; ! ? ' & ( ) -" in done.stderr
    assert not (tmp_path / "guide").exists()
