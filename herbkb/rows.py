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
    latin_abbrev_key,
    latin_key,
    species_family_key,
    split_binomial,
)
from herbkb.prepared import HerbRows, SourceRow
from herbkb.records import (
    ConfusableRecord,
    HerbRecord,
    NameRecord,
    RetiredRecord,
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


def scalars(herb: HerbRows) -> dict[str, object]:
    """The herb row's own columns."""
    zh = herb.primary("zh-Hans") or herb.primary("zh-Hant")
    status, by, on, reference = herb.review
    retired = herb.retired
    return {
        "name_vi": herb.display.get("vi"),
        "name_zh": zh.text if zh else None,
        "name_pinyin": herb.display.get("zh-Latn-pinyin"),
        "name_la": herb.display.get("la"),
        "name_en": herb.display.get("en"),
        "review_status": status,
        "reviewed_by": by,
        "reviewed_on": on,
        "review_reference": reference,
        "provenance": herb.provenance,
        "retired_on": retired.on if retired else None,
        "retired_reason": retired.reason if retired else None,
        "merged_into": retired.merged_into if retired else None,
        "updated_at": models.utcnow(),
    }


def new_herb_row(herb: HerbRows) -> dict[str, object]:
    return {"slug": herb.slug, "version": 1, "created_at": models.utcnow(), **scalars(herb)}


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
    conn: Connection,
    table: type[models.SQLModel],
    rows: Sequence[dict[str, object]] | Sequence[tuple[object, ...]],
    columns: Sequence[str] | None = None,
) -> None:
    """One executemany straight to the driver: SQLAlchemy's per-row parameter handling costs
    more than SQLite's insert itself when a chunk holds tens of thousands of rows. Rows are
    dicts, or tuples in the order of `columns`."""
    if not rows:
        return
    if columns is None:
        columns = list(rows[0])
        values = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
        rows = [values(row) for row in rows]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


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

    def problem(self, source: SourceRow) -> str | None:
        """Why this source cannot be stored, if it cannot (its family contradicts ours)."""
        species = self._find(source.key)
        if (
            species
            and source.family
            and species.family
            and species_family_key(species.binomial, source.family)
            != species_family_key(species.binomial, species.family)
        ):
            return (
                f"species {species.binomial}: family is {species.family!r} in the catalogue, "
                f"{source.family!r} in this record"
            )
        return None

    def canonical(self, source: SourceRow) -> tuple[SourceRow, str | None]:
        """The source as the catalogue names it: its accepted species name (the name given
        kept as a synonym) and its family; and the family conflict, if any."""
        species = self._find(source.key)
        if species is None:
            return source, None
        conflict = self.problem(source)
        synonyms = list(source.synonyms)
        if source.key != latin_key(species.accepted):
            synonyms.insert(0, source.species)
        synonyms = [s for s in dict.fromkeys(synonyms) if s != species.accepted]
        canonical = (species.accepted, species.family or source.family, tuple(synonyms))
        if canonical == (source.species, source.family, source.synonyms):
            return source, conflict
        return SourceRow.of(canonical[0], canonical[1], source.part, canonical[2]), conflict

    def stage(self, source: SourceRow) -> _Species:
        key = source.key
        species = self._find(key)
        if species is None:
            binomial, authority = split_binomial(source.species)
            species = _Species(None, binomial, authority, source.family, source.species)
            species.pending.append((source.species, True))
            self.by_key[key] = species
        elif source.family and not species.family:
            species.family, species.family_changed = source.family, True
        known = species.texts | {text for text, _ in species.pending}
        for synonym, synonym_key in zip(source.synonyms, source.keys[1:], strict=True):
            if synonym not in known:
                species.pending.append((synonym, False))
                known.add(synonym)
                self.by_key.setdefault(synonym_key, species)
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

    def id_of(self, source: SourceRow) -> int:
        species = self.by_key[source.key]
        assert species is not None and species.id is not None, "stage and flush first"
        return species.id


def problems(herb: HerbRows, book: SpeciesBook, references: set[str]) -> list[str]:
    """What stops a valid record from being stored in this catalogue."""
    found = [p for p in map(book.problem, herb.sources) if p]
    found += [
        f"reference {key!r} is not in the catalogue's reference list"
        for key in herb.references
        if key not in references
    ]
    return found


# --- writing ----------------------------------------------------------------------------------


def delete_children(conn: Connection, herb_ids: Sequence[int]) -> None:
    db.fulltext_remove(conn, list(herb_ids))
    for table in CHILD_TABLES:
        conn.execute(delete(table).where(table.herb_id.in_(herb_ids)))


def write_children(
    conn: Connection, herbs: Sequence[tuple[int, HerbRows]], book: SpeciesBook
) -> None:
    """Insert the rows hanging off each (herb id, herb); the herbs have none yet."""
    if not herbs:
        return
    for _, herb in herbs:
        for source in herb.sources:
            book.stage(source)
    book.flush()
    names = [
        (herb_id, position, n) for herb_id, herb in herbs for position, n in enumerate(herb.names)
    ]
    name_ids = book.ids.take(models.HerbName, len(names))
    insert_many(
        conn,
        models.HerbName,
        [
            (name_id, herb_id, n.text, n.lang, n.kind, position, n.norm)
            for name_id, (herb_id, position, n) in zip(name_ids, names, strict=True)
        ],
        ("id", "herb_id", "text", "lang", "kind", "position", "norm"),
    )
    insert_many(
        conn,
        models.NameKey,
        [
            (name_id, herb_id, k.space, k.key, k.via)
            for name_id, (herb_id, _, n) in zip(name_ids, names, strict=True)
            for k in n.keys
        ],
        ("name_id", "herb_id", "space", "key", "via"),
    )
    insert_many(
        conn,
        models.HerbProperty,
        [
            (herb_id, prop, term, position)
            for herb_id, herb in herbs
            for position, (prop, term) in enumerate(herb.properties)
        ],
        ("herb_id", "prop", "term", "position"),
    )
    insert_many(
        conn,
        models.HerbSource,
        [
            (herb_id, book.id_of(source), source.part, position)
            for herb_id, herb in herbs
            for position, source in enumerate(herb.sources)
        ],
        ("herb_id", "species_id", "part", "position"),
    )
    sections = [(herb_id, p, s) for herb_id, herb in herbs for p, s in enumerate(herb.sections)]
    section_ids = book.ids.take(models.MonographSection, len(sections))
    insert_many(
        conn,
        models.MonographSection,
        [
            (section_id, herb_id, s.section, s.lang, s.text, p)
            for section_id, (herb_id, p, s) in zip(section_ids, sections, strict=True)
        ],
        ("id", "herb_id", "section", "lang", "text", "position"),
    )
    insert_many(
        conn,
        models.HerbReference,
        [
            (herb_id, key, position)
            for herb_id, herb in herbs
            for position, key in enumerate(herb.references)
        ],
        ("herb_id", "reference_key", "position"),
    )
    insert_many(
        conn,
        models.Confusable,
        [(herb_id, slug, note) for herb_id, herb in herbs for slug, note in herb.confusables],
        ("herb_id", "other_slug", "note"),
    )
    db.fulltext_add(
        conn,
        [
            (section_id, herb_id, s.section, s.lang, s.indexed)
            for section_id, (herb_id, _, s) in zip(section_ids, sections, strict=True)
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
    conn = s.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"

    def query(sql: str, keys: Sequence[int]) -> list:
        # straight to the driver: through the ORM each of these queries costs ~1 ms of Python,
        # most of the cost of reading one herb, and an import reads every herb it merges into
        if not keys:
            return []
        return list(
            conn.exec_driver_sql(sql.format(keys=", ".join([mark] * len(keys))), tuple(keys))
        )

    def by_herb(table: type[models.SQLModel], columns: str, order: str = "position") -> dict:
        grouped: dict[int, list] = defaultdict(list)
        sql = (
            f"SELECT herb_id, {columns} FROM {table.__tablename__} "
            f"WHERE herb_id IN ({{keys}}) ORDER BY herb_id, {order}"
        )
        for row in query(sql, [h.id for h in herbs]):
            grouped[row.herb_id].append(row)
        return grouped

    names = by_herb(models.HerbName, "text, lang, kind")
    sources = by_herb(models.HerbSource, "species_id, part")
    props = by_herb(models.HerbProperty, "prop, term")
    sections = by_herb(models.MonographSection, "section, lang, text")
    refs = by_herb(models.HerbReference, "reference_key")
    confusables = by_herb(models.Confusable, "other_slug, note", order="id")
    species_ids = sorted({src.species_id for rows_ in sources.values() for src in rows_})
    family = dict(query("SELECT id, family FROM species WHERE id IN ({keys})", species_ids))
    spnames: dict[int, list] = defaultdict(list)
    for n in query(
        "SELECT species_id, text, accepted FROM speciesname WHERE species_id IN ({keys}) "
        "ORDER BY id",
        species_ids,
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
                        family=family[src.species_id],
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
                retired=RetiredRecord(
                    on=herb.retired_on, reason=herb.retired_reason, merged_into=herb.merged_into
                )
                if herb.retired_on
                else None,
            )
        )
    return out


def revision_row(
    slug: str,
    version: int,
    author: str,
    comment: str | None,
    before: str | None,
    after: str,
) -> dict[str, object]:
    """A revision; `before` and `after` are the record as JSON (HerbRecord.model_dump_json)."""
    return {
        "entity": "herb",
        "entity_id": slug,
        "version": version,
        "author": author,
        "at": models.utcnow(),
        "comment": comment,
        "before": before,
        "after": after,
    }
