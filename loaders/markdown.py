"""Markdown monographs: one herb a file, YAML front matter for facts, `##` sections for text.

This is the format of the bundled catalogue in `data/herbs/` and of researchers' own files;
`data/README.md` describes it for people who write them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from herbkb import vocab
from herbkb.normalize import has_han
from herbkb.records import HerbRecord, LoadedRecord, Origin, validation_messages

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n?(.*)\Z", re.S)


class MonographError(ValueError):
    """A problem in one file, with the line it is on when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _names(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, dict):
        raise MonographError("names: expected a mapping of language tag → name or list of names")
    names = []
    for lang, value in raw.items():
        items = value if isinstance(value, list) else [value]
        for position, item in enumerate(items):
            kind = "primary" if position == 0 else "synonym"
            if isinstance(item, dict):
                names.append({"lang": str(lang), "kind": kind, **item})
            elif item is not None:
                names.append({"lang": str(lang), "kind": kind, "text": str(item)})
    return names


def _section_key(heading: str, line: int) -> tuple[str, str]:
    term = vocab.SECTION.lookup(heading)
    if term is None:
        labels = ", ".join(f"{t.vi} / {t.zh} / {t.en}" for t in vocab.SECTION.terms)
        raise MonographError(f"unknown section heading {heading!r}; use one of: {labels}", line)
    if has_han(heading):
        return term.id, "zh-Hans"
    return term.id, "en" if heading.isascii() and heading.strip() != term.vi else "vi"


def _sections(body: str, first_line: int) -> list[dict[str, str]]:
    sections: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            current["text"] = "\n".join(lines).strip()
            sections.append(current)

    for offset, line in enumerate(body.splitlines()):
        if line.startswith("## "):
            close()
            section, lang = _section_key(line[3:].strip(), first_line + offset)
            current, lines = {"section": section, "lang": lang}, []
        elif current is None:
            if line.strip() and not line.startswith("# "):
                raise MonographError(
                    "text before the first '## ' section heading", first_line + offset
                )
        else:
            lines.append(line)
    close()
    return sections


def parse(text: str, file: str) -> LoadedRecord:
    """One monograph file's text → a validated record, or the reasons it was rejected."""
    origin = Origin(file=file)
    try:
        match = _FRONT.match(text.replace("\r\n", "\n").lstrip("\ufeff"))
        if match is None:
            raise MonographError("no YAML front matter: the file must start with a '---' line", 1)
        front, body = match.groups()
        try:
            meta = yaml.safe_load(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise MonographError(
                f"front matter is not valid YAML: {problem}", mark.line + 2 if mark else None
            ) from exc
        if not isinstance(meta, dict):
            raise MonographError("front matter must be a mapping of field: value", 2)
        meta["names"] = _names(meta.get("names"))
        meta["sections"] = _sections(body, front.count("\n") + 3)
        record = HerbRecord.model_validate(meta)
    except MonographError as exc:
        where = f"{file}, line {exc.line}" if exc.line else file
        return LoadedRecord(origin=origin, errors=[f"{where}: {exc}"])
    except ValidationError as exc:
        return LoadedRecord(
            origin=origin, errors=[f"{file}: {m}" for m in validation_messages(exc)]
        )
    return LoadedRecord(origin=origin, record=record)


def load(path: Path) -> LoadedRecord:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return LoadedRecord(
            origin=Origin(file=str(path)),
            errors=[f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"],
        )
    return parse(text, str(path))


def dump(record: HerbRecord) -> str:
    """A record as a monograph file that `parse` reads back to the same record."""
    names: dict[str, list[Any]] = {}
    for name in record.names:
        items = names.setdefault(name.lang, [])
        default = "primary" if not items else "synonym"
        items.append(name.text if name.kind == default else {"text": name.text, "kind": name.kind})
    meta = record.model_dump(exclude_defaults=True, exclude={"sections", "names"}, mode="json")
    meta = {"slug": record.slug, "names": names, **{k: v for k, v in meta.items() if k != "slug"}}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    body = []
    for section in record.sections:
        term = vocab.SECTION.get(section.section)
        heading = term.label("vi" if section.lang == "vi" else section.lang)
        body.append(f"## {heading}\n\n{section.text}\n")
    return f"---\n{front}---\n\n" + "\n".join(body)
