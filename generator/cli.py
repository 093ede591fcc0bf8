"""Command line: `python -m generator check | generate | build`.

Thin on purpose: parse arguments, run the pipeline, print problems for people, and
choose the exit code (0 fine, 2 content problems). No traceback reaches the reader
for a mistake in the content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import pipeline, scaffold
from generator.build import ENGINES
from generator.errors import counted

EXIT_OK = 0
EXIT_PROBLEMS = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Check the guide's content, write its Markdown pages and build the site.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the project folder holding evidence/, checklists/ and mkdocs.yml (default: here)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("check", help="validate evidence/ and checklists/ only; exit 2 on any error")
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
    new = commands.add_parser("new", help="write a commented starting file: new theme|case-study|checklist ID")
    new.add_argument("kind", choices=sorted(scaffold.KINDS))
    new.add_argument("id", help="lower-case words joined by hyphens; also the file name and the page address")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    if args.command == "new":
        done, problems = scaffold.new(root, args.kind, args.id)
        for problem in problems:
            print(problem, file=sys.stderr)
        for line in done:
            print(line)
        if done:
            print("next: fill it in, then run 'make check' (or 'python -m generator check')")
        return EXIT_PROBLEMS if problems else EXIT_OK
    if args.command == "lint":
        outcome = pipeline.check(root)
        wording = outcome.wording
        for problem in outcome.errors + wording:
            print(problem, file=sys.stderr)
        if outcome.errors or wording:
            print(
                f"{counted(len(outcome.errors), 'error')}, {counted(len(wording), 'plain-English warning')}.",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        print("ok: the content reads plainly")
        return EXIT_OK
    if args.command == "check":
        outcome = pipeline.check(root)
    elif args.command == "generate":
        outcome = pipeline.generate(root)
    else:
        outcome = pipeline.build(root, args.site_dir, args.engine)
    for problem in outcome.errors + outcome.warnings:
        print(problem, file=sys.stderr)
    if outcome.errors:
        print(f"{counted(len(outcome.errors), 'error')}; nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    guide, _ = outcome.checked()
    summary = (
        f"{len(guide.themes)} themes, {len(guide.checklists)} checklists, "
        f"{sum(len(c.items) for c in guide.checklists)} checklist items, {len(guide.references)} references"
    )
    if args.command == "check":
        print(f"ok: {summary}")
    elif args.command == "generate":
        written = outcome.written
        assert written is not None, "generate writes whenever it finds no error"
        print(
            f"generated: {summary}; {len(written.written)} pages written, "
            f"{len(written.unchanged)} unchanged, {len(written.removed)} removed"
        )
    else:
        print(f"built with {args.engine}: {summary}; site in {(args.site_dir or root / 'site')}")
    return EXIT_OK
