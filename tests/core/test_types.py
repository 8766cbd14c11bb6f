"""Column types: PostgreSQL's type syntax read and written back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designer.core.types import ColumnType, LogicalType, TypeSyntaxError, enum_type, parse_type

ENUMS = frozenset({("public", "status"), ("billing", "Invoice State")})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int4", ColumnType(LogicalType.INTEGER)),
        ("INTEGER", ColumnType(LogicalType.INTEGER)),
        ("character varying(255)", ColumnType(LogicalType.VARCHAR, length=255)),
        ("varchar", ColumnType(LogicalType.VARCHAR)),
        ("char", ColumnType(LogicalType.CHAR, length=1)),
        ("numeric(10, 2)", ColumnType(LogicalType.NUMERIC, precision=10, scale=2)),
        ("decimal(8)", ColumnType(LogicalType.NUMERIC, precision=8, scale=0)),
        ("timestamp with time zone", ColumnType(LogicalType.TIMESTAMPTZ)),
        ("timestamp(3) with time zone", ColumnType(LogicalType.TIMESTAMPTZ, precision=3)),
        ("timestamp without time zone", ColumnType(LogicalType.TIMESTAMP)),
        ("double precision[]", ColumnType(LogicalType.DOUBLE, array_dims=1)),
        ("int[][]", ColumnType(LogicalType.INTEGER, array_dims=2)),
        ("text ARRAY", ColumnType(LogicalType.TEXT, array_dims=1)),
        ("integer[3]", ColumnType(LogicalType.INTEGER, array_dims=1)),
        ("pg_catalog.int8", ColumnType(LogicalType.BIGINT)),
        ("status", enum_type("status")),
        ("status[]", enum_type("status", array_dims=1)),
        ('billing."Invoice State"', enum_type("Invoice State", "billing")),
        ("citext", ColumnType(LogicalType.OTHER, native="citext")),
        ("geometry(Point,4326)", ColumnType(LogicalType.OTHER, native="geometry(Point,4326)")),
        ("ltree[]", ColumnType(LogicalType.OTHER, native="ltree", array_dims=1)),
    ],
)
def test_parse(text: str, expected: ColumnType) -> None:
    assert parse_type(text, ENUMS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("varchar(0)", "at least 1"),
        ("numeric(5,7)", "scale"),
        ("timestamptz(9)", "0 to 6"),
        ("integer(4)", "does not take"),
        ("serial", "sequence"),
        ("text)", "parenthes"),
        ("int[", "brackets"),
        ("text; drop", "unexpected"),
    ],
)
def test_bad_types_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(TypeSyntaxError, match=message):
        parse_type(text)


def test_sql_is_the_canonical_spelling() -> None:
    assert parse_type("character varying(20)[]").sql == "varchar(20)[]"
    assert parse_type("timestamp(3) with time zone").sql == "timestamptz(3)"
    assert enum_type("Invoice State", "billing").sql == 'billing."Invoice State"'


_types = st.builds(
    ColumnType,
    logical=st.sampled_from([t for t in LogicalType if t not in (LogicalType.ENUM, LogicalType.OTHER)]),
    array_dims=st.integers(0, 2),
).map(lambda t: ColumnType(t.logical, length=12 if t.logical in (LogicalType.VARCHAR, LogicalType.CHAR) else None,
                           precision=4 if t.logical is LogicalType.NUMERIC else None, array_dims=t.array_dims))


@given(_types)
def test_every_type_reads_back_from_its_sql(column_type: ColumnType) -> None:
    assert parse_type(column_type.sql) == column_type


def test_numeric_with_a_precision_has_scale_zero_as_in_postgresql() -> None:
    assert parse_type("numeric(5)") == parse_type("numeric(5,0)") == ColumnType(LogicalType.NUMERIC, precision=5)
    assert parse_type("numeric(5)").sql == "numeric(5,0)"
