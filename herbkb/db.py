"""Engine, schema and SQLite specifics (pragmas, file checks, online backup).

Everything SQLite-only lives here, so a PostgreSQL counterpart can stand beside it later.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine, event, update
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from herbkb import models
from herbkb.normalize import fulltext_form

SQLITE_MAGIC = b"SQLite format 3\x00"


class CatalogueError(Exception):
    """A problem the user can act on; the message says what and where."""


class BusyError(CatalogueError):
    """Another change held the catalogue for longer than a writer waits (a long import)."""


# how long a write waits for another to finish before giving up
LOCK_TIMEOUT = 5.0


class ReadOnlyError(CatalogueError):
    """A write to a catalogue opened read-only; nothing was changed."""


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


def _sqlite_pragmas(
    lock_timeout: float, dbapi_connection: sqlite3.Connection, _record: object
) -> None:
    # let SQLAlchemy, not the driver, issue BEGIN: the driver's own handling breaks SAVEPOINT,
    # which imports use to reject one record without losing the others
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # 64 MB of page cache: a 50,000-herb import keeps its indexes in memory
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _begin(conn: Connection) -> None:
    # a writer takes the write lock as it starts (BEGIN IMMEDIATE), so it waits its turn
    # there; a deferred BEGIN would take it at the first write and fail at once ("database is
    # locked") when another writer got there in between. Reads stay deferred and never wait.
    write = conn.get_execution_options().get("herbkb_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sqlite_query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


def _refused_write(context: ExceptionContext) -> None:
    if getattr(context.original_exception, "sqlite_errorname", None) == "SQLITE_READONLY":
        raise ReadOnlyError(
            f"{context.engine.url.database}: the catalogue is open read-only; nothing was changed"
        ) from context.original_exception


def make_engine(url: str, lock_timeout: float = LOCK_TIMEOUT, *, read_only: bool = False) -> Engine:
    """An engine on `url`; `read_only` makes the database itself refuse every write, so no
    code path (today's write methods or tomorrow's) can change a read-only catalogue."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_sqlite_pragmas, lock_timeout))
        event.listen(engine, "begin", _begin)
        if read_only:
            event.listen(engine, "connect", _sqlite_query_only)
            event.listen(engine, "handle_error", _refused_write)
    elif read_only:
        raise CatalogueError(
            f"{engine.dialect.name}: read-only catalogues are built on SQLite; no other engine yet"
        )
    return engine


def writer(engine: Engine) -> Engine:
    """The engine for write transactions: the same pool, each transaction begun for writing."""
    return engine.execution_options(herbkb_write=True)


def is_busy(exc: OperationalError) -> bool:
    """Whether the database refused because another connection held its lock."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def create_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql(FULLTEXT_TABLE)
    with Session(engine) as session:
        if session.get(models.Meta, "schema_version") is None:
            session.add(models.Meta(key="schema_version", value=str(models.SCHEMA_VERSION)))
            session.add(models.Meta(key="data_version", value="0"))
            session.commit()


# column definitions added by each schema version, so an older catalogue file is upgraded in
# place when it is opened
UPGRADES: dict[int, tuple[str, ...]] = {
    3: (
        "ALTER TABLE herb ADD COLUMN retired_on DATE",
        "ALTER TABLE herb ADD COLUMN retired_reason VARCHAR",
        "ALTER TABLE herb ADD COLUMN merged_into VARCHAR",
        # full-text rows take their section's id as rowid (see fulltext_remove)
        "CREATE TEMP TABLE section_text_v2 AS SELECT m.id, t.herb_id, t.section, t.lang, t.body "
        "FROM section_text t JOIN monographsection m "
        "ON m.herb_id = t.herb_id AND m.section = t.section AND m.lang = t.lang",
        "DELETE FROM section_text",
        "INSERT INTO section_text (rowid, herb_id, section, lang, body) "
        "SELECT * FROM section_text_v2",
        "DROP TABLE section_text_v2",
    ),
}


def _schema_version(conn: Connection) -> int | None:
    try:
        found = conn.execute(
            select(models.Meta.value).where(models.Meta.key == "schema_version")
        ).scalar()
    except OperationalError:
        return None  # not a catalogue: check_schema says so
    return int(found) if found is not None else None


def upgrade_schema(engine: Engine, where: str) -> None:
    """Bring a catalogue written by an older HerbKB (from schema version 2) up to this one, in
    one transaction, so a failure leaves the file as it was. Anything else is left for
    `check_schema` to report."""
    with engine.connect() as conn:
        found = _schema_version(conn)
    if found is None or not 2 <= found < models.SCHEMA_VERSION:
        return
    try:
        with writer(engine).begin() as conn:
            found = _schema_version(conn)  # again, now that no one else can be upgrading it
            for version in range((found or models.SCHEMA_VERSION) + 1, models.SCHEMA_VERSION + 1):
                for statement in UPGRADES[version]:
                    conn.exec_driver_sql(statement)
            conn.execute(
                update(models.Meta)
                .where(models.Meta.key == "schema_version")
                .values(value=str(models.SCHEMA_VERSION))
            )
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        raise BusyError(f"{where}: busy, so it cannot be upgraded now; try again shortly") from exc


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


# --- full text (SQLite FTS5) ---------------------------------------------------------------------
# Monograph text is indexed in a searchable form (fulltext_form): diacritics folded, Han
# characters one token each, so `dau dau` finds `đau đầu` and 头痛 finds 偏头痛. A PostgreSQL
# counterpart of these three functions would use pg_trgm over the same form.

FULLTEXT_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS section_text USING fts5("
    "herb_id UNINDEXED, section UNINDEXED, lang UNINDEXED, body, tokenize = 'unicode61')"
)


# words of a query matched as one phrase: SQLite's time grows with them (5,000 words: 0.2 s),
# and a longer passage pasted in is found by its first words
PHRASE_MAX = 32


def fulltext_add(conn: Connection, rows: list[tuple[int, int, str, str, str]]) -> None:
    """Index (section id, herb id, section, lang, text in fulltext_form) rows (SQLite only;
    elsewhere nothing yet). The caller folds the text: a long import does it in a second
    process. The section's id is the row's rowid, by which `fulltext_remove` finds it."""
    if not rows or conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql(
        "INSERT INTO section_text (rowid, herb_id, section, lang, body) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def fulltext_remove(conn: Connection, herb_ids: list[int]) -> None:
    """Unindex the herbs' sections; before their `monographsection` rows are deleted."""
    if not herb_ids or conn.dialect.name != "sqlite":
        return
    # by rowid: herb_id is UNINDEXED, and a condition on it reads the whole table (14 ms a
    # save on the 546 bundled herbs, growing with the catalogue)
    conn.exec_driver_sql(
        "DELETE FROM section_text WHERE rowid IN (SELECT id FROM monographsection "
        f"WHERE herb_id IN ({', '.join('?' * len(herb_ids))}))",
        tuple(herb_ids),
    )


def fulltext_search(conn: Connection, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(herb id, section, lang) of sections containing the query's words, in that order."""
    if conn.dialect.name != "sqlite":
        raise CatalogueError("full-text search is built on SQLite FTS5; no other engine yet")
    phrase = fulltext_form(query).split()[:PHRASE_MAX]
    if not phrase:
        return []
    match = '"' + " ".join(token.replace('"', "") for token in phrase) + '"'
    rows = conn.exec_driver_sql(
        "SELECT herb_id, section, lang FROM section_text WHERE section_text MATCH ? "
        "ORDER BY rank LIMIT ?",
        (match, limit),
    )
    return [tuple(r) for r in rows]
