"""SQLite settings that protect the data: WAL, foreign keys, busy timeout, online backup."""

from pathlib import Path

import pytest
from sqlalchemy import text

from herbkb import Catalogue, CatalogueError
from herbkb.db import backup
from tests.conftest import herb


def pragma(cat: Catalogue, name: str) -> object:
    with cat.engine.connect() as conn:
        return conn.execute(text(f"PRAGMA {name}")).scalar()


def test_wal_foreign_keys_and_busy_timeout_are_on(cat: Catalogue) -> None:
    assert pragma(cat, "journal_mode") == "wal"
    assert pragma(cat, "foreign_keys") == 1
    assert pragma(cat, "busy_timeout") == 5000


def test_foreign_keys_are_enforced(cat: Catalogue) -> None:
    from sqlalchemy.exc import IntegrityError

    with cat.engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(
            text(
                "INSERT INTO herbname (herb_id, text, lang, kind, position, norm) "
                "VALUES (999, 'x', 'vi', 'primary', 0, 'x')"
            )
        )


def test_backup_is_a_working_copy(cat: Catalogue, tmp_path: Path) -> None:
    cat.add(herb(), author="t")
    target = tmp_path / "backup.db"
    backup(Path(cat.where), target)
    assert Catalogue.open(target).record("cam-thao") == herb()
    with pytest.raises(CatalogueError, match="already exists"):
        backup(Path(cat.where), target)
