"""Bytes → text: UTF-8 (with or without BOM), UTF-16, or the legacy encodings herb
spreadsheets arrive in (Windows-1258 Vietnamese, GB18030 / Big5 Chinese)."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

# what a file with no BOM that is not UTF-8 is most likely to be, in this region
LEGACY = ("cp1258", "gb18030", "big5", "cp1252")
SAMPLE = 1 << 20


class EncodingError(ValueError):
    pass


def detect(path: Path, encoding: str | None = None) -> str:
    """The encoding to read `path` with: the one asked for, else a BOM, UTF-8, or a guess."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise EncodingError(f"{path}: unknown encoding {encoding!r}") from exc
        return encoding
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise EncodingError(
            f"{path}: binary data, not a text table (is it a spreadsheet saved under a .csv name?)"
        )
    try:
        # incremental, so a multi-byte character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SAMPLE)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(head, cp_isolation=list(LEGACY)).best()
    if best is None:
        raise EncodingError(
            f"{path}: not UTF-8, and no legacy encoding fits; save it as UTF-8 or pass --encoding"
        )
    return best.encoding
