"""What every page shares: the server's one catalogue and browse table."""

from __future__ import annotations

import gc
import weakref

from herbkb import Catalogue
from herbkb.search import PATCH_MAX
from tests.conftest import herb
from ui import shared


def test_an_import_lets_the_index_it_replaced_go(cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="Lan")
    shown = shared.browser(cat)
    replaced = weakref.ref(cat.index())
    for i in range(PATCH_MAX + 1):  # more than an index patches: an import, rebuilt
        names = [{"text": f"Thảo số {i}", "lang": "vi"}]
        cat.add(herb(f"thao-so-{i}", names=names), author="Lan")
    assert len(shared.browser(cat)) == PATCH_MAX + 2
    del shown
    gc.collect()
    # at 50,000 herbs an index holds 440 MB: the server keeps one, not the last two
    assert replaced() is None
