"""One save in the preview, profiled: the builds `mkdocs serve --dirty` runs, in this process.

Builds GUIDE as `python -m generator serve` does (the evidence-guide plugin kept between
builds, `--dirty`), then edits one theme (its title, a word of its summary or of its first
quotation, as `edit_loop.py` does) and profiles the rebuild with cProfile:

    .venv/bin/python benchmarks/profile_save.py GUIDE --kind title --out /tmp/title.prof
    .venv/bin/python -c "import pstats; pstats.Stats('/tmp/title.prof').sort_stats('cumulative').print_stats(40)"

With `--cpu N` it profiles nothing: it makes N saves and N bare `mkdocs build`s of the same
pages (in a child process each, as `edit_loop.py` does) and prints the CPU seconds of each,
and their medians' ratio. On a shared machine the wall-clock times of the edit loop follow
the other processes' load (a bare x1 build took 2 to 12 s in one hour of 1 December); CPU
seconds much less so:

    .venv/bin/python benchmarks/profile_save.py GUIDE --kind title --cpu 3

GUIDE is changed (the edit stays): give it a corpus from `make_corpus.py`, not the project.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
import subprocess
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
    parser.add_argument("--cpu", type=int, default=0, help="N: CPU seconds of N saves and N bare builds, unprofiled")
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
    if args.cpu:
        print(
            json.dumps(
                cpu_seconds(root, args.kind, args.cpu, lambda: build(config(), serve_url=first.site_url, dirty=True))
            )
        )
        return 0
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


def cpu_seconds(root: Path, kind: str, times: int, rebuild) -> dict:
    """CPU seconds of `times` saves (`rebuild` after each edit) and of as many bare builds."""
    saves = []
    for number in range(times):
        time.sleep(1.1)
        edit(root, kind, f"timed{number}{time.time_ns()}")
        started = time.process_time()
        rebuild()
        saves.append(time.process_time() - started)
    env = dict(os.environ, EVIDENCE_GUIDE_GENERATED="1")
    bare = []
    for _ in range(times):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with tempfile.TemporaryDirectory(prefix="bare-build-") as site:
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", site]
            subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        bare.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {
        f"{kind}_save_cpu_seconds": [round(value, 3) for value in saves],
        "bare_build_cpu_seconds": [round(value, 3) for value in bare],
        f"{kind}_cpu_ratio": round(statistics.median(saves) / statistics.median(bare), 3),
    }


if __name__ == "__main__":
    sys.exit(main())
