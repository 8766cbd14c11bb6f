"""The HTML-like labels and tooltips of an ER diagram: tables, notes and the legend.

Every piece of user text goes through :func:`run` (or :func:`wrapped`), which escapes it;
the markup around it is ours. Colours come from the theme below or, for groups, from
:func:`designer.core.render.escaping.safe_color`, so no attribute value comes from user input.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from designer.core import ir
from designer.core.relations import is_junction
from designer.core.render.escaping import html_text, tooltip_text
from designer.core.render.layout import Detail
from designer.core.types import LogicalType

TableKey = tuple[str, str]

# Theme -----------------------------------------------------------------------------------------

FONT = "Helvetica,Arial,sans-serif"
INK = "#1e293b"  # names
MUTED = "#64748b"  # types, counts, captions
LINE = "#94a3b8"  # table borders
EDGE = "#475569"  # relationship lines
HEADER = "#334155"  # a table's header when it has no group colour
ENUM_INK = "#7c3aed"
MARKERS = {"PK": "#b45309", "FK": "#2563eb", "UQ": "#0f766e", "NN": "#94a3b8"}
NOTE_FILL, NOTE_LINE, NOTE_INK = "#fef9c3", "#eab308", "#713f12"
FOCUS_LINE = "#e11d48"

#: Crow's-foot line ends (Graphviz arrow shapes are listed from the node outwards).
EXACTLY_ONE = "teetee"
ZERO_OR_ONE = "teeodot"
ZERO_OR_MANY = "crowodot"


# Text runs -------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)  # types and markers repeat on every table
def run(text: str, *, color: str | None = None, size: float | None = None, bold: bool = False,
        italic: bool = False) -> str:
    """``text`` escaped, in a font; ``text`` may be user input."""
    out = html_text(text)
    if bold:
        out = f"<B>{out}</B>"
    if italic:
        out = f"<I>{out}</I>"
    attrs = (f' COLOR="{color}"' if color else "") + (f' POINT-SIZE="{size:g}"' if size else "")
    return f"<FONT{attrs}>{out}</FONT>" if attrs else out


def wrapped(text: str, width: int, *, color: str | None = None, size: float | None = None,
            italic: bool = False) -> str:
    """``text`` on left-aligned lines of at most ``width`` characters (labels never wrap by themselves)."""
    lines = [line for paragraph in text.splitlines() for line in (textwrap.wrap(paragraph, width) or [""])]
    return "".join(run(line, color=color, size=size, italic=italic) + '<BR ALIGN="LEFT"/>' for line in lines)


def ink_on(fill: str) -> str:
    """White or dark text, whichever reads better on ``fill`` (``#rrggbb``)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 160 else INK


def tint(color: str, amount: float) -> str:
    """``color`` (``#rrggbb``) mixed with white: ``amount`` 0 keeps it, 1 gives white."""
    channels = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


# Tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelContext:
    """What a table's label needs to know about the rest of the diagram.

    Attributes:
        referenced: for each table, its columns that foreign keys point at (kept at ``keys`` detail).
        notes: the texts of the notes attached to each table (by path).
        header_colors: the header colour of each group.
        focus: the table the view is focused on, drawn with a stronger border.
    """

    schema: ir.Schema
    detail: Detail
    referenced: dict[TableKey, set[str]]
    notes: dict[str, list[str]]
    header_colors: dict[str, str]
    focus: TableKey | None = None


def _single_unique_columns(table: ir.Table) -> set[str]:
    """Columns unique on their own (a one-column unique rule, total or partial), besides the PK."""
    rules = [u.columns for u in table.uniques] + [i.columns for i in table.indexes if i.unique]
    pk = table.primary_key.columns if table.primary_key else ()
    return {cols[0] for cols in rules if len(cols) == 1 and (cols[0],) != tuple(pk)}


def _key_columns(table: ir.Table, ctx: LabelContext) -> set[str]:
    """The columns a ``keys`` diagram shows: PK, FK, unique and referenced columns."""
    keys = set(table.primary_key.columns) if table.primary_key else set()
    keys |= {c for fk in table.foreign_keys for c in fk.columns}
    keys |= {c for u in table.uniques for c in u.columns}
    keys |= {c for i in table.indexes if i.unique for c in i.columns}
    return keys | ctx.referenced.get(table.key, set())


def column_markers(table: ir.Table, column: ir.Column, unique: set[str], fk_columns: set[str]) -> list[str]:
    """``PK``, ``FK``, ``UQ`` (and ``NN`` for NOT NULL) as they apply to ``column``."""
    marks = []
    if table.primary_key and column.name in table.primary_key.columns:
        marks.append("PK")
    if column.name in fk_columns:
        marks.append("FK")
    if column.name in unique:
        marks.append("UQ")
    if not column.nullable:
        marks.append("NN")
    return marks


def _column_row(port: int, table: ir.Table, column: ir.Column, unique: set[str], fk_columns: set[str]) -> str:
    """One column: key markers | name | type | NN. The first and last cells are its ports."""
    marks = column_markers(table, column, unique, fk_columns)
    keys = " ".join(run(m, color=MARKERS[m], size=8, bold=True) for m in marks if m != "NN") or " "
    is_enum = column.type.logical is LogicalType.ENUM
    type_run = run(column.type.sql, color=ENUM_INK if is_enum else MUTED, size=9, italic=is_enum)
    not_null = run("NN", color=MARKERS["NN"], size=7, bold=True) if "NN" in marks else " "
    return (
        f'<TR><TD PORT="L{port}" ALIGN="LEFT" WIDTH="22">{keys}</TD>'
        f'<TD ALIGN="LEFT">{run(column.name, color=INK, size=10, bold="PK" in marks)}</TD>'
        f'<TD ALIGN="RIGHT">{type_run}</TD>'
        f'<TD PORT="R{port}" ALIGN="RIGHT" WIDTH="16">{not_null}</TD></TR>'
    )


def _header(table: ir.Table, fill: str, span: int) -> str:
    ink = ink_on(fill)
    name = run(table.name, color=ink, size=11, bold=True)
    if table.path != table.name:
        name = run(table.namespace + ".", color=ink, size=9) + name
    if is_junction(table):
        name += " " + run("N:M", color=ink, size=8)
    colspan = f' COLSPAN="{span}"' if span > 1 else ""
    return f'<TR><TD{colspan} BGCOLOR="{fill}" ALIGN="LEFT" CELLPADDING="6">{name}</TD></TR>'


def _wide_row(content: str, fill: str | None = None) -> str:
    bgcolor = f' BGCOLOR="{fill}"' if fill else ""
    return f'<TR><TD COLSPAN="4" ALIGN="LEFT"{bgcolor}>{content}</TD></TR>'


def table_label(table: ir.Table, ctx: LabelContext, *, with_notes: bool = True) -> tuple[str, dict[str, int]]:
    """The HTML-like label of ``table`` (with its ``<>`` delimiters), and each shown column's port number."""
    fill = ctx.header_colors.get(table.group or "", HEADER)
    ports: dict[str, int] = {}
    rows: list[str] = []
    if ctx.detail is not Detail.NAMES:
        unique = _single_unique_columns(table)
        fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
        wanted = _key_columns(table, ctx) if ctx.detail is Detail.KEYS else None
        for column in table.columns:
            if wanted is None or column.name in wanted:
                ports[column.name] = len(ports)
                rows.append(_column_row(ports[column.name], table, column, unique, fk_columns))
        hidden = len(table.columns) - len(ports)
        if hidden:
            rows.append(_wide_row(run(f"{hidden} more column{'s' if hidden != 1 else ''}", color=MUTED, size=8,
                                      italic=True)))
        if not table.columns:
            rows.append(_wide_row(run("no columns", color=MUTED, size=8, italic=True)))
        for text in ctx.notes.get(table.path, []) if with_notes else []:
            rows.append(_wide_row(wrapped(text, 44, color=NOTE_INK, size=8, italic=True), NOTE_FILL))
    focused = table.key == ctx.focus
    label = (f'<TABLE BORDER="{2 if focused else 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
             f'BGCOLOR="#ffffff" COLOR="{FOCUS_LINE if focused else LINE}" STYLE="rounded">'
             f'{_header(table, fill, 4 if rows else 1)}{"".join(rows)}</TABLE>')
    return f"<{label}>", ports


def table_tooltip(table: ir.Table, ctx: LabelContext, *, with_notes: bool = False) -> str:
    """The tooltip attribute: the table's comment, its columns' comments and enum values (and notes)."""
    lines = [table.path + (f": {table.comment}" if table.comment else "")]
    for column in table.columns:
        about = [column.comment] if column.comment else []
        if column.type.logical is LogicalType.ENUM and column.type.enum is not None:
            enum = ctx.schema.enum(column.type.enum, column.type.enum_namespace)
            if enum is not None:
                about.append("one of " + ", ".join(enum.values))
        if about:
            lines.append(f"{column.name}: {' '.join(about)}")
    if with_notes:
        lines += [f"Note: {text}" for text in ctx.notes.get(table.path, [])]
    return tooltip_text("\n".join(lines))


# Notes and legend ------------------------------------------------------------------------------


def note_label(text: str) -> str:
    return f"<{wrapped(text, 40, color=NOTE_INK, size=9)}>"


def legend_label(enums: list[ir.Enum]) -> str:
    """The legend box: markers, the dashed optional line, and the enums with their values."""
    def row(key: str, text: str) -> str:
        return f'<TR><TD ALIGN="LEFT" VALIGN="TOP">{key}</TD><TD ALIGN="LEFT">{text}</TD></TR>'

    def title(text: str) -> str:
        return f'<TR><TD COLSPAN="2" ALIGN="LEFT">{run(text, color=MUTED, size=10, bold=True)}</TD></TR>'

    rows = [title("Legend")]
    for marker, meaning in (("PK", "primary key"), ("FK", "foreign key"), ("UQ", "unique"), ("NN", "not null")):
        rows.append(row(run(marker, color=MARKERS[marker], size=8, bold=True), run(meaning, color=INK, size=9)))
    rows.append(row(run("enum", color=ENUM_INK, size=9, italic=True), run("enum type", color=INK, size=9)))
    rows.append(row(run("- - -", color=EDGE, size=9, bold=True), run("optional reference", color=INK, size=9)))
    if enums:
        rows.append(title("Enums"))
        rows += [row(run(e.path, color=ENUM_INK, size=9, italic=True), wrapped(", ".join(e.values), 48, color=INK,
                                                                              size=8)) for e in enums]
    return (f'<<TABLE BORDER="1" STYLE="rounded,dashed" COLOR="{LINE}" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="3" BGCOLOR="#ffffff">{"".join(rows)}</TABLE>>')
