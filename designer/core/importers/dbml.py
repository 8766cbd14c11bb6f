"""Import DBML (dbdiagram.io's language) with pydbml.

pydbml does phase 1 (text to its own classes, with pyparsing's line and column on syntax
errors, and table and column names resolved in references); this module is phase 2: it maps
those classes onto the model, parsing types with the model's own type syntax. What DBML says
that the model has no place for (table aliases and header colors, enum value notes,
many-to-many references) is reported, not dropped silently; what DBML cannot say (partial
indexes, index order and operator classes, checks, identity kinds) simply is not there.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pyparsing import ParseBaseException

from designer.core import ir
from designer.core.diagnostics import Diagnostic, warning
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.importers import register_importer
from designer.core.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    LineIndex,
    Skips,
    SourceFormat,
    SourceLocation,
    finish,
)
from designer.core.importers.pgnames import choose_name, column_part
from designer.core.importers.pgtree import canonical_expression
from designer.core.types import SERIAL_ALIASES, ColumnType, TypeSyntaxError, enum_type, parse_type

with warnings.catch_warnings():
    # pydbml 1.2.1 builds its grammar with pyparsing's deprecated camelCase arguments (escChar...),
    # which warns on import; the warnings are about pydbml's code, not ours, and are silenced here only.
    warnings.simplefilter("ignore")
    from pydbml import PyDBML
    from pydbml.classes import Column as DbmlColumn
    from pydbml.classes import Enum as DbmlEnum
    from pydbml.classes import Expression, Reference
    from pydbml.classes import Table as DbmlTable

_ACTIONS = {a.sql.lower(): a for a in ir.Action}
_METHODS = {m.value: m for m in ir.IndexMethod}


def _note(obj: Any) -> str | None:
    note = getattr(obj, "note", None)
    text = getattr(note, "text", None)
    return str(text) if text else None


def _function_name(expression: str) -> str:
    """What PostgreSQL calls an index expression in the index's name: its function, else ``expr``."""
    match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\(", expression)
    return match.group(1).lower() if match else "expr"


def _color(color: str | None) -> str | None:
    """DBML allows ``#abc``; the model keeps ``#aabbcc``."""
    if color and len(color) == 4 and color.startswith("#"):
        return "#" + "".join(ch * 2 for ch in color[1:])
    return color


def _path(namespace: str, name: str) -> str:
    return name if namespace == DEFAULT_NAMESPACE else f"{namespace}.{name}"


class _Mapper:
    """Phase 2: pydbml's objects to the model."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.skips = Skips()
        self.where = SourceLocation(file, 1, 1)

    def lose(self, path: str, what: str) -> None:
        self.diagnostics.append(warning("dbml.not-kept", f"{path}: {what} is not kept (the schema model does not "
                                        "hold it)", path=path, location=self.file))

    def schema(self, db: Any, name: str) -> ir.Schema:
        enums = tuple(self.enum(e) for e in db.enums)
        enum_keys = frozenset(e.key for e in enums)
        taken: dict[str, set[str]] = {}
        group_colors = {(t.schema, t.name): _color(getattr(g, "color", None)) for g in db.table_groups for t in g.items}
        tables = {(t.schema, t.name): self.table(t, enum_keys, taken.setdefault(t.schema, set()), group_colors)
                  for t in db.tables}
        for ref in db.refs:
            self.reference(ref, tables, taken)
        namespaces = sorted({t.schema for t in db.tables} | {e.schema for e in db.enums} - {DEFAULT_NAMESPACE})
        groups = []
        members: dict[tuple[str, str], str] = {}
        for g in db.table_groups:
            groups.append(ir.Group(g.name, _color(getattr(g, "color", None)), _note(g)))
            for t in g.items:
                members[(t.schema, t.name)] = g.name
        built = []
        for key, (table, fks) in tables.items():
            built.append(replace(table, foreign_keys=tuple(fks), group=members.get(key)))
        project = getattr(db, "project", None)
        return ir.Schema(
            name=name,
            tables=tuple(built),
            enums=enums,
            namespaces=tuple(ir.Namespace(n) for n in namespaces if n != DEFAULT_NAMESPACE),
            groups=tuple(groups),
            notes=tuple(ir.Note(n.text) for n in getattr(db, "sticky_notes", ())),
            comment=_note(project) if project is not None else None,
        )

    def enum(self, e: DbmlEnum) -> ir.Enum:
        for item in e.items:
            if _note(item):
                self.lose(_path(e.schema, e.name), f"the note on value {item.name!r}")
        return ir.Enum(e.name, tuple(str(i.name) for i in e.items), e.schema, None)

    def column_type(self, table: DbmlTable, c: DbmlColumn, enum_keys: frozenset[tuple[str, str]]) -> ColumnType:
        if isinstance(c.type, DbmlEnum):
            return enum_type(c.type.name, c.type.schema)
        text = str(c.type)
        try:
            return parse_type(text, enum_keys)
        except TypeSyntaxError as exc:
            raise ImportFailed(f"column {_path(table.schema, table.name)}.{c.name}: {exc}", self.where) from None

    def default(self, value: Any) -> ir.Default | None:
        if value is None or value == "NULL":
            return None
        if isinstance(value, Expression):
            return ir.Default.expression(canonical_expression(str(value.text)))
        if isinstance(value, bool):
            return ir.Default.literal("true" if value else "false")
        return ir.Default.literal(str(value))

    def table(self, t: DbmlTable, enum_keys: frozenset[tuple[str, str]], taken: set[str],
              group_colors: dict[tuple[str, str], str | None]) -> tuple[ir.Table, list[ir.ForeignKey]]:
        path = _path(t.schema, t.name)
        taken.add(t.name)
        if t.alias:
            self.lose(path, f"the alias {t.alias!r}")
        color = _color(getattr(t, "header_color", None))
        if color and color != group_colors.get((t.schema, t.name)):
            self.lose(path, "the header color (only a table group's color is kept)")
        columns = []
        pk_columns = [c.name for c in t.columns if c.pk]
        uniques = []
        for c in t.columns:
            serial = isinstance(c.type, str) and c.type.lower() in SERIAL_ALIASES
            if serial:
                column_type = ColumnType(SERIAL_ALIASES[c.type.lower()])
                default: ir.Default | None = ir.Default.sequence(choose_name(t.name, c.name, "seq", set()))
            else:
                column_type = self.column_type(t, c, enum_keys)
                default = self.default(c.default)
            identity = ir.Identity.BY_DEFAULT if c.autoinc and not serial else None
            if identity is not None and default is not None:
                self.lose(f"{path}.{c.name}", "the default of an increment column")
                default = None
            columns.append(ir.Column(c.name, column_type, nullable=not (c.not_null or c.pk or identity or serial),
                                     default=default, identity=identity, comment=_note(c)))
            if c.unique:
                uniques.append(ir.Unique(choose_name(t.name, c.name, "key", taken), (c.name,)))
        primary = ir.PrimaryKey(tuple(pk_columns), choose_name(t.name, None, "pkey", taken)) if pk_columns else None
        indexes = []
        for i in t.indexes:
            subjects = list(i.subjects)
            names = [s.name if isinstance(s, DbmlColumn) else canonical_expression(str(s.text)) for s in subjects]
            if i.pk:
                if primary is not None:
                    raise ImportFailed(f"table {path} has two primary keys", self.where)
                primary = ir.PrimaryKey(tuple(names), i.name or choose_name(t.name, None, "pkey", taken))
                continue
            elements = tuple(ir.IndexElement(column=s.name) if isinstance(s, DbmlColumn)
                             else ir.IndexElement(expression=canonical_expression(str(s.text))) for s in subjects)
            method = _METHODS.get(str(i.type or "btree").lower())
            if method is None:
                raise ImportFailed(f"index on {path} has type {i.type!r}: use one of {', '.join(_METHODS)}", self.where)
            label_parts = [e.column or _function_name(e.expression or "") for e in elements]
            name = i.name or choose_name(t.name, column_part(label_parts), "idx", taken)
            taken.add(name)
            if i.unique and method is ir.IndexMethod.BTREE and all(e.column for e in elements):
                # DBML has one kind of uniqueness; the model's canonical form for it is a unique rule.
                uniques.append(ir.Unique(name, tuple(e.column or "" for e in elements)))
            else:
                indexes.append(ir.Index(name, elements, unique=bool(i.unique), method=method))
        if primary is not None:
            columns = [replace(c, nullable=False) if c.name in primary.columns else c for c in columns]
        return ir.Table(t.name, tuple(columns), t.schema, _note(t), primary, (), tuple(uniques), tuple(indexes)), []

    def reference(self, ref: Reference, tables: dict[tuple[str, str], tuple[ir.Table, list[ir.ForeignKey]]],
                  taken: dict[str, set[str]]) -> None:
        if ref.type == "<>":
            self.skips.add("many-to-many Ref (no foreign key)", self.where)
            self.lose(f"{ref.col1[0].table.name}", "a many-to-many reference (make a junction table)")
            return
        source, target = (ref.col2, ref.col1) if ref.type == "<" else (ref.col1, ref.col2)
        table, fks = tables[(source[0].table.schema, source[0].table.name)]
        ref_table = target[0].table
        columns = tuple(c.name for c in source)
        taken_names = taken.setdefault(table.namespace, set())
        name = ref.name or choose_name(table.name, column_part(columns), "fkey", taken_names)
        fks.append(ir.ForeignKey(
            name=name, columns=columns, ref_table=ref_table.name, ref_columns=tuple(c.name for c in target),
            ref_namespace=ref_table.schema,
            on_delete=self.action(ref.on_delete, table.path), on_update=self.action(ref.on_update, table.path)))

    def action(self, text: str | None, path: str) -> ir.Action:
        if not text:
            return ir.Action.NO_ACTION
        action = _ACTIONS.get(str(text).lower())
        if action is None:
            raise ImportFailed(f"reference from {path}: unknown action {text!r} "
                               f"(use {', '.join(_ACTIONS)})", self.where)
        return action


@register_importer
class DbmlImporter(Importer):
    """DBML files, as dbdiagram.io and the DBML CLI write them."""

    format = SourceFormat.DBML
    description = "DBML (dbdiagram.io)"
    extensions = (".dbml",)

    @classmethod
    def sniff(cls, text: str) -> bool:
        return re.search(r"^\s*(Table|Enum|Ref|Project|TableGroup)\b[^\n]*[{:]", text, re.MULTILINE | re.IGNORECASE) \
            is not None

    def run(self, files: Mapping[str, str], name: str) -> ImportResult:
        (path, text), = files.items()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pydbml's pyparsing calls, as above
                db = PyDBML(text)
        except ParseBaseException as exc:
            where = SourceLocation(path, exc.lineno, exc.col)
            line = LineIndex(text, path).line_text(exc.lineno)
            raise ImportFailed(f"DBML syntax error: {exc.msg}", where,
                               f"{line}\n    {' ' * (exc.col - 1)}^" if line.strip() else "") from None
        except Exception as exc:  # pydbml reports unknown tables and columns in references this way
            raise ImportFailed(f"DBML error: {exc}", SourceLocation(path, 1, 1)) from None
        mapper = _Mapper(path)
        schema = mapper.schema(db, name)
        return finish(schema, [*mapper.diagnostics, *mapper.skips.diagnostics("dbml.skipped")], mapper.skips)
