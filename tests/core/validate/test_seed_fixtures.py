"""The schemas written in the seeds, linted under each seed's own profile.

The fixtures in ``tests/cases/seeds/`` are transcriptions of the seeds' own examples (each
document's comment says what it holds and from where). Every finding is compared with an
expected file next to the fixture (``UPDATE_GOLDEN=1`` rewrites them; review the diff), and
the contradictions the catalog lists in section 13 are asserted one by one below, so they
stay visible in the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from designer.core import document, ir
from designer.core.consistency import check_consistency
from designer.core.diagnostics import Level
from designer.core.validate import LintConfig, lint

SEEDS = Path(__file__).resolve().parents[2] / "cases" / "seeds"
E, W, I = Level.ERROR, Level.WARNING, Level.INFO  # noqa: E741 (the catalog's own letters)

# (fixture, profile, [(rule, path, level)]): catalog section 13, plus what the seed says of itself.
CONTRADICTIONS = [
    ("s001_salons", "drizzle-sql-first", [
        ("audit.actor-columns", "salons", W),  # "Add audit fields (... created_by, updated_by)", yet salons has neither
        ("integrity.fk-indexed", "opening_hours.salon_id", E),  # "Create indexes for foreign keys"
        ("integrity.fk-on-delete-explicit", "opening_hours.salon_id", W),  # ... and no onDelete
        ("types.no-temporal-text", "salons.created_at", I),  # timestamps are text (tolerated at info, C6)
        ("timestamps.not-null-default-now", "salons.created_at", W),
        ("softdelete.unique-partial", "salons.salons_email_unique", W),  # email .unique() on a soft-deletable table
        ("integrity.check-domain-ranges", "opening_hours.day_of_week", I),  # dayOfWeek: no CHECK ...
        ("integrity.prefer-not-null", "opening_hours.day_of_week", I),  # ... and nullable
        ("index.duplicate", "salons.idx_salons_email", W),  # .unique() plus the unique index of pattern 2
        ("types.time-of-day", "opening_hours.open_time", W),  # open_time text
    ]),
    ("s002_gobeyondfit", "prisma-gobeyondfit", [
        ("softdelete.column-present", "WorkoutExercise", E),  # "deletedAt on all models", but not WorkoutExercise
        ("softdelete.children-soft-deletable", "WorkoutExercise", I),
        ("index.redundant-prefix", "Session.Session_userId_idx", W),  # @@index([userId]) next to [userId, deletedAt]
        ("softdelete.unique-partial", "User.User_email_key", W),  # global email @unique with soft delete
        ("naming.reserved-word", "WorkoutExercise.order", W),  # a column named order
        ("types.timestamptz", "Session.startedAt", W),  # DateTime is timestamp(3), no zone
        ("timestamps.not-null-default-now", "Exercise.updatedAt", W),  # @updatedAt has no database default
        ("integrity.categorical-domain", "Exercise.muscleGroup", I),  # free text, while Role is an enum (C13)
        ("doc.units", "WorkoutExercise.rest", I),  # rest Int? // seconds: the unit only in a code comment
        ("tenancy.cross-tenant-fk", "Workout.Workout_programId_fkey", I),  # the two userIds may differ
    ]),
    ("s002_gobeyondfit", "recommended", [
        ("integrity.pk-type", "User.id", W),  # Int autoincrement keys
        ("integrity.prefer-identity", "User.id", I),
        ("integrity.prefer-bigint-keys", "User.id", W),
        ("naming.table-case", "WorkoutExercise", W),  # PascalCase models, unmapped (C3)
        ("naming.column-case", "Session.startedAt", W),  # camelCase columns (C4)
        ("types.timestamptz", "Session.startedAt", E),
    ]),
    ("s003_users_posts", "sequelize-contracts", [
        ("integrity.fk-set-null-nullable", "posts.user_id", E),  # user_id NOT NULL with ON DELETE SET NULL
        ("index.duplicate", "users.idx_users_email", W),  # unique: true and the unique index idx_users_email
        ("index.degenerate-partial", "users.idx_users_deleted_at", W),  # ON (deleted_at) WHERE deleted_at IS NULL
        ("integrity.uuid-db-default", "users.id", W),  # the contract's gen_random_uuid() vs the migration's UUIDV4
        ("naming.unique-name", "users.idx_users_email", E),  # [table]_[column]_[type], yet idx_users_email
        ("softdelete.unique-partial", "users.users_email_key", I),  # global email uniqueness with soft delete
        ("index.duplicates-pk", "users.idx_users_active", W),  # idx_users_active ON users(id) WHERE ...
        ("integrity.fk-indexed", "user_roles.role_id", E),  # PRIMARY KEY (user_id, role_id) covers user_id only
    ]),
]
CASES = sorted({(name, profile) for name, profile, _ in CONTRADICTIONS})


def load(name: str) -> ir.Schema:
    return document.loads((SEEDS / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize(("name", "profile", "expected"), CONTRADICTIONS,
                         ids=[f"{n}-{p}" for n, p, _ in CONTRADICTIONS])
def test_the_seed_contradictions_are_found(name: str, profile: str, expected: list[tuple[str, str, Level]]) -> None:
    found = {(f.rule, f.path): f.level for f in lint(load(name), LintConfig(profile=profile))}
    for rule_id, path, level in expected:
        assert (rule_id, path) in found, f"{rule_id} not reported on {path}"
        assert found[(rule_id, path)] is level, f"{rule_id} on {path} is {found[(rule_id, path)].label}"


@pytest.mark.parametrize(("name", "profile"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_every_finding_is_expected(name: str, profile: str) -> None:
    schema = load(name)
    assert check_consistency(schema) == []
    lines = [f"{f.level.label[0].upper()} {f.rule} {f.path or '(schema)'}"
             for f in lint(schema, LintConfig(profile=profile))]
    expected_file = SEEDS / f"{name}.{profile}.expected"
    text = "\n".join(lines) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(text, "utf-8")
    assert expected_file.exists(), f"{expected_file.name} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert text == expected_file.read_text("utf-8")
