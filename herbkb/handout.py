"""A herb list as a printable A4 glossary (HTML): a table, or one card per herb.

Made for the browser's print-to-PDF: `@page` A4 with page numbers, rows and cards never cut in
two, the header repeated on each page, fonts that show Vietnamese and Chinese, and Chinese runs
marked `lang="zh-Hans"` so that Han characters are drawn with a Chinese font, not a Japanese one.
Every piece of text is escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from herbkb.export import ListTable, label, safe_cell
from herbkb.normalize import HAN_RUN

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html { font-family: "Noto Sans", "Segoe UI", "Helvetica Neue", Arial, "Noto Sans CJK SC",
  "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
:lang(zh-Hans) { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  "Microsoft YaHei", "PingFang SC", sans-serif; }
:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC",
  "Microsoft JhengHei", "PingFang TC", sans-serif; }
body { margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
.meta { color: #444; margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #e8eef4; }
tr, .card { break-inside: avoid; page-break-inside: avoid; }
.toxic { background: #fde2e2; }
.warn { color: #a00000; }
.card { border: 0.5pt solid #999; border-radius: 3pt; padding: 4pt 6pt; margin: 0 0 5pt; }
.card h2 { font-size: 11pt; margin: 0 0 2pt; }
.card dl { display: grid; grid-template-columns: 30% 70%; margin: 0; }
.card dt { color: #444; } .card dd { margin: 0; }
td.pre, dd.pre { white-space: pre-line; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } }
"""


def html(table: ListTable) -> str:
    """The whole page, laid out as the table's options say (a table, or cards)."""
    header = table.options.header
    lang = "zh-Hans" if header == "zh" else header

    title, note = safe_cell(table.title), safe_cell(table.note)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">',
        f"<title>{_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        f"<h1>{_text(title)}</h1>",
        f'<p class="meta">{_text(label("date", header))}: {_text(table.date)} · '
        f"{len(table.items)} {_text(label('herbs', header))}</p>",
    ]
    if note:
        parts.append(f'<p class="meta">{_text(note)}</p>')
    parts.append(_cards(table) if table.options.layout == "cards" else _table(table))
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _table(table: ListTable) -> str:
    head = "".join(f"<th>{_text(str(c))}</th>" for c in table.frame.columns)
    body = []
    for values, toxic in zip(
        table.frame.itertuples(index=False, name=None), table.toxic, strict=True
    ):
        cells = "".join(
            _cell("td", value, lang) for value, lang in zip(values, table.column_langs, strict=True)
        )
        body.append(f'<tr class="toxic">{cells}</tr>' if toxic else f"<tr>{cells}</tr>")
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )


def _cards(table: ListTable) -> str:
    columns = list(table.frame.columns)
    cards = []
    for values, toxic in zip(
        table.frame.itertuples(index=False, name=None), table.toxic, strict=True
    ):
        # the title line: the row number and the names, the rest as a definition list
        names = [
            _span(v, lang)
            for v, lang in zip(values[1:], table.column_langs[1:], strict=True)
            if lang is not None and not _empty(v)
        ][:3]
        rows = "".join(
            f"<dt>{_text(str(c))}</dt>{_cell('dd', v, lang)}"
            for c, v, lang in zip(columns[1:], values[1:], table.column_langs[1:], strict=True)
            if not _empty(v)
        )
        classes = "card toxic" if toxic else "card"
        cards.append(
            f'<section class="{classes}"><h2>{_text(str(values[0]))}. {" · ".join(names)}</h2>'
            f"<dl>{rows}</dl></section>"
        )
    return "\n".join(cards)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _cell(tag: str, value: object, lang: str | None) -> str:
    if _empty(value):
        return f"<{tag}></{tag}>"
    text = str(value)
    classes = []
    if "\n" in text:
        classes.append("pre")
    if text.startswith("⚠"):
        classes.append("warn")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    if lang and lang.startswith("zh") and lang != "zh-Latn-pinyin":
        attrs += f' lang="{lang}"'
        return f"<{tag}{attrs}>{escape(text)}</{tag}>"
    if lang:
        attrs += f' lang="{lang}"'
    return f"<{tag}{attrs}>{_text(text)}</{tag}>"


def _span(value: object, lang: str) -> str:
    text = str(value)
    if lang.startswith("zh") and lang != "zh-Latn-pinyin":
        return f'<span lang="{lang}">{escape(text)}</span>'
    return f'<span lang="{lang}">{_text(text)}</span>'


def _text(text: str) -> str:
    """Escaped text with each run of Chinese characters marked as Chinese."""
    out, last = [], 0
    for run in HAN_RUN.finditer(text):
        out.append(escape(text[last : run.start()]))
        out.append(f'<span lang="zh-Hans">{escape(run.group())}</span>')
        last = run.end()
    out.append(escape(text[last:]))
    return "".join(out)
