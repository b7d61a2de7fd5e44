from __future__ import annotations

from pathlib import Path

import pytest

from herbkb import Catalogue
from herbkb.records import HerbRecord
from loaders import load_paths

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "herbs"


def herb(slug: str = "cam-thao", **fields: object) -> HerbRecord:
    """A small valid record, with any field overridden."""
    base: dict[str, object] = {
        "slug": slug,
        "names": [
            {"text": "Cam thảo", "lang": "vi"},
            {"text": "甘草", "lang": "zh-Hans"},
            {"text": "gān cǎo", "lang": "zh-Latn-pinyin"},
            {"text": "Glycyrrhizae Radix et Rhizoma", "lang": "la"},
        ],
        "sources": [
            {
                "species": "Glycyrrhiza uralensis Fisch.",
                "family": "Fabaceae",
                "part": "root-and-rhizome",
            }
        ],
        "nature": "neutral",
        "flavours": ["sweet"],
        "provenance": "test data",
    }
    base.update(fields)
    return HerbRecord.model_validate(base)


@pytest.fixture
def cat(tmp_path: Path) -> Catalogue:
    """An empty catalogue in a real SQLite file."""
    return Catalogue.open(tmp_path / "herbkb.db", create=True)


@pytest.fixture(scope="session")
def bundled_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data loaded once into a SQLite file; tests copy nothing into it."""
    path = tmp_path_factory.mktemp("bundled") / "herbkb.db"
    catalogue = Catalogue.open(path, create=True)
    loaded = load_paths([DATA])
    report = catalogue.import_records(loaded.items, author="test", references=loaded.references)
    rejected = [r for r in report.rows if r.outcome == "rejected"]
    assert not rejected, rejected[:5]
    return path


@pytest.fixture(scope="session")
def bundled(bundled_path: Path) -> Catalogue:
    return Catalogue.open(bundled_path)
