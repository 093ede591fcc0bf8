"""What keeps a large guide's peak memory down (benchmarks/README.md, "Peak memory at x100"):
pages held as the bytes they are written as, line-tracked YAML without an attribute dict per
mapping, one copy of each key."""

from __future__ import annotations

import pickle
import sys

from generator import load, pipeline
from generator.files import Pages
from generator.load import Located, LocatedList


def test_generated_pages_are_held_as_the_bytes_written(mini):
    generated = pipeline.generate(mini)
    pages = generated.pages
    assert isinstance(pages, Pages) and len(pages) > 5
    for name in pages:
        data = pages.encoded(name)
        assert data == (mini / "docs" / name).read_bytes()
        assert pages[name] == data.decode("utf-8")
    curly = next(name for name in pages if any(ord(char) > 255 for char in pages[name]))
    text = pages[curly]  # Python holds this text at 2 bytes a character; the page is held at about 1
    assert sys.getsizeof(pages.encoded(curly)) < sys.getsizeof(text) * 0.6
    assert list(pages) == sorted(pages), "in the order of their paths, as before"


def test_pages_behave_as_a_mapping_of_text():
    pages = Pages()
    pages["b.md"] = "— two"
    pages["a.md"] = "one"
    assert dict(pages) == {"b.md": "— two", "a.md": "one"} and "a.md" in pages and len(pages) == 2
    assert list(pages.sorted()) == ["a.md", "b.md"] and pages.sorted() == pages
    del pages["a.md"]
    assert pages == {"b.md": "— two"} and pages.encoded("b.md") == "— two".encode()


def test_located_yaml_has_no_attribute_dict_and_keeps_its_lines_through_pickling(mini):
    data, problems = load.read_yaml(mini / "evidence/themes/recognition.yml", mini)
    assert problems == [] and isinstance(data, Located)
    lists = [value for value in data.values() if isinstance(value, LocatedList)]
    assert lists, "the theme has lists"
    for value in [data, *lists]:
        assert not hasattr(value, "__dict__")
    copy = pickle.loads(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == data and copy.line == data.line and copy.lines == data.lines
    for key, value in data.items():
        if isinstance(value, LocatedList):
            assert copy[key].lines == value.lines and copy[key].line == value.line
    assert load.line_of(Located()) == 0 and load.line_of(LocatedList(), 3) == 0


def test_the_same_key_in_two_files_is_one_string(mini):
    first, _ = load.read_yaml(mini / "evidence/themes/recognition.yml", mini)
    themes = sorted((mini / "evidence/themes").glob("*.yml"))
    second, _ = load.read_yaml(next(path for path in themes if path.name != "recognition.yml"), mini)
    assert first is not None and second is not None
    shared = set(first) & set(second)
    assert "title" in shared
    for key in shared:
        assert next(k for k in first if k == key) is next(k for k in second if k == key)
