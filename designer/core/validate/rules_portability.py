"""ORM-target portability rules (``portability.*``, rules-catalog.md section 10).

Each rule checks whether the schema uses a feature that ``target_orm`` cannot express in its
schema/model files; such a feature is not dropped by the exporters but lands in raw SQL, which
the ORM's own diff tool may then report as drift. Where the target *can* express the feature
only with an extra annotation the exporter writes (Prisma's ``@db.Timestamptz``), the rule
reports an ``info`` note whatever the profile's level. Without a ``target_orm`` the rules are
silent. The capability table follows the catalog's matrix; cells marked † there come from
general knowledge of the libraries.
"""

from __future__ import annotations

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.types import LogicalType
from designer.core.validate.capabilities import NEEDS, NO, ORM_NAMES, capability
from designer.core.validate.context import Context
from designer.core.validate.expressions import is_uuid_generator
from designer.core.validate.registry import Issue, Params, rule
from designer.core.validate.rules_normal import implicit_join_table

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO

def support(ctx: Context, feature: str) -> str | None:
    """``yes``, ``no`` or ``needs`` for the project's target, or None without a target."""
    return capability(ctx.settings.target_orm, ctx.settings.target_orm_version, feature)


def _orm(ctx: Context) -> str:
    orm = ctx.settings.target_orm or ""
    name = ORM_NAMES.get(orm, orm)
    version = ctx.settings.target_orm_version
    return f"{name} {version}" if version else name


_RAW = "it will live in raw SQL in a migration, and the ORM's schema diff may report drift or try to drop it"


# Per-object features ------------------------------------------------------------------------


@rule("portability.partial-index", WARNING, tags=("portability",),
      statement="Partial indexes and partial unique rules are expressible in the target ORM.",
      source="Prisma docs (unsupported before v7: \"Partial indexes\"; v7 `where`); Drizzle `.where()`; Sequelize "
             "index `where`; SQLAlchemy `postgresql_where`",
      example="`UNIQUE (email) WHERE deleted_at IS NULL` with target_orm prisma, version 6")
def partial_index(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "partial-index") != NO:
        return []
    out = []
    for t in ctx.schema.tables:
        items: list[ir.Unique | ir.Index] = [*t.uniques, *t.indexes]
        for item in items:
            if item.where is not None:
                out.append(Issue(f"{t.path}.{item.name}", f"{_orm(ctx)} cannot declare the partial index "
                                 f"{item.name}: {_RAW}.", "Keep it in a hand-edited migration, or move to a version "
                                 "that supports it (Prisma 7 has `where`)."))
    return out


@rule("portability.check-constraint", WARNING, tags=("portability",),
      statement="CHECK constraints are expressible in the target ORM.",
      source="Prisma database features matrix (CHECK \"Not yet\"); Drizzle `check()`; Sequelize models (app-side "
             "validate only); SQLAlchemy `CheckConstraint`",
      example="`CHECK (weeks BETWEEN 1 AND 52)` with target_orm prisma")
def check_constraint(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "check-constraint") != NO:
        return []
    return [Issue(f"{t.path}.{c.name}", f"{_orm(ctx)} models cannot declare the CHECK {c.name}: {_RAW}.",
                  "Keep it in a migration (Sequelize: queryInterface.addConstraint)")
            for t in ctx.schema.tables for c in t.checks]


@rule("portability.expression-index", WARNING, tags=("portability",),
      statement="Expression indexes are expressible in the target ORM.",
      source="catalog capability matrix (Prisma ✗ †)",
      example="`CREATE INDEX ON users (lower(email))` with target_orm prisma")
def expression_index(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "expression-index") != NO:
        return []
    return [Issue(f"{t.path}.{i.name}", f"{_orm(ctx)} cannot declare the expression index {i.name}: {_RAW}.",
                  "Keep it in a migration.")
            for t in ctx.schema.tables for i in t.indexes if any(e.expression for e in i.elements)]


@rule("portability.index-method", WARNING, tags=("portability",),
      statement="Index methods (GIN, GiST, BRIN, hash) are expressible in the target ORM.",
      source="Prisma `type: Gin` (since 3.14); Drizzle `.using()`; Sequelize `using`; SQLAlchemy `postgresql_using`",
      example="a GIN index with target_orm prisma, version 3.10")
def index_method(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "index-method") != NO:
        return []
    return [Issue(f"{t.path}.{i.name}", f"{_orm(ctx)} cannot declare the {i.method.value} index {i.name}: {_RAW}.",
                  "Upgrade the ORM, or keep the index in a migration.")
            for t in ctx.schema.tables for i in t.indexes if i.method is not ir.IndexMethod.BTREE]


@rule("portability.identity-column", WARNING, tags=("portability",),
      statement="Identity columns are expressible in the target ORM.",
      source="catalog capability matrix: Prisma `autoincrement()` and Sequelize make serial columns †",
      example="`orders.id bigint GENERATED BY DEFAULT AS IDENTITY` with target_orm prisma")
def identity_column(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "identity-column") != NO:
        return []
    return [Issue(ref.path, f"{_orm(ctx)} cannot declare the identity column {ref.path}; its schema push makes a "
                  "serial column instead.", "Accept serial for this target, or create the column in a migration.")
            for ref in ctx.facet("identity")]


@rule("portability.composite-fk", WARNING, tags=("portability",),
      statement="Composite foreign keys are expressible in the target ORM.",
      source="catalog capability matrix: Sequelize associations take one column †",
      example="`(tenant_id, program_id) → programs (tenant_id, id)` with target_orm sequelize")
def composite_fk(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "composite-fk") != NO:
        return []
    return [Issue(f"{t.path}.{fk.name}", f"{_orm(ctx)} associations cannot declare the composite foreign key "
                  f"{fk.name}: {_RAW}.", "Add the constraint in a migration.")
            for t in ctx.schema.tables for fk in t.foreign_keys if len(fk.columns) > 1]


@rule("portability.nulls-not-distinct", WARNING, tags=("portability",),
      statement="UNIQUE ... NULLS NOT DISTINCT is expressible in the target ORM.",
      source="catalog capability matrix (Prisma, Sequelize ✗ †)",
      example="`UNIQUE NULLS NOT DISTINCT (code)` with target_orm prisma")
def nulls_not_distinct(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "nulls-not-distinct") != NO:
        return []
    return [Issue(f"{t.path}.{u.name}", f"{_orm(ctx)} cannot declare NULLS NOT DISTINCT on {u.name}: {_RAW}.",
                  "Keep it in a migration.")
            for t in ctx.schema.tables for u in t.uniques if u.nulls_not_distinct]


@rule("portability.implicit-m2m", WARNING, tags=("portability",),
      statement="Implicit ORM join tables (Prisma's `_AToB`) are not used.",
      source="catalog capability matrix: implicit tables break the naming, timestamp and soft-delete rules",
      example="a table `_ExerciseToTag (A, B)`")
def implicit_m2m(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "implicit-m2m") is None:
        return []
    return [Issue(t.path, f"{t.path} is an implicit Prisma join table: {_orm(ctx)} exports and the other rules "
                  "cannot name, time-stamp or soft-delete its rows.", "Make it an explicit junction model.")
            for t in ctx.schema.tables if implicit_join_table(t)]


# Schema-wide features -----------------------------------------------------------------------


@rule("portability.comment", WARNING, tags=("portability", "doc"),
      statement="Table and column comments are expressible in the target ORM.",
      source="Prisma (`///` stays in the schema †), drizzle-orm issue #886 and PR #4446 (no COMMENT ON)",
      example="documented tables with target_orm drizzle")
def comment(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "comment") != NO:
        return []
    count = sum(1 for t in ctx.schema.tables if t.comment) + len(ctx.columns) - len(ctx.facet("uncommented"))
    if not count:
        return []
    return [Issue("", f"{_orm(ctx)} cannot write COMMENT ON: the {count} table and column descriptions stay in the "
                  "design and its generated docs, not in the database.",
                  "Apply them with the SQL export (or a migration) if the database must carry them.")]


@rule("portability.concurrently", WARNING, tags=("portability",),
      statement="With zero-downtime migrations, the target ORM can create indexes CONCURRENTLY.",
      source="squawk require-concurrent-index-creation; Prisma migrations cannot say CONCURRENTLY (edit the SQL)",
      example="zero_downtime with target_orm prisma and secondary indexes")
def concurrently(ctx: Context, p: Params) -> list[Issue]:
    if not ctx.settings.zero_downtime or support(ctx, "concurrently") != NO:
        return []
    count = sum(len(t.indexes) for t in ctx.schema.tables)
    if not count:
        return []
    return [Issue("", f"This project wants zero-downtime migrations, but {_orm(ctx)} cannot create indexes "
                  f"CONCURRENTLY: the {count} index(es) would lock their tables while they build on live data.",
                  "Edit generated migrations to use CREATE INDEX CONCURRENTLY, each outside a transaction.")]


@rule("portability.not-valid-constraint", WARNING, tags=("portability",),
      statement="With zero-downtime migrations, the target ORM can add constraints NOT VALID.",
      source="squawk constraint-missing-not-valid; catalog capability matrix",
      example="zero_downtime with target_orm drizzle and foreign keys")
def not_valid_constraint(ctx: Context, p: Params) -> list[Issue]:
    if not ctx.settings.zero_downtime or support(ctx, "not-valid-constraint") != NO:
        return []
    count = sum(len(t.foreign_keys) + len(t.checks) for t in ctx.schema.tables)
    if not count:
        return []
    return [Issue("", f"This project wants zero-downtime migrations, but {_orm(ctx)} cannot add its {count} "
                  "foreign key and check constraint(s) NOT VALID: adding one to a live table scans it under lock.",
                  "Edit generated migrations: ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT.")]


@rule("portability.trigger", WARNING, tags=("portability",),
      statement="Triggers the design relies on (updated_at maintenance, audit trails) are expressible in the "
                "target ORM.",
      source="catalog capability matrix (no target declares triggers); S004 (\"Triggers: For automatic timestamp "
             "updates\")",
      example="updated_at_mechanism trigger with target_orm sqlalchemy")
def trigger(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "trigger") != NO:
        return []
    needs = []
    if ctx.settings.updated_at_mechanism == "trigger" and ctx.audit_refs("updated_at"):
        needs.append("updated_at triggers")
    if ctx.tagged.get("audited"):
        needs.append("audit trail triggers")
    if not needs:
        return []
    return [Issue("", f"The design relies on {' and '.join(needs)}, which {_orm(ctx)} cannot declare: they live in "
                  "raw SQL migrations, outside the ORM's schema.", "Keep the trigger functions in a migration of "
                  "their own.")]


@rule("portability.db-updated-at", WARNING, tags=("portability", "timestamps"),
      statement="updated_at maintained by the ORM is only bumped by writes that go through the ORM.",
      source="Prisma `@updatedAt`, Drizzle `$onUpdate`, Sequelize `timestamps`, SQLAlchemy `onupdate`: all "
             "client-side",
      example="updated_at_mechanism orm with target_orm prisma")
def db_updated_at(ctx: Context, p: Params) -> list[Issue]:
    if ctx.settings.updated_at_mechanism != "orm" or support(ctx, "db-updated-at") != NO:
        return []
    tables = len(ctx.audit_refs("updated_at"))
    if not tables:
        return []
    return [Issue("", f"{_orm(ctx)} sets updated_at in the application: writes from SQL, other services or "
                  f"migrations leave it stale in the {tables} table(s) that have it.",
                  "Use a BEFORE UPDATE trigger (updated_at_mechanism: trigger) if other writers exist.")]


@rule("portability.down-migration", WARNING, tags=("portability",),
      statement="The target's migration tool has down migrations, or the project writes rollback scripts.",
      source="Prisma migrate and drizzle-kit have no down migrations (S002 writes `rollback.sql` by hand) (C16)",
      example="target_orm prisma")
def down_migration(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "down-migration") != NO:
        return []
    return [Issue("", f"{_orm(ctx)}'s migration tool has no down migrations: rolling back needs a rollback script "
                  "written (and tested) next to each migration.", "Generate rollback.sql with each migration.")]


@rule("portability.soft-delete-filter", WARNING, tags=("portability", "softdelete"),
      statement="Where the target ORM cannot filter soft-deleted rows itself, every query must.",
      source="catalog capability matrix: only Sequelize has `paranoid: true`",
      example="tables with deleted_at and target_orm drizzle")
def soft_delete_filter(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "soft-delete-filter") != NO:
        return []
    tables = [t.path for t in ctx.schema.tables if ctx.soft_delete(t) is not None]
    if not tables:
        return []
    name = ctx.soft_delete_name
    return [Issue("", f"{_orm(ctx)} does not hide soft-deleted rows: every query on the {len(tables)} "
                  f"soft-deletable table(s) must add {name} IS NULL itself.",
                  f"Filter with exactly `{name} IS NULL`, the condition the partial indexes use.")]


# "Needs an annotation" notes ----------------------------------------------------------------


@rule("portability.timestamptz", WARNING, tags=("portability",),
      statement="timestamptz columns need the target's time-zone annotation; Sequelize cannot declare a timestamp "
                "without time zone.",
      source="Prisma `@db.Timestamptz(3)`, Drizzle `{ withTimezone: true }`, SQLAlchemy `DateTime(timezone=True)`; "
             "Sequelize `DATE` is timestamptz †",
      example="timestamptz columns with target_orm prisma (an info note)")
def timestamptz(ctx: Context, p: Params) -> list[Issue]:
    state = support(ctx, "timestamptz")
    if state is None:
        return []
    if state == NEEDS and ctx.by_logical.get(LogicalType.TIMESTAMPTZ):
        return [Issue("", f"{_orm(ctx)} writes a timestamp without time zone unless told: the export annotates the "
                      f"{len(ctx.by_logical[LogicalType.TIMESTAMPTZ])} timestamptz column(s).",
                      "Nothing to do; keep the annotation if you edit the generated file.", level=INFO)]
    if ctx.settings.target_orm == "sequelize":
        return [Issue(ref.path, f"Sequelize's DATE is timestamptz on PostgreSQL: {ref.path} (timestamp without time "
                      "zone) cannot be declared as it is.", "Use timestamptz.")
                for ref in ctx.of_types(LogicalType.TIMESTAMP)]
    return []


@rule("portability.db-uuid-default", WARNING, tags=("portability",),
      statement="Database-side UUID defaults need the target's annotation.",
      source="Prisma `uuid()` is client-side (`dbgenerated(\"gen_random_uuid()\")` needed); Sequelize `UUIDV4` is "
             "client-side (`literal` needed) (C26)",
      example="`id uuid DEFAULT gen_random_uuid()` with target_orm prisma (an info note)")
def db_uuid_default(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "db-uuid-default") != NEEDS:
        return []
    count = sum(1 for r in ctx.of_types(LogicalType.UUID) if r.column.default is not None
                and r.column.default.kind is ir.DefaultKind.EXPRESSION and is_uuid_generator(r.column.default.value))
    if not count:
        return []
    return [Issue("", f"{_orm(ctx)}'s own UUID default is client-side: the export keeps the database default of the "
                  f"{count} UUID column(s) with an explicit annotation.",
                  "Nothing to do; do not replace it with the ORM's uuid() helper.", level=INFO)]


@rule("portability.native-enum", WARNING, tags=("portability",),
      statement="Native enums keep their names in the target ORM.",
      source="catalog capability matrix: Sequelize names the type `enum_{table}_{col}` †",
      example="an enum `session_status` with target_orm sequelize (an info note)")
def native_enum(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "native-enum") != NEEDS:
        return []
    out = []
    for ref in ctx.of_types(LogicalType.ENUM):
        auto = f"enum_{ref.table.name}_{ref.column.name}"
        if ref.column.type.enum != auto:
            out.append(Issue(ref.path, f"{_orm(ctx)} would name the type of {ref.path} {auto}, not "
                             f"{ref.column.type.enum}: the export declares it by its real name.",
                             "Nothing to do; keep the explicit type name in migrations.", level=INFO))
    return out


_PRISMA_SUFFIX = {"unique": "_key", "index": "_idx", "fk": "_fkey"}


@rule("portability.naming-control", WARNING, tags=("portability", "naming"),
      statement="Constraint names that differ from the target ORM's defaults are mapped explicitly.",
      source="Prisma's defaults are `{Table}_{col}_key/_idx/_fkey`; `map:` keeps other names",
      example="an index `idx_users_email` with target_orm prisma (an info note)")
def naming_control(ctx: Context, p: Params) -> list[Issue]:
    if support(ctx, "naming-control") != NEEDS:
        return []
    count = 0
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            count += fk.name != f"{t.name}_{'_'.join(fk.columns)}_fkey"
        for u in t.uniques:
            count += u.name != f"{t.name}_{'_'.join(u.columns)}_key"
        for i in t.indexes:
            suffix = "_key" if i.unique else "_idx"
            count += i.name != f"{t.name}_{'_'.join(e.column or 'expr' for e in i.elements)}{suffix}"
    if not count:
        return []
    return [Issue("", f"{count} constraint and index name(s) differ from {_orm(ctx)}'s defaults: the export keeps "
                  "them with map: arguments.", "Nothing to do.", level=INFO)]
