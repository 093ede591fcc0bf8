"""The editor's loop, timed: save a YAML file, wait until the served page shows the change.

Starts `python -m generator serve` (what `make serve` runs) on a guide, waits for its first
build, then edits the title of one theme several times; each time measures the seconds
from the save until the theme's page, fetched over HTTP, carries the new title. Beside it,
the bare `mkdocs build` of the same generated pages (the plugin told the pages are made).

    .venv/bin/python benchmarks/edit_loop.py GUIDE [--edits 3] [--builds 3]
    .venv/bin/python benchmarks/edit_loop.py --scale 10     # a x10 corpus in a temporary folder

bench.py calls `edit_loop` for each scale.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from make_corpus import REPO, make_corpus

from generator.build import engine_command

THEME_FILE = "evidence/themes/recognition.yml"
THEME_PAGE = "themes/recognition.html"
TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)
SUMMARY_START = re.compile(r"^(summary: (?:[>|]-?\n[ \t]+)?)", re.MULTILINE)
QUOTE_START = re.compile(r'^(quotes:\n  - id: [^\n]*\n    text: ")', re.MULTILINE)
KINDS = ("title", "body", "quote")
"""What an edit changes: the theme's title (in the menu of every page and in the listings
that show it), a word of its summary (its own page and the listings that show it), or the
first word of its first quotation (its own page only)."""
START_TIMEOUT = 900.0
EDIT_TIMEOUT = 600.0
POLL_SECONDS = 0.02


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, wanted: str, timeout: float, server: subprocess.Popen) -> float:
    """Seconds until the page at `url` contains `wanted` (polled over HTTP)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        page = fetch(url)
        if page is not None and wanted in page:
            return time.perf_counter() - started
        if server.poll() is not None:
            raise RuntimeError(f"the preview server stopped (exit {server.returncode})")
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} did not show {wanted!r} within {timeout:.0f} s")


def serve(root: Path, port: int, log_path: Path, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """`python -m generator serve` on `root`, its output into `log_path`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("EVIDENCE_GUIDE_GENERATED", None)
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with open(log_path, "wb") as log_stream:
        return subprocess.Popen([*command, *extra], cwd=REPO, env=env, stdout=log_stream, stderr=subprocess.STDOUT)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def edit(root: Path, kind: str, marker: str) -> None:
    """Put `marker` in the theme's title, or first in its summary."""
    path = root / THEME_FILE
    text = path.read_text(encoding="utf-8")
    if kind == "title":
        text = TITLE_LINE.sub(f"title: Recognition {marker}", text, count=1)
    elif kind == "quote":
        text = QUOTE_START.sub(lambda found: f"{found.group(1)}{marker} ", text, count=1)
    else:
        text = SUMMARY_START.sub(lambda found: f"{found.group(1)}{marker} ", text, count=1)
    assert marker in text, f"no {kind} to edit in {path}"
    path.write_text(text, encoding="utf-8")


def edit_loop(root: Path, edits: int = 3, kinds: tuple[str, ...] = KINDS) -> dict:
    """Seconds from each of `edits` saves of each kind to the served page showing it."""
    port = free_port()
    log_path = root / ".edit-loop.log"
    url = f"http://127.0.0.1:{port}/{THEME_PAGE}"
    server = serve(root, port, log_path)
    try:
        first = wait_for(url, "</html>", START_TIMEOUT, server)
        seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
        for number in range(1, edits + 1):
            for kind in kinds:
                marker = f"edited{number}{kind}{time.time_ns()}"
                time.sleep(1.0)  # the edit lands apart from the last build (mtimes, MkDocs' quiet period)
                edit(root, kind, marker)
                seconds[kind].append(wait_for(url, marker, EDIT_TIMEOUT, server))
    finally:
        stop(server)
    result: dict = {"first_build_seconds": round(first, 3)}
    for kind, values in seconds.items():
        result[f"{kind}_edit_seconds"] = [round(value, 3) for value in values]
        result[f"{kind}_edit_median_seconds"] = round(statistics.median(values), 3)
    result["log"] = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
    return result


def bare_build(root: Path, builds: int = 3) -> list[float]:
    """Wall seconds of each `mkdocs build` of the pages in docs/ (not --strict: the serve
    loop does not make the PDFs the strict build checks links to)."""
    command, _ = engine_command("mkdocs", root, root / ".bench-site")
    command = [part for part in command if part != "--strict"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EVIDENCE_GUIDE_GENERATED="1")
    seconds = []
    for _ in range(builds):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"mkdocs build failed on {root}:\n{done.stderr[-3000:]}")
    shutil.rmtree(root / ".bench-site", ignore_errors=True)
    return [round(value, 3) for value in seconds]


def measure(root: Path, edits: int = 3, builds: int = 3, kinds: tuple[str, ...] = KINDS) -> dict:
    """The edit loop and the bare build of the same guide, and their ratios."""
    loop = edit_loop(root, edits, kinds)
    bare = bare_build(root, builds)
    loop["bare_build_seconds"] = bare
    loop["bare_build_median_seconds"] = round(statistics.median(bare), 3)
    for kind in kinds:
        loop[f"{kind}_ratio"] = round(loop[f"{kind}_edit_median_seconds"] / loop["bare_build_median_seconds"], 3)
    return loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("guide", type=Path, nargs="?", help="a guide to copy (default: this project)")
    parser.add_argument("--scale", type=int, default=1, help="copies of the content (default 1)")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--kinds", default=",".join(KINDS), help="edits to time: title, body, quote (default all)")
    parser.add_argument("--keep-log", action="store_true", help="print the server's output")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="edit-loop-") as work:
        root = make_corpus(Path(work) / f"x{args.scale}", args.scale, (args.guide or REPO).resolve())
        result = measure(root, args.edits, args.builds, tuple(args.kinds.split(",")))
    log_text = result.pop("log")
    if args.keep_log:
        print(log_text, file=sys.stderr)
    print(json.dumps({"scale": args.scale, **result}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
