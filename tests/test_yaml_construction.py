"""The loader's quick construction gives exactly what PyYAML's generic construction gave.

`load._Lines` builds text, mappings and lists itself and finds a value's tag from its first
character (both for speed at scale). Here every content file of the real guide, hand-made
texts with anchors, merges, tags, booleans, numbers, dates and nulls, and fuzzed texts are read
both ways: the same data, the same types, the same lines, the same problems (or the same error).
"""

from __future__ import annotations

import contextlib
import math
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load
from generator.load import Located, LocatedList
from tests.helpers import FIXTURES, ROOT
from tests.test_fuzz import DOCUMENTS


class _Generic:
    """The loader as it was: PyYAML's resolver and constructor for every node."""

    resolve = yaml.resolver.BaseResolver.resolve

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        if "&" in self.text or len(self.text) >= load.MAX_NODES // 2:
            load.check_expansion(node)
        return self.construct_document(node)


class _GenericFast(_Generic, load._FastLineLoader):
    pass


class _GenericPure(_Generic, load._LineLoader):
    pass


@contextlib.contextmanager
def _generic_loaders():
    saved = load._FastLineLoader, load._LineLoader
    load._FastLineLoader, load._LineLoader = _GenericFast, _GenericPure
    try:
        yield
    finally:
        load._FastLineLoader, load._LineLoader = saved


def shape(value):
    """`value` with every type, line and key order spelled out, so `==` misses nothing."""
    if isinstance(value, Located):
        return (
            "Located",
            value.line,
            [(type(key).__name__, repr(key), value.lines.get(key), shape(item)) for key, item in value.items()],
        )
    if isinstance(value, LocatedList):
        return ("LocatedList", value.line, list(value.lines), [shape(item) for item in value])
    if isinstance(value, dict):
        return (type(value).__name__, [(repr(key), shape(item)) for key, item in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [shape(item) for item in value])
    if isinstance(value, set):
        return ("set", sorted(repr(item) for item in value))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, repr(value))


def read_both(text: str) -> tuple:
    """What `_read_yaml` gives for `text` with the generic construction, and with today's."""

    def outcome():
        try:
            data, problems = load._read_yaml(text.encode("utf-8", "surrogatepass"), "theme.yml")
        except Exception as error:  # noqa: BLE001 - an error must be the same error too
            return ("raised", type(error).__name__, str(error))
        return (shape(data), problems)

    with _generic_loaders():
        before = outcome()
    return before, outcome()


def content_files() -> list[Path]:
    skip = {".venv", "site", ".cache", ".git", "node_modules"}
    found = []
    for pattern in ("*.yml", "*.yaml"):
        for path in [*ROOT.rglob(pattern), *FIXTURES.rglob(pattern)]:
            if not skip.intersection(path.relative_to(ROOT).parts):
                found.append(path)
    return sorted(set(found))


def test_the_real_guide_reads_the_same():
    files = content_files()
    assert len(files) > 50 and any(path.parent.name == "themes" for path in files)
    read = 0
    for path in files:
        before, after = read_both(path.read_text(encoding="utf-8", errors="surrogateescape"))
        assert before == after, path
        read += isinstance(after[0], tuple) and after[0][0] == "Located"
    assert read > 50


HAND_MADE = [
    "a: 1\nb: two\n",
    "id: x\ntitle: 'A title'\nsummary: >-\n  folded\n  text\nitems:\n  - one\n  - two: 2\n    three: [a, b, {c: d}]\n",
    # booleans, nulls and the words YAML 1.1 reads as them, as values and as keys
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: FALSE\ni: ~\nj: null\nk:\nl: ''\nm: Null\n",
    "on: 1\nno: 2\nyes: 3\n~: 4\nnull: 5\ntrue: 6\n'on': 7\n\"no\": 8\n",
    "on: 1\n'on': 2\n",
    # numbers
    (
        "a: 0x1f\nb: 0o17\nc: 017\nd: 1_000\ne: 1e3\nf: 1.5e+3\ng: .inf\nh: -.Inf\ni: .NaN\nj: +12\nk: 0b101\n"
        "l: 190:20:30\nm: -0\nn: 3.\no: .5\np: 1.2.3\nq: 0.\nr: 12e03\ns: 1,000\n"
    ),
    "1: a\n2.5: b\n0x10: c\n'1': d\n1: e\n",
    # dates and times
    "a: 2002-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 2002-1-2\ne: '2002-12-14'\n",
    "a: 2020-13-45\n",
    # anchors, aliases and merges
    "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n",
    "a: &a {p: 1}\nb: &b {q: 2}\nc:\n  <<: [*a, *b]\n  p: 9\n",
    "list: &l [1, 2]\nagain: *l\nmore: [*l, *l]\n",
    "c:\n  <<: {x: 1}\n  x: 2\n",
    "c:\n  x: 2\n  <<: {x: 1, z: 3}\n",
    "c:\n  <<: [{x: 1}, {x: 2, w: 0}]\n",
    "c:\n  <<: 3\n",
    "c:\n  <<: [1]\n",
    "=: value key\nx: =\n",
    "a: &a [*a]\n",
    "a: &x b\nc: *x\nd: *y\n",
    "a: b\n<<: c\n",
    # tags
    "a: !!str 1\nb: !!int '3'\nc: !!float 2\nd: !!bool yes\ne: !!null ''\nf: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\nb: !!omap [x: 1, y: 2]\nc: !!pairs [x: 1, x: 2]\nd: !!seq [1]\ne: !!map {k: v}\n",
    "a: !!python/object:os.system x\n",
    "a: !custom x\n",
    "a: ! 12\nb: ! yes\nc: !!str\n",
    "a: !!map [1, 2]\n",
    "a: !!str {b: c}\n",
    "a: !!seq {b: c}\n",
    "!!map {a: b}\n",
    "--- !!str\nhello\n",
    # keys that are not plain words
    "[a, b]: 1\n? {x: y}\n: 2\nc: 3\n",
    "? - a\n  - b\n: c\n",
    "a: 1\na: 2\na: 3\n",
    "a: 1\n'a': 2\n1: x\n'1': y\n",
    "a: {b: 1, b: 2}\nlist:\n  - {x: 1, x: 1}\n",
    # lines: a mid-line U+2028, CRLF, a byte order mark, tabs, blank lines
    "a: one\u2028two\nb: three\n\nc:\n  - d\n",
    "a: x\r\nb:\r\n  - y\r\n  - z\r\n",
    "\ufeffa: 1\nb: 2\n",
    "a: \u0085 b\nc: d\n",
    "a:\tb\n",
    "# a comment\n\na: 1 # and another\n\n\nb:\n\n  - x\n",
    # other shapes of document
    "",
    "# only a comment\n",
    "- a\n- b\n",
    "just text\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: 'unclosed\n",
    "a: b: c\n",
    "a:\n  b\n c\n",
    "a: |\n  literal\n   kept\nb: >+\n  folded\n\n",
    "a: \"esc \\u00e9 \\x41 \\t\"\nb: 'it''s'\n",
    "a: -\nb: - x\n",
    "a: [[[[1]]]]\nb: {c: {d: {e: f}}}\n",
]


@pytest.mark.parametrize("text", HAND_MADE)
def test_hand_made_texts_read_the_same(text):
    before, after = read_both(text)
    assert before == after


def test_a_long_document_without_anchors_reads_the_same():
    """Over MAX_NODES // 2 characters: the expansion count runs on the quick path too."""
    text = "items:\n" + "".join(
        f"  - {{n: {number}, t: 'x{number}', d: 2020-01-0{number % 9 + 1}}}\n" for number in range(4000)
    )
    assert len(text) >= load.MAX_NODES // 2
    before, after = read_both(text)
    assert before == after and after[1] == []


TOKENS = st.sampled_from(
    [
        "x",
        "Text with words",
        "yes",
        "No",
        "on",
        "~",
        "null",
        "",
        "12",
        "-3",
        "0x1A",
        "1.5",
        ".inf",
        "2020-01-02",
        "2001-12-14 21:59:43.10",
        "'quoted'",
        '"double"',
        "'yes'",
        "!!str 5",
        "!!int 7",
        "!!float x",
        "!x y",
        "&a",
        "&a x",
        "&b {k: v}",
        "*a",
        "*b",
        "[a, *a]",
        "{k: 1, k: 2}",
        "[1, {a: b}]",
        "|",
        ">-",
        "=",
        "<<",
        "\u2028",
    ]
)
KEYS = st.sampled_from(["id", "title", "on", "no", "1", "2.0", "'on'", "<<", "=", "~", "? x", "a", "a", "b"])
LINE = st.builds(
    lambda indent, dash, key, value: " " * indent + ("- " if dash else "") + (f"{key}: " if key else "") + value,
    st.integers(min_value=0, max_value=6),
    st.booleans(),
    st.one_of(st.none(), KEYS),
    TOKENS,
)
YAMLISH = st.lists(LINE, min_size=1, max_size=12).map(lambda lines: "\n".join(lines) + "\n")
SAME = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SAME
@given(text=YAMLISH)
def test_yaml_made_of_tricky_parts_reads_the_same(text):
    before, after = read_both(text)
    assert before == after


@SAME
@given(text=DOCUMENTS)
def test_fuzzed_yaml_reads_the_same(text):
    before, after = read_both(text)
    assert before == after


@SAME
@given(text=st.text(alphabet=string.printable + "&*!<=~:-[]{}?\u2028", max_size=200))
def test_random_text_reads_the_same(text):
    before, after = read_both(text)
    assert before == after


def test_the_quick_resolver_gives_the_generic_tag():
    """Every first character and many values, plain and quoted, straight to the resolver."""
    loader = load._FastLineLoader("a: b\n", "x.yml")
    try:
        values = ["", "x", "yes", "NO", "on", "Off", "~", "null", "12", "+1", "-0x1f", "1_0", ".5", ".NaN", "=", "<<"]
        values += ["2002-12-14", "190:20:30", "1e3", "!", "&", "*", "tiny", "Yesterday", "nullable", "ON "]
        values += [chr(code) for code in range(0x250)]
        for value in values:
            for implicit in ((True, False), (False, True), (False, False)):
                for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
                    given_value = value if kind is yaml.ScalarNode else None
                    assert loader.resolve(kind, given_value, implicit) == yaml.resolver.BaseResolver.resolve(
                        loader, kind, given_value, implicit
                    ), (value, implicit, kind)
    finally:
        loader.dispose()


def test_the_reference_path_is_really_the_generic_one(monkeypatch):
    """The comparison above would prove nothing if both sides took the quick path."""
    calls = []
    original = yaml.constructor.BaseConstructor.construct_object

    def counted(self, node, deep=False):
        calls.append(node)
        return original(self, node, deep)

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_object", counted)
    with _generic_loaders():
        load._read_yaml(b"a: x\nb: [y, z]\n", "x.yml")
    assert len(calls) == 7  # the mapping, its two keys, "x", the list and its two items
    calls.clear()
    load._read_yaml(b"a: x\nb: [y, z]\n", "x.yml")
    assert calls == []
