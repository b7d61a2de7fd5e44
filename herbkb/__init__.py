"""HerbKB: a trilingual traditional-medicine herb catalogue (Vietnamese, Chinese, Latin)."""

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
