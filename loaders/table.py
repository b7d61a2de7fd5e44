"""Spreadsheets (CSV, TSV, XLSX) → herb records, one row at a time.

Rows are streamed: a 200 MB CSV is never held in memory. Each row becomes a `LoadedRecord`
whose errors and notes name the file, the row and the column.
"""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from herbkb import vocab
from herbkb.normalize import fold, has_han, text_lang, zh_key
from herbkb.prepared import prepare
from herbkb.records import HerbRecord, LoadedRecord, Origin, propose_slug, validation_messages
from loaders import cells
from loaders.columns import map_headers
from loaders.encoding import detect
from loaders.worker import Worker

if TYPE_CHECKING:
    from openpyxl import Workbook

NAME_FIELDS = ("vi", "vi_other", "hanviet", "zh", "zh_hant", "zh_other", "pinyin", "la", "en")
SECTION_FIELDS = ("actions", "indications", "dosage", "contraindications", "notes")
MAX_NAME = 300
MAX_CELL = 20_000
FORMULA_START = ("=", "+", "@")
_BINOMIAL = re.compile(r"^[A-Z][a-z]*\.?\s+[a-z×-]+")

PARALLEL_AFTER = 500  # rows parsed here before a long table moves to a second process
PARALLEL_BATCH = 500
IN_FLIGHT = 2  # batches with the worker at once
LOCAL_AHEAD = 2  # batches this process may parse ahead while the worker is behind
WITH_WORKER = None  # a slot whose batch the worker is parsing
BATCH_BYTES = 4_000_000

Batch = list[tuple[int, list[str]]]  # rows as read, each with its number in the file

csv.field_size_limit(sys.maxsize)  # long cells are judged by us, with a clear message


@dataclass
class TableOptions:
    """How the user asked a table to be read."""

    encoding: str | None = None
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # --map COLUMN=FIELD
    unmapped: str = "notes"  # keep unmapped columns as notes, or "refuse" the file
    # parse rows in a second process once a table is long (loaders.worker)
    parallel: bool = False


class TableError(ValueError):
    """The whole file cannot be read (encoding, no header, refused columns)."""


# --- reading rows ------------------------------------------------------------------------------


def _csv_rows(path: Path, options: TableOptions) -> Iterator[list[str]]:
    encoding = detect(path, options.encoding)
    with path.open(encoding=encoding, newline="", errors="strict") as fh:
        sample = fh.read(64 * 1024)
        fh.seek(0)
        delimiter = (
            "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","
        )
        if path.suffix.lower() not in (".tsv", ".csv") and ";" in sample.split("\n")[0]:
            delimiter = ";"
        try:
            yield from csv.reader(fh, delimiter=delimiter)
        except UnicodeDecodeError as exc:
            raise TableError(
                f"{path}: not valid {encoding} after byte {exc.start}; pass --encoding"
            ) from exc
        except csv.Error as exc:
            raise TableError(f"{path}: broken CSV ({exc})") from exc


def open_workbook(path: Path) -> Workbook:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TableError(f"{path}: not a readable .xlsx workbook ({exc})") from exc


def _xlsx_sheets(path: Path, options: TableOptions) -> Iterator[tuple[str, Iterator[list[object]]]]:
    book = open_workbook(path)
    names = book.sheetnames
    if options.sheet is not None:
        if options.sheet not in names:
            raise TableError(f"{path}: no sheet {options.sheet!r}; it has {', '.join(names)}")
        names = [options.sheet]
    try:
        for name in names:
            yield name, (list(r) for r in book[name].iter_rows(values_only=True))
    finally:
        book.close()


# --- rows → records ---------------------------------------------------------------------------


def _names(row: dict[str, str], errors: list[str], column: dict[str, str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []

    def add(text: str, lang: str, kind: str) -> None:
        if any(n["lang"] == lang and fold(n["text"]) == fold(text) for n in found):
            return
        if not any(n["lang"] == lang and n["kind"] == "primary" for n in found):
            kind = "primary" if kind in ("primary", "synonym") else kind
        elif kind == "primary":
            kind = "synonym"
        found.append({"text": text, "lang": lang, "kind": kind})

    def chinese_lang(text: str, traditional: bool) -> str:
        return "zh-Hant" if traditional or zh_key(text) != re.sub(r"\s", "", text) else "zh-Hans"

    for fld in NAME_FIELDS:
        for text in cells.names(row.get(fld)):
            if len(text) > MAX_NAME:
                errors.append(
                    f"column {column[fld]!r}: a name of {len(text):,} characters "
                    f"(at most {MAX_NAME})"
                )
                continue
            if text.startswith(FORMULA_START):
                errors.append(
                    f"column {column[fld]!r}: {text[:30]!r} looks like a spreadsheet formula"
                )
                continue
            if fld in ("zh", "zh_hant", "zh_other"):
                if not has_han(text):
                    errors.append(f"column {column[fld]!r}: {text!r} has no Chinese characters")
                    continue
                kind = "synonym" if fld == "zh_other" else "primary"
                add(text, chinese_lang(text, fld == "zh_hant"), kind)
            elif fld == "pinyin":
                add(text, "zh-Latn-pinyin", "primary")
            elif fld in ("la", "en"):
                add(text, fld, "primary")
            else:
                kind = {"vi": "primary", "vi_other": "synonym", "hanviet": "hanviet"}[fld]
                add(text, "vi", kind)
    return found


def _sources(
    row: dict[str, str],
    notes: list[str],
    names: list[dict[str, str]],
    column: dict[str, str],
    named_parts: list[str],
) -> list[dict]:
    """One source per species, and per part when a name's brackets give several (`Mít (Lá,
    Gỗ)`); the part column, when there is one, says the part."""
    family, gloss = cells.family(row.get("family"))
    part_text = cells.text(row.get("part"))
    part = vocab.PART.lookup(part_text) if part_text else None
    if part_text and part is None:
        notes.append(
            f"column {column['part']!r}: part used {part_text!r} not understood, kept in notes"
        )
    parts: list[str | None] = [part.id] if part else list(named_parts) or [None]
    mineral = gloss is not None and fold(gloss) in ("khoang vat", "mineral", "矿物")
    sources = []
    genus = None
    for text in cells.species(row.get("species")):
        if mineral or not _BINOMIAL.match(text):
            # a mineral, or a drug name rather than a plant: a Latin name of the herb
            names.append(
                {
                    "text": text,
                    "lang": "la",
                    "kind": "primary" if not any(n["lang"] == "la" for n in names) else "synonym",
                }
            )
            continue
        first, rest = text.split(" ", 1)
        if first.endswith(".") and genus and genus.startswith(first[:-1]):
            text = f"{genus} {rest}"  # `G. glabra` after `Glycyrrhiza uralensis`
        genus = text.split(" ", 1)[0]
        animal = gloss is not None and "động vật" in gloss.casefold()
        sources.extend(
            {"species": text, "family": family, "part": p or ("animal" if animal else None)}
            for p in parts
        )
    return sources


@lru_cache(maxsize=64)
def _file_name(path: str) -> str:
    return Path(path).name  # asked once per row; a Path per row is a measurable cost


def row_record(
    row: dict[str, str],
    column: dict[str, str],
    extra: dict[str, str],
    origin: Origin,
) -> LoadedRecord:
    """One mapped row → a validated record, or its errors. `extra` holds unmapped columns."""
    errors: list[str] = []
    notes: list[str] = []
    for fld, value in row.items():
        if value and len(value) > MAX_CELL:
            errors.append(
                f"column {column[fld]!r}: {len(value):,} characters (at most {MAX_CELL:,})"
            )
            row[fld] = ""
    names = _names(row, errors, column)
    # `Mít (Lá, Gỗ)`: the brackets of the Vietnamese name say the parts used
    named = cells.names_and_parts(row.get("vi"))
    for word in named.unread:
        notes.append(f"column {column['vi']!r}: part used {word!r} not understood")
    sources = _sources(row, notes, names, column, named.parts)
    props = cells.properties(row.get("properties"))
    for fld in ("nature", "flavours", "toxicity"):
        more = cells.properties(row.get(fld))
        props.nature = props.nature or more.nature
        props.toxicity = props.toxicity or more.toxicity
        props.flavours += [f for f in more.flavours if f not in props.flavours]
        props.unparsed += more.unparsed
    meridians = cells.meridians(row.get("meridians")) or props.meridians
    if cells.text(row.get("meridians")) and not meridians:
        props.unparsed.append(cells.text(row.get("meridians")))
    sections: dict[tuple[str, str], list[str]] = {}
    for fld in SECTION_FIELDS:
        value = cells.text(row.get(fld))
        if value:
            sections.setdefault((fld, text_lang(value)), []).append(value)
    for piece in props.unparsed:
        notes.append(f"properties {piece!r} not understood, kept in notes")
        sections.setdefault(("notes", text_lang(piece)), []).append(piece)
    for header, value in extra.items():
        if cells.text(value):
            sections.setdefault(("notes", text_lang(value)), []).append(f"{header}: {value}")
    category = cells.text(row.get("category"))
    term = vocab.CATEGORY.lookup(category) if category else None
    if category and term is None:
        notes.append(f"column {column['category']!r}: category {category!r} not understood")
    if errors:
        return LoadedRecord(origin=origin, errors=[f"{origin}: {e}" for e in errors])
    slug = cells.text(row.get("slug")) or propose_slug(names)
    if slug is None:
        return LoadedRecord(origin=origin, errors=[f"{origin}: the row has no name in any column"])
    try:
        record = HerbRecord.model_validate(
            {
                "slug": slug,
                "names": names,
                "sources": sources,
                "nature": props.nature,
                "flavours": props.flavours,
                "meridians": meridians,
                "toxicity": props.toxicity,
                "categories": [term.id] if term else [],
                "sections": [
                    {"section": s, "lang": lang, "text": "\n\n".join(texts)}
                    for (s, lang), texts in sections.items()
                ],
                "references": cells.names(row.get("references")),
                "provenance": f"Imported from {_file_name(origin.file)}, row {origin.row}",
            }
        )
    except ValidationError as exc:
        return LoadedRecord(
            origin=origin, errors=[f"{origin}: {m}" for m in validation_messages(exc)]
        )
    return LoadedRecord(origin=origin, record=record, notes=notes)


@dataclass
class _Layout:
    """What the header says about every row of one table."""

    file: str
    header: list[str]
    mapping: dict[int, str]  # column index → field ('-': ignored)
    unmapped_at: dict[int, str]  # column index → header kept as notes

    def parse(self, number: int, values: list[str]) -> LoadedRecord:
        row = {
            fld: values[i] if i < len(values) else ""
            for i, fld in self.mapping.items()
            if fld not in ("-", "row_id")  # the source's row id: the row number locates it
        }
        column = {fld: self.header[i] for i, fld in self.mapping.items()}
        extra = {h: values[i] for i, h in self.unmapped_at.items() if i < len(values)}
        loaded = row_record(row, column, extra, Origin(file=self.file, row=number))
        if loaded.record is None:
            # echoed back in the rejects file; a cell already too long is cut, so a file of
            # huge cells does not come to live in memory a second time
            loaded.raw = {h: v[:MAX_CELL] for h, v in zip(self.header, values, strict=False)}
        return loaded

    def parse_batch(self, batch: Batch) -> list[LoadedRecord]:
        """Rows parsed in the second process, each record with its rows prepared (the work of
        a write that needs no catalogue), so the writing process has less to do."""
        out = [self.parse(number, values) for number, values in batch]
        for loaded in out:
            if loaded.record is not None:
                loaded.rows = prepare(loaded.record)
        return out


def _layout(header: list[str], file: str, options: TableOptions) -> _Layout:
    mapping, unmapped = map_headers(header, options.mapping)
    if not [f for f in mapping.values() if f != "-"]:
        raise TableError(f"{file}: no column is a herb field (headers: {', '.join(header)})")
    if unmapped and options.unmapped == "refuse":
        raise TableError(
            f"{file}: unknown columns {', '.join(unmapped)}; map them with --map COLUMN=FIELD "
            "(FIELD '-' ignores one) or keep them as notes"
        )
    unmapped_at = {i: h for i, h in enumerate(header) if i not in mapping and h}
    return _Layout(file, header, mapping, unmapped_at)


def _batches(rows: Iterator[tuple[int, list[str]]], size: int) -> Iterator[Batch]:
    """Rows in batches of `size`, or fewer when their cells pass BATCH_BYTES: a file of huge
    cells must not put hundreds of megabytes in flight between the processes."""
    batch: Batch = []
    held = 0
    for row in rows:
        batch.append(row)
        held += sum(len(v) for v in row[1])
        if len(batch) == size or held >= BATCH_BYTES:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _in_worker(layout: _Layout, rows: Iterator[tuple[int, list[str]]]) -> Iterator[LoadedRecord]:
    """Rows parsed in a second process while this one matches and writes: a long import
    uses both cores. Until the worker has started (about a second), and whenever it is behind,
    this process parses the next batch itself rather than wait; records come out in file
    order either way. The worker ends with this generator, however it ends."""
    batches = _batches(rows, PARALLEL_BATCH)
    with Worker(layout) as worker:
        # in file order: parsed batches, or WITH_WORKER for one the worker is parsing
        slots: deque[list[LoadedRecord] | None] = deque()
        while True:
            # bounded, so a 200 MB file is never all in flight
            while worker.ready and worker.unread < IN_FLIGHT:
                batch = next(batches, None)
                if batch is None:
                    break
                worker.send(batch)
                slots.append(WITH_WORKER)
            head_waits = not slots or (slots[0] is WITH_WORKER and not worker.has_result())
            if head_waits and len(slots) < IN_FLIGHT + LOCAL_AHEAD:
                batch = next(batches, None)
                if batch is not None:
                    slots.append(layout.parse_batch(batch))
                    continue
            if not slots:
                return
            head = slots.popleft()
            yield from worker.take() if head is WITH_WORKER else head


def records(
    rows: Iterator[list[object]], file: str, options: TableOptions
) -> Iterator[LoadedRecord]:
    """Rows of one table (the first non-empty row is the header) → loaded records."""
    numbered = (
        (number, ["" if v is None else str(v) for v in raw])
        for number, raw in enumerate(rows, start=1)
    )
    body = ((n, values) for n, values in numbered if any(v.strip() for v in values))
    first = next(body, None)
    if first is None:
        raise TableError(f"{file}: empty, no header row")
    layout = _layout([v.strip() for v in first[1]], file, options)
    for done, (number, values) in enumerate(body):
        yield layout.parse(number, values)
        if options.parallel and done + 1 >= PARALLEL_AFTER:
            yield from _in_worker(layout, body)  # a long table: the rest in a second process
            return


def count(path: Path, options: TableOptions) -> int:
    """The rows `load` makes records of: every row with a value, but each table's header."""
    if path.suffix.lower() == ".xlsx":
        tables = (rows for _, rows in _xlsx_sheets(path, options))
    else:
        tables = iter([_csv_rows(path, options)])
    filled = (
        sum(1 for row in rows if any(v is not None and str(v).strip() for v in row))
        for rows in tables
    )
    return sum(max(n - 1, 0) for n in filled)


def load(path: Path, options: TableOptions) -> Iterator[LoadedRecord]:
    if path.suffix.lower() != ".xlsx":
        yield from records(_csv_rows(path, options), str(path), options)
        return
    read = 0
    for sheet, rows in _xlsx_sheets(path, options):
        try:
            for item in records(rows, f"{path} [{sheet}]", options):
                read += 1
                yield item
        except TableError:
            if options.sheet is not None:
                raise  # the sheet the user asked for is empty or unusable
    if not read:
        raise TableError(f"{path}: no sheet has a header row and herb rows")


def headers(path: Path, options: TableOptions) -> list[tuple[str, str | None]]:
    """A table's header cells (the first sheet's, for a workbook), each with the field it is
    read as (None: kept as a note), so a person can check the reading before a load."""
    sheets = _xlsx_sheets(path, options) if path.suffix.lower() == ".xlsx" else [("", None)]
    first = None
    for _, rows in sheets:
        rows = _csv_rows(path, options) if rows is None else rows
        first = next((r for r in rows if any(str(v or "").strip() for v in r)), None)
        break  # the workbook stays open while its first sheet is read
    if first is None:
        raise TableError(f"{path}: empty, no header row")
    header = [str(v or "").strip() for v in first]
    mapping, _ = map_headers(header, options.mapping)
    return [(h, mapping.get(i)) for i, h in enumerate(header) if h]
