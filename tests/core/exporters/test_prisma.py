"""The Prisma exporter without Prisma: names, relations, and what goes to constraints.sql.

The conformance tests (tests/conformance/test_prisma.py) run the real toolchain; these pin the
decisions behind the output: how names are chosen, how relations are paired and named, and that
everything Prisma cannot declare is reported and written to constraints.sql.
"""

from __future__ import annotations

import re

import pytest

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.exporters import ExportResult, export
from designer.core.exporters.prisma import RESERVED_TYPE_NAMES, TYPE_MAP, PrismaExporter
from designer.core.types import ColumnType, LogicalType, enum_type, simple

SCHEMA, SQL = PrismaExporter.SCHEMA_PATH, PrismaExporter.SQL_PATH
BIGINT = simple(LogicalType.BIGINT)
ID = ir.Column("id", BIGINT, nullable=False)


def table(name: str, *columns: ir.Column, pk: tuple[str, ...] | None = ("id",), **kw: object) -> ir.Table:
    return ir.Table(name, columns=(ID, *columns) if pk == ("id",) else columns,
                    primary_key=ir.PrimaryKey(pk, f"{name}_pkey") if pk else None, **kw)  # type: ignore[arg-type]


def run(*tables: ir.Table, **kw: object) -> ExportResult:
    return export(ir.Schema("t", tables=tables, **kw), "prisma")  # type: ignore[arg-type]


def model(result: ExportResult, name: str) -> str:
    """The text of one model block."""
    match = re.search(rf"^model {name} \{{\n.*?^\}}\n", result.files[SCHEMA], re.M | re.S)
    assert match, f"no model {name} in\n{result.files[SCHEMA]}"
    return match.group(0)


def codes(result: ExportResult) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in result.diagnostics:
        out.setdefault(d.code, set()).add(d.path)
    return out


def test_every_logical_type_has_a_prisma_type() -> None:
    assert set(TYPE_MAP) == set(LogicalType)


# Names ------------------------------------------------------------------------------------------


def test_models_are_singular_pascal_case_and_fields_camel_case_mapped_to_the_real_names() -> None:
    result = run(table("workout_exercises", ir.Column("order_index", simple(LogicalType.INTEGER), nullable=False)))
    text = model(result, "WorkoutExercise")
    assert '@@map("workout_exercises")' in text
    assert re.search(r'orderIndex +Int +@map\("order_index"\)', text)
    assert '@map("id")' not in text  # a name that is already right is not mapped


def test_orm_names_win_over_the_derived_ones() -> None:
    col = ir.Column("usr_nm", simple(LogicalType.TEXT), orm_name="userName")
    text = model(run(table("t_usr", col, orm_name="Member")), "Member")
    assert '@@map("t_usr")' in text and re.search(r'userName +String\? +@map\("usr_nm"\)', text)


def test_names_prisma_reserves_or_that_collide_are_made_unique() -> None:
    result = run(table("strings"), table("user"), table("users"))
    names = re.findall(r"^model (\w+) \{", result.files[SCHEMA], re.M)
    assert len(set(names)) == 3 and not set(names) & RESERVED_TYPE_NAMES
    assert names[1:] == ["User", "User2"]


def test_names_that_are_not_identifiers_become_identifiers_and_keep_their_real_name_in_map() -> None:
    col = ir.Column('2nd "quoted"\nname', simple(LogicalType.TEXT))
    text = model(run(table("名前", col)), "Model")
    assert '@@map("名前")' in text
    assert re.search(r'^  field2NdQuotedName +String\? +@map\("2nd \\"quoted\\"\\nname"\)$', text, re.M)


def test_enum_values_that_are_not_identifiers_are_mapped() -> None:
    status = ir.Enum("order status", ("open", "on hold", "1st"))
    col = ir.Column("status", enum_type("order status"), nullable=False, default=ir.Default.literal("on hold"))
    result = run(table("orders", col), enums=(status,))
    text = result.files[SCHEMA]
    assert re.search(r'enum OrderStatus \{\n  open\n  on_hold +@map\("on hold"\)\n  v1_st +@map\("1st"\)\n\n'
                     r'  @@map\("order status"\)', text)
    assert "@default(on_hold)" in model(result, "Order")


def test_comments_become_doc_comments_line_by_line_and_go_to_the_database_in_sql() -> None:
    result = run(table("notes", comment="first line\nsecond */ line"))
    assert "/// first line\n/// second */ line\nmodel Note {" in result.files[SCHEMA]
    assert "COMMENT ON TABLE notes IS E'first line\\x0asecond */ line';" in result.files[SQL]
    assert codes(result)["prisma.comment-in-sql"] == {"notes"}


# Keys, defaults and types -------------------------------------------------------------------------


def test_keys_keep_their_names() -> None:
    pair = table("pairs", ir.Column("a", BIGINT, nullable=False), ir.Column("b", BIGINT, nullable=False),
                 pk=("a", "b"))
    assert '@@id([a, b], map: "pairs_pkey")' in model(run(pair), "Pair")
    assert '@id(map: "users_pkey")' in model(run(table("users")), "User")


def test_identity_is_declared_as_autoincrement_and_restored_in_sql() -> None:
    ident = ir.Column("id", BIGINT, nullable=False, identity=ir.Identity.ALWAYS)
    result = run(ir.Table("my things", (ident,), primary_key=ir.PrimaryKey(("id",))))
    assert re.search(r"id +BigInt +@id @default\(autoincrement\(\)\)", model(result, "MyThing"))
    sql = result.files[SQL]
    assert "EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('\"my things\"', 'id') || ' CASCADE';" in sql
    assert 'ALTER TABLE "my things" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;' in sql
    assert codes(result)["prisma.identity-as-serial"] == {"my things.id"}


@pytest.mark.parametrize(("column", "attribute"), [
    (ir.Column("at", simple(LogicalType.TIMESTAMPTZ), default=ir.Default.expression("now()")), "@default(now())"),
    (ir.Column("u", simple(LogicalType.UUID), default=ir.Default.expression("gen_random_uuid()")),
     '@default(dbgenerated("gen_random_uuid()"))'),
    (ir.Column("u", simple(LogicalType.UUID), default=ir.Default.client("uuid")), "@default(uuid())"),
    (ir.Column("n", simple(LogicalType.INTEGER), default=ir.Default.literal("42")), "@default(42)"),
    (ir.Column("b", simple(LogicalType.BOOLEAN), default=ir.Default.literal("TRUE")), "@default(true)"),
    (ir.Column("s", simple(LogicalType.TEXT), default=ir.Default.literal('it\'s "x"')), '@default("it\'s \\"x\\"")'),
    (ir.Column("j", simple(LogicalType.JSONB), default=ir.Default.literal("{}")), '@default("{}")'),
    (ir.Column("d", simple(LogicalType.DATE), default=ir.Default.expression("CURRENT_DATE")),
     '@default(dbgenerated("CURRENT_DATE"))'),
    (ir.Column("tags", simple(LogicalType.TEXT, array_dims=1), default=ir.Default.literal("{}")),
     '@default(dbgenerated("\'{}\'"))'),
    (ir.Column("m", simple(LogicalType.MONEY), default=ir.Default.literal("1")), '@default(dbgenerated("\'1\'"))'),
])
def test_defaults(column: ir.Column, attribute: str) -> None:
    assert attribute in model(run(table("rows", column)), "Row")


@pytest.mark.parametrize(("column_type", "prisma_type"), [
    (ColumnType(LogicalType.VARCHAR, length=255), "String? @db.VarChar(255)"),
    (ColumnType(LogicalType.NUMERIC, precision=10, scale=2), "Decimal? @db.Decimal(10, 2)"),
    (ColumnType(LogicalType.NUMERIC, precision=10), "Decimal? @db.Decimal(10, 0)"),
    (ColumnType(LogicalType.TIMESTAMP), "DateTime? @db.Timestamp"),  # plain DateTime would be timestamp(3)
    (ColumnType(LogicalType.TIMESTAMPTZ, precision=3), "DateTime? @db.Timestamptz(3)"),
    (ColumnType(LogicalType.INTERVAL), 'Unsupported("interval")?'),
    (ColumnType(LogicalType.INTEGER, array_dims=2), 'Unsupported("integer[][]")?'),
    (ColumnType(LogicalType.OTHER, native="daterange"), 'Unsupported("daterange")?'),
])
def test_native_types(column_type: ColumnType, prisma_type: str) -> None:
    text = model(run(table("rows", ir.Column("v", column_type))), "Row")
    assert re.search(r"^  v +" + r" +".join(map(re.escape, prisma_type.split(" "))) + "$", text, re.M), text


def test_a_not_null_array_is_made_not_null_in_sql() -> None:
    result = run(table("rows", ir.Column("tags", simple(LogicalType.TEXT, array_dims=1), nullable=False)))
    assert re.search(r"tags +String\[\]$", model(result, "Row"), re.M)
    assert "ALTER TABLE rows ALTER COLUMN tags SET NOT NULL;" in result.files[SQL]
    assert codes(result)["prisma.array-not-null"] == {"rows.tags"}


def test_updated_at_is_maintained_by_the_client_and_said_so() -> None:
    result = run(table("rows", ir.Column("updated_at", simple(LogicalType.TIMESTAMPTZ), nullable=False)))
    assert "@updatedAt" in model(result, "Row")
    assert codes(result)["prisma.updated-at"] == {"rows.updated_at"}


def test_a_generated_column_is_recreated_in_sql() -> None:
    col = ir.Column("n", simple(LogicalType.INTEGER), generated="length(name)")
    result = run(table("rows", ir.Column("name", simple(LogicalType.TEXT)), col))
    assert result.files[SQL].count("ALTER TABLE rows ") == 2
    assert "ADD COLUMN n integer GENERATED ALWAYS AS (length(name)) STORED;" in result.files[SQL]
    assert codes(result)["prisma.generated-column"] == {"rows.n"}


# Relations ---------------------------------------------------------------------------------------


def fk(name: str, column: str, ref: str, **kw: object) -> ir.ForeignKey:
    return ir.ForeignKey(name, (column,), ref, ("id",), **kw)  # type: ignore[arg-type]


def test_referential_actions_are_always_spelled_out() -> None:
    post = table("posts", ir.Column("user_id", BIGINT, nullable=False), foreign_keys=(fk("fk_u", "user_id", "users"),))
    text = model(run(table("users"), post), "Post")
    assert ('user   User   @relation(fields: [userId], references: [id], onDelete: NoAction, onUpdate: NoAction, '
            'map: "fk_u")') in text


def test_two_relations_to_one_table_are_named_on_both_sides() -> None:
    post = table("posts", ir.Column("author_id", BIGINT, nullable=False), ir.Column("editor_id", BIGINT),
                 foreign_keys=(fk("fk_a", "author_id", "accounts", on_delete=ir.Action.CASCADE),
                               fk("fk_e", "editor_id", "accounts", on_delete=ir.Action.SET_NULL)))
    result = run(table("accounts"), post)
    posts, accounts = model(result, "Post"), model(result, "Account")
    assert re.search(r'author +Account +@relation\("PostAuthor", fields: \[authorId\].*onDelete: Cascade', posts)
    assert re.search(r'editor +Account\? +@relation\("PostEditor", fields: \[editorId\].*onDelete: SetNull', posts)
    assert re.search(r'authorPosts +Post\[\] +@relation\("PostAuthor"\)', accounts)
    assert re.search(r'editorPosts +Post\[\] +@relation\("PostEditor"\)', accounts)


def test_a_self_reference_is_named_and_uses_the_designs_relation_names() -> None:
    emp = table("employees", ir.Column("manager_id", BIGINT),
                foreign_keys=(fk("fk_m", "manager_id", "employees", relation_name="manager",
                                 back_relation_name="reports"),))
    text = model(run(emp), "Employee")
    assert re.search(r'manager +Employee\? +@relation\("EmployeeManager", fields: \[managerId\]', text)
    assert re.search(r'reports +Employee\[\] +@relation\("EmployeeManager"\)', text)


def test_a_unique_foreign_key_is_one_to_one_and_a_junction_is_two_one_to_many() -> None:
    profile = table("profiles", ir.Column("user_id", BIGINT, nullable=False),
                    foreign_keys=(fk("fk_p", "user_id", "users"),),
                    uniques=(ir.Unique("uq_profiles_user", ("user_id",)),))
    tag = table("tags")
    link = ir.Table("user_tags", (ir.Column("user_id", BIGINT, nullable=False), ir.Column("tag_id", BIGINT,
                                                                                           nullable=False)),
                    primary_key=ir.PrimaryKey(("user_id", "tag_id")),
                    foreign_keys=(fk("fk_ut_u", "user_id", "users"), fk("fk_ut_t", "tag_id", "tags")))
    result = run(table("users"), profile, tag, link)
    users = model(result, "User")
    assert re.search(r"^  profile +Profile\?$", users, re.M)
    assert re.search(r"^  userTags +UserTag\[\]$", users, re.M)
    assert re.search(r"^  userTags +UserTag\[\]$", model(result, "Tag"), re.M)
    assert '@unique(map: "uq_profiles_user")' in model(result, "Profile")


# What goes to constraints.sql ---------------------------------------------------------------------


def test_checks_unique_constraints_and_deferrable_keys_are_completed_in_sql() -> None:
    t = table("rows", ir.Column("n", simple(LogicalType.INTEGER)), ir.Column("code", simple(LogicalType.TEXT)),
              ir.Column("parent_id", BIGINT),
              checks=(ir.Check("ck_n", "n > 0"),),
              uniques=(ir.Unique("uq_code", ("code",), nulls_not_distinct=True),),
              foreign_keys=(fk("fk_parent", "parent_id", "rows", deferrable=True, initially_deferred=True),))
    result = run(t)
    sql = result.files[SQL]
    assert "ALTER TABLE rows ADD CONSTRAINT ck_n CHECK (n > 0);" in sql
    assert "DROP INDEX uq_code;\nALTER TABLE rows ADD CONSTRAINT uq_code UNIQUE NULLS NOT DISTINCT (code);" in sql
    assert "ALTER TABLE rows ALTER CONSTRAINT fk_parent DEFERRABLE INITIALLY DEFERRED;" in sql
    found = codes(result)
    assert found["prisma.check-in-sql"] == {"rows.ck_n"}
    assert found["prisma.unique-constraint"] == {"rows.uq_code"}
    assert found["prisma.deferrable-fk"] == {"rows.fk_parent"}


def test_partial_indexes_use_the_preview_feature_unless_turned_off() -> None:
    t = table("rows", ir.Column("email", simple(LogicalType.TEXT)), ir.Column("deleted_at", simple(LogicalType.DATE)),
              uniques=(ir.Unique("uq_live", ("email",), where="deleted_at IS NULL"),),
              indexes=(ir.Index("ix_live", (ir.IndexElement("email", descending=True),), where="deleted_at IS NULL"),))
    schema = ir.Schema("t", tables=(t,))
    on = export(schema, "prisma")
    assert 'previewFeatures = ["partialIndexes"]' in on.files[SCHEMA]
    assert '@@unique([email], map: "uq_live", where: raw("deleted_at IS NULL"))' in on.files[SCHEMA]
    assert '@@index([email(sort: Desc)], map: "ix_live", where: raw("deleted_at IS NULL"))' in on.files[SCHEMA]
    off = export(schema, "prisma", {"partial_indexes": False})
    assert "previewFeatures" not in off.files[SCHEMA] and "where:" not in off.files[SCHEMA]
    assert "CREATE UNIQUE INDEX uq_live ON rows (email) WHERE deleted_at IS NULL;" in off.files[SQL]
    assert "CREATE INDEX ix_live ON rows (email DESC) WHERE deleted_at IS NULL;" in off.files[SQL]
    assert codes(off)["prisma.index-in-sql"] == {"rows.uq_live", "rows.ix_live"}


def test_indexes_prisma_cannot_declare_are_created_in_sql() -> None:
    t = table("rows", ir.Column("email", simple(LogicalType.TEXT)), ir.Column("n", simple(LogicalType.INTEGER)),
              indexes=(ir.Index("ix_lower", (ir.IndexElement(expression="lower(email)"),)),
                       ir.Index("ix_cover", (ir.IndexElement("n"),), include=("email",)),
                       ir.Index("ix_nulls", (ir.IndexElement("n", nulls=ir.NullsOrder.FIRST),)),
                       ir.Index("ux_ops", (ir.IndexElement("email", opclass="text_pattern_ops"),), unique=True),
                       ir.Index("ix_gin", (ir.IndexElement("email", opclass="gin_trgm_ops"),),
                                method=ir.IndexMethod.GIN)))
    result = run(t)
    assert codes(result)["prisma.index-in-sql"] == {"rows.ix_lower", "rows.ix_cover", "rows.ix_nulls", "rows.ux_ops"}
    assert '@@index([email(ops: raw("gin_trgm_ops"))], map: "ix_gin", type: Gin)' in model(result, "Row")


def test_a_table_without_a_key_is_ignored_by_the_client_but_still_migrated() -> None:
    result = run(table("log", ir.Column("line", simple(LogicalType.TEXT)), pk=None))
    assert "@@ignore" in model(result, "Log")
    assert codes(result)["prisma.model-ignored"] == {"log"}


def test_names_prisma_migrate_cannot_quote_are_errors() -> None:
    status = ir.Enum("status", ("it's", "ok"))
    t = table("rows", ir.Column('a"b', simple(LogicalType.TEXT)), ir.Column("s", enum_type("status")),
              indexes=(ir.Index('ix"', (ir.IndexElement('a"b'),)),),
              checks=(ir.Check('ck"', "true"),))  # a check lives in constraints.sql, quoted by us
    result = run(t, enums=(status,))
    errors = {(d.code, d.path) for d in result.diagnostics if d.level is Level.ERROR}
    assert errors == {("prisma.unsupported-name", 'rows.a"b'), ("prisma.unsupported-name", 'rows.ix"'),
                      ("prisma.unsupported-name", "status")}


def test_namespaces_are_declared_and_every_block_says_its_schema() -> None:
    inv = ir.Table("invoices", (ID,), namespace="billing", primary_key=ir.PrimaryKey(("id",)))
    result = run(table("users"), inv, namespaces=(ir.Namespace("billing"), ir.Namespace("archive")))
    text = result.files[SCHEMA]
    assert 'schemas  = ["billing", "public"]' in text
    assert '@@schema("billing")' in model(result, "Invoice") and '@@schema("public")' in model(result, "User")
    assert 'CREATE SCHEMA IF NOT EXISTS archive;' in result.files[SQL]


def test_output_is_deterministic() -> None:
    t = table("rows", ir.Column("n", simple(LogicalType.INTEGER)), checks=(ir.Check("ck", "n > 0"),))
    assert run(t) == run(t)


def test_sequence_defaults_become_autoincrement_or_sql() -> None:
    serial = ir.Column("n", simple(LogicalType.INTEGER), default=ir.Default.sequence("rows_n_seq"))
    shared = [ir.Column(c, BIGINT, nullable=False, default=ir.Default.sequence("tickets")) for c in ("a", "b")]
    result = run(table("rows", serial, *shared))
    assert re.search(r"^  n +Int\? +@default\(autoincrement\(\)\)$", model(result, "Row"), re.M)
    assert re.search(r"^  a +BigInt$", model(result, "Row"), re.M)  # the default is the database's, in SQL
    sql = result.files[SQL]
    assert "ALTER TABLE rows ALTER COLUMN n DROP NOT NULL;" in sql  # a serial is NOT NULL, the design's is not
    assert sql.count("CREATE SEQUENCE tickets AS bigint;") == 1
    assert "ALTER TABLE rows ALTER COLUMN b SET DEFAULT nextval('tickets'::regclass);" in sql
    found = codes(result)
    assert found["prisma.serial-not-null"] == {"rows.n"} and found["prisma.sequence-default"] == {"rows.a", "rows.b"}
