"""What keeps a large guide's peak memory down (benchmarks/README.md, "Peak memory at x100"):
pages held as the bytes they are written as."""

from __future__ import annotations

import sys

from generator import pipeline
from generator.files import Pages


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
