"""Exports. The whole catalogue out, losslessly: JSON, and an XLSX workbook of one sheet per
table; both load back into an empty catalogue as the same herbs (`herbkb load`). A herb list out:
one table (`list_table`) written as XLSX, CSV, JSON (which also loads back), Markdown or print
HTML (`herbkb.handout`).

No cell ever starts a formula: a cell beginning with = + - @, a tab or a carriage return is
written with a leading apostrophe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Annotated, BinaryIO, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from herbkb import lists, vocab
from herbkb.catalogue import Catalogue
from herbkb.lists import Item, SortOrder
from herbkb.normalize import HAN_RUN
from herbkb.records import SECTION_LANGS, HerbRecord

FORMAT = "herbkb"
VERSION = 1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = {
    "herbs": (
        "slug", "nature", "flavours", "meridians", "toxicity", "categories", "references",
        "review_status", "reviewed_by", "reviewed_on", "review_reference", "provenance",
    ),
    "names": ("slug", "text", "lang", "kind"),
    "sources": ("slug", "species", "family", "part", "synonyms"),
    "sections": ("slug", "section", "lang", "text"),
    "confusables": ("slug", "other", "note"),
    "references": ("key", "citation"),
}  # fmt: skip
SHEETS = tuple(COLUMNS)
LIST_SEPARATOR = "\n"


def to_json(cat: Catalogue) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "references": cat.references(),
        "herbs": [r.model_dump(mode="json") for r in cat.records()],
    }


def write_json(cat: Catalogue, path: Path) -> None:
    path.write_text(json.dumps(to_json(cat), ensure_ascii=False, indent=1), encoding="utf-8")


def safe_cell(value: object) -> object:
    """A value a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def tables(cat: Catalogue) -> dict[str, pd.DataFrame]:
    """One DataFrame per sheet of the workbook export."""
    rows: dict[str, list[dict[str, object]]] = {sheet: [] for sheet in SHEETS}
    for r in cat.records():
        rows["herbs"].append(
            {
                "slug": r.slug,
                "nature": r.nature,
                "flavours": LIST_SEPARATOR.join(r.flavours),
                "meridians": LIST_SEPARATOR.join(r.meridians),
                "toxicity": r.toxicity,
                "categories": LIST_SEPARATOR.join(r.categories),
                "references": LIST_SEPARATOR.join(r.references),
                "review_status": r.review.status,
                "reviewed_by": r.review.by,
                "reviewed_on": r.review.on.isoformat() if r.review.on else None,
                "review_reference": r.review.reference,
                "provenance": r.provenance,
            }
        )
        rows["names"] += [{"slug": r.slug, **n.model_dump()} for n in r.names]
        rows["sources"] += [
            {**s.model_dump(), "slug": r.slug, "synonyms": LIST_SEPARATOR.join(s.synonyms)}
            for s in r.sources
        ]
        rows["sections"] += [{"slug": r.slug, **s.model_dump()} for s in r.sections]
        rows["confusables"] += [
            {"slug": r.slug, "other": c.slug, "note": c.note} for c in r.confusable_with
        ]
    rows["references"] = [{"key": k, "citation": v} for k, v in cat.references().items()]
    return {sheet: pd.DataFrame(rows[sheet], columns=COLUMNS[sheet]) for sheet in SHEETS}


def write_xlsx(cat: Catalogue, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, frame in tables(cat).items():
            frame.map(safe_cell).to_excel(writer, sheet_name=sheet, index=False)


# --- a herb list out: one table (ListTable), then csv / xlsx / json / md / print html ------------

HeaderLang = Literal["vi", "zh", "en"]
Property = Literal["nature", "flavour", "meridian", "toxicity", "category", "part"]
MINORITY_LANGS = ("tyz", "nut", "ium", "hmn", "za")  # Tày, Nùng, Dao/Mien, Hmong, Zhuang
NAME_FIELDS = ("vi", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "la", "en", *MINORITY_LANGS)
FORMATS = ("xlsx", "csv", "json", "md", "html")
# labels of the columns and words an export writes, by header language (vi, zh, en)
LABELS: dict[str, tuple[str, str, str]] = {
    "#": ("STT", "序号", "No."),
    "species": ("Loài (họ)", "基原（科）", "Source species (family)"),
    "nature": ("Tính", "性", "Nature"),
    "flavour": ("Vị", "味", "Flavour"),
    "meridian": ("Quy kinh", "归经", "Meridians"),
    "toxicity": ("Độc tính", "毒性", "Toxicity"),
    "category": ("Nhóm thuốc", "功效分类", "Category"),
    "part": ("Bộ phận dùng", "药用部位", "Part used"),
    "warnings": ("Cảnh báo", "警示", "Warnings"),
    "note": ("Ghi chú", "备注", "Note"),
    "lookalike": ("Dễ nhầm với", "易混淆", "Confusable with"),
    "retired": ("Đã ngừng dùng trong danh mục", "已从目录停用", "Retired from the catalogue"),
    "date": ("Ngày", "日期", "Date"),
    "herbs": ("vị thuốc", "味药", "herbs"),
}
PROPERTY_VOCAB = {
    "nature": vocab.NATURE,
    "flavour": vocab.FLAVOUR,
    "meridian": vocab.MERIDIAN,
    "toxicity": vocab.TOXICITY,
    "category": vocab.CATEGORY,
    "part": vocab.PART,
}


def _only(allowed: Iterable[str], what: str) -> AfterValidator:
    """Each string of a list is one of `allowed`; an unknown one is named in the error."""
    allowed = tuple(allowed)

    def check(value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: {what} {', '.join(allowed)}")
        return value

    return AfterValidator(check)


NameFields = Annotated[list[str], _only(NAME_FIELDS, "names are")]
Sections = Annotated[list[str], _only(vocab.SECTION.ids, "sections are")]
SectionLangs = Annotated[list[str], _only(SECTION_LANGS, "monographs are in")]


class ExportOptions(BaseModel):
    """What goes into a list export. Safety warnings are on unless turned off on purpose."""

    model_config = ConfigDict(extra="forbid")

    names: NameFields = Field(default_factory=lambda: ["vi", "zh-Hans", "zh-Latn-pinyin", "la"])
    species: bool = True  # source species with authority, and family
    properties: list[Property] = Field(default_factory=lambda: ["nature", "flavour", "meridian"])
    sections: Sections = Field(default_factory=list)
    section_langs: SectionLangs = Field(default_factory=lambda: ["vi"])
    header: HeaderLang = "vi"
    sort: SortOrder = "list"
    warnings: bool = True  # toxicity and look-alikes; off only on purpose
    notes: bool = True  # the list's per-item notes
    layout: Literal["table", "cards"] = "table"  # print HTML only


@dataclass
class ListTable:
    """A list ready to write: one row per herb, headers in the chosen language, every cell
    already safe for a spreadsheet."""

    title: str
    note: str | None
    date: str
    options: ExportOptions
    frame: pd.DataFrame
    column_langs: list[str | None]  # the language of each column's text (for print HTML)
    toxic: list[bool]  # by row: shown marked in XLSX and print
    records: list[HerbRecord]  # in row order (for JSON, which reloads as the same herbs)
    items: list[Item]
    references: dict[str, str]  # the works the records cite


def label(key: str, header: HeaderLang) -> str:
    return LABELS[key][("vi", "zh", "en").index(header)]


def list_table(cat: Catalogue, list_id: int, options: ExportOptions | None = None) -> ListTable:
    """The one table every list format is written from."""
    options = options or ExportOptions()
    view = lists.get(cat, list_id)
    items = lists.sort_items(view.items, options.sort)
    records = cat.records([i.slug for i in items])
    h = options.header
    columns: list[tuple[str, str | None]] = [(label("#", h), None)]
    columns += [(_lang_label(tag, h), tag) for tag in options.names]
    if options.species:
        columns.append((label("species", h), "la"))
    columns += [(label(p, h), _text_lang(h)) for p in options.properties]
    for section in options.sections:
        for lang in options.section_langs:
            name = vocab.SECTION.get(section).label(h)
            columns.append((f"{name} ({_lang_label(lang, h)})", lang))
    if options.warnings:
        columns.append((label("warnings", h), _text_lang(h)))
    if options.notes:
        columns.append((label("note", h), None))
    body = [
        _row(n, item, record, options)
        for n, (item, record) in enumerate(zip(items, records, strict=True), start=1)
    ]
    frame = pd.DataFrame(body, columns=[c for c, _ in columns], dtype=object).map(safe_cell)
    return ListTable(
        title=view.title,
        note=view.note,
        date=date.today().isoformat(),
        options=options,
        frame=frame,
        column_langs=[lang for _, lang in columns],
        toxic=[i.safety.toxic for i in items],
        records=records,
        items=items,
        references={
            k: v for k, v in cat.references().items() if any(k in r.references for r in records)
        },
    )


def _text_lang(header: HeaderLang) -> str:
    return "zh-Hans" if header == "zh" else header


def _lang_label(tag: str, header: HeaderLang) -> str:
    return vocab.LANGUAGE.get(tag).label(header) if tag in vocab.LANGUAGE else tag


def _row(n: int, item: Item, record: HerbRecord, options: ExportOptions) -> list[object]:
    h = options.header
    row: list[object] = [n]
    row += [record.primary(tag) for tag in options.names]
    if options.species:
        row.append(
            LIST_SEPARATOR.join(
                s.species + (f" ({s.family})" if s.family else "") for s in record.sources
            )
            or None
        )
    for prop in options.properties:
        terms = {
            "nature": [record.nature] if record.nature else [],
            "flavour": record.flavours,
            "meridian": record.meridians,
            "toxicity": [record.toxicity] if record.toxicity else [],
            "category": record.categories,
            "part": list(dict.fromkeys(s.part for s in record.sources if s.part)),
        }[prop]
        joiner = "、" if h == "zh" else ", "
        row.append(joiner.join(PROPERTY_VOCAB[prop].get(t).label(h) for t in terms) or None)
    texts = {(s.section, s.lang): s.text for s in record.sections}
    for section in options.sections:
        row += [texts.get((section, lang)) for lang in options.section_langs]
    if options.warnings:
        row.append(LIST_SEPARATOR.join(warnings(item, h)) or None)
    if options.notes:
        row.append(item.note)
    return row


def warnings(item: Item, header: HeaderLang) -> list[str]:
    """What a handout must say about a herb: toxicity, look-alikes, retirement."""
    out = []
    if item.retired:
        out.append("⚠ " + label("retired", header))
    if item.safety.toxic:
        toxicity = vocab.TOXICITY.get(item.safety.toxicity).label(header)
        out.append("⚠ " + toxicity[:1].upper() + toxicity[1:])
    for other in item.safety.lookalikes:
        names = " · ".join(
            other.names.get(x) for x in ("vi", "zh-Hans", "la") if other.names.get(x)
        )
        note = f": {other.note}" if other.note else ""
        out.append(f"⚠ {label('lookalike', header)} {names or other.slug}{note}")
    return out


MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "json": "application/json",
    "md": "text/markdown",
    "html": "text/html",
}


def list_bytes(table: ListTable, fmt: str) -> bytes:
    """A list table as a file's bytes in one of FORMATS (for a download, or `write_list`)."""
    from herbkb import handout  # the print page builds on this module

    if fmt == "xlsx":
        buffer = BytesIO()
        write_list_xlsx([table], buffer)
        return buffer.getvalue()
    texts = {
        "csv": lambda: "\ufeff" + table.frame.to_csv(index=False),  # BOM: Excel reads UTF-8
        "json": lambda: json.dumps(list_json(table), ensure_ascii=False, indent=1),
        "md": lambda: list_markdown(table),
        "html": lambda: handout.html(table),
    }
    if fmt not in texts:
        raise ValueError(f"{fmt!r}: formats are {', '.join(FORMATS)}")
    return texts[fmt]().encode("utf-8")


def write_list(table: ListTable, fmt: str, path: Path) -> None:
    path.write_bytes(list_bytes(table, fmt))


def list_json(table: ListTable) -> dict[str, object]:
    """HerbKB's own JSON (herbs and the works they cite, which `herbkb load` reads back),
    with the list itself beside them."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "list": {
            "title": table.title,
            "note": table.note,
            "date": table.date,
            "items": [{"slug": i.slug, "note": i.note} for i in table.items],
        },
        "references": table.references,
        "herbs": [r.model_dump(mode="json") for r in table.records],
    }


# --- XLSX ---------------------------------------------------------------------------------------

TOXIC_FILL = PatternFill("solid", fgColor="FDE2E2")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
MAX_WIDTH = 60  # characters; longer text wraps
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_list_xlsx(tables: list[ListTable], path: Path | BinaryIO) -> None:
    """One sheet per list: its title and date on top, a frozen header row, column widths that
    fit, wrapped text, and toxic herbs' rows filled red."""
    book = Workbook()
    book.remove(book.active)
    # named styles: one lookup a cell, where a style object would be hashed for each of them
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, fill, font in (
        ("herbkb header", HEADER_FILL, Font(bold=True)),
        ("herbkb cell", PatternFill(), Font()),
        ("herbkb toxic", TOXIC_FILL, Font()),
    ):
        book.add_named_style(NamedStyle(name=name, alignment=wrap, fill=fill, font=font))
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        top = [safe_cell(table.title), f"{label('date', table.options.header)}: {table.date}"]
        sheet.append([top[0]])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([top[1]])
        if table.note:
            sheet.append([safe_cell(table.note)])
        sheet.append([])
        sheet.append(list(table.frame.columns))
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.style = "herbkb header"
        rows = table.frame.itertuples(index=False, name=None)
        for r, (values, toxic) in enumerate(zip(rows, table.toxic, strict=True), header_row + 1):
            style = "herbkb toxic" if toxic else "herbkb cell"
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c, value=None if pd.isna(value) else value)
                cell.style = style
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for n, width in enumerate(column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(n)].width = width
    book.save(path)


def _sheet_name(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\, unique in the workbook
    base = _SHEET_FORBIDDEN.sub(" ", title).strip("' ")[:31] or "List"
    name, n = base, 1
    while name.casefold() in used:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    used.add(name.casefold())
    return name


def column_widths(table: ListTable) -> list[float]:
    """Each column's width in characters: its longest line, Chinese characters counting double,
    capped so that long text wraps; the header wraps too, so only its longest word counts."""
    widths = []
    for n, header in enumerate(table.frame.columns):
        longest = max(_display(word) for word in str(header).split())
        for value in table.frame.iloc[:, n]:
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            for line in str(value).split("\n"):
                longest = max(longest, MAX_WIDTH if len(line) >= MAX_WIDTH else _display(line))
            if longest >= MAX_WIDTH:
                break
        widths.append(min(max(longest + 2, 5), MAX_WIDTH))
    return widths


def _display(text: str) -> int:
    return len(text) + sum(len(run) for run in HAN_RUN.findall(text))


# --- Markdown -----------------------------------------------------------------------------------

# what could make markup, a link, raw HTML or a table break inside a cell
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no markup, links, HTML or table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def list_markdown(table: ListTable) -> str:
    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        return "; ".join(md_escape(line) for line in str(value).split("\n"))

    lines = [
        f"# {md_escape(safe_cell(table.title))}",
        "",
        f"{label('date', table.options.header)}: {table.date}",
    ]
    if table.note:
        lines += ["", cell(safe_cell(table.note))]
    lines += ["", "| " + " | ".join(cell(c) for c in table.frame.columns) + " |"]
    lines.append("|" + "---|" * len(table.frame.columns))
    for values in table.frame.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(cell(v) for v in values) + " |")
    return "\n".join(lines) + "\n"
