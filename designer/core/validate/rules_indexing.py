"""Indexing rules (``index.*``, rules-catalog.md section 6).

``integrity.fk-indexed`` and ``tenancy.tenant-indexed`` carry the ``index`` tag too. The two
rules that need access patterns (``index.pattern-coverage``, ``index.composite-order``) read
them from the lint configuration (``access_patterns``) and stay silent without them.
"""

from __future__ import annotations

from dataclasses import replace

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import AddConstraint, DeleteConstraint, Edit, UpdateConstraint
from designer.core.types import LogicalType
from designer.core.validate import names
from designer.core.validate.config import AccessPattern
from designer.core.validate.context import Context, Key
from designer.core.validate.expressions import predicate
from designer.core.validate.fixes import fix
from designer.core.validate.registry import Fix, Issue, Param, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO


def _where(key: Key) -> str:
    return predicate(key.where).canonical if key.where is not None else ""


def _include(key: Key) -> tuple[str, ...]:
    return key.item.include if isinstance(key.item, ir.Index) else ()


def _fk_target(ctx: Context, table: ir.Table, key: Key) -> bool:
    cols = {c for c in key.columns if c is not None}
    return key.kind == "uniques" and any(set(fk.ref_columns) == cols for _, fk in ctx.referencing.get(table.key, ()))


def _drop(table: ir.Table, key: Key) -> Fix:
    return fix(f"Drop {table.path}.{key.name}", DeleteConstraint(table.path, key.kind, key.name))


def _secondary(ctx: Context, table: ir.Table) -> list[Key]:
    return [k for k in ctx.keys(table) if k.kind != "primary_key"]


@rule("index.duplicate", WARNING, tags=("index",),
      statement="No two indexes or unique constraints have the same definition.",
      source="S003 (\"Don't create redundant indexes\"); S003's migration makes `email` unique **and** adds the "
             "unique index `idx_users_email`",
      fix="Drops the duplicate (the constraint a foreign key targets is kept).",
      example="`UNIQUE (email)` and `CREATE UNIQUE INDEX idx_users_email ON users (email)`")
def duplicate(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        groups: dict[tuple[object, ...], list[Key]] = {}
        for k in _secondary(ctx, t):
            groups.setdefault((k.elements, k.method, _where(k), _include(k)), []).append(k)
        for keys in groups.values():
            if len(keys) < 2:
                continue
            keep = min(keys, key=lambda k: (not _fk_target(ctx, t, k), not k.unique, k.kind != "uniques"))
            for k in keys:
                if k is keep:
                    continue
                what = "unique rule" if keep.unique else "index"
                out.append(Issue(f"{t.path}.{k.name}", f"{k.name} repeats the {what} {keep.name} on {t.path}: "
                                 "every write maintains both, and neither query nor constraint gains.",
                                 f"Drop {k.name}.", None if _fk_target(ctx, t, k) else _drop(t, k)))
    return out


@rule("index.redundant-prefix", WARNING, tags=("index",),
      statement="A non-unique index whose keys are a leading prefix of another index's keys (same method and "
                "condition) is redundant.",
      source="S003 (\"Don't create redundant indexes\"), S004; S002's `@@index([userId])` beside "
             "`@@index([userId, deletedAt])`",
      fix="Drops the shorter index.",
      example="`idx_sessions_user_id (user_id)` beside `idx_sessions_user_id_deleted_at (user_id, deleted_at)`")
def redundant_prefix(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        keys = [k for k in _secondary(ctx, t) if k.method is ir.IndexMethod.BTREE]
        if len(keys) < 2:
            continue
        for a in keys:
            if a.unique or _include(a):
                continue
            ea = a.elements
            longer = next((b for b in keys if len(b.elements) > len(ea) and b.elements[: len(ea)] == ea
                           and _where(b) == _where(a)), None)
            if longer is None:
                continue
            out.append(Issue(f"{t.path}.{a.name}", f"{a.name} indexes a leading part of {longer.name} on {t.path}: "
                             f"{longer.name} already serves its queries.", f"Drop {a.name}.", _drop(t, a)))
    return out


@rule("index.duplicates-pk", WARNING, tags=("index",),
      statement="An index duplicating the primary key is redundant.",
      source="S003 (redundant indexes; `idx_users_active ON users(id) WHERE ...` is close to the key)",
      fix="Drops the index.",
      example="`CREATE INDEX idx_users_active ON users (id) WHERE deleted_at IS NULL`")
def duplicates_pk(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        pk = ctx.pk_columns(t)
        if not pk:
            continue
        first = set(pk)
        for k in _secondary(ctx, t):
            if k.columns[:1] == () or k.columns[0] not in first:  # cheap test first: most keys fail it
                continue
            if k.method not in (ir.IndexMethod.BTREE, ir.IndexMethod.HASH) or not k.plain:
                continue
            if not k.leads_with(pk) or (k.unique and tuple(k.columns) != pk and set(k.columns) != set(pk)):
                continue
            out.append(Issue(f"{t.path}.{k.name}", f"{k.name} starts with the primary key of {t.path} "
                             f"({', '.join(pk)}), which already has a unique index.", f"Drop {k.name}.",
                             None if _fk_target(ctx, t, k) else _drop(t, k)))
    return out


@rule("index.degenerate-partial", WARNING, tags=("index",),
      statement="A partial index whose keys are constant under its own condition is useless.",
      source="derived: S003's contract and migration define `idx_users_deleted_at ON (deleted_at) WHERE deleted_at "
             "IS NULL`",
      fix="Drops the index.",
      example="`CREATE INDEX ON users (deleted_at) WHERE deleted_at IS NULL`")
def degenerate_partial(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for index in t.indexes:
            if index.unique or index.where is None or not index.elements or len(index.columns) != len(index.elements):
                continue
            pinned = predicate(index.where).pinned
            if not set(index.columns) <= pinned:
                continue
            out.append(Issue(f"{t.path}.{index.name}", f"{index.name} indexes {', '.join(index.columns)}, which its "
                             f"own condition ({index.where}) fixes to one value: every entry holds the same key.",
                             "Index the columns queries filter or sort on, with this condition; or drop it.",
                             fix(f"Drop {t.path}.{index.name}", DeleteConstraint(t.path, "indexes", index.name))))
    return out


@rule("index.low-cardinality", INFO, tags=("index",),
      statement="Don't index low-cardinality columns (booleans, small enums, categories, the soft-delete column) "
                "alone.",
      source="S003 (\"Don't index low-cardinality columns\"), S004; S002 indexes `muscleGroup`, `equipment`, "
             "`deletedAt` (C22)",
      example="`CREATE INDEX ON users (is_active)`",
      params={"max_enum_values": Param(5, "an enum with at most this many values counts as low-cardinality")})
def low_cardinality(ctx: Context, p: Params) -> list[Issue]:
    limit = p.number("max_enum_values")
    out = []
    for t in ctx.schema.tables:
        for index in t.indexes:
            if index.unique or index.where is not None or len(index.elements) != 1 or index.columns == ():
                continue
            column = t.column(index.columns[0])
            if column is None or column.type.array_dims:
                continue
            why = ""
            if column.type.logical is LogicalType.BOOLEAN:
                why = "a boolean"
            elif column.type.logical is LogicalType.ENUM:
                enum = ctx.schema.enum(column.type.enum or "", column.type.enum_namespace)
                if enum is not None and len(enum.values) <= limit:
                    why = f"an enum of {len(enum.values)} values"
            elif column.name in ctx.soft_delete_names:
                why = "the soft-delete column (live or not)"
            elif column.type.logical in (LogicalType.TEXT, LogicalType.VARCHAR) and names.matches_words(
                    column.name, names.CATEGORICAL):
                why = "a category"
            if why:
                out.append(Issue(f"{t.path}.{index.name}", f"{index.name} indexes only {column.name}, {why}: each "
                                 "value matches a large share of the rows, so the planner seldom uses it.",
                                 "Make it partial (WHERE is_active), or composite with a selective column."))
    return out


_GIN_TYPES = frozenset({LogicalType.JSONB, LogicalType.TSVECTOR})
_RANGE_OR_GEOMETRY = ("range", "geometry", "geography", "point", "box", "polygon", "circle", "lseg", "path")


def _wanted_method(column: ir.Column) -> ir.IndexMethod | None:
    t = column.type
    if t.array_dims or t.logical in _GIN_TYPES:
        return ir.IndexMethod.GIN
    if t.logical is LogicalType.OTHER and any(word in (t.native or "").lower() for word in _RANGE_OR_GEOMETRY):
        return ir.IndexMethod.GIST
    return None


@rule("index.method-fit", WARNING, tags=("index",),
      statement="The index method fits the column type: GIN for jsonb, arrays and tsvector; GiST for ranges and "
                "geometry; no GIN on scalars.",
      source="S001 (`USING GIN(features)` on `text[]`), S004 (\"B-tree, Hash, GiST, GIN\")",
      fix="Changes the index method.",
      example="a btree index on `exercises.muscle_groups text[]`")
def method_fit(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for index in t.indexes:
            for element in index.elements:
                column = t.column(element.column) if element.column else None
                if column is None or element.opclass:
                    continue
                wanted = _wanted_method(column)
                if index.method is ir.IndexMethod.BTREE and wanted is not None:
                    why = f"a btree index cannot search inside {column.type.sql}"
                elif index.method is ir.IndexMethod.GIN and wanted is not ir.IndexMethod.GIN:
                    wanted, why = ir.IndexMethod.BTREE, f"GIN has no operator class for {column.type.sql} without " \
                                                        "the btree_gin extension"
                else:
                    continue
                the_fix = None
                if len(index.elements) == 1 and not index.unique:
                    the_fix = fix(f"Make {t.path}.{index.name} a {wanted.value} index",
                                  UpdateConstraint(t.path, index.name, replace(index, method=wanted)))
                out.append(Issue(f"{t.path}.{index.name}", f"{index.name} is a {index.method.value} index on "
                                 f"{column.name}: {why}.", f"Use {wanted.value.upper()}.", the_fix,
                                 key=column.name))
                break
    return out


@rule("index.over-indexed", INFO, tags=("index",),
      statement="Tables aren't over-indexed.",
      source="S003 (\"Don't over-index (slows down writes)\"), S004 (\"Frequently updated columns\")",
      example="a table with seven non-unique indexes",
      params={"max_indexes": Param(6, "the most non-unique indexes a table should need")})
def over_indexed(ctx: Context, p: Params) -> list[Issue]:
    limit = p.number("max_indexes")
    out = []
    for t in ctx.schema.tables:
        count = sum(1 for i in t.indexes if not i.unique)
        if count > limit:
            out.append(Issue(t.path, f"{t.path} has {count} non-unique indexes: every insert and update maintains "
                             "all of them.", "Drop the ones no query needs (index.redundant-prefix finds some)."))
    return out


@rule("index.small-table", INFO, tags=("index",),
      statement="Small tables (tagged small, or with fewer than 1,000 expected rows) need no secondary indexes "
                "beyond unique and foreign key ones.",
      source="S004 (\"Small tables (< 1000 rows)\")",
      fix="Drops the index.",
      example="`countries` tagged small with an index on `name`")
def small_table(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        rows = ctx.plan.row_estimates.get(t.path)
        if "small" not in t.tags and (rows is None or rows >= 1000):
            continue
        for k in _secondary(ctx, t):
            if k.unique or any(k.leads_with(fk.columns) for fk in t.foreign_keys):
                continue
            out.append(Issue(f"{t.path}.{k.name}", f"{t.path} is small: scanning it is as fast as using {k.name}, "
                             "which only costs writes.", f"Drop {k.name}.", _drop(t, k)))
    return out


def _serves(ctx: Context, table: ir.Table, pattern: AccessPattern) -> bool:
    """True when an index leads with the pattern's equality columns, then its first range or sort column."""
    following = (pattern.range or pattern.sort)[:1]
    for k in ctx.keys(table):
        if k.method is not ir.IndexMethod.BTREE or (k.where is not None
                                                    and not predicate(k.where).pinned <= ctx.soft_delete_names):
            continue
        head = k.columns[: len(pattern.equals)]
        if set(head) != set(pattern.equals) or None in head:
            continue
        if not following or k.columns[len(pattern.equals): len(pattern.equals) + 1] == following:
            return True
    return False


@rule("index.pattern-coverage", WARNING, tags=("index",),
      statement="Each declared access pattern has an index: equality columns first, then range or sort.",
      source="S001 (\"based on query patterns and WHERE clauses\"), S002 (Pitfall 1), S003 (\"Index WHERE/ORDER BY "
             "columns\"), S004 — needs access patterns (the access_patterns setting)",
      fix="Adds the index the pattern needs.",
      example="the pattern `workouts where user_id = ? order by scheduled_on` with no index on (user_id, scheduled_on)")
def pattern_coverage(ctx: Context, p: Params) -> list[Issue]:
    forms = ctx.param("softdelete.index-strategy", "soft_delete_index")
    partial = isinstance(forms, tuple) and "partial" in forms
    out = []
    for pattern in ctx.plan.access_patterns:
        t = ctx.schema.find_table(pattern.table)
        if t is None or any(t.column(c) is None for c in pattern.columns) or _serves(ctx, t, pattern):
            continue
        where = ctx.live_rows(t) if partial and ctx.soft_delete(t) is not None else None
        columns = pattern.columns
        name = ctx.constraint_name("index", t, columns)
        index = ir.Index(name, tuple(ir.IndexElement(column=c) for c in columns), where=where)
        out.append(Issue(t.path, f"No index serves the query {pattern.describe()}: it scans {t.path}.",
                         f"Add an index on ({', '.join(columns)}).",
                         fix(f"Index {t.path}({', '.join(columns)})", AddConstraint(t.path, index)),
                         key=pattern.describe()))
    return out


@rule("index.composite-order", INFO, tags=("index",),
      statement="Composite index columns go equality first, then range, then sort; the tenant column first.",
      source="derived (S002 Rule 4, S003 composite examples) — needs access patterns",
      fix="Reorders the index columns.",
      example="an index (scheduled_on, user_id) for the pattern `user_id = ? and scheduled_on > ?`")
def composite_order(ctx: Context, p: Params) -> list[Issue]:
    tenant = ctx.settings.tenant_column
    out = []
    for pattern in ctx.plan.access_patterns:
        t = ctx.schema.find_table(pattern.table)
        if t is None:
            continue
        rank = dict.fromkeys(pattern.sort, 3)
        rank.update(dict.fromkeys(pattern.range, 2))
        rank.update(dict.fromkeys(pattern.equals, 1))
        if tenant:
            rank[tenant] = 0
        for index in t.indexes:
            cols = index.columns
            if (len(index.elements) < 2 or len(cols) != len(index.elements) or index.method is not ir.IndexMethod.BTREE
                    or not set(cols) <= set(rank)):
                continue
            order = [rank[c] for c in cols]
            if order == sorted(order):
                continue
            elements = tuple(sorted(index.elements, key=lambda e: rank[e.column or ""]))
            new = replace(index, elements=elements)
            out.append(Issue(f"{t.path}.{index.name}", f"{index.name} puts {', '.join(cols)} in an order that the "
                             f"query {pattern.describe()} cannot fully use: range and sort columns stop the index "
                             "scan for the columns after them.",
                             f"Order it ({', '.join(e.column or '' for e in elements)}).",
                             fix(f"Reorder {t.path}.{index.name}", UpdateConstraint(t.path, index.name, new)),
                             key=pattern.describe()))
    return out


@rule("index.fulltext", INFO, tags=("index",),
      statement="Full-text search columns (tsvector) have a GIN index.",
      source="S000 (\"full-text search\"), S004 (\"Full-Text Search\")",
      fix="Adds a GIN index on the tsvector column.",
      example="`articles.search tsvector` with no GIN index")
def fulltext(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.TSVECTOR):
        t, c = ref.table, ref.column
        if any(i.method in (ir.IndexMethod.GIN, ir.IndexMethod.GIST) and i.columns[:1] == (c.name,)
               for i in t.indexes):
            continue
        index = ir.Index(ctx.constraint_name("index", t, [c.name]), (ir.IndexElement(column=c.name),),
                         method=ir.IndexMethod.GIN)
        edit: Edit = AddConstraint(t.path, index)
        out.append(Issue(ref.path, f"{ref.path} is a search document with no GIN index: every search reads the "
                         "whole table.", "Add a GIN index on it.", fix(f"Add a GIN index on {ref.path}", edit)))
    return out
