"""MkDocs hook: regenerate the guide's pages before every (re)build, and keep pages light.

MkDocs watches evidence/ and checklists/ (see `watch:` in mkdocs.yml); when a file there
changes, this hook runs the generator, which rewrites only the pages whose text changed.
A broken file is reported in the terminal and nothing is written, so the preview keeps
showing the last good version. `python -m generator build` has already generated the
pages when it calls MkDocs, and says so with WORKING_TOGETHER_GENERATED=1.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.working_together")


def _importable():
    package_root = str(Path(__file__).resolve().parents[1])
    if package_root not in sys.path:  # MkDocs loads hooks by path, not as part of a package
        sys.path.insert(0, package_root)


def on_pre_build(config, **kwargs):
    if os.environ.get("WORKING_TOGETHER_GENERATED"):
        return
    _importable()
    from generator import pipeline
    from generator.session import Session

    root = Path(config.config_file_path).resolve().parent
    outcome = pipeline.generate(root, session=Session.on_disk(root))
    for problem in outcome.errors:
        log.error(str(problem))
    if outcome.errors:
        log.error("Working Together: content has errors; showing the last good pages.")
    elif outcome.written and (outcome.written.written or outcome.written.removed):
        log.info("Working Together: regenerated %s", ", ".join(outcome.written.written + outcome.written.removed))


_KEEP_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENTED_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def on_post_page(output, **kwargs):
    """Drop the blank lines and indentation the theme's templates leave in every page.

    A carer opening a checklist on a phone pays for every byte; about a fifth of a page
    is template whitespace. A newline stays wherever there was one, so the page renders
    the same; <pre>, <textarea>, <script> and <style> are kept exactly as written.
    """
    parts = _KEEP_AS_WRITTEN.split(output)
    slim = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            slim.append(_INDENTED_LINES.sub("\n", part))
        elif kind == 1:
            slim.append(part)
    return "".join(slim)


@event_priority(-50)  # after Material's search plugin writes the index, before its offline plugin copies it
def on_post_build(config, **kwargs):
    """Add the printables and the everyday words of evidence/search-words.yml to the search index."""
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    _importable()
    from generator import search_words

    data, problems = search_words.check(Path(config.config_file_path).resolve().parent)
    errors = [problem for problem in problems if problem.severity == "error"]
    for problem in errors:
        log.error(str(problem))
    if data is None or errors:
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index = search_words.apply(search_words.add_printables(index, Path(config.site_dir)), data)
    index_path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
