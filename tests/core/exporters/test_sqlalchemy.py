"""The SQLAlchemy exporter without a database: what the generated code says, and that it loads.

Loading the generated models (and configuring their mappers) runs SQLAlchemy's own checks of
the declarations; the conformance tests then build databases from them.
"""

from __future__ import annotations

import importlib.util
import py_compile
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql

from designer.core import ir
from designer.core.exporters import export
from designer.core.exporters.sqlalchemy import MODELS_PATH, PY_TYPES, REVISION_PATH, TYPE_MAP, sql_text
from designer.core.types import ColumnType, LogicalType, enum_type, simple
from tests.support.strategies import schemas


def load(text: str, tmp: Path) -> ModuleType:
    """The generated module imported under a fresh name, its mappers configured."""
    name = f"generated_{uuid.uuid4().hex}"
    path = tmp / f"{name}.py"
    path.write_text(text, "utf-8")
    py_compile.compile(str(path), doraise=True)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        if hasattr(module, "Base"):
            module.Base.registry.configure()
    finally:
        del sys.modules[name]
    return module


def table(name: str, *columns: ir.Column, pk: tuple[str, ...] = ("id",), **kw: object) -> ir.Table:
    return ir.Table(name, columns=columns, primary_key=ir.PrimaryKey(pk) if pk else None, **kw)  # type: ignore[arg-type]


PG = postgresql.dialect()  # type: ignore[no-untyped-call]
ID = ir.Column("id", simple(LogicalType.BIGINT), nullable=False, identity=ir.Identity.BY_DEFAULT)


def models(schema: ir.Schema) -> str:
    return export(schema, "sqlalchemy").files[MODELS_PATH]


def test_every_logical_type_has_a_sqlalchemy_type_and_a_python_type() -> None:
    assert set(TYPE_MAP) == set(LogicalType)
    assert set(PY_TYPES) == set(LogicalType)


@pytest.mark.parametrize("sql", ["a::text", "x = 'a:b'", "'\\:x'", "'c:'", "a ::int", "'::'", "':name'",
                                 "x[1:n::int]", "'10:30'::time", "'{\"k\": 1}'", "'\\\\:x y'", "'a\\:'"])
def test_sql_text_reaches_the_database_unchanged(sql: str) -> None:
    literal = eval(sql_text(sql))  # noqa: S307 - our own Python literal
    compiled = sa.text(literal).compile(dialect=PG, compile_kwargs={"literal_binds": True})
    assert str(compiled) == sql


@settings(max_examples=200)
@given(st.text(alphabet=":\\ab_ '1", max_size=12))
def test_sql_text_survives_any_colons_and_backslashes(sql: str) -> None:
    literal = eval(sql_text(sql))  # noqa: S307 - our own Python literal
    assert str(sa.text(literal).compile(dialect=PG, compile_kwargs={"literal_binds": True})) == sql


def test_same_schema_same_bytes(demo_schema: ir.Schema) -> None:
    assert export(demo_schema, "sqlalchemy").files == export(demo_schema, "sqlalchemy").files


def test_demo_models_map_and_build_the_metadata(demo_schema: ir.Schema, tmp_path: Path) -> None:
    module = load(models(demo_schema), tmp_path)
    tables = module.Base.metadata.tables
    assert set(tables) == {t.name for t in demo_schema.tables}
    users = tables["users"]
    assert users.c["role"].type.name == "user_role"
    assert str(users.c["created_at"].server_default.arg) == "now()"
    assert module.Exercise.creator.property.mapper.class_ is module.User
    assert module.User.created_exercises.property.back_populates == "creator"


def test_names_that_would_shadow_python_or_sqlalchemy_are_renamed(tmp_path: Path) -> None:
    schema = ir.Schema(tables=(
        table("index", ID, ir.Column("metadata", simple(LogicalType.JSONB)),
              ir.Column("class", simple(LogicalType.TEXT)), ir.Column("text", simple(LogicalType.TEXT)),
              ir.Column("str", simple(LogicalType.TEXT), default=ir.Default.literal("a:b"))),
    ))
    text = models(schema)
    assert "class Index_(Base):" in text
    assert "metadata_: Mapped[Any | None] = mapped_column('metadata', JSONB)" in text
    assert "class_: Mapped[str | None] = mapped_column('class', Text)" in text
    module = load(text, tmp_path)
    assert [c.name for c in module.Index_.__table__.c] == ["id", "metadata", "class", "text", "str"]
    assert str(module.Index_.__table__.c["str"].server_default.arg.compile()) == "'a:b'"


def test_self_reference_has_remote_side_and_two_keys_to_one_table_name_their_columns(tmp_path: Path) -> None:
    people = table("persons", ID, ir.Column("boss_id", simple(LogicalType.BIGINT)),
                   foreign_keys=(ir.ForeignKey("fk_boss", ("boss_id",), "persons", ("id",)),))
    posts = table("posts", ID, ir.Column("author_id", simple(LogicalType.BIGINT), nullable=False),
                  ir.Column("editor_id", simple(LogicalType.BIGINT)),
                  foreign_keys=(ir.ForeignKey("fk_author", ("author_id",), "persons", ("id",)),
                                ir.ForeignKey("fk_editor", ("editor_id",), "persons", ("id",))))
    text = models(ir.Schema(tables=(people, posts)))
    assert "boss: Mapped[Person | None] = relationship(back_populates='boss_persons', remote_side=[id])" in text
    assert "author: Mapped[Person] = relationship(back_populates='author_posts', foreign_keys=[author_id])" in text
    module = load(text, tmp_path)
    assert [(a.name, b.name) for a, b in module.Person.editor_posts.property.local_remote_pairs] == [
        ("id", "editor_id")]
    assert module.Post.editor.property.direction.name == "MANYTOONE"
    assert module.Person.boss_persons.property.direction.name == "ONETOMANY"


def test_junction_gives_view_only_many_to_many_both_ways(tmp_path: Path) -> None:
    users = table("users", ID)
    follows = table("follows", ir.Column("follower_id", simple(LogicalType.BIGINT), nullable=False),
                    ir.Column("followee_id", simple(LogicalType.BIGINT), nullable=False),
                    pk=("follower_id", "followee_id"), tags=("junction",),
                    foreign_keys=(ir.ForeignKey("fk_follower", ("follower_id",), "users", ("id",)),
                                  ir.ForeignKey("fk_followee", ("followee_id",), "users", ("id",))))
    module = load(models(ir.Schema(tables=(users, follows))), tmp_path)
    followees = module.User.followees.property
    assert followees.viewonly and followees.secondary.name == "follows"
    assert str(followees.primaryjoin) == "users.id = follows.follower_id"
    assert str(module.User.followers.property.primaryjoin) == "users.id = follows.followee_id"


def test_table_without_primary_key_is_a_core_table_and_says_so(tmp_path: Path) -> None:
    log = table("log", ir.Column("at", simple(LogicalType.TIMESTAMPTZ), nullable=False), pk=())
    result = export(ir.Schema(tables=(log,)), "sqlalchemy")
    assert [d.code for d in result.diagnostics] == ["sqlalchemy.no-primary-key"]
    module = load(result.files[MODELS_PATH], tmp_path)
    assert module.log_table.c["at"].nullable is False


def test_client_side_defaults_stay_in_python() -> None:
    schema = ir.Schema(tables=(table("t", ir.Column("id", simple(LogicalType.UUID), nullable=False,
                                                    default=ir.Default.client("uuid")),
                                     ir.Column("code", simple(LogicalType.TEXT), default=ir.Default.client("cuid"))),))
    result = export(schema, "sqlalchemy")
    assert "default=uuid.uuid4" in result.files[MODELS_PATH]
    assert "server_default" not in result.files[MODELS_PATH] + result.files[REVISION_PATH]
    assert [d.code for d in result.diagnostics] == ["sqlalchemy.client-default"]


def test_a_dot_in_a_referenced_name_is_reported() -> None:
    target = table("a.b", ID)
    child = table("c", ID, ir.Column("ab_id", simple(LogicalType.BIGINT)),
                  foreign_keys=(ir.ForeignKey("fk", ("ab_id",), "a.b", ("id",)),))
    result = export(ir.Schema(tables=(target, child)), "sqlalchemy")
    assert "sqlalchemy.dotted-name" in {d.code for d in result.diagnostics}


def test_types_keep_their_parameters(tmp_path: Path) -> None:
    cols = [ir.Column(f"c{i}", t) for i, t in enumerate([
        ColumnType(LogicalType.VARCHAR, length=20), ColumnType(LogicalType.NUMERIC, precision=8, scale=3),
        ColumnType(LogicalType.TIMESTAMPTZ, precision=3), ColumnType(LogicalType.TIMETZ),
        ColumnType(LogicalType.INTEGER, array_dims=2), ColumnType(LogicalType.OTHER, native="citext"),
        ColumnType(LogicalType.XML), enum_type("mood", array_dims=1), ColumnType(LogicalType.CHAR, length=1),
    ])]
    schema = ir.Schema(tables=(table("t", ID, *cols),), enums=(ir.Enum("mood", ("ok", "sad")),))
    module = load(models(schema), tmp_path)
    ddl = str(sa.schema.CreateTable(module.Base.metadata.tables["t"]).compile(dialect=PG))
    for expected in ("c0 VARCHAR(20)", "c1 NUMERIC(8, 3)", "c2 TIMESTAMP(3) WITH TIME ZONE", "c3 TIME WITH TIME ZONE",
                     "c4 INTEGER[][]", "c5 citext", "c6 xml", "c7 mood[]", "c8 CHAR(1)"):
        assert expected in ddl


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(schema=schemas(names="hostile"), data=st.data())
def test_hostile_names_give_python_that_compiles_and_maps(schema: ir.Schema, data: st.DataObject,
                                                          tmp_path: Path) -> None:
    result = export(schema, "sqlalchemy")
    module = load(result.files[MODELS_PATH], tmp_path)
    assert {(t.schema or "public", t.name) for t in module.Base.metadata.tables.values()} == {
        (t.namespace, t.name) for t in schema.tables}
    for t in schema.tables:
        built = module.Base.metadata.tables[t.name]
        assert [c.name for c in built.c] == [c.name for c in t.columns]
        assert [c.comment for c in built.c] == [c.comment for c in t.columns]
        assert built.comment == t.comment
    load(result.files[REVISION_PATH], tmp_path)


def test_junction_named_like_a_keyword_or_a_class_is_still_found(tmp_path: Path) -> None:
    key = simple(LogicalType.BIGINT)
    posts, tags = table("posts", ID), table("tags", ID)
    junction = table("from", ir.Column("post_id", key, nullable=False), ir.Column("tag_id", key, nullable=False),
                     pk=("post_id", "tag_id"), tags=("junction",),
                     foreign_keys=(ir.ForeignKey("fk_post", ("post_id",), "posts", ("id",)),
                                   ir.ForeignKey("fk_tag", ("tag_id",), "tags", ("id",))))
    module = load(models(ir.Schema(tables=(posts, tags, junction))), tmp_path)
    assert module.Post.tags.property.secondary.name == "from"
