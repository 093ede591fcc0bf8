"""Write generated pages into their own folders of docs/, and nothing else.

A page is only ever written where no file exists or where the file carries the
generated mark; a hand-written page in the way stops the run before anything is
written. Unchanged pages are not touched, so their modification times stay and
`mkdocs serve` rebuilds only what changed.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, relative
from generator.files import Pages, write_atomically
from generator.names import EARLIER_GENERATOR_NAMES, GENERATED_MARK, PRINT_FOLDER

MARKDOWN_FOLDERS = (
    "themes",
    "roles",
    "references",
    "report",
    "case-studies",
    "tips",
    "figures",
    "glossary",
    "changes",
    "help-now",
    "evidence-kinds",
)
"""Folders of docs/ whose Markdown pages `generate` writes."""
GENERATED_FOLDERS = MARKDOWN_FOLDERS + (PRINT_FOLDER,)
"""Folders of docs/ that belong to the generator (print/ is written by `build`); every other
file in docs/ is hand-written, and so is any file in these folders without the generator's mark."""


MARK_WITHIN = 1_000_000
"""How far into a file the mark is looked for: it follows the front matter, whose title
and description are as long as the content makes them."""

_write_atomically = write_atomically
"""Every file of docs/ is written whole or not at all (generator/files.py)."""


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


XMP_STREAM = re.compile(rb"<</Type /Metadata/Subtype /XML/Filter /FlateDecode/Length (\d+)>>\s*stream\r?\n")
"""The XMP metadata stream as WeasyPrint writes it: the one part of our PDFs whose
dictionary is not packed into a compressed object stream."""
XMP_LIMIT = 1_000_000
"""The most of an XMP stream unpacked (ours are under 2 KB; the creator comes near the end)."""


def is_own_pdf(data: bytes) -> bool:
    """True for a PDF this generator made: its metadata names the generator as creator.

    Our PDFs name it in their XMP too, which is found and unpacked without parsing the PDF:
    pypdf reads the document information by parsing every object packed beside it (the
    tagged structure, some 300 objects a printable: 0.35 s for the real guide's 15, of a
    3 s rebuild). Any other PDF is read whole."""
    if (found := XMP_STREAM.search(data)) is not None:
        try:  # at most XMP_LIMIT bytes unpacked: a file in docs/print may be anyone's
            xmp = zlib.decompressobj().decompress(data[found.end() : found.end() + int(found.group(1))], XMP_LIMIT)
        except zlib.error:
            xmp = b""
        if any(f"<xmp:CreatorTool>{name}</xmp:CreatorTool>".encode() in xmp for name in EARLIER_GENERATOR_NAMES):
            return True
    from pypdf import PdfReader  # imported here: only `clean` and a print run look inside PDFs
    from pypdf.errors import PdfReadError

    try:
        return dict(PdfReader(io.BytesIO(data)).metadata or {}).get("/Creator") in EARLIER_GENERATOR_NAMES
    except (PdfReadError, ValueError, OSError):
        return False


def is_generated(path: Path) -> bool:
    """True only for files this generator wrote: they carry its mark."""
    try:
        if path.suffix == ".pdf":
            return is_own_pdf(path.read_bytes())
        with path.open(encoding="utf-8") as handle:
            head = handle.read(MARK_WITHIN)
        return GENERATED_MARK in head or any(
            f'<meta name="generator" content="{name}">' in head for name in EARLIER_GENERATOR_NAMES
        )
    except (OSError, UnicodeDecodeError):
        return False


def plan(pages: Iterable[str], docs: Path, root: Path) -> list[Problem]:
    """Problems that would make writing unsafe; empty when every target is ours."""
    problems = []
    for name in pages:
        if name.split("/", 1)[0] not in GENERATED_FOLDERS:
            raise ValueError(f"page {name!r} is outside the generated folders")
        target = docs / name
        if target.exists() and not is_generated(target):
            problems.append(
                Problem(
                    relative(target, root),
                    0,
                    "a hand-written file is where a generated page must go",
                    f"Move it out of docs/{name.split('/', 1)[0]}/ (the generator owns docs/"
                    + ", docs/".join(GENERATED_FOLDERS)
                    + "), then run again.",
                )
            )
    return problems


def write(
    pages: Mapping[str, str] | Mapping[str, str | bytes],
    docs: Path,
    folders: tuple[str, ...] = MARKDOWN_FOLDERS,
    suffixes: tuple[str, ...] = (".md",),
) -> WriteResult:
    """Bring `folders` in line with `pages`; call `plan` first.

    Files of those folders with one of `suffixes` that the generator made but no longer
    makes are removed; everything else there is left alone.
    """
    result = WriteResult()
    for name in pages:
        write_one(name, pages.encoded(name) if isinstance(pages, Pages) else pages[name], docs, result)
    prune(pages, docs, result, folders, suffixes)
    return result


def write_one(name: str, content: str | bytes, docs: Path, result: WriteResult) -> int:
    """One page of `write`, written (atomically) unless it holds these bytes already; noted in
    `result`. Returns its size in bytes. A stage that makes its files one at a time (the
    printables) writes each as it comes."""
    target = docs / name
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.exists() and target.read_bytes() == data:
        result.unchanged.append(name)
        return len(data)
    _write_atomically(target, data)
    result.written.append(name)
    return len(data)


def prune(
    names: Collection[str],
    docs: Path,
    result: WriteResult,
    folders: tuple[str, ...] = MARKDOWN_FOLDERS,
    suffixes: tuple[str, ...] = (".md",),
) -> None:
    """Remove the files of `folders` with one of `suffixes` that the generator made but that
    are not among `names` (what this run makes), as `write` does once every page is written."""
    for folder in folders:
        for path in sorted((docs / folder).rglob("*")):
            name = path.relative_to(docs).as_posix()
            if path.suffix in suffixes and name not in names and is_generated(path):
                path.unlink()
                result.removed.append(name)
