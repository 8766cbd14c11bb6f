"""Multi-tenancy rules (``tenancy.*``, rules-catalog.md section 5).

Off in every profile but ``prisma-gobeyondfit``, and on whenever a project names its
``tenant_column`` (C24). Table roles come from tags: ``tenant_root`` (what the tenant column
points at, such as ``users``), ``tenant_owned`` and ``tenant_child``. Without a tenant column
the rules stay silent.
"""

from __future__ import annotations

from dataclasses import replace

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import Edit, UpdateConstraint
from designer.core.validate.context import Context
from designer.core.validate.fixes import add_columns, change_column, fix, foreign_key, index_on
from designer.core.validate.registry import Issue, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO


def _root(ctx: Context) -> ir.Table | None:
    roots = ctx.tagged.get("tenant_root", [])
    if len(roots) != 1 or roots[0].primary_key is None or len(roots[0].primary_key.columns) != 1:
        return None
    return roots[0]


def _owned(ctx: Context) -> list[ir.Table]:
    return list(ctx.tagged.get("tenant_owned", ()))


@rule("tenancy.tenant-column", ERROR, tags=("tenancy",),
      statement="Tenant-owned tables have a NOT NULL tenant column with a foreign key to the tenant root.",
      source="S002 Rule 1 (\"ALWAYS add userId to tenant-specific models\", MANDATORY)",
      fix="Adds (or repairs) the column, its foreign key and its index.",
      example="`Program` tagged tenant_owned without `userId`")
def tenant_column(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.settings.tenant_column
    if not name:
        return []
    root = _root(ctx)
    out = []
    for t in _owned(ctx):
        column = t.column(name)
        fk = next((f for f in t.foreign_keys if f.columns == (name,)), None)
        edits: list[Edit] = []
        problems: list[str] = []
        root_key = root.column(root.primary_key.columns[0]) if root and root.primary_key else None
        if column is None:
            problems.append(f"has no {name} column")
            if root is not None and root_key is not None:
                assert root.primary_key is not None
                new = ir.Column(name, root_key.type, nullable=False)
                edits.extend(add_columns(t, new))
                edits.extend(foreign_key(ctx, replace(t, columns=(*t.columns, new)), (name,), root,
                                         root.primary_key.columns, nullable=False))
        else:
            if column.nullable:
                problems.append(f"lets {name} be empty")
                edits.append(change_column(t, column, nullable=False))
                if fk is not None and ir.Action.SET_NULL in (fk.on_delete, fk.on_update):
                    edits.append(UpdateConstraint(t.path, fk.name, replace(
                        fk, on_delete=ir.Action.RESTRICT if fk.on_delete is ir.Action.SET_NULL else fk.on_delete,
                        on_update=ir.Action.RESTRICT if fk.on_update is ir.Action.SET_NULL else fk.on_update)))
            if fk is None:
                problems.append(f"has no foreign key from {name}" + (f" to {root.path}" if root else ""))
                if root is not None and root_key is not None and root_key.type == column.type:
                    assert root.primary_key is not None
                    edits.extend(foreign_key(ctx, t, (name,), root, root.primary_key.columns, nullable=False))
        if not problems:
            continue
        out.append(Issue(t.path, f"Tenant-owned table {t.path} {' and '.join(problems)}: its rows cannot be "
                         "scoped to one tenant.", f"Give it {name} NOT NULL with a foreign key to the tenant root "
                         "(existing rows need a backfill).",
                         fix(f"Scope {t.path} by {name}", *edits) if edits else None))
    return out


def _reaches_owned(ctx: Context, table: ir.Table, seen: set[tuple[str, str]]) -> bool:
    """True when NOT NULL foreign keys lead from ``table`` to a tenant-owned table."""
    if "tenant_owned" in table.tags:
        return True
    seen.add(table.key)
    for fk in table.foreign_keys:
        parent = ctx.ref_table(fk)
        required = all((c := table.column(n)) is not None and not c.nullable for n in fk.columns)
        if parent is not None and required and parent.key not in seen and _reaches_owned(ctx, parent, seen):
            return True
    return False


@rule("tenancy.child-inherits", WARNING, tags=("tenancy",),
      statement="A table without its own tenant column reaches one through NOT NULL foreign keys.",
      source="derived from S002 (`WorkoutExercise` is scoped through `Workout`)",
      fix="Makes a nullable foreign key to a tenant-owned table NOT NULL.",
      example="`workout_exercises` tagged tenant_child whose `workout_id` is nullable")
def child_inherits(ctx: Context, p: Params) -> list[Issue]:
    if not ctx.settings.tenant_column:
        return []
    out = []
    for t in ctx.tagged.get("tenant_child", ()):
        if _reaches_owned(ctx, t, set()):
            continue
        the_fix = None
        for fk in t.foreign_keys:
            parent = ctx.ref_table(fk)
            cols = [c for n in fk.columns if (c := t.column(n)) is not None and c.nullable]
            if parent is None or "tenant_owned" not in parent.tags or not cols:
                continue
            edits: list[Edit] = [change_column(t, c, nullable=False) for c in cols]
            if ir.Action.SET_NULL in (fk.on_delete, fk.on_update):
                edits.append(UpdateConstraint(t.path, fk.name, replace(
                    fk, on_delete=ir.Action.RESTRICT if fk.on_delete is ir.Action.SET_NULL else fk.on_delete,
                    on_update=ir.Action.RESTRICT if fk.on_update is ir.Action.SET_NULL else fk.on_update)))
            the_fix = fix(f"Make {t.path}.{', '.join(c.name for c in cols)} NOT NULL", *edits)
            break
        out.append(Issue(t.path, f"{t.path} has no tenant column and no chain of required foreign keys to a "
                         "tenant-owned table: some rows belong to no tenant.",
                         "Add the tenant column, or make the foreign key path NOT NULL.", the_fix))
    return out


@rule("tenancy.tenant-indexed", ERROR, tags=("tenancy", "index"),
      statement="The tenant column leads an index.",
      source="S002 Rule 1 (`@@index([userId])  // Index for filtering`)",
      fix="Adds an index on the tenant column.",
      example="`Program.userId` with no index starting with it")
def tenant_indexed(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.settings.tenant_column
    if not name:
        return []
    out = []
    for t in _owned(ctx):
        if t.column(name) is None or any(k.columns[:1] == (name,) for k in ctx.keys(t)):
            continue
        out.append(Issue(f"{t.path}.{name}", f"No index of {t.path} starts with {name}: every per-tenant query "
                         "scans the whole table.", f"Add an index on ({name}) (or lead a composite index with it).",
                         fix(f"Index {t.path}({name})", index_on(ctx, t, [name]))))
    return out


@rule("tenancy.composite-leads-with-tenant", INFO, tags=("tenancy", "index"),
      statement="Composite indexes on tenant tables start with the tenant column.",
      source="S002 Rule 4 (`@@index([userId, deletedAt])`)",
      fix="Moves the tenant column to the front (or adds it there).",
      example="`@@index([deletedAt, userId])` on a tenant-owned model")
def composite_leads_with_tenant(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.settings.tenant_column
    if not name:
        return []
    out = []
    for t in _owned(ctx):
        if t.column(name) is None:
            continue
        for index in t.indexes:
            if len(index.elements) < 2 or index.elements[0].column == name or index.method is not ir.IndexMethod.BTREE:
                continue
            rest = tuple(e for e in index.elements if e.column != name)
            new = replace(index, elements=(ir.IndexElement(column=name), *rest))
            out.append(Issue(f"{t.path}.{index.name}", f"{index.name} is a composite index on the tenant table "
                             f"{t.path} that does not start with {name}: per-tenant queries cannot use it well.",
                             f"Put {name} first.", fix(f"Lead {t.path}.{index.name} with {name}",
                                                       UpdateConstraint(t.path, index.name, new))))
    return out


@rule("tenancy.unique-includes-tenant", WARNING, tags=("tenancy",),
      statement="Unique constraints on tenant tables include the tenant column.",
      source="S002 Rule 4 (`@@unique([userId, email])`)",
      fix="Adds the tenant column to the unique key.",
      example="`@@unique([name])` on a tenant-owned model")
def unique_includes_tenant(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.settings.tenant_column
    if not name:
        return []
    out = []
    for t in _owned(ctx):
        if "tenant_root" in t.tags or t.column(name) is None:
            continue
        referenced = {frozenset(fk.ref_columns) for _, fk in ctx.referencing.get(t.key, ())}
        items: list[ir.Unique | ir.Index] = [*t.uniques, *(i for i in t.indexes if i.unique)]
        for item in items:
            if name in item.columns:
                continue
            the_fix = None
            if frozenset(item.columns) not in referenced:
                new = (replace(item, columns=(name, *item.columns)) if isinstance(item, ir.Unique)
                       else replace(item, elements=(ir.IndexElement(column=name), *item.elements)))
                the_fix = fix(f"Scope {t.path}.{item.name} by {name}", UpdateConstraint(t.path, item.name, new))
            out.append(Issue(f"{t.path}.{item.name}", f"{item.name} is unique across all tenants: one tenant's value "
                             "blocks every other tenant from using it.", f"Include {name} in the unique key.",
                             the_fix))
    return out


@rule("tenancy.cross-tenant-fk", INFO, tags=("tenancy",),
      statement="Foreign keys between two tenant-owned tables can't join rows of different tenants.",
      source="derived (S002: `Workout.userId` and `Program.userId` may differ)",
      example="`Workout.programId` → `Program.id` while both have their own `userId`")
def cross_tenant_fk(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.settings.tenant_column
    if not name:
        return []
    out = []
    for t in _owned(ctx):
        for fk in t.foreign_keys:
            parent = ctx.ref_table(fk)
            if parent is None or parent.key == t.key or "tenant_owned" not in parent.tags or name in fk.columns:
                continue
            out.append(Issue(f"{t.path}.{fk.name}", f"{t.path}.{fk.name} links two tenant-owned tables by id alone: "
                             f"a {t.path} row of one tenant can point at a {parent.path} row of another.",
                             f"Add UNIQUE ({name}, id) to {parent.path} and make the foreign key ({name}, "
                             f"{', '.join(fk.columns)}) → ({name}, id); or rely on row-level security."))
    return out
