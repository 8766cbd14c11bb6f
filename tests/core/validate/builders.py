"""Compact builders for the small schemas of the validator tests.

    schema(table("users", col("id", "uuid", null=False), col("email")), ...)

A table's primary key defaults to ``("id",)`` when it has an ``id`` column; names of keys and
constraints default to the recommended profile's patterns, so a test only spells out what it
is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from designer.core import ir
from designer.core.types import enum_type, parse_type


def col(name: str, type_: str = "text", *, null: bool = True, default: str | None = None, expr: str | None = None,
        seq: str | None = None, client: str | None = None, identity: bool = False, comment: str | None = None,
        orm: str | None = None, generated: str | None = None) -> ir.Column:
    """A column; ``default`` is a literal, ``expr`` an expression, ``seq`` a sequence, ``client`` an ORM default.

    ``type_`` is PostgreSQL type syntax, or ``enum:name`` (``enum:name[]``) for an enum of the schema.
    """
    dflt = None
    if default is not None:
        dflt = ir.Default.literal(default)
    elif expr is not None:
        dflt = ir.Default.expression(expr)
    elif seq is not None:
        dflt = ir.Default.sequence(seq)
    elif client is not None:
        dflt = ir.Default.client(client)
    if type_.startswith("enum:"):
        base = type_[5:].removesuffix("[]")
        column_type = enum_type(base, array_dims=1 if type_.endswith("[]") else 0)
    else:
        column_type = parse_type(type_)
    return ir.Column(name, column_type, nullable=null, default=dflt,
                     identity=ir.Identity.BY_DEFAULT if identity else None, comment=comment, orm_name=orm,
                     generated=generated)


def fk(columns: str | Iterable[str], ref: str, ref_columns: str | Iterable[str] = "id", *, table: str = "t",
       name: str | None = None, on_delete: str = "restrict", on_update: str = "no_action",
       relation: str | None = None, back: str | None = None) -> tuple[str, ir.ForeignKey]:
    cols = (columns,) if isinstance(columns, str) else tuple(columns)
    refs = (ref_columns,) if isinstance(ref_columns, str) else tuple(ref_columns)
    return ("fk", ir.ForeignKey(name=name or "", columns=cols, ref_table=ref, ref_columns=refs,
                                on_delete=ir.Action(on_delete), on_update=ir.Action(on_update),
                                relation_name=relation, back_relation_name=back))


def idx(*columns: str, name: str | None = None, unique: bool = False, where: str | None = None,
        method: str = "btree", expressions: Iterable[str] = ()) -> tuple[str, ir.Index]:
    elements = tuple(ir.IndexElement(column=c) for c in columns) + tuple(
        ir.IndexElement(expression=e) for e in expressions)
    return ("idx", ir.Index(name=name or "", elements=elements, unique=unique, method=ir.IndexMethod(method),
                            where=where))


def uq(*columns: str, name: str | None = None, where: str | None = None,
       nulls_not_distinct: bool = False) -> tuple[str, ir.Unique]:
    return ("uq", ir.Unique(name=name or "", columns=tuple(columns), where=where,
                            nulls_not_distinct=nulls_not_distinct))


def chk(expression: str, name: str | None = None) -> tuple[str, ir.Check]:
    return ("chk", ir.Check(name=name or "", expression=expression))


Part = ir.Column | tuple[str, object]


def table(name: str, *parts: Part, pk: tuple[str, ...] | None = None, pk_name: str | None = "",
          tags: Iterable[str] = (), comment: str | None = "A table.", namespace: str = "public") -> ir.Table:
    """A table from columns and (kind, item) parts made by :func:`fk`, :func:`idx`, :func:`uq`, :func:`chk`."""
    columns = [p for p in parts if isinstance(p, ir.Column)]
    fks: list[ir.ForeignKey] = []
    uniques: list[ir.Unique] = []
    indexes: list[ir.Index] = []
    checks: list[ir.Check] = []
    for part in parts:
        if isinstance(part, ir.Column):
            continue
        kind, item = part
        if isinstance(item, ir.ForeignKey):
            fks.append(item if item.name else replace(item, name=f"fk_{name}_{'_'.join(item.columns)}"))
        elif isinstance(item, ir.Unique):
            uniques.append(item if item.name else ir.Unique(f"uniq_{name}_{'_'.join(item.columns)}", item.columns,
                                                            item.where, item.nulls_not_distinct))
        elif isinstance(item, ir.Index):
            label = "_".join(e.column or "expr" for e in item.elements)
            indexes.append(item if item.name else ir.Index(f"idx_{name}_{label}", item.elements, item.unique,
                                                           item.method, item.where, item.include))
        elif isinstance(item, ir.Check):
            checks.append(item if item.name else ir.Check(f"{name}_rule_{len(checks) + 1}_valid", item.expression))
    if pk is None:
        pk = ("id",) if any(c.name == "id" for c in columns) else ()
    primary = ir.PrimaryKey(pk, f"{name}_pkey" if pk_name == "" else pk_name) if pk else None
    if primary is not None:
        columns = [replace(c, nullable=False) if c.name in pk else c for c in columns]
    return ir.Table(name=name, namespace=namespace, columns=tuple(columns), primary_key=primary,
                    foreign_keys=tuple(fks), uniques=tuple(uniques), indexes=tuple(indexes), checks=tuple(checks),
                    tags=tuple(tags), comment=comment)


def enum(name: str, *values: str) -> ir.Enum:
    return ir.Enum(name, tuple(values))


def schema(*tables: ir.Table, enums: Iterable[ir.Enum] = ()) -> ir.Schema:
    return ir.Schema(name="test", tables=tuple(tables), enums=tuple(enums))


def uid(name: str = "id") -> ir.Column:
    """A uuid key column with a database default."""
    return col(name, "uuid", null=False, expr="gen_random_uuid()")


def users(*extra: Part, **kw: object) -> ir.Table:
    """A plain, well-formed ``users`` table."""
    return table("users", uid(), col("email", null=False), *extra, uq("email"), **kw)  # type: ignore[arg-type]
