"""Keys and integrity rules (``integrity.*``, rules-catalog.md section 2)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache, partial

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import AddColumn, AddConstraint, Edit, SetPrimaryKey, UpdateConstraint
from designer.core.identifiers import quote_identifier
from designer.core.types import INTEGER_TYPES, NUMBER_TYPES, TEMPORAL_TYPES, ColumnType, LogicalType
from designer.core.validate import names
from designer.core.validate.context import ColRef, Context
from designer.core.validate.expressions import in_list, predicate
from designer.core.validate.fixes import add_columns, change_column, fix, foreign_key, index_on, later, retype
from designer.core.validate.registry import Fix, Issue, Param, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO
ID_STRATEGIES = ("uuid", "bigint_identity", "bigserial", "int_serial", "any")
_SET_NULL = (ir.Action.SET_NULL, ir.Action.SET_DEFAULT)


def _set_null_columns(table: ir.Table) -> set[str]:
    """Columns some foreign key sets to NULL or to their default: they must stay nullable."""
    return {c for fk in table.foreign_keys if fk.on_delete in _SET_NULL or fk.on_update in _SET_NULL
            for c in fk.columns}


def _fk_path(table: ir.Table, fk: ir.ForeignKey) -> str:
    return f"{table.path}.{fk.columns[0]}" if len(fk.columns) == 1 else f"{table.path}.{fk.name}"


def _q(name: str) -> str:
    return quote_identifier(name)


# Primary keys -------------------------------------------------------------------------------


@rule("integrity.pk-required", ERROR, tags=("keys",),
      statement="Every table has a primary key.",
      source="S003 quality gate (\"Tables without primary keys\"); S004; SchemaSpy \"Tables without indexes\"",
      fix="Makes an existing `id` column the key, keys a junction table by its two foreign keys, or adds an "
          "`id` column following the profile's id strategy.",
      example="`audit_events (occurred_at, payload)` with no primary key")
def pk_required(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        if t.primary_key is not None:
            continue
        pk_name = ctx.free_name(t, f"{t.name}_pkey", relation=True)
        blocked = _set_null_columns(t)
        fk_cols = tuple(dict.fromkeys(c for fk in t.foreign_keys[:2] for c in fk.columns))
        existing = t.column("id")
        if ctx.is_junction(t) and len(t.foreign_keys) == 2 and not blocked & set(fk_cols):
            the_fix = fix(f"Key {t.path} by ({', '.join(fk_cols)})",
                          SetPrimaryKey(t.path, ir.PrimaryKey(fk_cols, pk_name)))
        elif existing is not None and "id" not in blocked:
            the_fix = fix(f"Make {t.path}.id the primary key", SetPrimaryKey(t.path, ir.PrimaryKey(("id",), pk_name)))
        elif existing is None:
            column = ctx.id_column(t)
            the_fix = fix(f"Add a {column.type.sql} id column as the primary key of {t.path}",
                          AddColumn(t.path, column, at=0), SetPrimaryKey(t.path, ir.PrimaryKey(("id",), pk_name)))
        else:
            the_fix = None
        out.append(Issue(t.path, f"Table {t.path} has no primary key: its rows cannot be told apart, updated "
                         "safely or referenced.", "Give it a primary key (a surrogate id, or the columns that "
                         "identify a row).", the_fix))
    return out


def _strategy(column: ir.Column) -> str | None:
    """Which id strategy a key column follows (None when it follows none)."""
    t = column.type
    if t.array_dims:
        return None
    sequence = column.default is not None and column.default.kind is ir.DefaultKind.SEQUENCE
    if t.logical is LogicalType.UUID:
        return "uuid"
    if t.logical is LogicalType.BIGINT:
        return "bigint_identity" if column.identity else "bigserial" if sequence else None
    if t.logical is LogicalType.INTEGER and (sequence or column.identity):
        return "int_serial"
    return None


def _surrogate(ctx: Context, table: ir.Table) -> ir.Column | None:
    """The single-column surrogate key of ``table`` (not a natural key, not a shared 1:1 key)."""
    pk = table.primary_key
    if pk is None or len(pk.columns) != 1 or pk.columns[0] in ctx.fk_columns(table):
        return None
    column = table.column(pk.columns[0])
    if column is None:
        return None
    if column.name == "id" or column.type.logical in INTEGER_TYPES or column.type.logical is LogicalType.UUID:
        return column
    return None


@rule("integrity.pk-type", WARNING, tags=("keys",),
      statement="Surrogate primary keys use the profile's id type.",
      source="S001, S002, S003, S004 (conflict C5)",
      fix="Changes the key to the profile's first id strategy; the foreign keys that point at it follow.",
      example="an `integer` key under a profile whose id strategy is `uuid`",
      params={"id_strategy": Param(("uuid", "bigint_identity"), "accepted key shapes: uuid, bigint_identity, "
                                   "bigserial, int_serial, or any", choices=ID_STRATEGIES)})
def pk_type(ctx: Context, p: Params) -> list[Issue]:
    allowed = p.names("id_strategy")
    if "any" in allowed:
        return []
    out = []
    for t in ctx.schema.tables:
        column = _surrogate(ctx, t)
        if column is None or _strategy(column) in allowed:
            continue
        shape = ctx.id_column(t, column.name)
        edit = retype(ctx, t, column, shape.type, default=shape.default, identity=shape.identity, generated=None)
        out.append(Issue(f"{t.path}.{column.name}",
                         f"The key {t.path}.{column.name} is {_describe_key(column)}; this profile uses "
                         f"{' or '.join(allowed).replace('_', ' ')} keys.",
                         "Change the key's type while the table is new; on a live table it is a migration of every "
                         "referencing column.", fix(f"Make {t.path}.{column.name} a {shape.type.sql} key", edit)))
    return out


def _describe_key(column: ir.Column) -> str:
    strategy = _strategy(column)
    return strategy.replace("_", " ") if strategy else f"a plain {column.type.sql}"


@rule("integrity.uuid-db-default", WARNING, tags=("keys",),
      statement="UUID keys get their default in the database, not only in the ORM.",
      source="S001 (`defaultRandom()`), S003 contract, S004 (`DEFAULT gen_random_uuid()`); S003's migration uses "
             "the client-side `UUIDV4` (C26)",
      fix="Sets `DEFAULT gen_random_uuid()`.",
      example="`users.id uuid` whose only default is Prisma's client-side `uuid()`")
def uuid_db_default(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        column = _surrogate(ctx, t)
        if column is None or column.type.logical is not LogicalType.UUID or column.type.array_dims or column.generated:
            continue
        if column.default is not None and column.default.kind is not ir.DefaultKind.CLIENT:
            continue
        where = "only in the application" if column.default else "nowhere"
        out.append(Issue(f"{t.path}.{column.name}",
                         f"The UUID key {t.path}.{column.name} gets its value {where}: rows inserted by SQL, "
                         "seeds or other services have no id.",
                         "Give it a database default: gen_random_uuid().",
                         fix(f"Default {t.path}.{column.name} to gen_random_uuid()",
                             change_column(t, column, default=ir.Default.expression("gen_random_uuid()")))))
    return out


@rule("integrity.prefer-identity", INFO, tags=("keys",),
      statement="Integer surrogate keys use GENERATED ... AS IDENTITY, not serial/bigserial.",
      source="squawk prefer-identity; PGW \"Don't use serial\"; schemalint prefer-identity-to-serial (C5)",
      fix="Turns the serial column into `GENERATED BY DEFAULT AS IDENTITY` (its width stays; "
          "integrity.prefer-bigint-keys widens it).",
      example="`orders.id serial`")
def prefer_identity(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(*INTEGER_TYPES):
        c = ref.column
        if c.default is None or c.default.kind is not ir.DefaultKind.SEQUENCE or c.type.array_dims:
            continue
        blocked = c.name in _set_null_columns(ref.table)
        the_fix = None if blocked else fix(f"Make {ref.path} an identity column",
                                           change_column(ref.table, c, default=None, identity=ir.Identity.BY_DEFAULT,
                                                         nullable=False))
        out.append(Issue(ref.path, f"{ref.path} is a serial column: its sequence is a separate object with its own "
                         "permissions and ownership, which dumps, copies and ORMs get wrong.",
                         "Use GENERATED BY DEFAULT AS IDENTITY instead.", the_fix))
    return out


@rule("integrity.prefer-bigint-keys", WARNING, tags=("keys",),
      statement="Integer keys and the foreign keys that follow them are bigint, not integer/smallint.",
      source="squawk prefer-bigint-over-int, prefer-bigint-over-smallint; S004 (BIGSERIAL); S002 uses Int",
      fix="Widens the key and every column that references it to bigint.",
      example="`workouts.id integer` referenced by `sessions.workout_id integer`")
def prefer_bigint_keys(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        column = _surrogate(ctx, t)
        if column is not None and column.type.logical in (LogicalType.SMALLINT, LogicalType.INTEGER):
            name = column.name
            family = ctx.key_family(t, name)
            followers = len(family) - 1
            also = f" (and the {followers} column(s) referencing it)" if followers else ""
            out.append(Issue(f"{t.path}.{name}",
                             f"The key {t.path}.{name} is {column.type.sql}: it runs out at "
                             f"{'32,767' if column.type.logical is LogicalType.SMALLINT else '2.1 billion'} rows, and "
                             "widening it later rewrites the table and every table that references it.",
                             f"Make it bigint{also}.",
                             fix(f"Widen {t.path}.{name} to bigint{also}",
                                 retype(ctx, t, column, ColumnType(LogicalType.BIGINT)))))
    return out


# Foreign keys -------------------------------------------------------------------------------


def _fk_suffix_words(pattern: str) -> tuple[str, ...]:
    """The words a foreign key column pattern adds after the referenced table (``_id`` -> ``id``)."""
    tail = re.sub(r"^\{[A-Za-z_]+\}", "", pattern)
    return names.name_words(tail)


@rule("integrity.fk-declared", WARNING, tags=("keys",),
      statement="Columns that reference another table carry a real foreign key constraint.",
      source="SchemaSpy implied relationships; S001 (\"referential integrity through foreign keys\"), S003, S004",
      fix="Adds the foreign key (ON DELETE from the profile) and its index.",
      example="`workouts.user_id uuid` with no foreign key to `users(id)`")
def fk_declared(ctx: Context, p: Params) -> list[Issue]:
    suffix = _fk_suffix_words(ctx.text_param("naming.fk-column", "fk_column_pattern"))
    out = []
    for ref in ctx.named(partial(_reference_stem, suffix=suffix)):
        t, column = ref.table, ref.column
        if column.name in ctx.fk_columns(t) or column.type.array_dims:
            continue
        for target in ctx.tables_by_singular.get(_reference_stem(column.name, suffix), ()):
            pk = target.primary_key
            if pk is None or len(pk.columns) != 1 or (target.key == t.key and column.name in pk.columns):
                continue
            key = target.column(pk.columns[0])
            if key is None or key.type != column.type:
                continue
            out.append(Issue(ref.path, f"{ref.path} looks like a reference to {target.path} but has no foreign key: "
                             "nothing stops it from pointing at a row that does not exist.",
                             f"Add a foreign key to {target.path}({pk.columns[0]}).",
                             later(_declare_fk, ctx, ref, target)))
            break
    return out


@lru_cache(maxsize=65536)
def _reference_stem(name: str, suffix: tuple[str, ...]) -> str:
    """The table a column name points at by the FK column pattern (``user_id`` -> ``user``), or ""."""
    parts = names.name_words(name)
    if not suffix:
        return "".join(parts)
    if len(parts) <= len(suffix) or parts[-len(suffix):] != suffix:
        return ""
    return "".join(parts[: -len(suffix)])


def _declare_fk(ctx: Context, ref: ColRef, target: ir.Table) -> Fix:
    assert target.primary_key is not None
    edits = foreign_key(ctx, ref.table, (ref.column.name,), target, target.primary_key.columns,
                        nullable=ref.column.nullable)
    return fix(f"Add a foreign key from {ref.path} to {target.path}", *edits)


def _index_fk(ctx: Context, t: ir.Table, fk: ir.ForeignKey) -> Fix:
    return fix(f"Index {t.path}({', '.join(fk.columns)})", index_on(ctx, t, fk.columns))


@rule("integrity.fk-indexed", ERROR, tags=("keys", "index"),
      statement="Every foreign key is covered by an index whose leading columns are its columns.",
      source="S001, S002 Rule 4, S003 quality gate (\"Foreign keys without indexes\"), S004 (\"Foreign keys "
             "(always)\")",
      fix="Adds a btree index on the foreign key's columns, named by the profile's index pattern.",
      example="`workouts.user_id` references `users` and no index starts with `user_id`",
      params={"partial_counts": Param(True, "a partial index WHERE <soft-delete column> IS NULL counts as cover")})
def fk_indexed(ctx: Context, p: Params) -> list[Issue]:
    partial = p.flag("partial_counts")
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            if ctx.covered(t, fk.columns, allow_soft_delete_partial=partial):
                continue
            cols = ", ".join(fk.columns)
            out.append(Issue(_fk_path(t, fk),
                             f"Foreign key {t.path}({cols}) → {fk.ref_table} has no index: every delete or key update "
                             f"in {fk.ref_table} scans {t.path}, and joins from {fk.ref_table} are slow.",
                             f"Add an index on {t.path}({cols}). A composite key or index covers only its leading "
                             "columns.", later(_index_fk, ctx, t, fk), key=fk.name))
    return out


@rule("integrity.fk-type-match", ERROR, tags=("keys",),
      statement="A foreign key column has exactly the type of the column it references.",
      source="SchemaCrawler (FK/PK type mismatch); derived",
      fix="Gives the referencing column (and the keys linked to it) the referenced column's type.",
      example="`sessions.workout_id integer` referencing `workouts.id bigint`")
def fk_type_match(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            for i, name in enumerate(fk.columns):
                column, ref = t.column(name), ctx.ref_column(fk, i)
                if column is None or ref is None or column.type == ref.type:
                    continue
                out.append(Issue(f"{t.path}.{name}",
                                 f"{t.path}.{name} is {column.type.sql} but references {fk.ref_table}."
                                 f"{ref.name}, which is {ref.type.sql}: comparisons need casts, indexes go unused, "
                                 "and values may not fit.",
                                 f"Make {t.path}.{name} {ref.type.sql}.",
                                 fix(f"Make {t.path}.{name} {ref.type.sql}", retype(ctx, t, column, ref.type)),
                                 key=fk.name))
    return out


@rule("integrity.fk-on-delete-explicit", WARNING, tags=("keys",),
      statement="Every foreign key states its ON DELETE action on purpose.",
      source="S002 Pitfall 2 (\"define cascade behavior\"), S003 (contract on_delete/on_update), S004 (\"Design "
             "cascade rules\")",
      fix="Fills in the profile's default action (RESTRICT where rows are soft-deleted).",
      example="`posts.author_id` references `users` with the implicit NO ACTION",
      params={"default_on_delete": Param("restrict", "the action fixes fill in; by_cardinality = CASCADE for 1:1 "
                                         "and junctions, SET NULL for nullable 1:N (S003)",
                                         choices=("restrict", "cascade", "set_null", "by_cardinality"))})
def fk_on_delete_explicit(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            if fk.on_delete is not ir.Action.NO_ACTION:
                continue
            nullable = all((c := t.column(n)) is not None and c.nullable for n in fk.columns)
            action = ctx.default_on_delete(t, fk.columns, nullable, ctx.ref_table(fk))
            out.append(Issue(_fk_path(t, fk),
                             f"Foreign key {t.path}({', '.join(fk.columns)}) → {fk.ref_table} leaves ON DELETE to the "
                             f"default: what should happen to {t.path} rows when their "
                             f"{names.noun(fk.ref_table)} is deleted?",
                             "Choose RESTRICT, CASCADE or SET NULL on purpose.",
                             fix(f"Set ON DELETE {action.sql} on {t.path}.{fk.name}",
                                 UpdateConstraint(t.path, fk.name, replace(fk, on_delete=action))), key=fk.name))
    return out


@rule("integrity.fk-set-null-nullable", ERROR, tags=("keys",),
      statement="ON DELETE/UPDATE SET NULL is only used on nullable columns, SET DEFAULT only on columns with a "
                "default.",
      source="derived (PostgreSQL fails at delete time); S003's own example `posts.user_id UUID NOT NULL` + "
             "`ON DELETE SET NULL`",
      fix="Changes the action to RESTRICT (the NOT NULL stays, as it was meant).",
      example="`posts.user_id uuid NOT NULL` with `ON DELETE SET NULL`")
def fk_set_null_nullable(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            columns = [t.column(n) for n in fk.columns]
            changes: dict[str, ir.Action] = {}
            problems = []
            for field in ("on_delete", "on_update"):
                action = getattr(fk, field)
                if action is ir.Action.SET_NULL:
                    bad = [c.name for c in columns if c is not None and not c.nullable]
                    if bad:
                        problems.append(f"{field.replace('_', ' ').upper()} SET NULL but {', '.join(bad)} is NOT NULL")
                        changes[field] = ir.Action.RESTRICT
                elif action is ir.Action.SET_DEFAULT:
                    bad = [c.name for c in columns if c is not None and c.default is None]
                    if bad:
                        problems.append(f"{field.replace('_', ' ').upper()} SET DEFAULT but {', '.join(bad)} has "
                                        "no default")
                        changes[field] = ir.Action.RESTRICT
            if not problems:
                continue
            out.append(Issue(_fk_path(t, fk),
                             f"Foreign key {t.path}.{fk.name} says {'; '.join(problems)}: deleting a "
                             f"{names.noun(fk.ref_table)} that has {t.path} rows will fail.",
                             "Either make the column nullable, or choose another action (RESTRICT or CASCADE).",
                             fix(f"Use RESTRICT on {t.path}.{fk.name}",
                                 UpdateConstraint(t.path, fk.name, replace(fk, **changes))),  # type: ignore[arg-type]
                             key=fk.name))
    return out


@rule("integrity.cascade-vs-soft-delete", WARNING, tags=("keys", "softdelete"),
      statement="On soft-deletable tables, foreign keys don't ON DELETE CASCADE; deletes cascade in the "
                "application, as soft deletes.",
      source="S000 (\"prefer application-level soft delete handling\"), S002 (service-layer soft delete); S003 "
             "uses CASCADE (C7)",
      fix="Sets ON DELETE RESTRICT.",
      example="`workouts.program_id` ON DELETE CASCADE while `programs` has `deleted_at`")
def cascade_vs_soft_delete(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            if fk.on_delete is not ir.Action.CASCADE:
                continue
            parent = ctx.ref_table(fk)
            soft = [x.path for x in (t, parent) if x is not None and ctx.soft_delete(x) is not None]
            if not soft:
                continue
            out.append(Issue(_fk_path(t, fk),
                             f"Foreign key {t.path}.{fk.name} cascades deletes although {' and '.join(soft)} "
                             "soft-delete their rows: a hard delete would silently destroy history the soft delete "
                             "was meant to keep.",
                             "Use RESTRICT and soft-delete the children in the application, in the same transaction.",
                             fix(f"Use ON DELETE RESTRICT on {t.path}.{fk.name}",
                                 UpdateConstraint(t.path, fk.name, replace(fk, on_delete=ir.Action.RESTRICT))),
                             key=fk.name))
    return out


@rule("integrity.required-relationship-not-null", INFO, tags=("keys",),
      statement="A required relationship has a NOT NULL foreign key; an optional one says why.",
      source="S000 (\"Challenge optional fields\"), S001 (`salon_id ... .notNull()`), S003 (`user_id UUID NOT NULL`)",
      fix="Makes the columns NOT NULL (and a SET NULL action RESTRICT).",
      example="`workouts.program_id` nullable, with no comment saying when a workout has no program")
def required_relationship_not_null(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            loose = [c for n in fk.columns if (c := t.column(n)) is not None and c.nullable]
            if not loose or any(c.comment for c in loose):
                continue
            names_ = ", ".join(c.name for c in loose)
            out.append(Issue(_fk_path(t, fk),
                             f"{t.path}.{names_} may be empty, so a {names.noun(t.name)} can exist without a "
                             f"{names.noun(fk.ref_table)}; nothing says whether that is meant.",
                             "Make it NOT NULL, or add a comment saying when it is empty.",
                             later(_required, t, fk, loose), key=fk.name))
    return out


def _required(t: ir.Table, fk: ir.ForeignKey, loose: list[ir.Column]) -> Fix:
    edits: list[Edit] = [change_column(t, c, nullable=False) for c in loose]
    if fk.on_delete in _SET_NULL or fk.on_update in _SET_NULL:
        on_delete = ir.Action.RESTRICT if fk.on_delete in _SET_NULL else fk.on_delete
        on_update = ir.Action.RESTRICT if fk.on_update in _SET_NULL else fk.on_update
        edits.append(UpdateConstraint(t.path, fk.name, replace(fk, on_delete=on_delete, on_update=on_update)))
    return fix(f"Make {t.path}.{', '.join(c.name for c in loose)} NOT NULL", *edits)


def _not_null(ref: ColRef) -> Fix:
    return fix(f"Make {ref.path} NOT NULL", change_column(ref.table, ref.column, nullable=False))


@rule("integrity.prefer-not-null", INFO, tags=("keys",),
      statement="Columns are NOT NULL unless optional on purpose (a comment says why).",
      source="S000 (\"most domain concepts should be required\"), S001 (\"NOT NULL enforcement\"), S003, S004",
      fix="Makes the column NOT NULL.",
      example="`exercises.description text` nullable with no comment")
def prefer_not_null(ctx: Context, p: Params) -> list[Issue]:
    out = []
    soft = ctx.soft_delete_names
    for ref in ctx.facet("nullable"):
        c, t = ref.column, ref.table
        if not c.nullable or c.comment or c.generated or c.name in soft or c.name in ctx.fk_columns(t):
            continue
        out.append(Issue(ref.path, f"{ref.path} may be empty and nothing says when: most attributes of a "
                         f"{names.noun(t.name)} are required.",
                         "Make it NOT NULL, or add a comment saying when it is empty.", later(_not_null, ref)))
    return out


@rule("integrity.natural-key-unique", WARNING, tags=("keys",),
      statement="Naturally unique business fields (email, username, slug, code, sku...) have a UNIQUE "
                "constraint or index.",
      source="S003 quality gate (\"Missing unique constraints on unique fields\"), S001, S002 (`email @unique`)",
      fix="Adds a unique constraint (partial on live rows when the table soft-deletes, tenant-scoped on tenant "
          "tables).",
      example="`users.email` without any unique constraint",
      params={"names": Param(names.NATURAL_KEYS, "column names that are unique by nature")})
def natural_key_unique(ctx: Context, p: Params) -> list[Issue]:
    wanted = {tuple(n.split("_")) for n in p.names("names")}
    tenant = ctx.settings.tenant_column
    tenancy_on = ctx.level("tenancy.unique-includes-tenant") is not None
    out = []
    for ref in ctx.named(lambda n: names.name_words(n) in wanted):
        t, c = ref.table, ref.column
        scope = set(ctx.fk_columns(t)) | ({tenant} if tenant else set())
        if c.type.array_dims or ctx.unique_over(t, [c.name], extra=scope):
            continue
        columns: tuple[str, ...] = (c.name,)
        if tenancy_on and tenant and "tenant_owned" in t.tags and t.column(tenant) is not None and tenant != c.name:
            columns = (tenant, c.name)
        where = ctx.live_rows(t) if ctx.soft_delete(t) is not None else None
        unique = ir.Unique(ctx.constraint_name("unique", t, columns), columns, where=where)
        out.append(Issue(ref.path, f"{ref.path} names something unique by nature, but nothing stops two "
                         f"{t.path} rows from sharing a value.",
                         "Add a unique constraint" + (" over the live rows" if where else "") + ".",
                         fix(f"Make {t.path}({', '.join(columns)}) unique", AddConstraint(t.path, unique))))
    return out


@rule("integrity.nullable-unique", INFO, tags=("keys",),
      statement="A unique column that is nullable allows many NULLs.",
      source="SchemaSpy (\"Columns that are flagged as both 'nullable' and 'must be unique'\")",
      fix="Makes the columns NOT NULL, or (PostgreSQL 15+) the constraint NULLS NOT DISTINCT.",
      example="`users.username` nullable with `UNIQUE (username)`")
def nullable_unique(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        blocked = _set_null_columns(t) | ctx.soft_delete_names
        for k in ctx.keys(t):
            if k.kind == "primary_key" or not k.unique or None in k.columns:
                continue
            if isinstance(k.item, ir.Unique) and k.item.nulls_not_distinct:
                continue
            loose = [c for n in k.columns if n is not None and (c := t.column(n)) is not None and c.nullable]
            if not loose:
                continue
            the_fix = None
            if not {c.name for c in loose} & blocked:
                the_fix = fix(f"Make {t.path}.{', '.join(c.name for c in loose)} NOT NULL",
                              *(change_column(t, c, nullable=False) for c in loose))
            elif isinstance(k.item, ir.Unique) and ctx.pg_version >= 15:
                the_fix = fix(f"Make {t.path}.{k.name} NULLS NOT DISTINCT",
                              UpdateConstraint(t.path, k.name, replace(k.item, nulls_not_distinct=True)))
            loose_names = ", ".join(c.name for c in loose)
            out.append(Issue(f"{t.path}.{k.name}",
                             f"{k.name} makes {t.path}({', '.join(str(c) for c in k.columns)}) unique, but "
                             f"{loose_names} may be NULL, and any number of rows may hold NULL there.",
                             "Make the column NOT NULL, or the constraint NULLS NOT DISTINCT (PostgreSQL 15+).",
                             the_fix))
    return out


# CHECK constraints --------------------------------------------------------------------------

_DOMAIN_NAMES = frozenset({("order", "index"), ("sets",), ("reps",), ("rating",), ("day", "of", "week"), ("price",)})


def _domain_column(name: str) -> bool:
    parts = names.name_words(name)
    return bool(parts) and (parts in _DOMAIN_NAMES or parts[-1] == "count" or parts[0] == "duration")


@rule("integrity.check-domain-ranges", INFO, tags=("keys",),
      statement="Numeric domain rules (counts, positions, ratings, days, durations, prices) are CHECK constraints.",
      source="S000 (`set_is_positive`, `order_index_positive`), S001 (`chk_salon_rating_range`), S003/S004 (\"Check "
             "constraints for business rules\")",
      fix="Adds `CHECK (col >= 0)`, or `BETWEEN 0 AND 6` for a day of the week.",
      example="`opening_hours.day_of_week integer` with no CHECK")
def check_domain_ranges(ctx: Context, p: Params) -> list[Issue]:
    out = []
    numeric = set(NUMBER_TYPES) - {LogicalType.MONEY}
    for ref in ctx.named(_domain_column):
        t, c = ref.table, ref.column
        if c.type.logical not in numeric or c.type.array_dims or ctx.checks_on(t).get(c.name):
            continue
        if names.name_words(c.name) == ("day", "of", "week"):
            expression, desc = f"{_q(c.name)} BETWEEN 0 AND 6", f"{c.name}_range"
        else:
            expression, desc = f"{_q(c.name)} >= 0", f"{c.name}_non_negative"
        check = ir.Check(ctx.constraint_name("check", t, [c.name], desc=desc), expression)
        out.append(Issue(ref.path, f"{ref.path} holds a count, position or measure but accepts any number, "
                         "negative ones included.", f"Add CHECK ({expression}).",
                         fix(f"Add CHECK ({expression}) to {t.path}", AddConstraint(t.path, check))))
    return out


_INTERVAL_WORDS = {"start": ("end", "finish"), "starts": ("ends",), "started": ("ended", "completed", "finished"),
                   "open": ("close",), "opens": ("closes",), "opened": ("closed",), "begin": ("end",),
                   "begins": ("ends",), "from": ("to", "until")}


@lru_cache(maxsize=65536)
def _interval_ends(name: str) -> tuple[str, ...]:
    parts = names.name_words(name)
    case = "snake" if "_" in name or name.islower() else "camel"
    out = []
    for i, word in enumerate(parts):
        for end in _INTERVAL_WORDS.get(word, ()):
            out.append(names.join_words([*parts[:i], end, *parts[i + 1:]], case))
    return tuple(out)


def _orderable(column: ir.Column) -> bool:
    logical = column.type.logical
    if logical in TEMPORAL_TYPES or logical in NUMBER_TYPES:
        return True
    return logical in (LogicalType.TEXT, LogicalType.VARCHAR) and names.is_temporal_name(column.name)


@rule("integrity.check-interval-order", INFO, tags=("keys",),
      statement="Paired start/end columns are ordered by a CHECK.",
      source="derived from S001 (`open_time`/`close_time`) and S002 (`startedAt`/`completedAt`)",
      fix="Adds `CHECK (end >= start)` (`end IS NULL OR ...` when the end is optional).",
      example="`sessions.started_at` and `sessions.completed_at` with no CHECK relating them")
def check_interval_order(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        checks = ctx.checks_on(t)
        for start in t.columns:
            for end_name in _interval_ends(start.name):
                end = t.column(end_name)
                if end is None or end.type != start.type or end.type.array_dims or not _orderable(end):
                    continue
                if {id(c) for c in checks.get(start.name, ())} & {id(c) for c in checks.get(end.name, ())}:
                    continue
                op = ">" if names.name_words(start.name)[:1] == ("open",) else ">="
                expression = f"{_q(end.name)} {op} {_q(start.name)}"
                if end.nullable:
                    expression = f"{_q(end.name)} IS NULL OR {expression}"
                check = ir.Check(ctx.constraint_name("check", t, [end.name], desc=f"{end.name}_after_{start.name}"),
                                 expression)
                out.append(Issue(f"{t.path}.{end.name}",
                                 f"{t.path}.{end.name} can be earlier than {start.name}: nothing orders the pair.",
                                 f"Add CHECK ({expression}).",
                                 fix(f"Order {t.path}.{start.name} and {end.name}", AddConstraint(t.path, check)),
                                 key=start.name))
                break
    return out


_NULL_STRING = re.compile(r"^\s*'null'\s*(::\s*[a-z ]+)?\s*$", re.IGNORECASE)


@rule("integrity.default-null-string", ERROR, tags=("keys",),
      statement="A default isn't the string 'NULL'.",
      source="SchemaSpy (\"Columns whose default value is the word 'NULL' or 'null'\")",
      fix="Removes the default (the column defaults to SQL NULL).",
      example="`users.nickname text DEFAULT 'NULL'`")
def default_null_string(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.facet("defaulted"):
        d = ref.column.default
        if d is None or not ((d.kind is ir.DefaultKind.LITERAL and d.value.strip().lower() == "null")
                             or (d.kind is ir.DefaultKind.EXPRESSION and _NULL_STRING.match(d.value))):
            continue
        out.append(Issue(ref.path, f"{ref.path} defaults to the text 'NULL', not to NULL: new rows get a four-letter "
                         "word that IS NULL checks miss.", "Remove the default.",
                         fix(f"Remove the default of {ref.path}", change_column(ref.table, ref.column, default=None))))
    return out


def _pair_bounded(ctx: Context, table: ir.Table, pair: set[str]) -> bool:
    """True when a unique key (not a lone surrogate id) includes a side of the pair: the pair, or the pair
    with a discriminator such as ``(workout_id, order_index)``, cannot repeat freely."""
    for k in ctx.keys(table):
        cols = {c for c in k.columns if c is not None}
        if not k.unique or None in k.columns or not cols & pair:
            continue
        if k.where is None or predicate(k.where).pinned <= ctx.soft_delete_names:
            return True
    return False


@rule("integrity.junction-unique-pair", WARNING, tags=("keys",),
      statement="A junction table can't hold the same pair twice.",
      source="S003 (`PRIMARY KEY (user_id, role_id)`); S004 (\"Design composite keys\"); S002's `WorkoutExercise`",
      fix="Keys the table by the pair, or adds a unique constraint over it when it has a surrogate key.",
      example="`user_roles (id, user_id, role_id)` tagged junction with no unique pair")
def junction_unique_pair(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.tagged.get("junction", ()):
        if len(t.foreign_keys) < 2:
            continue
        pair = tuple(dict.fromkeys((*t.foreign_keys[0].columns, *t.foreign_keys[1].columns)))
        if _pair_bounded(ctx, t, set(pair)):
            continue
        if t.primary_key is None and not set(pair) & _set_null_columns(t):
            edit: Edit = SetPrimaryKey(t.path, ir.PrimaryKey(pair, ctx.free_name(t, f"{t.name}_pkey", relation=True)))
        else:
            where = ctx.live_rows(t) if ctx.soft_delete(t) is not None else None
            edit = AddConstraint(t.path, ir.Unique(ctx.constraint_name("unique", t, pair), pair, where=where))
        out.append(Issue(t.path, f"Junction table {t.path} can link the same {', '.join(pair)} pair twice.",
                         "Make the pair its primary key, or add a unique constraint over it (plus a discriminator "
                         "such as an order column when repeats are meant).",
                         fix(f"Make ({', '.join(pair)}) unique in {t.path}", edit)))
    return out


def _meant_one_to_one(table: ir.Table, fk: ir.ForeignKey) -> bool:
    back = fk.back_relation_name
    one = names.singular(table.name)
    return bool(back) and one != table.name and back is not None and names.name_words(back) == names.name_words(one)


@rule("integrity.one-to-one-unique", ERROR, tags=("keys",),
      statement="The foreign key of a one-to-one relationship is unique.",
      source="S003 (`profiles.user_id UUID UNIQUE NOT NULL`)",
      fix="Adds a unique constraint over the foreign key's columns.",
      example="`profiles.user_id` whose relation is named `profile` (one per user) with no UNIQUE")
def one_to_one_unique(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        for fk in t.foreign_keys:
            if not _meant_one_to_one(t, fk) or ctx.unique_over(t, fk.columns):
                continue
            unique = ir.Unique(ctx.constraint_name("unique", t, fk.columns), fk.columns)
            out.append(Issue(_fk_path(t, fk),
                             f"{fk.ref_table} names its {t.path} in the singular ({fk.back_relation_name}), a "
                             f"one-to-one relationship, but {', '.join(fk.columns)} is not unique: a "
                             f"{names.noun(fk.ref_table)} could get several.",
                             "Add a unique constraint over the foreign key, or name the relation in the plural.",
                             fix(f"Make {t.path}({', '.join(fk.columns)}) unique", AddConstraint(t.path, unique)),
                             key=fk.name))
    return out


def _closed_domain(ctx: Context, table: ir.Table, column: ir.Column) -> bool:
    if column.type.logical is LogicalType.ENUM or column.name in ctx.fk_columns(table):
        return True
    return any((found := in_list(c.expression)) is not None and found[0] == column.name
               for c in ctx.checks_on(table).get(column.name, ()))


@rule("integrity.polymorphic-association", WARNING, tags=("keys",),
      statement="\"Polymorphic\" {x}_type + {x}_id pairs have no referential integrity.",
      source="S004 endorses `commentable_type`/`commentable_id`; SchemaSpy implied relationships; S001/S003/S004 "
             "\"referential integrity through foreign keys\" (C20)",
      example="`comments.commentable_type varchar(50)` + `comments.commentable_id uuid`")
def polymorphic_association(ctx: Context, p: Params) -> list[Issue]:
    out = []
    kinds = {LogicalType.TEXT, LogicalType.VARCHAR, LogicalType.CHAR, LogicalType.ENUM}
    ids = INTEGER_TYPES | {LogicalType.UUID}
    for t in ctx.schema.tables:
        by_words = {names.name_words(c.name): c for c in t.columns}
        for words, kind_col in by_words.items():
            if len(words) < 2 or words[-1] != "type" or kind_col.type.logical not in kinds:
                continue
            id_col = by_words.get((*words[:-1], "id"))
            if id_col is None or id_col.type.logical not in ids or id_col.name in ctx.fk_columns(t):
                continue
            also = "" if _closed_domain(ctx, t, kind_col) else f", and at least CHECK ({kind_col.name} IN (...))"
            out.append(Issue(f"{t.path}.{id_col.name}",
                             f"{t.path}.{kind_col.name} + {id_col.name} point at rows of several tables, so no "
                             "foreign key can check them: the referenced row may not exist.",
                             "Prefer one nullable foreign key per target with CHECK (num_nonnulls(...) = 1), or one "
                             f"junction table per target{also}."))
    return out


@rule("integrity.categorical-domain", INFO, tags=("keys",),
      statement="Categorical columns have a closed domain: an enum, a lookup foreign key or CHECK IN.",
      source="S000 (pgEnum), S002 (enum Role; but `muscleGroup String?` free text), S003 (\"small enums\")",
      example="`exercises.muscle_group text` with no enum, CHECK or lookup table",
      params={"names": Param(names.CATEGORICAL, "names (or name endings) of categorical columns")})
def categorical_domain(ctx: Context, p: Params) -> list[Issue]:
    candidates = p.names("names")
    out = []
    for ref in ctx.of_types(LogicalType.TEXT, LogicalType.VARCHAR):
        if ref.column.type.array_dims or not names.matches_words(ref.column.name, candidates):
            continue
        if _closed_domain(ctx, ref.table, ref.column) or ctx.checks_on(ref.table).get(ref.column.name):
            continue
        out.append(Issue(ref.path, f"{ref.path} holds a category as free text: typos and spellings ('Chest', "
                         "'chest ') become new categories.",
                         "Use an enum, CHECK (... IN (...)), or a lookup table, as types.enum-representation says."))
    return out


@rule("integrity.optimistic-lock-version", INFO, tags=("keys",),
      statement="Tables edited concurrently (tagged concurrent_edit) have a version column.",
      source="S001 (\"optimistic locking with version fields\")",
      fix="Adds (or repairs) `version integer NOT NULL DEFAULT 0`.",
      example="`bookings` tagged concurrent_edit with no version column",
      params={"column": Param("version", "the version column's name")})
def optimistic_lock_version(ctx: Context, p: Params) -> list[Issue]:
    name = ctx.col_name(p.text("column"))
    shape = ir.Column(name, ColumnType(LogicalType.INTEGER), nullable=False, default=ir.Default.literal("0"))
    out = []
    for t in ctx.tagged.get("concurrent_edit", ()):
        column = t.column(name)
        if (column is not None and column.type.logical in INTEGER_TYPES and not column.nullable
                and column.default is not None):
            continue
        edits: list[Edit] = add_columns(t, shape) if column is None else [change_column(
            t, column, type=shape.type, nullable=False, default=shape.default, identity=None, generated=None)]
        out.append(Issue(t.path, f"{t.path} is edited concurrently but has no {name} counter: two editors can "
                         "overwrite each other's changes without noticing.",
                         f"Add {name} integer NOT NULL DEFAULT 0 and bump it on every update.",
                         fix(f"Add {t.path}.{name}", *edits)))
    return out
