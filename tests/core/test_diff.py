"""What changed between versions, in words."""

from __future__ import annotations

from dataclasses import replace

from designer.core import edits, ir
from designer.core.diff import schema_changes
from designer.core.types import parse_type


def test_changes_are_listed_in_words(demo_schema: ir.Schema) -> None:
    new = edits.Batch((
        edits.AddColumn("users", ir.Column("nickname", parse_type("text"))),
        edits.DeleteConstraint("users", "checks", "chk_users_email_format"),
        edits.CreateTable(ir.Table("badges", (ir.Column("id", parse_type("uuid"), nullable=False),))),
    )).apply(demo_schema)
    lines = [str(c) for c in schema_changes(demo_schema, new)]
    assert "Added column users.nickname: text" in lines
    assert "Removed check constraint users.chk_users_email_format" in lines
    assert "Added table badges: 1 columns" in lines


def test_a_type_change_is_described(demo_schema: ir.Schema) -> None:
    users = demo_schema.table("users")
    assert users is not None
    email = users.column("email")
    assert email is not None
    new = edits.UpdateColumn("users", "email", replace(email, type=parse_type("text"), nullable=True)).apply(
        demo_schema)
    assert [str(c) for c in schema_changes(demo_schema, new)] == [
        "Changed column users.email: type varchar(255) → text, now nullable"]


def test_no_change_means_no_lines(demo_schema: ir.Schema) -> None:
    assert schema_changes(demo_schema, demo_schema) == []
