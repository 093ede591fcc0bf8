"""The loader: lines are kept, and unreadable files become messages, not tracebacks."""

from __future__ import annotations

import pytest

from generator.load import line_of, read_bibtex, read_yaml


def write(tmp_path, text, name="theme.yml", raw=None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(problems):
    return [str(problem) for problem in problems]


def test_keeps_the_line_of_every_key_and_item(tmp_path):
    path = write(tmp_path, "id: a\nitems:\n  - one\n  - two\nnested:\n  key: value\n")
    data, problems = read_yaml(path, tmp_path)
    assert problems == []
    assert line_of(data, "id") == 1
    assert line_of(data, "items") == 2
    assert line_of(data["items"], 1) == 4
    assert line_of(data["nested"], "key") == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: a\ntitle: b\nid: c\n",
            (
                "theme.yml:3: duplicate key 'id' (first given on line 1)\n"
                "  Keep one of the two; YAML would silently drop the first."
            ),
        ),
        (
            "id: a\nitems:\n\t- one\n",
            (
                "theme.yml:3: a tab character where YAML expects spaces\n"
                "  Indent with spaces only; replace the tab with two spaces."
            ),
        ),
        (
            'id: a\ntitle: "Recognition\nsummary: b\n',
            (
                "theme.yml:2: a quotation mark is opened but never closed\n"
                "  Close the quote on the same value, or wrap text containing quotes in the other kind of quote."
            ),
        ),
        (
            "id: a\nitems:\n  - one\n - two\n",
            (
                "theme.yml:4: the indentation does not line up\n"
                "  Items of one list or mapping must start in the same column; check the line above too."
            ),
        ),
        (
            "id: a\ntitle: Note: this\n",
            (
                "theme.yml:2: a colon followed by a space inside an unquoted value\n"
                '  Put the whole value in quotes, e.g. text: "Note: this".'
            ),
        ),
        (
            "- id: a\n- id: b\n",
            (
                "theme.yml:1: the top level is a list, not a mapping of keys\n"
                "  Start the file with keys such as 'id:' and 'title:' at the left margin, not with '- '."
            ),
        ),
        (
            "# only a comment\n\n",
            "theme.yml: the file is empty\n  Fill it in ('new theme ID' writes a commented start) or delete it.",
        ),
    ],
    ids=["duplicate-key", "tab", "unclosed-quote", "bad-indentation", "colon-in-value", "top-level-list", "empty"],
)
def test_unreadable_yaml_is_explained(tmp_path, text, expected):
    _data, problems = read_yaml(write(tmp_path, text), tmp_path)
    assert expected in messages(problems)


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = write(tmp_path, None, raw="id: a\ntitle: caf\xe9\n".encode("latin-1"))
    data, problems = read_yaml(path, tmp_path)
    assert data is None
    assert messages(problems) == [
        "theme.yml:2: the file is not UTF-8 text\n  Save it as UTF-8 in your editor (often 'Save with encoding')."
    ]


def test_bibtex_entries_keep_their_lines_and_broken_blocks_are_reported(tmp_path):
    path = write(
        tmp_path,
        (
            "@book{good2001,\n  author = {A, B},\n  year = {2001},\n  title = {T},\n  publisher = {P}\n}\n\n"
            "@article{broken2002,\n  author = {C, D\n  year = {2002}\n\n"
            "@book{good2001,\n  author = {E, F},\n  year = {2003},\n  title = {U},\n  publisher = {Q}\n}\n"
        ),
        name="references.bib",
    )
    entries, problems = read_bibtex(path, tmp_path)
    assert [(entry.key, entry.line) for entry in entries] == [("good2001", 1)]
    text = messages(problems)
    assert any(message.startswith("references.bib:8: this BibTeX entry cannot be read") for message in text), text
    assert any(message.startswith("references.bib:12: duplicate BibTeX key 'good2001'") for message in text), text
