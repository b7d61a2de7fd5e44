"""Every herb of the catalogue as one table: sorted in a reader's order, narrowed by facets.

Built from the search index (which already holds each herb's shown names and facets), so
browsing 50,000 herbs reads no database; the sort orders are computed once, when first asked.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
from pydantic import BaseModel, ConfigDict

from herbkb.collation import Order, sort_key
from herbkb.facets import FacetValue, count_facets
from herbkb.search import SearchFilters, SearchIndex

COLUMNS = ("vi", "zh-Hans", "zh-Latn-pinyin", "la", "en")
# views kept for the next reader of the same page (each up to the whole table, a few MB at 50k)
KEPT_VIEWS = 16
SORTED_BY = {Order.VI: "vi", Order.PINYIN: "zh-Latn-pinyin", Order.LATIN: "la"}


class BrowseView(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    table: pd.DataFrame  # slug, the shown names, toxicity, look-alikes; in the asked order
    facets: dict[str, list[FacetValue]]
    total: int  # herbs in the catalogue


class Browser:
    """The herbs of one version of the index, ready to sort and filter."""

    def __init__(self, index: SearchIndex) -> None:
        self.data_version = index.data_version
        infos = list(index.herbs.values())
        columns: dict[str, list[object]] = {
            "slug": [i.slug for i in infos],
            **{lang: [i.names.get(lang) for i in infos] for lang in COLUMNS},
            "toxicity": [i.toxicity for i in infos],
            "lookalikes": [len(i.confusables) for i in infos],
        }
        self.frame = pd.DataFrame(columns)
        self._names = {order: columns[lang] for order, lang in SORTED_BY.items()}
        self._slugs = columns["slug"]
        self._facets = [i.facets for i in infos]
        self._orders: dict[Order, list[int]] = {}
        self._views: OrderedDict[tuple[str, Order], BrowseView] = OrderedDict()
        self._views_lock = threading.Lock()  # one Browser serves every session's thread

    def __len__(self) -> int:
        return len(self.frame)

    def order(self, order: Order) -> list[int]:
        """Row positions in `order` (names missing in that language last)."""
        if order not in self._orders:
            names, slugs = self._names[order], self._slugs
            self._orders[order] = sorted(
                range(len(names)), key=lambda i: (sort_key(order, names[i]), slugs[i])
            )
        return self._orders[order]

    def view(self, filters: SearchFilters, order: Order = Order.VI) -> BrowseView:
        """The herbs the filters admit, in `order`, with the facet counts. Counting 50,000
        herbs' facets takes a third of a second, so the last views asked are kept: the next
        page of a view, and the next reader of a popular one, cost nothing."""
        key = (filters.model_dump_json(), order)
        with self._views_lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        faceted = count_facets(self._facets, filters)
        rows = [i for i in self.order(order) if faceted.admitted[i]]
        table = self.frame.iloc[rows].reset_index(drop=True)
        view = BrowseView(table=table, facets=faceted.facets, total=len(self))
        with self._views_lock:
            self._views[key] = view
            if len(self._views) > KEPT_VIEWS:
                self._views.popitem(last=False)
        return view
