"""Spreadsheet headers → record fields, in Vietnamese, Chinese or English, with or without
diacritics and spaces (`Tên Việt Nam`, `TenVietNam`, `中文名`, `Latin name`)."""

from __future__ import annotations

import re

from herbkb.normalize import fold, nfc
from herbkb.records import REJECTS_PREFIX

# field → headers that mean it; compared after `header_key`
FIELDS: dict[str, tuple[str, ...]] = {
    "row_id": ("id", "stt", "no", "số thứ tự", "序号", "编号", "row"),
    "slug": ("slug", "herb id", "mã dược liệu"),
    "vi": (
        "tên việt nam", "tên tiếng việt", "tên vị thuốc", "tên thuốc", "tên dược liệu", "tên",
        "vị thuốc", "vietnamese", "vietnamese name", "越南名", "越南语名",
    ),
    "vi_other": (
        "tên gọi khác", "tên khác", "tên địa phương", "tên thường gọi", "other vietnamese names",
        "vietnamese synonyms",
    ),
    "hanviet": ("tên hán việt", "hán việt", "sino-vietnamese", "汉越名"),
    "zh": (
        "中文名", "药材名", "中药名", "药名", "中文", "名称", "正名", "chinese", "chinese name",
        "tên trung quốc", "tên chữ hán", "tên hán", "hanzi", "简体",
    ),
    "zh_hant": ("繁体", "繁體", "繁体名", "traditional chinese", "tên phồn thể"),
    "zh_other": ("别名", "異名", "异名", "别称", "chinese synonyms", "other chinese names"),
    "pinyin": ("拼音", "pinyin", "phiên âm", "汉语拼音"),
    "la": (
        "拉丁名", "药材拉丁名", "latin", "latin name", "pharmaceutical latin", "tên latin",
        "tên dược liệu latin", "pharmaceutical name",
    ),
    "species": (
        "tên khoa học", "scientific name", "binomial", "species", "botanical name",
        "source species",
        "基原", "来源", "植物名", "学名", "原植物", "loài",
    ),
    "family": ("họ", "họ thực vật", "family", "科", "科名", "họ (family)"),
    "part": ("bộ phận dùng", "bộ phận", "part used", "part", "药用部位", "入药部位"),
    "en": ("english", "english name", "tên tiếng anh", "英文名", "common name"),
    "nature": ("tính", "nature", "性", "药性", "tính chất"),
    "flavours": ("vị", "flavour", "flavor", "flavours", "taste", "味"),
    "properties": ("tính vị", "性味", "properties", "tính vị quy kinh", "性味归经"),
    "meridians": (
        "quy kinh", "归经", "歸經", "meridians", "meridian", "channels", "channel tropism",
    ),
    "toxicity": ("độc tính", "毒性", "toxicity"),
    "category": ("nhóm", "nhóm thuốc", "category", "功效分类", "分类", "loại"),
    "actions": ("công năng", "功能", "功效", "actions", "functions"),
    "indications": (
        "chủ trị", "công dụng", "主治", "indications", "uses", "功能主治", "công năng chủ trị",
    ),
    "dosage": ("liều dùng", "liều lượng", "cách dùng", "用法用量", "dosage", "dose"),
    "contraindications": (
        "kiêng kỵ", "chống chỉ định", "禁忌", "注意", "contraindications", "cautions",
    ),
    "notes": ("ghi chú", "notes", "note", "备注"),
    "references": ("tài liệu", "tài liệu tham khảo", "nguồn", "references", "source", "出处"),
}  # fmt: skip

MAPPABLE = tuple(FIELDS)


def header_key(header: str) -> str:
    """Headers compare case-folded, with diacritics kept (`Vị` is flavour, `vi` is not)."""
    return re.sub(r"[\s_\-:.]+", "", nfc(header).casefold())


def _folded(header: str) -> str:
    return fold(header).replace(" ", "")


_EXACT = {header_key(h): f for f, headers in FIELDS.items() for h in headers}
_FOLDED: dict[str, str] = {}
for _field, _headers in FIELDS.items():
    for _h in _headers:
        _FOLDED.setdefault(_folded(_h), _field)


def map_headers(
    headers: list[str], overrides: dict[str, str] | None = None
) -> tuple[dict[int, str], list[str]]:
    """Column index → field (`-` for a column the user said to ignore), and the headers
    that map to nothing.

    `overrides` (`--map COLUMN=FIELD`) wins; then an exact header, then one without diacritics
    (`TenVietNam`); `ID_ViThuoc`-style headers are row ids.
    """
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    mapping: dict[int, str] = {}
    unmapped: list[str] = []
    for i, header in enumerate(headers):
        key = header_key(header or "")
        if not key:
            continue
        if key.startswith(header_key(REJECTS_PREFIX)):
            mapping[i] = "-"  # our own columns in a file of rejected rows, fixed and loaded again
            continue
        field = (
            overrides.get(key)
            or _EXACT.get(key)
            or _FOLDED.get(_folded(header))
            or ("row_id" if key.startswith("id") else None)
        )
        if field is None:
            unmapped.append(header)
        elif field != "-" and field in mapping.values():
            unmapped.append(f"{header} (a second {field} column)")
        else:
            mapping[i] = field
    return mapping, unmapped
