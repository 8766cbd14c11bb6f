"""Every offered fix applies, removes its finding, keeps the schema well-formed, and adds no error.

Run over the seed fixtures, the demo project and the rich test case, under several profiles,
and over random schemas (hypothesis, a modest number of examples).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from designer.core import document, edits, ir
from designer.core.consistency import check_consistency
from designer.core.diagnostics import Level
from designer.core.validate import Finding, LintConfig, lint
from tests.support.strategies import schemas

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = {
    "demo": ROOT / "projects" / "demo" / "fitness.json",
    "rich": ROOT / "tests" / "cases" / "rich.json",
    "s001": ROOT / "tests" / "cases" / "seeds" / "s001_salons.json",
    "s002": ROOT / "tests" / "cases" / "seeds" / "s002_gobeyondfit.json",
    "s003": ROOT / "tests" / "cases" / "seeds" / "s003_users_posts.json",
}
RUNS = [
    ("demo", "recommended"), ("demo", "drizzle-fitness"), ("demo", "strict-postgres"),
    ("rich", "recommended"), ("rich", "strict-postgres"), ("rich", "sqlalchemy-strict"),
    ("s001", "drizzle-sql-first"), ("s001", "recommended"),
    ("s002", "prisma-gobeyondfit"), ("s002", "recommended"),
    ("s003", "sequelize-contracts"), ("s003", "recommended"),
]


def _renames(edit: edits.Edit, before: ir.Schema) -> bool:
    """True when the edit renames something, so the paths of other findings change too."""
    if isinstance(edit, edits.Batch):
        return any(_renames(e, before) for e in edit.edits)
    if isinstance(edit, edits.RenameTable | edits.RenameColumn | edits.UpdateEnum):
        return True
    if isinstance(edit, edits.UpdateColumn):
        return edit.new.name != edit.column
    if isinstance(edit, edits.UpdateConstraint):
        return edit.item.name != edit.name
    return False


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level is Level.ERROR]


def check_every_fix(schema: ir.Schema, config: LintConfig) -> int:
    """Apply each fix of ``schema``'s findings on its own; return how many were checked."""
    before = lint(schema, config)
    errors_before = {f.id for f in _errors(before)}
    counts_before = Counter(f.rule for f in _errors(before))
    checked = 0
    for finding in before:
        if finding.fix is None:
            continue
        edit = finding.fix.edit
        try:
            after_schema = edit.apply(schema)
        except edits.EditError as exc:  # pragma: no cover - the assertion message is the point
            pytest.fail(f"the fix of {finding.rule} on {finding.path} ({finding.fix.description}) "
                        f"cannot be applied: {exc}")
        problems = check_consistency(after_schema)
        assert problems == [], f"the fix of {finding.rule} on {finding.path} breaks the schema: {problems[:3]}"
        after = lint(after_schema, config)
        assert finding.id not in {f.id for f in after}, \
            f"the fix of {finding.rule} on {finding.path} ({finding.fix.description}) did not remove its finding"
        if _renames(edit, schema):
            grown = {rule: n for rule, n in Counter(f.rule for f in _errors(after)).items()
                     if n > counts_before.get(rule, 0)}
            assert not grown, f"the fix of {finding.rule} on {finding.path} adds errors: {grown}"
        else:
            new = [f"{f.rule} on {f.path}" for f in _errors(after) if f.id not in errors_before]
            assert not new, f"the fix of {finding.rule} on {finding.path} ({finding.fix.description}) adds {new}"
        checked += 1
    return checked


@pytest.mark.parametrize(("fixture", "profile"), RUNS, ids=[f"{f}-{p}" for f, p in RUNS])
def test_every_fix_removes_its_finding_and_adds_no_error(fixture: str, profile: str) -> None:
    schema = document.loads(FIXTURES[fixture].read_text("utf-8"))
    assert check_every_fix(schema, LintConfig(profile=profile)) > 0


def test_rules_that_promise_a_fix_offer_one() -> None:
    """Across the fixtures, a rule whose docs promise a fix offers one when it fires, except
    audit.actor-columns in a schema without a users table (there is nothing to reference)."""
    from designer.core.validate import rules

    promised = {r.id for r in rules() if r.fix}
    missing = []
    for fixture, profile in RUNS:
        schema = document.loads(FIXTURES[fixture].read_text("utf-8"))
        has_users = schema.find_table("users") is not None or any("tenant_root" in t.tags for t in schema.tables)
        for f in lint(schema, LintConfig(profile=profile)):
            if f.rule in promised and f.fix is None and (f.rule != "audit.actor-columns" or has_users):
                missing.append((fixture, profile, f.rule, f.path))
    assert missing == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas(names="quoted"))
def test_fixes_hold_on_random_schemas(schema: ir.Schema) -> None:
    check_every_fix(schema, LintConfig(profile="strict-postgres"))
