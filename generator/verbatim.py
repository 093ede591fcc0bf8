"""Word for word: what a guide gives as its sources' own words, looked up in their texts.

Quotations, the lists of what works and what doesn't, checklist items not marked `wording:
adapted`, tips, key figures' `as_stated` and the sentences a claim `restates` must be in the
source's own words. Where the guide keeps its documents' texts (the folder `sources.yml`'s
`folder:` names, `sources/` by default), each is looked up in the text of the document it
names, so that an editor's slip shows at its file and line, for any guide, not only in this
repository's tests. White space and HTML entities are flattened, case is ignored (a bullet
lifted out of a sentence gains a capital) and a final full stop may be the editor's; an
omission is marked with an ellipsis (… or ...), and each part around it must be found, in
order. A guide that keeps no texts is not checked: there is nothing to look in.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.load import Content, line_of, read_folders
from generator.names import PLACEHOLDER

DEFAULT_FOLDER = "sources"
"""Where a guide keeps its documents' texts, relative to its folder, unless sources.yml says."""
LARGEST_TEXT = 20_000_000
"""A source text larger than this is not read (a mistaken `file:` could name anything)."""
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def flat(text: str) -> str:
    """Text as compared: entities decoded, white space one space, case folded."""
    return " ".join(unescape(text).split()).casefold()


def found_in(text: str, source: str) -> bool:
    """Whether `text` (its parts around each ellipsis, in order) is in the flattened `source`."""
    start = 0
    for part in ELLIPSIS.split(flat(text).rstrip(".")):
        part = part.strip(" .")
        if not part:
            continue
        at = source.find(part, start)
        if at < 0:
            return False
        start = at + len(part)
    return True


def link_texts(source: Path, copy: Path) -> None:
    """In a copy of the guide at `source`, the documents' texts where its sources.yml looks for
    them, when that is outside the guide (Working Together's `folder: ../shared/sources`): for
    the test suite's and the benchmarks' copies, which are checked like the guide itself."""
    sources = source / read_folders(source).sources
    data = yaml.safe_load(sources.read_text(encoding="utf-8")) if sources.is_file() else None
    named = data.get("folder") if isinstance(data, dict) else None
    if not isinstance(named, str) or (copy / named).exists() or not (source / named).is_dir():
        return
    (copy / named).parent.mkdir(parents=True, exist_ok=True)
    (copy / named).symlink_to((source / named).resolve(), target_is_directory=True)


def _texts(content: Content, problems: list[Problem]) -> dict[str, str]:
    """Each document's flattened text, by its id; documents whose text is not kept are left out."""
    if not content.sources:
        return {}
    path, data = content.sources
    named = data.get("folder") if isinstance(data, dict) else None
    folder = Path(content.root or ".") / (named if isinstance(named, str) else DEFAULT_FOLDER)
    if not folder.is_dir():
        if isinstance(named, str):
            problems.append(
                Problem(
                    path,
                    line_of(data, "folder"),
                    f"folder {named!r} is not there, so no quotation is checked word for word",
                    "Name the folder holding the documents' texts, relative to the guide's folder.",
                    "warning",
                )
            )
        return {}
    texts = {}
    documents = data.get("documents", [])
    for document in documents if isinstance(documents, list) else []:
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            continue
        name = document.get("file")
        file = folder / name if isinstance(name, str) and name and Path(name).name == name else None
        if file is None or not file.is_file() or file.stat().st_size > LARGEST_TEXT:
            problems.append(
                Problem(
                    path,
                    line_of(document, "file"),
                    f"the text of document {document['id']!r} is not in {folder.name}/ "
                    f"({name!r}), so its quotations are not checked word for word",
                    f"Put the document's text there as {name!r} (plain text), or correct `file:`.",
                    "warning",
                )
            )
            continue
        texts[document["id"]] = flat(file.read_text(encoding="utf-8", errors="replace"))
    return texts


def _document(holder, fallback: str) -> str:
    source = holder.get("source") if isinstance(holder, dict) else None
    document = source.get("document") if isinstance(source, dict) else None
    return document if isinstance(document, str) else fallback


def _own_words(content: Content):
    """(file, line, what it is, its text, the document it must be in) for every text a guide
    gives as its source's own words."""
    for path, data in content.themes:
        document = _document(data, "")
        for key, what in (("what_works", "a 'what works' item"), ("what_doesnt_work", "a 'what doesn't work' item")):
            entries = data.get(key, [])
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                yield path, line_of(entries, index), what, entry, document
        for quote in data.get("quotes", []) or []:
            if isinstance(quote, dict):
                yield path, line_of(quote, "text"), "the quotation", quote.get("text"), document
        for holder in (data.get("evidence", []) or []) + (data.get("other_voices", []) or []):
            source = holder.get("source") if isinstance(holder, dict) else None
            restates = source.get("restates", []) if isinstance(source, dict) else []
            for index, sentence in enumerate([restates] if isinstance(restates, str) else restates or []):
                line = line_of(source, "restates") if isinstance(restates, str) else line_of(restates, index)
                yield path, line, "the sentence it restates", sentence, _document(holder, document)
    for path, data in content.checklists:
        document = _document(data, "")
        items = data.get("items", [])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("wording", "verbatim") == "verbatim":
                yield path, line_of(item, "text"), "the checklist item", item.get("text"), _document(item, document)
    for path, data in content.case_studies:
        for quote in data.get("quotes", []) or []:
            if isinstance(quote, dict):
                yield path, line_of(quote, "text"), "the quotation", quote.get("text"), _document(data, "")
    for path, data in content.tips:
        for key in ("do", "dont"):
            entries = data.get(key, [])
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                yield path, line_of(entries, index), "the tip", entry, _document(data, "")
    for path, data in content.figures:
        figures = data.get("figures", [])
        document = _document(data, "")
        for figure in figures if isinstance(figures, list) else []:
            if isinstance(figure, dict):
                yield path, line_of(figure, "as_stated"), "the figure's words", figure.get("as_stated"), document


def check(content: Content) -> list[Problem]:
    """A warning at each text given as a source's own words that its document's text lacks."""
    problems: list[Problem] = []
    texts = _texts(content, problems)
    if not texts:
        return problems
    looked: dict[tuple[str, str], bool] = {}  # the same words in many files are looked up once
    for path, line, what, text, document in _own_words(content):
        if not isinstance(text, str) or document not in texts or text.startswith(PLACEHOLDER):
            continue  # a starting file's placeholder has its own warning
        if (document, text) not in looked:
            looked[document, text] = found_in(text, texts[document])
        if not looked[document, text]:
            hint = "Copy it exactly from the source, typos and all; mark a gap with …."
            if what == "the checklist item":
                hint += " If it is in our own words, add `wording: adapted` to the item."
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what} is not word for word in document {document!r}: {' '.join(text.split())[:60]!r}",
                    hint,
                    "warning",
                )
            )
    return problems
