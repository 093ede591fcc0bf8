"""Command line: `python -m generator check | lint | generate | build | new | init | serve | clean`.

The same as the console command `evidence-guide` (pyproject.toml), which an installed engine
gives: both run with the current folder as the guide (or the nearest above holding guide.yml or
mkdocs.yml) unless --root names another.

Thin on purpose: parse arguments, check the paths they name, run the pipeline, print
problems for people, and choose the exit code (0 fine, 2 problems, 130 interrupted).
No traceback reaches the reader, whatever the content, the flags or the disk do.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from generator import clean, pipeline, scaffold, starter_guide
from generator.build import ENGINES, epoch_problem
from generator.errors import Problem, counted
from generator.load import GUIDE_FILE, SITE_CONFIG_FILE, read_folders
from generator.paths import CONSOLE_COMMAND, output_folder_problem, root_problem
from generator.session import Session

EXIT_OK = 0
EXIT_PROBLEMS = 2
EXIT_INTERRUPTED = 130
DEBUG_VARIABLE = "GENERATOR_DEBUG"
"""Set to 1 to see the traceback of an unexpected failure instead of its one-line summary."""


def _program() -> str:
    """How the person ran us, for the usage line: the console command or `python -m generator`."""
    return CONSOLE_COMMAND if Path(sys.argv[0]).name == CONSOLE_COMMAND else "python -m generator"


def _said(problem: Problem) -> str:
    """A problem as the person will read it: its hint names the command they ran."""
    if _program() == CONSOLE_COMMAND and problem.hint:
        hint = problem.hint.replace("python -m generator", CONSOLE_COMMAND)
        problem = replace(problem, hint=hint.replace("'make serve'", f"'{CONSOLE_COMMAND} serve'"))
    return str(problem)


def _parser(prog: str = "python -m generator") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Check the guide's content, write its Markdown pages and build the site.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the guide's folder, holding guide.yml, mkdocs.yml and the content folders "
        "(default: here, or the nearest folder above that holds them)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("check", help="validate the content folders only; exit 2 on any error")
    commands.add_parser("lint", help="the plain-English check of our own words; exit 2 on any warning")
    commands.add_parser("generate", help="check, then write the generated pages into docs/")
    build = commands.add_parser("build", help="generate, then build the site with MkDocs into site/")
    build.add_argument("--site-dir", type=Path, default=None, help="where to build (default: ROOT/site)")
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="the site builder: MkDocs + Material (default) or Zensical, its successor",
    )
    new = commands.add_parser("new", help="write a commented starting file: new theme|case-study|checklist|tips ID")
    new.add_argument("kind", choices=sorted(scaffold.KINDS))
    new.add_argument("id", help="lower-case words joined by hyphens; also the file name and the page address")
    init = commands.add_parser(
        "init", help="write a small, working starter guide (it checks clean and builds) into a new or empty folder"
    )
    init.add_argument("path", type=Path, metavar="PATH", help="the new guide's folder (refused if it holds anything)")
    init.add_argument("--name", default=None, help="the guide's name (default: from the folder's name)")
    serve = commands.add_parser(
        "serve", help="preview the guide with MkDocs at http://127.0.0.1:8000; edits to the content reload it"
    )
    serve.add_argument("--dev-addr", default=None, metavar="IP:PORT", help="where to serve (default: 127.0.0.1:8000)")
    commands.add_parser(
        "clean", help="remove the built site/ and the generated pages: only files that carry the generator's mark"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure ends as a message and an exit code, never a traceback."""
    args = _parser(_program()).parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted; files already replaced are whole (each is written at once)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(_os_problem(error), file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            f"  This is a fault in the generator, not in your content. Run again with {DEBUG_VARIABLE}=1 "
            "to see where it happened, and report it with that output.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


def _os_problem(error: OSError) -> Problem:
    """A failure of the disk or the file system, said as a person would need to hear it."""
    where = error.filename or "a file"
    hints = {
        errno.ENOSPC: "The disk is full: free some space, then run again.",
        errno.EDQUOT: "The disk quota is used up: free some space, then run again.",
        errno.EACCES: "The generator may not write there: check the folder's permissions and owner.",
        errno.EPERM: "The file or folder is protected (read-only or immutable): lift that, then run again.",
        errno.EROFS: "That file system is read-only: build somewhere else with --site-dir.",
    }
    hint = hints.get(error.errno or 0, "Check the path and its permissions, then run again.")
    return Problem(str(where), 0, f"cannot write or read: {error.strerror or error}", hint)


def _guide_around(here: Path) -> Path | None:
    """The folder of the guide a person is working in: here or the nearest folder above
    holding guide.yml or mkdocs.yml (as git finds its repository), so that a command typed
    in evidence/themes/ works on the guide, not on an empty folder."""
    for folder in (here, *here.parents):
        if (folder / GUIDE_FILE).is_file() or (folder / SITE_CONFIG_FILE).is_file():
            return folder
    return None


def _run(args: argparse.Namespace) -> int:
    here = Path.cwd()
    found = args.root or _guide_around(here)
    if found is None and args.command != "init":
        print(
            _said(
                Problem(
                    str(here),
                    0,
                    f"there is no guide here: neither this folder nor any above it holds {GUIDE_FILE} or "
                    f"{SITE_CONFIG_FILE}",
                    f"Run the command in the guide's folder, or name it with --root; "
                    f"'{_program()} init PATH' starts a new guide.",
                )
            ),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    root = (found or here).expanduser().resolve()
    refused = [root_problem(root)]
    if getattr(args, "site_dir", None) is not None:
        refused.append(output_folder_problem("--site-dir", args.site_dir, root, read_folders(root).all))
    refused.append(epoch_problem())
    refused_now = [problem for problem in refused if problem]
    if refused_now:
        for problem in refused_now:
            print(_said(problem), file=sys.stderr)
        print("nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.command == "init":
        done, problems = starter_guide.init(args.path, args.name)
        for problem in problems:
            print(_said(problem), file=sys.stderr)
        if problems:
            print("nothing was written.", file=sys.stderr)
            return EXIT_PROBLEMS
        for line in done:
            print(line)
        print(f"next: cd {args.path} && {CONSOLE_COMMAND} build   (or '{CONSOLE_COMMAND} serve' to preview)")
        return EXIT_OK
    if args.command == "serve":
        return _serve(root, args.dev_addr)
    if args.command == "clean":
        for line in clean.clean(root):
            print(line)
        return EXIT_OK
    if args.command == "new":
        done, problems = scaffold.new(root, args.kind, args.id)
        for problem in problems:
            print(_said(problem), file=sys.stderr)
        for line in done:
            print(line)
        if done:
            if _program() == CONSOLE_COMMAND:
                print(f"next: fill it in, then run '{CONSOLE_COMMAND} check'")
            else:
                print("next: fill it in, then run 'make check' (or 'python -m generator check')")
        return EXIT_PROBLEMS if problems else EXIT_OK
    if args.command == "lint":
        checked = pipeline.check(root, Session.on_disk(root))
        wording = list(checked.wording)
        for problem in checked.errors + wording:
            print(_said(problem), file=sys.stderr)
        if checked.errors or wording:
            print(
                f"{counted(len(checked.errors), 'error')}, {counted(len(wording), 'plain-English warning')}.",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        print("ok: the content reads plainly")
        return EXIT_OK
    outcome: pipeline.Checked | pipeline.Generated | pipeline.Built
    session = Session.on_disk(root)  # remembered in ROOT/.cache/, so the next run starts warm
    if args.command == "check":
        outcome = pipeline.check(root, session)
    elif args.command == "generate":
        outcome = pipeline.generate(root, session=session)
    else:
        outcome = pipeline.build(root, args.site_dir, args.engine, session=session)
    for problem in outcome.errors + outcome.warnings:
        print(_said(problem), file=sys.stderr)
    if outcome.errors:
        if not _wrote_anything(outcome):
            print(f"{counted(len(outcome.errors), 'error')}; nothing was written.", file=sys.stderr)
        else:
            print(
                f"{counted(len(outcome.errors), 'error')}; the pages of docs/ were brought up to date, "
                "but the site was left as it was.",
                file=sys.stderr,
            )
        return EXIT_PROBLEMS
    guide = outcome.guide
    assert guide is not None, "every run makes the guide whenever it finds no error"
    # Case studies and glossary terms only where a guide has them: a guide without is not told of none.
    summary = ", ".join(
        [
            counted(len(guide.themes), "theme"),
            counted(len(guide.checklists), "checklist"),
            counted(sum(len(c.items) for c in guide.checklists), "checklist item"),
            *([counted(len(guide.case_studies), "case study", "case studies")] if guide.case_studies else []),
            *([counted(len(guide.glossary), "glossary term")] if guide.glossary else []),
            counted(len(guide.references), "reference"),
        ]
    )
    if args.command == "check":
        print(f"ok: {summary}")
    elif isinstance(outcome, pipeline.Generated):
        written = outcome.written
        assert written is not None, "generate writes whenever it finds no error"
        print(
            f"generated: {summary}; {len(written.written)} pages written, "
            f"{len(written.unchanged)} unchanged, {len(written.removed)} removed"
        )
    else:
        print(f"built with {args.engine}: {summary}; site in {(args.site_dir or root / 'site')}")
    return EXIT_OK


STOP_SECONDS = 10
"""How long a preview stopped by Ctrl-C has to remove its temporary copy of the site."""


def _serve(root: Path, address: str | None) -> int:
    """MkDocs' live preview of the guide; its plugin regenerates the pages when content changes.

    `--dirty`: MkDocs builds again only the pages whose Markdown changed, and the plugin asks
    for a whole build when the menu changes (generator/mkdocs_plugin.py), so a save shows in
    a fraction of a build and the served site is the one a clean build makes."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        print(
            Problem(
                str(config), 0, "there is no mkdocs.yml here", "Run in the guide's folder, or name it with --root."
            ),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--config-file", str(config)]
    if address:
        command += ["--dev-addr", address]
    server = subprocess.Popen(command, cwd=root, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    # Stopped by a signal (a test, a process manager), the preview stops with it rather than
    # outliving it, asked as Ctrl-C asks it: MkDocs then removes the copy of the site it serves
    # from the temporary folder (stopped by SIGTERM, it left one behind each time, 2.8 MB at
    # Working Together's size). Ctrl-C reaches both from the terminal: MkDocs is given time to
    # clean up before it is stopped outright.
    previous = signal.signal(signal.SIGTERM, lambda number, frame: server.send_signal(signal.SIGINT))
    try:
        returncode = server.wait()
    except KeyboardInterrupt:
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK if returncode in (0, -signal.SIGTERM, -signal.SIGINT) else EXIT_PROBLEMS


def _wrote_anything(outcome: pipeline.Checked | pipeline.Generated | pipeline.Built) -> bool:
    """Whether the run changed docs/ before it stopped: `check` never writes."""
    if isinstance(outcome, pipeline.Built):
        return outcome.wrote_anything
    return isinstance(outcome, pipeline.Generated) and outcome.written is not None
