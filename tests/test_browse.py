"""Browsing the whole catalogue: readers' sort orders and facet filters."""

import pandas as pd

from herbkb import Catalogue
from herbkb.browse import Browser
from herbkb.collation import Order, pinyin_key, vi_key
from herbkb.search import SearchFilters


def test_vietnamese_order_is_the_dictionarys(bundled: Catalogue) -> None:
    view = Browser(bundled.index()).view(SearchFilters(), Order.VI)
    names = view.table["vi"].tolist()
    assert names == sorted(names, key=vi_key)
    # Đ after D, not after Z as code points would put it
    first_d = next(i for i, n in enumerate(names) if n.startswith("Đ"))
    assert names[first_d - 1].startswith("D") and not names[-1].startswith("Đ")
    assert view.total == len(names)


def test_pinyin_and_latin_orders_put_missing_names_last(bundled: Catalogue) -> None:
    browser = Browser(bundled.index())
    pinyin = browser.view(SearchFilters(), Order.PINYIN).table["zh-Latn-pinyin"].tolist()
    present = [p for p in pinyin if isinstance(p, str)]
    assert present == sorted(present, key=pinyin_key)
    assert pd.isna(pinyin[len(present) :]).all()
    latin = browser.view(SearchFilters(), Order.LATIN).table["la"].tolist()
    present = [x for x in latin if isinstance(x, str)]
    assert [x.casefold() for x in present] == sorted(x.casefold() for x in present)


def test_facets_narrow_the_table_and_count_what_is_left(bundled: Catalogue) -> None:
    browser = Browser(bundled.index())
    everything = browser.view(SearchFilters())
    warm = {v.term: v.count for v in everything.facets["nature"]}["warm"]
    view = browser.view(SearchFilters(nature=["warm"]))
    assert len(view.table) == warm
    toxic = {v.term: v.count for v in view.facets["toxicity"]}.get("toxic", 0)
    assert len(browser.view(SearchFilters(nature=["warm"], toxicity=["toxic"])).table) == toxic


def test_a_view_asked_again_is_the_same_and_comes_back_at_once(bundled: Catalogue) -> None:
    browser = Browser(bundled.index())
    warm = SearchFilters(nature=["warm"])
    first = browser.view(warm, Order.PINYIN)
    assert browser.view(warm, Order.PINYIN) is first
    assert browser.view(warm, Order.VI).table.slug.tolist() != first.table.slug.tolist()
    assert browser.view(SearchFilters(), Order.PINYIN).total == first.total
