"""HerbKB's own XLSX export (one sheet per table, herbkb.export) → herb records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from herbkb.export import FORMULA_START, LIST_SEPARATOR, SHEETS
from herbkb.records import HerbRecord, LoadedRecord, Origin, validation_messages


def is_export(sheet_names: list[str]) -> bool:
    return set(SHEETS) <= set(sheet_names)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]  # written escaped by the export, so no formula runs
    return text


def _list(value: str | None) -> list[str]:
    return [v for v in (value or "").split(LIST_SEPARATOR) if v]


def _sheet(book: object, name: str) -> Iterator[dict[str, str | None]]:
    rows = book[name].iter_rows(values_only=True)
    header = [str(h) for h in next(rows, ())]
    for values in rows:
        if any(v is not None for v in values):
            yield dict(zip(header, (_cell(v) for v in values), strict=False))


def count(book: object) -> int:
    """The herbs of an export workbook (the caller's book is closed)."""
    try:
        return sum(1 for _ in _sheet(book, "herbs"))
    finally:
        book.close()


def load(path: Path, book: object) -> tuple[dict[str, str], Iterator[LoadedRecord]]:
    """The references and the herbs of an export workbook, opened by the caller."""
    references = {r["key"]: r["citation"] for r in _sheet(book, "references") if r["key"]}
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for sheet in ("names", "sources", "sections", "confusables"):
        for row in _sheet(book, sheet):
            children[row.pop("slug") or ""][sheet].append(row)

    def herbs() -> Iterator[LoadedRecord]:
        for number, row in enumerate(_sheet(book, "herbs"), start=2):
            origin = Origin(file=f"{path} [herbs]", row=number)
            slug = row["slug"] or ""
            parts = children.get(slug, {})
            data = {
                "slug": slug,
                "names": parts.get("names", []),
                "sources": [
                    {**s, "synonyms": _list(s.get("synonyms"))} for s in parts.get("sources", [])
                ],
                "sections": parts.get("sections", []),
                "confusable_with": [
                    {"slug": c["other"], "note": c["note"]} for c in parts.get("confusables", [])
                ],
                "nature": row["nature"],
                "toxicity": row["toxicity"],
                "flavours": _list(row["flavours"]),
                "meridians": _list(row["meridians"]),
                "categories": _list(row["categories"]),
                "references": _list(row["references"]),
                "review": {
                    "status": row["review_status"] or "unreviewed",
                    "by": row["reviewed_by"],
                    "on": (row["reviewed_on"] or "")[:10] or None,
                    "reference": row["review_reference"],
                },
                "provenance": row["provenance"],
            }
            try:
                yield LoadedRecord(origin=origin, record=HerbRecord.model_validate(data))
            except ValidationError as exc:
                errors = [f"{origin}: {m}" for m in validation_messages(exc)]
                yield LoadedRecord(origin=origin, errors=errors)

    return references, herbs()
