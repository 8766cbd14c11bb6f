"""The rule profiles of ``rules-catalog.md`` section 12: one per seed style, plus two neutral ones.

A profile is data: the level of each rule that differs from the catalog's default severity
(``None`` turns a rule off), the parameters that settle the conflicts between the seeds
(section 11: the FK column pattern, the junction pattern, the id strategy...), and the project
settings it implies (target ORM, soft-delete column name, tenant column...). Every profile
starts from ``recommended``; keys may be globs (``tenancy.*``) that exact ids override.

Where this file departs from the catalog's table it says so in a comment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from designer.core.diagnostics import Level
from designer.core.validate.registry import ParamValue

ERROR, WARN, INFO = Level.ERROR, Level.WARNING, Level.INFO
OFF = None


@dataclass(frozen=True)
class Profile:
    """A style profile.

    Attributes:
        name: the id projects use (``drizzle-fitness``).
        source: the seed it comes from (``S000``), or the linters for the neutral ones.
        summary: one line for the settings page and docs.
        levels: rule id (or glob) to level, ``None`` for off; applied over ``recommended``.
        params: rule id to the parameters it sets.
        settings: project settings the profile implies (a project's own settings win).
    """

    name: str
    source: str
    summary: str
    levels: Mapping[str, Level | None] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    settings: Mapping[str, str | int | bool | None] = field(default_factory=dict)


#: Departure from the catalog's "portability.* at error" for the Drizzle profiles: these are
#: about how Drizzle and its migrations behave, not about something the schema could stop using.
#: At error they would block every export, and most fire precisely when the schema obeys a rule
#: the same profile demands (descriptions, soft delete, updated_at, foreign keys and their
#: indexes); so they stay warnings.
SCHEMA_WIDE_NOTES: dict[str, Level | None] = {
    "portability.comment": WARN,
    "portability.soft-delete-filter": WARN,
    "portability.db-updated-at": WARN,
    "portability.down-migration": WARN,
    "portability.concurrently": WARN,
    "portability.not-valid-constraint": WARN,
}


#: The migration rules about locks: errors where migrations must not block (catalog section 12).
NON_BLOCKING: dict[str, Level | None] = {
    "migration.index-concurrently": ERROR,
    "migration.fk-not-valid": ERROR,
    "migration.check-not-valid": ERROR,
    "migration.set-not-null": ERROR,
    "migration.add-column-volatile-default": ERROR,
    "migration.change-column-type": ERROR,
}


RECOMMENDED = Profile(
    name="recommended",
    source="linters + the common ground of all seeds",
    summary="The catalog's default severities with every parametrised rule at its neutral default.",
    levels={
        "naming.junction-table": INFO,
        "softdelete.column-present": INFO,
        "types.email-length": OFF,
        "types.jsonb-scope": OFF,
        "audit.actor-columns": OFF,
        "integrity.optimistic-lock-version": OFF,
        "tenancy.*": OFF,
        "index.small-table": OFF,
        "normal.consolidate-small-tables": OFF,
    },
)

STRICT_POSTGRES = Profile(
    name="strict-postgres",
    source="PGW + squawk + Atlas + S004",
    summary="Recommended with every types.* rule at error, zero downtime, and comments required.",
    levels={
        # "every types.* rule at error" (section 12 summary); the table's own cells follow.
        "types.*": ERROR,
        # Departure: column order is a storage hint applied on CREATE only ("never by migration");
        # at error it would block exports, and every fix that adds or widens a column would trip it.
        "types.column-alignment": INFO,
        "naming.table-case": ERROR,
        "naming.column-case": ERROR,
        "naming.junction-table": WARN,
        "naming.fk-column": ERROR,
        "naming.enum-type-case": WARN,
        "naming.boolean-prefix": WARN,
        "naming.index-name": WARN,
        "naming.unique-name": WARN,
        "naming.fk-constraint-name": WARN,
        "naming.check-name": WARN,
        "naming.reserved-word": ERROR,
        "integrity.prefer-identity": WARN,
        "integrity.prefer-bigint-keys": ERROR,
        "integrity.prefer-not-null": WARN,
        "integrity.polymorphic-association": ERROR,
        "types.text-vs-varchar": WARN,
        "types.email-length": OFF,
        "types.int-width": INFO,
        "types.enum-representation": INFO,
        "types.jsonb-scope": OFF,
        "audit.actor-columns": INFO,
        "normal.transitive-copy": WARN,
        "doc.table-comment": ERROR,
        "doc.column-comment": WARN,
        "migration.*": ERROR,
    },
    params={
        "integrity.pk-type": {"id_strategy": ("bigint_identity", "uuid")},
        "types.enum-representation": {"enum_style": ("check", "lookup")},
    },
    settings={"zero_downtime": True, "updated_at_mechanism": "trigger"},
)

DRIZZLE_FITNESS = Profile(
    name="drizzle-fitness",
    source="S000",
    summary="Soft delete everywhere with partial uniques, FK columns without suffix, compound junction names, "
            "camelCase pgEnum names, app-level cascades, consolidation, zero downtime.",
    levels={
        "naming.table-case": ERROR,
        "naming.column-case": ERROR,
        "naming.junction-table": WARN,
        "naming.index-name": OFF,
        "naming.unique-name": OFF,
        "naming.fk-constraint-name": OFF,
        "naming.check-name": WARN,
        "integrity.pk-type": INFO,
        "integrity.cascade-vs-soft-delete": ERROR,
        "integrity.prefer-not-null": WARN,
        "types.timestamptz": WARN,
        "types.no-temporal-text": WARN,
        "types.int-width": OFF,
        "softdelete.column-present": ERROR,
        "softdelete.unique-partial": ERROR,
        "normal.transitive-copy": OFF,
        "normal.consolidate-small-tables": INFO,
        "portability.*": ERROR,
        **SCHEMA_WIDE_NOTES,
        **NON_BLOCKING,
    },
    params={
        "naming.fk-column": {"fk_column_pattern": "{ref_singular}"},
        "naming.enum-type-case": {"enum_case": "camel"},
        "naming.check-name": {"check_pattern": "{desc}"},
        "integrity.pk-type": {"id_strategy": ("any",)},
        "types.enum-representation": {"enum_style": ("pg_enum",)},
        "softdelete.column-present": {"soft_delete_scope": "all"},
        # S000 says "`deleted_at` timestamp" without a zone; types.timestamptz reports the zone.
        "softdelete.column-shape": {"allowed_types": ("timestamptz", "timestamp")},
    },
    settings={"target_orm": "drizzle", "zero_downtime": True},
)

DRIZZLE_SQL_FIRST = Profile(
    name="drizzle-sql-first",
    source="S001",
    summary="UUID keys, text strings, audit actor columns, optimistic-lock versions, temporal-as-text tolerated.",
    levels={
        "naming.index-name": WARN,
        "naming.unique-name": WARN,
        "naming.fk-constraint-name": WARN,
        "naming.check-name": WARN,
        "types.timestamptz": INFO,
        "types.no-temporal-text": INFO,
        "types.text-vs-varchar": WARN,
        "types.int-width": OFF,
        "types.jsonb-scope": INFO,
        "softdelete.column-present": WARN,
        "timestamps.consistent-type": ERROR,
        "audit.actor-columns": WARN,
        "integrity.optimistic-lock-version": INFO,
        "doc.table-comment": INFO,
        "portability.*": ERROR,
        **SCHEMA_WIDE_NOTES,
    },
    params={
        "naming.index-name": {"index_pattern": "idx_{table}_{columns}"},
        "naming.unique-name": {"unique_pattern": "idx_{table}_{columns}"},
        "naming.fk-constraint-name": {"fk_pattern": "fk_{table}_{columns}"},
        "naming.check-name": {"check_pattern": "chk_{entity}_{desc}"},
        "integrity.pk-type": {"id_strategy": ("uuid",)},
        "softdelete.column-present": {"soft_delete_scope": "all"},
        # C6: S001 stores its audit timestamps as text; the profile tolerates it (at info).
        "softdelete.column-shape": {"allowed_types": ("timestamptz", "timestamp", "text")},
    },
    settings={"target_orm": "drizzle"},
)

PRISMA_GOBEYONDFIT = Profile(
    name="prisma-gobeyondfit",
    source="S002",
    summary="PascalCase models, camelCase columns, int autoincrement keys, multi-tenancy by userId, "
            "mandatory soft delete and timestamps, standalone deletedAt indexes.",
    levels={
        "naming.table-case": OFF,
        "naming.column-case": OFF,
        "naming.table-plural": OFF,
        "naming.junction-table": OFF,
        "naming.index-name": OFF,
        "naming.unique-name": OFF,
        "naming.fk-constraint-name": OFF,
        "naming.check-name": OFF,
        "integrity.prefer-identity": OFF,
        "integrity.prefer-bigint-keys": OFF,
        "types.timestamptz": WARN,
        "types.no-temporal-text": WARN,
        "types.text-vs-varchar": OFF,
        "types.int-width": OFF,
        "softdelete.column-present": ERROR,
        "tenancy.*": INFO,
        "tenancy.tenant-column": ERROR,
        "tenancy.tenant-indexed": ERROR,
        "tenancy.unique-includes-tenant": WARN,
        "tenancy.child-inherits": WARN,
        "index.low-cardinality": OFF,
        "doc.table-comment": INFO,
    },
    params={
        "naming.column-case": {"column_case": "camel"},
        "naming.fk-column": {"fk_column_pattern": "{refSingular}Id"},
        "naming.enum-type-case": {"enum_case": "pascal"},
        # Prisma's own default names, so naming.explicit-constraint-names accepts them.
        "naming.index-name": {"index_pattern": "{table}_{columns}_idx"},
        "naming.unique-name": {"unique_pattern": "{table}_{columns}_key"},
        "naming.fk-constraint-name": {"fk_pattern": "{table}_{columns}_fkey"},
        "integrity.pk-type": {"id_strategy": ("int_serial",)},
        "types.enum-representation": {"enum_style": ("pg_enum",)},
        "softdelete.column-present": {"soft_delete_scope": "all", "exempt": ("junction",)},
        # Prisma's DateTime is timestamp(3); types.timestamptz reports the zone.
        "softdelete.column-shape": {"allowed_types": ("timestamptz", "timestamp")},
        "softdelete.index-strategy": {"soft_delete_index": ("standalone", "composite")},
    },
    settings={"target_orm": "prisma", "tenant_column": "userId", "soft_delete_column": "deletedAt"},
)

SEQUELIZE_CONTRACTS = Profile(
    name="sequelize-contracts",
    source="S003",
    summary="The S003 quality gates at error, varchar sizing, fk_[table]_[column] names, cascades allowed, "
            "documented contracts.",
    levels={
        "naming.table-case": ERROR,
        "naming.column-case": ERROR,
        "naming.table-plural": ERROR,
        "naming.junction-table": WARN,
        "naming.fk-column": ERROR,
        "naming.index-name": ERROR,
        "naming.unique-name": ERROR,
        "naming.fk-constraint-name": ERROR,
        "integrity.cascade-vs-soft-delete": OFF,
        "integrity.natural-key-unique": ERROR,
        "types.text-vs-varchar": WARN,
        "types.email-length": WARN,
        "softdelete.column-present": WARN,
        "softdelete.unique-partial": INFO,
        "audit.actor-columns": INFO,
        "index.low-cardinality": WARN,
        "normal.transitive-copy": WARN,
        "doc.column-comment": WARN,
        "doc.backend-field-mapping": WARN,
    },
    params={
        "naming.unique-name": {"unique_pattern": "{table}_{columns}_unique"},
        "naming.fk-constraint-name": {"fk_pattern": "fk_{table}_{columns}"},
        "naming.check-name": {"check_pattern": "{table}_{column}_check"},
        "integrity.pk-type": {"id_strategy": ("uuid",)},
        "integrity.fk-on-delete-explicit": {"default_on_delete": "by_cardinality"},
        "types.text-vs-varchar": {"text_style": "varchar"},
        "types.int-width": {"int_style": "smallest"},
    },
    settings={"target_orm": "sequelize"},
)

SQLALCHEMY_STRICT = Profile(
    name="sqlalchemy-strict",
    source="S004",
    summary="3NF, {table}_id keys, singular junction names, idx_/uniq_/fk_{table}_{ref} names, timestamptz, "
            "trigger-maintained updated_at, every table and column documented.",
    levels={
        "naming.table-case": ERROR,
        "naming.column-case": ERROR,
        "naming.junction-table": WARN,
        "naming.fk-column": ERROR,
        "naming.enum-type-case": WARN,
        "naming.boolean-prefix": WARN,
        "naming.index-name": WARN,
        "naming.unique-name": WARN,
        "naming.fk-constraint-name": WARN,
        "integrity.prefer-bigint-keys": INFO,
        "integrity.cascade-vs-soft-delete": INFO,
        "integrity.polymorphic-association": INFO,
        "audit.actor-columns": INFO,
        "index.low-cardinality": WARN,
        "index.small-table": INFO,
        "normal.transitive-copy": WARN,
        "doc.table-comment": ERROR,
        "doc.column-comment": WARN,
        **NON_BLOCKING,
    },
    params={
        "naming.junction-table": {"junction_pattern": "{a_singular}_{b_singular}[_{noun}]"},
        "naming.fk-constraint-name": {"fk_pattern": "fk_{table}_{ref_table}"},
        "integrity.pk-type": {"id_strategy": ("uuid", "bigserial")},
        "types.text-vs-varchar": {"text_style": "either"},
        "types.int-width": {"int_style": "either"},
    },
    settings={"target_orm": "sqlalchemy", "zero_downtime": True, "updated_at_mechanism": "trigger"},
)

PROFILES: dict[str, Profile] = {p.name: p for p in (RECOMMENDED, STRICT_POSTGRES, DRIZZLE_FITNESS, DRIZZLE_SQL_FIRST,
                                                   PRISMA_GOBEYONDFIT, SEQUELIZE_CONTRACTS, SQLALCHEMY_STRICT)}
