"""Random input never crashes the loader or validator: it is valid, or it gets messages."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.errors import Problem
from generator.load import read_bibtex, read_yaml
from tests.helpers import FIXTURES, copy_project

FIELD_NAMES = st.sampled_from(
    [
        "id",
        "title",
        "perspective",
        "summary",
        "source",
        "document",
        "section",
        "what_works",
        "what_doesnt_work",
        "main_messages",
        "quotes",
        "text",
        "said_by",
        "evidence",
        "claim",
        "cites",
        "unlisted",
        "items",
        "themes",
        "role",
        "audience",
        "keywords",
        "note",
        "year",
    ]
)
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
"""Every character UTF-8 can hold: what `st.text()` draws from, named by category rather than
by codec, which made hypothesis try all 1.1 million characters on each run (1.5 s)."""
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(ANY_CHARACTER, max_size=30),
    st.dates(),
    st.sampled_from(["recognition", "miller2008", "002", "carer"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(FIELD_NAMES, st.text(ANY_CHARACTER, max_size=8)), children, max_size=5),
    ),
    max_leaves=25,
)
DOCUMENTS = st.one_of(
    VALUES.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    st.text(alphabet=string.printable + "“”’–é\t", max_size=300),
    st.binary(max_size=120).map(lambda raw: raw.decode("latin-1")),
)
BIBTEX = st.one_of(
    st.text(alphabet=string.printable, max_size=300),
    st.builds(
        lambda kind, key, fields: (
            "@" + kind + "{" + key + ",\n" + ",\n".join(f"  {name} = {{{value}}}" for name, value in fields) + "\n}\n"
        ),
        st.sampled_from(["article", "book", "techreport", "misc", "weird"]),
        st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10),
        st.lists(
            st.tuples(
                st.sampled_from(["author", "year", "title", "journal", "publisher", "url", "x"]),
                st.text(alphabet=string.printable.replace("{", "").replace("}", ""), max_size=20),
            ),
            max_size=6,
        ),
    ),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=DOCUMENTS)
def test_any_yaml_text_loads_or_is_explained(tmp_path, text):
    path = tmp_path / "theme.yml"
    path.write_text(text, encoding="utf-8")
    data, problems = read_yaml(path, tmp_path)
    assert (data is None) == bool(problems) or data is not None
    assert all(isinstance(problem, Problem) and problem.message for problem in problems)


@FUZZ
@given(text=BIBTEX)
def test_any_bibtex_loads_or_is_explained(tmp_path, text):
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    _entries, problems = read_bibtex(path, tmp_path)
    assert all(isinstance(problem, Problem) for problem in problems)


@FUZZ
@given(theme=DOCUMENTS, checklist=DOCUMENTS, bibtex=BIBTEX)
def test_the_whole_check_never_raises(tmp_path_factory, theme, checklist, bibtex):
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("fuzz") / "mini")
    (root / "evidence/themes/systems.yml").write_text(theme, encoding="utf-8")
    (root / "checklists/carers.yml").write_text(checklist, encoding="utf-8")
    with (root / "evidence/references.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n" + bibtex)
    outcome = pipeline.check(root)
    for problem in outcome.problems:
        assert problem.path and problem.message
        assert str(problem).startswith(problem.path)
    shutil.rmtree(root, ignore_errors=True)


def test_file_system_order_does_not_change_the_output(mini, monkeypatch):
    first = pipeline.generate(mini).pages
    original = Path.glob

    def reversed_glob(self, pattern):
        return reversed(list(original(self, pattern)))

    monkeypatch.setattr(Path, "glob", reversed_glob)
    assert pipeline.generate(mini).pages == first


LATEX_BIBTEX = st.builds(
    lambda key, title, author: (
        f"@book{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
        "  year = {2001},\n  publisher = {P},\n}\n"
    ),
    st.text(alphabet=string.ascii_letters + string.digits + "_:.-)(<\"'", min_size=1, max_size=10),
    st.text(alphabet=string.printable.replace("{", "").replace("}", "") + "\\~$%&éü", max_size=40),
    st.text(alphabet=string.ascii_letters + " ,.\\\"'~{}" + "éü", max_size=40).filter(
        lambda text: text.count("{") == text.count("}")
    ),
)
GLOSSARY = st.one_of(
    DOCUMENTS,
    st.builds(
        lambda term, expansion, meaning: yaml.safe_dump(
            {"terms": [{"term": term, "abbreviation_of": expansion, "meaning": meaning}]}, allow_unicode=True
        ),
        st.text(ANY_CHARACTER, max_size=12),
        st.text(ANY_CHARACTER, max_size=60),
        st.text(ANY_CHARACTER, max_size=60),
    ),
)


@FUZZ
@given(glossary=GLOSSARY, config=DOCUMENTS, bibtex=LATEX_BIBTEX)
def test_glossary_mkdocs_yml_and_latex_bibtex_never_raise_through_render(tmp_path_factory, glossary, config, bibtex):
    """Through every stage that runs without MkDocs: a result or messages, never an exception."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("fuzz") / "mini")
    (root / "evidence/glossary.yml").write_text(glossary, encoding="utf-8")
    with (root / "evidence/references.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n" + bibtex)
    if config.strip():
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    outcome = pipeline.generate(root)
    for problem in outcome.problems:
        assert problem.path and problem.message
        assert "\n" not in str(problem).split("\n  ")[0]
    shutil.rmtree(root, ignore_errors=True)
