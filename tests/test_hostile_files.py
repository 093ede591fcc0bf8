"""Files as editors really make them: odd line breaks, YAML 1.1 words, merges, BibTeX from
Zotero, and ids that would replace a page or break a file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import scaffold
from generator.load import read_bibtex, read_yaml


def read(tmp_path: Path, text: str):
    path = tmp_path / "file.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, tmp_path)


@pytest.mark.parametrize("odd_break", ["\u2028", "\u2029", "\x85"])
def test_line_numbers_count_only_the_line_breaks_an_editor_sees(tmp_path, odd_break):
    _, problems = read(tmp_path, f'title: "one{odd_break}two"\nsummary: x\nid: a\nid: b\n')
    assert [(problem.line, problem.message.split(" (")[0]) for problem in problems] == [(4, "duplicate key 'id'")]


def test_yaml_words_that_are_booleans_in_yaml_1_1_stay_the_words_written(tmp_path):
    data, problems = read(tmp_path, "on: 1\nno: 2\n~: 3\nyes: 4\n")
    assert problems == [] and list(data) == ["on", "no", "~", "yes"]
    assert data.lines == {"on": 1, "no": 2, "~": 3, "yes": 4}


def test_a_key_after_a_merge_overrides_it_and_a_real_duplicate_is_still_caught(tmp_path):
    data, problems = read(tmp_path, "base: &b\n  title: one\n  id: x\nthing:\n  <<: *b\n  title: two\n")
    assert problems == [] and data["thing"] == {"title": "two", "id": "x"}
    _, problems = read(tmp_path, "thing:\n  title: one\n  title: two\n")
    assert [problem.line for problem in problems] == [3]


def test_dot_files_in_a_content_folder_are_not_content(mini):
    from generator import pipeline

    (mini / "evidence/themes/.#recognition.yml").write_text("this: [is not yaml", encoding="utf-8")
    assert pipeline.check(mini).errors == []


def test_a_content_folder_linked_from_outside_is_refused(mini, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yml").write_text("id: x\n", encoding="utf-8")
    (mini / "evidence/case-studies").symlink_to(outside, target_is_directory=True)
    from generator import pipeline

    messages = [problem.message for problem in pipeline.check(mini).errors]
    assert any(message.startswith("a link to ") and "outside the guide's folder" in message for message in messages)


def test_bibtex_as_zotero_exports_it(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(
        "@book{muller2001,\n"
        '  author = {M{\\"u}ller, Hans and Fran{\\c{c}}ois, Anne and {Department of Health} and others},\n'
        "  title = {Care~and caring -- 50% of {NHS} \\& \\emph{carers}},\n"
        "  year = {2001},\n  publisher = {Pub},\n  url = {http://x.org/a_b%20c},\n}\n"
        "@incollection{chapter2002,\n  author = {Smith, J.},\n  title = {A chapter},\n"
        "  year = {2002},\n  crossref = {muller2001},\n}\n"
        "@book{broken,\n  title = {never closed\n",
        encoding="utf-8",
    )
    entries, problems = read_bibtex(path, tmp_path)
    book, chapter = entries
    assert book.fields["author"] == "Müller, Hans and François, Anne and {Department of Health} and others"
    assert book.fields["title"] == "Care and caring – 50% of NHS & carers"
    assert book.fields["url"] == "http://x.org/a_b%20c"
    assert chapter.fields["booktitle"] == book.fields["title"] and chapter.fields["publisher"] == "Pub"
    assert chapter.fields["year"] == "2002"
    assert [(problem.line, problem.message) for problem in problems] == [
        (14, "this BibTeX entry cannot be read: '@book{broken,'")
    ]


def test_and_others_is_et_al_in_the_formatted_reference():
    from generator.citations import format_references
    from generator.model import Reference

    reference = Reference(
        "muller2001",
        "book",
        {"author": "Müller, Hans and François, Anne and others", "title": "T", "year": "2001", "publisher": "P"},
        1,
    )
    format_references([reference])
    assert reference.formatted.startswith("Müller, H., François, A. et al. (2001)")


@pytest.mark.parametrize(
    ("new_id", "words"),
    [
        ("shared\n", "is not a usable id"),
        ("a" * 101, "is not a usable id"),
        ("index", "is reserved"),
        ("index-2", "is reserved"),
        (" ", "is not a usable id"),
        ("Shared", "is not a usable id"),
    ],
)
def test_new_refuses_ids_that_would_break_a_page_or_a_file_name(mini, new_id, words):
    done, problems = scaffold.new(mini, "theme", new_id)
    assert done == [] and len(problems) == 1 and words in problems[0].message
    assert sorted(path.name for path in (mini / "evidence/themes").iterdir()) == ["recognition.yml", "systems.yml"]


def test_only_the_macros_own_output_passes_unescaped():
    """`markup` is the one filter that lets text through as it is: it may follow only a call of
    a macro of _macros.md.j2 (whose values were escaped inside it), never a content field."""
    import re

    from generator.render import TEMPLATES

    uses = []
    for template in sorted(TEMPLATES.glob("*.j2")):
        for expression in re.findall(r"\{\{(.*?)\}\}", template.read_text(encoding="utf-8"), re.DOTALL):
            if "|markup" in expression.replace(" ", ""):
                uses.append((template.name, expression.strip()))
    assert uses
    assert [use for use in uses if not re.fullmatch(r"m\.\w+\(.*\)\s*\|\s*markup", use[1], re.DOTALL)] == []


def test_only_guide_yml_markdown_passes_as_markdown():
    """`guide_markdown` lets guide.yml's Markdown through (its sections' intro, outro and link, its
    old_source_note): the guide's own words, like docs/'s hand-written pages; never a content field."""
    import re

    from generator.render import TEMPLATES

    uses = []
    for template in sorted(TEMPLATES.glob("*.j2")):
        for expression in re.findall(r"\{\{(.*?)\}\}", template.read_text(encoding="utf-8"), re.DOTALL):
            if "|guide_markdown" in expression.replace(" ", ""):
                uses.append(expression.strip())
    assert uses
    allowed = r"(section|config\.section\(\"\w+\"\))\.(intro|outro|link)|config\.old_source_note"
    assert [use for use in uses if not re.fullmatch("(?:" + allowed + ")" + r"\s*\|\s*guide_markdown", use)] == []
