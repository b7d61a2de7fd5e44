"""HerbKB: a trilingual traditional-medicine herb catalogue (Vietnamese, Chinese, Latin)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from herbkb.catalogue import Catalogue, ConflictError, MergeConflictError
    from herbkb.db import BusyError, CatalogueError, ReadOnlyError
    from herbkb.records import HerbRecord
    from herbkb.search import Hit

__all__ = [
    "BusyError",
    "Catalogue",
    "CatalogueError",
    "ConflictError",
    "HerbRecord",
    "Hit",
    "MergeConflictError",
    "ReadOnlyError",
]
_HOME = {
    "BusyError": "herbkb.db",
    "Catalogue": "herbkb.catalogue",
    "CatalogueError": "herbkb.db",
    "ConflictError": "herbkb.catalogue",
    "HerbRecord": "herbkb.records",
    "Hit": "herbkb.search",
    "MergeConflictError": "herbkb.catalogue",
    "ReadOnlyError": "herbkb.db",
}


def __getattr__(name: str) -> object:
    # imported when first asked for: a process that needs only part of herbkb (the loaders'
    # row-parsing worker) does not load the database and search layers
    if name not in _HOME:
        raise AttributeError(f"module 'herbkb' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
