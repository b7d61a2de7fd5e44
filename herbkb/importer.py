"""Imports: match each loaded record to a catalogue herb, merge, and write in bulk.

Records are planned in memory (match, merge, check) and written a chunk at a time, all inside
one transaction: a rejected record is refused before anything of it is written, and the
whole import commits or rolls back as one (ARCHITECTURE section 5).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from herbkb import models, rows
from herbkb.merge import merge_records
from herbkb.normalize import is_chinese_tag, latin_key, vi_key, zh_key
from herbkb.records import HerbRecord, LoadedRecord

Outcome = Literal["added", "updated", "unchanged", "conflict", "rejected"]
OUTCOMES: tuple[Outcome, ...] = ("added", "updated", "unchanged", "conflict", "rejected")
CHUNK = 1000
# headers of our own columns in a file of rejected rows; loaders ignore them on the way back in
REJECTS_PREFIX = "HerbKB "


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


class _Matcher:
    """Finds the herb a record describes: by Chinese name, pharmaceutical Latin name, or
    Vietnamese name together with a species. Read from the stored keys once per import and
    kept current, so a file that names one herb twice merges the second row into the first."""

    def __init__(self, s: Session) -> None:
        self.by_key: dict[tuple[str, str], set[str]] = {}
        stored = s.exec(
            select(models.Herb.slug, models.NameKey.space, models.NameKey.key)
            .join(models.NameKey, models.NameKey.herb_id == models.Herb.id)
            .where(models.NameKey.via == "text", models.NameKey.space.in_(("zh", "la", "vi")))
        )
        for slug, space, key in stored:
            self.by_key.setdefault((space, key), set()).add(slug)
        species = s.exec(
            select(models.Herb.slug, models.SpeciesName.key)
            .join(models.HerbSource, models.HerbSource.herb_id == models.Herb.id)
            .join(models.SpeciesName, models.SpeciesName.species_id == models.HerbSource.species_id)
        )
        for slug, key in species:
            self.by_key.setdefault(("sp", key), set()).add(slug)
        self.slugs: set[str] = set(s.exec(select(models.Herb.slug)))

    def remember(self, record: HerbRecord) -> None:
        self.slugs.add(record.slug)
        for name in record.names:
            if is_chinese_tag(name.lang):
                key = ("zh", zh_key(name.text))
            elif name.lang in ("la", "vi"):
                key = (name.lang, (latin_key if name.lang == "la" else vi_key)(name.text))
            else:
                continue
            self.by_key.setdefault(key, set()).add(record.slug)
        for source in record.sources:
            for text in (source.species, *source.synonyms):
                self.by_key.setdefault(("sp", latin_key(text)), set()).add(record.slug)

    def match(self, record: HerbRecord) -> set[str]:
        found: set[str] = set()
        for lang, space, keyer in (
            ("zh-Hans", "zh", zh_key),
            ("zh-Hant", "zh", zh_key),
            ("la", "la", latin_key),
        ):
            name = record.primary(lang)
            if name:
                found |= self.by_key.get((space, keyer(name)), set())
        vi = record.primary("vi")
        if vi:
            by_vi = self.by_key.get(("vi", vi_key(vi)), set())
            for source in record.sources:
                found |= by_vi & self.by_key.get(("sp", latin_key(source.species)), set())
        return found

    def free_slug(self, slug: str) -> str:
        """`slug`, or `slug-2`, `slug-3`… when another herb has it (same name, other plant)."""
        candidate, n = slug, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{slug}-{n}"
        return candidate


@dataclass
class _Staged:
    """A herb this import will write: new, or an existing one with its state before."""

    record: HerbRecord
    herb_id: int | None = None
    version: int = 0
    before: HerbRecord | None = None
    comment: str = ""


class Importer:
    def __init__(self, s: Session, author: str) -> None:
        self.s = s
        self.author = author
        self.matcher = _Matcher(s)
        rows.hold_write_lock(s.connection())
        self.ids = rows.Ids(s.connection())
        self.book = rows.SpeciesBook(s.connection(), self.ids)
        self.book.preload()
        self.references = set(s.exec(select(models.Reference.key)))
        self.staged: dict[str, _Staged] = {}
        self.wrote = False

    def _current(self, slug: str) -> _Staged:
        """The herb's state as this import sees it: staged, or as stored."""
        if slug in self.staged:
            return self.staged[slug]
        herb = self.s.exec(select(models.Herb).where(models.Herb.slug == slug)).one()
        record = rows.read_record(self.s, herb)
        return _Staged(record, herb.id, herb.version, before=record)

    def _canonical(self, record: HerbRecord) -> tuple[HerbRecord, list[str]]:
        """Sources named as the catalogue names their species; family disagreements reported."""
        sources, reasons = [], []
        for source in record.sources:
            canonical, conflict = self.book.canonical(source)
            sources.append(canonical)
            if conflict:
                reasons.append(conflict)
        return record.model_copy(update={"sources": sources}), reasons

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
        if item.record is None:
            row.reasons, row.raw = list(item.errors), item.raw
            return row
        record, reasons = self._canonical(item.record)
        matches = self.matcher.match(record)
        if len(matches) > 1:
            row.reasons = [f"matches several herbs: {', '.join(sorted(matches))}"]
            return row
        comment = f"import {item.origin}"
        if matches:
            slug = matches.pop()
            current = self._current(slug)
            merged, conflicts, notes = merge_records(current.record, record)
            conflicts = reasons + conflicts
            row.herb, row.names, row.reasons = slug, merged.display_names, conflicts
            row.notes += notes
            if merged == current.record:
                row.outcome = "conflict" if conflicts else "unchanged"
                return row
            record = merged
            staged = _Staged(merged, current.herb_id, current.version, current.before, comment)
            outcome: Outcome = "conflict" if conflicts else "updated"
        else:
            record = record.model_copy(update={"slug": self.matcher.free_slug(record.slug)})
            staged = _Staged(record, comment=comment)
            row.herb, row.names, row.reasons = record.slug, record.display_names, reasons
            outcome = "conflict" if reasons else "added"
        blocked = rows.problems(record, self.book, self.references)
        if blocked:
            row.outcome, row.reasons = "rejected", row.reasons + blocked
            return row
        for source in record.sources:
            self.book.stage(source)
        self.staged[record.slug] = staged
        self.matcher.remember(record)
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
                [{"id": st.herb_id, **rows.new_herb_row(st.record)} for st in new],
            )
        if old:
            rows.delete_children(conn, [st.herb_id for st in old])
            columns = ["version", *rows.scalars(old[0].record)]
            conn.execute(
                update(models.Herb)
                .where(models.Herb.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in columns}),
                [
                    {
                        "b_id": st.herb_id,
                        "b_version": st.version + 1,
                        **{f"b_{k}": v for k, v in rows.scalars(st.record).items()},
                    }
                    for st in old
                ],
            )
        rows.write_children(
            conn, [(st.herb_id, st.record) for st in self.staged.values()], self.book
        )
        rows.insert_many(
            conn,
            models.Revision,
            [
                rows.revision_row(
                    st.record.slug,
                    st.version + 1,
                    self.author,
                    st.comment,
                    st.before,
                    st.record,
                )
                for st in self.staged.values()
            ],
        )
        self.staged.clear()
        self.wrote = True

    def run(self, items: Iterable[LoadedRecord]) -> ImportReport:
        report = ImportReport()
        for item in items:
            report.rows.append(self.plan(item))
        self.flush()
        return report
