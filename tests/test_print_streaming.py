"""The printables are written one by one as each is laid out, not held until the last is done
(at x100, holding every PDF and HTML for one write at the end took some 60 MB)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from generator import parallel, pdf, pipeline
from generator.render import print_index_names, render_print_index


def _on_disk(mini: Path) -> dict[str, bytes]:
    folder = mini / "docs/print"
    return {f"print/{path.name}": path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_each_printable_is_written_before_the_next_is_laid_out(mini, monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 1)  # in this process, one after the other
    real = pdf.lay_out
    seen: list[list[str]] = []

    def lay_out(job):
        seen.append(sorted(path.name for path in (mini / "docs/print").glob("*.pdf")))
        return real(job)

    monkeypatch.setattr(pdf, "lay_out", lay_out)
    printed = pipeline.export_print(mini, pipeline.generate(mini))
    assert printed.errors == []
    assert len(seen) >= 2, "the mini guide has two printables"
    assert [len(names) for names in seen] == list(range(len(seen))), "a PDF waited for the last layout"


def test_the_result_names_each_file_and_its_size_and_holds_no_bytes(mini):
    printed = pipeline.export_print(mini, pipeline.generate(mini))
    on_disk = _on_disk(mini)
    assert printed.files == {name: len(data) for name, data in on_disk.items()}
    assert printed.written is not None and sorted(printed.written.written) == sorted(on_disk)
    again = pipeline.export_print(mini, pipeline.generate(mini))
    assert again.files == printed.files and again.written is not None and again.written.written == []
    assert _on_disk(mini) == on_disk


def test_a_hand_written_file_in_the_way_stops_the_run_before_any_layout(mini, monkeypatch):
    def never(job):
        raise AssertionError("laid out although nothing may be written")

    monkeypatch.setattr(pdf, "lay_out", never)
    (mini / "docs/print").mkdir(parents=True)
    (mini / "docs/print/checklist-carers.html").write_text("<p>our own</p>", encoding="utf-8")
    printed = pipeline.export_print(mini, pipeline.generate(mini))
    assert [problem.message for problem in printed.errors] == ["a hand-written file is where a generated page must go"]
    assert printed.written is None and printed.files == {}
    assert _on_disk(mini) == {"print/checklist-carers.html": b"<p>our own</p>"}


def test_a_printable_no_longer_made_is_removed_after_the_others_are_written(mini):
    pipeline.export_print(mini, pipeline.generate(mini))
    stale = mini / "docs/print/checklist-carers.pdf"
    gone = stale.with_name("checklist-gone.pdf")
    gone.write_bytes(stale.read_bytes())  # the generator's own PDF of a checklist since deleted
    printed = pipeline.export_print(mini, pipeline.generate(mini))
    assert printed.written is not None and printed.written.removed == ["print/checklist-gone.pdf"]
    assert not gone.exists() and stale.exists()


def test_the_index_pages_are_known_before_the_printables_are_laid_out(mini):
    generated = pipeline.generate(mini)
    guide, site, _ = generated.checked.ready()
    made = pdf.products(guide, site.site_name, site.site_url, "1 December 2026", generated.history)
    checklist = next(product for product in made if product.name.startswith("checklist-"))
    many = made + [replace(checklist, name=f"checklist-copy-{number}", title=f"Copy {number}") for number in range(400)]
    for products in (made, many):
        listing = [(product, 2048, 1) for product in products]
        assert print_index_names(products) == list(render_print_index(guide, listing, generated.history))
    assert len(print_index_names(many)) > 2, "a listing in parts"


def _last_when_the_others_are_done(item: tuple[int, int, str]) -> int:
    """Item 0 waits until every other item has left its mark in a shared folder; the others mark and return."""
    number, count, folder = item
    if number == 0:
        deadline = time.monotonic() + 60
        while len(os.listdir(folder)) < count - 1 and time.monotonic() < deadline:
            time.sleep(0.01)
    else:
        with open(os.path.join(folder, str(number)), "w"):
            pass
    return number


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores for two workers")
def test_in_workers_each_result_comes_as_soon_as_it_is_done(tmp_path):
    items = [(number, 6, str(tmp_path)) for number in range(6)]
    came = [
        (index, result) for index, result in parallel.each_in_workers(_last_when_the_others_are_done, items, workers=2)
    ]
    assert sorted(came) == [(number, number) for number in range(6)]
    # item 0 ends as the last other item marks its file, so those two may come in either order
    assert (0, 0) in came[-2:], f"the first item's result held the others back: {came}"
    for mark in tmp_path.iterdir():
        mark.unlink()
    assert parallel.map_in_workers(_last_when_the_others_are_done, items, workers=2) == list(range(6))
