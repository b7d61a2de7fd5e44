"""JSON: HerbKB's own export (`{"format": "herbkb", "references": …, "herbs": […]}`) or a plain
list of records, either whole herb records or flat rows with spreadsheet-like keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from herbkb.records import HerbRecord, LoadedRecord, Origin, validation_messages
from loaders import table

FORMAT = "herbkb"


class JsonError(ValueError):
    pass


def read(path: Path) -> tuple[dict[str, str], list[object]]:
    """The references and the list of herb objects in a JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise JsonError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise JsonError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return data.get("references") or {}, data.get("herbs") or []
    if isinstance(data, list):
        return {}, data
    raise JsonError(f"{path}: expected a list of herb records or a HerbKB export")


def load(path: Path) -> tuple[dict[str, str], Iterator[LoadedRecord]]:
    """The file's references and its records."""
    references, items = read(path)
    return references, _records(path, items)


def _records(path: Path, items: list[object]) -> Iterator[LoadedRecord]:
    flat: list[dict] = []
    for number, item in enumerate(items, start=1):
        origin = Origin(file=str(path), row=number)
        if isinstance(item, dict) and isinstance(item.get("names"), list):
            try:
                yield LoadedRecord(origin=origin, record=HerbRecord.model_validate(item))
            except ValidationError as exc:
                errors = [f"{origin}: {m}" for m in validation_messages(exc)]
                yield LoadedRecord(origin=origin, errors=errors)
        elif isinstance(item, dict):
            flat.append(item)
        else:
            yield LoadedRecord(origin=origin, errors=[f"{origin}: not a JSON object"])
    if flat:
        headers = list(dict.fromkeys(k for item in flat for k in item))
        rows = [headers] + [[_cell(item.get(h)) for h in headers] for item in flat]
        yield from table.records(iter(rows), str(path), table.TableOptions())


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)
