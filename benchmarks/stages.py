"""Run the generator's stages on one project, timing each; print the timings as JSON.

bench.py starts this in a fresh process for every run, so that each run pays the imports
as `python -m generator build` does, and the peak RSS read here is the generator's alone.

It runs pipeline.build itself (or pipeline.generate with --no-pdf), so that it follows
whatever those do, and reads the clocks at the pipeline's seams by wrapping the functions
the pipeline calls there:

    import   importing generator.pipeline and the libraries it needs
    check    pipeline.check: load, validate, model, citation audit, plain-English check
    render   from the end of check to the first write.plan: formatting the references
             (with the session), history, every Markdown page in memory
    write    write.plan + write.write of the Markdown pages, to the end of generate
    pdf      the rest of pipeline.build before build_site: the printables (WeasyPrint)

build_site itself is not run (it is replaced by a no-op): bench.py runs a bare MkDocs.

    python benchmarks/stages.py ROOT [--no-pdf] [--profile FILE]

With --profile, the pipeline runs under cProfile (add --no-pdf to profile check, render and
write only), whose statistics go to FILE; the timings then include its overhead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere: the generator is not installed
    sys.path.insert(0, str(REPO))

KIB = 1024
"""ru_maxrss is in KiB on Linux."""


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (a high-water mark: it never goes down)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB


class Timeline:
    """Wall clock, CPU clock and peak RSS read at named moments; a stage is the time
    between two of them.

    CPU time is kept too because a busy machine stretches wall time but hardly CPU time.
    """

    def __init__(self):
        self.moments: dict[str, tuple[float, float, float]] = {}

    def mark(self, name: str) -> None:
        """Record the moment `name`, the first time only (export_print calls plan again)."""
        self.moments.setdefault(name, (time.perf_counter(), time.process_time(), peak_rss_mib()))

    def peak_rss(self, name: str) -> float | None:
        return self.moments[name][2] if name in self.moments else None

    def stages(self, bounds: dict[str, tuple[str, str]]) -> tuple[dict, dict]:
        """Wall and CPU seconds of each stage whose two moments were both recorded."""
        wall, cpu = {}, {}
        for stage, (start, end) in bounds.items():
            if start in self.moments and end in self.moments:
                wall[stage] = self.moments[end][0] - self.moments[start][0]
                cpu[stage] = self.moments[end][1] - self.moments[start][1]
        return wall, cpu


STAGE_BOUNDS = {
    "import": ("start", "imported"),
    "check": ("check", "checked"),
    "render": ("checked", "plan"),
    "write": ("plan", "generated"),
    "pdf": ("generated", "build_site"),
}


@contextmanager
def seams(pipeline, timeline: Timeline):
    """Wrap the pipeline's seam functions so that each marks the timeline as it runs."""

    def wrap(name: str, before: str, after: str | None = None, replacement=None):
        original = getattr(pipeline, name)

        def wrapped(*args, **kwargs):
            timeline.mark(before)
            try:
                return (replacement or original)(*args, **kwargs)
            finally:
                if after:
                    timeline.mark(after)

        return mock.patch.object(pipeline, name, wrapped)

    with ExitStack() as stack:
        stack.enter_context(wrap("check", "check", "checked"))
        stack.enter_context(wrap("plan", "plan"))
        stack.enter_context(wrap("generate", "generate", "generated"))
        stack.enter_context(wrap("build_site", "build_site", replacement=lambda *args, **kwargs: []))
        yield


def run(root: Path, with_pdf: bool = True, profiler: cProfile.Profile | None = None) -> dict:
    """The pipeline on `root`, with each stage's time, the counts and the peak RSS."""
    timeline = Timeline()
    timeline.mark("start")
    from generator import pipeline
    from generator.session import Session

    timeline.mark("imported")
    with seams(pipeline, timeline):
        if profiler:
            profiler.enable()
        session = Session.on_disk(root)  # as `python -m generator build` runs it
        outcome = pipeline.build(root, session=session) if with_pdf else pipeline.generate(root, session=session)
        if profiler:
            profiler.disable()
    timeline.mark("end")
    missing = [seam for seam in ("check", "plan") if seam not in timeline.moments and not outcome.errors]
    if missing:
        raise RuntimeError(f"pipeline.generate no longer calls {', '.join(missing)}: update stages.py")
    wall, cpu = timeline.stages(STAGE_BOUNDS)
    result = {
        "timings": wall,
        "cpu": cpu,
        "errors": [str(problem) for problem in outcome.errors],
        "warnings": len(outcome.warnings),
        "pages": len((outcome.generated if isinstance(outcome, pipeline.Built) else outcome).pages),
    }
    if outcome.guide is not None:
        guide = outcome.guide
        result["counts"] = {
            "themes": len(guide.themes),
            "checklists": len(guide.checklists),
            "checklist_items": sum(len(checklist.items) for checklist in guide.checklists),
            "case_studies": len(guide.case_studies),
            "references": len(guide.references),
        }
    result["peak_rss_mib"] = {"core": timeline.peak_rss("generated")}
    if with_pdf:
        result["peak_rss_mib"]["with_pdf"] = timeline.peak_rss("end")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the project folder (evidence/, checklists/, mkdocs.yml)")
    parser.add_argument("--no-pdf", action="store_true", help="run pipeline.generate only: no printables")
    parser.add_argument("--profile", type=Path, help="profile the pipeline with cProfile into this file")
    args = parser.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    result = run(args.root.resolve(), with_pdf=not args.no_pdf, profiler=profiler)
    if profiler:
        profiler.dump_stats(args.profile)
    json.dump(result, sys.stdout)
    print()
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
