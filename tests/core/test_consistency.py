"""Well-formedness: what PostgreSQL itself would refuse is refused here, with the object named."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.core import ir
from designer.core.consistency import InconsistentSchema, check_consistency, ensure_consistent
from designer.core.types import ColumnType, LogicalType, enum_type

INT = ColumnType(LogicalType.INTEGER)
TEXT = ColumnType(LogicalType.TEXT)


def _table(**kw: object) -> ir.Table:
    base = ir.Table("t", (ir.Column("id", INT, nullable=False), ir.Column("a", TEXT)),
                    primary_key=ir.PrimaryKey(("id",)))
    return replace(base, **kw)  # type: ignore[arg-type]


def _codes(schema: ir.Schema) -> list[str]:
    return [p.code for p in check_consistency(schema)]


def test_demo_and_rich_cases_are_well_formed(demo_schema: ir.Schema) -> None:
    assert check_consistency(demo_schema) == []


@pytest.mark.parametrize(
    ("table", "code"),
    [
        (_table(columns=(ir.Column("id", INT, nullable=False), ir.Column("id", TEXT))), "schema.duplicate-name"),
        (_table(primary_key=ir.PrimaryKey(("nope",))), "schema.unknown-column"),
        (_table(columns=(ir.Column("id", INT),)), "schema.pk-nullable"),
        (_table(foreign_keys=(ir.ForeignKey("fk", ("a",), "missing", ("id",)),)), "schema.unknown-table"),
        (_table(foreign_keys=(ir.ForeignKey("fk", ("a",), "t", ("a",)),)), "schema.fk-target-not-unique"),
        (_table(foreign_keys=(ir.ForeignKey("fk", ("a", "id"), "t", ("id",)),)), "schema.fk-arity"),
        (_table(columns=(ir.Column("id", INT, nullable=False), ir.Column("s", enum_type("nope")))),
         "schema.unknown-enum"),
        (_table(checks=(ir.Check("c", "a > 0)); DROP TABLE t; --"),)), "schema.bad-expression"),
        (_table(checks=(ir.Check("c", "a > 0 -- sneaky"),)), "schema.bad-expression"),
        (_table(uniques=(ir.Unique("u", ("a",), where="1 FROM t"),)), "schema.bad-expression"),
        (_table(columns=(ir.Column("id", INT, nullable=False),
                         ir.Column("a", ColumnType(LogicalType.OTHER, native="text); DROP TABLE t; --")))),
         "schema.bad-type"),
        (_table(columns=(ir.Column("id", TEXT, nullable=False, identity=ir.Identity.ALWAYS),)), "schema.identity-type"),
        (_table(columns=(ir.Column("id", INT, nullable=False, identity=ir.Identity.ALWAYS,
                                   default=ir.Default.literal("1")),)), "schema.default-conflict"),
        (_table(name="x" * 64), "schema.illegal-name"),
        (_table(namespace="nowhere"), "schema.unknown-namespace"),
        (_table(group="nowhere"), "schema.unknown-group"),
        (_table(indexes=(ir.Index("t", (ir.IndexElement(column="a"),)),)), "schema.duplicate-name"),
        (_table(indexes=(ir.Index("i", (ir.IndexElement(column="a", opclass="x; drop"),)),)), "schema.bad-opclass"),
    ],
)
def test_problems_are_found_and_named(table: ir.Table, code: str) -> None:
    assert code in _codes(ir.Schema(tables=(table,)))


def test_enum_and_table_cannot_share_a_name() -> None:
    schema = ir.Schema(tables=(_table(),), enums=(ir.Enum("t", ("a",)),))
    assert "schema.duplicate-name" in _codes(schema)


def test_ensure_consistent_raises_with_the_list() -> None:
    with pytest.raises(InconsistentSchema) as err:
        ensure_consistent(ir.Schema(tables=(_table(primary_key=ir.PrimaryKey(("nope",))),)))
    assert "t: the primary key uses column 'nope'" in str(err.value)


def test_nul_characters_in_text_are_refused() -> None:
    schema = ir.Schema(tables=(_table(comment="a\x00b"),), notes=(ir.Note("x\x00"),))
    assert _codes(schema).count("schema.nul-character") == 2
