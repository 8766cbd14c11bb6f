"""schema_apply: every edit in one transaction, recorded as a version, stale edits refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from designer.core import edits, ir
from designer.core.types import parse_type
from projects.models import Project, Version
from projects.selectors import schema_get, version_changes, version_list, version_schema
from projects.serialization import schema_load
from projects.services import ConflictError, ServiceError, schema_apply, schema_redo, schema_undo, version_restore

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _apply(project: Project, user: User, edit: edits.Edit) -> ir.Schema:
    return schema_apply(project=project, user=user, edit=edit, base_version=project.version).schema


def test_an_edit_is_stored_and_recorded_as_a_version(project: Project, editor: User) -> None:
    outcome = schema_apply(project=project, user=editor, base_version=1,
                           edit=edits.AddColumn("users", ir.Column("nickname", parse_type("text"))))
    assert outcome.changed and outcome.version.number == 2
    assert outcome.version.author == editor
    assert outcome.version.summary == "Added column users.nickname"
    project.refresh_from_db()
    assert project.version == 2
    users = schema_get(project).table("users")
    assert users is not None and users.column("nickname") is not None
    assert version_schema(project, 2) == schema_get(project)


@pytest.mark.parametrize(
    "edit",
    [
        edits.CreateTable(ir.Table("badges", (ir.Column("id", parse_type("uuid"), nullable=False),),
                                   primary_key=ir.PrimaryKey(("id",), "badges_pkey"))),
        edits.UpdateTable("users", comment="People.", tags=("tenant_root", "audited"), group="Accounts",
                          position=ir.Position(10, 20)),
        edits.RenameTable("exercises", "movements"),
        edits.DeleteTable("sessions"),
        edits.MoveTable("sessions", 0),
        edits.AddColumn("users", ir.Column("nickname", parse_type("text")), at=1),
        edits.RenameColumn("users", "email", "email_address"),
        edits.DeleteColumn("users", "is_active"),
        edits.MoveColumn("users", "email", 0),
        edits.SetPrimaryKey("workout_exercises", ir.PrimaryKey(("workout_id", "exercise_id", "order_index"))),
        edits.AddConstraint("users", ir.Index("idx_users_role", (ir.IndexElement(column="role"),))),
        edits.AddConstraint("users", ir.Check("chk_name", "length(display_name) > 0")),
        edits.DeleteConstraint("users", "uniques", "uniq_users_email"),
        edits.CreateEnum(ir.Enum("mood", ("good", "bad"))),
        edits.CreateNamespace(ir.Namespace("audit")),
        edits.SaveGroup(ir.Group("People", "#112233"), name="Accounts"),
        edits.SetNotes(()),
        edits.UpdateSchemaInfo("Fitness 2", "A new description"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_kind_of_edit_round_trips_through_storage(project: Project, editor: User, edit: edits.Edit) -> None:
    before = schema_get(project)
    expected = edit.apply(before)
    assert _apply(project, editor, edit) == expected
    assert schema_load(project) == expected  # the rows
    assert version_schema(project, project.version) == expected  # the snapshot
    assert schema_get(project) == expected  # what readers get


def test_a_stale_edit_is_refused_and_nothing_is_written(project: Project, editor: User, owner: User) -> None:
    _apply(project, owner, edits.AddColumn("users", ir.Column("a", parse_type("text"))))
    before = schema_get(project)
    with pytest.raises(ConflictError) as err:
        schema_apply(project=project, user=editor, base_version=1,
                     edit=edits.AddColumn("users", ir.Column("b", parse_type("text"))))
    assert "changed by olivia" in err.value.message and "version 2" in err.value.message
    assert schema_get(project) == before
    assert Version.objects.filter(project=project).count() == 2


def test_a_refused_edit_names_the_field_and_writes_nothing(project: Project, editor: User) -> None:
    with pytest.raises(ServiceError) as err:
        _apply(project, editor, edits.DeleteTable("users"))
    assert "referenced by" in err.value.message and err.value.field == "table"
    assert Version.objects.filter(project=project).count() == 1


def test_an_edit_that_breaks_well_formedness_is_refused(project: Project, editor: User) -> None:
    fk = ir.ForeignKey("fk_users_nowhere", ("email",), "nowhere", ("id",))
    with pytest.raises(ServiceError, match="nowhere"):
        _apply(project, editor, edits.AddConstraint("users", fk))
    assert project.version == 1


def test_viewers_cannot_edit(project: Project, viewer: User) -> None:
    with pytest.raises(PermissionDenied):
        _apply(project, viewer, edits.DeleteTable("sessions"))


def test_an_edit_that_changes_nothing_records_no_version(project: Project, editor: User) -> None:
    users = schema_get(project).table("users")
    assert users is not None and users.column("email") is not None
    email = users.column("email")
    assert email is not None
    outcome = schema_apply(project=project, user=editor, base_version=1,
                           edit=edits.UpdateColumn("users", "email", replace(email)))
    assert not outcome.changed and outcome.version.number == 1


def test_restore_an_earlier_version(project: Project, editor: User) -> None:
    original = schema_get(project)
    _apply(project, editor, edits.DeleteTable("sessions"))
    _apply(project, editor, edits.RenameTable("users", "people"))
    outcome = version_restore(project=project, user=editor, number=1, base_version=3)
    assert outcome.version.number == 4 and outcome.version.summary == "Restored version 1"
    assert schema_get(project) == original
    assert [v.number for v in version_list(project)] == [4, 3, 2, 1]


def test_undo_restores_the_state_before_the_last_change(project: Project, editor: User) -> None:
    _apply(project, editor, edits.DeleteColumn("users", "is_active"))
    before = schema_get(project)
    _apply(project, editor, edits.RenameColumn("users", "email", "mail"))
    outcome = schema_undo(project=project, user=editor, base_version=project.version)
    assert outcome.version.summary == "Undid: Renamed column users.email to mail"
    assert schema_get(project) == before


def test_undo_with_nothing_to_undo(project: Project, editor: User) -> None:
    with pytest.raises(ServiceError, match="nothing to undo"):
        schema_undo(project=project, user=editor, base_version=1)


def _undo(project: Project, user: User) -> str:
    return schema_undo(project=project, user=user, base_version=project.version).version.summary


def _redo(project: Project, user: User) -> str:
    return schema_redo(project=project, user=user, base_version=project.version).version.summary


def test_undo_goes_back_step_by_step_and_redo_forward_again(project: Project, editor: User) -> None:
    states = [schema_get(project)]
    for name in ("a", "b", "c"):
        _apply(project, editor, edits.AddColumn("users", ir.Column(name, parse_type("text"))))
        states.append(schema_get(project))
    # Three undos walk back through the three edits, not back and forth between two states.
    assert _undo(project, editor) == "Undid: Added column users.c"
    assert schema_get(project) == states[2]
    assert _undo(project, editor) == "Undid: Added column users.b"
    assert schema_get(project) == states[1]
    assert _undo(project, editor) == "Undid: Added column users.a"
    assert schema_get(project) == states[0]
    with pytest.raises(ServiceError, match="nothing to undo"):
        schema_undo(project=project, user=editor, base_version=project.version)
    # Redo replays them in order, and an undo after a redo takes that redo back.
    assert _redo(project, editor) == "Redid: Added column users.a"
    assert schema_get(project) == states[1]
    assert _redo(project, editor) == "Redid: Added column users.b"
    assert schema_get(project) == states[2]
    assert _undo(project, editor) == "Undid: Added column users.b"
    assert schema_get(project) == states[1]
    assert _redo(project, editor) == "Redid: Added column users.b"
    assert _redo(project, editor) == "Redid: Added column users.c"
    assert schema_get(project) == states[3]
    with pytest.raises(ServiceError, match="nothing to redo"):
        schema_redo(project=project, user=editor, base_version=project.version)
    # Every step is a version of its own: the history keeps all of it.
    project.refresh_from_db()
    assert project.version == 1 + 3 + 3 + 2 + 1 + 2


def test_a_new_change_clears_redo_but_not_undo(project: Project, editor: User) -> None:
    _apply(project, editor, edits.AddColumn("users", ir.Column("a", parse_type("text"))))
    after_a = schema_get(project)
    _apply(project, editor, edits.AddColumn("users", ir.Column("b", parse_type("text"))))
    _undo(project, editor)
    _apply(project, editor, edits.AddColumn("users", ir.Column("c", parse_type("text"))))
    with pytest.raises(ServiceError, match="nothing to redo"):
        schema_redo(project=project, user=editor, base_version=project.version)
    assert _undo(project, editor) == "Undid: Added column users.c"
    assert schema_get(project) == after_a
    assert _undo(project, editor) == "Undid: Added column users.a"


def test_a_restore_is_undone_like_an_edit(project: Project, editor: User) -> None:
    _apply(project, editor, edits.AddColumn("users", ir.Column("a", parse_type("text"))))
    before = schema_get(project)
    version_restore(project=project, user=editor, number=1, base_version=project.version)
    assert _undo(project, editor) == "Undid: Restored version 1"
    assert schema_get(project) == before


def test_a_stale_undo_or_redo_is_refused_and_records_nothing(project: Project, editor: User) -> None:
    _apply(project, editor, edits.AddColumn("users", ir.Column("a", parse_type("text"))))
    with pytest.raises(ConflictError):
        schema_undo(project=project, user=editor, base_version=1)
    _undo(project, editor)
    with pytest.raises(ConflictError):
        schema_redo(project=project, user=editor, base_version=2)
    project.refresh_from_db()
    assert project.version == 3


def test_version_changes_in_words(project: Project, editor: User) -> None:
    _apply(project, editor, edits.AddColumn("users", ir.Column("nickname", parse_type("text"))))
    assert [str(c) for c in version_changes(project, 1, 2)] == ["Added column users.nickname: text"]
