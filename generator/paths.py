"""Which folders a command may write to or delete, checked before anything is touched.

Every path a person types (`--root`, `--site-dir`, and any path option added later) goes
through here first. A build replaces its output folder whole, so a mistyped
`--site-dir docs` or `--site-dir .` must be refused, not obeyed.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Problem

THEME_DIR = Path(__file__).parent / "theme"
"""The engine's theme overrides (the footer's links to the editors' pages), for every guide:
added by the MkDocs plugin, named in the config the build gives Zensical."""
SITE_MARK = ".generated-site"
"""A file the build leaves in every site folder it makes: a folder with it may be replaced."""

CONSOLE_COMMAND = "evidence-guide"
"""The console command of an installed engine (pyproject.toml [project.scripts])."""


def engine_inside(root: Path | str) -> bool:
    """Whether the engine's package sits in the guide's folder, as in the repository where
    Working Together is the guide at the root: then `python -m generator` runs it there and
    its schemas are at generator/schema/; else the guide uses an installed engine."""
    return bool(str(root)) and (Path(root) / "generator" / "schema").is_dir()


def command_for(root: Path | str) -> str:
    """The command a guide's own pages and files tell its editors to run (same bytes whoever runs it)."""
    return "python -m generator" if engine_inside(root) else CONSOLE_COMMAND


PROTECTED_FOLDERS = ("docs", "evidence", "checklists", "generator", "tests", "benchmarks", ".git", "templates")
"""Folders of a guide (hand-written pages, content, code, history) no output may be or hold;
with the content folders guide.yml declares, when it names others."""


def is_built_site(folder: Path) -> bool:
    """True for a folder a build made: it carries the mark (or, from before the mark, is a
    MkDocs site with a search index)."""
    return (folder / SITE_MARK).is_file() or (
        (folder / "index.html").is_file() and (folder / "search" / "search_index.json").is_file()
    )


def output_folder_problem(option: str, folder: Path, root: Path, content: tuple[str, ...] = ()) -> Problem | None:
    """Why `folder`, named by `option`, must not be written over, or None when it is safe.

    `content`: the guide's content folders, when guide.yml names others than evidence/ and checklists/.
    Refused: a folder that is, or holds, the project, one of its protected folders, the
    user's home or the file system's root; a folder inside a protected folder; a file; and an
    existing folder with anything in it that a build did not make.
    """
    target = folder.expanduser().resolve()
    root = root.resolve()
    shown = str(folder)
    hint = f"Choose a new or empty folder, or the default ({root / 'site'})."
    home = Path.home().resolve()
    protected = list(dict.fromkeys([*PROTECTED_FOLDERS, *content]))
    guarded = [
        (Path(target.anchor), "the file system's root"),
        (home, "your home folder"),
        (root, "the guide's folder"),
        *((root / name, f"{name}/") for name in protected),
    ]
    for place, what in guarded:
        if target == place or place.is_relative_to(target):
            return Problem(option, 0, f"{shown!r} is or holds {what}; building there would delete it", hint)
    for name in protected:
        if target.is_relative_to(root / name):
            return Problem(option, 0, f"{shown!r} lies inside {name}/, which a build must not touch", hint)
    if target.exists() and not target.is_dir():
        return Problem(option, 0, f"{shown!r} is a file, not a folder", hint)
    if target.is_dir() and any(target.iterdir()) and not is_built_site(target):
        return Problem(
            option,
            0,
            f"{shown!r} already holds files that are not a site this generator built",
            "The build replaces its output folder whole. " + hint,
        )
    return None


def root_problem(root: Path) -> Problem | None:
    """The project folder: everything is read and written beside its mkdocs.yml."""
    if not root.is_dir():
        return Problem("--root", 0, f"--root {str(root)!r} is not a folder", "Name the folder holding mkdocs.yml.")
    return None
