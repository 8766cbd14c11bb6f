"""The SQL importer on hand-written DDL and pg_dump-style scripts (no database needed)."""

from __future__ import annotations

import pytest

from designer.core import ir
from designer.core.importers import ImportFailed, import_source
from designer.core.importers.sqlscript import clean_script
from designer.core.types import LogicalType


def load(sql: str) -> ir.Schema:
    return import_source(sql, "sql").schema


def table(schema: ir.Schema, path: str) -> ir.Table:
    found = schema.find_table(path)
    assert found is not None, f"no table {path}"
    return found


def test_columns_types_defaults_and_nullability() -> None:
    s = load("""
        CREATE TYPE mood AS ENUM ('ok', 'sad');
        CREATE TABLE t (
            id bigserial PRIMARY KEY,
            code character varying(12) NOT NULL DEFAULT ''::character varying,
            price numeric(10, 2) DEFAULT 0,
            at timestamp(3) with time zone DEFAULT now(),
            flags boolean[] ,
            m mood DEFAULT 'ok'::mood,
            doc jsonb NOT NULL DEFAULT '{}'::jsonb,
            n integer DEFAULT -1,
            geo point,
            c "char",
            total integer GENERATED ALWAYS AS (n * 2) STORED,
            k integer GENERATED ALWAYS AS IDENTITY
        );""")
    t = table(s, "t")
    cols = {c.name: c for c in t.columns}
    assert cols["id"].type.logical is LogicalType.BIGINT
    assert cols["id"].default == ir.Default.sequence("t_id_seq") and not cols["id"].nullable
    assert cols["code"].type.sql == "varchar(12)" and cols["code"].default == ir.Default.literal("")
    assert cols["price"].type.sql == "numeric(10,2)" and cols["price"].default == ir.Default.literal("0")
    assert cols["at"].type.sql == "timestamptz(3)" and cols["at"].default == ir.Default.expression("now()")
    assert cols["flags"].type.sql == "boolean[]" and cols["flags"].nullable
    assert cols["m"].type.enum == "mood" and cols["m"].default == ir.Default.literal("ok")
    assert cols["doc"].default == ir.Default.literal("{}") and not cols["doc"].nullable
    assert cols["n"].default == ir.Default.literal("-1")
    assert cols["geo"].type.logical is LogicalType.OTHER and cols["geo"].type.native == "point"
    assert cols["c"].type.native == '"char"'
    assert cols["total"].generated == "n * 2"
    assert cols["k"].identity is ir.Identity.ALWAYS and not cols["k"].nullable


def test_constraints_get_postgresql_default_names_and_canonical_forms() -> None:
    s = load("""
        CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, age int CHECK (age>0), boss int REFERENCES users,
                            deleted_at timestamptz, CHECK (email <> ''));
        CREATE UNIQUE INDEX ON users (email) WHERE deleted_at IS NULL;
        CREATE UNIQUE INDEX users_lower ON users (lower(email));
        CREATE UNIQUE INDEX users_plain ON users (age);
        CREATE INDEX ON users USING gin (to_tsvector('simple', email));
    """)
    t = table(s, "users")
    assert t.primary_key == ir.PrimaryKey(("id",), "users_pkey")
    assert [u.name for u in t.uniques] == ["users_email_key", "users_email_idx"]
    assert t.uniques[1].where == "deleted_at IS NULL"  # a partial unique index over columns is a Unique
    assert [(c.name, c.expression) for c in t.checks] == [("users_age_check", "age > 0"),
                                                          ("users_email_check", "email <> ''")]
    assert t.foreign_keys[0].name == "users_boss_fkey" and t.foreign_keys[0].ref_columns == ("id",)
    by_name = {i.name: i for i in t.indexes}
    assert by_name["users_lower"].unique and by_name["users_lower"].elements[0].expression == "lower(email)"
    assert by_name["users_plain"].unique and by_name["users_plain"].columns == ("age",)
    assert by_name["users_to_tsvector_idx"].method is ir.IndexMethod.GIN


def test_index_details_are_kept() -> None:
    s = load("""
        CREATE TABLE t (a int, b text, c int);
        CREATE INDEX t_x ON ONLY t USING btree (a DESC NULLS LAST, b text_pattern_ops) INCLUDE (c) WHERE (c > 1);
    """)
    (index,) = table(s, "t").indexes
    assert index.elements == (ir.IndexElement(column="a", descending=True, nulls=ir.NullsOrder.LAST),
                              ir.IndexElement(column="b", opclass="text_pattern_ops"))
    assert index.include == ("c",) and index.where == "c > 1"


def test_alter_table_comments_and_namespaces_as_pg_dump_writes_them() -> None:
    s = load("""
        SELECT pg_catalog.set_config('search_path', '', false);
        CREATE SCHEMA billing;
        COMMENT ON SCHEMA billing IS 'money';
        CREATE TYPE billing.state AS ENUM ('open', 'paid');
        COMMENT ON TYPE billing.state IS 'states';
        CREATE TABLE public.a (id bigint NOT NULL);
        CREATE TABLE billing.inv (id integer NOT NULL, a_id bigint, s billing.state DEFAULT 'open'::billing.state);
        CREATE SEQUENCE billing.inv_id_seq AS integer START WITH 1;
        ALTER SEQUENCE billing.inv_id_seq OWNED BY billing.inv.id;
        ALTER TABLE ONLY billing.inv ALTER COLUMN id SET DEFAULT nextval('billing.inv_id_seq'::regclass);
        ALTER TABLE public.a ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
            SEQUENCE NAME public.a_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1);
        ALTER TABLE ONLY public.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY billing.inv ADD CONSTRAINT inv_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY billing.inv ADD CONSTRAINT inv_a_fk FOREIGN KEY (a_id) REFERENCES public.a(id)
            ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
        COMMENT ON TABLE billing.inv IS 'invoices';
        COMMENT ON COLUMN billing.inv.a_id IS 'who';
        ALTER TABLE public.a OWNER TO postgres;
    """)
    assert s.namespaces == (ir.Namespace("billing", "money"),)
    assert s.enums == (ir.Enum("state", ("open", "paid"), "billing", "states"),)
    inv = table(s, "billing.inv")
    assert inv.comment == "invoices" and inv.column("a_id").comment == "who"  # type: ignore[union-attr]
    assert inv.column("id").default == ir.Default.expression(  # type: ignore[union-attr]
        "nextval(CAST('billing.inv_id_seq' AS regclass))")
    assert inv.column("s").type.enum_namespace == "billing"  # type: ignore[union-attr]
    (fk,) = inv.foreign_keys
    assert (fk.ref_namespace, fk.ref_table, fk.on_delete, fk.deferrable, fk.initially_deferred) == (
        "public", "a", ir.Action.CASCADE, True, True)
    a = table(s, "a")
    assert a.column("id").identity is ir.Identity.BY_DEFAULT  # type: ignore[union-attr]
    assert a.primary_key == ir.PrimaryKey(("id",), "a_pkey")


def test_search_path_decides_where_unqualified_names_go() -> None:
    s = load("""
        CREATE SCHEMA app;
        SET search_path TO app, public;
        CREATE TYPE kind AS ENUM ('x');
        CREATE TABLE things (id int PRIMARY KEY, k kind);
        CREATE TABLE public.others (id int PRIMARY KEY, thing_id int REFERENCES things);
    """)
    assert table(s, "app.things").column("k").type.enum_namespace == "app"  # type: ignore[union-attr]
    assert table(s, "others").foreign_keys[0].ref_namespace == "app"


def test_skipped_statements_are_counted_by_kind_never_silently() -> None:
    result = import_source("""
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        CREATE TABLE t (id int PRIMARY KEY);
        INSERT INTO t VALUES (1);
        INSERT INTO t VALUES (2);
        CREATE VIEW v AS SELECT * FROM t;
        COMMENT ON VIEW v IS 'a view';
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
        GRANT SELECT ON t TO PUBLIC;
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        CREATE POLICY p ON t USING (true);
    """, "sql")
    assert result.summary.tables == 1
    assert result.summary.skipped == {
        "ALTER TABLE ENABLE ROW SECURITY": 1, "COMMENT ON VIEW": 1, "CREATE EXTENSION": 1, "CREATE FUNCTION": 1,
        "CREATE POLICY": 1, "CREATE TRIGGER": 1, "CREATE VIEW": 1, "GRANT": 1, "INSERT": 2}
    assert {d.code for d in result.diagnostics} == {"sql.skipped"}
    assert any("INSERT (2 times)" in d.message for d in result.diagnostics)


def test_psql_meta_commands_and_copy_data_are_skipped_with_line_numbers_kept() -> None:
    script = "\\restrict abc\nCREATE TABLE t (a int, b text);\nCOPY t (a, b) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\n" \
             "\\connect other\nCREATE TABLE u (a int,, b int);\n"
    cleaned, removed = clean_script(script)
    assert cleaned.count("\n") == script.count("\n")
    assert [(m.command, m.line) for m in removed] == [("\\restrict", 1), ("COPY data", 4), ("\\connect", 7)]
    with pytest.raises(ImportFailed) as failure:
        import_source({"dump.sql": script}, "sql")
    assert (failure.value.file, failure.value.line, failure.value.column) == ("dump.sql", 8, 23)
    assert "CREATE TABLE u (a int,, b int);" in str(failure.value)


def test_meta_commands_inside_strings_and_dollar_quotes_are_not_touched() -> None:
    script = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$\n\\connect not-a-command\n$body$;\n" \
             "CREATE TABLE t (a text DEFAULT E'x\\'\n\\y');\n"
    cleaned, removed = clean_script(script)
    assert cleaned == script and removed == []
    assert load(script).tables[0].columns[0].default == ir.Default.literal("x'\ny")  # E'' escapes


@pytest.mark.parametrize(("sql", "message", "line"), [
    ("CREATE TABLE a (id int);\nALTER TABLE b ADD COLUMN x int;", "table b does not exist", 2),
    ("CREATE TABLE a (id int);\nCREATE TABLE a (id int);", "table a is created twice", 2),
    ("CREATE TABLE a (id int, b_id int REFERENCES b);", "references table b", 1),
    ("CREATE TABLE a (id int, x int);\nCREATE INDEX ON a (y);", "does not have", 2),
    ("CREATE TABLE a (id numeric(2000));", "numeric precision", 1),
])
def test_errors_say_where_and_why(sql: str, message: str, line: int) -> None:
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.sql": sql}, "sql")
    assert message in str(failure.value)
    assert failure.value.file == "s.sql" and failure.value.line == line


def test_partitions_are_skipped_and_the_parent_kept_with_a_warning() -> None:
    result = import_source("""
        CREATE TABLE m (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        ALTER TABLE ONLY m_2024 ADD CONSTRAINT m_2024_pkey PRIMARY KEY (id, at);
        CREATE INDEX ON m_2024 (at);
    """, "sql")
    assert [t.name for t in result.schema.tables] == ["m"]
    assert result.summary.skipped["CREATE TABLE ... PARTITION OF"] == 1
    assert result.summary.skipped["ALTER TABLE on a partition"] == 1
    assert result.summary.skipped["CREATE INDEX on a partition"] == 1
    assert any("PARTITION BY" in d.message for d in result.warnings)


def test_migrations_in_order_rename_and_drop() -> None:
    s = import_source({
        "001.sql": "CREATE TABLE a (id int PRIMARY KEY, name text, tmp int);"
                   "CREATE TABLE b (id int, a int REFERENCES a);",
        "002.sql": "ALTER TABLE a RENAME COLUMN name TO title; ALTER TABLE a DROP COLUMN tmp;"
                   "ALTER TABLE a RENAME TO articles; CREATE INDEX ON articles (lower(title));"
                   "ALTER TABLE b ALTER COLUMN a SET NOT NULL;",
    }, "sql").schema
    articles = table(s, "articles")
    assert [c.name for c in articles.columns] == ["id", "title"]
    assert articles.indexes[0].elements[0].expression == "lower(title)"
    assert table(s, "b").foreign_keys[0].ref_table == "articles"
    assert not table(s, "b").column("a").nullable  # type: ignore[union-attr]
