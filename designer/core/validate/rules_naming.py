"""Naming rules (``naming.*``, rules-catalog.md section 1)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import Edit, RenameColumn, RenameTable, SetPrimaryKey, UpdateConstraint, UpdateEnum
from designer.core.identifiers import MAX_IDENTIFIER_BYTES, is_reserved
from designer.core.types import TEMPORAL_TYPES, TEXT_TYPES, LogicalType
from designer.core.validate import names
from designer.core.validate.context import Context
from designer.core.validate.expressions import names_in
from designer.core.validate.fixes import change_column, fix
from designer.core.validate.registry import Fix, Issue, Param, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO

TABLE_TOKENS = ("table", "entity", "Table")


def _rename_column(ctx: Context, table: ir.Table, column: ir.Column, new: str) -> Fix | None:
    taken = {c.name for c in table.columns}
    safe = names.safe_column_name(new, taken)
    if safe is None or safe == column.name:
        return None
    return fix(f"Rename {table.path}.{column.name} to {safe}", RenameColumn(table.path, column.name, safe))


def _rename_table(ctx: Context, table: ir.Table, new: str) -> Fix | None:
    new = names.fit(new)
    if not new or new == table.name or is_reserved(new) or ctx.schema.table(new, table.namespace) is not None:
        return None
    return fix(f"Rename table {table.path} to {new}", RenameTable(table.path, new))


@rule("naming.table-case", WARNING,
      statement="Table names are lower snake_case.",
      source="S000, S003, S004; PGW \"Don't use upper case table or column names\"; schemalint name-casing",
      fix="Renames the table to snake_case (ORM exports keep their model names).",
      example="a table named `WorkoutPlans`")
def table_case(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        if names.in_case(t.name, "snake"):
            continue
        new = names.snake(t.name)
        if is_reserved(new):  # "User" -> "users", not the reserved "user"
            new = names.pluralize_name(new)
        out.append(Issue(t.path, f"Table {t.path} is not snake_case: every query must quote it, and "
                         "tools disagree on how to write it.", f"Rename it {new}.", _rename_table(ctx, t, new)))
    return out


@rule("naming.column-case", WARNING,
      statement="Column names follow the profile's case (lower snake_case unless the profile says camelCase).",
      source="S000, S001 (`phone_number` behind `phoneNumber`), S003, S004; PGW; schemalint name-casing; S002 uses "
             "camelCase (C4)",
      fix="Renames the column to the profile's case.",
      example="a column `users.firstName` under snake_case",
      params={"column_case": Param("snake", "the case of column names", choices=("snake", "camel"))})
def column_case(ctx: Context, p: Params) -> list[Issue]:
    case = p.text("column_case")
    out = []
    for name, refs in ctx.by_name.items():
        if names.in_case(name, case):
            continue
        new = names.to_case(name, case)
        if is_reserved(new):  # "Select" -> "select_value", not the reserved "select"
            new = names.to_case(_RESERVED_RENAMES.get(new.lower(), f"{new.lower()}_value"), case)
        for ref in refs:
            out.append(Issue(ref.path, f"Column {ref.path} is not {case}_case: queries must quote it and exports "
                             "disagree on its spelling.", f"Rename it {new}.",
                             _rename_column(ctx, ref.table, ref.column, new)))
    return out


@rule("naming.enum-type-case", INFO,
      statement="Enum type names follow the profile's case.",
      source="PGW (upper case must be quoted); S000 camelCase pgEnum names; S002 PascalCase Prisma enums (C13)",
      fix="Renames the enum type.",
      example="an enum `ExerciseType` under snake_case",
      params={"enum_case": Param("snake", "the case of enum type names", choices=("snake", "camel", "pascal"))})
def enum_type_case(ctx: Context, p: Params) -> list[Issue]:
    case = p.text("enum_case")
    out = []
    taken = {e.key for e in ctx.schema.enums} | {t.key for t in ctx.schema.tables}
    for e in ctx.schema.enums:
        if names.in_case(e.name, case):
            continue
        new = names.fit(names.to_case(e.name, case))
        ok = new and new != e.name and (e.namespace, new) not in taken and not is_reserved(new)
        the_fix = fix(f"Rename enum {e.path} to {new}", UpdateEnum(e.path, replace(e, name=new))) if ok else None
        out.append(Issue(e.path, f"Enum type {e.path} is not {case} case as this profile names types.",
                         f"Rename it {new}.", the_fix))
    return out


@rule("naming.table-plural", WARNING,
      statement="Data tables have plural names (junction tables are exempt).",
      source="S000 (`workouts`), S003 (`users`, `blog_posts`), S004 (\"plural for data tables\"); schemalint "
             "name-inflection",
      fix="Makes the last word plural.",
      example="a table named `exercise`",
      params={"exceptions": Param((), "words accepted as they are (besides data, metadata, equipment...)")})
def table_plural(ctx: Context, p: Params) -> list[Issue]:
    exceptions = tuple(w.lower() for w in p.names("exceptions"))
    out = []
    for t in ctx.schema.tables:
        parts = [w for w in names.name_words(t.name) if not w.isdigit()]  # accounts_2024: the noun is accounts
        if not parts or ctx.is_junction(t) or names.is_plural_word(parts[-1], exceptions):
            continue
        new = names.pluralize_name(t.name)
        out.append(Issue(t.path, f"Table {t.path} has a singular name; data tables are named for the many rows "
                         "they hold.", f"Rename it {new}.", _rename_table(ctx, t, new)))
    return out


@rule("naming.junction-table", WARNING,
      statement="Junction table names follow the profile's pattern.",
      source="S000 (`workout_exercises`), S003 (`user_roles`), S004 (`user_politician_bookmark`) (C2)",
      fix="Renames the table by the pattern, from the two tables it links.",
      example="a junction between `users` and `roles` named `assignments`",
      params={"junction_pattern": Param("{a_singular}_{b_plural}", "the junction name pattern",
                                        tokens=("a_singular", "a_plural", "b_singular", "b_plural", "noun"))})
def junction_table(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("junction_pattern")
    out = []
    for t in ctx.schema.tables:
        if len(t.foreign_keys) < 2 or not ctx.is_junction(t):
            continue
        a, b = t.foreign_keys[0].ref_table, t.foreign_keys[1].ref_table
        if a == b:
            continue
        orders = [(a, b), (b, a)]
        values = [{"a_singular": names.singular(x), "a_plural": names.plural(x), "b_singular": names.singular(y),
                   "b_plural": names.plural(y)} for x, y in orders]
        if any(names.matches_pattern(t.name, pattern, v) for v in values):
            continue
        new = names.snake(names.render_pattern(pattern, values[0]))
        out.append(Issue(t.path, f"Junction table {t.path} links {a} and {b}; this profile names it {new}.",
                         f"Rename it {new}.", _rename_table(ctx, t, new)))
    return out


@rule("naming.pk-column-id", WARNING,
      statement="A single-column surrogate primary key is named `id`.",
      source="S004 (\"Primary keys: `id`\"), S001, S002, S003 (examples)",
      fix="Renames the key column to `id`.",
      example="`users.user_id` as the primary key of `users`")
def pk_column_id(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        pk = ctx.pk_columns(t)
        if len(pk) != 1 or pk[0] == "id" or pk[0] in ctx.fk_columns(t):
            continue
        column = t.column(pk[0])
        if column is None or column.type.logical in TEXT_TYPES:  # a natural key keeps its name
            continue
        out.append(Issue(f"{t.path}.{pk[0]}", f"The key of {t.path} is called {pk[0]}; surrogate keys are "
                         "called id, so every reference reads the same.", "Rename it id.",
                         _rename_column(ctx, t, column, "id")))
    return out


def _suffix(pattern: str) -> str:
    """What an FK column pattern adds after its table token (``_id``, ``Id``, or nothing)."""
    return re.sub(r"^\{[A-Za-z_]+\}", "", pattern)


@rule("naming.fk-column", WARNING,
      statement="Foreign key column names follow the profile's pattern.",
      source="S000 (`workout`), S001 (`salon_id`), S003, S004 (`user_id`), S002 (`userId`) (C1)",
      fix="Renames the column to the pattern.",
      example="`posts.author` referencing `users` under `{ref_singular}_id`",
      params={"fk_column_pattern": Param("{ref_singular}_id", "the name of a foreign key column",
                                         tokens=("ref_singular", "refSingular", "ref_table", "ref_column"))})
def fk_column(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("fk_column_pattern")
    suffix = _suffix(pattern)
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            if len(fk.columns) != 1:
                continue
            column = t.column(fk.columns[0])
            if column is None or column.comment or (suffix and column.name.endswith(suffix)):
                continue
            one = names.singular(fk.ref_table)
            values: dict[str, str | tuple[str, ...]] = {
                "ref_singular": names.snake(one), "refSingular": names.camel_case(one), "ref_table": fk.ref_table,
                "ref_column": fk.ref_columns[0]}
            expected = names.render_pattern(pattern, values)
            if column.name in (expected, f"{names.snake(one)}_{fk.ref_columns[0]}"):
                continue
            out.append(Issue(f"{t.path}.{column.name}",
                             f"{t.path}.{column.name} references {fk.ref_table}; this profile names such a column "
                             f"{expected}.",
                             f"Rename it {expected}, or (for a role such as created_by) explain it in a comment.",
                             _rename_column(ctx, t, column, expected), key=fk.name))
    return out


@rule("naming.boolean-prefix", INFO,
      statement="Boolean columns are named is_* (or has_*/can_*), in the profile's column case.",
      source="S004 (\"Boolean: `is_{attribute}`\"); S000 `is_completed`, S003 `is_active`; S002 `isPublic` (C25)",
      fix="Adds the `is` prefix.",
      example="`users.active boolean`",
      params={"prefixes": Param(("is", "has", "can"), "the words a boolean name may start with")})
def boolean_prefix(ctx: Context, p: Params) -> list[Issue]:
    prefixes = set(p.names("prefixes"))
    out = []
    for ref in ctx.of_types(LogicalType.BOOLEAN):
        parts = names.name_words(ref.column.name)
        if ref.column.type.array_dims or not parts or parts[0] in prefixes:
            continue
        new = names.join_words(("is", *parts), ctx.column_case)
        out.append(Issue(ref.path, f"Boolean {ref.path} does not read as a yes/no question.", f"Rename it {new}.",
                         _rename_column(ctx, ref.table, ref.column, new)))
    return out


@rule("naming.timestamp-suffix", INFO,
      statement="Point-in-time columns end in _at; date-only columns don't.",
      source="S004 (\"Timestamps: created_at, updated_at, deleted_at\"); S002 `startedAt`; S003 `date_of_birth DATE`",
      fix="Renames the column (`_at` for timestamps, `_on` for dates).",
      example="`sessions.started timestamptz`, or `users.birth_at date`")
def timestamp_suffix(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ, LogicalType.DATE):
        parts = names.name_words(ref.column.name)
        if ref.column.type.array_dims or not parts:
            continue
        if ref.column.type.logical is LogicalType.DATE:
            if parts[-1] != "at":
                continue
            new = names.join_words((*parts[:-1], "on"), ctx.column_case)
            message = f"{ref.path} holds a date but its name says a point in time (_at)."
        else:
            if parts[-1] == "at":
                continue
            stem = parts[:-1] if parts[-1] in ("on", "date", "time", "timestamp") and len(parts) > 1 else parts
            new = names.join_words((*stem, "at"), ctx.column_case)
            message = f"{ref.path} holds a point in time; such columns end in _at so readers know what it holds."
        out.append(Issue(ref.path, message, f"Rename it {new}.", _rename_column(ctx, ref.table, ref.column, new)))
    return out


_AUDIT_ALIASES: dict[str, tuple[tuple[str, ...], ...]] = {
    "created_at": (("creation", "date"), ("created", "on"), ("created", "date"), ("created",), ("date", "created"),
                   ("create", "time"), ("creation", "time"), ("created", "time"), ("create", "date"),
                   ("created", "timestamp"), ("insert", "time"), ("inserted", "at")),
    "updated_at": (("modified",), ("modified", "at"), ("modified", "on"), ("updated", "on"), ("update", "time"),
                   ("last", "modified"), ("last", "updated"), ("date", "modified"), ("updated",),
                   ("modified", "date"), ("updated", "date"), ("last", "modified", "at"), ("last", "updated", "at"),
                   ("updated", "time"), ("modification", "date")),
    "deleted_at": (("removed", "at"), ("deleted", "on"), ("deleted", "date"), ("deletion", "date"), ("deleted",),
                   ("date", "deleted"), ("deleted", "time"), ("deletion", "time")),
    "created_by": (("creator",), ("created", "by", "id"), ("creator", "id"), ("created", "by", "user", "id"),
                   ("created", "by", "user")),
    "updated_by": (("modified", "by"), ("updater",), ("updated", "by", "id"), ("last", "modified", "by"),
                   ("modified", "by", "id"), ("updater", "id"), ("updated", "by", "user", "id")),
}
_ALIAS_TO_CANONICAL = {alias: canonical for canonical, aliases in _AUDIT_ALIASES.items() for alias in aliases}
_TIME_LIKE = TEMPORAL_TYPES | TEXT_TYPES | {LogicalType.BIGINT}


@rule("naming.audit-column-names", WARNING,
      statement="Audit columns use the canonical names created_at, updated_at, deleted_at, created_by, updated_by "
                "(in the profile's case).",
      source="S001, S003, S004; S000 (`timestampColumns()`); S002 (`createdAt`...)",
      fix="Renames the column to the canonical name.",
      example="`orders.creation_date timestamptz`")
def audit_column_names(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.named(lambda n: names.name_words(n) in _ALIAS_TO_CANONICAL):
        canonical = _ALIAS_TO_CANONICAL[names.name_words(ref.column.name)]
        if canonical.endswith("_at") and (ref.column.type.logical not in _TIME_LIKE or ref.column.type.array_dims):
            continue  # a boolean `deleted` is a flag, not a renamed deleted_at
        target = ctx.spellings(canonical)[0]
        if ref.column.name in ctx.spellings(canonical):
            continue
        present = ctx.audit_column(ref.table, canonical) is not None
        out.append(Issue(ref.path, f"{ref.path} looks like the audit column {target} under another name: the soft "
                         "delete, timestamp and audit rules (and readers) look for the canonical name.",
                         f"Rename it {target}." if not present else f"{ref.table.path} already has {target}; "
                         "drop or rename this one.",
                         None if present else _rename_column(ctx, ref.table, ref.column, target)))
    return out


def _pattern_values(table: ir.Table) -> names.Values:
    return _table_values(table.name)


@lru_cache(maxsize=16384)
def _table_values(name: str) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    words = names.table_words(name)
    return (("table", name), ("Table", (name, words["Table"])), ("entity", (words["entity"], name)))


def _rename_constraint(ctx: Context, table: ir.Table, item: ir.ForeignKey | ir.Unique | ir.Index | ir.Check,
                       new: str) -> Fix:
    return fix(f"Rename {table.path}.{item.name} to {new}", UpdateConstraint(table.path, item.name,
                                                                             replace(item, name=new)))


def _key_columns(item: ir.Unique | ir.Index) -> list[str]:
    if isinstance(item, ir.Unique):
        return list(item.columns)
    return [e.column or "expr" for e in item.elements]


@rule("naming.index-name", INFO,
      statement="Index names follow the profile's pattern.",
      source="S003 (`idx_[table]_[columns]`), S004 (`idx_{table}_{column}`), S001 (`idx_salons_features`); Prisma's "
             "default `{Table}_{cols}_idx` differs (C14)",
      fix="Renames the index by the pattern.",
      example="an index `workouts_by_user` on `workouts(user_id)`",
      params={"index_pattern": Param("idx_{table}_{columns}", "the name of a (non-unique) index",
                                     tokens=(*TABLE_TOKENS, "columns"))})
def index_name(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("index_pattern")
    out = []
    for t in ctx.schema.tables:
        values = _pattern_values(t)
        for index in t.indexes:
            if index.unique or names.fits_pattern(index.name, pattern, values):
                continue
            new = ctx.constraint_name("index", t, _key_columns(index))
            out.append(Issue(f"{t.path}.{index.name}", f"Index {t.path}.{index.name} does not follow this "
                             f"profile's pattern {pattern}.", f"Rename it {new}.",
                             _rename_constraint(ctx, t, index, new)))
    return out


@rule("naming.unique-name", INFO,
      statement="Unique constraint and unique index names follow the profile's pattern.",
      source="S004 (`uniq_{table}_{column}`), S003 (`users_email_unique`), S001/S003 (`idx_...`), Prisma `_key` (C14)",
      fix="Renames the constraint by the pattern.",
      example="a unique constraint `email_unique` on `users(email)` under `uniq_{table}_{columns}`",
      params={"unique_pattern": Param("uniq_{table}_{columns}", "the name of a unique constraint or index",
                                      tokens=(*TABLE_TOKENS, "columns"))})
def unique_name(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("unique_pattern")
    out = []
    for t in ctx.schema.tables:
        values = _pattern_values(t)
        items: list[ir.Unique | ir.Index] = [*t.uniques, *(i for i in t.indexes if i.unique)]
        for item in items:
            if names.fits_pattern(item.name, pattern, values):
                continue
            new = ctx.constraint_name("unique", t, _key_columns(item))
            out.append(Issue(f"{t.path}.{item.name}", f"Unique rule {t.path}.{item.name} does not follow this "
                             f"profile's pattern {pattern}.", f"Rename it {new}.",
                             _rename_constraint(ctx, t, item, new)))
    return out


@rule("naming.fk-constraint-name", INFO,
      statement="Foreign key constraint names follow the profile's pattern.",
      source="S001 (`fk_services_salon_id`), S003 (`fk_posts_user_id`), S004 (`fk_{table}_{referenced_table}`); "
             "Prisma `_fkey` (C14)",
      fix="Renames the constraint by the pattern.",
      example="a foreign key `posts_user` on `posts(user_id)` under `fk_{table}_{columns}`",
      params={"fk_pattern": Param("fk_{table}_{columns}", "the name of a foreign key constraint",
                                  tokens=(*TABLE_TOKENS, "columns", "column", "ref_table"))})
def fk_constraint_name(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("fk_pattern")
    out = []
    for t in ctx.schema.tables:
        values = _pattern_values(t)
        for fk in t.foreign_keys:
            if names.fits_pattern(fk.name, pattern, (*values, ("ref_table", fk.ref_table))):
                continue
            new = ctx.constraint_name("fk", t, fk.columns, ref_table=fk.ref_table)
            out.append(Issue(f"{t.path}.{fk.name}", f"Foreign key {t.path}.{fk.name} does not follow this profile's "
                             f"pattern {pattern}.", f"Rename it {new}.", _rename_constraint(ctx, t, fk, new)))
    return out


_AUTO_CHECK = re.compile(r"_check\d+$")


def _check_columns(table: ir.Table, check: ir.Check) -> list[str]:
    mentioned = names_in(check.expression)
    return [c.name for c in table.columns if c.name in mentioned]


@rule("naming.check-name", INFO,
      statement="CHECK constraint names are descriptive and follow the profile's pattern; generated names such as "
                "`tbl_col_check1` are flagged.",
      source="S000 (`set_is_positive`), S001 (`chk_salon_rating_range`), S003 (`[table]_[column]_[type]`)",
      fix="Renames the constraint by the pattern.",
      example="a check `workouts_day_check1`",
      params={"check_pattern": Param("{desc}", "the name of a CHECK constraint ({desc} = any description)",
                                     tokens=(*TABLE_TOKENS, "column", "desc"))})
def check_name(ctx: Context, p: Params) -> list[Issue]:
    pattern = p.text("check_pattern")
    adopts_check = pattern.endswith("_check")
    out = []
    for t in ctx.schema.tables:
        values = _pattern_values(t)
        for check in t.checks:
            auto = _AUTO_CHECK.search(check.name) is not None or (
                not adopts_check and check.name.startswith(f"{t.name}_") and check.name.endswith("_check"))
            if not auto and names.fits_pattern(check.name, pattern, values):
                continue
            cols = _check_columns(t, check)
            new = ctx.constraint_name("check", t, cols, desc="_".join(cols[:2]) + "_valid" if cols else "valid")
            why = "looks generated by the database" if auto else f"does not follow this profile's pattern {pattern}"
            out.append(Issue(f"{t.path}.{check.name}", f"Check {t.path}.{check.name} {why}; a name should say what "
                             "the rule is.", f"Rename it, e.g. {new}.", _rename_constraint(ctx, t, check, new)))
    return out


_AUTO_SHAPES = {"fk": "_fkey", "unique": "_key", "index": "_idx"}


@rule("naming.explicit-constraint-names", WARNING,
      statement="Every constraint and index has an explicit name, not one the ORM or database made up.",
      source="S001 (idempotent migrations look constraints up by name), S000 (\"descriptive names\")",
      fix="Names the constraint by the profile's pattern.",
      example="a foreign key named `posts_user_id_fkey`, or a primary key with no name",
      params={})
def explicit_constraint_names(ctx: Context, p: Params) -> list[Issue]:
    adopted = {kind for kind, rp in (("index", ("naming.index-name", "index_pattern")),
                                     ("unique", ("naming.unique-name", "unique_pattern")),
                                     ("fk", ("naming.fk-constraint-name", "fk_pattern")))
               if ctx.text_param(*rp).endswith(_AUTO_SHAPES[kind])}
    check_adopted = ctx.text_param("naming.check-name", "check_pattern").endswith("_check")
    out = []
    for t in ctx.schema.tables:
        if t.primary_key is not None and not t.primary_key.name:
            name = ctx.free_name(t, f"{t.name}_pkey", relation=True)
            out.append(Issue(t.path, f"The primary key of {t.path} has no name: the database makes "
                             "one up, and migrations cannot find it by name.", f"Name it {name}.",
                             fix(f"Name the primary key of {t.path} {name}",
                                 SetPrimaryKey(t.path, replace(t.primary_key, name=name))), key="primary_key"))
        prefix = f"{t.name}_"
        items: list[tuple[str, ir.ForeignKey | ir.Unique | ir.Index | ir.Check]] = [
            *(("fk", fk) for fk in t.foreign_keys), *(("unique", u) for u in t.uniques),
            *(("unique" if i.unique else "index", i) for i in t.indexes), *(("check", c) for c in t.checks)]
        for kind, item in items:
            if not item.name.startswith(prefix):
                continue
            if kind == "check":
                generated = _AUTO_CHECK.search(item.name) is not None or (
                    item.name.endswith("_check") and not check_adopted)
            else:
                generated = item.name.endswith(_AUTO_SHAPES[kind]) and kind not in adopted
            if not generated:
                continue
            if isinstance(item, ir.ForeignKey):
                new = ctx.constraint_name("fk", t, item.columns, ref_table=item.ref_table)
            elif isinstance(item, ir.Check):
                cols = _check_columns(t, item)
                new = ctx.constraint_name("check", t, cols, desc="_".join(cols[:2]) + "_valid" if cols else "valid")
            else:
                new = ctx.constraint_name(kind, t, _key_columns(item))
            out.append(Issue(f"{t.path}.{item.name}", f"{t.path}.{item.name} has the shape of a name the database or "
                             "ORM generates; generated names change with the tool and its version.",
                             f"Name it explicitly, e.g. {new}.", _rename_constraint(ctx, t, item, new)))
    return out


def _too_long(name: str) -> bool:
    if name.isascii():  # one byte per character: no need to encode
        return len(name) > MAX_IDENTIFIER_BYTES
    return len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES


def _longest(*groups: list[str]) -> int:
    """The byte length of the longest name (computed in C: map and encode)."""
    return max((max(map(len, map(str.encode, g)), default=0) for g in groups), default=0)


@rule("naming.identifier-length", ERROR,
      statement="Identifiers are at most 63 bytes, including the names PostgreSQL derives (an unnamed primary "
                "key's `{table}_pkey`).",
      source="squawk identifier-too-long; PostgreSQL NAMEDATALEN (longer names are truncated silently)",
      fix="Names an unnamed primary key explicitly within 63 bytes.",
      example="a 60-character table name whose unnamed key becomes a 65-byte `..._pkey`")
def identifier_length(ctx: Context, p: Params) -> list[Issue]:
    out = []
    hint = "Shorten it; PostgreSQL keeps only the first 63 bytes, so two long names can end up the same."
    for e in ctx.schema.enums:
        if _too_long(e.name):
            out.append(Issue(e.path, f"Enum name {e.name!r} is longer than 63 bytes.", hint))
    for t in ctx.schema.tables:
        column_names = [c.name for c in t.columns]
        constraint_names = list(t.constraint_names())
        # Stored names are checked by consistency too: look closer only when one is long.
        if _longest(column_names, constraint_names, [t.name]) > MAX_IDENTIFIER_BYTES:
            if _too_long(t.name):
                out.append(Issue(t.path, f"Table name {t.name!r} is longer than 63 bytes.", hint))
            for name in column_names:
                if _too_long(name):
                    out.append(Issue(f"{t.path}.{name}", f"Column name {name!r} is longer than 63 bytes.", hint))
            for name in constraint_names:
                if _too_long(name):
                    out.append(Issue(f"{t.path}.{name}", f"Constraint or index name {name!r} is longer than 63 "
                                     "bytes.", hint))
        pk = t.primary_key
        if pk is not None and not pk.name and _too_long(f"{t.name}_pkey"):
            name = ctx.free_name(t, f"{t.name}_pkey", relation=True)
            out.append(Issue(t.path, f"The primary key of {t.path} has no name, and the one "
                             f"PostgreSQL derives ({t.name}_pkey) is longer than 63 bytes: it would be cut.",
                             "Name the key explicitly.",
                             fix(f"Name the primary key of {t.path} {name}",
                                 SetPrimaryKey(t.path, replace(pk, name=name))), key="primary_key"))
    return out


_RESERVED_RENAMES = {"order": "order_index", "group": "group_name", "user": "user_name", "desc": "description",
                     "limit": "limit_value", "offset": "offset_value", "end": "ends_at", "default": "default_value",
                     "check": "check_value", "table": "table_name", "column": "column_name"}


@rule("naming.reserved-word", WARNING,
      statement="Table and column names aren't SQL reserved words.",
      source="SchemaCrawler reserved-word smell; S002 has a column `order`; S000 uses `order_index`",
      fix="Renames it (`order` -> `order_index`, a table `user` -> `users`).",
      example="`workout_exercises.order integer`")
def reserved_word(ctx: Context, p: Params) -> list[Issue]:
    out = []
    hint = "Rename it: a reserved word must be quoted in every query, and some tools get that wrong."
    for t in ctx.schema.tables:
        if is_reserved(t.name):
            new = names.plural(t.name) if not is_reserved(names.plural(t.name)) else f"{t.name}_items"
            out.append(Issue(t.path, f"Table name {t.name!r} is an SQL reserved word.", hint,
                             _rename_table(ctx, t, new)))
    for name, refs in ctx.by_name.items():
        if not is_reserved(name):
            continue
        lower = name.lower()
        new = names.to_case(_RESERVED_RENAMES.get(lower, f"{lower}_value"), ctx.column_case)
        for ref in refs:
            # designer.core.sqltext.rename_identifier would also rename the keyword (the IS of
            # "x IS NULL" when renaming a column "is"), so such a rename is left to the user.
            clash = lower in _expression_words(ref.table)
            out.append(Issue(ref.path, f"Column name {name!r} in {ref.table.path} is an SQL reserved word.", hint,
                             None if clash else _rename_column(ctx, ref.table, ref.column, new)))
    return out


def _expression_words(table: ir.Table) -> set[str]:
    expressions = [c.expression for c in table.checks] + [c.generated for c in table.columns if c.generated]
    expressions += [u.where for u in table.uniques if u.where] + [i.where for i in table.indexes if i.where]
    expressions += [e.expression for i in table.indexes for e in i.elements if e.expression]
    return {word for text in expressions if text for word in names_in(text)}


@rule("naming.api-db-consistency", WARNING,
      statement="ORM property names equal the column names or their mechanical camelCase.",
      source="S001 (\"Property names and nullable constraints must match\", \"NEVER rename properties between DB and "
             "API\"), S000 (\"TypeScript interfaces match database schema exactly\")",
      fix="Resets the property name to the mechanical mapping.",
      example="`users.email` exported as the property `mail`")
def api_db_consistency(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.facet("orm_named"):
        orm = ref.column.orm_name
        if not orm or orm in (ref.column.name, names.camel_case(ref.column.name), names.backend_name(ref.column.name)):
            continue
        edit: Edit = change_column(ref.table, ref.column, orm_name=None)
        out.append(Issue(ref.path, f"{ref.path} is exported as the property {orm!r}: the API and the database "
                         "now name the same thing differently.",
                         f"Use {names.camel_case(ref.column.name)!r}, or rename the column itself.",
                         fix(f"Reset the property name of {ref.path}", edit)))
    return out
