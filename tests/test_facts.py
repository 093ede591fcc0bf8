"""One source for each fact: what other files say about the generator is held equal to it.

The generated folders are declared once (generator/write.py GENERATED_FOLDERS); .gitignore
and the README follow. The README's command-line reference is written from the parser in
generator/cli.py: `make golden` rewrites it, as it rewrites the golden files.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess

import pytest

from generator.cli import _parser
from generator.write import GENERATED_FOLDERS
from tests.helpers import ROOT

README = ROOT / "README.md"
CLI_START = "<!-- cli-reference: written from generator/cli.py by `make golden`; do not edit by hand -->"
CLI_END = "<!-- /cli-reference -->"


def test_gitignore_ignores_exactly_the_generated_folders_of_docs():
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    ignored = sorted(line.removeprefix("docs/").rstrip("/") for line in lines if line.startswith("docs/"))
    assert ignored == sorted(GENERATED_FOLDERS)


def test_git_ignores_every_generated_folder_and_nothing_hand_written():
    """Asked of git itself: a page in each generated folder is ignored; the hand-written ones are not."""
    paths = [f"docs/{folder}/page.md" for folder in GENERATED_FOLDERS] + ["docs/index.md", "docs/editing.md"]
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT,
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 128:
        pytest.skip("not a git checkout")
    assert done.stdout.split() == [f"docs/{folder}/page.md" for folder in GENERATED_FOLDERS]


def test_the_readme_names_every_generated_folder():
    readme = README.read_text(encoding="utf-8")
    sentence = readme[readme.index("never edit the generated pages in") :].split("\n\n", 1)[0]
    named = sorted(re.findall(r"`docs/([\w-]+)/`", sentence))
    assert named == sorted(GENERATED_FOLDERS)


def test_the_makefile_reads_the_folders_from_the_generator():
    """`make clean` asks the generator (which knows its folders) rather than listing them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-m generator clean" in makefile
    assert [folder for folder in GENERATED_FOLDERS if f"docs/{folder}" in makefile or f",{folder}" in makefile] == []


def test_names_of_the_code_the_readme_mentions_exist():
    """A constant the README names (`UPPER_CASE` in `generator/x.py`) is in that file."""
    readme = README.read_text(encoding="utf-8")
    missing = []
    for name, path in re.findall(r"`([A-Z][A-Z0-9_]{3,})` in `(generator/[\w/]+\.py)`", readme):
        if not re.search(rf"^{name}\b", (ROOT / path).read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{name} in {path}")
    assert missing == []


def cli_reference() -> str:
    """The README's command-line reference, from the parser itself."""
    parser = _parser()
    lines = [CLI_START, "", "| command | what it does |", "|---|---|"]
    (commands,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    for name, sub in commands.choices.items():
        usage = [f"python -m generator {name}"]
        details = []
        for action in sub._actions:
            if action.help == "show this help message and exit":
                continue
            if action.option_strings:
                value = f" {{{','.join(action.choices)}}}" if action.choices else f" {action.dest.upper()}"
                usage.append(f"[{action.option_strings[0]}{value}]")
                details.append(f"`{action.option_strings[0]}`: {action.help}")
            else:
                usage.append("|".join(action.choices) if action.choices else action.dest.upper())
                if action.help:
                    details.append(f"`{action.dest.upper()}`: {action.help}")
        text = helps[name] + "".join(f"; {detail}" for detail in details)
        cells = [f"`{' '.join(usage)}`", text]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")  # a bar inside a cell
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            option = f"{action.option_strings[0]} {action.dest.upper()}"
            lines += [
                "",
                (
                    f"Any command can work on another project: `python -m generator {option} COMMAND`, "
                    f"where {action.dest.upper()} is {action.help}."
                ),
            ]
    return "\n".join(lines + ["", CLI_END])


def test_the_readme_command_line_reference_is_the_parsers():
    readme = README.read_text(encoding="utf-8")
    assert CLI_START in readme and CLI_END in readme, "the README has lost its command-line reference"
    start, end = readme.index(CLI_START), readme.index(CLI_END) + len(CLI_END)
    if os.environ.get("UPDATE_GOLDEN"):
        readme = readme[:start] + cli_reference() + readme[end:]
        README.write_text(readme, encoding="utf-8")
    assert readme[start : readme.index(CLI_END) + len(CLI_END)] == cli_reference(), (
        "the README's command-line reference differs from generator/cli.py: run `make golden`"
    )
