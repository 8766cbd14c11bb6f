"""Migration-safety rules (``migration.*``; catalog section 9): they read a change, old -> new.

They run only when the lint is given the schema before the change (``lint(new, config,
old=old)``: a version of the history, the deployed one for instance). Like squawk and Atlas's
``migrate lint``, they look at what the change asks of a database that already holds rows: an
object only counts as existing when the old schema has it, so a brand-new table needs no
CONCURRENTLY and no NOT VALID.

The history keeps snapshots, not the edits between them, so renames are inferred: a table
dropped and one added with the same columns is a rename; a column dropped and one added with
the same type in the same table is probably one (ORM tools that compare schemas see a drop and
an add, and drop the data).
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.types import ColumnType, LogicalType
from designer.core.validate.context import Context
from designer.core.validate.expressions import names_in
from designer.core.validate.registry import Issue, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO

#: Functions PostgreSQL marks volatile that defaults use. ``now()`` and its kin are *stable*: an
#: added column with such a default is evaluated once and not written into every row (PG 11+),
#: which is why the catalog's ``now()`` example is left out.
VOLATILE_FUNCTIONS = frozenset({"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
                                "uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval"})
#: Widening changes PostgreSQL makes without rewriting the table or checking rows.
_TEXT = {LogicalType.TEXT, LogicalType.VARCHAR}
_INTEGER_RANK = {LogicalType.SMALLINT: 1, LogicalType.INTEGER: 2, LogicalType.BIGINT: 3}


@dataclass(frozen=True)
class _Pair:
    """A table in both schemas (by namespace and name)."""

    old: ir.Table
    new: ir.Table

    @property
    def path(self) -> str:
        return self.new.path


def _pairs(ctx: Context) -> list[_Pair]:
    """The tables in both schemas that changed: the rules of tables and their columns read only these."""
    return [_Pair(old, new) for old, new in ctx.changed_tables]


def _renamed_tables(ctx: Context) -> dict[tuple[str, str], ir.Table]:
    """Added tables (by key) that are a dropped table renamed: same namespace, same columns."""
    old = ctx.old
    if old is None:
        return {}
    new_keys = {t.key for t in ctx.schema.tables}
    dropped = [t for t in old.tables if t.key not in new_keys]
    out: dict[tuple[str, str], ir.Table] = {}
    for t in ctx.schema.tables:
        if old.table(t.name, t.namespace) is not None:
            continue
        match = next((d for d in dropped if d.namespace == t.namespace and d.columns == t.columns), None)
        if match is not None:
            dropped.remove(match)
            out[t.key] = match
    return out


def _probable_renames(pair: _Pair) -> list[tuple[ir.Column, ir.Column]]:
    """(dropped, added) columns of one table with the same type and nullability, paired in order."""
    names_before = {c.name for c in pair.old.columns}
    names_after = {c.name for c in pair.new.columns}
    dropped = [c for c in pair.old.columns if c.name not in names_after]
    added = [c for c in pair.new.columns if c.name not in names_before]
    out = []
    for a in added:
        match = next((d for d in dropped if d.type == a.type and d.nullable == a.nullable), None)
        if match is not None:
            dropped.remove(match)
            out.append((match, a))
    return out


def _added_columns(pair: _Pair) -> list[ir.Column]:
    """Columns the new table has and the old one does not, leaving out probable renames."""
    renamed = {a.name for _, a in _probable_renames(pair)}
    return [c for c in pair.new.columns if pair.old.column(c.name) is None and c.name not in renamed]


def _volatile(column: ir.Column) -> str | None:
    """Why adding ``column`` to a table writes every row, or None."""
    if column.identity is not None:
        return "an identity column is numbered row by row"
    if column.generated is not None:
        return "a stored generated column is computed for every row"
    d = column.default
    if d is None:
        return None
    if d.kind is ir.DefaultKind.SEQUENCE:
        return f"its default nextval('{d.value}') is volatile"
    if d.kind is ir.DefaultKind.EXPRESSION:
        called = {n.lower() for n in names_in(d.value)} & VOLATILE_FUNCTIONS
        if called:
            return f"its default calls {', '.join(sorted(called))}(), which is volatile"
    return None


def _binary_coercible(old: ColumnType, new: ColumnType) -> bool:
    """True for the type changes PostgreSQL makes in the catalog only (no rewrite, no scan)."""
    if old.array_dims != new.array_dims:
        return False
    if old.logical in _TEXT and new.logical is LogicalType.TEXT:
        return True
    if old.logical is LogicalType.VARCHAR and new.logical is LogicalType.VARCHAR:
        return new.length is None or (old.length is not None and new.length >= old.length)
    if old.logical is LogicalType.NUMERIC and new.logical is LogicalType.NUMERIC:
        return new.precision is None or (old.precision is not None and old.scale == new.scale
                                         and new.precision >= old.precision)
    return False


def _narrowing(old: ColumnType, new: ColumnType) -> str | None:
    """Why the change can fail on existing rows or lose part of them, or None."""
    o, n = old.logical, new.logical
    if old.array_dims != new.array_dims:
        return None
    bounded = {LogicalType.VARCHAR, LogicalType.CHAR}
    if n in bounded and new.length is not None and (
            o is LogicalType.TEXT or (o in bounded and (old.length is None or old.length > new.length))):
        return f"values longer than {new.length} characters make it fail"
    if o in _INTEGER_RANK and n in _INTEGER_RANK and _INTEGER_RANK[n] < _INTEGER_RANK[o]:
        return f"values out of the range of {new.sql} make it fail"
    if o is LogicalType.NUMERIC and n is LogicalType.NUMERIC and new.precision is not None:
        old_scale, new_scale = old.scale or 0, new.scale or 0
        if old.precision is None or new_scale < old_scale or new.precision - new_scale < old.precision - old_scale:
            return "digits that no longer fit are rounded away or make it fail"
    if o is LogicalType.DOUBLE and n is LogicalType.REAL:
        return "double precision values lose digits as real"
    if o is LogicalType.TIMESTAMPTZ and n is LogicalType.TIMESTAMP:
        return "the time zone of every value is dropped"
    if o in {LogicalType.NUMERIC, LogicalType.DOUBLE, LogicalType.REAL} and n in _INTEGER_RANK:
        return "fractions are rounded away, and values out of range make it fail"
    return None


def _items(table: ir.Table, kinds: str) -> dict[str, ir.ForeignKey | ir.Unique | ir.Index | ir.Check]:
    found: dict[str, ir.ForeignKey | ir.Unique | ir.Index | ir.Check] = {}
    for kind in kinds.split():
        found.update((i.name, i) for i in getattr(table, kind))
    return found


def _new_items(pair: _Pair, kinds: str) -> list[ir.ForeignKey | ir.Unique | ir.Index | ir.Check]:
    """Constraints or indexes that are new or changed (re-created) on an existing table."""
    before = _items(pair.old, kinds)
    return [i for name, i in _items(pair.new, kinds).items() if before.get(name) != i]


# Columns --------------------------------------------------------------------------------------


@rule("migration.add-required-column", ERROR,
      statement="Adding a NOT NULL column without a default to an existing table fails on existing rows, or the "
                "ORM \"fixes\" it by resetting the table.",
      source="S000 (\"Adding required columns to existing tables will cause data loss\"), S002 checklist (\"Default "
             "values defined (for new fields)\"); squawk adding-required-field; Atlas MF103",
      example="`ALTER TABLE users ADD COLUMN plan text NOT NULL` on a table with rows")
def add_required_column(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in _added_columns(pair):
            if not c.nullable and c.default is None and c.identity is None and c.generated is None:
                out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} is added NOT NULL without a "
                                 "default: the rows already in the table have no value for it, so the migration "
                                 "fails (or the ORM offers to reset the table).",
                                 "Add it with a constant default (instant on PostgreSQL 11+), or add it nullable, "
                                 "backfill in batches, then SET NOT NULL."))
    return out


@rule("migration.add-column-volatile-default", WARNING, tags=("locks",),
      statement="Adding a column whose value is computed per row (a volatile default, identity, stored generated "
                "column) rewrites the table under an ACCESS EXCLUSIVE lock.",
      source="squawk adding-field-with-default; Atlas PG302; S000/S004 (zero downtime). Departure: `now()` is "
             "stable, not volatile, so a `now()` default is evaluated once and does not rewrite (PostgreSQL 11+)",
      example="`ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()`")
def add_column_volatile_default(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in _added_columns(pair):
            why = _volatile(c)
            if why is not None:
                out.append(Issue(f"{pair.path}.{c.name}", f"Adding {pair.path}.{c.name} rewrites the whole table "
                                 f"under an exclusive lock: {why}.",
                                 "Add the column without it, then SET DEFAULT (new rows only) and backfill "
                                 "existing rows in batches."))
    return out


@rule("migration.set-not-null", WARNING, tags=("locks",),
      statement="SET NOT NULL on an existing column scans the table under ACCESS EXCLUSIVE and fails if NULLs "
                "remain.",
      source="squawk adding-not-nullable-field; Atlas MF104, PG303; S002's example migration",
      example="`users.phone` nullable -> NOT NULL")
def set_not_null(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in pair.new.columns:
            before = pair.old.column(c.name)
            if before is not None and before.nullable and not c.nullable:
                out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} becomes NOT NULL: PostgreSQL scans "
                                 "every row under an exclusive lock, and fails if one is NULL.",
                                 "Backfill first; then ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, "
                                 "VALIDATE CONSTRAINT, SET NOT NULL (PostgreSQL 12+ skips the scan), and drop the "
                                 "check."))
    return out


@rule("migration.drop-not-null", INFO,
      statement="Dropping NOT NULL can break readers that assume a value.",
      source="squawk ban-drop-not-null",
      example="`users.email` NOT NULL -> nullable")
def drop_not_null(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in pair.new.columns:
            before = pair.old.column(c.name)
            if before is not None and not before.nullable and c.nullable:
                out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} may now be NULL: code that "
                                 "reads it must expect that.", "Check the readers before deploying."))
    return out


@rule("migration.change-column-type", WARNING, tags=("locks",),
      statement="A type change rewrites the table and/or breaks clients.",
      source="squawk changing-column-type; Atlas PG301; S001 (its type-change template); S000 (\"Backward "
             "compatibility\")",
      example="`orders.total` integer -> numeric(12,2)")
def change_column_type(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in pair.new.columns:
            before = pair.old.column(c.name)
            if (before is None or before.type == c.type or _binary_coercible(before.type, c.type)
                    or _narrowing(before.type, c.type)):
                continue
            out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} changes from {before.type.sql} to "
                             f"{c.type.sql}: PostgreSQL rewrites the table and its indexes under an exclusive lock, "
                             "and clients still on the old type may break.",
                             "Expand and contract: add a new column, write both, backfill in batches, switch "
                             "reads, then drop the old one."))
    return out


@rule("migration.narrowing-type", ERROR,
      statement="A narrowing type change can fail or truncate.",
      source="Atlas data-dependent checks (MF1xx); S002 (\"Prevent data loss\"), S000 (\"Zero data loss\")",
      example="`users.name` text -> varchar(50)")
def narrowing_type(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for c in pair.new.columns:
            before = pair.old.column(c.name)
            why = _narrowing(before.type, c.type) if before is not None else None
            if before is not None and why is not None:
                out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} narrows from {before.type.sql} to "
                                 f"{c.type.sql}: {why}.",
                                 "Check the existing values first (max length, range), then expand and contract."))
    return out


@rule("migration.probable-rename", ERROR,
      statement="A drop + add of same-typed columns in one change is probably a rename; ORM diff tools would lose "
                "data.",
      source="derived (Alembic autogenerate and Prisma migrate emit a drop and an add for a rename); Atlas DS103",
      example="`users.email` dropped and `users.mail` (same type) added")
def probable_rename(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for dropped, added in _probable_renames(pair):
            out.append(Issue(f"{pair.path}.{added.name}", f"{pair.path}.{dropped.name} is gone and "
                             f"{pair.path}.{added.name}, of the same type, is new: if it is a rename, migration "
                             f"tools that compare schemas (Prisma migrate, Alembic autogenerate) drop "
                             f"{dropped.name} with its data and add an empty {added.name}.",
                             "Keep the database name and rename only the ORM name (the column's ORM name), or "
                             "write the migration as RENAME COLUMN by hand; ignore this finding if it really is a "
                             "drop and an add."))
    return out


@rule("migration.drop-column", ERROR,
      statement="Dropping a column destroys data.",
      source="squawk ban-drop-column; Atlas DS103; S000 (\"Zero data loss during migrations\"), S002 (\"Prevent data "
             "loss\"), S004 (\"Never lose data during migration\")",
      example="`users.legacy_id` removed")
def drop_column(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        renamed = {d.name for d, _ in _probable_renames(pair)}
        for c in pair.old.columns:
            if pair.new.column(c.name) is None and c.name not in renamed:
                out.append(Issue(f"{pair.path}.{c.name}", f"{pair.path}.{c.name} is dropped, with every value in it.",
                                 "Stop reading and writing it first (ignore it in the ORM), back it up, and drop it in "
                                 "a later release."))
    return out


# Tables and enums -----------------------------------------------------------------------------


@rule("migration.drop-table", ERROR,
      statement="Dropping a table destroys data.",
      source="squawk ban-drop-table; Atlas DS102",
      example="`audit_log` removed")
def drop_table(ctx: Context, p: Params) -> list[Issue]:
    if ctx.old is None:
        return []
    renamed = {t.key for t in _renamed_tables(ctx).values()}
    new_keys = {t.key for t in ctx.schema.tables}
    return [Issue(t.path, f"Table {t.path} is dropped, with every row in it.",
                  "Stop using it first, back it up, and drop it in a later release (check that it is empty).")
            for t in ctx.old.tables if t.key not in new_keys and t.key not in renamed]


@rule("migration.rename-table", WARNING,
      statement="Renaming a table breaks clients running the old code.",
      source="squawk renaming-table; Atlas BC101",
      example="`exercises` renamed to `movements`")
def rename_table(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(t.path, f"Table {old.path} is renamed to {t.path}: code still running with the old name fails.",
                  "Keep the table's name and change only the ORM mapping (@@map, tableName, __tablename__), or "
                  "rename it with a compatibility view under the old name for one release.")
            for key, old in _renamed_tables(ctx).items() if (t := ctx.schema.table(key[1], key[0])) is not None]


@rule("migration.enum-change", WARNING,
      statement="Enum values are only appended, in an order you decide; removing or renaming them is a rewrite.",
      source="squawk require-enum-value-ordering; S002 (adding the `Difficulty` enum)",
      example="`status` enum loses the value `archived`")
def enum_change(ctx: Context, p: Params) -> list[Issue]:
    if ctx.old is None:
        return []
    out = []
    for e in ctx.schema.enums:
        before = ctx.old.enum(e.name, e.namespace)
        if before is None or before.values == e.values:
            continue
        gone = [v for v in before.values if v not in e.values]
        kept = [v for v in e.values if v in before.values]
        if gone:
            out.append(Issue(e.path, f"Enum {e.path} loses {', '.join(repr(v) for v in gone)}: PostgreSQL cannot "
                             "remove an enum value, so the type must be re-created and every column using it "
                             "rewritten.", "Make a new type, move the columns to it (USING ...::text::new_type), "
                             "then drop the old type; or keep the value and stop using it."))
        elif kept != list(before.values):
            out.append(Issue(e.path, f"Enum {e.path} reorders its values, which PostgreSQL cannot do in place.",
                             "Keep the old order and add new values with ADD VALUE ... BEFORE/AFTER."))
        elif e.values[: len(before.values)] != before.values:
            out.append(Issue(e.path, f"Enum {e.path} gets values between existing ones: ALTER TYPE ... ADD VALUE "
                             "appends at the end unless told where.",
                             "Write ADD VALUE ... BEFORE/AFTER in the migration (ORM tools may not)."))
    return out


# Keys, constraints and indexes ----------------------------------------------------------------


@rule("migration.index-concurrently", WARNING, tags=("locks",),
      statement="Index creation on an existing table uses CONCURRENTLY.",
      source="squawk require-concurrent-index-creation; Atlas PG101; S000 (zero-downtime), S004 (\"Non-Blocking\"), "
             "S003 (\"Add indexes in separate migration\")",
      example="a new index on `orders(created_at)`")
def index_concurrently(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(f"{pair.path}.{i.name}", f"Index {i.name} is built on the existing table {pair.path}: a plain "
                  "CREATE INDEX blocks every write to the table until it is done.",
                  "CREATE INDEX CONCURRENTLY IF NOT EXISTS ... in a migration of its own, outside a transaction.")
            for pair in _pairs(ctx) for i in _new_items(pair, "indexes")]


@rule("migration.drop-index-concurrently", WARNING,
      statement="Dropping an index uses CONCURRENTLY.",
      source="squawk require-concurrent-index-deletion; Atlas PG102",
      example="`idx_orders_created_at` removed")
def drop_index_concurrently(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        after = _items(pair.new, "indexes")
        out += [Issue(f"{pair.path}.{name}", f"Index {name} of {pair.path} is dropped: a plain DROP INDEX blocks the "
                      "table's readers and writers while it waits for its lock.",
                      "DROP INDEX CONCURRENTLY IF EXISTS ..., outside a transaction.")
                for name in _items(pair.old, "indexes") if name not in after]
    return out


@rule("migration.fk-not-valid", WARNING, tags=("locks",),
      statement="Adding an FK to an existing table is done NOT VALID, then validated.",
      source="squawk adding-foreign-key-constraint, constraint-missing-not-valid; Atlas PG306",
      example="a new foreign key from the existing `orders` to `users`")
def fk_not_valid(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(f"{pair.path}.{fk.name}", f"Foreign key {fk.name} is added to the existing table {pair.path}: "
                  "PostgreSQL checks every row while it holds locks on both tables.",
                  "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later statement.")
            for pair in _pairs(ctx) for fk in _new_items(pair, "foreign_keys")]


@rule("migration.check-not-valid", WARNING, tags=("locks",),
      statement="Adding a CHECK to an existing table is done NOT VALID, then validated.",
      source="squawk constraint-missing-not-valid; Atlas PG305; S001's idempotent constraint template adds it plainly",
      example="a new `CHECK (total >= 0)` on the existing `orders`")
def check_not_valid(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(f"{pair.path}.{c.name}", f"Check {c.name} is added to the existing table {pair.path}: PostgreSQL "
                  "scans every row under an exclusive lock, and fails if one breaks it.",
                  "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later statement.")
            for pair in _pairs(ctx) for c in _new_items(pair, "checks")]


@rule("migration.add-unique", WARNING,
      statement="Adding a unique constraint or index to existing data may fail on duplicates and locks the table.",
      source="Atlas MF101, MF102, PG105; squawk disallowed-unique-constraint; S002 failure report (\"Found 3 "
             "duplicate exercise names in production\")",
      example="a new unique constraint on the existing `exercises(name)`")
def add_unique(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        for item in _new_items(pair, "uniques indexes"):
            if isinstance(item, ir.Unique) or (isinstance(item, ir.Index) and item.unique):
                out.append(Issue(f"{pair.path}.{item.name}", f"{item.name} makes rows of the existing table "
                                 f"{pair.path} unique: the migration fails if duplicates are already there.",
                                 "Query for duplicates first; then CREATE UNIQUE INDEX CONCURRENTLY and ADD "
                                 "CONSTRAINT ... UNIQUE USING INDEX."))
    return out


@rule("migration.add-primary-key", WARNING,
      statement="Adding a PK to an existing table locks it and scans it.",
      source="squawk adding-serial-primary-key-field; Atlas PG104, PG304",
      example="a primary key added to the existing `events`")
def add_primary_key(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        pk = pair.new.primary_key
        if pk is not None and pk != pair.old.primary_key:
            out.append(Issue(pair.path, f"The existing table {pair.path} gets the primary key ({', '.join(pk.columns)})"
                             ": PostgreSQL builds its index and checks every row under an exclusive lock.",
                             "CREATE UNIQUE INDEX CONCURRENTLY, then ADD PRIMARY KEY USING INDEX."))
    return out


@rule("migration.drop-fk", WARNING,
      statement="Dropping an FK removes integrity.",
      source="Atlas CD101",
      example="`fk_orders_user` removed")
def drop_fk(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for pair in _pairs(ctx):
        after = _items(pair.new, "foreign_keys")
        out += [Issue(f"{pair.path}.{name}", f"Foreign key {name} of {pair.path} is dropped: nothing stops rows "
                      "pointing at missing ones any more.", "Make sure that is intended.")
                for name in _items(pair.old, "foreign_keys") if name not in after]
    return out
