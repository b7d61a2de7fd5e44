"""Engine, schema and SQLite specifics (pragmas, file checks, online backup).

Everything SQLite-only lives here, so a PostgreSQL counterpart can stand beside it later.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine, select

from herbkb import models

SQLITE_MAGIC = b"SQLite format 3\x00"


class CatalogueError(Exception):
    """A problem the user can act on; the message says what and where."""


def to_url(path_or_url: str | Path) -> str:
    text = str(path_or_url)
    return text if "://" in text else f"sqlite:///{Path(text).expanduser()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    if not path.exists():
        if must_exist:
            raise CatalogueError(
                f"{path}: no catalogue here. Create one with `herbkb init --db {path}` "
                "or point --db / HERBKB_DB at an existing one."
            )
        if not path.parent.is_dir():
            raise CatalogueError(f"{path}: folder {path.parent} does not exist")
        return
    if path.is_dir():
        raise CatalogueError(f"{path}: is a folder, not a catalogue file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc.strerror})") from exc
    if head and head != SQLITE_MAGIC:
        raise CatalogueError(f"{path}: is not a SQLite database (HerbKB catalogues are)")


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # let SQLAlchemy, not the driver, issue BEGIN: the driver's own handling breaks SAVEPOINT,
    # which imports use to reject one record without losing the others
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # 64 MB of page cache: a 50,000-herb import keeps its indexes in memory
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def create_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        if session.get(models.Meta, "schema_version") is None:
            session.add(models.Meta(key="schema_version", value=str(models.SCHEMA_VERSION)))
            session.add(models.Meta(key="data_version", value="0"))
            session.commit()


def check_schema(engine: Engine, where: str) -> None:
    try:
        with Session(engine) as session:
            row = session.exec(
                select(models.Meta).where(models.Meta.key == "schema_version")
            ).first()
    except Exception as exc:
        raise CatalogueError(f"{where}: not a HerbKB catalogue ({exc.__class__.__name__})") from exc
    if row is None or int(row.value) != models.SCHEMA_VERSION:
        found = row.value if row else "none"
        raise CatalogueError(
            f"{where}: catalogue schema version {found}, this HerbKB needs {models.SCHEMA_VERSION}"
        )


def backup(source: Path, target: Path) -> None:
    """Copy a live catalogue with SQLite's online backup API (safe while others write)."""
    if target.exists():
        raise CatalogueError(f"{target}: already exists; choose a new backup file")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
