"""Soft delete, timestamp and audit rules (``softdelete.*``, ``timestamps.*``, ``audit.*``; catalog section 4)."""

from __future__ import annotations

from dataclasses import replace

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import DeleteConstraint, Edit, UpdateConstraint
from designer.core.types import ColumnType, LogicalType
from designer.core.validate import names
from designer.core.validate.context import Context
from designer.core.validate.expressions import is_now, predicate
from designer.core.validate.fixes import add_columns, change_column, fix, foreign_key, index_on, later, retype
from designer.core.validate.registry import Fix, Issue, Param, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO
TIMESTAMP_TYPES = ("timestamptz", "timestamp", "date", "text", "varchar")


def _soft_delete_column(ctx: Context) -> ir.Column:
    return ir.Column(ctx.soft_delete_name, ctx.audit_type, nullable=True,
                     comment="When the row was soft-deleted; empty while it is live.")


def _soft_delete_fix(ctx: Context, t: ir.Table) -> Fix | None:
    """Add the soft-delete column, and what the soft-delete rules then ask of the table: unique
    rules over live rows only, no ON DELETE CASCADE. None when a foreign key targets a unique rule
    that would have to become partial (a partial unique index cannot be referenced)."""
    edits: list[Edit] = add_columns(t, _soft_delete_column(ctx))
    if ctx.level("softdelete.unique-partial") is not None:
        items: list[ir.Unique | ir.Index] = [*t.uniques, *(i for i in t.indexes if i.unique)]
        for item in items:
            if _fk_targets(ctx, t, item.columns):
                return None
            edits.append(UpdateConstraint(t.path, item.name, replace(item, where=ctx.live_rows(t, item.where))))
    if ctx.level("integrity.cascade-vs-soft-delete") is not None:
        restrict = ir.Action.RESTRICT
        for fk in t.foreign_keys:
            if fk.on_delete is ir.Action.CASCADE:
                edits.append(UpdateConstraint(t.path, fk.name, replace(fk, on_delete=restrict)))
        for child, fk in ctx.referencing.get(t.key, ()):
            if fk.on_delete is ir.Action.CASCADE and child.key != t.key:
                edits.append(UpdateConstraint(child.path, fk.name, replace(fk, on_delete=restrict)))
    return fix(f"Add {t.path}.{ctx.soft_delete_name}", *edits)


def _in_scope(ctx: Context, table: ir.Table, scope: str, tag: str, exempt: tuple[str, ...]) -> bool:
    if scope == "off" or ctx.tags(table) & set(exempt):
        return False
    return scope == "all" or tag in table.tags


@rule("softdelete.column-present", WARNING, tags=("softdelete",),
      statement="Tables in the soft-delete scope have a soft-delete column.",
      source="S000 (\"soft-delete everywhere\"), S001, S002 Rule 2 (MANDATORY), S003 (\"if needed\"), S004 "
             "(pattern) (C8)",
      fix="Adds `deleted_at timestamptz NULL` (no default).",
      example="`programs` without `deleted_at` when soft_delete_scope is all",
      params={"soft_delete_scope": Param("tagged", "all tables, only tables tagged soft_delete, or off",
                                         choices=("all", "tagged", "off")),
              "exempt": Param((), "table tags exempt from the scope (junction, log...)"),
              "tag": Param("soft_delete", "the tag that puts a table in scope under soft_delete_scope=tagged")})
def column_present(ctx: Context, p: Params) -> list[Issue]:
    scope, tag, exempt = p.text("soft_delete_scope"), p.text("tag"), p.names("exempt")
    name = ctx.soft_delete_name
    out = []
    for t in ctx.schema.tables:
        if not _in_scope(ctx, t, scope, tag, exempt) or ctx.soft_delete(t) is not None:
            continue
        out.append(Issue(t.path, f"{t.path} has no {name} column, so its rows can only be deleted for good.",
                         f"Add {name} (a nullable timestamp) and filter live rows with {name} IS NULL.",
                         _soft_delete_fix(ctx, t)))
    return out


@rule("softdelete.column-shape", ERROR, tags=("softdelete",),
      statement="The soft-delete column is a nullable timestamp with no default.",
      source="S002 (`deletedAt DateTime?`), S003 (timestamptz, nullable), S004 (`deleted_at TIMESTAMP WITH TIME "
             "ZONE NULL`); S001 uses text (C6)",
      fix="Makes it nullable, without a default, and of an allowed type.",
      example="`users.deleted_at timestamptz NOT NULL DEFAULT now()`",
      params={"allowed_types": Param(("timestamptz",), "the types the soft-delete column may have",
                                     choices=TIMESTAMP_TYPES)})
def column_shape(ctx: Context, p: Params) -> list[Issue]:
    allowed = p.names("allowed_types")
    out = []
    for ref in ctx.audit_refs("deleted_at"):
        c, t = ref.column, ref.table
        problems = []
        if not c.nullable:
            problems.append("is NOT NULL (every row would look deleted)")
        if c.default is not None or c.identity is not None or c.generated is not None:
            problems.append("has a default (new rows would be born deleted)")
        bad_type = c.type.array_dims > 0 or c.type.logical.value not in allowed
        if bad_type:
            problems.append(f"is {c.type.sql}, not {' or '.join(allowed)}")
        if not problems:
            continue
        edit: Edit | None = None
        if c.name not in ctx.pk_columns(t):
            new_type = ctx.audit_type if bad_type and ctx.audit_type.logical.value in allowed else None
            changes: dict[str, object] = {"nullable": True, "default": None, "identity": None, "generated": None}
            if bad_type:
                edit = retype(ctx, t, c, new_type or ColumnType(LogicalType.TIMESTAMPTZ), **changes)
            else:
                edit = change_column(t, c, **changes)
        out.append(Issue(ref.path, f"The soft-delete column {ref.path} {'; '.join(problems)}.",
                         "A soft-delete column is a nullable timestamp, empty while the row is live.",
                         fix(f"Reshape {ref.path}", edit) if edit else None))
    return out


def _fk_targets(ctx: Context, table: ir.Table, columns: tuple[str, ...]) -> bool:
    """True when some foreign key references exactly ``columns`` of ``table`` (and they are not its PK)."""
    if set(ctx.pk_columns(table)) == set(columns):
        return False
    return any(set(fk.ref_columns) == set(columns) for _, fk in ctx.referencing.get(table.key, ()))


@rule("softdelete.unique-partial", WARNING, tags=("softdelete",),
      statement="On soft-deletable tables, unique constraints hold among live rows only (WHERE deleted_at IS NULL).",
      source="S000 (\"Use WHERE deleted_at IS NULL on all unique constraints\"); S001, S002 and S003 break it in "
             "their own examples (C8)",
      fix="Adds the live-rows condition to the unique constraint or index.",
      example="`UNIQUE (email)` on `users`, which has `deleted_at`")
def unique_partial(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        soft = ctx.soft_delete(t)
        if soft is None:
            continue
        name = soft.name
        items: list[ir.Unique | ir.Index] = [*t.uniques, *(i for i in t.indexes if i.unique)]
        for item in items:
            if item.where is not None and name in predicate(item.where).is_null:
                continue
            columns = item.columns
            blocked = _fk_targets(ctx, t, columns)
            the_fix = None if blocked else fix(
                f"Make {t.path}.{item.name} hold among live rows",
                UpdateConstraint(t.path, item.name, replace(item, where=ctx.live_rows(t, item.where))))
            out.append(Issue(f"{t.path}.{item.name}",
                             f"{item.name} makes ({', '.join(columns)}) unique over all rows of {t.path}, deleted ones "
                             "included: a soft-deleted row blocks re-creating its value.",
                             f"Make it a unique index WHERE {name} IS NULL (note: a partial unique index cannot be a "
                             "foreign key target, and ON CONFLICT must repeat the condition).", the_fix))
    return out


def _rewrite_for_live_rows(ctx: Context, t: ir.Table, index: ir.Index, partial: bool) -> Fix:
    soft = ctx.soft_delete(t)
    if partial:
        new = replace(index, where=ctx.live_rows(t, index.where))
    else:
        new = replace(index, elements=(*index.elements, ir.IndexElement(column=soft.name if soft else
                                                                          ctx.soft_delete_name)))
    return fix(f"Rewrite {t.path}.{index.name}", UpdateConstraint(t.path, index.name, new))


@rule("softdelete.index-strategy", INFO, tags=("softdelete", "index"),
      statement="Indexes on soft-deletable tables serve the live-rows filter in the profile's way.",
      source="S002 Rules 2 and 4 (`@@index([deletedAt])`, `@@index([userId, deletedAt])`), S003 (`WHERE deleted_at "
             "IS NULL`), S004 (no low-cardinality indexes) (C9)",
      fix="Rewrites the index to the chosen form (or adds the standalone index).",
      example="`idx_workouts_user_id ON workouts(user_id)` without `WHERE deleted_at IS NULL` (partial style)",
      params={"soft_delete_index": Param(("partial",), "accepted forms: partial, composite, standalone, none",
                                         choices=("partial", "composite", "standalone", "none"))})
def index_strategy(ctx: Context, p: Params) -> list[Issue]:
    forms = set(p.names("soft_delete_index"))
    if "none" in forms:
        return []
    out = []
    for t in ctx.schema.tables:
        soft = ctx.soft_delete(t)
        if soft is None:
            continue
        name = soft.name
        standalone = [i for i in t.indexes if not i.unique and i.columns == (name,) and len(i.elements) == 1]
        if "standalone" in forms and not standalone:
            out.append(Issue(t.path, f"{t.path} has no index on {name}, which this profile uses to filter live rows.",
                             f"Add an index on ({name}).", fix(f"Index {t.path}({name})", index_on(ctx, t, [name]))))
        for index in t.indexes:
            if index.unique or index.method is not ir.IndexMethod.BTREE:
                continue
            if index in standalone:
                if "standalone" in forms:
                    continue
                out.append(Issue(f"{t.path}.{index.name}", f"{index.name} indexes only {name}: it tells live rows "
                                 "from deleted ones, which a partial condition on the other indexes does better.",
                                 "Drop it and add WHERE ... IS NULL to the indexes that serve queries.",
                                 fix(f"Drop {t.path}.{index.name}", DeleteConstraint(t.path, "indexes", index.name))))
                continue
            partial_ok = "partial" in forms and index.where is not None and name in predicate(index.where).is_null
            composite_ok = ("composite" in forms and index.elements and index.elements[-1].column == name)
            if partial_ok or composite_ok or not forms & {"partial", "composite"}:
                continue
            partial = "partial" in forms
            how = f"add WHERE {name} IS NULL" if partial else f"end it with {name}"
            out.append(Issue(f"{t.path}.{index.name}", f"{index.name} on the soft-deletable {t.path} does not serve "
                             "the live-rows filter the way this profile does.", f"Rewrite it: {how}.",
                             later(_rewrite_for_live_rows, ctx, t, index, partial)))
    return out


@rule("softdelete.children-soft-deletable", INFO, tags=("softdelete",),
      statement="A child of a soft-deletable parent (through a NOT NULL foreign key) is soft-deletable too.",
      source="S002 (`WorkoutExercise` has no `deletedAt`), S000 (application-level cascade)",
      fix="Adds the soft-delete column to the child.",
      example="`workout_exercises.workout_id NOT NULL` → `workouts` (soft-deleted), and no `deleted_at` on the child")
def children_soft_deletable(ctx: Context, p: Params) -> list[Issue]:
    out = []
    name = ctx.soft_delete_name
    for t in ctx.schema.tables:
        if ctx.soft_delete(t) is not None or "cascade_hard_delete" in t.tags:
            continue
        parents = []
        for fk in t.foreign_keys:
            parent = ctx.ref_table(fk)
            required = all((c := t.column(n)) is not None and not c.nullable for n in fk.columns)
            if parent is not None and parent.key != t.key and required and ctx.soft_delete(parent) is not None:
                parents.append(parent.path)
        if not parents:
            continue
        parents = list(dict.fromkeys(parents))
        out.append(Issue(t.path, f"{t.path} rows belong to {', '.join(parents)}, which soft-delete, but {t.path} "
                         f"cannot: soft-deleting a {names.noun(parents[0])} leaves its {t.path} live.",
                         f"Add {name}, or tag the table cascade_hard_delete if its rows go with a hard delete.",
                         _soft_delete_fix(ctx, t)))
    return out


@rule("timestamps.created-updated", ERROR, tags=("timestamps",),
      statement="Every table has created_at and updated_at (append-only tables need only created_at).",
      source="S002 Rule 3 (MANDATORY), S003 quality gate (\"No timestamps\"), S004, S000 (`timestampColumns()`), "
             "S001",
      fix="Adds `created_at`/`updated_at timestamptz NOT NULL DEFAULT now()`.",
      example="`exercises` without `updated_at`",
      params={"exempt": Param(("junction",), "table tags that need no timestamps"),
              "append_only_tags": Param(("log", "append_only"), "table tags that need created_at only")})
def created_updated(ctx: Context, p: Params) -> list[Issue]:
    exempt, append_only = set(p.names("exempt")), set(p.names("append_only_tags"))
    out = []
    for t in ctx.schema.tables:
        if exempt & ctx.tags(t):
            continue
        wanted = ["created_at"] if append_only & set(t.tags) else ["created_at", "updated_at"]
        missing = [ctx.col_name(n) for n in wanted if ctx.audit_column(t, n) is None]
        if not missing:
            continue
        edits = add_columns(t, *(ir.Column(n, ctx.audit_type, nullable=False, default=ir.Default.expression("now()"))
                                 for n in missing))
        out.append(Issue(t.path, f"{t.path} has no {' or '.join(missing)}: nobody can tell when its rows were "
                         "created or last changed.", f"Add {', '.join(missing)} NOT NULL DEFAULT now().",
                         fix(f"Add {', '.join(missing)} to {t.path}", *edits)))
    return out


@rule("timestamps.not-null-default-now", WARNING, tags=("timestamps",),
      statement="created_at/updated_at are NOT NULL with a database default of now().",
      source="S004 (`NOT NULL DEFAULT NOW()`), S003 (`default: CURRENT_TIMESTAMP`), S002 (`@updatedAt` has no DB "
             "default), S001 (`text ... NOT NULL` without a default)",
      fix="Sets NOT NULL and `DEFAULT now()`.",
      example="`salons.created_at text NOT NULL` with no default")
def not_null_default_now(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for base in ("created_at", "updated_at"):
        for ref in ctx.audit_refs(base):
            c = ref.column
            problems = []
            if c.nullable:
                problems.append("may be empty")
            if c.default is None or c.default.kind is not ir.DefaultKind.EXPRESSION or not is_now(c.default.value):
                problems.append("has no database default of now()")
            if not problems:
                continue
            out.append(Issue(ref.path, f"{ref.path} {' and '.join(problems)}: rows written outside the application "
                             "get no timestamp.", "Make it NOT NULL DEFAULT now().",
                             fix(f"Make {ref.path} NOT NULL DEFAULT now()",
                                 change_column(ref.table, c, nullable=False, default=ir.Default.expression("now()"),
                                               identity=None, generated=None))))
    return out


@rule("timestamps.consistent-type", WARNING, tags=("timestamps",),
      statement="Audit timestamp columns have the same type in every table.",
      source="derived (S000 `timestampColumns()` helper; S001 uses text, but consistently)",
      fix="Changes the odd columns to the schema's usual type.",
      example="`created_at timestamptz` in one table and `created_at timestamp(3)` in another")
def consistent_type(ctx: Context, p: Params) -> list[Issue]:
    refs = [r for n in ("created_at", "updated_at", "deleted_at") for r in ctx.audit_refs(n)]
    if len({r.column.type for r in refs}) <= 1:
        return []
    target = ctx.audit_type
    return [Issue(r.path, f"{r.path} is {r.column.type.sql} while this schema's audit timestamps are {target.sql}: "
                  "comparisons and exports differ table by table.", f"Use {target.sql}.",
                  fix(f"Make {r.path} {target.sql}", retype(ctx, r.table, r.column, target)))
            for r in refs if r.column.type != target]


def _users_table(ctx: Context, name: str) -> ir.Table | None:
    roots = ctx.tagged.get("tenant_root", [])
    table = roots[0] if roots else ctx.schema.find_table(name)
    if table is None or table.primary_key is None or len(table.primary_key.columns) != 1:
        return None
    return table


@rule("audit.actor-columns", INFO, tags=("audit",),
      statement="Tables record who created and updated a row: nullable created_by/updated_by referencing users.",
      source="S001 (\"Add audit fields (created_at, updated_at, created_by, updated_by)\"), S004 (\"Audit Trail\") "
             "(C18)",
      fix="Adds the columns with their foreign keys (ON DELETE SET NULL) and indexes.",
      example="`salons` without `created_by` and `updated_by`",
      params={"scope": Param("all", "all tables, or only those tagged audited", choices=("all", "tagged")),
              "exempt": Param(("junction", "log", "lookup"), "table tags exempt from the rule"),
              "users_table": Param("users", "the table actors reference (a table tagged tenant_root wins)")})
def actor_columns(ctx: Context, p: Params) -> list[Issue]:
    users = _users_table(ctx, p.text("users_table"))
    scope, exempt = p.text("scope"), set(p.names("exempt"))
    if users is None:  # nothing to reference: report the missing columns only
        return [Issue(t.path, f"{t.path} does not record who writes its rows: no {' or '.join(absent)}.",
                      "Add nullable created_by and updated_by referencing the users table.")
                for t in ctx.schema.tables
                if not exempt & ctx.tags(t) and (scope == "all" or "audited" in t.tags)
                and (absent := [ctx.col_name(n) for n in ("created_by", "updated_by")
                                if ctx.audit_column(t, n) is None])]
    assert users.primary_key is not None
    user_key = users.column(users.primary_key.columns[0])
    if user_key is None:
        return []
    out = []
    for t in ctx.schema.tables:
        if t.key == users.key or exempt & ctx.tags(t) or (scope == "tagged" and "audited" not in t.tags):
            continue
        problems: list[str] = []
        edits: list[Edit] = []
        for base, what in (("created_by", "Who created the row; empty for system writes."),
                           ("updated_by", "Who last changed the row; empty for system writes.")):
            column = ctx.audit_column(t, base)
            name = column.name if column is not None else ctx.col_name(base)
            fk = next((f for f in t.foreign_keys if f.columns == (name,)), None)
            if column is None:
                problems.append(f"no {name}")
                new = ir.Column(name, user_key.type, nullable=True, comment=what)
                edits.extend(add_columns(t, new))
                t_after = replace(t, columns=(*t.columns, new))
                edits.extend(foreign_key(ctx, t_after, (name,), users, users.primary_key.columns, nullable=True))
                continue
            if column.type != user_key.type:
                problems.append(f"{name} is not of the type of {users.path}.{user_key.name}")
                continue
            if fk is None:
                problems.append(f"{name} has no foreign key to {users.path}")
                edits.extend(foreign_key(ctx, t, (name,), users, users.primary_key.columns, nullable=True))
            elif fk.on_delete not in (ir.Action.SET_NULL, ir.Action.RESTRICT):
                problems.append(f"{name} does not say ON DELETE SET NULL or RESTRICT")
                edits.append(UpdateConstraint(t.path, fk.name, replace(fk, on_delete=ir.Action.SET_NULL)))
            if not column.nullable:
                problems.append(f"{name} is NOT NULL (system writes have no actor)")
                edits.append(change_column(t, column, nullable=True))
        if not problems:
            continue
        out.append(Issue(t.path, f"{t.path} does not record who writes its rows: {'; '.join(problems)}.",
                         f"Add nullable created_by and updated_by referencing {users.path}.",
                         fix(f"Record the actors of {t.path}", *edits) if edits else None))
    return out


@rule("audit.trail-table", INFO, tags=("audit",),
      statement="Tables tagged audited keep history: a {table}_history or audit_log table exists.",
      source="S004 (\"Design audit trails and logging\"), S003 (\"Plan for audit trails if needed\")",
      example="`payments` tagged audited with no `payments_history` or `audit_log` table",
      params={"trail_tables": Param(("{table}_history", "audit_log", "audit_logs"), "names of history tables")})
def trail_table(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.tagged.get("audited", ()):
        candidates = [n.replace("{table}", t.name) for n in p.names("trail_tables")]
        if any(ctx.schema.table(n, t.namespace) is not None for n in candidates):
            continue
        out.append(Issue(t.path, f"{t.path} is tagged audited but nothing keeps its history: changes overwrite the "
                         "past.", f"Add a {candidates[0]} table (with a trigger writing to it) or an audit_log."))
    return out
