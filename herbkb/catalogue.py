"""The catalogue: open a database, and the write side (add, update, merge-import, revisions).

Every write is one transaction that also writes a `Revision` and bumps the catalogue's
data version, which is how readers (the search index) know to refresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, insert, update
from sqlalchemy import text as sql
from sqlmodel import Session, select

from herbkb import db, models
from herbkb.db import CatalogueError
from herbkb.merge import merge_records
from herbkb.normalize import (
    DATA_DIR,
    is_chinese_tag,
    latin_abbrev_key,
    latin_key,
    name_keys,
    split_binomial,
    vi_exact,
    vi_key,
    zh_key,
)
from herbkb.records import (
    ConfusableRecord,
    HerbRecord,
    LoadedRecord,
    NameRecord,
    ReviewRecord,
    SectionRecord,
    SourceRecord,
)

if TYPE_CHECKING:
    from herbkb.search import Hit, SearchIndex


class ConflictError(CatalogueError):
    """Someone else saved the herb since this editor loaded it."""


Outcome = Literal["added", "updated", "unchanged", "conflict", "rejected"]


class RowReport(BaseModel):
    file: str
    row: int | None
    outcome: Outcome
    herb: str | None = None  # slug of the added or matched herb
    names: dict[str, str] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what the loader read but could not use


class ImportReport(BaseModel):
    committed: bool = False
    rows: list[RowReport] = Field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def summary(self) -> dict[str, int]:
        outcomes = ("added", "updated", "unchanged", "conflict", "rejected")
        return {o: self.count(o) for o in outcomes}


class Catalogue:
    """A HerbKB catalogue in one database. `Catalogue.open(path_or_url)` is the entry point."""

    def __init__(self, engine: db.Engine, where: str) -> None:
        self.engine = engine
        self.where = where
        self._index: SearchIndex | None = None

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path_or_url: str | Path, *, create: bool = False) -> Catalogue:
        """Open an existing catalogue, or create an empty one when `create` is true."""
        url = db.to_url(path_or_url)
        path = db.sqlite_path(url)
        if path is not None:
            db.check_sqlite_file(path, must_exist=not create)
        engine = db.make_engine(url)
        if create:
            db.create_schema(engine)
        db.check_schema(engine, str(path or path_or_url))
        catalogue = cls(engine, str(path or path_or_url))
        if create and not catalogue.references():
            # the standard works, so that anyone's monograph can cite `cp-2020` from the start
            catalogue.set_references(_bundled_references())
        return catalogue

    def session(self) -> Session:
        return Session(self.engine)

    def data_version(self) -> int:
        with self.session() as s:
            return int(s.get(models.Meta, "data_version").value)

    # --- reading ---------------------------------------------------------------------------

    def slugs(self) -> list[str]:
        with self.session() as s:
            return list(s.exec(select(models.Herb.slug).order_by(models.Herb.slug)))

    def herb(self, slug: str) -> models.Herb | None:
        with self.session() as s:
            return s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()

    def record(self, slug: str) -> HerbRecord:
        with self.session() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == slug)).first()
            if herb is None:
                raise CatalogueError(f"{self.where}: no herb {slug!r}")
            return _read_record(s, herb)

    def records(self) -> list[HerbRecord]:
        with self.session() as s:
            herbs = s.exec(select(models.Herb).order_by(models.Herb.slug)).all()
            return [_read_record(s, h) for h in herbs]

    def history(self, slug: str) -> list[models.Revision]:
        with self.session() as s:
            query = select(models.Revision).where(models.Revision.entity_id == slug)
            return list(s.exec(query.order_by(models.Revision.id)))

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
            return {
                "database": self.where,
                "herbs": count(models.Herb),
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
        """The in-memory name index, rebuilt when the catalogue has changed since it was built."""
        from herbkb.search import SearchIndex

        version = self.data_version()
        if self._index is None or self._index.data_version != version:
            self._index = SearchIndex.build(self)
        return self._index

    def search(self, query: str, *, limit: int = 10) -> list[Hit]:
        return self.index().search(query, limit=limit)

    def find(self, id_or_name: str) -> HerbRecord:
        """A herb by slug, numeric id, or the best match of its name."""
        with self.session() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == id_or_name)).first()
            if herb is None and id_or_name.isdigit():
                herb = s.get(models.Herb, int(id_or_name))
            if herb is not None:
                return _read_record(s, herb)
        hits = self.search(id_or_name, limit=1)
        if not hits:
            raise CatalogueError(f"no herb matches {id_or_name!r}")
        return self.record(hits[0].slug)

    # --- writing ---------------------------------------------------------------------------

    def set_references(self, references: dict[str, str]) -> None:
        """Add or update bibliographic works by short key."""
        with self.session() as s:
            for key, citation in references.items():
                s.merge(models.Reference(key=key, citation=citation))
            _bump(s)
            s.commit()

    def add(self, record: HerbRecord, *, author: str, comment: str | None = None) -> int:
        with self.session() as s:
            herb_id = _add(s, record, author, comment)
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
        with self.session() as s:
            herb = s.exec(select(models.Herb).where(models.Herb.slug == record.slug)).first()
            if herb is None:
                raise CatalogueError(f"{self.where}: no herb {record.slug!r} to update")
            version = _update(s, herb, record, expected_version, author, comment)
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
    ) -> ImportReport:
        """Match, merge and write loaded records (and the works they cite) in one transaction.

        Nothing is written when `dry_run`, or when any record is rejected and not `skip_bad`.
        """
        report = ImportReport()
        with self.session() as s:
            known = {r.key: r.citation for r in s.exec(select(models.Reference))}
            changed = False
            for key, citation in (references or {}).items():
                if known.get(key) != citation:
                    s.merge(models.Reference(key=key, citation=citation))
                    changed = True
            s.flush()
            matcher = _Matcher(s)
            for item in items:
                row, wrote = _import_one(s, matcher, item, author)
                report.rows.append(row)
                changed |= wrote
            rejected = report.count("rejected")
            if dry_run or (rejected and not skip_bad):
                s.rollback()
                return report
            if changed:
                _bump(s)
            s.commit()
        report.committed = True
        return report


def _bundled_references() -> dict[str, str]:
    return yaml.safe_load((DATA_DIR / "herbs" / "references.yaml").read_text(encoding="utf-8"))


# --- rows ↔ records -----------------------------------------------------------------------


def _bump(s: Session) -> None:
    # one UPDATE, no read-then-write, so concurrent writers never lose a bump
    s.connection().execute(
        sql(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = 'data_version'"
        )
    )


def _display(record: HerbRecord) -> dict[str, str | None]:
    return {
        "name_vi": record.primary("vi"),
        "name_zh": record.primary("zh-Hans") or record.primary("zh-Hant"),
        "name_pinyin": record.primary("zh-Latn-pinyin"),
        "name_la": record.primary("la"),
        "name_en": record.primary("en"),
    }


def _species_id(s: Session, source: SourceRecord) -> int:
    """The species of a source, found by any of its names or created; synonyms are added.

    Looked-up ids are cached on the session, since an import meets the same species often;
    `_forget` drops the cache when a savepoint that may have created one rolls back.
    """
    binomial, authority = split_binomial(source.species)
    key = latin_key(binomial)
    cache: dict[str, tuple[int, str | None]] = s.info.setdefault("species", {})
    if key not in cache:
        row = s.execute(
            select(models.Species.id, models.Species.family)
            .join(models.SpeciesName, models.SpeciesName.species_id == models.Species.id)
            .where(models.SpeciesName.key == key)
        ).first()
        if row is None:
            species_id = s.scalar(
                insert(models.Species).returning(models.Species.id),
                [{"binomial": binomial, "authority": authority, "family": source.family}],
            )
            _species_names(s, species_id, [source.species], accepted=True)
            row = (species_id, source.family)
        cache[key] = (row[0], row[1])
    species_id, family = cache[key]
    if source.family and family and source.family != family:
        raise CatalogueError(
            f"species {binomial}: family is {family!r} in the catalogue, "
            f"{source.family!r} in this record"
        )
    if source.family and not family:
        s.execute(
            update(models.Species)
            .where(models.Species.id == species_id)
            .values(family=source.family)
        )
        cache[key] = (species_id, source.family)
    _species_names(s, species_id, source.synonyms, accepted=False)
    return species_id


def _species_names(s: Session, species_id: int, texts: list[str], *, accepted: bool) -> None:
    if not texts:
        return
    have = set(
        s.scalars(
            select(models.SpeciesName.text).where(models.SpeciesName.species_id == species_id)
        )
    )
    rows = [
        {
            "species_id": species_id,
            "text": text,
            "accepted": accepted,
            "key": latin_key(text),
            "abbrev_key": latin_abbrev_key(text),
        }
        for text in dict.fromkeys(texts)
        if text not in have
    ]
    if rows:
        s.execute(insert(models.SpeciesName), rows)


def _reference_keys(s: Session) -> set[str]:
    if "references" not in s.info:
        s.info["references"] = set(s.scalars(select(models.Reference.key)))
    return s.info["references"]


def _forget(s: Session) -> None:
    s.info.pop("species", None)
    s.info.pop("references", None)


CHILD_TABLES = (
    models.HerbName,
    models.HerbSource,
    models.HerbProperty,
    models.MonographSection,
    models.HerbReference,
    models.Confusable,
)


def _write_children(s: Session, herb_id: int, record: HerbRecord, *, new: bool) -> None:
    """All rows hanging off a herb, written in a few multi-row INSERTs (imports are bulk)."""
    if not new:
        for table in CHILD_TABLES:
            s.execute(delete(table).where(table.herb_id == herb_id))
    name_ids = s.scalars(
        insert(models.HerbName).returning(models.HerbName.id, sort_by_parameter_order=True),
        [
            {
                "herb_id": herb_id,
                "text": name.text,
                "lang": name.lang,
                "kind": name.kind,
                "position": position,
                "norm": vi_exact(name.text),
            }
            for position, name in enumerate(record.names)
        ],
    ).all()
    keys = [
        {"name_id": name_id, "herb_id": herb_id, "space": k.space, "key": k.key, "via": k.via}
        for name_id, name in zip(name_ids, record.names, strict=True)
        for k in name_keys(name.text, name.lang)
    ]
    properties = [("nature", record.nature), ("toxicity", record.toxicity)]
    properties += [("flavour", t) for t in record.flavours]
    properties += [("meridian", t) for t in record.meridians]
    properties += [("category", t) for t in record.categories]
    known = _reference_keys(s)
    for key in record.references:
        if key not in known:
            raise CatalogueError(f"reference {key!r} is not in the catalogue's reference list")
    rows: list[tuple[type[models.SQLModel], list[dict[str, object]]]] = [
        (models.NameKey, keys),
        (
            models.HerbSource,
            [
                {
                    "herb_id": herb_id,
                    "species_id": _species_id(s, source),
                    "part": source.part,
                    "position": position,
                }
                for position, source in enumerate(record.sources)
            ],
        ),
        (
            models.HerbProperty,
            [
                {"herb_id": herb_id, "prop": prop, "term": term, "position": position}
                for position, (prop, term) in enumerate(properties)
                if term
            ],
        ),
        (
            models.MonographSection,
            [
                {
                    "herb_id": herb_id,
                    "section": section.section,
                    "lang": section.lang,
                    "text": section.text,
                    "position": position,
                }
                for position, section in enumerate(record.sections)
            ],
        ),
        (
            models.HerbReference,
            [
                {"herb_id": herb_id, "reference_key": key, "position": position}
                for position, key in enumerate(record.references)
            ],
        ),
        (
            models.Confusable,
            [
                {"herb_id": herb_id, "other_slug": c.slug, "note": c.note}
                for c in record.confusable_with
            ],
        ),
    ]
    for table, values in rows:
        if values:
            s.execute(insert(table), values)


def _scalars(record: HerbRecord) -> dict[str, object]:
    """The herb row's own columns, from a record."""
    return {
        **_display(record),
        "review_status": record.review.status,
        "reviewed_by": record.review.by,
        "reviewed_on": record.review.on,
        "review_reference": record.review.reference,
        "provenance": record.provenance,
        "updated_at": models.utcnow(),
    }


def _read_record(s: Session, herb: models.Herb) -> HerbRecord:
    hid = herb.id

    def rows(table: type[models.SQLModel]) -> list:
        query = select(table).where(table.herb_id == hid)
        if hasattr(table, "position"):
            query = query.order_by(table.position)
        return list(s.exec(query))

    names = [NameRecord(text=n.text, lang=n.lang, kind=n.kind) for n in rows(models.HerbName)]
    sources = []
    for src in rows(models.HerbSource):
        species = s.get(models.Species, src.species_id)
        spnames = s.exec(
            select(models.SpeciesName)
            .where(models.SpeciesName.species_id == species.id)
            .order_by(models.SpeciesName.id)
        ).all()
        accepted = next(n.text for n in spnames if n.accepted)
        sources.append(
            SourceRecord(
                species=accepted,
                family=species.family,
                part=src.part,
                synonyms=[n.text for n in spnames if not n.accepted],
            )
        )
    props: dict[str, list[str]] = {}
    for p in rows(models.HerbProperty):
        props.setdefault(p.prop, []).append(p.term)
    return HerbRecord(
        slug=herb.slug,
        names=names,
        sources=sources,
        nature=props.get("nature", [None])[0],
        toxicity=props.get("toxicity", [None])[0],
        flavours=props.get("flavour", []),
        meridians=props.get("meridian", []),
        categories=props.get("category", []),
        sections=[
            SectionRecord(section=m.section, lang=m.lang, text=m.text)
            for m in rows(models.MonographSection)
        ],
        references=[r.reference_key for r in rows(models.HerbReference)],
        confusable_with=[
            ConfusableRecord(slug=c.other_slug, note=c.note) for c in rows(models.Confusable)
        ],
        review=ReviewRecord(
            status=herb.review_status,
            by=herb.reviewed_by,
            on=herb.reviewed_on,
            reference=herb.review_reference,
        ),
        provenance=herb.provenance,
    )


def _revision(
    s: Session,
    slug: str,
    version: int,
    author: str,
    comment: str | None,
    before: HerbRecord | None,
    after: HerbRecord,
) -> None:
    s.add(
        models.Revision(
            entity_id=slug,
            version=version,
            author=author,
            comment=comment,
            before=before.model_dump_json() if before else None,
            after=after.model_dump_json(),
        )
    )


def _add(s: Session, record: HerbRecord, author: str, comment: str | None) -> int:
    if not author.strip():
        raise CatalogueError("every change is attributed: give an author")
    if s.scalar(select(models.Herb.id).where(models.Herb.slug == record.slug)):
        raise CatalogueError(f"a herb with slug {record.slug!r} already exists")
    herb_id = s.scalar(
        insert(models.Herb).returning(models.Herb.id), [{"slug": record.slug, **_scalars(record)}]
    )
    _write_children(s, herb_id, record, new=True)
    _revision(s, record.slug, 1, author, comment or "added", None, record)
    return herb_id


def _update(
    s: Session,
    herb: models.Herb,
    record: HerbRecord,
    expected_version: int,
    author: str,
    comment: str | None,
) -> int:
    if not author.strip():
        raise CatalogueError("every change is attributed: give an author")
    # the version check and bump are one conditional UPDATE, so two concurrent saves cannot
    # both pass the check
    bumped = s.exec(
        update(models.Herb)
        .where(models.Herb.id == herb.id, models.Herb.version == expected_version)
        .values(version=expected_version + 1)
    )
    if bumped.rowcount != 1:
        s.rollback()
        current = s.get(models.Herb, herb.id)
        raise ConflictError(
            f"herb {record.slug!r} was changed by someone else (now version {current.version}, "
            f"you edited version {expected_version}); reload it and apply your edit again"
        )
    s.refresh(herb)
    before = _read_record(s, herb)
    s.execute(update(models.Herb).where(models.Herb.id == herb.id).values(**_scalars(record)))
    _write_children(s, herb.id, record, new=False)
    _revision(s, record.slug, herb.version, author, comment or "updated", before, record)
    return herb.version


# --- import: match and merge --------------------------------------------------------------


class _Matcher:
    """Finds the catalogue herb a record describes (ARCHITECTURE section 5).

    By Chinese name, pharmaceutical Latin name, or Vietnamese name together with a species.
    Built once per import and kept current as records are added, so a file that names one
    herb twice merges the second row into the first.
    """

    def __init__(self, s: Session) -> None:
        self.by_key: dict[tuple[str, str], set[str]] = {}
        names = s.exec(
            select(models.Herb.slug, models.HerbName.text, models.HerbName.lang).join(
                models.HerbName, models.HerbName.herb_id == models.Herb.id
            )
        )
        for slug, text, lang in names:
            self._add_name(slug, text, lang)
        species = s.exec(
            select(models.Herb.slug, models.SpeciesName.key)
            .join(models.HerbSource, models.HerbSource.herb_id == models.Herb.id)
            .join(models.SpeciesName, models.SpeciesName.species_id == models.HerbSource.species_id)
        )
        for slug, key in species:
            self.by_key.setdefault(("sp", key), set()).add(slug)

    def _add_name(self, slug: str, text: str, lang: str) -> None:
        if is_chinese_tag(lang):
            key = ("zh", zh_key(text))
        elif lang == "la":
            key = ("la", latin_key(text))
        elif lang == "vi":
            key = ("vi", vi_key(text))
        else:
            return
        self.by_key.setdefault(key, set()).add(slug)

    def remember(self, record: HerbRecord) -> None:
        for name in record.names:
            self._add_name(record.slug, name.text, name.lang)
        for source in record.sources:
            for text in (source.species, *source.synonyms):
                self.by_key.setdefault(("sp", latin_key(text)), set()).add(record.slug)

    def match(self, record: HerbRecord) -> set[str]:
        found: set[str] = set(self.by_key.get(("slug", record.slug), set()))
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

    def claim_slug(self, slug: str) -> None:
        self.by_key.setdefault(("slug", slug), set()).add(slug)


def _import_one(
    s: Session, matcher: _Matcher, item: LoadedRecord, author: str
) -> tuple[RowReport, bool]:
    """The report of one record, and whether it wrote anything."""
    row = RowReport(
        file=item.origin.file, row=item.origin.row, outcome="rejected", notes=item.notes
    )
    wrote = False
    if item.record is None:
        row.reasons = item.errors
        return row, wrote
    record = item.record
    matches = matcher.match(record)
    comment = f"import {item.origin}"
    try:
        with s.begin_nested():
            if len(matches) > 1:
                row.reasons = [f"matches several herbs: {', '.join(sorted(matches))}"]
                return row, wrote
            if not matches:
                _add(s, record, author, comment)
                wrote = True
                row.outcome, row.herb = "added", record.slug
                row.names = record.display_names
            else:
                slug = matches.pop()
                herb = s.exec(select(models.Herb).where(models.Herb.slug == slug)).one()
                have = _read_record(s, herb)
                merged, conflicts, notes = merge_records(have, record)
                row.herb, row.names, row.reasons = slug, merged.display_names, conflicts
                row.notes = [*row.notes, *notes]
                if merged == have:
                    row.outcome = "conflict" if conflicts else "unchanged"
                else:
                    _update(s, herb, merged, herb.version, author, comment)
                    wrote = True
                    row.outcome = "conflict" if conflicts else "updated"
                record = merged
    except CatalogueError as exc:
        _forget(s)  # the savepoint rolled back: cached ids may name rows that are gone
        row.outcome, row.reasons = "rejected", [str(exc)]
        return row, False
    matcher.remember(record)
    matcher.claim_slug(record.slug)
    return row, wrote
