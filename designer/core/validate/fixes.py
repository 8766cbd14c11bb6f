"""Edit builders the rules share for their automatic fixes.

A fix is an ordinary edit from :mod:`designer.core.edits`, so the page, the API and the command
line apply it through the storage services like any change the user makes. The builders here
keep fixes from breaking something else: a type change follows every foreign key linked to the
column, a new foreign key comes with its index, a new name is free in its scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

from designer.core import ir
from designer.core.edits import AddColumn, AddConstraint, Batch, Edit, UpdateColumn
from designer.core.types import ColumnType
from designer.core.validate.alignment import best_position
from designer.core.validate.context import Context
from designer.core.validate.registry import Fix


def change_column(table: ir.Table, column: ir.Column, **changes: object) -> UpdateColumn:
    """Replace some attributes of a column (``nullable=False``, ``default=None``...)."""
    return UpdateColumn(table.path, column.name, replace(column, **changes))  # type: ignore[arg-type]


def retype(ctx: Context, table: ir.Table, column: ir.Column, new_type: ColumnType, **changes: object) -> Edit:
    """Change a column's type, and the type of every column a foreign key links to it.

    ``changes`` (a new default, say) apply to ``column`` only.
    """
    edits: list[Edit] = []
    for t, c in ctx.key_family(table, column.name):
        if t.key == table.key and c.name == column.name:
            edits.append(change_column(t, c, type=new_type, **changes))
        elif c.type != new_type:
            edits.append(change_column(t, c, type=_keep_array(c.type, new_type)))
    if len(edits) == 1:
        return edits[0]
    return Batch(tuple(edits), description=f"Changed {table.path}.{column.name} and the keys linked to it to "
                                           f"{new_type.sql}")


def _keep_array(old: ColumnType, new: ColumnType) -> ColumnType:
    return new if old.array_dims == new.array_dims else replace(new, array_dims=old.array_dims)


def index_on(ctx: Context, table: ir.Table, columns: Iterable[str], where: str | None = None) -> AddConstraint:
    """A new btree index on ``columns``, named by the profile's index pattern."""
    cols = tuple(columns)
    name = ctx.constraint_name("index", table, cols)
    return AddConstraint(table.path, ir.Index(name=name, elements=tuple(ir.IndexElement(column=c) for c in cols),
                                              where=where))


def foreign_key(ctx: Context, table: ir.Table, columns: tuple[str, ...], target: ir.Table,
                ref_columns: tuple[str, ...], *, nullable: bool) -> list[Edit]:
    """A new foreign key (ON DELETE from the profile) and, unless one exists, the index it needs."""
    action = ctx.default_on_delete(table, columns, nullable, target)
    fk = ir.ForeignKey(name=ctx.constraint_name("fk", table, columns, ref_table=target.name), columns=columns,
                       ref_table=target.name, ref_namespace=target.namespace, ref_columns=ref_columns,
                       on_delete=action)
    edits: list[Edit] = [AddConstraint(table.path, fk)]
    if not ctx.covered(table, columns):
        edits.append(index_on(ctx, table, columns))
    return edits


def later(build: Callable[..., Fix], *args: Any) -> Callable[[], Fix]:
    """``build(*args)`` deferred until someone reads the finding's fix."""
    return partial(build, *args)


def add_columns(table: ir.Table, *columns: ir.Column) -> list[Edit]:
    """Edits adding ``columns`` where they cost no alignment padding (after the primary key)."""
    current = list(table.columns)
    pk = len(table.primary_key.columns) if table.primary_key else 0
    out: list[Edit] = []
    for column in columns:
        at = best_position(current, column, after=min(pk, len(current)))
        current.insert(at, column)
        out.append(AddColumn(table.path, column, at=None if at == len(current) - 1 else at))
    return out


def fix(description: str, *edits: Edit) -> Fix:
    """A :class:`Fix` of one edit, or of several applied together as one version."""
    if len(edits) == 1:
        return Fix(description, edits[0])
    return Fix(description, Batch(tuple(edits), description=description))
