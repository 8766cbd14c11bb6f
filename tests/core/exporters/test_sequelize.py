"""The Sequelize exporter without node or a database: what the generated code says.

The conformance tests run it (``node --check``, the migration, ``sync()``); these pin the
decisions: which types are DataTypes and which are written by name, which defaults are plain
values, when a statement falls back to SQL, what the associations say.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.core import ir
from designer.core.exporters import export, sequelize
from designer.core.exporters.naming import js_string
from designer.core.exporters.sequelize import (
    INDEX_PATH,
    MIGRATION_PATH,
    TYPE_MAP,
    SequelizeExporter,
    js_key,
    js_object,
)
from designer.core.types import ColumnType, LogicalType, enum_type, simple

ID = ir.Column("id", simple(LogicalType.BIGINT), nullable=False, identity=ir.Identity.BY_DEFAULT)


def table(name: str, *columns: ir.Column, pk: tuple[str, ...] = ("id",), **kw: object) -> ir.Table:
    return ir.Table(name, columns=columns, primary_key=ir.PrimaryKey(pk) if pk else None, **kw)  # type: ignore[arg-type]


def files(schema: ir.Schema) -> dict[str, str]:
    return export(schema, "sequelize").files


def codes(schema: ir.Schema) -> list[str]:
    return [d.code for d in export(schema, "sequelize").diagnostics]


def test_every_logical_type_is_mapped() -> None:
    assert set(TYPE_MAP) == set(LogicalType)


@pytest.mark.parametrize(("column_type", "expected"), [
    (ColumnType(LogicalType.VARCHAR, length=20), "DataTypes.STRING(20)"),
    (ColumnType(LogicalType.VARCHAR), '"varchar"'),  # STRING alone would be varchar(255)
    (ColumnType(LogicalType.NUMERIC, precision=10, scale=2), "DataTypes.DECIMAL(10, 2)"),
    (ColumnType(LogicalType.NUMERIC), "DataTypes.DECIMAL"),
    (ColumnType(LogicalType.TIMESTAMPTZ), "DataTypes.DATE"),
    (ColumnType(LogicalType.TIMESTAMPTZ, precision=3), '"timestamptz(3)"'),
    (ColumnType(LogicalType.TIMESTAMP), '"timestamp"'),
    (ColumnType(LogicalType.INTEGER, array_dims=2), "DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INTEGER))"),
    (enum_type("mood", array_dims=1), '"mood[]"'),
    (enum_type("Mood", "sales"), '"sales.\\"Mood\\""'),
    (ColumnType(LogicalType.BYTEA), "DataTypes.BLOB"),
    (ColumnType(LogicalType.OTHER, native="citext"), '"citext"'),
])
def test_data_types(column_type: ColumnType, expected: str) -> None:
    assert SequelizeExporter.data_type(column_type, "DataTypes") == expected


@pytest.mark.parametrize(("column", "expected"), [
    (ir.Column("n", simple(LogicalType.INTEGER), default=ir.Default.literal("42")), "42"),
    (ir.Column("b", simple(LogicalType.BOOLEAN), default=ir.Default.literal("false")), "false"),
    (ir.Column("s", simple(LogicalType.TEXT), default=ir.Default.literal("it's")), '"it\'s"'),
    (ir.Column("d", ColumnType(LogicalType.NUMERIC), default=ir.Default.literal("1.50")), 'Sequelize.literal("1.50")'),
    (ir.Column("j", simple(LogicalType.JSONB), default=ir.Default.literal("{}")), "Sequelize.literal(\"'{}'\")"),
    (ir.Column("t", simple(LogicalType.TIMESTAMPTZ), default=ir.Default.expression("now()")), 'Sequelize.fn("now")'),
    (ir.Column("a", simple(LogicalType.DATE), default=ir.Default.expression("CURRENT_DATE")),
     'Sequelize.literal("CURRENT_DATE")'),
])
def test_database_defaults(column: ir.Column, expected: str) -> None:
    exporter = SequelizeExporter(ir.Schema())
    assert exporter.database_default(column) == expected


def test_js_literals_keep_names_inert() -> None:
    assert js_key("order") == "order"
    assert js_key("group by") == '"group by"'
    assert js_key("${x}`") == '"${x}`"'
    assert js_object([("a", "1"), ("sequelize", "sequelize")], "") == "{ a: 1, sequelize }"


def test_timestamps_and_paranoid_follow_the_columns_the_table_has() -> None:
    stamp = simple(LogicalType.TIMESTAMPTZ)
    full = table("posts", ID, ir.Column("created_at", stamp, nullable=False), ir.Column("updated_at", stamp),
                 ir.Column("deleted_at", stamp))
    soft = table("notes", ID, ir.Column("deleted_at", stamp), ir.Column("updated_at", simple(LogicalType.DATE)))
    out = files(ir.Schema(tables=(full, soft)))
    post = out["models/post.js"]
    for line in ('timestamps: true,', 'createdAt: "createdAt",', 'updatedAt: "updatedAt",', 'deletedAt: "deletedAt",',
                 'paranoid: true,', 'createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false },'):
        assert line in post
    note = out["models/note.js"]
    assert 'createdAt: false,' in note and 'updatedAt: false,' in note and 'paranoid: true,' in note
    # A date is no timestamp: the column stays an ordinary attribute, Sequelize does not touch it.
    assert 'updatedAt: { type: DataTypes.DATEONLY, field: "updated_at" }' in note


def test_table_without_primary_key_loses_the_implicit_id() -> None:
    log = table("log", ir.Column("id", simple(LogicalType.TEXT)), pk=())
    model = files(ir.Schema(tables=(log,)))["models/log.js"]
    assert 'id2: { type: DataTypes.TEXT, field: "id" },' in model
    assert 'Log.removeAttribute("id");' in model


def test_associations_spell_out_actions_and_late_keys_have_no_constraint() -> None:
    a = table("a", ID, ir.Column("b_id", simple(LogicalType.BIGINT)),
              foreign_keys=(ir.ForeignKey("fk_a_b", ("b_id",), "b", ("id",), on_delete=ir.Action.SET_NULL),))
    b = table("b", ID, ir.Column("a_id", simple(LogicalType.BIGINT), nullable=False),
              foreign_keys=(ir.ForeignKey("fk_b_a", ("a_id",), "a", ("id",)),))
    schema = ir.Schema(tables=(a, b))
    index = files(schema)[INDEX_PATH]
    # a.b_id closes the cycle: sync() cannot create it with table a.
    assert 'A.belongsTo(B, { as: "b", foreignKey: "bId", targetKey: "id", constraints: false });' in index
    assert ('B.belongsTo(A, { as: "a", foreignKey: "aId", targetKey: "id", onDelete: "NO ACTION", '
            'onUpdate: "NO ACTION" });') in index
    assert "sequelize.sync-late-fk" in codes(schema)


def test_junction_gives_belongs_to_many_through_its_model() -> None:
    posts, tags = table("posts", ID), table("tags", ID)
    key = simple(LogicalType.BIGINT)
    post_tags = table("post_tags", ir.Column("post_id", key, nullable=False), ir.Column("tag_id", key, nullable=False),
                      pk=("post_id", "tag_id"),
                      foreign_keys=(ir.ForeignKey("fk_pt_post", ("post_id",), "posts", ("id",)),
                                    ir.ForeignKey("fk_pt_tag", ("tag_id",), "tags", ("id",))))
    index = files(ir.Schema(tables=(posts, tags, post_tags)))[INDEX_PATH]
    assert "Post.belongsToMany(Tag, {\n    through: { model: PostTag, unique: false },\n    as: \"tags\"," in index
    assert 'foreignKey: "postId",\n    otherKey: "tagId",' in index
    assert "Tag.belongsToMany(Post, {" in index


def test_shared_enum_is_created_once_by_name_and_validated_in_the_model() -> None:
    schema = ir.Schema(enums=(ir.Enum("mood", ("ok", "sad")),),
                       tables=(table("a", ID, ir.Column("m", enum_type("mood"), default=ir.Default.literal("ok"))),
                               table("b", ID, ir.Column("m", enum_type("mood")))))
    out = files(schema)
    assert out[MIGRATION_PATH].count("CREATE TYPE mood AS ENUM ('ok', 'sad');") == 1
    assert 'm: { type: "mood", allowNull: true' not in out["models/a.js"]
    assert 'validate: { isIn: [["ok", "sad"]] }' in out["models/a.js"]
    assert 'DROP TYPE mood;' in out[MIGRATION_PATH]
    # sync() would create no type: the models' hook does, once.
    assert out[INDEX_PATH].count("CREATE TYPE mood") == 1


def test_names_with_double_quotes_are_written_in_sql_and_reported() -> None:
    t = table('we"ird', ID, ir.Column('c"ol', simple(LogicalType.TEXT)),
              indexes=(ir.Index('ix"q', (ir.IndexElement(column='c"ol'),)),))
    result = export(ir.Schema(tables=(t,)), "sequelize")
    migration = result.files[MIGRATION_PATH]
    assert 'CREATE TABLE \\"we\\"\\"ird\\" (' in migration
    assert "queryInterface.createTable" not in migration
    assert 'CREATE INDEX \\"ix\\"\\"q\\" ON \\"we\\"\\"ird\\"' in migration
    assert 'DROP TABLE \\"we\\"\\"ird\\";' in migration
    assert {d.code for d in result.diagnostics} >= {"sequelize.migration-sql", "sequelize.sync-quoted-name"}


def test_text_that_create_table_would_rewrite_makes_the_table_sql() -> None:
    t = table("t", ID, ir.Column("note", simple(LogicalType.TEXT), default=ir.Default.literal("a SERIAL number")))
    migration = files(ir.Schema(tables=(t,)))[MIGRATION_PATH]
    assert "queryInterface.createTable" not in migration
    assert "DEFAULT 'a SERIAL number'" in migration


def test_what_addindex_and_addconstraint_lack_is_sql() -> None:
    t = table("t", ID, ir.Column("a", simple(LogicalType.TEXT)), ir.Column("b", simple(LogicalType.TEXT)),
              uniques=(ir.Unique("uq_a", ("a",), nulls_not_distinct=True),),
              indexes=(ir.Index("ix_b", (ir.IndexElement(column="b"),), include=("a",)),))
    result = export(ir.Schema(tables=(t,)), "sequelize")
    migration = result.files[MIGRATION_PATH]
    assert "ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE NULLS NOT DISTINCT (a);" in migration
    assert "CREATE INDEX ix_b ON t (b) INCLUDE (a);" in migration
    assert "sequelize.sync-index" in {d.code for d in result.diagnostics}


def test_down_undoes_up_in_reverse() -> None:
    a = table("a", ID)
    b = table("b", ID, ir.Column("a_id", simple(LogicalType.BIGINT)),
              foreign_keys=(ir.ForeignKey("fk_b_a", ("a_id",), "a", ("id",)),))
    migration = files(ir.Schema(namespaces=(ir.Namespace("x"),), tables=(a, b)))[MIGRATION_PATH]
    down = migration[migration.index("async down"):]
    steps = ['removeConstraint("b", "fk_b_a"', 'dropTable("b"', 'dropTable("a"', "DROP SCHEMA x;"]
    assert [down.index(s) for s in steps] == sorted(down.index(s) for s in steps)


def test_same_schema_same_bytes(demo_schema: ir.Schema) -> None:
    assert files(demo_schema) == files(demo_schema)


@settings(max_examples=300)
@given(st.text())
def test_js_string_is_json_with_line_separators_escaped(text: str) -> None:
    expected = json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    assert js_string(text) == expected
    assert sequelize.js_string(text) == expected  # the exporter's quicker test for text that needs no escape


def test_unusual_line_breaks_stay_inside_their_literals() -> None:
    # U+0085 and U+000B are line breaks to str.splitlines() but not to JavaScript.
    comment = "a\x85b\x0bc\u2028d"
    t = table("t\x85u", ID, comment=comment)
    out = files(ir.Schema(tables=(t,)))
    assert js_string(comment) in out[MIGRATION_PATH]
    assert js_string("t\x85u") in out[MIGRATION_PATH]
