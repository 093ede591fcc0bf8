"""The error catalogue: each mistake an editor can make, with the exact message it gives.

Every case copies the small fixture project, makes one mistake, and checks the first
line of the message (file:line: what is wrong). The README's table of messages must
name every message here, so a person who meets one can look it up.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator import pipeline
from tests.helpers import ROOT


def replace(path: str, old: str, new: str):
    def apply(root: Path):
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(path: str, text: str | bytes):
    def apply(root: Path):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    return apply


def copy_as(source: str, target: str, old: str = "", new: str = ""):
    """A second content file made from `source`, with one change."""

    def apply(root: Path):
        text = (root / source).read_text(encoding="utf-8")
        (root / target).write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")

    return apply


def special(path: str, kind: str):
    """Something named like a content file that is not one: a folder, a pipe, a link."""

    def apply(root: Path):
        target = root / path
        if kind == "folder":
            target.mkdir()
        elif kind == "fifo":
            os.mkfifo(target)
        elif kind == "outside":
            target.symlink_to("/etc/hostname")
        else:
            target.symlink_to(root / "evidence" / "no-such-file.yml")

    return apply


def remove(path: str):
    return lambda root: (root / path).unlink()


def both(*mistakes):
    return lambda root: [mistake(root) for mistake in mistakes]


HELP_NOW = """\
intro: What carers ask first.
entries:
  - id: money
    question: Is there any money for carers?
    answer: [Ask Citizens Advice.]
    comes_from: Citizens Advice.
    contact:
      - name: Citizens Advice
    checked: 2026-12-01
    see: [{see}]
"""

MOMENTS = replace(
    "checklists/carers.yml",
    "items:\n",
    "moments:\n  - id: before\n    title: Before a meeting\n  - id: during\n    title: In the meeting\nitems:\n",
)


THEME = "evidence/themes/recognition.yml"
CHECKLIST = "checklists/carers.yml"
BIB = "evidence/references.bib"

# (case id, mistake, first line of the expected message)
CATALOGUE = [
    (
        "yaml-tab",
        replace(THEME, "  - Respite for carers", "\t- Respite for carers"),
        "evidence/themes/recognition.yml:10: a tab character where YAML expects spaces",
    ),
    (
        "yaml-bad-indentation",
        replace(THEME, "  - Carers' Support groups", " - Carers' Support groups"),
        "evidence/themes/recognition.yml:11: the indentation does not line up",
    ),
    (
        "yaml-unclosed-quote",
        replace(THEME, "title: Recognition", 'title: "Recognition'),
        "evidence/themes/recognition.yml:2: a quotation mark is opened but never closed",
    ),
    (
        "yaml-duplicate-key",
        replace(THEME, "title: Recognition", "title: Recognition\ntitle: Again"),
        "evidence/themes/recognition.yml:3: duplicate key 'title' (first given on line 2)",
    ),
    (
        "yaml-colon-in-value",
        replace(THEME, "title: Recognition", "title: Recognition: being seen"),
        "evidence/themes/recognition.yml:2: a colon followed by a space inside an unquoted value",
    ),
    (
        "yaml-bracket-list",
        replace(THEME, "keywords: [respite]", "keywords: [respite"),
        "evidence/themes/recognition.yml:8: a list or mapping in brackets is not written correctly",
    ),
    (
        "not-utf8",
        write(THEME, "id: recognition\ntitle: R\xe9cognition\n".encode("latin-1")),
        "evidence/themes/recognition.yml:2: the file is not UTF-8 text",
    ),
    (
        "control-character",
        replace(THEME, "title: Recognition", "title: Recog\x07nition"),
        "evidence/themes/recognition.yml:2: the file contains a control character (code 0x7) that YAML does not allow",
    ),
    ("empty-file", write(THEME, ""), "evidence/themes/recognition.yml: the file is empty"),
    (
        "top-level-list",
        write(THEME, "- id: recognition\n- title: Recognition\n"),
        "evidence/themes/recognition.yml:1: the top level is a list, not a mapping of keys",
    ),
    (
        "top-level-value",
        write(THEME, "just some text\n"),
        "evidence/themes/recognition.yml:1: the top level is a single value, not a mapping of keys",
    ),
    (
        "missing-field",
        replace(THEME, "perspective: carers\n", ""),
        "evidence/themes/recognition.yml:1: missing required field 'perspective'",
    ),
    (
        "missing-field-in-item",
        replace(CHECKLIST, "    themes: [recognition]\n", ""),
        "checklists/carers.yml:12: missing required field 'themes' in items, item 2",
    ),
    (
        "unknown-field",
        replace(THEME, "keywords:", "keywrods:"),
        "evidence/themes/recognition.yml:8: unknown field 'keywrods'",
    ),
    (
        "wrong-type-boolean",
        replace(THEME, "  - Respite for carers", "  - no"),
        "evidence/themes/recognition.yml:10: what_works, item 1 should be text, not true or false",
    ),
    (
        "wrong-type-list",
        replace(
            THEME,
            "what_doesnt_work:\n  - Getting asked the same questions all the time",
            "what_doesnt_work: Getting asked the same questions all the time",
        ),
        "evidence/themes/recognition.yml:12: what_doesnt_work should be a list, not text",
    ),
    (
        "wrong-type-mapping",
        replace(THEME, 'source:\n  document: "002"\n  section: Workshop findings › Recognition', "source: the report"),
        "evidence/themes/recognition.yml:5: source should be a mapping of keys, not text",
    ),
    (
        "wrong-type-number",
        replace(THEME, 'document: "002"', "document: 002"),
        "evidence/themes/recognition.yml:6: source, document should be text, not a whole number",
    ),
    (
        "not-allowed-value",
        replace(THEME, "perspective: carers", "perspective: carer"),
        "evidence/themes/recognition.yml:3: perspective is 'carer', which is not one of the allowed values",
    ),
    (
        "bad-id-form",
        replace(THEME, "id: recognition", "id: Recognition"),
        "evidence/themes/recognition.yml:1: id is 'Recognition', which is not in the expected form",
    ),
    (
        "empty-text",
        replace(THEME, "summary: Carers want to be listened to and valued.", 'summary: ""'),
        "evidence/themes/recognition.yml:4: summary is empty",
    ),
    (
        "empty-checklist",
        replace(CHECKLIST, "items:\n", "items: []\nold_items:\n"),
        "checklists/carers.yml:7: items is an empty list",
    ),
    (
        "id-not-file-name",
        replace(CHECKLIST, "id: carers", "id: carer"),
        "checklists/carers.yml:1: id 'carer' differs from the file name 'carers'",
    ),
    (
        "duplicate-id",
        write(
            "evidence/themes/recognition-copy.yml", (ROOT / "tests/fixtures/mini" / THEME).read_text(encoding="utf-8")
        ),
        (
            "evidence/themes/recognition.yml:1: duplicate id 'recognition', "
            "already used by evidence/themes/recognition-copy.yml"
        ),
    ),
    (
        "dangling-theme-link",
        replace(CHECKLIST, "themes: [recognition]", "themes: [recogniton]"),
        (
            "checklists/carers.yml:13: item 2 links to theme 'recogniton', "
            "which does not exist (did you mean 'recognition'?)"
        ),
    ),
    (
        "unknown-source-document",
        replace(THEME, 'document: "002"', 'document: "009"'),
        "evidence/themes/recognition.yml:6: unknown source document '009'",
    ),
    (
        "unknown-citation-key",
        replace(THEME, "cites: [richards2007]", "cites: [richard2007]"),
        "evidence/themes/recognition.yml:24: unknown citation key 'richard2007' (did you mean 'richards2007'?)",
    ),
    (
        "unknown-citation-key-report",
        replace("evidence/report.yml", "cites: [dh2007]", "cites: [dh2008]"),
        "evidence/report.yml:10: unknown citation key 'dh2008' (did you mean 'dh2007'?)",
    ),
    (
        "bibtex-malformed",
        replace(
            BIB,
            "@book{richards2007,\n  author = {Richards, N. and Coulter, A.},",
            "@book{richards2007,\n  author = {Richards, N. and Coulter, A.,",
        ),
        "evidence/references.bib:10: this BibTeX entry cannot be read: '@book{richards2007,'",
    ),
    (
        "bibtex-duplicate-key",
        replace(BIB, "@book{dh2007,", "@book{miller2008,"),
        "evidence/references.bib:18: duplicate BibTeX key 'miller2008'",
    ),
    (
        "bibtex-missing-author",
        replace(BIB, "  author = {{Department of Health}},\n", ""),
        "evidence/references.bib:18: entry 'dh2007' has no author",
    ),
    (
        "bibtex-missing-year",
        replace(BIB, "  year = {2007},\n  title = {Putting", "  title = {Putting"),
        "evidence/references.bib:18: entry 'dh2007' has no year",
    ),
    (
        "bibtex-bad-year",
        replace(BIB, "year = {2007},\n  title = {Putting", "year = {c. 2007},\n  title = {Putting"),
        "evidence/references.bib:18: entry 'dh2007' has year 'c. 2007'",
    ),
    (
        "bibtex-missing-journal",
        replace(BIB, "  journal = {Journal of Integrated Care},\n", ""),
        "evidence/references.bib:1: entry 'miller2008' has no journal",
    ),
    ("report-missing", remove("evidence/report.yml"), "evidence/report.yml: the report file is missing"),
    ("references-missing", remove(BIB), "evidence/references.bib: the reference list is missing"),
    (
        "sources-missing",
        remove("evidence/sources.yml"),
        "evidence/sources.yml: the list of source documents is missing",
    ),
    (
        "page-not-in-menu",
        replace("mkdocs.yml", "      - themes/systems.md\n", ""),
        "mkdocs.yml: the menu (nav) does not list 'themes/systems.md', the page of evidence/themes/systems.yml",
    ),
    (
        "menu-page-without-content",
        replace("mkdocs.yml", "      - themes/systems.md\n", "      - themes/systems.md\n      - themes/rights.md\n"),
        "mkdocs.yml:21: the menu (nav) lists 'themes/rights.md', but no content file makes that page",
    ),
    (
        "menu-page-of-absent-section",
        replace(
            "mkdocs.yml",
            "  - About: report/index.md\n",
            "  - About: report/index.md\n  - Glossary: glossary/index.md\n",
        ),
        "mkdocs.yml:23: the menu (nav) lists 'glossary/index.md', but this guide has no glossary section",
    ),
    (
        "checklist-moment-unknown",
        both(
            MOMENTS,
            replace(
                CHECKLIST, "themes: [systems, recognition]\n", "themes: [systems, recognition]\n    moment: befor\n"
            ),
            replace(CHECKLIST, "themes: [recognition]\n", "themes: [recognition]\n    moment: during\n"),
        ),
        "checklists/carers.yml:15: item 1 names moment 'befor', which is not under 'moments:' (did you mean 'before'?)",
    ),
    (
        "checklist-moment-missing",
        both(
            MOMENTS,
            replace(
                CHECKLIST, "themes: [systems, recognition]\n", "themes: [systems, recognition]\n    moment: before\n"
            ),
        ),
        "checklists/carers.yml:18: item 2 has no 'moment'",
    ),
    (
        "reserved-id",
        copy_as(THEME, "evidence/themes/index.yml", "id: recognition", "id: index"),
        "evidence/themes/index.yml:1: id 'index' is reserved: the generator writes docs/themes/index.md itself",
    ),
    (
        "id-with-a-line-break",
        replace(THEME, "id: recognition", 'id: "recognition\\n"'),
        "evidence/themes/recognition.yml:1: id is 'recognition\\n', which is not in the expected form",
    ),
    (
        "invisible-title",
        replace(THEME, "title: Recognition", 'title: "\\u200b "'),
        (
            "evidence/themes/recognition.yml:2: the title '\\u200b ' shows nothing: "
            "it is only spaces or invisible characters"
        ),
    ),
    (
        "bibtex-key-unsafe",
        replace(BIB, "@article{miller2008,", "@article{miller2008,\n}\n@article{mil)ler,"),
        "evidence/references.bib:3: BibTeX key 'mil)ler' has characters a key cannot have here",
    ),
    (
        "bibtex-keys-differ-in-case",
        replace(BIB, "@book{dh2007,", "@book{Miller2008,"),
        "evidence/references.bib:18: BibTeX key 'Miller2008' differs only in case from 'miller2008'",
    ),
    (
        "bibtex-crossref-unknown",
        replace(BIB, "@book{dh2007,", "@book{dh2007,\n  crossref = {nowhere2001},"),
        "evidence/references.bib:18: entry 'dh2007' has crossref 'nowhere2001', which is not an entry of this file",
    ),
    (
        "yaml-alias-bomb",
        write(
            "evidence/themes/bomb.yml",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(6)),
        ),
        "evidence/themes/bomb.yml:6: the file expands to more than 200,000 values once its aliases are followed",
    ),
    (
        "yaml-alias-to-itself",
        write("evidence/themes/loop.yml", "a: &x\n  b: *x\n"),
        "evidence/themes/loop.yml:1: a value refers to itself through an alias",
    ),
    (
        "yaml-nested-too-deep",
        write("evidence/themes/deep.yml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "evidence/themes/deep.yml: brackets nested 100000 deep, over the limit of 50",
    ),
    (
        "file-too-large",
        write("evidence/themes/large.yml", "a: " + "x" * 1_000_001 + "\n"),
        "evidence/themes/large.yml: the file is 1,000,005 bytes, over the limit of 1,000,000",
    ),
    (
        "folder-named-yml",
        special("evidence/themes/notes.yml", "folder"),
        "evidence/themes/notes.yml: a folder named like a content file",
    ),
    (
        "pipe-named-yml",
        special("evidence/themes/pipe.yml", "fifo"),
        "evidence/themes/pipe.yml: not a regular file (a pipe, socket or device)",
    ),
    (
        "link-outside-the-guide",
        special("evidence/themes/outside.yml", "outside"),
        "evidence/themes/outside.yml: a link to '/etc/hostname', outside the guide's folder",
    ),
    (
        "link-to-nothing",
        special("evidence/themes/gone.yml", "dangling"),
        "evidence/themes/gone.yml: a link to a file that does not exist",
    ),
    ("mkdocs-not-utf8", write("mkdocs.yml", b"site_name: Caf\xe9\n"), "mkdocs.yml:1: the file is not UTF-8 text"),
    (
        "mkdocs-not-a-mapping",
        write("mkdocs.yml", "- a\n- b\n"),
        "mkdocs.yml:1: the top level is not a mapping of settings",
    ),
    (
        "site-url-not-text",
        replace("mkdocs.yml", "site_name: Mini guide\n", "site_name: Mini guide\nsite_url: 12\n"),
        "mkdocs.yml:2: site_url is 12, not text",
    ),
    (
        "site-url-not-a-web-address",
        replace("mkdocs.yml", "site_name: Mini guide\n", "site_name: Mini guide\nsite_url: 'javascript:alert(1)'\n"),
        "mkdocs.yml:2: site_url 'javascript:alert(1)' is not a web address",
    ),
    (
        "glossary-terms-share-an-anchor",
        write(
            "evidence/glossary.yml",
            "terms:\n  - term: Carer lead\n    meaning: A worker for carers.\n"
            "  - term: Carer-lead\n    meaning: The same, spelt another way.\n",
        ),
        (
            "evidence/glossary.yml:4: glossary term 'Carer-lead' takes the anchor 'term-carer-lead', "
            "already that of 'Carer lead' (line 2)"
        ),
    ),
    (
        "help-now-see-page-missing",
        write("evidence/help-now.yml", HELP_NOW.format(see="roles/carer.md")),
        "evidence/help-now.yml:10: 'see' links to 'roles/carer.md', which is not a page of the guide",
    ),
    (
        "help-now-see-anchor-missing",
        write("evidence/help-now.yml", HELP_NOW.format(see="themes/recognition.md#what-work")),
        (
            "evidence/help-now.yml:10: 'see' links to 'themes/recognition.md#what-work', "
            "but themes/recognition.md has no anchor 'what-work'"
        ),
    ),
    (
        "hand-written-page-in-the-way",
        write("docs/roles/carers.md", "# My carers page\n"),
        "docs/roles/carers.md: a hand-written file is where a generated page must go",
    ),
]


@pytest.mark.parametrize("compiled", [False, True], ids=["jsonschema", "compiled-first"])
@pytest.mark.parametrize(("case", "mistake", "expected"), CATALOGUE, ids=[case[0] for case in CATALOGUE])
def test_catalogue(mini, case, mistake, expected, compiled, monkeypatch):
    """Each mistake gets its message, whether jsonschema checks alone (a small guide) or the
    compiled check goes first (a large one): the compiled check must never let one through."""
    from generator import schema

    monkeypatch.setattr(schema, "COMPILE_AFTER", 0 if compiled else 10**9)
    mistake(mini)
    outcome = pipeline.generate(mini)
    first_lines = [str(problem).splitlines()[0] for problem in outcome.errors]
    assert any(line.startswith(expected) for line in first_lines), "\n".join(first_lines)
    problem = next(p for p in outcome.errors if str(p).splitlines()[0].startswith(expected))
    assert problem.hint, "every message says how to fix it"


def test_the_catalogue_is_large_enough():
    assert len({case for case, _, _ in CATALOGUE}) >= 30


def readme_patterns() -> list[re.Pattern]:
    """The editors' page's message table, as patterns: 'x' is any value, … any text, N a number."""
    page = (ROOT / "docs/editing.md").read_text(encoding="utf-8")
    table = page[page.index("The messages you may meet") :]
    patterns = []
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        for message in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            regex = re.escape(message).replace("'x'", "'[^']*'").replace("…", ".*").replace("N", r"\d+")
            patterns.append(re.compile(regex))
    return patterns


def test_every_catalogue_message_is_explained_for_editors():
    patterns = readme_patterns()
    undocumented = [
        expected for _, _, expected in CATALOGUE if not any(p.fullmatch(expected.split(": ", 1)[1]) for p in patterns)
    ]
    assert undocumented == []


def test_every_cli_command_is_in_the_readme():
    from generator.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _parser()._subparsers._group_actions[0].choices
    assert all(f"make {name}" in readme or f"generator {name}" in readme for name in commands)
