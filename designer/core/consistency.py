"""Well-formedness: what a schema must satisfy before it can be stored or exported.

These are not design rules (those are the validator's, and a profile can turn them off) but
facts PostgreSQL itself enforces: names are legal and unique where PostgreSQL needs them
unique, every reference resolves, a foreign key points at a unique key. An edit that would
break one is refused; the messages name the object and the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

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


def _names(what: str, path: str, names: Iterable[str]) -> Iterator[Diagnostic]:
    for name, count in Counter(names).items():
        if count > 1:
            yield error("schema.duplicate-name", f"{what} {name!r} is defined {count} times", path)


def _identifier(what: str, path: str, name: str) -> Iterator[Diagnostic]:
    problem = identifier_problem(name)
    if problem is not None:
        yield error("schema.illegal-name", f"{what} {name!r} is not a legal name: {problem}", path)


_CLIENT_GENERATOR = re.compile(r"^[a-z][a-z0-9_]*(\(\d*\))?$")


def _expression(what: str, path: str, expression: str | None) -> Iterator[Diagnostic]:
    if expression is not None:
        problem = expression_problem(expression)
        if problem is not None:
            yield error("schema.bad-expression", f"{what} {expression!r} is refused: {problem}", path)


def _text(what: str, path: str, text: str | None) -> Iterator[Diagnostic]:
    # PostgreSQL text cannot hold NUL, so a comment or literal with one could never be stored.
    if text is not None and "\x00" in text:
        yield error("schema.nul-character", f"{what} contains the NUL character, which PostgreSQL cannot store", path)


def _column_refs(what: str, path: str, table: ir.Table, columns: Iterable[str]) -> Iterator[Diagnostic]:
    for name in columns:
        if table.column(name) is None:
            yield error("schema.unknown-column", f"{what} uses column {name!r}, which {table.path} does not have", path)


def _check_table(schema: ir.Schema, table: ir.Table, namespaces: set[str], groups: set[str]) -> Iterator[Diagnostic]:
    tp = table.path
    yield from _identifier("table", tp, table.name)
    if table.namespace not in namespaces:
        yield error("schema.unknown-namespace", f"table {tp} is in namespace {table.namespace!r}, "
                    "which the schema does not define", tp)
    if table.group is not None and table.group not in groups:
        yield error("schema.unknown-group", f"table {tp} is in group {table.group!r}, which does not exist", tp)
    yield from _text(f"the comment of {tp}", tp, table.comment)
    for text in (*table.tags, table.orm_name):
        yield from _text(f"a tag or ORM name of {tp}", tp, text)
    yield from _names("column", tp, (c.name for c in table.columns))
    for col in table.columns:
        if _plain_column(col):  # most columns: nothing below can apply, so skip the generators
            continue
        cp = f"{tp}.{col.name}"
        yield from _identifier("column", cp, col.name)
        for text in (col.comment, col.orm_name, col.default.value if col.default else None):
            yield from _text(f"column {cp}", cp, text)
        t = col.type
        if t.logical is LogicalType.ENUM and schema.enum(t.enum or "", t.enum_namespace) is None:
            yield error("schema.unknown-enum", f"column {cp} has type {t.sql}, but no such enum exists", cp,
                        hint="create the enum first, or pick another type")
        if t.logical is LogicalType.OTHER:
            problem = type_problem(t.native or "")
            if problem is not None:
                yield error("schema.bad-type", f"column {cp} has type {t.native!r}, which is refused: {problem}", cp)
        if col.default is not None:
            d = col.default
            if d.kind is ir.DefaultKind.EXPRESSION:
                yield from _expression(f"the default of {cp}", cp, d.value)
            elif d.kind is ir.DefaultKind.SEQUENCE:
                yield from _identifier(f"the sequence of {cp}", cp, d.value)
            elif d.kind is ir.DefaultKind.CLIENT and not _CLIENT_GENERATOR.match(d.value):
                yield error("schema.bad-default", f"the client-side default of {cp} must name a generator such as "
                            f"uuid or cuid, not {d.value!r}", cp)
        yield from _expression(f"the generated expression of {cp}", cp, col.generated)
        if col.identity is not None and col.type.logical not in INTEGER_TYPES:
            yield error("schema.identity-type", f"identity column {cp} must be smallint, integer or bigint", cp)
        if sum(x is not None for x in (col.default, col.identity, col.generated)) > 1:
            yield error("schema.default-conflict", f"column {cp} can have only one of a default, "
                        "an identity or a generated expression", cp)
        if col.identity is not None and col.nullable:
            yield error("schema.identity-nullable", f"identity column {cp} must be NOT NULL", cp)
    per_table = [fk.name for fk in table.foreign_keys] + [c.name for c in table.checks]
    yield from _names("constraint", tp, per_table)
    if table.primary_key is not None:
        pk = table.primary_key
        if not pk.columns:
            yield error("schema.empty-key", f"the primary key of {tp} has no columns", tp)
        yield from _names("primary key column", tp, pk.columns)
        yield from _column_refs("the primary key", tp, table, pk.columns)
        if pk.name is not None:
            yield from _identifier("primary key", tp, pk.name)
        for name in pk.columns:
            pk_col = table.column(name)
            if pk_col is not None and pk_col.nullable:
                yield error("schema.pk-nullable", f"primary key column {tp}.{name} must be NOT NULL", f"{tp}.{name}",
                            hint="PostgreSQL makes primary key columns NOT NULL")
    for fk in table.foreign_keys:
        fp = f"{tp}.{fk.name}"
        yield from _identifier("foreign key", fp, fk.name)
        yield from _column_refs(f"foreign key {fk.name}", fp, table, fk.columns)
        if not fk.columns or len(fk.columns) != len(fk.ref_columns):
            yield error("schema.fk-arity", f"foreign key {fp} has {len(fk.columns)} column(s) but references "
                        f"{len(fk.ref_columns)}", fp)
        target = schema.table(fk.ref_table, fk.ref_namespace)
        if target is None:
            ref = fk.ref_table if fk.ref_namespace == DEFAULT_NAMESPACE else f"{fk.ref_namespace}.{fk.ref_table}"
            yield error("schema.unknown-table", f"foreign key {fp} references table {ref}, which does not exist", fp)
            continue
        missing = [c for c in fk.ref_columns if target.column(c) is None]
        for name in missing:
            yield error("schema.unknown-column", f"foreign key {fp} references {target.path}.{name}, "
                        "which does not exist", fp)
        if not missing and fk.ref_columns and not _is_referenceable(target, fk.ref_columns):
            yield error("schema.fk-target-not-unique",
                        f"foreign key {fp} references {target.path}({', '.join(fk.ref_columns)}), "
                        "which is neither its primary key nor a unique key", fp,
                        hint="PostgreSQL needs a primary key or unique constraint on the referenced columns")
        if fk.initially_deferred and not fk.deferrable:
            yield error("schema.fk-deferral", f"foreign key {fp} is initially deferred but not deferrable", fp)
    for u in table.uniques:
        up = f"{tp}.{u.name}"
        yield from _identifier("unique constraint", up, u.name)
        if not u.columns:
            yield error("schema.empty-key", f"unique constraint {up} has no columns", up)
        yield from _column_refs(f"unique constraint {u.name}", up, table, u.columns)
        yield from _expression(f"the condition of {up}", up, u.where)
    for i in table.indexes:
        ip = f"{tp}.{i.name}"
        yield from _identifier("index", ip, i.name)
        yield from _column_refs(f"index {i.name}", ip, table, [*i.columns, *i.include])
        yield from _expression(f"the condition of {ip}", ip, i.where)
        for e in i.elements:
            if (e.column is None) == (e.expression is None):
                yield error("schema.index-element", f"an element of index {ip} must be a column or an expression", ip)
            yield from _expression(f"an expression of {ip}", ip, e.expression)
            if e.opclass is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?",
                                                          e.opclass):
                yield error("schema.bad-opclass", f"index {ip} has operator class {e.opclass!r}, "
                            "which is not a plain name", ip)
    for c in table.checks:
        cp = f"{tp}.{c.name}"
        yield from _identifier("check constraint", cp, c.name)
        yield from _expression(f"check constraint {cp}", cp, c.expression)


def _plain_column(col: ir.Column) -> bool:
    """True for a column none of ``_check_table``'s column checks can fault: a legal name, no NUL
    in its texts, a built-in non-enum type, no identity or generated expression, and no default
    or a sound literal or expression one."""
    d = col.default
    if d is not None and not (d.kind is ir.DefaultKind.LITERAL and "\x00" not in d.value
                              or d.kind is ir.DefaultKind.EXPRESSION and expression_problem(d.value) is None):
        return False
    return (col.identity is None and col.generated is None
            and col.type.logical is not LogicalType.ENUM and col.type.logical is not LogicalType.OTHER
            and "\x00" not in (col.comment or "") and "\x00" not in (col.orm_name or "")
            and identifier_problem(col.name) is None)


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
    problems: list[Diagnostic] = []
    add = problems.extend
    namespaces = {DEFAULT_NAMESPACE, *(n.name for n in schema.namespaces)}
    for n in schema.namespaces:
        add(_identifier("namespace", n.name, n.name))
    add(_names("namespace", "", (n.name for n in schema.namespaces)))
    add(_names("group", "", (g.name for g in schema.groups)))
    groups = {g.name for g in schema.groups}
    for text in (schema.name, schema.comment, *(n.comment for n in schema.namespaces),
                 *(e.comment for e in schema.enums), *(n.text for n in schema.notes),
                 *(g.name for g in schema.groups), *(g.comment for g in schema.groups)):
        add(_text("the schema's text", "", text))
    for g in schema.groups:
        if g.color is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}|[a-z]{3,20}", g.color):
            add([error("schema.bad-color", f"group {g.name!r} has color {g.color!r}: use #rrggbb or a color name",
                       g.name)])
    for e in schema.enums:
        add(_identifier("enum", e.path, e.name))
        if e.namespace not in namespaces:
            add([error("schema.unknown-namespace", f"enum {e.path} is in namespace {e.namespace!r}, "
                       "which the schema does not define", e.path)])
        if not e.values:
            add([error("schema.empty-enum", f"enum {e.path} has no values", e.path)])
        add(_names(f"value of enum {e.path}:", e.path, e.values))
        for v in e.values:
            add(_identifier(f"value of enum {e.path}:", e.path, v) if v else
                [error("schema.illegal-name", f"enum {e.path} has an empty value", e.path)])
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
        add(_names(f"table, index or key name (namespace {ns})", "" if ns == DEFAULT_NAMESPACE else ns, names))
    add(_names("enum", "", (e.path for e in schema.enums)))
    table_keys = {t.key for t in schema.tables}
    for e in schema.enums:
        if e.key in table_keys:
            # Every table also defines a row type of its name, so an enum cannot share it.
            add([error("schema.duplicate-name", f"enum {e.path} has the name of a table", e.path)])
    for t in schema.tables:
        add(_check_table(schema, t, namespaces, groups))
    return problems


def ensure_consistent(schema: ir.Schema) -> ir.Schema:
    """Return ``schema`` if it is well-formed; raise :class:`InconsistentSchema` otherwise."""
    problems = check_consistency(schema)
    if problems:
        raise InconsistentSchema(problems)
    return schema
