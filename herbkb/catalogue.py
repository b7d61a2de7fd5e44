"""The catalogue: open a database, and the write side (add, update, merge-import, revisions).

Every write is one transaction that also writes a `Revision` and bumps the catalogue's
data version, which is how readers (the search index) know to refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError
from sqlalchemy import func, insert, update
from sqlalchemy import text as sql
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from herbkb import db, models, rows
from herbkb.db import BusyError, CatalogueError
from herbkb.diff import RevisionChanges, on_top, revision_changes
from herbkb.importer import ImportCancelled, Importer, ImportReport
from herbkb.merge import merge_herbs
from herbkb.normalize import DATA_DIR, query_text
from herbkb.prepared import HerbRows, prepare
from herbkb.records import HerbRecord, LoadedRecord, RetiredRecord, validation_messages

if TYPE_CHECKING:
    from herbkb.search import Hit, SearchFilters, SearchIndex


class MergeConflictError(CatalogueError):
    """Two herbs to merge disagree on facts; nothing was merged."""

    def __init__(self, keep: str, other: str, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        listed = "\n".join(f"  {c}" for c in conflicts)
        super().__init__(
            f"{other!r} is not merged into {keep!r}: settle first where they disagree\n{listed}"
        )


class ConflictError(CatalogueError):
    """Someone else saved the herb since this editor loaded it.

    Carries what the editor needs to carry on: the revisions since the version they edited
    (who, when, why, which fields), the herb as it is now (`current`, at `version`), their own
    record as they tried to save it (`yours`), and the record they started from (`base`;
    None if it cannot be read), so that `on_top()` can apply their edit to the current one.
    """

    def __init__(
        self,
        message: str,
        *,
        since: list[RevisionChanges],
        current: HerbRecord,
        version: int,
        yours: HerbRecord,
        base: HerbRecord | None,
    ) -> None:
        super().__init__(message)
        self.since = since
        self.current = current
        self.version = version
        self.yours = yours
        self.base = base

    def on_top(self) -> tuple[HerbRecord, list[str]]:
        """The editor's changes applied to the current record, to save at `version`, and
        the fields both changed differently, where the editor's value was taken (`diff.on_top`)."""
        return on_top(self.base or self.current, self.yours, self.current)


class Catalogue:
    """A HerbKB catalogue in one database. `Catalogue.open(path_or_url)` is the entry point."""

    def __init__(self, engine: db.Engine, where: str, lock_timeout: float) -> None:
        self.engine = engine
        self.where = where
        self.lock_timeout = lock_timeout
        self._index: SearchIndex | None = None
        # the app's sessions share one catalogue: after concurrent saves, one thread brings the
        # index up to date while the others wait, instead of each patching it at once
        self._index_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path_or_url: str | Path,
        *,
        create: bool = False,
        lock_timeout: float = db.LOCK_TIMEOUT,
        read_only: bool = False,
    ) -> Catalogue:
        """Open an existing catalogue, or create an empty one when `create` is true.

        A save waits up to `lock_timeout` seconds for another one (or an import) to finish,
        then gives up with `BusyError`. Opened `read_only`, every write (any method, any
        session) raises `ReadOnlyError`.
        """
        if create and read_only:
            raise CatalogueError(f"{path_or_url}: a catalogue cannot be created read-only")
        url = db.to_url(path_or_url)
        path = db.sqlite_path(url)
        if path is not None:
            db.check_sqlite_file(path, must_exist=not create)
        engine = db.make_engine(url, lock_timeout, read_only=read_only)
        if create:
            db.create_schema(engine)
        db.upgrade_schema(engine, str(path or path_or_url))
        db.check_schema(engine, str(path or path_or_url))
        catalogue = cls(engine, str(path or path_or_url), lock_timeout)
        if create and not catalogue.references():
            # the standard works, so that anyone's monograph can cite `cp-2020` from the start
            catalogue.set_references(_bundled_references())
        return catalogue

    def session(self) -> Session:
        return Session(self.engine)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """The one way every write starts: a session whose transaction holds the write lock
        from its first statement, so writers queue instead of failing midway."""
        busy = BusyError(
            f"{self.where}: the catalogue is busy: another change (an import?) has held it "
            f"for over {self.lock_timeout:g} s. Nothing was saved; try again shortly."
        )
        # the app's sessions are threads of one process: they queue here and each starts the
        # moment the one before commits, where SQLite would have them poll with growing sleeps
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise busy
        try:
            with Session(db.writer(self.engine)) as s:
                yield s
        except OperationalError as exc:
            if db.is_busy(exc):
                raise busy from exc
            # a read-only file, a full disk: the database's own words, as a message
            raise CatalogueError(
                f"{self.where}: cannot write the catalogue ({exc.orig}). Nothing was saved."
            ) from exc
        finally:
            self._write_lock.release()

    def writing(self) -> AbstractContextManager[Session]:
        """A write transaction for code that writes beside the herbs (herb lists), taken the
        same way as the catalogue's own writes."""
        return self._writing()

    def data_version(self) -> int:
        with self.session() as s:
            return int(s.get(models.Meta, "data_version").value)

    # --- reading ---------------------------------------------------------------------------

    def slugs(self, *, include_retired: bool = False) -> list[str]:
        """Slugs of the herbs in use; with `include_retired`, of retired herbs too."""
        with self.session() as s:
            query = select(models.Herb.slug).order_by(models.Herb.slug)
            if not include_retired:
                query = query.where(models.Herb.retired_on.is_(None))
            return list(s.exec(query))

    def herb(self, slug: str) -> models.Herb | None:
        with self.session() as s:
            return s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()

    def record(self, slug: str) -> HerbRecord:
        with self.session() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()
            if herb is None:
                raise CatalogueError(f"{self.where}: no herb {slug!r}")
            return rows.read_record(s, herb)

    def records(
        self, slugs: Iterable[str] | None = None, *, include_retired: bool = False
    ) -> list[HerbRecord]:
        """Records of the herbs in use (with `include_retired`, of retired herbs too); or of
        the herbs `slugs` names, in that order, retired or not (a list shows a retired herb)."""
        with self.session() as s:
            if slugs is not None:
                wanted = list(slugs)
                query = select(models.Herb).where(models.Herb.slug.in_(wanted))
                found = {h.slug: h for h in s.exec(query)}
                return rows.read_records(s, [found[x] for x in wanted if x in found])
            query = select(models.Herb).order_by(models.Herb.slug)
            if not include_retired:
                query = query.where(models.Herb.retired_on.is_(None))
            return rows.read_records(s, s.exec(query).all())

    def history(self, slug: str) -> list[models.Revision]:
        with self.session() as s:
            query = select(models.Revision).where(models.Revision.entity_id == slug)
            return list(s.exec(query.order_by(models.Revision.id)))

    def changes(self, slug: str) -> list[RevisionChanges]:
        """A herb's revisions, oldest first, each with the field changes it made."""
        return revision_changes(self.history(slug))

    def references(self) -> dict[str, str]:
        with self.session() as s:
            return {r.key: r.citation for r in s.exec(select(models.Reference))}

    def stats(self) -> dict[str, object]:
        with self.session() as s:

            def count(table: type[models.SQLModel]) -> int:
                return s.exec(select(func.count()).select_from(table)).one()

            langs = s.exec(
                select(models.HerbName.lang, func.count()).group_by(models.HerbName.lang)
            ).all()
            reviewed = s.exec(
                select(func.count()).where(models.Herb.review_status == "reviewed")
            ).one()
            retired = s.exec(select(func.count()).where(models.Herb.retired_on.is_not(None))).one()
            return {
                "database": self.where,
                "herbs": count(models.Herb) - retired,
                "retired": retired,
                "reviewed": reviewed,
                "names": count(models.HerbName),
                "names_by_language": dict(sorted(langs)),
                "species": count(models.Species),
                "monograph_sections": count(models.MonographSection),
                "references": count(models.Reference),
                "revisions": count(models.Revision),
                "data_version": int(s.get(models.Meta, "data_version").value),
            }

    # --- search (the read side lives in herbkb.search) -------------------------------------

    def index(self) -> SearchIndex:
        """The in-memory name index, patched (a few herbs changed) or rebuilt (an import)
        when the catalogue has changed since it was built."""
        from herbkb.search import SearchIndex

        with self._index_lock:
            version = self.data_version()
            stale = self._index is not None and self._index.data_version != version
            if self._index is None or (stale and not self._index.patch(self, version)):
                self._index = SearchIndex.build(self)
            return self._index

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: SearchFilters | None = None,
        full_text: bool = False,
    ) -> list[Hit]:
        """Herbs by any of their names; with `full_text`, by what their monographs say."""
        query = query_text(query)
        index = self.index()
        if not full_text:
            return index.search(query, limit=limit, filters=filters)
        with self.session() as s:
            found = db.fulltext_search(s.connection(), query, limit * 10)
            herb_ids = {h for h, _, _ in found}
            texts = {
                (m.herb_id, m.section, m.lang): m.text
                for m in s.exec(
                    select(models.MonographSection).where(
                        models.MonographSection.herb_id.in_(herb_ids)
                    )
                )
            }
        sections = [(h, sec, lang, texts[(h, sec, lang)]) for h, sec, lang in found]
        return index.text_hits(sections, query, limit=limit, filters=filters)

    def find(self, id_or_name: str) -> HerbRecord:
        """A herb by slug, numeric id, or the best match of its name."""
        with self.session() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == id_or_name)).first()
            if herb is None and id_or_name.isdigit():
                herb = s.get(models.Herb, int(id_or_name))
            if herb is not None:
                return rows.read_record(s, herb)
        hits = self.search(id_or_name, limit=1)
        if not hits:
            raise CatalogueError(f"no herb matches {id_or_name!r}")
        return self.record(hits[0].slug)

    # --- writing ---------------------------------------------------------------------------

    def set_references(self, references: dict[str, str]) -> None:
        """Add or update bibliographic works by short key."""
        with self._writing() as s:
            for key, citation in references.items():
                s.merge(models.Reference(key=key, citation=citation))
            _bump(s)
            s.commit()

    def add(self, record: HerbRecord, *, author: str, comment: str | None = None) -> int:
        prepared = prepare(record)
        with self._writing() as s:
            herb_id = _add(s, record, prepared, author, comment)
            _bump(s)
            s.commit()
            return herb_id

    def update(
        self,
        record: HerbRecord,
        *,
        expected_version: int,
        author: str,
        comment: str | None = None,
    ) -> int:
        """Replace a herb's record; refused if it was saved by someone else meanwhile.

        Returns the herb's new version.
        """
        prepared = prepare(record)
        with self._writing() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == record.slug)).first()
            if herb is None:
                raise CatalogueError(f"{self.where}: no herb {record.slug!r} to update")
            before = rows.read_record(s, herb)
            if prepared.retired != before.retired:
                # retiring is retire's job: a form that does not show it keeps it as it is
                prepared = prepare(record.model_copy(update={"retired": before.retired}))
            version = _write(s, herb, before, prepared, expected_version, author, comment)
            _bump(s)
            s.commit()
            return version

    def restore(self, slug: str, revision: int, *, author: str, comment: str | None = None) -> int:
        """Make the record of the herb's revision `revision` its current record again, as a
        new revision ("restored revision N"), so nothing is lost. Whether the herb is retired
        stays as it is now. Returns the herb's new version."""

        def restored(s: Session, current: HerbRecord) -> HerbRecord:
            record = _revision_record(s, slug, revision)
            return record.model_copy(update={"retired": current.retired})

        note = f"restored revision {revision}" + (f": {comment}" if comment else "")
        return self._revise(slug, author, note, restored)

    def retire(
        self,
        slug: str,
        *,
        author: str,
        reason: str,
        merged_into: str | None = None,
        comment: str | None = None,
    ) -> int:
        """Take a herb out of search and lists, saying why (and, for a duplicate, which herb
        replaces it); its page and history stay. A revision, undone by `unretire`."""
        if not reason.strip():
            raise CatalogueError(f"say why {slug!r} is retired: give a reason")

        def retired(s: Session, current: HerbRecord) -> HerbRecord:
            if current.retired:
                raise CatalogueError(
                    f"herb {slug!r} is already retired "
                    f"({current.retired.on}: {current.retired.reason})"
                )
            if merged_into is not None:
                target = s.exec(select(models.Herb).where(models.Herb.slug == merged_into)).first()
                if merged_into == slug or target is None or target.retired_on:
                    raise CatalogueError(
                        f"{merged_into!r} is not a herb in use to merge {slug!r} into"
                    )
            retirement = RetiredRecord(
                on=models.utcnow().date(), reason=reason.strip(), merged_into=merged_into
            )
            return current.model_copy(update={"retired": retirement})

        return self._revise(slug, author, comment or f"retired: {reason.strip()}", retired)

    def merge(self, keep: str, other: str, *, author: str, comment: str | None = None) -> int:
        """Make two records of one herb one: `keep` takes every name, source, property,
        section, reference and look-alike of `other`, and `other` is retired with a pointer
        to `keep`, so its slug still leads somewhere. Refused, with every disagreement listed
        (MergeConflictError), until the two agree. Both get a revision, in one transaction.
        Returns the kept herb's new version."""
        if keep == other:
            raise CatalogueError(f"{keep!r} cannot be merged into itself")
        with self._writing() as s:
            herbs = {}
            for slug in (keep, other):
                herb = s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()
                if herb is None or herb.retired_on:
                    raise CatalogueError(f"{self.where}: no herb {slug!r} in use to merge")
                herbs[slug] = (herb, rows.read_record(s, herb))
            (kept, have), (gone, theirs) = herbs[keep], herbs[other]
            merged, conflicts = merge_herbs(have, theirs)
            if conflicts:
                raise MergeConflictError(keep, other, conflicts)
            note = f"merged {other} into it" + (f": {comment}" if comment else "")
            version = _write(s, kept, have, prepare(merged), kept.version, author, note)
            retirement = RetiredRecord(
                on=models.utcnow().date(), reason=f"merged into {keep}", merged_into=keep
            )
            retired = prepare(theirs.model_copy(update={"retired": retirement}))
            note = f"merged into {keep}" + (f": {comment}" if comment else "")
            _write(s, gone, theirs, retired, gone.version, author, note)
            _bump(s)
            s.commit()
            return version

    def unretire(self, slug: str, *, author: str, comment: str | None = None) -> int:
        """Put a retired herb back into search and lists (a revision)."""

        def back(_s: Session, current: HerbRecord) -> HerbRecord:
            if current.retired is None:
                raise CatalogueError(f"herb {slug!r} is not retired")
            return current.model_copy(update={"retired": None})

        return self._revise(slug, author, comment or "un-retired", back)

    def _revise(
        self,
        slug: str,
        author: str,
        comment: str,
        change: Callable[[Session, HerbRecord], HerbRecord],
    ) -> int:
        """Write the herb's record as `change` makes it from the current one, as a revision."""
        with self._writing() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()
            if herb is None:
                raise CatalogueError(f"{self.where}: no herb {slug!r}")
            current = rows.read_record(s, herb)
            record = change(s, current)
            version = _write(s, herb, current, prepare(record), herb.version, author, comment)
            _bump(s)
            s.commit()
            return version

    def import_records(
        self,
        items: Iterable[LoadedRecord],
        *,
        author: str,
        references: dict[str, str] | None = None,
        dry_run: bool = False,
        skip_bad: bool = False,
        progress: Callable[[int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportReport:
        """Match, merge and write loaded records (and the works they cite) in one transaction.

        Nothing is written when `dry_run`, or when any record is rejected and not `skip_bad`.

        For a progress bar and a Cancel button (the import may run in another thread):
        `progress(rows_done)` is called every hundred rows and after the last (the total
        to show it against is `loaders.Loaded.count()`); setting `cancel` stops the import
        within a few rows and raises `ImportCancelled`, with nothing written. Once the commit
        has begun, `cancel` no longer stops it.
        """
        with self._writing() as s:
            known = {r.key: r.citation for r in s.exec(select(models.Reference))}
            new_references = {k: v for k, v in (references or {}).items() if known.get(k) != v}
            for key, citation in new_references.items():
                s.merge(models.Reference(key=key, citation=citation))
            s.flush()
            importer = Importer(s, author)
            report = importer.run(items, progress, cancel)
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            if dry_run or (report.count("rejected") and not skip_bad):
                s.rollback()
                return report
            if importer.wrote or new_references:
                _bump(s)
            s.commit()
        report.committed = True
        return report


def _bundled_references() -> dict[str, str]:
    return yaml.safe_load((DATA_DIR / "herbs" / "references.yaml").read_text(encoding="utf-8"))


def _bump(s: Session) -> None:
    # one UPDATE, no read-then-write, so concurrent writers never lose a bump
    s.connection().execute(
        sql(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = 'data_version'"
        )
    )


def _check(s: Session, herb: HerbRows, book: rows.SpeciesBook, author: str) -> None:
    if not author.strip():
        raise CatalogueError("every change is attributed: give an author")
    references = set(s.exec(select(models.Reference.key)))
    blocked = rows.problems(herb, book, references)
    if blocked:
        raise CatalogueError("; ".join(blocked))


def _add(
    s: Session, record: HerbRecord, prepared: HerbRows, author: str, comment: str | None
) -> int:
    rows.hold_write_lock(s.connection())
    book = rows.SpeciesBook(s.connection(), rows.Ids(s.connection()))
    _check(s, prepared, book, author)
    if s.scalar(select(models.Herb.id).where(models.Herb.slug == record.slug)):
        raise CatalogueError(f"a herb with slug {record.slug!r} already exists")
    herb_id = s.scalar(
        insert(models.Herb).returning(models.Herb.id),
        [rows.new_herb_row(prepared)],
    )
    rows.write_children(s.connection(), [(herb_id, prepared)], book)
    s.execute(
        insert(models.Revision),
        [rows.revision_row(record.slug, 1, author, comment or "added", None, prepared.json)],
    )
    return herb_id


def _write(
    s: Session,
    herb: models.Herb,
    before: HerbRecord,
    prepared: HerbRows,
    expected_version: int,
    author: str,
    comment: str | None,
) -> int:
    """Replace a stored herb's record (`before`) by `prepared`, with a revision."""
    rows.hold_write_lock(s.connection())
    book = rows.SpeciesBook(s.connection(), rows.Ids(s.connection()))
    _check(s, prepared, book, author)
    # the version check and bump are one conditional UPDATE, so two concurrent saves cannot
    # both pass the check
    bumped = s.execute(
        update(models.Herb)
        .where(models.Herb.id == herb.id, models.Herb.version == expected_version)
        .values(version=expected_version + 1, **rows.scalars(prepared))
    )
    if bumped.rowcount != 1:
        raise _conflict(s, herb, prepared, expected_version)
    rows.delete_children(s.connection(), [herb.id])
    rows.write_children(s.connection(), [(herb.id, prepared)], book)
    version = expected_version + 1
    revision = rows.revision_row(
        prepared.slug,
        version,
        author,
        comment or "updated",
        before.model_dump_json(),
        prepared.json,
    )
    s.execute(insert(models.Revision), [revision])
    return version


def _revision_record(s: Session, slug: str, version: int) -> HerbRecord:
    """The herb's record as revision `version` left it."""
    after = s.exec(
        select(models.Revision.after).where(
            models.Revision.entity_id == slug, models.Revision.version == version
        )
    ).first()
    if after is None:
        raise CatalogueError(f"herb {slug!r} has no revision {version}")
    try:
        return HerbRecord.model_validate_json(after)
    except ValidationError as exc:
        problems = "; ".join(validation_messages(exc))
        raise CatalogueError(
            f"revision {version} of {slug!r} is not valid now: {problems}"
        ) from exc


def _conflict(
    s: Session, herb: models.Herb, yours: HerbRows, expected_version: int
) -> ConflictError:
    """What was saved since `expected_version`, read in the refused save's transaction."""
    s.refresh(herb)
    newer = s.exec(
        select(models.Revision)
        .where(models.Revision.entity_id == herb.slug, models.Revision.version > expected_version)
        .order_by(models.Revision.id)
    )
    since = revision_changes(list(newer))
    try:
        base = _revision_record(s, herb.slug, expected_version)
    except CatalogueError:
        base = None  # not recorded, or under older rules: the editor's record is applied whole
    saved = "; ".join(
        f"version {r.version} by {r.author} at {r.at:%Y-%m-%d %H:%M} UTC"
        + (f" ({r.comment})" if r.comment else "")
        + f": {', '.join(c.label for c in r.changes) or 'no field changes'}"
        for r in since
    )
    return ConflictError(
        f"herb {herb.slug!r} was changed by someone else since you opened version "
        f"{expected_version}: {saved}. Your edit is not saved; apply it again on top of "
        f"version {herb.version}.",
        since=since,
        current=rows.read_record(s, herb),
        version=herb.version,
        yours=yours.record(),
        base=base,
    )
