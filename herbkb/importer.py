"""Imports: match each loaded record to a catalogue herb, merge, and write in bulk.

Records are planned in memory (match, merge, check) and written a chunk at a time, all inside
one transaction: a rejected record is refused before anything of it is written, and the
whole import commits or rolls back as one (ARCHITECTURE section 5).
"""

from __future__ import annotations

import csv
import gc
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from herbkb import models, rows
from herbkb.matching import Matcher
from herbkb.merge import merge_records
from herbkb.prepared import HerbRows, prepare
from herbkb.records import REJECTS_PREFIX, HerbRecord, LoadedRecord

# review: probably a herb already there, but not by the merge rule; written neither as a new
# herb nor into the old one until a person says which
Outcome = Literal["added", "updated", "unchanged", "conflict", "review", "rejected"]
OUTCOMES: tuple[Outcome, ...] = (
    "added", "updated", "unchanged", "conflict", "review", "rejected"
)  # fmt: skip
CHUNK = 1000
PROGRESS_EVERY = 100  # rows between two progress calls: often enough for a bar, cheap


class ImportCancelled(Exception):
    """The import was stopped before it committed; nothing of it was written."""


class RowReport(BaseModel):
    file: str
    row: int | None
    outcome: Outcome
    herb: str | None = None  # slug of the added or matched herb
    names: dict[str, str] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)  # why rejected, or what conflicts
    notes: list[str] = Field(default_factory=list)  # what was read but not used
    # a rejected table row as read, for the rejects file (not the JSON report: it can be large)
    raw: dict[str, str] | None = Field(default=None, exclude=True)


class ImportReport(BaseModel):
    committed: bool = False
    rows: list[RowReport] = Field(default_factory=list)

    def write_rejected(self, path: Path) -> int:
        """The rejected rows, as read plus why, in a CSV to fix and load again."""
        rejected = [r for r in self.rows if r.outcome == "rejected"]
        ours = [f"{REJECTS_PREFIX}{c}" for c in ("file", "row", "reasons")]
        headers = list(dict.fromkeys(h for r in rejected for h in (r.raw or {})))
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(ours + headers)
            for r in rejected:
                raw = r.raw or {}
                writer.writerow(
                    [r.file, r.row or "", "; ".join(r.reasons)] + [raw.get(h, "") for h in headers]
                )
        return len(rejected)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def summary(self) -> dict[str, int]:
        return {o: self.count(o) for o in OUTCOMES}


@dataclass
class _Staged:
    """A herb this import will write: new, or an existing one with its state before."""

    rows: HerbRows
    herb_id: int | None = None
    version: int = 0
    before: HerbRecord | None = None
    comment: str = ""
    known: HerbRecord | None = None  # the record, when this import has it as a model

    @property
    def record(self) -> HerbRecord:
        if self.known is None:
            self.known = self.rows.record()
        return self.known


class _Current(NamedTuple):
    """A herb as this import sees it before merging into it: staged already, or as stored."""

    record: HerbRecord
    herb_id: int | None
    version: int
    before: HerbRecord | None


class Importer:
    def __init__(self, s: Session, author: str) -> None:
        self.s = s
        self.author = author
        self.matcher = Matcher.of_catalogue(s)
        rows.hold_write_lock(s.connection())
        self.ids = rows.Ids(s.connection())
        self.book = rows.SpeciesBook(s.connection(), self.ids)
        self.book.preload()
        self.references = set(s.exec(select(models.Reference.key)))
        self.staged: dict[str, _Staged] = {}
        self.wrote = False

    def _current(self, slug: str) -> _Current:
        if slug in self.staged:
            st = self.staged[slug]
            return _Current(st.record, st.herb_id, st.version, st.before)
        herb = self.s.exec(select(models.Herb).where(models.Herb.slug == slug)).one()
        record = rows.read_record(self.s, herb)
        return _Current(record, herb.id, herb.version, record)

    def _shown(self, slug: str) -> str:
        """A herb as a reviewer knows it: `diep-ca (Diếp cá)`."""
        if slug in self.staged:
            name = self.staged[slug].rows.display.get("vi")
        else:
            name = self.s.exec(select(models.Herb.name_vi).where(models.Herb.slug == slug)).first()
        return f"{slug} ({name})" if name else slug

    def _canonical(self, item: LoadedRecord) -> tuple[HerbRows, list[str]]:
        """The item's rows with sources named as the catalogue names their species; family
        disagreements reported."""
        herb = item.rows or prepare(item.record)
        sources, reasons = [], []
        for source in herb.sources:
            canonical, conflict = self.book.canonical(source)
            sources.append(canonical)
            if conflict:
                reasons.append(conflict)
        if tuple(sources) != herb.sources:
            record = item.record.model_copy(update={"sources": [s.record() for s in sources]})
            herb = prepare(record)
        return herb, reasons

    def plan(self, item: LoadedRecord) -> RowReport:
        # built without validation (one per input row, every field ours), and with every
        # field given: pydantic inspects default factories on each model_construct
        row = RowReport.model_construct(
            file=item.origin.file,
            row=item.origin.row,
            outcome="rejected",
            herb=None,
            names={},
            reasons=[],
            notes=[],
            raw=None,
        )
        row.notes = list(item.notes)
        if not item.valid:
            row.reasons, row.raw = list(item.errors), item.raw
            return row
        herb, reasons = self._canonical(item)
        matches = self.matcher.match(herb)
        if len(matches) > 1:
            row.reasons = [f"matches several herbs: {', '.join(sorted(matches))}"]
            return row
        comment = f"import {item.origin}"
        if matches:
            slug = matches.pop()
            current = self._current(slug)
            merged, conflicts, notes = merge_records(current.record, herb.record())
            conflicts = reasons + conflicts
            row.herb, row.names, row.reasons = slug, merged.display_names, conflicts
            row.notes += notes
            if merged == current.record:
                row.outcome = "conflict" if conflicts else "unchanged"
                return row
            herb = prepare(merged)
            staged = _Staged(
                herb, current.herb_id, current.version, current.before, comment, known=merged
            )
            outcome: Outcome = "conflict" if conflicts else "updated"
        else:
            possible = self.matcher.possible(herb)
            blocked = rows.problems(herb, self.book, self.references) if possible else []
            if blocked:  # a record the catalogue refuses is rejected, whatever it resembles
                row.outcome, row.reasons = "rejected", reasons + blocked
                return row
            if possible:
                row.outcome, row.names = "review", herb.display
                row.reasons = [
                    f"possible match: {self._shown(slug)} — review" for slug in sorted(possible)
                ]
                return row
            slug = self.matcher.free_slug(herb.slug)
            if slug != herb.slug:
                herb = prepare(herb.record().model_copy(update={"slug": slug}))
            staged = _Staged(herb, comment=comment)
            row.herb, row.names, row.reasons = herb.slug, herb.display, reasons
            outcome = "conflict" if reasons else "added"
        blocked = rows.problems(herb, self.book, self.references)
        if blocked:
            row.outcome, row.reasons = "rejected", row.reasons + blocked
            return row
        for source in herb.sources:
            self.book.stage(source)
        self.staged[herb.slug] = staged
        self.matcher.remember(herb)
        row.outcome = outcome
        if len(self.staged) >= CHUNK:
            self.flush()
        return row

    def flush(self) -> None:
        """Write what is staged: new herbs, and existing ones with their new state."""
        if not self.staged:
            return
        conn = self.s.connection()
        new = [st for st in self.staged.values() if st.herb_id is None]
        old = [st for st in self.staged.values() if st.herb_id is not None]
        if new:
            for st, herb_id in zip(new, self.ids.take(models.Herb, len(new)), strict=True):
                st.herb_id, st.version = herb_id, 0
            rows.insert_many(
                conn,
                models.Herb,
                [{"id": st.herb_id, **rows.new_herb_row(st.rows)} for st in new],
            )
        if old:
            rows.delete_children(conn, [st.herb_id for st in old])
            columns = ["version", *rows.scalars(old[0].rows)]
            conn.execute(
                update(models.Herb)
                .where(models.Herb.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in columns}),
                [
                    {
                        "b_id": st.herb_id,
                        "b_version": st.version + 1,
                        **{f"b_{k}": v for k, v in rows.scalars(st.rows).items()},
                    }
                    for st in old
                ],
            )
        rows.write_children(conn, [(st.herb_id, st.rows) for st in self.staged.values()], self.book)
        rows.insert_many(
            conn,
            models.Revision,
            [
                rows.revision_row(
                    st.rows.slug,
                    st.version + 1,
                    self.author,
                    st.comment,
                    st.before.model_dump_json() if st.before else None,
                    st.rows.json,
                )
                for st in self.staged.values()
            ],
        )
        self.staged.clear()
        self.wrote = True

    def run(
        self,
        items: Iterable[LoadedRecord],
        progress: Callable[[int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportReport:
        """Plan and write every item; `ImportCancelled` as soon as `cancel` is set. The items
        are closed however this ends, so a loader's worker process ends with the import."""
        report = ImportReport()
        stream = iter(items)
        try:
            with cyclic_gc_paused():
                for done, item in enumerate(stream, start=1):
                    if cancel is not None and cancel.is_set():
                        raise ImportCancelled
                    report.rows.append(self.plan(item))
                    if progress is not None and done % PROGRESS_EVERY == 0:
                        progress(done)
                self.flush()
        finally:
            if isinstance(stream, Generator):
                stream.close()
        if progress is not None and len(report.rows) % PROGRESS_EVERY:
            progress(len(report.rows))  # the last rows, written
        return report


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a bulk import. An import keeps hundreds of thousands
    of objects alive (match keys, species, one report row per input row) and makes no garbage
    cycles; the collector would rescan them all over and over (measured: a third of the
    time of a 20,000-row load). Memory is freed by reference counting as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
