"""The Drizzle exporter without drizzle-kit: TypeScript names, builders, relations, constraints.sql.

The conformance tests (tests/conformance/test_drizzle.py) run tsc and drizzle-kit; these pin the
decisions behind the output and that names can never change what the module means.
"""

from __future__ import annotations

import re

import pytest

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.exporters import ExportResult, export
from designer.core.exporters.drizzle import JS_RESERVED, TYPE_MAP, DrizzleExporter, sql_template
from designer.core.types import ColumnType, LogicalType, enum_type, simple

SCHEMA, SQL = DrizzleExporter.SCHEMA_PATH, DrizzleExporter.SQL_PATH
BIGINT = simple(LogicalType.BIGINT)
ID = ir.Column("id", BIGINT, nullable=False)


def table(name: str, *columns: ir.Column, pk: tuple[str, ...] | None = ("id",), **kw: object) -> ir.Table:
    return ir.Table(name, columns=(ID, *columns) if pk == ("id",) else columns,
                    primary_key=ir.PrimaryKey(pk) if pk else None, **kw)  # type: ignore[arg-type]


def run(*tables: ir.Table, options: dict[str, str] | None = None, **kw: object) -> ExportResult:
    return export(ir.Schema("t", tables=tables, **kw), "drizzle", options)  # type: ignore[arg-type]


def declaration(result: ExportResult, const: str) -> str:
    """The text of one ``export const X = ...;`` declaration."""
    match = re.search(rf"^export const {const} = .*?^\)*\}}*\)*;\n", result.files[SCHEMA], re.M | re.S)
    assert match, f"no {const} in\n{result.files[SCHEMA]}"
    return match.group(0)


def codes(result: ExportResult) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in result.diagnostics:
        out.setdefault(d.code, set()).add(d.path)
    return out


def fk(name: str, column: str, ref: str, **kw: object) -> ir.ForeignKey:
    return ir.ForeignKey(name, (column,), ref, ("id",), **kw)  # type: ignore[arg-type]


def test_every_logical_type_has_a_builder_or_a_custom_type() -> None:
    assert set(TYPE_MAP) == set(LogicalType)


def test_sql_templates_keep_their_text_exactly() -> None:
    assert sql_template("a = 'x'") == "sql`a = 'x'`"
    assert sql_template("`${x}` \\n") == "sql`\\`\\${x}\\` \\\\n`"


# Names ----------------------------------------------------------------------------------------


def test_tables_are_camel_case_consts_with_their_real_names_as_strings() -> None:
    result = run(table("workout_exercises", ir.Column("order_index", simple(LogicalType.INTEGER), nullable=False)))
    text = declaration(result, "workoutExercises")
    assert 'pgTable(\n  "workout_exercises",' in text
    assert 'orderIndex: integer("order_index").notNull(),' in text
    assert "export type WorkoutExercise = typeof workoutExercises.$inferSelect;" in result.files[SCHEMA]
    assert "export type NewWorkoutExercise = typeof workoutExercises.$inferInsert;" in result.files[SCHEMA]


def test_reserved_words_imported_names_and_collisions_get_other_identifiers() -> None:
    result = run(table("delete"), table("sql"), table("integer"), table("Delete"), table("名前"))
    consts = re.findall(r"^export const (\w+) = pgTable", result.files[SCHEMA], re.M)
    assert len(set(consts)) == 5
    assert not set(consts) & (JS_RESERVED | {"sql", "integer", "pgTable", "table"})
    assert consts[0] == "deleteTable"


def test_row_types_never_shadow_the_global_types_the_module_uses() -> None:
    doc = ir.Column("doc", simple(LogicalType.JSONB), nullable=False, default=ir.Default.literal("{}"))
    text = run(table("records", doc)).files[SCHEMA]
    assert "$type<Record<string, unknown>>()" in text
    assert "export type Record2 = typeof records.$inferSelect;" in text


def test_hostile_names_are_string_literals_and_comments_cannot_close_early() -> None:
    col = ir.Column('a"b`${x}\n*/', simple(LogicalType.TEXT), comment="ends */ here\nsecond line")
    result = run(table("t`${y}", col, comment="*/ oops"))
    text = result.files[SCHEMA]
    assert 'pgTable(\n  "t`${y}",' in text
    assert 'aBX: text("a\\"b`${x}\\n*/"),' in text
    assert "/** *\\/ oops */" in text and "   * ends *\\/ here\n     * second line\n" in text


def test_column_keys_and_relation_keys_never_collide() -> None:
    post = table("posts", ir.Column("author", simple(LogicalType.TEXT)), ir.Column("author_id", BIGINT),
                 foreign_keys=(fk("fk_a", "author_id", "users"),))
    result = run(table("users"), post)
    keys = re.findall(r"^\s+(\w+): ", declaration(result, "posts") + declaration(result, "postsRelations"), re.M)
    assert len(keys) == len(set(keys))


# Columns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "builder"), [
    (ir.Column("v", ColumnType(LogicalType.VARCHAR, length=255)), 'varchar("v", { length: 255 })'),
    (ir.Column("v", ColumnType(LogicalType.NUMERIC, precision=10, scale=2)),
     'numeric("v", { precision: 10, scale: 2 })'),
    (ir.Column("v", ColumnType(LogicalType.TIMESTAMPTZ, precision=3)),
     'timestamp("v", { withTimezone: true, precision: 3 })'),
    (ir.Column("v", simple(LogicalType.BIGINT)), 'bigint("v", { mode: "number" })'),
    (ir.Column("v", simple(LogicalType.TEXT, array_dims=2)), 'text("v").array().array()'),
    (ir.Column("v", simple(LogicalType.JSONB), nullable=False, default=ir.Default.literal("{}")),
     'jsonb("v").$type<Record<string, unknown>>().notNull().default({})'),
    (ir.Column("v", simple(LogicalType.UUID), default=ir.Default.expression("gen_random_uuid()")),
     'uuid("v").defaultRandom()'),
    (ir.Column("v", simple(LogicalType.TIMESTAMP), default=ir.Default.expression("now()")),
     'timestamp("v").defaultNow()'),
    (ir.Column("v", simple(LogicalType.INTEGER), default=ir.Default.literal("0")), 'integer("v").default(0)'),
    (ir.Column("v", ColumnType(LogicalType.NUMERIC, precision=6, scale=2), default=ir.Default.literal("1.50")),
     'numeric("v", { precision: 6, scale: 2 }).default(sql`1.50`)'),
    (ir.Column("v", simple(LogicalType.TEXT), default=ir.Default.literal("it's")), 'text("v").default("it\'s")'),
    (ir.Column("v", simple(LogicalType.TEXT, array_dims=1), default=ir.Default.literal("{}")),
     "text(\"v\").array().default(sql`'{}'`)"),
    (ir.Column("v", simple(LogicalType.INTEGER), generated="id * 2"), 'integer("v").generatedAlwaysAs(sql`id * 2`)'),
    (ir.Column("v", simple(LogicalType.INTEGER), nullable=False, identity=ir.Identity.ALWAYS),
     'integer("v").notNull().generatedAlwaysAsIdentity()'),
])
def test_column_builders(column: ir.Column, builder: str) -> None:
    assert f"    v: {builder},\n" in declaration(run(table("rows", column)), "rows")


def test_bigint_mode_is_an_option() -> None:
    result = run(table("rows"), options={"bigint_mode": "bigint"})
    assert 'id: bigint("id", { mode: "bigint" }).primaryKey(),' in declaration(result, "rows")


def test_types_without_a_builder_are_declared_once_as_custom_types() -> None:
    period = ColumnType(LogicalType.OTHER, native="daterange")
    result = run(table("rows", ir.Column("a", period), ir.Column("b", period),
                       ir.Column("c", simple(LogicalType.BYTEA))))
    text = result.files[SCHEMA]
    assert text.count("customType<") == 2
    assert 'const daterange = customType<{ data: string }>({\n  dataType() {\n    return "daterange";' in text
    assert "const bytea = customType<{ data: Uint8Array }>" in text


def test_enums_and_namespaces() -> None:
    status = ir.Enum("status", ("open", "closed"), namespace="billing")
    inv = ir.Table("invoices", (ID, ir.Column("status", enum_type("status", "billing"), nullable=False,
                                              default=ir.Default.literal("open"))),
                   namespace="billing", primary_key=ir.PrimaryKey(("id",)))
    result = run(inv, enums=(status,), namespaces=(ir.Namespace("billing"),))
    text = result.files[SCHEMA]
    assert 'export const billingSchema = pgSchema("billing");' in text
    assert 'export const status = billingSchema.enum("status", ["open", "closed"]);' in text
    assert 'export const invoices = billingSchema.table(' in text
    assert 'status: status("status").notNull().default("open"),' in text


def test_a_sequence_default_declares_the_sequence() -> None:
    col = ir.Column("n", simple(LogicalType.INTEGER), default=ir.Default.sequence("ticket_numbers"))
    text = run(table("rows", col)).files[SCHEMA]
    assert 'export const ticketNumbers = pgSequence("ticket_numbers");' in text
    assert "n: integer(\"n\").default(sql`nextval('ticket_numbers'::regclass)`)," in text


# Constraints --------------------------------------------------------------------------------------


def test_constraints_keep_their_names() -> None:
    t = ir.Table("rows", (ID, ir.Column("a", BIGINT, nullable=False), ir.Column("code", simple(LogicalType.TEXT)),
                          ir.Column("parent_id", BIGINT)),
                 primary_key=ir.PrimaryKey(("id", "a"), "pk_rows"),
                 foreign_keys=(ir.ForeignKey("fk_parent", ("parent_id", "a"), "rows", ("id", "a"),
                                             on_delete=ir.Action.CASCADE),),
                 uniques=(ir.Unique("uq_code", ("code",), nulls_not_distinct=True),
                          ir.Unique("uq_live", ("code",), where="a > 0")),
                 checks=(ir.Check("ck_a", "a > 0"),))
    text = declaration(run(t), "rows")
    assert 'primaryKey({ name: "pk_rows", columns: [table.id, table.a] }),' in text
    assert ('foreignKey({ name: "fk_parent", columns: [table.parentId, table.a], foreignColumns: [table.id, table.a] })'
            '.onDelete("cascade").onUpdate("no action"),') in text
    assert 'unique("uq_code").on(table.code).nullsNotDistinct(),' in text
    assert 'uniqueIndex("uq_live").on(table.code).where(sql`a > 0`),' in text
    assert 'check("ck_a", sql`a > 0`),' in text


def test_an_unnamed_composite_key_gets_postgresqls_name_not_drizzles() -> None:
    pair = table("pairs", ir.Column("a", BIGINT, nullable=False), ir.Column("b", BIGINT, nullable=False), pk=("a", "b"))
    assert 'primaryKey({ name: "pairs_pkey", columns: [table.a, table.b] }),' in declaration(run(pair), "pairs")


def test_index_order_is_spelled_out_because_drizzle_kit_defaults_desc_to_nulls_last() -> None:
    t = table("rows", ir.Column("at", simple(LogicalType.DATE)), ir.Column("doc", simple(LogicalType.JSONB)),
              indexes=(ir.Index("ix_desc", (ir.IndexElement("at", descending=True),)),
                       ir.Index("ix_last", (ir.IndexElement("at", descending=True, nulls=ir.NullsOrder.LAST),)),
                       ir.Index("ix_first", (ir.IndexElement("at", nulls=ir.NullsOrder.FIRST),)),
                       ir.Index("ix_gin", (ir.IndexElement("doc", opclass="jsonb_path_ops"),),
                                method=ir.IndexMethod.GIN),
                       ir.Index("ix_expr", (ir.IndexElement(expression="lower(doc->>'a')"),), unique=True)))
    text = declaration(run(t), "rows")
    assert 'index("ix_desc").on(table.at.desc().nullsFirst()),' in text
    assert 'index("ix_last").on(table.at.desc().nullsLast()),' in text
    assert 'index("ix_first").on(table.at.asc().nullsFirst()),' in text
    assert 'index("ix_gin").using("gin", table.doc.op("jsonb_path_ops")),' in text
    assert "uniqueIndex(\"ix_expr\").on(sql`(lower(doc->>'a'))`)," in text


def test_what_drizzle_cannot_declare_goes_to_sql_with_a_diagnostic() -> None:
    t = table("rows", ir.Column("n", simple(LogicalType.INTEGER), comment="count"), ir.Column("m", BIGINT),
              ir.Column("code", simple(LogicalType.TEXT)),
              foreign_keys=(fk("fk_m", "m", "rows", deferrable=True),),
              uniques=(ir.Unique("uq_live", ("code",), where="n > 0", nulls_not_distinct=True),),
              indexes=(ir.Index("ix_cover", (ir.IndexElement("n"),), include=("code",)),))
    result = run(t)
    sql = result.files[SQL]
    assert "ALTER TABLE rows ALTER CONSTRAINT fk_m DEFERRABLE INITIALLY IMMEDIATE;" in sql
    assert "CREATE UNIQUE INDEX uq_live ON rows (code) NULLS NOT DISTINCT WHERE n > 0;" in sql
    assert "CREATE INDEX ix_cover ON rows (n) INCLUDE (code);" in sql
    assert "COMMENT ON COLUMN rows.n IS 'count';" in sql
    found = codes(result)
    assert found["drizzle.deferrable-fk"] == {"rows.fk_m"}
    assert found["drizzle.index-in-sql"] == {"rows.uq_live", "rows.ix_cover"}
    assert found["drizzle.comment-in-sql"] == {"rows.n"}
    assert '"uq_live"' not in result.files[SCHEMA] and '"ix_cover"' not in result.files[SCHEMA]


def test_a_foreign_key_to_a_unique_index_is_added_after_the_indexes() -> None:
    people = table("people", ir.Column("badge", simple(LogicalType.TEXT), nullable=False),
                   ir.Column("mentor", simple(LogicalType.TEXT)),
                   foreign_keys=(ir.ForeignKey("fk_mentor", ("mentor",), "people", ("badge",)),),
                   indexes=(ir.Index("ix_badge", (ir.IndexElement("badge"),), unique=True),))
    result = run(people)
    assert "fk_mentor" not in result.files[SCHEMA].split("Relations")[0]
    assert "ALTER TABLE people ADD CONSTRAINT fk_mentor FOREIGN KEY (mentor) REFERENCES people (badge);" in (
        result.files[SQL])
    assert codes(result)["drizzle.fk-in-sql"] == {"people.fk_mentor"}


def test_a_foreign_key_cycle_declares_the_callbacks_return_type() -> None:
    a = table("a", ir.Column("b_id", BIGINT), foreign_keys=(fk("fk_ab", "b_id", "b"),))
    b = table("b", ir.Column("a_id", BIGINT), foreign_keys=(fk("fk_ba", "a_id", "a"),))
    result = run(a, b)
    assert "(table): PgTableExtraConfigValue[] => [" in declaration(result, "a")
    assert 'import type { PgTableExtraConfigValue } from "drizzle-orm/pg-core";' in result.files[SCHEMA]


# Relations ---------------------------------------------------------------------------------------


def test_relations_pair_both_sides_and_name_the_ambiguous_ones() -> None:
    post = table("posts", ir.Column("author_id", BIGINT, nullable=False), ir.Column("editor_id", BIGINT),
                 foreign_keys=(fk("fk_a", "author_id", "accounts"), fk("fk_e", "editor_id", "accounts")))
    profile = table("profiles", ir.Column("account_id", BIGINT, nullable=False),
                    foreign_keys=(fk("fk_p", "account_id", "accounts"),),
                    uniques=(ir.Unique("uq_p", ("account_id",)),))
    result = run(table("accounts"), post, profile)
    posts, accounts = declaration(result, "postsRelations"), declaration(result, "accountsRelations")
    assert ('author: one(accounts, { fields: [posts.authorId], references: [accounts.id], '
            'relationName: "posts_author" }),') in posts
    assert 'authorPosts: many(posts, { relationName: "posts_author" }),' in accounts
    assert 'editorPosts: many(posts, { relationName: "posts_editor" }),' in accounts
    assert "  profile: one(profiles),\n" in accounts
    assert "relations(accounts, ({ many, one }) =>" in accounts


def test_unsupported_names_are_errors() -> None:
    t = table("rows", ir.Column('a"b', simple(LogicalType.TEXT)), ir.Column("c,d", simple(LogicalType.TEXT)),
              ir.Column("e,f", simple(LogicalType.TEXT)),
              uniques=(ir.Unique("uq;1", ("c,d",)),),
              checks=(ir.Check("ck", "'a;b' <> e"),))
    result = run(t)
    errors = {d.path for d in result.diagnostics if d.level is Level.ERROR}
    # "e,f" is in no key, so drizzle-kit never splits it.
    assert errors == {'rows.a"b', "rows.c,d", "rows.uq;1", "rows.ck"}
