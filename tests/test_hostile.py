"""Hostile input: no flag deletes work, no field of any content file becomes markup.

Every string field of every content file of the real guide (themes, checklists, case
studies, tips, figures, glossary, report, sources, lint settings, every BibTeX field) gets
hostile payloads; the site and its PDFs are built for real and searched for anything the
payloads could have turned into: scripts, elements from another host, admonitions,
headings, definition lists, tables, attributes or a snippet that publishes a local file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator import cli, pipeline, write
from generator import load as loading
from generator import validate as validating
from generator.load import line_of
from generator.paths import SITE_MARK
from tests.helpers import ROOT, copy_project, run_cli

SECRET = "TOPSECRET-7f3a"
PAYLOADS = [
    '<script>alert("INJECTED")</script>',
    '<img src="https://evil.example/INJECTED.png">',
    '!!! danger "INJECTED"',
    ": INJECTED definition",
    "# INJECTED heading",
    "| INJECTED | table |\n|---|---|\n| a | b |",
    "---",
    '--8<-- "secret.txt"',
    "{: #injected onclick=\"alert('INJECTED')\" }",
    "[INJECTED](javascript:alert(1))",
    "](https://evil.example/) [x](https://evil.example/INJECTED",
    '<a href="https://evil.example/">INJECTED</a>',
    "{{ config }} {% raw %} INJECTED",
    "*[HTML]: INJECTED",
    "\n<script>alert('INJECTED')</script>\n",
    "```\nINJECTED\n```",
    "line\u2028<script>alert('INJECTED')</script>",
    "<!-- INJECTED -->",
    "~~~\nINJECTED\n~~~",
    "    indented INJECTED code",
    "&lt;script&gt; INJECTED",
    '"><script>alert("INJECTED")</script>',
]


def _payload(number: int) -> str:
    """One payload to open the field (where block syntax bites) and another inside it."""
    return PAYLOADS[number % len(PAYLOADS)] + " " + PAYLOADS[(number * 7 + 3) % len(PAYLOADS)]


def _leaves(data, found, path):
    """(path, line, container, key) of every string in a YAML tree."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in list(items):
        if isinstance(value, str):
            found.append((path, line_of(data, key), data, key, value))
        else:
            _leaves(value, found, path)


def _poison(project: Path) -> int:
    """Put payloads into every field the checker accepts them in; returns how many fields."""
    content = loading.load(project)
    files = [
        *content.themes,
        *content.checklists,
        *content.case_studies,
        *content.tips,
        *content.figures,
        *(f for f in (content.glossary, content.report, content.sources, content.lint) if f),
    ]
    leaves: list = []
    for path, data in files:
        _leaves(data, leaves, path)
    for number, (_, _, container, key, _) in enumerate(leaves):
        container[key] = _payload(number)
    for number, entry in enumerate(content.references):
        for name in entry.fields:
            if name not in ("year",):
                entry.fields[name] = _payload(number + len(name))
    site, _ = loading.read_site_config(project)
    for _ in range(20):  # put back the fields whose form the checker enforces (ids, kinds, dates…)
        errors = {(p.path, p.line) for p in validating.validate(content, site) if p.severity == "error"}
        errors.discard(("", 0))
        if not errors:
            break
        for path, line, container, key, original in leaves:
            if (path, line) in errors or (path, 0) in errors:
                container[key] = original
    else:
        pytest.fail(f"the poisoned content still has errors: {sorted(errors)[:5]}")
    poisoned = sum(1 for _, _, container, key, original in leaves if container[key] != original)
    for path, data in files:
        (project / path).write_text(yaml.safe_dump(json.loads(json.dumps(data)), allow_unicode=True))
    bib = []
    for entry in content.references:
        fields = "".join(f"  {name} = {{{value}}},\n" for name, value in entry.fields.items())
        bib.append(f"@{entry.entry_type}{{{entry.key},\n{fields}}}\n")
    (project / content.folders.references).write_text("\n".join(bib))
    return poisoned + sum(len(entry.fields) for entry in content.references)


class _Elements(HTMLParser):
    """Every element with its attributes and the text inside it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict, list]] = []
        self.done: list[tuple[str, dict, str]] = []

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        if tag in ("img", "meta", "link", "input", "br", "hr"):
            self.done.append((tag, element[1], ""))
        else:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                unclosed = self.open[index + 1 :]  # e.g. <p> or <li> closed by their parent
                del self.open[index + 1 :]
                for inner_name, inner_attrs, inner_text in unclosed:
                    self.done.append((inner_name, inner_attrs, "".join(inner_text)))
                name, attrs, text = self.open.pop()
                joined = "".join(text) + "".join("".join(inner[2]) for inner in unclosed)
                self.done.append((name, attrs, joined))
                if self.open:
                    self.open[-1][2].append(joined)
                break

    def handle_data(self, data):
        if self.open:
            self.open[-1][2].append(data)


BLOCKS = re.compile(r"h[1-6]|dl|dt|dd|table|tr|td|th|pre|code|blockquote|summary|details|hr")
"""Elements a payload would make if its Markdown were obeyed. Every payload puts its syntax
before the word INJECTED, so an element whose own text starts with INJECTED is one a payload
made (a heading from '# INJECTED', a definition from ': INJECTED', …)."""


def _markup_from_payloads(page: str) -> list[str]:
    """What in one built page the payloads became, if anything but text."""
    parser = _Elements()
    parser.feed(page)
    found = []
    for tag, attrs, text in parser.done:
        if tag == "script" and "INJECTED" in text:
            found.append(f"<script> {text[:60]!r}")
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on") or value == "injected":
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if name in ("href", "src", "srcset", "action", "data") and (
                "evil.example" in value or value.strip().lower().startswith(("javascript:", "data:text"))
            ):
                found.append(f"<{tag} {name}={value[:60]!r}>")
        if tag == "abbr" and (attrs.get("title") or "").startswith("INJECTED"):
            found.append(f"<abbr title={attrs['title'][:60]!r}>")
        starts = ("INJECTED", "indented INJECTED") if tag in ("pre", "code") else ("INJECTED",)
        if BLOCKS.fullmatch(tag) and text.strip().startswith(starts):
            found.append(f"<{tag}> {text[:60]!r}")
        if "admonition-title" in (attrs.get("class") or "") and "INJECTED" in text:
            found.append(f"<{tag} class=admonition-title> {text[:60]!r}")
    if SECRET in page:
        found.append("the snippet published secret.txt")
    return found


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if "INJECTED" in p and not p.startswith(("{", "<!", "&", "]"))]
)
def test_the_search_finds_each_payload_when_markdown_obeys_it(payload):
    """The search below can fail: fed the payloads as raw Markdown, it finds what they make."""
    import markdown

    extensions = ["attr_list", "md_in_html", "admonition", "def_list", "abbr", "tables", "fenced_code"]
    html = markdown.markdown("Text\n\n" + payload + "\n\nHTML here\n", extensions=extensions)
    assert _markup_from_payloads(html), html


@pytest.fixture(scope="module")
def poisoned_build(tmp_path_factory):
    project = copy_project(ROOT, tmp_path_factory.mktemp("hostile") / "project")
    (project / "secret.txt").write_text(SECRET + "\n")
    fields = _poison(project)
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project, fields


def test_every_field_of_every_content_file_reaches_the_page_inert(poisoned_build):
    project, fields = poisoned_build
    assert fields > 1000  # the payloads went into the guide, not into a corner of it
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 40
    found = {page.relative_to(project).as_posix(): _markup_from_payloads(page.read_text()) for page in pages}
    assert {page: marks for page, marks in found.items() if marks} == {}
    shown = "".join(page.read_text() for page in pages)
    assert shown.count("INJECTED") > 1000  # …and they are there, as text


def test_the_printables_carry_the_payloads_as_text_only(poisoned_build):
    project, _ = poisoned_build
    printed = sorted((project / "docs" / "print").glob("*.html"))
    assert printed
    for page in printed:
        assert _markup_from_payloads(page.read_text()) == [], page.name
    for document in sorted((project / "docs" / "print").glob("*.pdf")):
        reader = PdfReader(document)
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                target = str(action.get("/URI", ""))
                assert "evil.example" not in target and not target.lower().startswith("javascript"), document.name


@pytest.mark.parametrize(
    "site_dir", [".", "docs", "evidence", "evidence/themes/new", "..", ".git", "HOME", "/", "generator", "full"]
)
def test_a_site_dir_that_would_delete_work_is_refused_before_anything_is_touched(mini, site_dir, monkeypatch, capsys):
    (mini / ".git").mkdir()
    (mini / "full").mkdir()
    (mini / "full" / "thesis.docx").write_bytes(b"years of work")
    home = mini / "home-of-someone"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(mini)
    before = sorted(path.relative_to(mini.parent).as_posix() for path in mini.parent.rglob("*"))
    target = str(home) if site_dir == "HOME" else site_dir
    assert cli.main(["--root", str(mini), "build", "--site-dir", target]) == 2
    said = capsys.readouterr().err
    first = said.splitlines()[0]
    assert first.startswith("--site-dir: ") and ("delete" in first or "touch" in first or "not a site" in first)
    assert said.rstrip().endswith("nothing was written.")
    assert sorted(path.relative_to(mini.parent).as_posix() for path in mini.parent.rglob("*")) == before


def test_clean_removes_only_what_the_generator_wrote(mini, capsys):
    assert cli.main(["--root", str(mini), "generate"]) == 0
    (mini / "site").mkdir()
    (mini / "site" / SITE_MARK).write_text("built\n")
    (mini / "docs" / "themes" / "my-notes.md").write_text("# Mine\n")
    (mini / "elsewhere").mkdir()
    capsys.readouterr()
    assert cli.main(["--root", str(mini), "clean"]) == 0
    said = capsys.readouterr().out
    assert (mini / "docs" / "themes" / "my-notes.md").read_text() == "# Mine\n"
    assert "kept docs/themes/my-notes.md" in said
    assert not (mini / "site").exists() and not (mini / "docs" / "roles").exists()
    assert (mini / "docs" / "index.md").exists() and (mini / "elsewhere").exists()
    assert sorted(path.name for path in (mini / "docs" / "themes").iterdir()) == ["my-notes.md"]


def test_clean_keeps_a_site_folder_the_generator_did_not_build(mini, capsys):
    (mini / "site").mkdir()
    (mini / "site" / "my-page.html").write_text("<p>mine</p>")
    assert cli.main(["--root", str(mini), "clean"]) == 0
    assert "kept site/" in capsys.readouterr().out
    assert (mini / "site" / "my-page.html").exists()


@pytest.mark.parametrize(
    ("code", "words"), [("ENOSPC", "disk is full"), ("EROFS", "read-only"), ("EPERM", "protected")]
)
def test_a_full_disk_or_a_read_only_folder_is_one_line_not_a_traceback(mini, code, words, monkeypatch, capsys):
    """The disk refuses a write (as root, permissions cannot be made to bind, so the refusal is
    made where the generator writes its pages)."""

    def refuse(*args, **kwargs):
        number = getattr(errno, code)
        raise OSError(number, os.strerror(number), "docs/themes/recognition.md")

    monkeypatch.setattr(write, "_write_atomically", refuse)
    assert cli.main(["--root", str(mini), "generate"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("docs/themes/recognition.md: cannot write or read: ")
    assert words in said and "Traceback" not in said


def test_ctrl_c_is_one_line_and_exit_130(mini, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check", interrupted)
    assert cli.main(["--root", str(mini), "check"]) == 130
    said = capsys.readouterr().err
    assert len(said.strip().splitlines()) == 1 and said.startswith("interrupted")


def test_an_unexpected_fault_is_one_line_with_the_way_to_see_more(mini, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "check", broken)
    assert cli.main(["--root", str(mini), "check"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("internal error: ZeroDivisionError: division by zero\n") and cli.DEBUG_VARIABLE in said


def test_a_bad_source_date_epoch_is_refused_in_one_line(mini):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(mini), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: SOURCE_DATE_EPOCH is 'yesterday'")
