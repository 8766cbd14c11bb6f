"""Every rule has a schema that triggers it and a near-identical one that does not.

Each case is a function of ``bad``: ``True`` builds the triggering schema, ``False`` the clean
twin (as Prisma's ``*_positive``/``*_negative`` validation pairs). A case may also return a
config, for the rules that read project settings. The rule under test is turned on whatever
the profile says, so a pair tests the rule and not the profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from designer.core import ir
from designer.core.consistency import check_consistency
from designer.core.validate import LintConfig, lint, rules
from designer.core.validate.docs import NOT_CHECKABLE
from designer.core.validate.registry import DIFF_GROUP
from tests.core.validate.builders import chk, col, enum, fk, idx, schema, table, uid, uq, users

Made = ir.Schema | tuple[ir.Schema, dict[str, Any]]


@dataclass(frozen=True)
class Case:
    rule: str
    make: Callable[[bool], Made]
    config: dict[str, Any] | None = None
    path: str | None = None


CASES: list[Case] = []


Maker = Callable[[bool], Made]


def case(rule: str, config: dict[str, Any] | None = None, path: str | None = None) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        CASES.append(Case(rule, make, config, path))
        return make

    return register


def posts(*parts: Any, user_col: ir.Column | None = None, **kw: Any) -> ir.Table:
    column = user_col or col("user_id", "uuid", null=False)
    return table("posts", uid(), column, *parts, **kw)


# Naming -------------------------------------------------------------------------------------


@case("naming.table-case", path="WorkoutPlans")
def _(bad: bool) -> Made:
    return schema(table("WorkoutPlans" if bad else "workout_plans", uid()))


@case("naming.column-case", path="users.firstName")
def _(bad: bool) -> Made:
    return schema(users(col("firstName" if bad else "first_name")))


@case("naming.enum-type-case", path="ExerciseType")
def _(bad: bool) -> Made:
    name = "ExerciseType" if bad else "exercise_type"
    return schema(table("exercises", uid(), col("kind", f"enum:{name}")), enums=[enum(name, "strength", "cardio")])


@case("naming.table-plural", path="exercise")
def _(bad: bool) -> Made:
    return schema(table("exercise" if bad else "exercises", uid()))


@case("naming.junction-table", path="assignments")
def _(bad: bool) -> Made:
    roles = table("roles", uid())
    junction = table("assignments" if bad else "user_roles", col("user_id", "uuid", null=False),
                     col("role_id", "uuid", null=False), fk("user_id", "users"), fk("role_id", "roles"),
                     idx("role_id"), pk=("user_id", "role_id"))
    return schema(users(), roles, junction)


@case("naming.pk-column-id", path="users.user_id")
def _(bad: bool) -> Made:
    name = "user_id" if bad else "id"
    return schema(table("users", uid(name), pk=(name,)))


@case("naming.fk-column", path="posts.author")
def _(bad: bool) -> Made:
    name = "author" if bad else "user_id"
    return schema(users(), posts(fk(name, "users"), idx(name), user_col=col(name, "uuid", null=False)))


@case("naming.boolean-prefix", path="users.active")
def _(bad: bool) -> Made:
    return schema(users(col("active" if bad else "is_active", "boolean")))


@case("naming.timestamp-suffix", path="users.started")
def _(bad: bool) -> Made:
    return schema(users(col("started" if bad else "started_at", "timestamptz")))


@case("naming.audit-column-names", path="users.creation_date")
def _(bad: bool) -> Made:
    return schema(users(col("creation_date" if bad else "created_at", "timestamptz")))


@case("naming.index-name", path="users.users_by_name")
def _(bad: bool) -> Made:
    return schema(users(col("name"), idx("name", name="users_by_name" if bad else "idx_users_name")))


@case("naming.unique-name", path="users.email_unique")
def _(bad: bool) -> Made:
    return schema(table("users", uid(), col("email"), uq("email", name="email_unique" if bad else "uniq_users_email")))


@case("naming.fk-constraint-name", path="posts.posts_user")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users", name="posts_user" if bad else "fk_posts_user_id"),
                                 idx("user_id")))


@case("naming.check-name", path="users.users_age_check1")
def _(bad: bool) -> Made:
    return schema(users(col("age", "integer"), chk("age >= 0", name="users_age_check1" if bad else "age_non_negative")))


@case("naming.explicit-constraint-names", path="posts.posts_user_id_fkey")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users", name="posts_user_id_fkey" if bad else "fk_posts_user_id"),
                                 idx("user_id")))


@case("naming.identifier-length", path="t" * 60)
def _(bad: bool) -> Made:
    return schema(table("t" * 60, uid(), pk_name=None if bad else "long_pkey"))


@case("naming.reserved-word", path="items.order")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("order" if bad else "order_index", "integer")))


@case("naming.api-db-consistency", path="users.email")
def _(bad: bool) -> Made:
    return schema(table("users", uid(), col("email", orm="mail" if bad else "email")))


# Keys and integrity -------------------------------------------------------------------------


@case("integrity.pk-required", path="events")
def _(bad: bool) -> Made:
    return schema(table("events", uid(), col("payload", "jsonb"), pk=() if bad else ("id",)))


@case("integrity.pk-type", path="users.id")
def _(bad: bool) -> Made:
    key = col("id", "integer", null=False, identity=True) if bad else uid()
    return schema(table("users", key))


@case("integrity.uuid-db-default", path="users.id")
def _(bad: bool) -> Made:
    key = col("id", "uuid", null=False, client="uuid") if bad else uid()
    return schema(table("users", key))


@case("integrity.prefer-identity", path="orders.id")
def _(bad: bool) -> Made:
    key = col("id", "bigint", null=False, seq="orders_id_seq") if bad else col("id", "bigint", null=False,
                                                                               identity=True)
    return schema(table("orders", key))


@case("integrity.prefer-bigint-keys", path="orders.id")
def _(bad: bool) -> Made:
    return schema(table("orders", col("id", "integer" if bad else "bigint", null=False, identity=True)))


@case("integrity.fk-declared", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(idx("user_id"), *(() if bad else (fk("user_id", "users"),))))


@case("integrity.fk-indexed", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users"), *(() if bad else (idx("user_id"),))))


@case("integrity.fk-type-match", path="posts.user_id")
def _(bad: bool) -> Made:
    users_table = table("users", col("id", "bigint", null=False, identity=True))
    return schema(users_table, table("posts", uid(), col("user_id", "integer" if bad else "bigint", null=False),
                                     fk("user_id", "users"), idx("user_id")))


@case("integrity.fk-on-delete-explicit", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users", on_delete="no_action" if bad else "restrict"), idx("user_id")))


@case("integrity.fk-set-null-nullable", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users", on_delete="set_null"), idx("user_id"),
                                 user_col=col("user_id", "uuid", null=not bad, comment="Empty once the user is gone.")))


@case("integrity.cascade-vs-soft-delete", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(col("deleted_at", "timestamptz"), fk("user_id", "users",
                                                                      on_delete="cascade" if bad else "restrict"),
                                 idx("user_id")))


@case("integrity.required-relationship-not-null", path="posts.user_id")
def _(bad: bool) -> Made:
    return schema(users(), posts(fk("user_id", "users"), idx("user_id"), user_col=col("user_id", "uuid", null=bad)))


@case("integrity.prefer-not-null", path="users.bio")
def _(bad: bool) -> Made:
    return schema(users(col("bio", comment=None if bad else "Optional: many users never write one.")))


@case("integrity.natural-key-unique", path="accounts.email")
def _(bad: bool) -> Made:
    return schema(table("accounts", uid(), col("email", null=False), *(() if bad else (uq("email"),))))


@case("integrity.nullable-unique", path="users.uniq_users_username")
def _(bad: bool) -> Made:
    return schema(users(col("username", null=bad), uq("username")))


@case("integrity.check-domain-ranges", path="opening_hours.day_of_week")
def _(bad: bool) -> Made:
    return schema(table("opening_hours", uid(), col("day_of_week", "integer", null=False),
                        *(() if bad else (chk("day_of_week BETWEEN 0 AND 6"),))))


@case("integrity.check-interval-order", path="sessions.completed_at")
def _(bad: bool) -> Made:
    return schema(table("sessions", uid(), col("started_at", "timestamptz", null=False),
                        col("completed_at", "timestamptz"),
                        *(() if bad else (chk("completed_at IS NULL OR completed_at >= started_at"),))))


@case("integrity.default-null-string", path="users.nickname")
def _(bad: bool) -> Made:
    return schema(users(col("nickname", default="NULL" if bad else "anonymous")))


@case("integrity.junction-unique-pair", path="user_roles")
def _(bad: bool) -> Made:
    junction = table("user_roles", uid(), col("user_id", "uuid", null=False), col("role_id", "uuid", null=False),
                     fk("user_id", "users"), fk("role_id", "roles"), idx("user_id"), idx("role_id"),
                     *(() if bad else (uq("user_id", "role_id"),)), tags=["junction"])
    return schema(users(), table("roles", uid()), junction)


@case("integrity.one-to-one-unique", path="profiles.user_id")
def _(bad: bool) -> Made:
    return schema(users(), table("profiles", uid(), col("user_id", "uuid", null=False),
                                 fk("user_id", "users", back="profile"), idx("user_id", unique=not bad)))


@case("integrity.polymorphic-association", path="comments.commentable_id")
def _(bad: bool) -> Made:
    return schema(users(), table("comments", uid(), col("commentable_type", "varchar(50)", null=False),
                                 col("commentable_id", "uuid", null=False), idx("commentable_id"),
                                 *(() if bad else (fk("commentable_id", "users"),))))


@case("integrity.categorical-domain", path="orders.status")
def _(bad: bool) -> Made:
    return schema(table("orders", uid(), col("status", null=False),
                        *(() if bad else (chk("status IN ('new', 'paid')"),))))


@case("integrity.optimistic-lock-version", path="bookings")
def _(bad: bool) -> Made:
    version = () if bad else (col("version", "integer", null=False, default="0"),)
    return schema(table("bookings", uid(), *version, tags=["concurrent_edit"]))


# Types --------------------------------------------------------------------------------------


def one_column(name: str, type_: str, **kw: Any) -> ir.Schema:
    return schema(table("items", uid(), col(name, type_, **kw)))


@case("types.timestamptz", path="items.started_at")
def _(bad: bool) -> Made:
    return one_column("started_at", "timestamp" if bad else "timestamptz")


@case("types.no-temporal-text", path="items.created_at")
def _(bad: bool) -> Made:
    return one_column("created_at", "text" if bad else "timestamptz")


@case("types.time-of-day", path="items.open_time")
def _(bad: bool) -> Made:
    return one_column("open_time", "timetz" if bad else "time")


@case("types.no-timestamp-precision-0", path="items.happened_at")
def _(bad: bool) -> Made:
    return one_column("happened_at", "timestamptz(0)" if bad else "timestamptz(3)")


@case("types.date-only", path="items.date_of_birth")
def _(bad: bool) -> Made:
    return one_column("date_of_birth", "timestamptz" if bad else "date")


@case("types.no-char-n", path="items.currency")
def _(bad: bool) -> Made:
    return one_column("currency", "char(3)" if bad else "text")


@case("types.text-vs-varchar", path="items.label")
def _(bad: bool) -> Made:
    return one_column("label", "varchar(100)" if bad else "text")


@case("types.email-length", path="items.email")
def _(bad: bool) -> Made:
    return one_column("email", "varchar(100)" if bad else "varchar(255)")


@case("types.no-money-type", path="items.total")
def _(bad: bool) -> Made:
    return one_column("total", "money" if bad else "numeric(12,2)")


@case("types.exact-numeric-for-money", path="items.price")
def _(bad: bool) -> Made:
    return one_column("price", "double precision" if bad else "numeric(12,2)")


@case("types.numeric-precision", path="items.weight_kg")
def _(bad: bool) -> Made:
    return one_column("weight_kg", "numeric" if bad else "numeric(8,2)")


@case("types.jsonb-not-json", path="items.data")
def _(bad: bool) -> Made:
    return one_column("data", "json" if bad else "jsonb")


@case("types.jsonb-scope", path="items.owner_id")
def _(bad: bool) -> Made:
    return one_column("owner_id" if bad else "settings", "jsonb")


@case("types.jsonb-typed", path="items.settings")
def _(bad: bool) -> Made:
    return one_column("settings", "jsonb", comment=None if bad else "{theme: string, beta: boolean}")


@case("types.array-of-ids", path="items.exercise_ids")
def _(bad: bool) -> Made:
    return one_column("exercise_ids" if bad else "labels", "uuid[]" if bad else "text[]")


@case("types.boolean-native", path="items.is_active")
def _(bad: bool) -> Made:
    return one_column("is_active", "char(1)" if bad else "boolean", default="Y" if bad else "true")


@case("types.uuid-native", path="items.token")
def _(bad: bool) -> Made:
    return one_column("token", "varchar(36)" if bad else "uuid")


@case("types.int-width", path="items.view_count")
def _(bad: bool) -> Made:
    return one_column("view_count", "integer" if bad else "bigint")


@case("types.enum-representation", config={"rules": {"types.enum-representation": {"enum_style": ["pg_enum"]}}},
      path="orders.status")
def _(bad: bool) -> Made:
    if bad:
        return schema(table("orders", uid(), col("status", null=False), chk("status IN ('new', 'paid')")))
    return schema(table("orders", uid(), col("status", "enum:order_status", null=False)),
                  enums=[enum("order_status", "new", "paid")])


@case("types.column-alignment", path="events")
def _(bad: bool) -> Made:
    parts = [col("flag", "boolean"), col("amount", "bigint"), col("other", "boolean"), col("at", "timestamptz")]
    if not bad:
        parts = [parts[1], parts[3], parts[0], parts[2]]
    return schema(table("events", col("id", "bigint", null=False, identity=True), *parts))


# Soft delete, timestamps, audit -------------------------------------------------------------


@case("softdelete.column-present", path="programs")
def _(bad: bool) -> Made:
    return schema(table("programs", uid(), *(() if bad else (col("deleted_at", "timestamptz"),)),
                        tags=["soft_delete"]))


@case("softdelete.column-shape", path="users.deleted_at")
def _(bad: bool) -> Made:
    if bad:
        return schema(users(col("deleted_at", "timestamptz", null=False, expr="now()")))
    return schema(users(col("deleted_at", "timestamptz")))


@case("softdelete.unique-partial", path="accounts.uniq_accounts_email")
def _(bad: bool) -> Made:
    return schema(table("accounts", uid(), col("email", null=False), col("deleted_at", "timestamptz"),
                        uq("email", where=None if bad else "deleted_at IS NULL")))


@case("softdelete.index-strategy", path="accounts.idx_accounts_name")
def _(bad: bool) -> Made:
    return schema(table("accounts", uid(), col("name"), col("deleted_at", "timestamptz"),
                        idx("name", where=None if bad else "deleted_at IS NULL")))


@case("softdelete.children-soft-deletable", path="comments")
def _(bad: bool) -> Made:
    parent = table("threads", uid(), col("deleted_at", "timestamptz"))
    child = table("comments", uid(), col("thread_id", "uuid", null=False), fk("thread_id", "threads"),
                  idx("thread_id"), *(() if bad else (col("deleted_at", "timestamptz"),)))
    return schema(parent, child)


@case("timestamps.created-updated", path="items")
def _(bad: bool) -> Made:
    stamps = [col("created_at", "timestamptz", null=False, expr="now()")]
    if not bad:
        stamps.append(col("updated_at", "timestamptz", null=False, expr="now()"))
    return schema(table("items", uid(), *stamps))


@case("timestamps.not-null-default-now", path="items.created_at")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("created_at", "timestamptz", null=bad, expr=None if bad else "now()")))


@case("timestamps.consistent-type", path="b.created_at")
def _(bad: bool) -> Made:
    odd = "timestamp(3)" if bad else "timestamptz"
    return schema(table("a", uid(), col("created_at", "timestamptz")), table("b", uid(), col("created_at", odd)),
                  table("c", uid(), col("created_at", "timestamptz")))


@case("audit.actor-columns", path="posts")
def _(bad: bool) -> Made:
    actors = () if bad else (col("created_by", "uuid", comment="Author."), col("updated_by", "uuid", comment="Editor."),
                             fk("created_by", "users", on_delete="set_null"), fk("updated_by", "users",
                                                                                 on_delete="set_null"))
    return schema(users(), table("posts", uid(), *actors))


@case("audit.trail-table", path="payments")
def _(bad: bool) -> Made:
    history = () if bad else (table("payments_history", uid(), tags=["log"]),)
    return schema(table("payments", uid(), tags=["audited"]), *history)


# Multi-tenancy ------------------------------------------------------------------------------

TENANT = {"tenant_column": "user_id"}


def tenant_users() -> ir.Table:
    return users(tags=["tenant_root"])


def owned(name: str, *parts: Any, tenant: bool = True, tags: tuple[str, ...] = ("tenant_owned",)) -> ir.Table:
    tenant_parts = (col("user_id", "uuid", null=False), fk("user_id", "users"), idx("user_id")) if tenant else ()
    return table(name, uid(), *tenant_parts, *parts, tags=tags)


@case("tenancy.tenant-column", config=TENANT, path="programs")
def _(bad: bool) -> Made:
    return schema(tenant_users(), owned("programs", tenant=not bad))


@case("tenancy.child-inherits", config=TENANT, path="workouts")
def _(bad: bool) -> Made:
    child = table("workouts", uid(), col("program_id", "uuid", null=bad, comment="The program."),
                  fk("program_id", "programs"), idx("program_id"), tags=["tenant_child"])
    return schema(tenant_users(), owned("programs"), child)


@case("tenancy.tenant-indexed", config=TENANT, path="programs.user_id")
def _(bad: bool) -> Made:
    parts: list[Any] = [col("user_id", "uuid", null=False), fk("user_id", "users")]
    if not bad:
        parts.append(idx("user_id"))
    return schema(tenant_users(), table("programs", uid(), *parts, tags=["tenant_owned"]))


@case("tenancy.composite-leads-with-tenant", config=TENANT, path="programs.idx_programs_mix")
def _(bad: bool) -> Made:
    order = ("name", "user_id") if bad else ("user_id", "name")
    return schema(tenant_users(), owned("programs", col("name"), idx(*order, name="idx_programs_mix")))


@case("tenancy.unique-includes-tenant", config=TENANT, path="programs.uniq_programs_name")
def _(bad: bool) -> Made:
    key = uq("name", name="uniq_programs_name") if bad else uq("user_id", "name", name="uniq_programs_name")
    return schema(tenant_users(), owned("programs", col("name", null=False), key))


@case("tenancy.cross-tenant-fk", config=TENANT, path="workouts.fk_workouts_program_id")
def _(bad: bool) -> Made:
    parent = owned("programs", tags=("tenant_owned",) if bad else ("global",))
    child = owned("workouts", col("program_id", "uuid", null=False), fk("program_id", "programs"), idx("program_id"))
    return schema(tenant_users(), parent, child)


# Indexing -----------------------------------------------------------------------------------


@case("index.duplicate", path="users.idx_users_email")
def _(bad: bool) -> Made:
    return schema(users(*((idx("email", unique=True),) if bad else ())))


@case("index.redundant-prefix", path="posts.idx_posts_user_id")
def _(bad: bool) -> Made:
    extra = (idx("user_id"),) if bad else ()
    return schema(users(), posts(col("created_at", "timestamptz"), fk("user_id", "users"), *extra,
                                 idx("user_id", "created_at")))


@case("index.duplicates-pk", path="users.idx_users_active")
def _(bad: bool) -> Made:
    return schema(users(col("deleted_at", "timestamptz"), idx("id" if bad else "email", name="idx_users_active",
                                                              where="deleted_at IS NULL")))


@case("index.degenerate-partial", path="users.idx_users_live")
def _(bad: bool) -> Made:
    return schema(users(col("deleted_at", "timestamptz"), idx("deleted_at" if bad else "email", name="idx_users_live",
                                                              where="deleted_at IS NULL")))


@case("index.low-cardinality", path="users.idx_users_is_active")
def _(bad: bool) -> Made:
    return schema(users(col("is_active", "boolean", null=False), idx("is_active", where=None if bad else "is_active")))


@case("index.method-fit", path="items.idx_items_labels")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("labels", "text[]"), idx("labels", method="btree" if bad else "gin")))


@case("index.over-indexed", path="items")
def _(bad: bool) -> Made:
    columns = [col(f"c{n}", "integer") for n in range(7)]
    indexes = [idx(f"c{n}") for n in range(7 if bad else 6)]
    return schema(table("items", uid(), *columns, *indexes))


@case("index.small-table", path="countries.idx_countries_name")
def _(bad: bool) -> Made:
    return schema(table("countries", uid(), col("name"), idx("name"), tags=["small"] if bad else []))


PATTERN = {"access_patterns": [{"table": "workouts", "equals": ["user_id"], "range": ["scheduled_on"]}]}


def workouts(*parts: Any) -> ir.Schema:
    return schema(users(), table("workouts", uid(), col("user_id", "uuid", null=False), col("scheduled_on", "date"),
                                 fk("user_id", "users"), *parts))


@case("index.pattern-coverage", config=PATTERN, path="workouts")
def _(bad: bool) -> Made:
    return workouts(idx("user_id"), *(() if bad else (idx("user_id", "scheduled_on"),)))


@case("index.composite-order", config=PATTERN, path="workouts.idx_workouts_mix")
def _(bad: bool) -> Made:
    order = ("scheduled_on", "user_id") if bad else ("user_id", "scheduled_on")
    return workouts(idx("user_id"), idx(*order, name="idx_workouts_mix"))


@case("index.fulltext", path="articles.search")
def _(bad: bool) -> Made:
    return schema(table("articles", uid(), col("search", "tsvector"), *(() if bad else (idx("search", method="gin"),))))


# Normalization ------------------------------------------------------------------------------


@case("normal.repeating-columns", path="salons.phone1")
def _(bad: bool) -> Made:
    return schema(table("salons", uid(), col("phone1" if bad else "phone"), col("phone2" if bad else "mobile")))


@case("normal.transitive-copy", path="bookings.salon_name")
def _(bad: bool) -> Made:
    salons = table("salons", uid(), col("name", null=False))
    return schema(salons, table("bookings", uid(), col("salon_id", "uuid", null=False),
                                col("salon_name" if bad else "guest_name", null=False), fk("salon_id", "salons"),
                                idx("salon_id")))


@case("normal.denormalization-justified", path="order_summaries")
def _(bad: bool) -> Made:
    return schema(table("order_summaries", uid(), tags=["denormalized"],
                        comment=None if bad else "Totals per order, rebuilt nightly for the dashboard."))


@case("normal.many-to-many-explicit", path="_ExerciseToTag")
def _(bad: bool) -> Made:
    return schema(table("_ExerciseToTag" if bad else "exercise_tags", col("A", "uuid", null=False),
                        col("B", "uuid", null=False), pk=("A", "B")))


@case("normal.single-column-table", path="tags")
def _(bad: bool) -> Made:
    return schema(table("tags", col("name", null=False), pk=("name",), tags=[] if bad else ["lookup"]))


@case("normal.orphan-table", path="settings")
def _(bad: bool) -> Made:
    return schema(table("settings", uid(), tags=[] if bad else ["standalone"]))


@case("normal.consolidate-small-tables", path="profiles")
def _(bad: bool) -> Made:
    return schema(users(), table("profiles", uid(), col("user_id", "uuid", null=False), col("bio"),
                                 fk("user_id", "users"), idx("user_id", unique=bad)))


# Documentation ------------------------------------------------------------------------------


@case("doc.table-comment", path="items")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), comment=None if bad else "Things for sale."))


@case("doc.column-comment", path="items.weeks")
def _(bad: bool) -> Made:
    return one_column("weeks", "integer", comment=None if bad else "Length of the plan.")


@case("doc.units", path="items.rest")
def _(bad: bool) -> Made:
    return one_column("rest" if bad else "rest_seconds", "integer")


@case("doc.backend-field-mapping", path="items.2fa_enabled")
def _(bad: bool) -> Made:
    return one_column("2fa_enabled" if bad else "two_fa_enabled", "boolean")


@case("doc.relationship-described", path="posts.fk_posts_author_id")
def _(bad: bool) -> Made:
    return schema(users(), table("posts", uid(), col("author_id", "uuid"), col("editor_id", "uuid"),
                                 fk("author_id", "users", relation=None if bad else "author"),
                                 fk("editor_id", "users", relation=None if bad else "editor"),
                                 idx("author_id"), idx("editor_id")))


# Portability --------------------------------------------------------------------------------


def target(orm: str, **settings: Any) -> dict[str, Any]:
    return {"target_orm": orm, **settings}


@case("portability.partial-index", config=target("prisma", target_orm_version="6"), path="users.uniq_users_email")
def _(bad: bool) -> Made:
    return schema(table("users", uid(), col("email"), uq("email", where="email IS NOT NULL" if bad else None)))


@case("portability.check-constraint", config=target("prisma"), path="items.items_rule_1_valid")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("qty", "integer"), *((chk("qty >= 0"),) if bad else ())))


@case("portability.comment", config=target("drizzle"), path="")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), comment="Things." if bad else None))


@case("portability.index-method", config=target("prisma", target_orm_version="3.10"), path="items.idx_items_labels")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("labels", "text[]"), idx("labels", method="gin" if bad else "btree")))


@case("portability.expression-index", config=target("prisma"), path="users.idx_users_expr")
def _(bad: bool) -> Made:
    index = idx(expressions=["lower(email)"]) if bad else idx("email")
    return schema(table("users", uid(), col("email"), index))


@case("portability.concurrently", config=target("prisma", zero_downtime=True), path="")
def _(bad: bool) -> Made:
    return schema(table("users", uid(), col("email"), *((idx("email"),) if bad else ())))


@case("portability.not-valid-constraint", config=target("drizzle", zero_downtime=True), path="")
def _(bad: bool) -> Made:
    return schema(users(), posts(idx("user_id"), *((fk("user_id", "users"),) if bad else ())))


@case("portability.trigger", config=target("sqlalchemy", updated_at_mechanism="trigger"), path="")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("created_at" if not bad else "updated_at", "timestamptz")))


@case("portability.native-enum", config=target("sequelize"), path="users.mood")
def _(bad: bool) -> Made:
    name = "mood" if bad else "enum_users_mood"
    return schema(table("users", uid(), col("mood", f"enum:{name}")), enums=[enum(name, "happy", "sad")])


@case("portability.timestamptz", config=target("prisma"), path="")
def _(bad: bool) -> Made:
    return one_column("happened_at" if bad else "happened_on", "timestamptz" if bad else "date")


@case("portability.db-uuid-default", config=target("prisma"), path="")
def _(bad: bool) -> Made:
    return schema(table("users", col("id", "uuid", null=False, expr="gen_random_uuid()" if bad else None,
                                     client=None if bad else "uuid")))


@case("portability.db-updated-at", config=target("prisma"), path="")
def _(bad: bool) -> Made:
    return one_column("updated_at" if bad else "created_at", "timestamptz")


@case("portability.identity-column", config=target("prisma"), path="orders.id")
def _(bad: bool) -> Made:
    return schema(table("orders", col("id", "bigint", null=False, identity=True) if bad else uid()))


@case("portability.composite-fk", config=target("sequelize"), path="lines.fk_lines_order_id_order_no")
def _(bad: bool) -> Made:
    orders = table("orders", col("id", "uuid", null=False), col("order_no", "integer", null=False),
                   uq("id", "order_no"), pk=("id",))
    columns = ("order_id", "order_no") if bad else ("order_id",)
    refs = ("id", "order_no") if bad else ("id",)
    return schema(orders, table("lines", uid(), col("order_id", "uuid", null=False), col("order_no", "integer"),
                                fk(columns, "orders", refs), idx(*columns)))


@case("portability.nulls-not-distinct", config=target("prisma"), path="items.uniq_items_code")
def _(bad: bool) -> Made:
    return schema(table("items", uid(), col("code"), uq("code", nulls_not_distinct=bad)))


@case("portability.down-migration", path="")
def _(bad: bool) -> Made:
    return schema(table("items", uid())), target("prisma" if bad else "sequelize")


@case("portability.naming-control", config=target("prisma"), path="")
def _(bad: bool) -> Made:
    name = "uniq_users_email" if bad else "users_email_key"
    return schema(table("users", uid(), col("email"), uq("email", name=name)))


@case("portability.soft-delete-filter", config=target("drizzle"), path="")
def _(bad: bool) -> Made:
    return one_column("deleted_at" if bad else "archived_on", "timestamptz" if bad else "date")


@case("portability.implicit-m2m", config=target("prisma"), path="_ExerciseToTag")
def _(bad: bool) -> Made:
    return schema(table("_ExerciseToTag" if bad else "exercise_tags", col("A", "uuid", null=False),
                        col("B", "uuid", null=False), pk=("A", "B")))


# The tests ----------------------------------------------------------------------------------


def _run(c: Case, bad: bool) -> list[tuple[str, str]]:
    made = c.make(bad)
    built, extra = made if isinstance(made, tuple) else (made, {})
    assert check_consistency(built) == [], f"the {'triggering' if bad else 'clean'} schema is not well-formed"
    data: dict[str, Any] = {**(c.config or {}), **extra}
    overrides = dict(data.get("rules", {}))
    current = overrides.get(c.rule)
    if isinstance(current, dict):
        overrides[c.rule] = {"severity": "on", **current}
    elif current is None:
        overrides[c.rule] = "on"
    data["rules"] = overrides
    return [(f.rule, f.path) for f in lint(built, LintConfig.from_dict(data))]


@pytest.mark.parametrize("c", CASES, ids=[c.rule for c in CASES])
def test_rule_fires_on_the_bad_schema_only(c: Case) -> None:
    bad = _run(c, True)
    good = _run(c, False)
    assert any(rule == c.rule for rule, _ in bad), f"{c.rule} did not fire on its triggering schema"
    if c.path is not None:
        assert (c.rule, c.path) in bad, f"{c.rule} fired, but not on {c.path!r}: {[p for r, p in bad if r == c.rule]}"
    assert not any(rule == c.rule for rule, _ in good), f"{c.rule} fired on the clean schema: " \
        f"{[p for r, p in good if r == c.rule]}"


def test_every_registered_rule_has_a_pair() -> None:
    covered = {c.rule for c in CASES}
    # The migration rules check a change, not a schema: test_migration_rules has their cases.
    registered = {r.id for r in rules() if r.group != DIFF_GROUP}
    assert registered - covered == set(), "rules without a trigger/clean pair"
    assert covered - registered == set(), "pairs for rules that are not registered"
    assert not registered & set(NOT_CHECKABLE), "a rule listed as not checkable is registered"
