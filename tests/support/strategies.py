"""Hypothesis strategies for random, well-formed schemas.

``schemas()`` draws schemas that pass ``check_consistency``: tables with typed columns, primary
keys, foreign keys to earlier tables (and self-references), uniques, indexes, checks, enums,
comments, groups. ``names`` decides how hostile the names are: ``plain`` (snake_case),
``quoted`` (upper case, spaces, reserved words) or ``hostile`` (quotes, backticks, ``${``,
``*/``, ``\"\"\"``, newlines, unicode), for injection tests.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from designer.core import ir
from designer.core.consistency import check_consistency
from designer.core.identifiers import MAX_IDENTIFIER_BYTES
from designer.core.types import ColumnType, LogicalType

_PLAIN = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
_QUOTED = st.one_of(
    _PLAIN,
    st.sampled_from(["order", "user", "group", "select", "Table", "MixedCase", "with space", "from", "limit"]),
)
_HOSTILE_PIECES = ['"', "'", "`", "${x}", "*/", "/*", '"""', "\n", "\\", "--", ";", "é", "名前", "\u2028", "}", "#"]
_HOSTILE = st.one_of(
    _QUOTED,
    st.lists(st.one_of(st.sampled_from(_HOSTILE_PIECES), _PLAIN), min_size=1, max_size=4).map("".join),
)

NAME_KINDS = {"plain": _PLAIN, "quoted": _QUOTED, "hostile": _HOSTILE}


def _fits(name: str) -> bool:
    return 0 < len(name.encode()) <= MAX_IDENTIFIER_BYTES - 8 and name == name.strip() and "\x00" not in name


_SCALAR_TYPES = [
    ColumnType(LogicalType.SMALLINT), ColumnType(LogicalType.INTEGER), ColumnType(LogicalType.BIGINT),
    ColumnType(LogicalType.NUMERIC, precision=10, scale=2), ColumnType(LogicalType.NUMERIC),
    ColumnType(LogicalType.REAL), ColumnType(LogicalType.DOUBLE), ColumnType(LogicalType.BOOLEAN),
    ColumnType(LogicalType.TEXT), ColumnType(LogicalType.VARCHAR, length=255), ColumnType(LogicalType.CHAR, length=2),
    ColumnType(LogicalType.UUID), ColumnType(LogicalType.DATE), ColumnType(LogicalType.TIME),
    ColumnType(LogicalType.TIMESTAMP), ColumnType(LogicalType.TIMESTAMPTZ),
    ColumnType(LogicalType.TIMESTAMPTZ, precision=3), ColumnType(LogicalType.INTERVAL),
    ColumnType(LogicalType.JSON), ColumnType(LogicalType.JSONB), ColumnType(LogicalType.BYTEA),
    ColumnType(LogicalType.INET), ColumnType(LogicalType.TEXT, array_dims=1),
    ColumnType(LogicalType.INTEGER, array_dims=1),
]
_KEY_TYPES = [ColumnType(LogicalType.BIGINT), ColumnType(LogicalType.INTEGER), ColumnType(LogicalType.UUID),
              ColumnType(LogicalType.TEXT)]
_DEFAULTS: dict[LogicalType, list[ir.Default]] = {
    LogicalType.INTEGER: [ir.Default.literal("0"), ir.Default.literal("42")],
    LogicalType.BIGINT: [ir.Default.literal("0")],
    LogicalType.BOOLEAN: [ir.Default.literal("true"), ir.Default.literal("false")],
    LogicalType.TEXT: [ir.Default.literal(""), ir.Default.literal("it's")],
    LogicalType.UUID: [ir.Default.expression("gen_random_uuid()")],
    LogicalType.TIMESTAMPTZ: [ir.Default.expression("now()")],
    LogicalType.JSONB: [ir.Default.literal("{}")],
}


@st.composite
def schemas(draw: st.DrawFn, names: str = "plain", max_tables: int = 5) -> ir.Schema:
    """A random well-formed schema."""
    name_st = NAME_KINDS[names].filter(_fits)
    comment_st = st.one_of(st.none(), NAME_KINDS["hostile" if names == "hostile" else "plain"].filter(bool))
    used_relations: set[str] = set()

    def fresh(prefix: str = "") -> str:
        candidate = draw(name_st)
        if prefix:
            candidate = f"{prefix}_{candidate}" if names == "plain" else f"{prefix}{candidate}"
        base, n = candidate, 2
        while candidate in used_relations:  # a counter, not a redraw: shrinking repeats draws
            candidate, n = f"{base}_{n}", n + 1
        used_relations.add(candidate)
        return candidate

    enums = []
    for _ in range(draw(st.integers(0, 2))):
        values = draw(st.lists(name_st, min_size=1, max_size=4, unique=True))
        enums.append(ir.Enum(name=fresh(), values=tuple(values), comment=draw(comment_st)))
    groups = tuple(ir.Group(name=g) for g in draw(st.lists(_PLAIN, max_size=2, unique=True)))
    tables: list[ir.Table] = []
    for _ in range(draw(st.integers(1, max_tables))):
        table_name = fresh()
        key_type = draw(st.sampled_from(_KEY_TYPES))
        identity = ir.Identity.BY_DEFAULT if key_type.logical in {LogicalType.BIGINT, LogicalType.INTEGER} and draw(
            st.booleans()) else None
        columns = [ir.Column("id", key_type, nullable=False, identity=identity, comment=draw(comment_st))]
        column_names = {"id"}
        for _ in range(draw(st.integers(0, 5))):
            col_name = draw(name_st)
            if col_name in column_names:
                continue
            column_names.add(col_name)
            if enums and draw(st.booleans()):
                enum = draw(st.sampled_from(enums))
                col_type = ColumnType(LogicalType.ENUM, enum=enum.name)
                default = ir.Default.literal(enum.values[0]) if draw(st.booleans()) else None
            else:
                col_type = draw(st.sampled_from(_SCALAR_TYPES))
                options = _DEFAULTS.get(col_type.logical, []) if not col_type.array_dims else []
                default = draw(st.sampled_from([None, *options]))
            columns.append(ir.Column(col_name, col_type, nullable=draw(st.booleans()), default=default,
                                     comment=draw(comment_st)))
        fks: list[ir.ForeignKey] = []
        targets = [t for t in tables if t.primary_key is not None and len(t.primary_key.columns) == 1]
        for target in draw(st.lists(st.sampled_from(targets), max_size=2)) if targets else []:
            ref_col = target.column(target.primary_key.columns[0]) if target.primary_key else None
            assert ref_col is not None
            col_name = fresh("ref") if names != "plain" else f"{target.name}_id"
            if col_name in column_names:
                continue
            column_names.add(col_name)
            columns.append(ir.Column(col_name, replace(ref_col.type), nullable=draw(st.booleans())))
            action = draw(st.sampled_from(list(ir.Action)))
            if action is ir.Action.SET_DEFAULT:
                action = ir.Action.NO_ACTION
            if action is ir.Action.SET_NULL and not columns[-1].nullable:
                action = ir.Action.CASCADE
            fks.append(ir.ForeignKey(name=fresh("fk"), columns=(col_name,), ref_table=target.name,
                                     ref_columns=target.primary_key.columns if target.primary_key else (),
                                     on_delete=action))
        if draw(st.booleans()):  # a self-reference
            col_name = "parent_id"
            if col_name not in column_names:
                column_names.add(col_name)
                columns.append(ir.Column(col_name, key_type, nullable=True))
                fks.append(ir.ForeignKey(name=fresh("fk"), columns=(col_name,), ref_table=table_name,
                                         ref_columns=("id",), on_delete=ir.Action.SET_NULL))
        plain_cols = [c.name for c in columns[1:] if c.type.array_dims == 0 and c.type.logical not in {
            LogicalType.JSON, LogicalType.JSONB}]
        uniques = []
        if plain_cols and draw(st.booleans()):
            cols = tuple(draw(st.lists(st.sampled_from(plain_cols), min_size=1, max_size=2, unique=True)))
            uniques.append(ir.Unique(name=fresh("uq"), columns=cols,
                                     where=draw(st.sampled_from([None, f"{_q(cols[0])} IS NOT NULL"]))))
        indexes = []
        if plain_cols and draw(st.booleans()):
            col = draw(st.sampled_from(plain_cols))
            indexes.append(ir.Index(name=fresh("ix"), elements=(ir.IndexElement(column=col,
                                                                                descending=draw(st.booleans())),),
                                    where=draw(st.sampled_from([None, f"{_q(col)} IS NOT NULL"]))))
        for fk in fks:
            indexes.append(ir.Index(name=fresh("ix"), elements=(ir.IndexElement(column=fk.columns[0]),)))
        checks = []
        numeric = [c.name for c in columns[1:] if c.type.logical in {LogicalType.INTEGER, LogicalType.SMALLINT}
                   and not c.type.array_dims]
        if numeric and draw(st.booleans()):
            checks.append(ir.Check(name=fresh("ck"), expression=f"{_q(numeric[0])} >= 0"))
        tables.append(ir.Table(
            name=table_name, columns=tuple(columns), comment=draw(comment_st),
            primary_key=ir.PrimaryKey(("id",), name=fresh("pk")),
            foreign_keys=tuple(fks), uniques=tuple(uniques), indexes=tuple(indexes), checks=tuple(checks),
            tags=tuple(draw(st.lists(st.sampled_from(["junction", "lookup", "audited"]), max_size=2, unique=True))),
            group=draw(st.sampled_from([None, *[g.name for g in groups]])),
        ))
    schema = ir.Schema(name="random", tables=tuple(tables), enums=tuple(enums), groups=groups,
                       comment=draw(comment_st))
    problems = check_consistency(schema)
    assert not problems, problems
    return schema


def _q(name: str) -> str:
    from designer.core.identifiers import quote_identifier

    return quote_identifier(name)
