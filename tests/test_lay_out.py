"""A one-sided printable is laid out at the largest type size that fits one side, trying the
body size first: one that does not fit at it goes front and back after a single layout."""

from __future__ import annotations

import pytest

from generator import pdf

SHORT = '<html lang="en"><body><p>Ask who else is involved.</p></body></html>'
LONG = '<html lang="en"><body>' + "<p>Ask who else is involved.</p>" * 400 + "</body></html>"


@pytest.fixture
def layouts(monkeypatch):
    """The HTML of each layout WeasyPrint makes, in order."""
    from weasyprint import HTML

    made: list[str] = []
    render = HTML.render

    def counted(self, *args, **kwargs):
        made.append(self._html)
        return render(self, *args, **kwargs)

    original_init = HTML.__init__

    def remembered(self, *args, string=None, **kwargs):
        original_init(self, *args, string=string, **kwargs)
        self._html = string

    monkeypatch.setattr(HTML, "__init__", remembered)
    monkeypatch.setattr(HTML, "render", counted)
    return made


def test_what_does_not_fit_at_the_body_size_is_laid_out_once(layouts):
    html, data, pages = pdf.lay_out(pdf.Layout(("larger " + LONG, "large " + LONG, LONG), one_page=True))
    assert html == LONG and pages > 1 and data.startswith(b"%PDF")
    assert layouts == [LONG]


def test_what_fits_takes_the_largest_size_that_fits(layouts):
    tall = '<html lang="en"><body>' + "<p>Ask who else is involved.</p>" * 15 + "</body></html>"
    sized = tuple(f"<style>p {{ font-size: {size}pt }}</style>" + tall for size in (40, 12, 11))
    html, _, pages = pdf.lay_out(pdf.Layout(sized, one_page=True))
    assert pages == 1 and html == sized[1], "40 pt takes two sides, 12 pt fits"
    assert layouts == [sized[2], sized[0], sized[1]]
    html, _, _ = pdf.lay_out(pdf.Layout((SHORT, SHORT + " ", SHORT + "  "), one_page=True))
    assert html == SHORT
