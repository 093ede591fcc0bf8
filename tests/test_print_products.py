"""Printables are plain data (a template and its values), laid out by a standard process pool."""

from __future__ import annotations

import os
import pickle

import pytest

from generator import pdf, pipeline
from generator.history import build_date_text


@pytest.fixture
def products(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    generated = pipeline.generate(mini)
    guide, site, _ = generated.checked.ready()
    assert generated.history is not None
    return pdf.products(guide, site.site_name, site.site_url, build_date_text(mini), generated.history)


def test_a_product_is_data_that_survives_pickling(products):
    assert len(products) >= 2
    assert {product.one_page for product in products} == {True, False}, "one side and front-and-back both"
    for product in products:
        copy = pickle.loads(pickle.dumps(product))
        assert copy.name == product.name and copy.page.template == product.page.template
        assert copy.html(1.0, "key") == product.html(1.0, "key")
        layout = pickle.loads(pickle.dumps(pdf.layout_of(product)))
        assert layout.html_by_scale[-1] == product.html(1.0, pdf.content_key(product))


def _in_order(laid_out) -> list:
    """`each_pdf`'s results (which come as each is done) in the order of the products."""
    found = dict(laid_out)
    return [found[index] for index in range(len(found))]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores for two workers")
def test_one_worker_and_two_workers_make_the_same_bytes_in_the_same_order(products):
    one = _in_order(pdf.each_pdf(products, workers=1))
    two = _in_order(pdf.each_pdf(products, workers=2))
    assert [html for html, _, _ in one] == [html for html, _, _ in two]
    assert [data for _, data, _ in one] == [data for _, data, _ in two]
    assert [pages for _, _, pages in one] == [pages for _, _, pages in two]
    for (html, data, _), product in zip(one, products, strict=True):  # in the order of the products
        assert data.startswith(b"%PDF") and html in pdf.layout_of(product).html_by_scale
