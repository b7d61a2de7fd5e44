"""Which encoding a text table is read with."""

from pathlib import Path

import pytest

from loaders.encoding import EncodingError, detect


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return path


def test_bom_and_utf8(tmp_path: Path) -> None:
    assert detect(write(tmp_path, "Tên,中文\n".encode("utf-8-sig"))) == "utf-8-sig"
    assert detect(write(tmp_path, "Tên,中文\n".encode("utf-16"))) == "utf-16"
    assert detect(write(tmp_path, "Tên,中文\n".encode())) == "utf-8"


def test_legacy_chinese_is_guessed(tmp_path: Path) -> None:
    text = "中文名,拼音\n当归,dang gui\n黄芪,huang qi\n甘草,gan cao\n" * 20
    assert detect(write(tmp_path, text.encode("gb18030"))) in ("gb18030", "gb2312", "gbk")


def test_asked_for_encoding_is_used_and_an_unknown_one_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"a,b\n")
    assert detect(path, "cp1258") == "cp1258"
    with pytest.raises(EncodingError, match="unknown encoding 'klingon'"):
        detect(path, "klingon")


def test_binary_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EncodingError, match="binary data"):
        detect(write(tmp_path, b"PK\x03\x04\x00\x00"))
