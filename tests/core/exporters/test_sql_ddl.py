"""The SQL DDL exporter's text: quoting, escaping, ordering, cycles, partial uniques, guards.

These read the generated text; ``tests/integration/test_sql_export_postgres.py`` proves on a
real PostgreSQL that the text means what it should.
"""

from __future__ import annotations

import re

import pytest

from designer.core import ir
from designer.core.exporters import ExportError, export
from designer.core.exporters.sqlparts import dependency_order, dollar_quoted
from designer.core.types import ColumnType, LogicalType, enum_type

BIGINT = ColumnType(LogicalType.BIGINT)
TEXT = ColumnType(LogicalType.TEXT)


def table(name: str, *columns: ir.Column, namespace: str = "public", **kw: object) -> ir.Table:
    cols = (ir.Column("id", BIGINT, nullable=False), *columns)
    return ir.Table(name=name, namespace=namespace, columns=cols, primary_key=ir.PrimaryKey(("id",), f"{name}_pkey"),
                    **kw)  # type: ignore[arg-type]


def fk(name: str, column: str, ref: str, **kw: object) -> ir.ForeignKey:
    return ir.ForeignKey(name, (column,), ref, ("id",), **kw)  # type: ignore[arg-type]


def sql(schema: ir.Schema, **options: bool) -> str:
    return export(schema, "sql", options).main


def position(text: str, needle: str) -> int:
    at = text.find(needle)
    assert at >= 0, f"{needle!r} not in the output"
    return at


# Quoting and escaping ---------------------------------------------------------------------------


def test_reserved_and_mixed_case_names_are_quoted_and_plain_names_are_not() -> None:
    s = ir.Schema(tables=(table("order", ir.Column("user", BIGINT), ir.Column("Total", BIGINT),
                                ir.Column("amount", BIGINT)),))
    out = sql(s)
    assert 'CREATE TABLE "order" (' in out
    assert '    "user" bigint,' in out
    assert '    "Total" bigint,' in out
    assert "    amount bigint," in out


def test_double_quotes_in_names_are_doubled() -> None:
    s = ir.Schema(tables=(table('we"ird', ir.Column('co"l', TEXT)),))
    out = sql(s)
    assert 'CREATE TABLE "we""ird" (' in out
    assert '"co""l" text' in out


def test_comments_escape_quotes_backslashes_and_line_breaks() -> None:
    s = ir.Schema(tables=(table("t", ir.Column("c", TEXT, comment="it's a \\ back\nslash"), comment="plain 'quote'"),))
    out = sql(s)
    assert "COMMENT ON TABLE t IS 'plain ''quote''';" in out
    assert "COMMENT ON COLUMN t.c IS E'it''s a \\\\ back\\x0aslash';" in out


def test_a_comment_cannot_end_the_statement_or_start_a_new_one() -> None:
    hostile = "'; DROP TABLE t; --"
    s = ir.Schema(tables=(table("t", comment=hostile),))
    out = sql(s)
    assert "COMMENT ON TABLE t IS '''; DROP TABLE t; --';" in out
    assert out.count("DROP TABLE") == 1


def test_the_schema_name_and_comment_stay_on_their_comment_lines() -> None:
    s = ir.Schema(name="x\nDROP TABLE t;", comment="line one\nline two\u2028three", tables=(table("t"),))
    head = sql(s).split("BEGIN;")[0]
    assert all(line.startswith("--") for line in head.splitlines())


# Order, cycles, self-references ---------------------------------------------------------------


def test_tables_come_after_the_tables_they_reference() -> None:
    child = table("child", ir.Column("parent_id", BIGINT), foreign_keys=(fk("fk_child_parent", "parent_id", "parent"),))
    s = ir.Schema(tables=(child, table("parent")))
    out = sql(s)
    assert position(out, "CREATE TABLE parent") < position(out, "CREATE TABLE child")
    assert "CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)" in out
    assert "ALTER TABLE child" not in out


def test_a_cycle_is_closed_with_alter_table_after_both_tables() -> None:
    a = table("a", ir.Column("b_id", BIGINT), foreign_keys=(fk("fk_a_b", "b_id", "b"),))
    b = table("b", ir.Column("a_id", BIGINT), foreign_keys=(fk("fk_b_a", "a_id", "a"),))
    out = sql(ir.Schema(tables=(a, b)))
    create_a, create_b = position(out, "CREATE TABLE a ("), position(out, "CREATE TABLE b (")
    alter = position(out, "ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id);")
    assert create_a < create_b < alter
    assert "CONSTRAINT fk_b_a FOREIGN KEY (a_id) REFERENCES a (id)" in out[create_b:alter]


def test_a_self_reference_is_added_after_its_table_and_indexes() -> None:
    t = table("node", ir.Column("code", TEXT, nullable=False), ir.Column("parent_code", TEXT),
              foreign_keys=(ir.ForeignKey("fk_node_parent", ("parent_code",), "node", ("code",)),),
              indexes=(ir.Index("idx_node_code", (ir.IndexElement(column="code"),), unique=True),))
    out = sql(ir.Schema(tables=(t,)))
    assert position(out, "CREATE UNIQUE INDEX idx_node_code") < position(out, "ALTER TABLE node ADD CONSTRAINT "
                                                                               "fk_node_parent")


def test_dependency_order_keeps_the_users_order_and_defers_only_cycle_edges() -> None:
    a = table("a", ir.Column("c_id", BIGINT), foreign_keys=(fk("fk_a_c", "c_id", "c"),))
    b = table("b", ir.Column("b_id", BIGINT), foreign_keys=(fk("fk_b_self", "b_id", "b"),))
    c = table("c", ir.Column("a_id", BIGINT), foreign_keys=(fk("fk_c_a", "a_id", "a"),))
    d = table("d")
    order, deferred = dependency_order(ir.Schema(tables=(a, b, c, d)))
    assert [t.name for t in order] == ["b", "d", "a", "c"]
    assert deferred == {(("public", "a"), "fk_a_c")}


def test_dollar_quoting_picks_a_delimiter_the_body_does_not_hold() -> None:
    assert dollar_quoted("x") == "$$x$$"
    body = "it has $$ and $q1$ inside"
    quoted = dollar_quoted(body)
    delimiter = quoted[: quoted.index("$", 1) + 1]
    assert delimiter not in body and quoted == f"{delimiter}{body}{delimiter}"


# Types, enums, defaults, identity, generated --------------------------------------------------


def test_enums_in_another_namespace_are_created_after_their_schema_and_qualified_where_used() -> None:
    s = ir.Schema(
        namespaces=(ir.Namespace("billing", comment="money"),),
        enums=(ir.Enum("status", ("open", "it's"), namespace="billing", comment="state"),),
        tables=(table("invoices", ir.Column("status", enum_type("status", "billing"), nullable=False,
                                            default=ir.Default.literal("open"))),),
    )
    out = sql(s)
    create_type = "CREATE TYPE billing.status AS ENUM ('open', 'it''s');"
    assert position(out, "CREATE SCHEMA billing;") < position(out, create_type)
    assert "COMMENT ON SCHEMA billing IS 'money';" in out
    assert "COMMENT ON TYPE billing.status IS 'state';" in out
    assert "    status billing.status NOT NULL DEFAULT 'open'," in out


def test_identity_generated_and_defaults() -> None:
    t = ir.Table("t", columns=(
        ir.Column("id", BIGINT, nullable=False, identity=ir.Identity.ALWAYS),
        ir.Column("n", ColumnType(LogicalType.INTEGER), nullable=False, identity=ir.Identity.BY_DEFAULT),
        ir.Column("body", TEXT, nullable=False, default=ir.Default.literal("")),
        ir.Column("size", ColumnType(LogicalType.INTEGER), generated="length(body)"),
        ir.Column("at", ColumnType(LogicalType.TIMESTAMPTZ), default=ir.Default.expression("now()")),
        ir.Column("ok", ColumnType(LogicalType.BOOLEAN), default=ir.Default.literal("TRUE")),
    ))
    out = sql(ir.Schema(tables=(t,)))
    assert "    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL," in out
    assert "    n integer GENERATED BY DEFAULT AS IDENTITY NOT NULL," in out
    assert "    body text NOT NULL DEFAULT ''," in out
    assert "    size integer GENERATED ALWAYS AS (length(body)) STORED," in out
    assert "    at timestamptz DEFAULT now()," in out
    assert "    ok boolean DEFAULT true\n" in out


def test_sequence_defaults_create_the_sequence_first_and_own_it_when_it_is_serial_named() -> None:
    t = table("t", ir.Column("code", ColumnType(LogicalType.INTEGER), default=ir.Default.sequence("t_code_seq")),
              ir.Column("shared", BIGINT, default=ir.Default.sequence("numbers")))
    u = table("u", ir.Column("shared", BIGINT, default=ir.Default.sequence("numbers")))
    out = sql(ir.Schema(tables=(t, u)))
    assert position(out, "CREATE SEQUENCE t_code_seq AS integer;") < position(out, "CREATE TABLE t")
    assert "CREATE SEQUENCE numbers AS bigint;" in out
    assert "    code integer DEFAULT nextval('t_code_seq'::regclass)," in out
    assert "ALTER SEQUENCE t_code_seq OWNED BY t.code;" in out
    assert "OWNED BY t.shared" not in out and "OWNED BY u.shared" not in out


def test_a_client_side_default_is_reported_not_written() -> None:
    t = table("t", ir.Column("token", ColumnType(LogicalType.UUID), default=ir.Default.client("uuid")))
    result = export(ir.Schema(tables=(t,)), "sql")
    assert "    token uuid,\n" in result.main
    assert [d.code for d in result.diagnostics] == ["sql.client-default"]
    assert result.diagnostics[0].path == "t.token"


# Constraints and indexes ----------------------------------------------------------------------


def test_constraints_are_named_and_foreign_keys_carry_actions_and_deferral() -> None:
    parent = table("parent")
    child = table("child", ir.Column("parent_id", BIGINT), ir.Column("qty", BIGINT),
                  foreign_keys=(fk("fk_child_parent", "parent_id", "parent", on_delete=ir.Action.SET_NULL,
                                   on_update=ir.Action.CASCADE, deferrable=True, initially_deferred=True),),
                  uniques=(ir.Unique("uniq_child_qty", ("qty",), nulls_not_distinct=True),),
                  checks=(ir.Check("chk_child_qty", "qty > 0"),))
    out = sql(ir.Schema(tables=(parent, child)))
    assert "    CONSTRAINT child_pkey PRIMARY KEY (id)," in out
    assert "    CONSTRAINT uniq_child_qty UNIQUE NULLS NOT DISTINCT (qty)," in out
    assert "    CONSTRAINT chk_child_qty CHECK (qty > 0)," in out
    assert ("    CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL "
            "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED\n") in out


def test_a_partial_unique_rule_becomes_a_unique_index_with_where() -> None:
    t = table("users", ir.Column("email", TEXT), ir.Column("deleted_at", ColumnType(LogicalType.TIMESTAMPTZ)),
              uniques=(ir.Unique("uniq_users_email", ("email",), where="deleted_at IS NULL", nulls_not_distinct=True),))
    out = sql(ir.Schema(tables=(t,)))
    assert "CREATE UNIQUE INDEX uniq_users_email ON users (email) NULLS NOT DISTINCT WHERE deleted_at IS NULL;" in out
    assert "CONSTRAINT uniq_users_email" not in out


def test_index_method_expressions_order_opclass_include_and_where() -> None:
    t = table("docs", ir.Column("title", TEXT), ir.Column("body", ColumnType(LogicalType.JSONB)),
              ir.Column("at", ColumnType(LogicalType.TIMESTAMPTZ)),
              indexes=(
                  ir.Index("ix_gin", (ir.IndexElement(column="body", opclass="jsonb_path_ops"),),
                           method=ir.IndexMethod.GIN),
                  ir.Index("ix_lower", (ir.IndexElement(expression="lower(title)"),), unique=True),
                  ir.Index("ix_recent", (ir.IndexElement(column="at", descending=True, nulls=ir.NullsOrder.LAST),),
                           include=("title",), where="at IS NOT NULL"),
              ))
    out = sql(ir.Schema(tables=(t,)))
    assert "CREATE INDEX ix_gin ON docs USING gin (body jsonb_path_ops);" in out
    assert "CREATE UNIQUE INDEX ix_lower ON docs ((lower(title)));" in out
    assert "CREATE INDEX ix_recent ON docs (at DESC NULLS LAST) INCLUDE (title) WHERE at IS NOT NULL;" in out


# The idempotent variant -----------------------------------------------------------------------


def test_idempotent_uses_if_not_exists_and_guards_types_and_constraints_in_the_catalog() -> None:
    s = ir.Schema(
        namespaces=(ir.Namespace("billing"),),
        enums=(ir.Enum("status", ("a",)),),
        tables=(table("invoices", namespace="billing", checks=(ir.Check("chk_x", "id > 0"),)),),
    )
    out = sql(s, idempotent=True)
    assert "CREATE SCHEMA IF NOT EXISTS billing;" in out
    assert "CREATE TABLE IF NOT EXISTS billing.invoices (" in out
    assert "WHERE t.typname = 'status' AND n.nspname = current_schema()" in out
    guard = out[position(out, "c.conname = 'chk_x'"):position(out, "ADD CONSTRAINT chk_x")]
    assert "r.relname = 'invoices'" in guard and "n.nspname = 'billing'" in guard
    assert "information_schema" not in out
    assert "ALTER TABLE billing.invoices ADD CONSTRAINT chk_x CHECK (id > 0);" in out


def test_idempotent_guards_survive_a_dollar_quote_inside_a_name() -> None:
    s = ir.Schema(tables=(table("t$$x", checks=(ir.Check("chk$$", "id > 0"),)),))
    out = sql(s, idempotent=True)
    for block in re.findall(r"DO (\$\w*\$)", out):
        assert block != "$$"


def test_idempotent_index_uses_if_not_exists() -> None:
    t = table("t", ir.Column("x", TEXT), indexes=(ir.Index("ix_t_x", (ir.IndexElement(column="x"),)),),
              uniques=(ir.Unique("uq_t_x", ("x",), where="x <> ''"),))
    out = sql(ir.Schema(tables=(t,)), idempotent=True)
    assert "CREATE INDEX IF NOT EXISTS ix_t_x ON t (x);" in out
    assert "CREATE UNIQUE INDEX IF NOT EXISTS uq_t_x ON t (x) WHERE x <> '';" in out


@pytest.mark.parametrize("value", [False, "false", "0", "no"])
def test_idempotent_off_is_the_plain_script(value: object) -> None:
    s = ir.Schema(tables=(table("t"),))
    assert export(s, "sql", {"idempotent": value}).main == sql(s)  # type: ignore[dict-item]


def _cycle_with_extras() -> ir.Schema:
    """Two tables in a cycle, a sequence default with its owner and comments: every part of the script."""
    a = table("a", ir.Column("b_id", BIGINT), ir.Column("n", BIGINT, default=ir.Default.sequence("a_n_seq")),
              foreign_keys=(fk("fk_a_b", "b_id", "b"),), comment="A.")
    b = table("b", ir.Column("a_id", BIGINT), foreign_keys=(fk("fk_b_a", "a_id", "a"),))
    return ir.Schema(tables=(a, b))


def test_the_script_is_one_transaction_by_default() -> None:
    lines = sql(_cycle_with_extras()).splitlines()
    assert lines.count("BEGIN;") == 1 and lines[-1] == "COMMIT;"
    assert lines.index("BEGIN;") < min(i for i, line in enumerate(lines) if line.startswith("CREATE"))


@pytest.mark.parametrize("idempotent", [False, True])
def test_transaction_off_leaves_out_begin_and_commit_and_changes_nothing_else(idempotent: bool) -> None:
    """Thousands of tables in one transaction exceed the server's lock table: the option drops only the wrapping."""
    s = _cycle_with_extras()
    wrapped = sql(s, idempotent=idempotent)
    bare = sql(s, idempotent=idempotent, transaction=False)
    assert "BEGIN;" not in bare.splitlines() and "COMMIT;" not in bare.splitlines()
    note = "-- Not one transaction: a statement that fails leaves the ones before it done.\n"
    assert bare.count(note) == 1 and bare.index(note) < bare.index("CREATE")
    assert bare.replace(note, "") == wrapped.replace("\nBEGIN;\n", "\n", 1).removesuffix("\nCOMMIT;\n")
    assert bare.endswith(";\n") and not bare.endswith("\n\n")


@pytest.mark.parametrize("value", [True, "true", "yes"])
def test_transaction_on_is_the_default_script(value: object) -> None:
    s = _cycle_with_extras()
    assert export(s, "sql", {"transaction": value}).main == sql(s)  # type: ignore[dict-item]


def test_the_transaction_option_says_when_to_turn_it_off() -> None:
    from designer.core.exporters import get_exporter

    option = get_exporter("sql").OPTIONS["transaction"]
    assert option.default is True
    assert "BEGIN/COMMIT" in option.help and "max_locks_per_transaction" in option.help


def test_an_unknown_option_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ExportError, match="idempotent"):
        export(ir.Schema(tables=(table("t"),)), "sql", {"idempotant": True})
