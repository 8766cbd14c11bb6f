"""Rows <-> core model: the only module that knows both the Django rows and ``designer.core.ir``.

``schema_load`` reads a project's schema in a fixed number of queries (whatever its size);
``schema_store`` writes the difference between two schemas: only tables that changed have
their rows rewritten, and a renamed table keeps its row (and its ``created_at``).
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

import orjson
from django.db import connection
from django.db.models import JSONField
from django.utils import timezone

from designer.core import ir
from designer.core.types import parse_type
from projects import models as m

TableKey = tuple[str, str]


# Reading --------------------------------------------------------------------------------------


def _position(x: float | None, y: float | None) -> ir.Position | None:
    return None if x is None or y is None else ir.Position(x, y)


def _index_element(data: dict[str, Any]) -> ir.IndexElement:
    nulls = data.get("nulls")
    return ir.IndexElement(column=data.get("column"), expression=data.get("expression"),
                           descending=bool(data.get("descending", False)),
                           nulls=ir.NullsOrder(nulls) if nulls else None, opclass=data.get("opclass"))


def schema_load(project: m.Project) -> ir.Schema:
    """The project's current schema, read from its rows."""
    enums = tuple(ir.Enum(name=e.name, values=tuple(e.values), namespace=e.namespace, comment=e.comment)
                  for e in m.SchemaEnum.objects.filter(project=project).order_by("position"))
    enum_keys = frozenset(e.key for e in enums)
    tables = list(m.SchemaTable.objects.filter(project=project).order_by("position"))
    parts: dict[str, dict[int, list[Any]]] = {}
    for name, model in (("columns", m.SchemaColumn), ("fks", m.SchemaForeignKey), ("uniques", m.SchemaUnique),
                        ("indexes", m.SchemaIndex), ("checks", m.SchemaCheck)):
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in model.objects.filter(table__project=project).order_by("table_id", "position"):
            grouped[row.table_id].append(row)
        parts[name] = grouped
    return ir.Schema(
        name=project.schema_name,
        comment=project.schema_comment,
        dialect=ir.Dialect(project.dialect),
        dialect_version=project.dialect_version,
        namespaces=tuple(ir.Namespace(n.name, n.comment)
                         for n in m.SchemaNamespace.objects.filter(project=project).order_by("position")),
        enums=enums,
        groups=tuple(ir.Group(g.name, g.color, g.comment)
                     for g in m.SchemaGroup.objects.filter(project=project).order_by("position")),
        notes=tuple(ir.Note(n.text, n.table, _position(n.x, n.y))
                    for n in m.SchemaNote.objects.filter(project=project).order_by("position")),
        tables=tuple(_table(t, parts, enum_keys) for t in tables),
    )


def _table(t: m.SchemaTable, parts: dict[str, dict[int, list[Any]]], enum_keys: frozenset[TableKey]) -> ir.Table:
    columns = tuple(
        ir.Column(
            name=c.name,
            type=parse_type(c.type, enum_keys),
            nullable=c.nullable,
            default=ir.Default(ir.DefaultKind(c.default_kind), c.default_value or "") if c.default_kind else None,
            identity=ir.Identity(c.identity) if c.identity else None,
            generated=c.generated,
            comment=c.comment,
            orm_name=c.orm_name,
        )
        for c in parts["columns"].get(t.pk, [])
    )
    return ir.Table(
        name=t.name,
        namespace=t.namespace,
        comment=t.comment,
        columns=columns,
        primary_key=ir.PrimaryKey(tuple(t.pk_columns), t.pk_name) if t.pk_columns is not None else None,
        foreign_keys=tuple(
            ir.ForeignKey(name=f.name, columns=tuple(f.columns), ref_table=f.ref_table,
                          ref_columns=tuple(f.ref_columns), ref_namespace=f.ref_namespace,
                          on_delete=ir.Action(f.on_delete), on_update=ir.Action(f.on_update),
                          deferrable=f.deferrable, initially_deferred=f.initially_deferred,
                          relation_name=f.relation_name, back_relation_name=f.back_relation_name)
            for f in parts["fks"].get(t.pk, [])
        ),
        uniques=tuple(ir.Unique(u.name, tuple(u.columns), u.where, u.nulls_not_distinct)
                      for u in parts["uniques"].get(t.pk, [])),
        indexes=tuple(
            ir.Index(name=i.name, elements=tuple(_index_element(e) for e in i.elements), unique=i.unique,
                     method=ir.IndexMethod(i.method), where=i.where, include=tuple(i.include))
            for i in parts["indexes"].get(t.pk, [])
        ),
        checks=tuple(ir.Check(c.name, c.expression) for c in parts["checks"].get(t.pk, [])),
        tags=tuple(t.tags),
        group=t.group,
        position=_position(t.x, t.y),
        orm_name=t.orm_name,
    )


# Writing --------------------------------------------------------------------------------------


def _table_fields(table: ir.Table, position: int) -> dict[str, Any]:
    return {
        "namespace": table.namespace,
        "name": table.name,
        "comment": table.comment,
        "tags": list(table.tags),
        "group": table.group,
        "x": table.position.x if table.position else None,
        "y": table.position.y if table.position else None,
        "orm_name": table.orm_name,
        "pk_name": table.primary_key.name if table.primary_key else None,
        "pk_columns": list(table.primary_key.columns) if table.primary_key else None,
        "position": position,
    }


def _element(e: ir.IndexElement) -> dict[str, Any]:
    data: dict[str, Any] = {"column": e.column} if e.column is not None else {"expression": e.expression}
    if e.descending:
        data["descending"] = True
    if e.nulls:
        data["nulls"] = e.nulls.value
    if e.opclass:
        data["opclass"] = e.opclass
    return data


# Child rows are written through the cursor: bulk_create prepares every value through its field
# (about 20 µs each), and a 5,000-table import has some 800,000 values. The values below are
# prepared once here instead (JSON and timestamps through the backend's own adapters).
_CHILD_FIELDS: dict[type[Any], tuple[str, ...]] = {
    m.SchemaColumn: ("name", "type", "nullable", "default_kind", "default_value", "identity", "generated", "comment",
                     "orm_name"),
    m.SchemaForeignKey: ("name", "columns", "ref_namespace", "ref_table", "ref_columns", "on_delete", "on_update",
                         "deferrable", "initially_deferred", "relation_name", "back_relation_name"),
    m.SchemaUnique: ("name", "columns", "where", "nulls_not_distinct"),
    m.SchemaIndex: ("name", "elements", "unique", "method", "where", "include"),
    m.SchemaCheck: ("name", "expression"),
}
_CHILD_MODELS = tuple(_CHILD_FIELDS)


def _children(table: ir.Table) -> dict[type[Any], list[tuple[Any, ...]]]:
    """The child rows of ``table`` as value tuples in ``_CHILD_FIELDS`` order (JSON not yet adapted)."""
    return {
        m.SchemaColumn: [
            (c.name, c.type.sql, c.nullable, c.default.kind.value if c.default else None,
             c.default.value if c.default else None, c.identity.value if c.identity else None, c.generated,
             c.comment, c.orm_name)
            for c in table.columns
        ],
        m.SchemaForeignKey: [
            (f.name, list(f.columns), f.ref_namespace, f.ref_table, list(f.ref_columns), f.on_delete.value,
             f.on_update.value, f.deferrable, f.initially_deferred, f.relation_name, f.back_relation_name)
            for f in table.foreign_keys
        ],
        m.SchemaUnique: [(u.name, list(u.columns), u.where, u.nulls_not_distinct) for u in table.uniques],
        m.SchemaIndex: [
            (x.name, [_element(e) for e in x.elements], x.unique, x.method.value, x.where, list(x.include))
            for x in table.indexes
        ],
        m.SchemaCheck: [(c.name, c.expression) for c in table.checks],
    }


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _insert(model: type[Any], rows: list[tuple[Any, ...]]) -> None:
    """Insert child rows ``(table_id, position, *values)``: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    ops = connection.ops
    fields = ("table", "position", *_CHILD_FIELDS[model], "created_at", "updated_at")
    meta = model._meta
    table = ops.quote_name(meta.db_table)
    columns = ", ".join(ops.quote_name(meta.get_field(f).column) for f in fields)
    json_at = {i for i, f in enumerate(fields) if isinstance(meta.get_field(f), JSONField)}
    now = ops.adapt_datetimefield_value(timezone.now())
    # COPY reads JSON columns from their text; other backends take the backend's own adapter.
    as_json = _json_text if connection.vendor == "postgresql" else partial(ops.adapt_json_value, encoder=None)
    values = (
        (*(as_json(v) if i in json_at else v for i, v in enumerate(row)), now, now)
        for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            # Names come from the model's own metadata, quoted by the backend; values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, list(values))


def _store_schema_level(project: m.Project, old: ir.Schema | None, new: ir.Schema) -> None:
    project.schema_name = new.name
    project.schema_comment = new.comment
    project.dialect = new.dialect.value
    project.dialect_version = new.dialect_version
    if old is None or old.namespaces != new.namespaces:
        m.SchemaNamespace.objects.filter(project=project).delete()
        m.SchemaNamespace.objects.bulk_create(
            m.SchemaNamespace(project=project, position=i, name=n.name, comment=n.comment)
            for i, n in enumerate(new.namespaces))
    if old is None or old.enums != new.enums:
        m.SchemaEnum.objects.filter(project=project).delete()
        m.SchemaEnum.objects.bulk_create(
            m.SchemaEnum(project=project, position=i, namespace=e.namespace, name=e.name, values=list(e.values),
                         comment=e.comment)
            for i, e in enumerate(new.enums))
    if old is None or old.groups != new.groups:
        m.SchemaGroup.objects.filter(project=project).delete()
        m.SchemaGroup.objects.bulk_create(
            m.SchemaGroup(project=project, position=i, name=g.name, color=g.color, comment=g.comment)
            for i, g in enumerate(new.groups))
    if old is None or old.notes != new.notes:
        m.SchemaNote.objects.filter(project=project).delete()
        m.SchemaNote.objects.bulk_create(
            m.SchemaNote(project=project, position=i, text=n.text, table=n.table,
                         x=n.position.x if n.position else None, y=n.position.y if n.position else None)
            for i, n in enumerate(new.notes))


def schema_store(project: m.Project, old: ir.Schema | None, new: ir.Schema,
                 renames: dict[TableKey, TableKey] | None = None) -> None:
    """Write ``new`` as the project's rows, given that the rows currently hold ``old``.

    Args:
        old: what the rows hold now (None for a project without rows).
        renames: tables renamed by the edit (old key to new key), whose rows are kept.

    Must run inside the caller's transaction. The caller saves ``project`` afterwards.
    """
    _store_schema_level(project, old, new)
    renames = renames or {}
    old_tables = {t.key: t for t in old.tables} if old else {}
    rows = {(r.namespace, r.name): r for r in m.SchemaTable.objects.filter(project=project)}
    # Rows are matched to new tables by key, following renames.
    new_keys = {t.key for t in new.tables}
    kept_old_keys = {old_key for old_key, new_key in renames.items() if new_key in new_keys}
    stale = [r.pk for key, r in rows.items() if key not in new_keys and key not in kept_old_keys]
    if stale:
        m.SchemaTable.objects.filter(pk__in=stale).delete()  # children go by ON DELETE CASCADE
    reverse = {new_key: old_key for old_key, new_key in renames.items()}
    # Renamed rows move first to temporary names, so a swap of two names cannot collide.
    moved = [rows[reverse[t.key]] for t in new.tables if t.key in reverse and reverse[t.key] in rows]
    for moving in moved:
        moving.name = f"__moving_{moving.pk}"
    if moved:
        m.SchemaTable.objects.bulk_update(moved, ["name"])
    now = timezone.now()
    created: list[tuple[m.SchemaTable, ir.Table]] = []
    children_of: list[tuple[m.SchemaTable, ir.Table]] = []
    rewrite: list[int] = []
    updated: list[m.SchemaTable] = []
    for position, table in enumerate(new.tables):
        origin = reverse.get(table.key, table.key)
        row: m.SchemaTable | None = rows.get(origin)
        before = old_tables.get(origin)
        if row is None:
            created.append((m.SchemaTable(project=project, **_table_fields(table, position)), table))
        elif before == table and row.position == position and origin == table.key:
            continue
        else:
            for field, value in _table_fields(table, position).items():
                setattr(row, field, value)
            row.updated_at = now  # bulk_update does not apply auto_now
            updated.append(row)
            if before is not None and _same_children(before, table):
                continue
            rewrite.append(row.pk)
            children_of.append((row, table))
    if created:
        m.SchemaTable.objects.bulk_create([row for row, _ in created], batch_size=1000)  # sets the ids
        children_of.extend(created)
    if updated:
        m.SchemaTable.objects.bulk_update(updated, [*_table_fields(new.tables[0], 0), "updated_at"], batch_size=500)
    if rewrite:
        for model in _CHILD_MODELS:
            model.objects.filter(table_id__in=rewrite).delete()
    batches: dict[type[Any], list[tuple[Any, ...]]] = {model: [] for model in _CHILD_MODELS}
    for row, table in children_of:
        for model, items in _children(table).items():
            batches[model].extend((row.pk, i, *values) for i, values in enumerate(items))
    for model, items in batches.items():
        _insert(model, items)


def _same_children(a: ir.Table, b: ir.Table) -> bool:
    return (a.columns, a.foreign_keys, a.uniques, a.indexes, a.checks) == (
        b.columns, b.foreign_keys, b.uniques, b.indexes, b.checks)

