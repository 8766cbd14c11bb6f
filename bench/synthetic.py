"""A synthetic schema of N tables for the benchmarks (deterministic for a given N and seed).

Each table has about 12 columns (a uuid or identity key, text, varchar, numeric, timestamps,
soft delete, an enum column, a jsonb or array column), one to two foreign keys to earlier
tables with their indexes, a partial unique rule, a partial index and a check; 1,000 tables
give ~12,000 columns.

    python -m bench.synthetic 1000 > /tmp/schema-1000.json
"""

from __future__ import annotations

import random
import sys

from designer.core import document, ir
from designer.core.types import ColumnType, LogicalType, enum_type

_WORDS = ("account", "order", "invoice", "product", "shipment", "review", "ticket", "device", "report", "session",
          "payment", "address", "coupon", "vendor", "region", "metric", "event", "badge", "course", "lesson")


def synthetic_schema(n_tables: int, seed: int = 7) -> ir.Schema:
    rnd = random.Random(seed)
    enums = tuple(ir.Enum(name=f"status_{i}", values=("new", "active", "done", "archived")) for i in range(10))
    tables: list[ir.Table] = []
    for i in range(n_tables):
        name = f"{_WORDS[i % len(_WORDS)]}s_{i}"
        use_uuid = i % 3 != 0
        key = ColumnType(LogicalType.UUID) if use_uuid else ColumnType(LogicalType.BIGINT)
        columns = [
            ir.Column("id", key, nullable=False,
                      default=ir.Default.expression("gen_random_uuid()") if use_uuid else None,
                      identity=None if use_uuid else ir.Identity.BY_DEFAULT),
            ir.Column("name", ColumnType(LogicalType.TEXT), nullable=False, comment=f"Name of the {name} row."),
            ir.Column("code", ColumnType(LogicalType.VARCHAR, length=64), nullable=False),
            ir.Column("amount", ColumnType(LogicalType.NUMERIC, precision=12, scale=2), nullable=False,
                      default=ir.Default.literal("0")),
            ir.Column("status", enum_type(enums[i % len(enums)].name), nullable=False,
                      default=ir.Default.literal("new")),
            ir.Column("attributes", ColumnType(LogicalType.JSONB), nullable=False, default=ir.Default.literal("{}")),
            ir.Column("labels", ColumnType(LogicalType.TEXT, array_dims=1)),
            ir.Column("position", ColumnType(LogicalType.INTEGER), nullable=False, default=ir.Default.literal("0")),
            ir.Column("created_at", ColumnType(LogicalType.TIMESTAMPTZ), nullable=False,
                      default=ir.Default.expression("now()")),
            ir.Column("updated_at", ColumnType(LogicalType.TIMESTAMPTZ), nullable=False,
                      default=ir.Default.expression("now()")),
            ir.Column("deleted_at", ColumnType(LogicalType.TIMESTAMPTZ)),
        ]
        fks: list[ir.ForeignKey] = []
        indexes: list[ir.Index] = []
        for target in rnd.sample(tables, k=min(len(tables), rnd.choice((1, 1, 2)))):
            ref_key = target.columns[0]
            col = f"{target.name}_id"
            columns.append(ir.Column(col, ref_key.type, nullable=rnd.random() < 0.3))
            fks.append(ir.ForeignKey(name=f"fk_{name}_{col}"[:63], columns=(col,), ref_table=target.name,
                                     ref_columns=("id",),
                                     on_delete=ir.Action.SET_NULL if columns[-1].nullable else ir.Action.RESTRICT))
            indexes.append(ir.Index(name=f"idx_{name}_{col}"[:63], elements=(ir.IndexElement(column=col),)))
        indexes.append(ir.Index(name=f"idx_{name}_status_created_at", elements=(
            ir.IndexElement(column="status"), ir.IndexElement(column="created_at", descending=True)),
            where="deleted_at IS NULL"))
        tables.append(ir.Table(
            name=name,
            columns=tuple(columns),
            comment=f"Synthetic table {i}.",
            primary_key=ir.PrimaryKey(("id",), name=f"{name}_pkey"),
            foreign_keys=tuple(fks),
            uniques=(ir.Unique(name=f"uniq_{name}_code", columns=("code",), where="deleted_at IS NULL"),),
            indexes=tuple(indexes),
            checks=(ir.Check(name=f"chk_{name}_amount", expression="amount >= 0"),),
        ))
    return ir.Schema(name=f"synthetic-{n_tables}", tables=tuple(tables), enums=enums)


if __name__ == "__main__":
    sys.stdout.write(document.dumps(synthetic_schema(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)))
