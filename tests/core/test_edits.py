"""Edits: every change applies as described, keeps references, and refuses what would break."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.core import edits, ir
from designer.core.consistency import check_consistency
from designer.core.types import ColumnType, LogicalType, parse_type

TEXT = ColumnType(LogicalType.TEXT)


def _col(schema: ir.Schema, table: str, column: str) -> ir.Column:
    t = schema.find_table(table)
    assert t is not None
    c = t.column(column)
    assert c is not None
    return c


def test_create_table_and_refuse_a_duplicate(demo_schema: ir.Schema) -> None:
    new = edits.CreateTable(ir.Table("badges", (ir.Column("id", ColumnType(LogicalType.UUID), nullable=False),)),
                            at=0).apply(demo_schema)
    assert new.tables[0].name == "badges"
    with pytest.raises(edits.EditError, match="already exists") as err:
        edits.CreateTable(ir.Table("users")).apply(demo_schema)
    assert err.value.field == "name"


def test_an_illegal_table_name_is_refused_with_the_reason(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError, match="64 bytes"):
        edits.CreateTable(ir.Table("x" * 64)).apply(demo_schema)


def test_rename_table_updates_every_foreign_key_and_note(demo_schema: ir.Schema) -> None:
    edit = edits.RenameTable("exercises", "movements")
    new = edit.apply(demo_schema)
    assert new.table("exercises") is None and new.table("movements") is not None
    we = new.table("workout_exercises")
    assert we is not None
    assert {fk.ref_table for fk in we.foreign_keys} == {"workouts", "movements"}
    assert any(n.table == "movements" for n in new.notes)
    assert edit.table_renames(demo_schema) == {("public", "exercises"): ("public", "movements")}
    assert not check_consistency(new)


def test_rename_table_into_another_namespace(demo_schema: ir.Schema) -> None:
    schema = edits.CreateNamespace(ir.Namespace("catalog")).apply(demo_schema)
    new = edits.RenameTable("exercises", "exercises", new_namespace="catalog").apply(schema)
    assert new.table("exercises", "catalog") is not None
    we = new.table("workout_exercises")
    assert we is not None and ("catalog", "exercises") in {fk.ref_key for fk in we.foreign_keys}
    assert not check_consistency(new)


def test_rename_column_keeps_keys_indexes_checks_and_references(demo_schema: ir.Schema) -> None:
    new = edits.RenameColumn("workout_exercises", "order_index", "position").apply(demo_schema)
    we = new.table("workout_exercises")
    assert we is not None and we.primary_key is not None
    assert we.primary_key.columns == ("workout_id", "position")
    assert next(c for c in we.checks if c.name == "order_index_positive").expression == "position >= 0"
    renamed = edits.RenameColumn("users", "id", "user_id").apply(demo_schema)
    programs = renamed.table("programs")
    assert programs is not None and programs.foreign_keys[0].ref_columns == ("user_id",)
    assert not check_consistency(new) and not check_consistency(renamed)


def test_rename_column_renames_inside_partial_index_conditions(demo_schema: ir.Schema) -> None:
    new = edits.RenameColumn("users", "deleted_at", "removed_at").apply(demo_schema)
    users = new.table("users")
    assert users is not None and users.uniques[0].where == "removed_at IS NULL"


def test_rename_column_to_a_taken_name_is_refused(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError, match="already has a column") as err:
        edits.RenameColumn("users", "email", "display_name").apply(demo_schema)
    assert err.value.field == "name"


def test_delete_a_referenced_table_is_refused_with_the_references(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError) as err:
        edits.DeleteTable("workouts").apply(demo_schema)
    assert "workout_exercises.fk_workout_exercises_workout_id" in err.value.message
    assert "sessions.fk_sessions_workout_id" in err.value.message


def test_delete_table_with_cascade_drops_the_foreign_keys_to_it(demo_schema: ir.Schema) -> None:
    new = edits.DeleteTable("workouts", cascade=True).apply(demo_schema)
    assert new.table("workouts") is None
    sessions = new.table("sessions")
    assert sessions is not None and all(fk.ref_table != "workouts" for fk in sessions.foreign_keys)
    assert not check_consistency(new)


def test_a_self_reference_does_not_block_deleting_its_table() -> None:
    key = ColumnType(LogicalType.BIGINT)
    t = ir.Table("nodes", (ir.Column("id", key, nullable=False), ir.Column("parent_id", key)),
                 primary_key=ir.PrimaryKey(("id",)),
                 foreign_keys=(ir.ForeignKey("fk_parent", ("parent_id",), "nodes", ("id",)),))
    assert edits.DeleteTable("nodes").apply(ir.Schema(tables=(t,))).tables == ()


def test_delete_a_used_column_is_refused_and_cascade_drops_what_used_it(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError, match="used by"):
        edits.DeleteColumn("workouts", "user_id").apply(demo_schema)
    new = edits.DeleteColumn("workouts", "user_id", cascade=True).apply(demo_schema)
    workouts = new.table("workouts")
    assert workouts is not None
    assert [fk.name for fk in workouts.foreign_keys] == ["fk_workouts_program_id"]
    assert all("user_id" not in i.columns for i in workouts.indexes)
    assert not check_consistency(new)


def test_delete_a_referenced_key_column_with_cascade_drops_foreign_keys_elsewhere(demo_schema: ir.Schema) -> None:
    new = edits.DeleteColumn("programs", "id", cascade=True).apply(demo_schema)
    workouts = new.table("workouts")
    assert workouts is not None and all(fk.ref_table != "programs" for fk in workouts.foreign_keys)
    assert not check_consistency(new)


def test_add_update_move_column(demo_schema: ir.Schema) -> None:
    new = edits.AddColumn("users", ir.Column("nickname", TEXT), at=2).apply(demo_schema)
    users = new.table("users")
    assert users is not None and users.columns[2].name == "nickname"
    changed = edits.UpdateColumn("users", "nickname", ir.Column("nickname", parse_type("varchar(40)"),
                                                                 nullable=False)).apply(new)
    assert _col(changed, "users", "nickname").type.sql == "varchar(40)"
    moved = edits.MoveColumn("users", "nickname", 0).apply(changed)
    assert moved.tables[0].columns[0].name == "nickname"


def test_a_primary_key_column_cannot_be_made_nullable(demo_schema: ir.Schema) -> None:
    col = _col(demo_schema, "users", "id")
    with pytest.raises(edits.EditError, match="primary key") as err:
        edits.UpdateColumn("users", "id", replace(col, nullable=True)).apply(demo_schema)
    assert err.value.field == "nullable"


def test_set_primary_key_makes_its_columns_not_null() -> None:
    t = ir.Table("t", (ir.Column("a", TEXT), ir.Column("b", TEXT)))
    new = edits.SetPrimaryKey("t", ir.PrimaryKey(("a", "b"), "t_pkey")).apply(ir.Schema(tables=(t,)))
    assert [c.nullable for c in new.tables[0].columns] == [False, False]
    with pytest.raises(edits.EditError, match="no column"):
        edits.SetPrimaryKey("t", ir.PrimaryKey(("zz",))).apply(new)


def test_dropping_a_referenced_primary_key_is_refused(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError, match="referenced by"):
        edits.SetPrimaryKey("users", None).apply(demo_schema)


def test_constraints_add_update_delete(demo_schema: ir.Schema) -> None:
    idx = ir.Index("idx_users_display_name", (ir.IndexElement(column="display_name"),))
    new = edits.AddConstraint("users", idx).apply(demo_schema)
    users = new.table("users")
    assert users is not None and idx in users.indexes
    with pytest.raises(edits.EditError, match="already has a constraint or index"):
        edits.AddConstraint("users", idx).apply(new)
    wider = replace(idx, name="idx_users_display_name_role", elements=(*idx.elements, ir.IndexElement(column="role")))
    updated = edits.UpdateConstraint("users", idx.name, wider).apply(new)
    users = updated.table("users")
    assert users is not None and [i.name for i in users.indexes] == ["idx_users_display_name_role"]
    deleted = edits.DeleteConstraint("users", "indexes", wider.name).apply(updated)
    assert deleted == demo_schema


def test_delete_unknown_constraint_kind_is_refused(demo_schema: ir.Schema) -> None:
    with pytest.raises(edits.EditError, match="unknown constraint kind"):
        edits.DeleteConstraint("users", "triggers", "x").apply(demo_schema)


def test_a_unique_key_that_a_foreign_key_references_cannot_be_deleted() -> None:
    text = ColumnType(LogicalType.TEXT)
    a = ir.Table("a", (ir.Column("id", text, nullable=False), ir.Column("code", text, nullable=False)),
                 primary_key=ir.PrimaryKey(("id",)), uniques=(ir.Unique("uq_code", ("code",)),))
    b = ir.Table("b", (ir.Column("code", text),), foreign_keys=(ir.ForeignKey("fk", ("code",), "a", ("code",)),))
    with pytest.raises(edits.EditError, match="referenced by b.fk"):
        edits.DeleteConstraint("a", "uniques", "uq_code").apply(ir.Schema(tables=(a, b)))


def test_enum_rename_follows_columns_and_used_values_are_protected(demo_schema: ir.Schema) -> None:
    role = demo_schema.enum("user_role")
    assert role is not None
    new = edits.UpdateEnum("user_role", replace(role, name="account_role")).apply(demo_schema)
    assert _col(new, "users", "role").type.enum == "account_role"
    with pytest.raises(edits.EditError, match="default of users.role"):
        edits.UpdateEnum("user_role", replace(role, values=("coach", "admin"))).apply(demo_schema)
    with pytest.raises(edits.EditError, match="used by users.role"):
        edits.DeleteEnum("user_role").apply(demo_schema)
    with pytest.raises(edits.EditError, match="twice"):
        edits.CreateEnum(ir.Enum("e", ("a", "a"))).apply(demo_schema)


def test_groups_rename_and_delete_follow_tables(demo_schema: ir.Schema) -> None:
    new = edits.SaveGroup(ir.Group("People"), name="Accounts").apply(demo_schema)
    users = new.table("users")
    assert users is not None and users.group == "People"
    gone = edits.DeleteGroup("People").apply(new)
    users = gone.table("users")
    assert users is not None and users.group is None


def test_namespace_in_use_cannot_be_deleted(demo_schema: ir.Schema) -> None:
    schema = edits.CreateNamespace(ir.Namespace("catalog")).apply(demo_schema)
    schema = edits.RenameTable("exercises", "exercises", new_namespace="catalog").apply(schema)
    with pytest.raises(edits.EditError, match="still holds"):
        edits.DeleteNamespace("catalog").apply(schema)


def test_many_to_many_creates_a_keyed_junction_table(demo_schema: ir.Schema) -> None:
    batch = edits.many_to_many(demo_schema, "programs", "exercises")
    new = batch.apply(demo_schema)
    junction = new.table("program_exercises")
    assert junction is not None and "junction" in junction.tags
    assert junction.primary_key is not None and junction.primary_key.columns == ("program_id", "exercise_id")
    assert {fk.ref_table for fk in junction.foreign_keys} == {"programs", "exercises"}
    assert not check_consistency(new)


def test_batch_is_one_change_and_composes_renames(demo_schema: ir.Schema) -> None:
    batch = edits.Batch((edits.RenameTable("users", "people"), edits.RenameTable("people", "members")))
    assert batch.table_renames(demo_schema) == {("public", "users"): ("public", "members")}
    assert "Renamed table users to people" in batch.summary
