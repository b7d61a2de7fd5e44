"""Loaders: files → validated `HerbRecord`s. One module per input format."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from herbkb.records import LoadedRecord, Origin
from loaders import jsonfile, markdown, table
from loaders.encoding import EncodingError
from loaders.table import TableError, TableOptions

REFERENCES_FILE = "references.yaml"
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
SUFFIXES = (".md", ".json", *TABLE_SUFFIXES)


@dataclass
class Loaded:
    """What was read: reference works, and herb records as a stream (tables are not held)."""

    references: dict[str, str] = field(default_factory=dict)
    items: Iterable[LoadedRecord] = ()
    files: list[Path] = field(default_factory=list)
    options: TableOptions = field(default_factory=TableOptions)
    problems: int = 0  # items that say a path could not be read at all

    def count(self) -> int:
        """How many items there are: the total for a progress bar. Tables are read once more
        to count their rows, without parsing a cell (50,000 CSV rows: well under a second,
        a few per cent of their import)."""
        return self.problems + sum(_count(file, self.options) for file in self.files)


def _references(path: Path) -> tuple[dict[str, str], list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: not a readable YAML reference list ({exc})"]
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}, [f"{path}: expected `key: full citation` lines"]
    return {str(k): v.strip() for k, v in data.items()}, []


def _problem(path: Path, message: str) -> LoadedRecord:
    return LoadedRecord(origin=Origin(file=str(path)), errors=[message])


def _open(path: Path, options: TableOptions) -> tuple[dict[str, str], Iterable[LoadedRecord]]:
    """A file's references (read now) and its herb records (read as they are consumed)."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        return {}, [markdown.load(path)]
    if suffix == ".json":
        return jsonfile.load(path)
    if suffix == ".xlsx":
        from loaders import workbook  # its herbkb.export brings pandas: only for a workbook

        book = table.open_workbook(path)
        if workbook.is_export(book.sheetnames):
            return workbook.load(path, book)
        book.close()
    if suffix in TABLE_SUFFIXES:
        return {}, table.load(path, options)
    return {}, [
        _problem(path, f"{path}: unknown file type {suffix!r} (HerbKB reads {', '.join(SUFFIXES)})")
    ]


def _count(path: Path, options: TableOptions) -> int:
    suffix = path.suffix.lower()
    # a file that cannot be read gives one item, its problem
    with contextlib.suppress(TableError, EncodingError, jsonfile.JsonError, OSError):
        if suffix == ".json":
            return len(jsonfile.read(path)[1])
        if suffix == ".xlsx":
            from loaders import workbook

            book = table.open_workbook(path)
            if workbook.is_export(book.sheetnames):
                return workbook.count(book)
            book.close()
        if suffix in TABLE_SUFFIXES:
            return table.count(path, options)
    return 1


def _chained(streams: list[Iterator[LoadedRecord]]) -> Iterator[LoadedRecord]:
    # `yield from`, so that closing the items closes the stream being read (and its worker)
    for stream in streams:
        yield from stream


def _guarded(path: Path, items: Iterable[LoadedRecord]) -> Iterator[LoadedRecord]:
    """Errors met while reading on become one rejected item naming the file."""
    try:
        yield from items
    except (TableError, EncodingError) as exc:
        yield _problem(path, str(exc))
    except OSError as exc:
        yield _problem(path, f"{path}: cannot be read ({exc.strerror})")


def load_paths(paths: list[Path], options: TableOptions | None = None) -> Loaded:
    """Read files and folders. A folder gives its references.yaml and every herb file in it."""
    options = options or TableOptions()
    loaded = Loaded(options=options)
    files: list[Path] = []
    problems: list[LoadedRecord] = []
    for path in paths:
        if not path.exists():
            problems.append(_problem(path, f"{path}: no such file"))
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.name == REFERENCES_FILE:
                    references, errors = _references(file)
                    loaded.references.update(references)
                    problems += [_problem(file, e) for e in errors]
                elif file.suffix.lower() in SUFFIXES and file.name.lower() != "readme.md":
                    files.append(file)
        else:
            files.append(path)

    streams: list[Iterator[LoadedRecord]] = [iter(problems)]
    for file in files:
        try:
            references, items = _open(file, options)
        except (TableError, EncodingError, jsonfile.JsonError) as exc:
            items, references = [_problem(file, str(exc))], {}
        except OSError as exc:
            items, references = [_problem(file, f"{file}: cannot be read ({exc.strerror})")], {}
        loaded.references.update(references)
        streams.append(_guarded(file, items))
    loaded.items = _chained(streams)
    loaded.files, loaded.problems = files, len(problems)
    return loaded
