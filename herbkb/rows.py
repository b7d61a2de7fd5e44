"""Herb records ↔ table rows.

Writes are multi-row INSERTs over many herbs at once, so an import of 50,000 herbs is a few
hundred statements rather than a million ORM flushes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import Connection, delete, func, update
from sqlmodel import Session, select

from herbkb import db, models
from herbkb.normalize import (
    family_key,
    latin_abbrev_key,
    latin_key,
    name_keys,
    split_binomial,
    vi_exact,
)
from herbkb.records import (
    ConfusableRecord,
    HerbRecord,
    NameRecord,
    ReviewRecord,
    SectionRecord,
    SourceRecord,
)

# NameKey rows go with their HerbName (ON DELETE CASCADE)
CHILD_TABLES = (
    models.HerbName,
    models.HerbSource,
    models.HerbProperty,
    models.MonographSection,
    models.HerbReference,
    models.Confusable,
)


def display(record: HerbRecord) -> dict[str, str | None]:
    return {
        "name_vi": record.primary("vi"),
        "name_zh": record.primary("zh-Hans") or record.primary("zh-Hant"),
        "name_pinyin": record.primary("zh-Latn-pinyin"),
        "name_la": record.primary("la"),
        "name_en": record.primary("en"),
    }


def scalars(record: HerbRecord) -> dict[str, object]:
    """The herb row's own columns."""
    return {
        **display(record),
        "review_status": record.review.status,
        "reviewed_by": record.review.by,
        "reviewed_on": record.review.on,
        "review_reference": record.review.reference,
        "provenance": record.provenance,
        "updated_at": models.utcnow(),
    }


def new_herb_row(record: HerbRecord) -> dict[str, object]:
    return {"slug": record.slug, "version": 1, "created_at": models.utcnow(), **scalars(record)}


class Ids:
    """Primary keys handed out in Python, so thousands of rows go in one executemany.

    SQLite cannot return the ids of a multi-row INSERT in order, which would force one
    statement per row. Valid only inside a transaction that holds the write lock (it has
    written), so no other writer can take the same ids meanwhile.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.next: dict[str, int] = {}

    def take(self, table: type[models.SQLModel], count: int) -> range:
        name = table.__tablename__
        if name not in self.next:
            self.next[name] = (self.conn.scalar(select(func.max(table.id))) or 0) + 1
        start = self.next[name]
        self.next[name] += count
        return range(start, start + count)


def insert_many(
    conn: Connection, table: type[models.SQLModel], rows: list[dict[str, object]]
) -> None:
    """One executemany straight to the driver: SQLAlchemy's per-row parameter handling costs
    more than SQLite's insert itself when a chunk holds tens of thousands of rows."""
    if not rows:
        return
    columns = list(rows[0])
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    values = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    conn.exec_driver_sql(sql, [values(row) for row in rows])


def hold_write_lock(conn: Connection) -> None:
    """Take SQLite's write lock now (a no-op write), before ids are handed out."""
    conn.execute(
        update(models.Meta).where(models.Meta.key == "data_version").values(key="data_version")
    )


# --- species ----------------------------------------------------------------------------------


@dataclass
class _Species:
    id: int | None
    binomial: str
    authority: str | None
    family: str | None
    accepted: str  # the accepted name as stored, with authority
    texts: set[str] = field(default_factory=set)  # names already stored
    pending: list[tuple[str, bool]] = field(default_factory=list)  # (text, accepted) to store
    family_changed: bool = False


class SpeciesBook:
    """Species by any of their names' keys, looked up once per transaction and kept current.

    `stage` records what a record brings (a new species, a family, synonyms) so the records
    after it in the same import are checked against it; `flush` writes what was staged.
    """

    def __init__(self, conn: Connection, ids: Ids) -> None:
        self.conn = conn
        self.ids = ids
        self.by_key: dict[str, _Species | None] = {}
        self.complete = False  # every stored species is in by_key
        self.dirty: dict[int, _Species] = {}  # staged since the last flush

    def preload(self) -> None:
        """Read every species at once: an import meets thousands, one query each is slow."""
        species: dict[int, _Species] = {}
        for row in self.conn.execute(select(models.Species)):
            species[row.id] = _Species(row.id, row.binomial, row.authority, row.family, "")
        names = self.conn.execute(
            select(
                models.SpeciesName.species_id,
                models.SpeciesName.text,
                models.SpeciesName.accepted,
                models.SpeciesName.key,
            )
        )
        for species_id, text, accepted, key in names:
            entry = species[species_id]
            entry.texts.add(text)
            if accepted:
                entry.accepted = text
            self.by_key[key] = entry
        self.complete = True

    def _find(self, key: str) -> _Species | None:
        if self.complete:
            return self.by_key.get(key)
        if key not in self.by_key:
            row = self.conn.execute(
                select(models.Species)
                .join(models.SpeciesName, models.SpeciesName.species_id == models.Species.id)
                .where(models.SpeciesName.key == key)
            ).first()
            species = None
            if row is not None:
                names = self.conn.execute(
                    select(models.SpeciesName.text, models.SpeciesName.accepted).where(
                        models.SpeciesName.species_id == row.id
                    )
                ).all()
                accepted = next(text for text, is_accepted in names if is_accepted)
                species = _Species(
                    row.id, row.binomial, row.authority, row.family, accepted, {t for t, _ in names}
                )
            self.by_key[key] = species
        return self.by_key[key]

    def problem(self, source: SourceRecord) -> str | None:
        """Why this source cannot be stored, if it cannot (its family contradicts ours)."""
        species = self._find(latin_key(source.species))
        if (
            species
            and source.family
            and species.family
            and family_key(source.family) != family_key(species.family)
        ):
            return (
                f"species {species.binomial}: family is {species.family!r} in the catalogue, "
                f"{source.family!r} in this record"
            )
        return None

    def canonical(self, source: SourceRecord) -> tuple[SourceRecord, str | None]:
        """The source as the catalogue names it: its accepted species name (the name given
        kept as a synonym) and its family; and the family conflict, if any."""
        species = self._find(latin_key(source.species))
        if species is None:
            return source, None
        conflict = self.problem(source)
        synonyms = list(source.synonyms)
        if latin_key(source.species) != latin_key(species.accepted):
            synonyms.insert(0, source.species)
        synonyms = [s for s in dict.fromkeys(synonyms) if s != species.accepted]
        update = {"species": species.accepted, "synonyms": synonyms}
        if species.family:
            update["family"] = species.family
        return source.model_copy(update=update), conflict

    def stage(self, source: SourceRecord) -> _Species:
        key = latin_key(source.species)
        species = self._find(key)
        if species is None:
            binomial, authority = split_binomial(source.species)
            species = _Species(None, binomial, authority, source.family, source.species)
            species.pending.append((source.species, True))
            self.by_key[key] = species
        elif source.family and not species.family:
            species.family, species.family_changed = source.family, True
        known = species.texts | {text for text, _ in species.pending}
        for synonym in source.synonyms:
            if synonym not in known:
                species.pending.append((synonym, False))
                known.add(synonym)
                self.by_key.setdefault(latin_key(synonym), species)
        if species.id is None or species.pending or species.family_changed:
            self.dirty[id(species)] = species
        return species

    def flush(self) -> None:
        staged = list(self.dirty.values())
        self.dirty.clear()
        new = [s for s in staged if s.id is None]
        if new:
            for species, species_id in zip(
                new, self.ids.take(models.Species, len(new)), strict=True
            ):
                species.id = species_id
            insert_many(
                self.conn,
                models.Species,
                [
                    {
                        "id": s.id,
                        "binomial": s.binomial,
                        "authority": s.authority,
                        "family": s.family,
                    }
                    for s in new
                ],
            )
        changed = [s for s in staged if s.family_changed]
        for species in changed:
            self.conn.execute(
                update(models.Species)
                .where(models.Species.id == species.id)
                .values(family=species.family)
            )
            species.family_changed = False
        names = [
            {
                "species_id": s.id,
                "text": text,
                "accepted": accepted,
                "key": latin_key(text),
                "abbrev_key": latin_abbrev_key(text),
            }
            for s in staged
            for text, accepted in s.pending
        ]
        if names:
            insert_many(self.conn, models.SpeciesName, names)
        for species in staged:
            species.texts |= {text for text, _ in species.pending}
            species.pending.clear()

    def id_of(self, source: SourceRecord) -> int:
        species = self.by_key[latin_key(source.species)]
        assert species is not None and species.id is not None, "stage and flush first"
        return species.id


def problems(record: HerbRecord, book: SpeciesBook, references: set[str]) -> list[str]:
    """What stops a valid record from being stored in this catalogue."""
    found = [p for p in map(book.problem, record.sources) if p]
    found += [
        f"reference {key!r} is not in the catalogue's reference list"
        for key in record.references
        if key not in references
    ]
    return found


# --- writing ----------------------------------------------------------------------------------


def delete_children(conn: Connection, herb_ids: Sequence[int]) -> None:
    for table in CHILD_TABLES:
        conn.execute(delete(table).where(table.herb_id.in_(herb_ids)))
    db.fulltext_remove(conn, list(herb_ids))


def write_children(
    conn: Connection, herbs: Sequence[tuple[int, HerbRecord]], book: SpeciesBook
) -> None:
    """Insert the rows hanging off each (herb id, record); the herbs have none yet."""
    if not herbs:
        return
    for _, record in herbs:
        for source in record.sources:
            book.stage(source)
    book.flush()
    names = [(herb_id, n) for herb_id, record in herbs for n in record.names]
    name_ids = book.ids.take(models.HerbName, len(names))
    insert_many(
        conn,
        models.HerbName,
        [
            {
                "id": name_id,
                "herb_id": herb_id,
                "text": name.text,
                "lang": name.lang,
                "kind": name.kind,
                "position": position,
                "norm": vi_exact(name.text),
            }
            for name_id, (herb_id, record, position, name) in zip(
                name_ids,
                [(h, r, i, n) for h, r in herbs for i, n in enumerate(r.names)],
                strict=True,
            )
        ],
    )
    tables: dict[type[models.SQLModel], list[dict[str, object]]] = defaultdict(list)
    for name_id, (herb_id, name) in zip(name_ids, names, strict=True):
        tables[models.NameKey] += [
            {"name_id": name_id, "herb_id": herb_id, "space": k.space, "key": k.key, "via": k.via}
            for k in name_keys(name.text, name.lang)
        ]
    for herb_id, record in herbs:
        properties = [("nature", record.nature), ("toxicity", record.toxicity)]
        properties += [("flavour", t) for t in record.flavours]
        properties += [("meridian", t) for t in record.meridians]
        properties += [("category", t) for t in record.categories]
        tables[models.HerbProperty] += [
            {"herb_id": herb_id, "prop": prop, "term": term, "position": position}
            for position, (prop, term) in enumerate(properties)
            if term
        ]
        tables[models.HerbSource] += [
            {"herb_id": herb_id, "species_id": book.id_of(s), "part": s.part, "position": i}
            for i, s in enumerate(record.sources)
        ]
        tables[models.MonographSection] += [
            {
                "herb_id": herb_id,
                "section": s.section,
                "lang": s.lang,
                "text": s.text,
                "position": i,
            }
            for i, s in enumerate(record.sections)
        ]
        tables[models.HerbReference] += [
            {"herb_id": herb_id, "reference_key": key, "position": i}
            for i, key in enumerate(record.references)
        ]
        tables[models.Confusable] += [
            {"herb_id": herb_id, "other_slug": c.slug, "note": c.note}
            for c in record.confusable_with
        ]
    for table, values in tables.items():
        if values:
            insert_many(conn, table, values)
    db.fulltext_add(
        conn,
        [
            (row["herb_id"], row["section"], row["lang"], row["text"])
            for row in tables[models.MonographSection]
        ],
    )


# --- reading ----------------------------------------------------------------------------------


def read_record(s: Session, herb: models.Herb) -> HerbRecord:
    return read_records(s, [herb])[0]


def read_records(s: Session, herbs: Sequence[models.Herb]) -> list[HerbRecord]:
    """Records of many herbs, each child table read once per chunk of herbs (an export of
    50,000 herbs is a few hundred queries, not half a million)."""
    out: list[HerbRecord] = []
    for start in range(0, len(herbs), 500):
        out += _read_chunk(s, herbs[start : start + 500])
    return out


def _read_chunk(s: Session, herbs: Sequence[models.Herb]) -> list[HerbRecord]:
    ids = [h.id for h in herbs]

    def by_herb(table: type[models.SQLModel]) -> dict[int, list]:
        query = select(table).where(table.herb_id.in_(ids))
        order = table.position if hasattr(table, "position") else table.id
        query = query.order_by(table.herb_id, order)
        grouped: dict[int, list] = defaultdict(list)
        for row in s.exec(query):
            grouped[row.herb_id].append(row)
        return grouped

    names, sources, props = (
        by_herb(models.HerbName),
        by_herb(models.HerbSource),
        by_herb(models.HerbProperty),
    )
    sections, refs, confusables = (
        by_herb(models.MonographSection),
        by_herb(models.HerbReference),
        by_herb(models.Confusable),
    )
    species_ids = {src.species_id for rows_ in sources.values() for src in rows_}
    species = {
        sp.id: sp for sp in s.exec(select(models.Species).where(models.Species.id.in_(species_ids)))
    }
    spnames: dict[int, list[models.SpeciesName]] = defaultdict(list)
    for n in s.exec(
        select(models.SpeciesName)
        .where(models.SpeciesName.species_id.in_(species_ids))
        .order_by(models.SpeciesName.id)
    ):
        spnames[n.species_id].append(n)
    out = []
    for herb in herbs:
        terms: dict[str, list[str]] = defaultdict(list)
        for p in props[herb.id]:
            terms[p.prop].append(p.term)
        out.append(
            HerbRecord(
                slug=herb.slug,
                names=[NameRecord(text=n.text, lang=n.lang, kind=n.kind) for n in names[herb.id]],
                sources=[
                    SourceRecord(
                        species=next(n.text for n in spnames[src.species_id] if n.accepted),
                        family=species[src.species_id].family,
                        part=src.part,
                        synonyms=[n.text for n in spnames[src.species_id] if not n.accepted],
                    )
                    for src in sources[herb.id]
                ],
                nature=(terms["nature"] or [None])[0],
                toxicity=(terms["toxicity"] or [None])[0],
                flavours=terms["flavour"],
                meridians=terms["meridian"],
                categories=terms["category"],
                sections=[
                    SectionRecord(section=m.section, lang=m.lang, text=m.text)
                    for m in sections[herb.id]
                ],
                references=[r.reference_key for r in refs[herb.id]],
                confusable_with=[
                    ConfusableRecord(slug=c.other_slug, note=c.note) for c in confusables[herb.id]
                ],
                review=ReviewRecord(
                    status=herb.review_status,
                    by=herb.reviewed_by,
                    on=herb.reviewed_on,
                    reference=herb.review_reference,
                ),
                provenance=herb.provenance,
            )
        )
    return out


def revision_row(
    slug: str,
    version: int,
    author: str,
    comment: str | None,
    before: HerbRecord | None,
    after: HerbRecord,
) -> dict[str, object]:
    return {
        "entity": "herb",
        "entity_id": slug,
        "version": version,
        "author": author,
        "at": models.utcnow(),
        "comment": comment,
        "before": before.model_dump_json() if before else None,
        "after": after.model_dump_json(),
    }
