"""The lint configuration: profiles as the catalog's section 12 table, overrides, ignores, and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from designer.core.diagnostics import Level
from designer.core.validate import ConfigError, LintConfig, lint, profiles, rules
from tests.core.validate.builders import col, fk, schema, table, uid, uq, users

PROFILE_NAMES = ["recommended", "strict-postgres", "drizzle-fitness", "drizzle-sql-first", "prisma-gobeyondfit",
                 "sequelize-contracts", "sqlalchemy-strict"]

# Rows of rules-catalog.md section 12, transcribed from the catalog (E/W/I, "-" off), in the
# column order above. Rows for rules the validator does not check yet are left out.
SECTION_12 = """
naming.table-case                  W E E W - E E
naming.column-case                 W E E W - E E
naming.table-plural                W W W W - E W
naming.junction-table              I W W I - W W
naming.fk-column                   W E W W W E E
naming.enum-type-case              I W I I I I W
naming.boolean-prefix              I W I I I I W
naming.index-name                  I W - W - E W
naming.unique-name                 I W - W - E W
naming.fk-constraint-name          I W - W - E W
naming.check-name                  I W W W - I I
naming.reserved-word               W E W W W W W
integrity.pk-type                  W W I W W W W
integrity.prefer-identity          I W I I - I I
integrity.prefer-bigint-keys       W E W W - W I
integrity.fk-indexed               E E E E E E E
integrity.cascade-vs-soft-delete   W W E W W - I
integrity.prefer-not-null          I W W I I I I
integrity.natural-key-unique       W W W W W E W
integrity.polymorphic-association  W E W W W W I
types.timestamptz                  E E W I W E E
types.no-temporal-text             E E W I W E E
types.text-vs-varchar              I W I W - W I
types.email-length                 - - - - - W -
types.int-width                    I I - - - I I
types.enum-representation          I I I I I I I
types.jsonb-scope                  - - - I - - -
softdelete.column-present          I I E W E W I
softdelete.unique-partial          W W E W W I W
softdelete.index-strategy          I I I I I I I
timestamps.created-updated         E E E E E E E
timestamps.consistent-type         W W W E W W W
audit.actor-columns                - I - W - I I
integrity.optimistic-lock-version  - - - I - - -
tenancy.tenant-column              - - - - E - -
tenancy.tenant-indexed             - - - - E - -
tenancy.unique-includes-tenant     - - - - W - -
tenancy.child-inherits             - - - - W - -
tenancy.composite-leads-with-tenant - - - - I - -
tenancy.cross-tenant-fk            - - - - I - -
index.low-cardinality              I I I I - W W
index.small-table                  - - - - - - I
normal.transitive-copy             I W - I I W W
normal.consolidate-small-tables    - - I - - - -
doc.table-comment                  W E W I I W E
doc.column-comment                 I W I I I W W
doc.backend-field-mapping          I I I I I W I
portability.partial-index          W W E E W W W
portability.check-constraint       W W E E W W W
"""
LETTER = {"E": Level.ERROR, "W": Level.WARNING, "I": Level.INFO, "-": None}
ROWS = [(line.split()[0], line.split()[1:]) for line in SECTION_12.strip().splitlines()]


@pytest.mark.parametrize(("rule_id", "cells"), ROWS, ids=[r for r, _ in ROWS])
def test_profiles_follow_the_catalog_table(rule_id: str, cells: list[str]) -> None:
    assert len(cells) == len(PROFILE_NAMES)
    for profile, cell in zip(PROFILE_NAMES, cells, strict=True):
        level = LintConfig(profile=profile).resolve().level(rule_id)
        assert level == LETTER[cell], f"{rule_id} under {profile}: {level} instead of {cell}"


def test_profiles_settle_conflicts_with_parameters() -> None:
    def param(profile: str, rule_id: str, name: str) -> Any:
        return LintConfig(profile=profile).resolve().params[rule_id].as_dict()[name]

    assert param("recommended", "naming.fk-column", "fk_column_pattern") == "{ref_singular}_id"
    assert param("drizzle-fitness", "naming.fk-column", "fk_column_pattern") == "{ref_singular}"
    assert param("prisma-gobeyondfit", "naming.fk-column", "fk_column_pattern") == "{refSingular}Id"
    singular_junction = "{a_singular}_{b_singular}[_{noun}]"
    assert param("sqlalchemy-strict", "naming.junction-table", "junction_pattern") == singular_junction
    assert param("prisma-gobeyondfit", "integrity.pk-type", "id_strategy") == ("int_serial",)
    assert param("sequelize-contracts", "types.text-vs-varchar", "text_style") == "varchar"
    assert param("sqlalchemy-strict", "naming.fk-constraint-name", "fk_pattern") == "fk_{table}_{ref_table}"
    assert param("prisma-gobeyondfit", "softdelete.index-strategy", "soft_delete_index") == ("standalone", "composite")
    plan = LintConfig(profile="prisma-gobeyondfit").resolve()
    assert plan.settings.tenant_column == "userId"
    assert plan.settings.soft_delete_column == "deletedAt"
    assert plan.settings.target_orm == "prisma"


def test_every_profile_names_only_registered_rules() -> None:
    registered = {r.id for r in rules()}
    for p in profiles():
        for key in [*p.levels, *p.params]:
            if "*" not in key:
                assert key in registered, f"profile {p.name} names unknown rule {key}"


def test_a_config_reads_the_catalog_override_example() -> None:
    config = LintConfig.from_dict({
        "profile": "drizzle-fitness", "target_orm": "drizzle", "pg_version": 16, "zero_downtime": True,
        "rules": {"naming.fk-column": {"severity": "error", "fk_column_pattern": "{ref_singular}_id"},
                  "softdelete.column-present": {"soft_delete_scope": "all", "exempt": ["junction", "log"]},
                  "types.timestamptz": "error", "index.low-cardinality": "off"},
        "ignores": [{"object": "public.audit_log", "rule": "softdelete.*", "reason": "append-only"},
                    {"object": "public.exercises.reps", "rule": "integrity.categorical-domain",
                     "reason": "'8-12', 'AMRAP' are valid"}],
    })
    plan = config.resolve()
    assert plan.level("naming.fk-column") is Level.ERROR
    assert plan.params["naming.fk-column"].text("fk_column_pattern") == "{ref_singular}_id"
    assert plan.params["softdelete.column-present"].names("exempt") == ("junction", "log")
    assert plan.level("types.timestamptz") is Level.ERROR
    assert plan.level("index.low-cardinality") is None
    assert plan.settings.pg_version == 16
    assert LintConfig.from_dict(config.to_dict()) == config


def test_glob_overrides_and_on() -> None:
    plan = LintConfig.from_dict({"rules": {"doc.*": "off", "doc.units": "on", "tenancy.*": "warning"}}).resolve()
    assert plan.level("doc.table-comment") is None
    assert plan.level("doc.units") is Level.INFO  # "on" is the rule's catalog level; the exact id wins over the glob
    assert plan.level("tenancy.tenant-column") is Level.WARNING


def test_naming_a_tenant_column_turns_tenancy_on() -> None:
    assert LintConfig().resolve().level("tenancy.tenant-column") is None
    plan = LintConfig.from_dict({"tenant_column": "account_id"}).resolve()
    assert plan.level("tenancy.tenant-column") is Level.ERROR
    assert plan.level("tenancy.cross-tenant-fk") is Level.INFO


@pytest.mark.parametrize(("data", "key", "words"), [
    ({"prfile": "recommended"}, "prfile", "did you mean 'profile'"),
    ({"profile": "strict"}, "profile", "unknown profile"),
    ({"target_orm": "typeorm"}, "target_orm", "unknown ORM"),
    ({"pg_version": "sixteen"}, "pg_version", "PostgreSQL major version"),
    ({"zero_downtime": "yes"}, "zero_downtime", "true or false"),
    ({"rules": {"naming.fk-colum": "error"}}, "rules.naming.fk-colum", "did you mean 'naming.fk-column'"),
    ({"rules": {"naming.fk-column": "loud"}}, "rules.naming.fk-column", "unknown severity"),
    ({"rules": {"naming.fk-column": {"pattern": "x"}}}, "rules.naming.fk-column.pattern", "fk_column_pattern"),
    ({"rules": {"naming.fk-column": {"fk_column_pattern": "{table}_ref"}}}, "rules.naming.fk-column.fk_column_pattern",
     "unknown token {table}"),
    ({"rules": {"types.text-vs-varchar": {"text_style": "blob"}}}, "rules.types.text-vs-varchar.text_style",
     "unknown value"),
    ({"rules": {"integrity.pk-type": {"id_strategy": ["guid"]}}}, "rules.integrity.pk-type.id_strategy",
     "unknown value 'guid'"),
    ({"rules": {"index.over-indexed": {"max_indexes": "many"}}}, "rules.index.over-indexed.max_indexes",
     "whole number"),
    ({"rules": {"naming.*": {"index_pattern": "x"}}}, "rules.naming.*.index_pattern", "one rule"),
    ({"rules": {"nothing.*": "off"}}, "rules.nothing.*", "matches no rule"),
    ({"ignores": [{"object": "users", "rule": "naming.*"}]}, "ignores[0].reason", "needs a reason"),
    ({"ignores": [{"object": "users", "rule": "naming.*", "reason": "  "}]}, "ignores[0].reason", "needs a reason"),
    ({"ignores": [{"object": "users", "rule": "nam.*", "reason": "legacy"}]}, "ignores[0].rule", "matches no rule"),
    ({"ignores": [{"object": "users", "rule": "naming.*", "reason": "x", "until": "2027"}]}, "ignores[0].until",
     "unknown key"),
    ({"access_patterns": [{"table": "users"}]}, "access_patterns[0]", "at least one column"),
    ({"row_estimates": {"users": -3}}, "row_estimates.users", "row count"),
])
def test_bad_configs_are_refused_with_the_key(data: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        LintConfig.from_dict(data)
    assert caught.value.key == key
    assert words in str(caught.value)


@pytest.mark.parametrize(("data", "words"), [
    ({"profile": "sequelize-contracts", "rules": {"types.text-vs-varchar": {"severity": "error", "text_style": "text"},
                                                   "types.email-length": "error"}},
     "types.email-length"),
    ({"profile": "drizzle-fitness", "rules": {"normal.consolidate-small-tables": "error",
                                              "normal.transitive-copy": "error"}},
     "normal.transitive-copy"),
    ({"profile": "drizzle-fitness", "rules": {"integrity.fk-on-delete-explicit": {"default_on_delete": "cascade"}}},
     "ON DELETE CASCADE"),
    ({"rules": {"types.int-width": {"severity": "error", "int_style": "smallest"},
                "integrity.prefer-bigint-keys": "error"}},
     "width of key columns"),
    ({"rules": {"naming.fk-column": {"fk_column_pattern": "{refSingular}Id"}}}, "no foreign key column"),
    ({"profile": "prisma-gobeyondfit", "rules": {"naming.column-case": {"severity": "warning",
                                                                         "column_case": "snake"}}},
     "no foreign key column"),
    ({"profile": "drizzle-fitness", "rules": {"portability.comment": "error"}}, "cannot store comments"),
    ({"profile": "drizzle-fitness", "rules": {"portability.soft-delete-filter": "error"}},
     "asks for soft-delete columns"),
    ({"target_orm": "prisma", "rules": {"portability.db-updated-at": "error"}}, "asks for updated_at"),
    ({"profile": "drizzle-fitness", "rules": {"portability.not-valid-constraint": "error"}}, "asks for foreign keys"),
    ({"target_orm": "prisma", "zero_downtime": True, "rules": {"portability.concurrently": "error"}},
     "asks for indexes"),
])
def test_contradicting_rules_are_refused(data: dict[str, Any], words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        LintConfig.from_dict(data)
    assert "contradicting" in str(caught.value)
    assert words in str(caught.value)


def test_target_contradictions_depend_on_the_target() -> None:
    # Sequelize stores comments and filters soft-deleted rows itself: nothing contradicts.
    LintConfig.from_dict({"profile": "drizzle-fitness", "target_orm": "sequelize",
                          "rules": {"portability.comment": "error", "portability.soft-delete-filter": "error"}})
    LintConfig.from_dict({"target_orm": "prisma", "updated_at_mechanism": "trigger",
                          "rules": {"portability.db-updated-at": "error"}})


def test_the_same_rules_below_error_are_accepted() -> None:
    LintConfig.from_dict({"profile": "sequelize-contracts", "rules": {"types.text-vs-varchar": {"text_style": "text"}}})
    LintConfig.from_dict({"profile": "prisma-gobeyondfit",
                          "rules": {"naming.column-case": "warning"}})  # camel columns and camel FK pattern agree


def test_yaml_off_reads_as_off() -> None:
    assert LintConfig.from_dict({"rules": {"doc.units": False}}).resolve().level("doc.units") is None


def _bad_names() -> Any:
    return schema(users(), table("audit_log", uid(), col("Payload"), col("deleted_at", "timestamptz", null=False,
                                                                        expr="now()")))


def test_ignores_silence_one_object_and_its_children() -> None:
    base = {(f.rule, f.path) for f in lint(_bad_names())}
    assert ("naming.column-case", "audit_log.Payload") in base
    assert ("softdelete.column-shape", "audit_log.deleted_at") in base
    config = LintConfig.from_dict({"ignores": [{"object": "public.audit_log", "rule": "softdelete.*",
                                                "reason": "append-only"}]})
    ignored = {(f.rule, f.path) for f in lint(_bad_names(), config)}
    assert ("softdelete.column-shape", "audit_log.deleted_at") not in ignored
    assert ("naming.column-case", "audit_log.Payload") in ignored
    assert base - ignored == {("softdelete.column-shape", "audit_log.deleted_at")}


def test_overriding_a_parameter_changes_what_is_reported() -> None:
    s = schema(users(), table("posts", uid(), col("user", "uuid", null=False, comment=None), fk("user", "users"),
                              uq("user")))
    default = {(f.rule, f.path) for f in lint(s)}
    assert ("naming.fk-column", "posts.user") in default
    s000 = LintConfig.from_dict({"rules": {"naming.fk-column": {"fk_column_pattern": "{ref_singular}"},
                                           "naming.column-case": "off"}})
    assert ("naming.fk-column", "posts.user") not in {(f.rule, f.path) for f in lint(s, s000)}
