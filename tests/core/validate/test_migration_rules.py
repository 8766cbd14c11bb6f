"""The migration rules check a change: each has an old schema, a new one that triggers it, and a
near-identical new one that does not (the pattern of test_rule_pairs, with the old schema added)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from designer.core import document, ir
from designer.core.consistency import check_consistency
from designer.core.validate import LintConfig, lint, rules
from designer.core.validate.registry import DIFF_GROUP
from tests.core.validate.builders import chk, col, enum, fk, idx, schema, table, uid, uq, users
from tests.support.strategies import schemas


@dataclass(frozen=True)
class Change:
    rule: str
    old: ir.Schema
    bad: ir.Schema
    good: ir.Schema
    path: str


def orders(*parts: object, name: str = "orders") -> ir.Table:
    return table(name, uid(), col("user_id", "uuid", null=False), col("total", "integer", null=False),
                 *parts)  # type: ignore[arg-type]


BASE = schema(users(), orders())
NAMED = schema(users(), orders(), enums=[enum("status", "draft", "paid", "void")])


def with_orders(*parts: object, base: ir.Schema = BASE) -> ir.Schema:
    """BASE with orders rebuilt from extra parts (columns, keys, indexes)."""
    t = orders(*parts)
    return replace(base, tables=tuple(t if x.name == "orders" else x for x in base.tables))


def retyped(column: str, type_: str, *, null: bool = False, base: ir.Schema = BASE) -> ir.Schema:
    t = base.table("orders")
    assert t is not None
    cols = tuple(col(c.name, type_, null=null) if c.name == column else c for c in t.columns)
    return replace(base, tables=tuple(replace(t, columns=cols) if x.name == "orders" else x for x in base.tables))


NEW_TABLE = schema(users(), orders(), table("refunds", uid(), col("reason", null=False)))

CHANGES = [
    Change("migration.add-required-column", BASE, with_orders(col("note", null=False)),
           with_orders(col("note", null=False, default="")), "orders.note"),
    Change("migration.add-required-column", BASE, with_orders(col("note", null=False)), NEW_TABLE, "orders.note"),
    Change("migration.add-column-volatile-default", BASE, with_orders(col("token", "uuid", expr="gen_random_uuid()")),
           with_orders(col("placed_at", "timestamptz", expr="now()")), "orders.token"),
    Change("migration.set-not-null", retyped("total", "integer", null=True), BASE,
           retyped("total", "integer", null=True), "orders.total"),
    Change("migration.drop-not-null", BASE, retyped("total", "integer", null=True), BASE, "orders.total"),
    Change("migration.change-column-type", BASE, retyped("total", "bigint"), BASE, "orders.total"),
    Change("migration.change-column-type", retyped("total", "varchar(20)"), retyped("total", "integer"),
           retyped("total", "text"), "orders.total"),
    Change("migration.change-column-type", retyped("total", "numeric(10,2)"), retyped("total", "numeric(12,3)"),
           retyped("total", "numeric(14,2)"), "orders.total"),
    Change("migration.narrowing-type", retyped("total", "text"), retyped("total", "varchar(10)"),
           retyped("total", "varchar"), "orders.total"),
    Change("migration.narrowing-type", BASE, retyped("total", "smallint"), retyped("total", "bigint"),
           "orders.total"),
    Change("migration.narrowing-type", retyped("total", "numeric(10,2)"), retyped("total", "numeric(10,3)"),
           retyped("total", "numeric(11,3)"), "orders.total"),
    Change("migration.probable-rename", with_orders(col("note")), with_orders(col("remark")),
           with_orders(col("remark", "integer")), "orders.remark"),
    Change("migration.drop-column", with_orders(col("note")), BASE, with_orders(col("note")), "orders.note"),
    Change("migration.drop-table", NEW_TABLE, BASE, NEW_TABLE, "refunds"),
    Change("migration.rename-table", NEW_TABLE,
           schema(users(), orders(), table("returns", uid(), col("reason", null=False))),
           schema(users(), orders(), table("returns", uid(), col("why", null=False))), "returns"),
    Change("migration.enum-change", NAMED, replace(NAMED, enums=(enum("status", "draft", "paid"),)),
           replace(NAMED, enums=(enum("status", "draft", "paid", "void", "refunded"),)), "status"),
    Change("migration.enum-change", NAMED, replace(NAMED, enums=(enum("status", "draft", "sent", "paid", "void"),)),
           replace(NAMED, enums=(enum("status", "draft", "paid", "void", "sent"),)), "status"),
    Change("migration.index-concurrently", BASE, with_orders(idx("total")),
           schema(users(), orders(), table("refunds", uid(), col("reason", null=False), idx("reason"))),
           "orders.idx_orders_total"),
    Change("migration.drop-index-concurrently", with_orders(idx("total")), BASE, with_orders(idx("total")),
           "orders.idx_orders_total"),
    Change("migration.fk-not-valid", BASE, with_orders(fk("user_id", "users", table="orders")),
           schema(users(), orders(), table("refunds", uid(), col("user_id", "uuid"),
                                           fk("user_id", "users", table="refunds"))), "orders.fk_orders_user_id"),
    Change("migration.check-not-valid", BASE, with_orders(chk("total >= 0", "orders_total_positive")),
           with_orders(col("note")), "orders.orders_total_positive"),
    Change("migration.add-unique", BASE, with_orders(uq("user_id", "total")), with_orders(idx("user_id", "total")),
           "orders.uniq_orders_user_id_total"),
    Change("migration.add-unique", with_orders(idx("total")), with_orders(idx("total", unique=True)),
           with_orders(idx("total")), "orders.idx_orders_total"),
    Change("migration.add-primary-key",
           schema(users(), table("events", col("id", "uuid", null=False), col("kind"), pk=())),
           schema(users(), table("events", col("id", "uuid", null=False), col("kind"))),
           schema(users(), table("events", col("id", "uuid", null=False), col("kind"), pk=())), "events"),
    Change("migration.drop-fk", with_orders(fk("user_id", "users", table="orders")), BASE,
           with_orders(fk("user_id", "users", table="orders")), "orders.fk_orders_user_id"),
]


def _findings(old: ir.Schema, new: ir.Schema, rule: str) -> list[tuple[str, str]]:
    for s in (old, new):
        assert check_consistency(s) == [], "a case's schema is not well-formed"
    config = LintConfig.from_dict({"rules": {rule: "on"}})
    return [(f.rule, f.path) for f in lint(new, config, old=old)]


@pytest.mark.parametrize("c", CHANGES, ids=[f"{c.rule}-{n}" for n, c in enumerate(CHANGES)])
def test_rule_fires_on_the_bad_change_only(c: Change) -> None:
    bad = _findings(c.old, c.bad, c.rule)
    assert (c.rule, c.path) in bad, f"{c.rule} did not fire on {c.path}: {[p for r, p in bad if r == c.rule]}"
    good = _findings(c.old, c.good, c.rule)
    assert not [p for r, p in good if r == c.rule], f"{c.rule} fired on the clean change"


def test_every_migration_rule_has_a_change() -> None:
    registered = {r.id for r in rules() if r.group == DIFF_GROUP}
    assert registered - {c.rule for c in CHANGES} == set()


def test_migration_rules_need_the_old_schema() -> None:
    """Without an earlier version there is no change to check: a plain lint runs none of them."""
    config = LintConfig.from_dict({"rules": {"migration.*": "on"}})
    assert not [f for f in lint(with_orders(col("note", null=False)), config) if f.rule.startswith("migration.")]


def test_an_unchanged_schema_has_no_migration_findings() -> None:
    config = LintConfig.from_dict({"rules": {"migration.*": "on"}})
    for s in (BASE, NAMED, NEW_TABLE):
        assert not [f for f in lint(s, config, old=s) if f.rule.startswith("migration.")]


def test_a_rename_is_not_also_a_drop_and_an_add() -> None:
    config = LintConfig.from_dict({"rules": {"migration.*": "on"}})
    renamed = {f.rule for f in lint(with_orders(col("remark", null=False, default="")), config,
                                     old=with_orders(col("note", null=False, default="")))}
    assert "migration.probable-rename" in renamed
    assert not renamed & {"migration.drop-column", "migration.add-required-column"}


def test_profiles_make_lock_rules_errors_where_migrations_must_not_block() -> None:
    old, new = BASE, with_orders(idx("total"))
    levels = {}
    for profile in ("recommended", "drizzle-fitness", "sqlalchemy-strict", "strict-postgres", "prisma-gobeyondfit"):
        found = [f for f in lint(new, LintConfig(profile=profile), old=old) if f.rule == "migration.index-concurrently"]
        levels[profile] = found[0].level.label if found else None
    assert levels == {"recommended": "warning", "drizzle-fitness": "error", "sqlalchemy-strict": "error",
                      "strict-postgres": "error", "prisma-gobeyondfit": "warning"}


# Properties on random schemas ----------------------------------------------------------------

ALL_MIGRATION = LintConfig.from_dict({"rules": {"migration.*": "on"}})


@settings(max_examples=40, deadline=None)
@given(schemas(names="hostile"))
def test_no_change_no_migration_findings(s: ir.Schema) -> None:
    again = document.loads(document.dumps(s))  # equal, not the same objects
    assert [f for f in lint(again, ALL_MIGRATION, old=s) if f.rule.startswith("migration.")] == []


@settings(max_examples=40, deadline=None)
@given(schemas(names="hostile"), st.data())
def test_a_dropped_table_is_always_reported(s: ir.Schema, data: st.DataObject) -> None:
    assume(s.tables)
    table = data.draw(st.sampled_from(s.tables))
    referenced = {(fk.ref_namespace, fk.ref_table) for t in s.tables if t is not table for fk in t.foreign_keys}
    assume(table.key not in referenced)
    without_table = replace(s, tables=tuple(t for t in s.tables if t is not table))
    found = {(f.rule, f.path) for f in lint(without_table, ALL_MIGRATION, old=s)}
    assert ("migration.drop-table", table.path) in found
