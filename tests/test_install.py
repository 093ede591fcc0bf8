"""Install like a tool: from an empty folder outside the repository, in a fresh virtual
environment, install the engine from a wheel built from this checkout, start a guide with
`python -m generator init`, and build it with the console command.

Nothing is faked: a real `python -m venv`, a real wheel (hatchling, through `uv build`), a
real install of it and of its declared dependencies from the package index, held to the
pinned set of requirements.txt (`-c`), so that the site builds with the versions this
repository is tested with. uv fills the environment from its cache: about 5 s cold, 3 s warm
(pip takes 30 s to over a minute). Marked `clone`, with the other tests that work on a
throw-away copy of the repository; `make test` runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.test_init import working_together_words

UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)


@pytest.mark.clone
def test_a_fresh_venv_installs_the_engine_and_builds_a_new_guide(tmp_path):
    assert UV, "uv is missing: pip install -r requirements-test.txt"
    # The environment of a person's shell, without this test run's virtual environment.
    # Bytecode may be written: only into the new environment, which the checkout is not part of.
    left_out = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in left_out}

    wheels = tmp_path / "wheels"
    built = run([UV, "build", "--quiet", "--wheel", "--out-dir", str(wheels), str(ROOT)], tmp_path, env)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("evidence_guide-*.whl")

    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    python, console = venv / "bin/python", venv / "bin/evidence-guide"
    installed = run(
        [UV, "pip", "install", "--quiet", "--python", str(python), str(wheel), "-c", str(ROOT / "requirements.txt")],
        tmp_path,
        env,
    )
    assert installed.returncode == 0, installed.stderr
    assert console.is_file(), "the wheel declares no console command"

    empty = tmp_path / "work"
    empty.mkdir()
    where = run([str(python), "-c", "import generator; print(generator.__file__)"], empty, env)
    assert Path(where.stdout.strip()).is_relative_to(venv), "the engine came from elsewhere than the install"

    started = run([str(python), "-m", "generator", "init", "my-guide"], empty, env)
    assert started.returncode == 0, started.stderr
    guide = empty / "my-guide"
    helped = run([str(console), "--help"], guide, env)
    assert helped.returncode == 0 and helped.stdout.startswith("usage: evidence-guide")
    done = run([str(console), "build"], guide, env)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.startswith("built with mkdocs: 2 themes, 1 checklist")

    site = guide / "site"
    assert (site / "index.html").is_file() and (site / "themes/handover.html").is_file()
    assert (site / "roles/carers.html").is_file() and (site / "print/checklist-carers.pdf").stat().st_size > 5_000
    # The plugin ran from the installed package: pages slimmed, the engine's footer added.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="wt-editors"' in home and "\n\n" not in home
    started_theme = run([str(console), "new", "theme", "staying-well"], guide, env)
    assert started_theme.returncode == 0 and "then run 'evidence-guide check'" in started_theme.stdout
    assert (guide / "evidence/themes/staying-well.yml").is_file()
    found = working_together_words(guide)
    assert not found, "Working Together's words in a new guide:\n" + "\n".join(found)
