"""Install like a tool: from an empty folder outside the repository, in a fresh virtual
environment, install the engine from a wheel built from this checkout, start a guide with
`python -m generator init`, and build it with the console command.

Nothing is faked: a real `python -m venv`, a real wheel (hatchling, through `uv build`), a
real install of it and of its declared dependencies from the package index, resolved from
pyproject.toml's ranges alone, as `pip install <repo>` does for a person (no `-c
requirements.txt`: that hid textstat 0.7.13, inside the old range, which fetches nltk data at
run time and failed the first build offline). uv fills the environment from its cache: about
5 s cold, 3 s warm (pip takes 30 s to over a minute). Marked `clone`, with the other tests
that work on a throw-away copy of the repository; `make test-clone` runs them (CI does, after
`make test`). A second test, quick and in `make test`, holds requirements.txt's pins inside
pyproject's ranges, and the ranges away from versions known to fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

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
        [UV, "pip", "install", "--quiet", "--python", str(python), str(wheel)],
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


# Versions a plain install must never pick: each fetches data or breaks a build offline.
KNOWN_BAD = {
    "textstat": ["0.7.5", "0.7.9", "0.7.10", "0.7.13"],  # other syllable counts; then nltk's cmudict at run time
    "setuptools": ["80.0.0", "81.0.0"],  # textstat 0.7.4 imports pkg_resources: noisy from 80, gone from 81
}


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        requirements += [Requirement(line) for line in extra]
    return {requirement.name.lower(): requirement for requirement in requirements}


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_every_pin_lies_inside_the_declared_range_and_no_range_admits_a_bad_version():
    ranges, pins = declared(), pinned()
    assert set(ranges) == set(pins), "pyproject.toml and requirements.txt name different packages"
    outside = [
        f"{name}=={pins[name]} not in {ranges[name]}" for name in pins if pins[name] not in ranges[name].specifier
    ]
    assert not outside, "requirements.txt pins a version pyproject.toml does not allow:\n" + "\n".join(outside)
    admitted = [
        f"{name} {ranges[name].specifier} admits {bad}"
        for name, bads in KNOWN_BAD.items()
        for bad in bads
        if bad in ranges[name].specifier
    ]
    assert not admitted, "a plain install could pick a version known to fail:\n" + "\n".join(admitted)
