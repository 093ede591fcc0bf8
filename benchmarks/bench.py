"""How much the generator adds to a MkDocs build, on the real content and on it scaled up.

For each scale (x1 is a copy of the real content in a temporary folder; x10 and x100 are
made by make_corpus.py) and each run:

1. cold: everything a run makes is removed (generated pages, printables, the reference
   cache); stages.py runs the generator's stages in a fresh process; then a bare
   `mkdocs build --strict` builds the generated Markdown, as generator/build.py runs it;
2. warm: stages.py runs `generate` again at once, with the reference cache and the pages
   of step 1 in place, as when someone runs `make site` a second time.

Each figure is the median of the runs. A scale whose first run takes longer than
--slow-after seconds (default 120) is run once only. The PDF export and the Zensical build
are timed in the first --pdf-runs runs (default 1); later runs keep those printables, which
MkDocs --strict needs.

    make bench                                  # or: .venv/bin/python benchmarks/bench.py
    make bench BENCH_ARGS="--scales 1,10 --runs 5 --out /tmp/results.json"

See benchmarks/README.md for what each column means and the figures measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import edit_loop
from make_corpus import REPO, make_corpus

from generator.build import build_date, engine_command
from generator.names import CACHE_FOLDER, PRINT_FOLDER
from generator.write import GENERATED_FOLDERS
from tests.helpers import CHROMIUM, CHROMIUM_FLAGS

HERE = Path(__file__).resolve().parent
STAGES_SCRIPT = HERE / "stages.py"
DEFAULT_OUT = HERE / "results.json"
SCALES = (1, 10, 100)
RUNS = 3
PDF_RUNS = 1
"""Runs that export (and time) the PDFs and build with Zensical: the two slowest steps, and
the steadiest, so one sample each keeps `make bench` near ten minutes."""
SLOW_AFTER_SECONDS = 120
SITE_DIR = ".bench-site"
"""Where MkDocs builds, inside the corpus folder."""
ZENSICAL_DIR = ".bench-site-zensical"
"""Where Zensical builds the same pages (it builds only inside the project folder)."""
PAGE_BUDGET = 60 * 1000
"""Issue 9: every page's own HTML at most this many bytes, at every scale."""
CACHE_DIR = Path(CACHE_FOLDER).parts[0]
"""The generator's cache folder in the project (the session: parsed files, references, PDFs)."""

OURS = ("import", "check", "render", "write")
"""What `python -m generator generate` costs: compared with the whole `mkdocs build` process."""
CONTENT_STAGES = ("check", "render", "write")
"""The stages whose work grows with the content: the time per item is theirs."""
ITEM_KINDS = ("themes", "checklist_items", "case_studies", "references")
"""What counts as an item: a theme, a checklist item, a case study or a BibTeX reference."""

TARGET_SHARE = 0.10
"""Our stages at most this fraction of the bare MkDocs build, at every scale."""
TARGET_LARGEST_SECONDS = 5.0
"""The largest corpus checked (load, validate, model, audit, lint) and rendered within this."""
TARGET_PER_ITEM_GROWTH = 1.5
"""Time per item at the largest scale at most this multiple of that at the next one down."""
TARGET_WHOLE_SECONDS = 60.0
"""Issue 9: the largest corpus's whole site (generate, PDFs, MkDocs) built within this."""
TARGET_SEARCH_SECONDS = 1.0
"""Issue 9: the largest site's search answers a query in the browser within this."""
TARGET_EDIT_SHARE = {1: 0.25, 100: 0.10}
"""Issue 17: save -> change visible on the served page, as a share of the bare MkDocs build."""
EDITS = 3
"""Edits of each kind timed through the preview server, of which the median."""


@dataclass(frozen=True)
class Plan:
    """How many times to run, per scale."""

    runs: int = RUNS
    pdf_runs: int = PDF_RUNS
    """Runs that export the PDFs (and time it); later runs reuse the last printables."""
    slow_after: float = SLOW_AFTER_SECONDS
    """A scale whose first run takes longer than this many seconds is run once only."""


def bench_env() -> dict[str, str]:
    """The environment generator/build.py gives MkDocs, with the build date pinned from git.

    EVIDENCE_GUIDE_GENERATED keeps the MkDocs plugin from generating again; the fixed
    SOURCE_DATE_EPOCH makes every run print the same dates, as `make site` does.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EVIDENCE_GUIDE_GENERATED="1")
    if date := build_date(REPO):
        env["SOURCE_DATE_EPOCH"] = date
    return env


def reset(root: Path, keep_print: bool = False) -> None:
    """Remove what a run makes, so that the next run starts cold.

    With `keep_print`, the printables of the last run stay: MkDocs --strict needs the PDFs
    the role pages link to, and a run that does not time the PDF export builds with those.
    """
    for folder in GENERATED_FOLDERS:
        if not (keep_print and folder == PRINT_FOLDER):
            shutil.rmtree(root / "docs" / folder, ignore_errors=True)
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    shutil.rmtree(root / SITE_DIR, ignore_errors=True)
    shutil.rmtree(root / ZENSICAL_DIR, ignore_errors=True)


def run_generator(root: Path, env: dict, with_pdf: bool) -> dict:
    """stages.py in its own process: its timings, counts and peak RSS."""
    command = [sys.executable, str(STAGES_SCRIPT), str(root)] + ([] if with_pdf else ["--no-pdf"])
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if not completed.stdout.strip():
        raise RuntimeError(f"the generator stages failed on {root}:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout)
    if result["errors"]:
        raise RuntimeError(f"the content at {root} has errors:\n" + "\n".join(result["errors"][:20]))
    return result


def children_cpu_seconds() -> float:
    """User + system time of the finished child processes so far (one runs at a time)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_mkdocs(root: Path, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of `mkdocs build --strict --clean`, the command generator/build.py runs.

    Run here rather than through build.build_site, which also zips the built site: this is
    the bare MkDocs build that the generator's share is measured against.
    """
    command, _ = engine_command("mkdocs", root, root / SITE_DIR)
    started, started_cpu = time.perf_counter(), children_cpu_seconds()
    completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - started, children_cpu_seconds() - started_cpu
    if completed.returncode != 0:
        output = (completed.stderr + completed.stdout).strip().splitlines()
        raise RuntimeError(f"mkdocs build failed on {root}:\n" + "\n".join(output[-30:]))
    return elapsed, cpu


def run_zensical(root: Path, env: dict) -> float:
    """Wall seconds of `zensical build` of the same Markdown, as `make site-zensical` runs it.

    Cold: `reset` has emptied .cache/, where Zensical keeps its own cache beside ours."""
    command, config = engine_command("zensical", root, root / ZENSICAL_DIR)
    try:
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
    finally:
        config.unlink(missing_ok=True)
    if completed.returncode != 0:
        output = (completed.stderr + completed.stdout).strip().splitlines()
        raise RuntimeError(f"zensical build failed on {root}:\n" + "\n".join(output[-30:]))
    return elapsed


def page_weights(site: Path) -> dict:
    """The built pages' own HTML: how many, the heaviest, those over the budget, the search index.

    The printables' HTML twins in print/ are documents to print, not pages to browse.
    """
    sizes = sorted(
        (
            (path.stat().st_size, path.relative_to(site).as_posix())
            for path in site.rglob("*.html")
            if path.parent.name != PRINT_FOLDER or path.name == "index.html"
        ),
        reverse=True,
    )
    index = site / "search" / "search_index.json"
    return {
        "html_pages": len(sizes),
        "heaviest": [[name, size] for size, name in sizes[:3]],
        "over_budget": sum(size > PAGE_BUDGET for size, _ in sizes),
        "median_bytes": statistics.median(size for size, _ in sizes),
        "search_index_bytes": index.stat().st_size if index.exists() else None,
    }


def search_seconds(site: Path, query: str = "diary") -> float | None:
    """Seconds from typing a query into the built site's search box to the first result shown.

    Debian's Chromium through Playwright, as in the browser tests; None when either is missing.
    Measured on a theme page, served over HTTP, after the page (and its search index) loaded.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/themes/recognition.html", wait_until="networkidle")
            box = page.locator("input.md-search__input")
            box.click()
            started = time.perf_counter()
            box.type(query)
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            elapsed = time.perf_counter() - started
            browser.close()
            return elapsed
    finally:
        server.shutdown()


def log(label: str, kind: str, result: dict) -> None:
    """One line of progress on stderr: x100 runs for minutes."""
    shown = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result["timings"].items())
    print(f"{label} {kind}: {shown}", file=sys.stderr, flush=True)


def measure(root: Path, plan: Plan, env: dict, label: str, final: bool = False) -> list[dict]:
    """One sample per run: a cold run with MkDocs (and Zensical), then a warm `generate`.

    The first run also weighs the built pages; at the `final` (largest) scale it times a search.
    """
    samples = []
    for number in range(1, plan.runs + 1):
        with_pdf = number <= plan.pdf_runs
        reset(root, keep_print=not with_pdf)
        started = time.perf_counter()
        cold = run_generator(root, env, with_pdf)
        cold["timings"]["mkdocs"], cold["cpu"]["mkdocs"] = run_mkdocs(root, env)
        took = time.perf_counter() - started
        if with_pdf:
            cold["timings"]["zensical"] = run_zensical(root, env)
        log(label, f"run {number}/{plan.runs} cold", cold)
        if number == 1:
            cold["weights"] = page_weights(root / SITE_DIR)
            if final:
                cold["search_seconds"] = search_seconds(root / SITE_DIR)
        warm = run_generator(root, env, with_pdf=False)
        log(label, f"run {number}/{plan.runs} warm", warm)
        samples.append({"cold": cold, "warm": warm})
        if took > plan.slow_after and number < plan.runs:
            print(
                f"{label}: the run took {took:.0f}s (> {plan.slow_after:.0f}s), so this scale is run once",
                file=sys.stderr,
                flush=True,
            )
            break
    return samples


def _median(results: list[dict], stages: tuple[str, ...], clock: str = "timings") -> float | None:
    """Median, over the results that timed all of `stages`, of their sum on `clock` ('timings' or 'cpu')."""
    sums = [
        sum(result[clock][stage] for stage in stages)
        for result in results
        if all(stage in result[clock] for stage in stages)
    ]
    return statistics.median(sums) if sums else None


def summarise(scale: int, samples: list[dict]) -> dict:
    """Medians of the samples, and the ratios the targets are about."""
    cold = [sample["cold"] for sample in samples]
    warm = [sample["warm"] for sample in samples]
    stages = OURS + ("pdf", "mkdocs", "zensical")
    median = {stage: _median(cold, (stage,)) for stage in stages}
    cpu = {stage: _median(cold, (stage,), "cpu") for stage in stages}
    items = sum(cold[0]["counts"][kind] for kind in ITEM_KINDS)
    ours, ours_cpu, warm_ours = _median(cold, OURS), _median(cold, OURS, "cpu"), _median(warm, OURS)
    return {
        "scale": scale,
        "runs": len(samples),
        "pdf_runs": sum("pdf" in result["timings"] for result in cold),
        "counts": cold[0]["counts"],
        "items": items,
        "pages": cold[0]["pages"],
        "warnings": cold[0]["warnings"],
        "median_seconds": median,
        "median_cpu_seconds": cpu,
        "warm_median_seconds": {stage: _median(warm, (stage,)) for stage in OURS},
        "ours_seconds": ours,
        "share_of_mkdocs": ours / median["mkdocs"],
        "ours_cpu_seconds": ours_cpu,
        "cpu_share_of_mkdocs": ours_cpu / cpu["mkdocs"],
        "warm_ours_seconds": warm_ours,
        "warm_share_of_mkdocs": warm_ours / median["mkdocs"],
        "share_of_mkdocs_with_pdf": (ours + median["pdf"]) / median["mkdocs"],
        "check_render_seconds": _median(cold, ("check", "render")),
        "check_render_cpu_seconds": _median(cold, ("check", "render"), "cpu"),
        "warm_check_render_seconds": _median(warm, ("check", "render")),
        "ms_per_item": 1000 * _median(cold, CONTENT_STAGES) / items,
        "whole_seconds": _median(cold, OURS + ("pdf", "mkdocs")),
        "whole_ms_per_page": 1000 * _median(cold, OURS + ("pdf", "mkdocs")) / cold[0]["weights"]["html_pages"],
        "whole_zensical_seconds": _median(cold, OURS + ("pdf", "zensical")),
        "weights": cold[0]["weights"],
        "search_seconds": cold[0].get("search_seconds"),
        "cpu_ms_per_item": 1000 * _median(cold, CONTENT_STAGES, "cpu") / items,
        "peak_rss_mib": {
            kind: max(result["peak_rss_mib"].get(kind) or 0 for result in cold) for kind in ("core", "with_pdf")
        },
        "samples": [
            {
                kind: {"seconds": sample[kind]["timings"], "cpu_seconds": sample[kind]["cpu"]}
                for kind in ("cold", "warm")
            }
            for sample in samples
        ],
    }


def verdicts(results: list[dict]) -> dict:
    """Each target, its measured value (cold, and in CPU time) and whether it is met."""
    by_scale = {f"x{result['scale']}": result for result in results}
    largest = max(results, key=lambda result: result["scale"])
    found = {
        "share": {
            "target": f"our stages <= {TARGET_SHARE:.0%} of the bare MkDocs build at every scale",
            "measured": {scale: round(result["share_of_mkdocs"], 3) for scale, result in by_scale.items()},
            "measured_cpu": {scale: round(result["cpu_share_of_mkdocs"], 3) for scale, result in by_scale.items()},
            "measured_warm": {scale: round(result["warm_share_of_mkdocs"], 3) for scale, result in by_scale.items()},
            "met": all(result["share_of_mkdocs"] <= TARGET_SHARE for result in results),
        }
    }
    found["largest"] = {
        "target": f"x{largest['scale']} checked and rendered in <= {TARGET_LARGEST_SECONDS:g} s",
        "measured": round(largest["check_render_seconds"], 2),
        "measured_cpu": round(largest["check_render_cpu_seconds"], 2),
        "measured_warm": round(largest["warm_check_render_seconds"], 2),
        "met": largest["check_render_seconds"] <= TARGET_LARGEST_SECONDS,
    }
    smaller = [result for result in results if result["scale"] < largest["scale"]]
    if smaller:
        previous = max(smaller, key=lambda result: result["scale"])
        growth = largest["ms_per_item"] / previous["ms_per_item"]
        found["per_item"] = {
            "target": f"time per item at x{largest['scale']} <= {TARGET_PER_ITEM_GROWTH:g}x "
            f"that at x{previous['scale']}",
            "measured": round(growth, 2),
            "measured_cpu": round(largest["cpu_ms_per_item"] / previous["cpu_ms_per_item"], 2),
            "met": growth <= TARGET_PER_ITEM_GROWTH,
        }
        page_growth = largest["whole_ms_per_page"] / previous["whole_ms_per_page"]
        found["whole_per_page"] = {
            "target": (
                f"whole build per page at x{largest['scale']} <= {TARGET_PER_ITEM_GROWTH:g}x "
                f"that at x{previous['scale']}"
            ),
            "measured": round(page_growth, 2),
            "measured_cpu": None,
            "met": page_growth <= TARGET_PER_ITEM_GROWTH,
        }
    found["whole"] = {
        "target": f"x{largest['scale']} whole site (generate, PDFs, MkDocs) in <= {TARGET_WHOLE_SECONDS:g} s",
        "measured": round(largest["whole_seconds"], 1),
        "measured_cpu": None,
        "met": largest["whole_seconds"] <= TARGET_WHOLE_SECONDS,
    }
    found["page_weight"] = {
        "target": f"every page's HTML <= {PAGE_BUDGET // 1000} KB at every scale",
        "measured": {f"x{result['scale']}": result["weights"]["heaviest"][0] for result in results},
        "measured_cpu": None,
        "met": all(result["weights"]["over_budget"] == 0 for result in results),
    }
    for scale, share in TARGET_EDIT_SHARE.items():
        timed = by_scale.get(f"x{scale}", {}).get("edit_loop")
        if timed is None:
            continue
        for kind in edit_loop.KINDS:
            found[f"edit_{kind}_x{scale}"] = {
                "target": f"x{scale} {kind} edit visible through serve in <= {share:.0%} of the bare MkDocs build",
                "measured": f"{timed[f'{kind}_share']:.0%} ({timed[f'{kind}_edit_median_seconds']:.2f} s)",
                "measured_cpu": None,
                "met": timed[f"{kind}_share"] <= share,
            }
    if largest.get("search_seconds") is not None:
        found["search"] = {
            "target": f"x{largest['scale']} search answers in the browser in <= {TARGET_SEARCH_SECONDS:g} s",
            "measured": round(largest["search_seconds"], 2),
            "measured_cpu": None,
            "met": largest["search_seconds"] <= TARGET_SEARCH_SECONDS,
        }
    return found


TIME_COLUMNS = (
    # (heading, how to show one scale's result)
    ("scale", lambda r: f"x{r['scale']}"),
    ("items", lambda r: str(r["items"])),
    ("runs", lambda r: str(r["runs"])),
    ("import s", lambda r: f"{r['median_seconds']['import']:.2f}"),
    ("check s", lambda r: f"{r['median_seconds']['check']:.2f}"),
    ("render s", lambda r: f"{r['median_seconds']['render']:.2f}"),
    ("write s", lambda r: f"{r['median_seconds']['write']:.2f}"),
    ("ours s", lambda r: f"{r['ours_seconds']:.2f}"),
    ("mkdocs s", lambda r: f"{r['median_seconds']['mkdocs']:.2f}"),
    ("share", lambda r: f"{r['share_of_mkdocs']:.0%}"),
    ("cpu share", lambda r: f"{r['cpu_share_of_mkdocs']:.0%}"),
    ("warm s", lambda r: f"{r['warm_ours_seconds']:.2f}"),
    ("warm share", lambda r: f"{r['warm_share_of_mkdocs']:.0%}"),
)
MORE_COLUMNS = (
    ("scale", lambda r: f"x{r['scale']}"),
    ("pages", lambda r: str(r["pages"])),
    ("ms/item", lambda r: f"{r['ms_per_item']:.2f}"),
    ("pdf s", lambda r: f"{r['median_seconds']['pdf']:.2f}"),
    ("pdf runs", lambda r: str(r["pdf_runs"])),
    ("share+pdf", lambda r: f"{r['share_of_mkdocs_with_pdf']:.0%}"),
    ("RSS MiB", lambda r: f"{r['peak_rss_mib']['core']:.0f}"),
    ("RSS+pdf MiB", lambda r: f"{r['peak_rss_mib']['with_pdf']:.0f}"),
)
SITE_COLUMNS = (
    ("scale", lambda r: f"x{r['scale']}"),
    ("html pages", lambda r: str(r["weights"]["html_pages"])),
    ("whole s", lambda r: f"{r['whole_seconds']:.1f}"),
    ("ms/page", lambda r: f"{r['whole_ms_per_page']:.0f}"),
    ("mkdocs s", lambda r: f"{r['median_seconds']['mkdocs']:.2f}"),
    ("zensical s", lambda r: f"{r['median_seconds']['zensical']:.2f}"),
    ("whole zensical s", lambda r: f"{r['whole_zensical_seconds']:.1f}"),
    ("median KB", lambda r: f"{r['weights']['median_bytes'] / 1000:.0f}"),
    ("heaviest page", lambda r: f"{r['weights']['heaviest'][0][0]} {r['weights']['heaviest'][0][1] / 1000:.0f} KB"),
    ("over 60 KB", lambda r: str(r["weights"]["over_budget"])),
    ("search index KB", lambda r: f"{(r['weights']['search_index_bytes'] or 0) / 1000:.0f}"),
    ("search s", lambda r: "" if r.get("search_seconds") is None else f"{r['search_seconds']:.2f}"),
)


EDIT_COLUMNS = (
    ("scale", lambda r: f"x{r['scale']}"),
    ("mkdocs s", lambda r: f"{r['median_seconds']['mkdocs']:.2f}"),
    ("title edit s", lambda r: f"{r['edit_loop']['title_edit_median_seconds']:.2f}"),
    ("title/build", lambda r: f"{r['edit_loop']['title_share']:.0%}"),
    ("body edit s", lambda r: f"{r['edit_loop']['body_edit_median_seconds']:.2f}"),
    ("body/build", lambda r: f"{r['edit_loop']['body_share']:.0%}"),
    ("quote edit s", lambda r: f"{r['edit_loop']['quote_edit_median_seconds']:.2f}"),
    ("quote/build", lambda r: f"{r['edit_loop']['quote_share']:.0%}"),
    ("first serve s", lambda r: f"{r['edit_loop']['first_build_seconds']:.1f}"),
)


def table(results: list[dict], columns) -> str:
    """The results as a Markdown table, one row per scale."""
    rows = [[heading for heading, _ in columns]] + [[show(result) for _, show in columns] for result in results]
    widths = [max(len(row[column]) for row in rows) for column in range(len(columns))]
    lines = [
        "| " + " | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 1) + ":" for width in widths) + "|")
    return "\n".join(lines)


def machine(load_at_start: tuple[float, float, float]) -> dict:
    """Enough about the machine and the code to compare one results file with another.

    The load averages say whether something else was running: wall times are only
    comparable between quiet runs, CPU times nearly always.
    """
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit,
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
    }


def measure_edits(root: Path, label: str, bare_seconds: float) -> dict:
    """The editor's loop through `python -m generator serve` (edit_loop.py): the median seconds
    from saving a theme's title, and a word of its summary, to the served page showing it,
    each as a share of the bare MkDocs build measured on the same corpus in this run."""
    found = edit_loop.edit_loop(root, EDITS)
    found.pop("log")
    for kind in edit_loop.KINDS:
        found[f"{kind}_share"] = found[f"{kind}_edit_median_seconds"] / bare_seconds
    print(
        f"{label} edit loop: "
        + ", ".join(f"{kind} {found[f'{kind}_edit_seconds']} s" for kind in edit_loop.KINDS)
        + f"; bare mkdocs build {bare_seconds:.2f} s",
        file=sys.stderr,
        flush=True,
    )
    return found


def run_bench(
    scales: list[int], plan: Plan, workdir: Path, keep_sites: bool = False, edit_scales: set[int] | None = None
) -> list[dict]:
    """Make each corpus in `workdir` and measure it; leave only its content behind, or its sites too."""
    env = bench_env()
    results = []
    for scale in scales:
        root = make_corpus(workdir / f"x{scale}", scale)
        result = summarise(scale, measure(root, plan, env, f"x{scale}", final=scale == max(scales)))
        if edit_scales is None or scale in edit_scales:
            result["edit_loop"] = measure_edits(root, f"x{scale}", result["median_seconds"]["mkdocs"])
        results.append(result)
        if not keep_sites:
            reset(root)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales",
        default=",".join(map(str, SCALES)),
        help=f"comma-separated copies of the content; 1 is the real content (default: {','.join(map(str, SCALES))})",
    )
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per scale, of which the median (default: {RUNS})")
    parser.add_argument(
        "--pdf-runs",
        type=int,
        default=PDF_RUNS,
        help=f"runs that time the PDF export and Zensical (default: {PDF_RUNS})",
    )
    parser.add_argument(
        "--slow-after",
        type=float,
        default=SLOW_AFTER_SECONDS,
        help=f"run a scale once when its first run takes longer, in seconds (default: {SLOW_AFTER_SECONDS})",
    )
    parser.add_argument(
        "--edit-scales",
        default=None,
        help="the scales at which to time the edit loop through the preview server (default: all; '' for none)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument(
        "--keep",
        type=Path,
        help="make the corpora in this folder (must not exist) and keep them, with their last built sites",
    )
    args = parser.parse_args(argv)
    scales = sorted({int(scale) for scale in args.scales.split(",")})
    edit_scales = None if args.edit_scales is None else {int(scale) for scale in args.edit_scales.split(",") if scale}
    plan = Plan(args.runs, min(args.runs, max(1, args.pdf_runs)), args.slow_after)
    load_at_start = os.getloadavg()
    try:
        if args.keep:
            args.keep.mkdir(parents=True)
            results = run_bench(scales, plan, args.keep, keep_sites=True, edit_scales=edit_scales)
        else:
            with tempfile.TemporaryDirectory(prefix="wt-bench-") as workdir:
                results = run_bench(scales, plan, Path(workdir), edit_scales=edit_scales)
    except RuntimeError as failure:  # a stage or MkDocs failed: its own output says why
        print(failure, file=sys.stderr)
        return 1
    found = verdicts(results)
    tables = [table(results, TIME_COLUMNS), table(results, MORE_COLUMNS), table(results, SITE_COLUMNS)]
    edited = [result for result in results if "edit_loop" in result]
    if edited:
        tables.append(table(edited, EDIT_COLUMNS))
    print(*tables, sep="\n\n", end="\n\n")
    for verdict in found.values():
        cpu = f" (CPU time: {verdict['measured_cpu']})" if verdict["measured_cpu"] is not None else ""
        print(f"{'met    ' if verdict['met'] else 'NOT met'}  {verdict['target']}: {verdict['measured']}{cpu}")
    args.out.write_text(
        json.dumps(
            {"machine": machine(load_at_start), "item_kinds": ITEM_KINDS, "results": results, "targets": found},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
