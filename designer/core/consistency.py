"""Well-formedness: what a schema must satisfy before it can be stored or exported.

These are not design rules (those are the validator's, and a profile can turn them off) but
facts PostgreSQL itself enforces: names are legal and unique where PostgreSQL needs them
unique, every reference resolves, a foreign key points at a unique key. An edit that would
break one is refused; the messages name the object and the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

from designer.core import ir
from designer.core.diagnostics import Diagnostic, error
from designer.core.identifiers import DEFAULT_NAMESPACE, identifier_problem
from designer.core.memo import per_schema
from designer.core.sqltext import expression_problem, type_problem
from designer.core.types import INTEGER_TYPES, LogicalType


class InconsistentSchema(ValueError):
    """Raised with the list of problems when a schema is not well-formed."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        self.problems = problems
        lines = [f"{p.path}: {p.message}" if p.path else p.message for p in problems[:10]]
        if len(problems) > 10:
            lines.append(f"... and {len(problems) - 10} more")
        super().__init__("\n".join(lines))


# The checks append to one list rather than yield: a 1,000-table schema makes tens of thousands
# of these calls per check, and a generator per call cost a third of the check's time.
Problems = list[Diagnostic]


def _names(out: Problems, what: str, path: str, names: Collection[str]) -> None:
    if len(set(names)) == len(names):  # nearly always: no Counter needed
        return
    for name, count in Counter(names).items():
        if count > 1:
            out.append(error("schema.duplicate-name", f"{what} {name!r} is defined {count} times", path))


def _identifier(out: Problems, what: str, path: str, name: str) -> None:
    problem = identifier_problem(name)
    if problem is not None:
        out.append(error("schema.illegal-name", f"{what} {name!r} is not a legal name: {problem}", path))


_CLIENT_GENERATOR = re.compile(r"^[a-z][a-z0-9_]*(\(\d*\))?$")
_OPCLASS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")


def _expression(out: Problems, what: str, path: str, expression: str | None) -> None:
    if expression is not None:
        problem = expression_problem(expression)
        if problem is not None:
            out.append(error("schema.bad-expression", f"{what} {expression!r} is refused: {problem}", path))


def _text(out: Problems, what: str, path: str, text: str | None) -> None:
    # PostgreSQL text cannot hold NUL, so a comment or literal with one could never be stored.
    if text is not None and "\x00" in text:
        out.append(error("schema.nul-character", f"{what} contains the NUL character, which PostgreSQL cannot store",
                         path))


def _column_refs(out: Problems, what: str, path: str, table: ir.Table, columns: Iterable[str]) -> None:
    for name in columns:
        if table.column(name) is None:
            out.append(error("schema.unknown-column", f"{what} uses column {name!r}, which {table.path} does not have",
                             path))


def _check_table(out: Problems, schema: ir.Schema, table: ir.Table, namespaces: set[str], groups: set[str]) -> None:
    add = out.append
    tp = table.path
    _identifier(out, "table", tp, table.name)
    if table.namespace not in namespaces:
        add(error("schema.unknown-namespace", f"table {tp} is in namespace {table.namespace!r}, "
                  "which the schema does not define", tp))
    if table.group is not None and table.group not in groups:
        add(error("schema.unknown-group", f"table {tp} is in group {table.group!r}, which does not exist", tp))
    _text(out, f"the comment of {tp}", tp, table.comment)
    for text in (*table.tags, table.orm_name):
        _text(out, f"a tag or ORM name of {tp}", tp, text)
    _names(out, "column", tp, [c.name for c in table.columns])
    for col in table.columns:
        if not _plain_column(col):  # most columns are: then nothing below can apply
            _check_column(out, schema, tp, col)
    _names(out, "constraint", tp, [fk.name for fk in table.foreign_keys] + [c.name for c in table.checks])
    if table.primary_key is not None:
        pk = table.primary_key
        if not pk.columns:
            add(error("schema.empty-key", f"the primary key of {tp} has no columns", tp))
        _names(out, "primary key column", tp, pk.columns)
        _column_refs(out, "the primary key", tp, table, pk.columns)
        if pk.name is not None:
            _identifier(out, "primary key", tp, pk.name)
        for name in pk.columns:
            pk_col = table.column(name)
            if pk_col is not None and pk_col.nullable:
                add(error("schema.pk-nullable", f"primary key column {tp}.{name} must be NOT NULL", f"{tp}.{name}",
                          hint="PostgreSQL makes primary key columns NOT NULL"))
    for fk in table.foreign_keys:
        _check_foreign_key(out, schema, table, fk)
    for u in table.uniques:
        up = f"{tp}.{u.name}"
        _identifier(out, "unique constraint", up, u.name)
        if not u.columns:
            add(error("schema.empty-key", f"unique constraint {up} has no columns", up))
        _column_refs(out, f"unique constraint {u.name}", up, table, u.columns)
        _expression(out, f"the condition of {up}", up, u.where)
    for i in table.indexes:
        ip = f"{tp}.{i.name}"
        _identifier(out, "index", ip, i.name)
        _column_refs(out, f"index {i.name}", ip, table, [*i.columns, *i.include])
        _expression(out, f"the condition of {ip}", ip, i.where)
        for e in i.elements:
            if (e.column is None) == (e.expression is None):
                add(error("schema.index-element", f"an element of index {ip} must be a column or an expression", ip))
            _expression(out, f"an expression of {ip}", ip, e.expression)
            if e.opclass is not None and not _OPCLASS.fullmatch(e.opclass):
                add(error("schema.bad-opclass", f"index {ip} has operator class {e.opclass!r}, "
                          "which is not a plain name", ip))
    for c in table.checks:
        cp = f"{tp}.{c.name}"
        _identifier(out, "check constraint", cp, c.name)
        _expression(out, f"check constraint {cp}", cp, c.expression)


def _check_column(out: Problems, schema: ir.Schema, tp: str, col: ir.Column) -> None:
    add = out.append
    cp = f"{tp}.{col.name}"
    _identifier(out, "column", cp, col.name)
    for text in (col.comment, col.orm_name, col.default.value if col.default else None):
        _text(out, f"column {cp}", cp, text)
    t = col.type
    if t.logical is LogicalType.ENUM and schema.enum(t.enum or "", t.enum_namespace) is None:
        add(error("schema.unknown-enum", f"column {cp} has type {t.sql}, but no such enum exists", cp,
                  hint="create the enum first, or pick another type"))
    if t.logical is LogicalType.OTHER:
        problem = type_problem(t.native or "")
        if problem is not None:
            add(error("schema.bad-type", f"column {cp} has type {t.native!r}, which is refused: {problem}", cp))
    if col.default is not None:
        d = col.default
        if d.kind is ir.DefaultKind.EXPRESSION:
            _expression(out, f"the default of {cp}", cp, d.value)
        elif d.kind is ir.DefaultKind.SEQUENCE:
            _identifier(out, f"the sequence of {cp}", cp, d.value)
        elif d.kind is ir.DefaultKind.CLIENT and not _CLIENT_GENERATOR.match(d.value):
            add(error("schema.bad-default", f"the client-side default of {cp} must name a generator such as "
                      f"uuid or cuid, not {d.value!r}", cp))
    _expression(out, f"the generated expression of {cp}", cp, col.generated)
    if col.identity is not None and col.type.logical not in INTEGER_TYPES:
        add(error("schema.identity-type", f"identity column {cp} must be smallint, integer or bigint", cp))
    if sum(x is not None for x in (col.default, col.identity, col.generated)) > 1:
        add(error("schema.default-conflict", f"column {cp} can have only one of a default, "
                  "an identity or a generated expression", cp))
    if col.identity is not None and col.nullable:
        add(error("schema.identity-nullable", f"identity column {cp} must be NOT NULL", cp))


def _check_foreign_key(out: Problems, schema: ir.Schema, table: ir.Table, fk: ir.ForeignKey) -> None:
    add = out.append
    fp = f"{table.path}.{fk.name}"
    _identifier(out, "foreign key", fp, fk.name)
    _column_refs(out, f"foreign key {fk.name}", fp, table, fk.columns)
    if not fk.columns or len(fk.columns) != len(fk.ref_columns):
        add(error("schema.fk-arity", f"foreign key {fp} has {len(fk.columns)} column(s) but references "
                  f"{len(fk.ref_columns)}", fp))
    target = schema.table(fk.ref_table, fk.ref_namespace)
    if target is None:
        ref = fk.ref_table if fk.ref_namespace == DEFAULT_NAMESPACE else f"{fk.ref_namespace}.{fk.ref_table}"
        add(error("schema.unknown-table", f"foreign key {fp} references table {ref}, which does not exist", fp))
        return
    missing = [c for c in fk.ref_columns if target.column(c) is None]
    for name in missing:
        add(error("schema.unknown-column", f"foreign key {fp} references {target.path}.{name}, "
                  "which does not exist", fp))
    if not missing and fk.ref_columns and not _is_referenceable(target, fk.ref_columns):
        add(error("schema.fk-target-not-unique",
                  f"foreign key {fp} references {target.path}({', '.join(fk.ref_columns)}), "
                  "which is neither its primary key nor a unique key", fp,
                  hint="PostgreSQL needs a primary key or unique constraint on the referenced columns"))
    if fk.initially_deferred and not fk.deferrable:
        add(error("schema.fk-deferral", f"foreign key {fp} is initially deferred but not deferrable", fp))


def _plain_column(col: ir.Column) -> bool:
    """True for a column none of ``_check_column``'s checks can fault: a legal name, no NUL in its
    texts, a built-in non-enum type, no identity or generated expression, and no default or a
    sound literal or expression one. Cheapest tests first: this runs for every column."""
    if col.identity is not None or col.generated is not None:
        return False
    logical = col.type.logical
    if logical is LogicalType.ENUM or logical is LogicalType.OTHER:
        return False
    d = col.default
    if d is not None and not (d.kind is ir.DefaultKind.LITERAL and "\x00" not in d.value
                              or d.kind is ir.DefaultKind.EXPRESSION and expression_problem(d.value) is None):
        return False
    return (identifier_problem(col.name) is None
            and (col.comment is None or "\x00" not in col.comment)
            and (col.orm_name is None or "\x00" not in col.orm_name))


def _is_referenceable(table: ir.Table, columns: tuple[str, ...]) -> bool:
    wanted = set(columns)
    if len(wanted) != len(columns):
        return False
    if table.primary_key is not None and set(table.primary_key.columns) == wanted:
        return True
    if any(u.where is None and set(u.columns) == wanted for u in table.uniques):
        return True
    return any(i.unique and i.where is None and all(e.column for e in i.elements) and set(i.columns) == wanted
               and not i.include for i in table.indexes)


def check_consistency(schema: ir.Schema) -> list[Diagnostic]:
    """Every well-formedness problem of ``schema`` (empty when it can be stored)."""
    # Kept per schema object, so an importer's check is not repeated when the same object is
    # stored, exported or linted next; a copy of the list, since callers may extend it.
    return list(_problems(schema))


@per_schema
def _problems(schema: ir.Schema) -> tuple[Diagnostic, ...]:
    return tuple(_find_problems(schema))


def _find_problems(schema: ir.Schema) -> list[Diagnostic]:
    out: Problems = []
    add = out.append
    namespaces = {DEFAULT_NAMESPACE, *(n.name for n in schema.namespaces)}
    for n in schema.namespaces:
        _identifier(out, "namespace", n.name, n.name)
    _names(out, "namespace", "", [n.name for n in schema.namespaces])
    _names(out, "group", "", [g.name for g in schema.groups])
    groups = {g.name for g in schema.groups}
    for text in (schema.name, schema.comment, *(n.comment for n in schema.namespaces),
                 *(e.comment for e in schema.enums), *(n.text for n in schema.notes),
                 *(g.name for g in schema.groups), *(g.comment for g in schema.groups)):
        _text(out, "the schema's text", "", text)
    for g in schema.groups:
        if g.color is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}|[a-z]{3,20}", g.color):
            add(error("schema.bad-color", f"group {g.name!r} has color {g.color!r}: use #rrggbb or a color name",
                      g.name))
    for e in schema.enums:
        _identifier(out, "enum", e.path, e.name)
        if e.namespace not in namespaces:
            add(error("schema.unknown-namespace", f"enum {e.path} is in namespace {e.namespace!r}, "
                      "which the schema does not define", e.path))
        if not e.values:
            add(error("schema.empty-enum", f"enum {e.path} has no values", e.path))
        _names(out, f"value of enum {e.path}:", e.path, e.values)
        for v in e.values:
            if v:
                _identifier(out, f"value of enum {e.path}:", e.path, v)
            else:
                add(error("schema.illegal-name", f"enum {e.path} has an empty value", e.path))
    # Tables, indexes and the indexes behind primary keys and unique constraints share one
    # namespace of relation names in PostgreSQL; enums share the namespace of types with tables.
    relations: dict[str, list[str]] = {}
    for t in schema.tables:
        relations.setdefault(t.namespace, []).append(t.name)
        relations[t.namespace].extend(u.name for u in t.uniques)
        relations[t.namespace].extend(i.name for i in t.indexes)
        if t.primary_key is not None and t.primary_key.name:
            relations[t.namespace].append(t.primary_key.name)
    for ns, names in relations.items():
        _names(out, f"table, index or key name (namespace {ns})", "" if ns == DEFAULT_NAMESPACE else ns, names)
    _names(out, "enum", "", [e.path for e in schema.enums])
    table_keys = {t.key for t in schema.tables}
    for e in schema.enums:
        if e.key in table_keys:
            # Every table also defines a row type of its name, so an enum cannot share it.
            add(error("schema.duplicate-name", f"enum {e.path} has the name of a table", e.path))
    for t in schema.tables:
        _check_table(out, schema, t, namespaces, groups)
    return out


def ensure_consistent(schema: ir.Schema) -> ir.Schema:
    """Return ``schema`` if it is well-formed; raise :class:`InconsistentSchema` otherwise."""
    problems = check_consistency(schema)
    if problems:
        raise InconsistentSchema(problems)
    return schema
