"""One save in the preview, profiled: the builds `mkdocs serve --dirty` runs, in this process.

Builds GUIDE as `python -m generator serve` does (the evidence-guide plugin kept between
builds, `--dirty`), then edits one theme (its title, a word of its summary or of its first
quotation, as `edit_loop.py` does) and profiles the rebuild with cProfile:

    .venv/bin/python benchmarks/profile_save.py GUIDE --kind title --out /tmp/title.prof
    .venv/bin/python -c "import pstats; pstats.Stats('/tmp/title.prof').sort_stats('cumulative').print_stats(40)"

GUIDE is changed (the edit stays): give it a corpus from `make_corpus.py`, not the project.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from edit_loop import edit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("guide", type=Path)
    parser.add_argument("--kind", default="body", help="title, body or quote (default body)")
    parser.add_argument("--out", type=Path, help="where to write the profile (default: print the top only)")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args(argv)
    root = args.guide.resolve()
    os.chdir(root)
    sys.path.insert(0, str(root))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("EVIDENCE_GUIDE_GENERATED", None)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="profile-save-")

    def config():
        loaded = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir)
        loaded.site_url = "http://127.0.0.1:8000/"
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    started = time.perf_counter()
    build(first, serve_url=first.site_url, dirty=True)
    print(f"first build {time.perf_counter() - started:.2f} s", file=sys.stderr)
    build(config(), serve_url=first.site_url, dirty=True)  # the rebuild of the generator's own writes
    time.sleep(1.1)  # the edit's mtime apart from the last build's
    edit(root, args.kind, f"profiled{time.time_ns()}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build(config(), serve_url=first.site_url, dirty=True)
    profiler.disable()
    print(f"{args.kind} save rebuilt in {time.perf_counter() - started:.2f} s (under cProfile)", file=sys.stderr)
    if args.out:
        profiler.dump_stats(args.out)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
