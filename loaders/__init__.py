"""Loaders: files → validated `HerbRecord`s. One module per input format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from herbkb.records import LoadedRecord, Origin
from loaders import markdown

REFERENCES_FILE = "references.yaml"


@dataclass
class Loaded:
    """Everything read from the paths given: reference works and herb records."""

    references: dict[str, str] = field(default_factory=dict)
    items: list[LoadedRecord] = field(default_factory=list)


def _references(path: Path) -> tuple[dict[str, str], list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: not a readable YAML reference list ({exc})"]
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}, [f"{path}: expected `key: full citation` lines"]
    return {str(k): v.strip() for k, v in data.items()}, []


def load_paths(paths: list[Path]) -> Loaded:
    """Read files and folders. A folder gives its references.yaml and every monograph in it."""
    loaded = Loaded()
    for path in paths:
        if not path.exists():
            loaded.items.append(
                LoadedRecord(origin=Origin(file=str(path)), errors=[f"{path}: no such file"])
            )
            continue
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.name == REFERENCES_FILE:
                references, errors = _references(file)
                loaded.references.update(references)
                if errors:
                    loaded.items.append(LoadedRecord(origin=Origin(file=str(file)), errors=errors))
            elif file.suffix.lower() == ".md" and file.name.lower() != "readme.md":
                loaded.items.append(markdown.load(file))
            elif not path.is_dir():
                loaded.items.append(
                    LoadedRecord(
                        origin=Origin(file=str(file)),
                        errors=[f"{file}: unknown file type {file.suffix!r} (HerbKB reads .md)"],
                    )
                )
    return loaded
