"""Type rules (``types.*``, rules-catalog.md section 3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import AddConstraint, CreateEnum, DeleteConstraint, Edit, MoveColumn
from designer.core.exporters.sqlparts import string_literal
from designer.core.identifiers import quote_identifier
from designer.core.types import INTEGER_TYPES, ColumnType, LogicalType
from designer.core.validate import names
from designer.core.validate.alignment import ideal_order, layout, padding
from designer.core.validate.context import ColRef, Context
from designer.core.validate.expressions import in_list, is_now, is_uuid_generator, uses_json_path
from designer.core.validate.fixes import fix, retype
from designer.core.validate.registry import Fix, Issue, Param, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO
TEXTUAL = (LogicalType.TEXT, LogicalType.VARCHAR, LogicalType.CHAR)


def _retyped(ctx: Context, ref: ColRef, new: ColumnType, what: str, **changes: object) -> Callable[[], Fix]:
    """The fix that changes ``ref``'s type (built when asked for).

    An audit timestamp changes together with the other audit timestamps of its type, when
    timestamps.consistent-type is on: fixing one alone would make them inconsistent.
    """

    def build() -> Fix:
        typed = replace(new, array_dims=ref.column.type.array_dims)
        edit = retype(ctx, ref.table, ref.column, typed, **changes)
        siblings = _audit_siblings(ctx, ref) if ctx.level("timestamps.consistent-type") is not None else []
        if not siblings:
            return fix(f"Make {ref.path} {typed.sql}{what}", edit)
        edits = [edit, *(retype(ctx, s.table, s.column, typed) for s in siblings)]
        return fix(f"Make {ref.path} and the other audit timestamps of type {ref.column.type.sql} {typed.sql}",
                   *edits)

    return build


def _audit_siblings(ctx: Context, ref: ColRef) -> list[ColRef]:
    """The other audit timestamps (created_at, updated_at, the soft-delete column) of ``ref``'s type."""
    audit = [r for n in ("created_at", "updated_at", "deleted_at") for r in ctx.audit_refs(n)]
    if not any(r.path == ref.path for r in audit):
        return []
    return [r for r in audit if r.path != ref.path and r.column.type == ref.column.type]


@rule("types.timestamptz", ERROR,
      statement="Points in time use timestamptz.",
      source="S003, S004 (\"always use timezone\"); PGW \"Don't use timestamp (without time zone)\"; squawk "
             "prefer-timestamptz; schemalint prefer-timestamptz-to-timestamp (C6)",
      fix="Changes the type to timestamptz (the migration reads old values AT TIME ZONE 'UTC').",
      example="`sessions.started_at timestamp`, or Prisma's plain `DateTime` (timestamp(3))")
def timestamptz(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.TIMESTAMP):
        new = ColumnType(LogicalType.TIMESTAMPTZ, precision=ref.column.type.precision)
        out.append(Issue(ref.path, f"{ref.path} is a timestamp without time zone: the same value means different "
                         "instants for servers and clients in different zones.", "Use timestamptz.",
                         _retyped(ctx, ref, new, "")))
    return out


def _temporal_target(name: str, default: ir.Default | None) -> ColumnType:
    parts = names.name_words(name)
    if default is not None and default.kind is ir.DefaultKind.EXPRESSION and is_now(default.value):
        if "current_date" in default.value.lower():
            return ColumnType(LogicalType.DATE)
        return ColumnType(LogicalType.TIMESTAMPTZ)
    if parts[-1:] in (("on",), ("date",)) or parts[:2] == ("date", "of"):
        return ColumnType(LogicalType.DATE)
    if parts[-1:] == ("time",):
        return ColumnType(LogicalType.TIME)
    return ColumnType(LogicalType.TIMESTAMPTZ)


def _clock_default(column: ir.Column) -> bool:
    d = column.default
    return d is not None and d.kind is ir.DefaultKind.EXPRESSION and is_now(d.value)


@rule("types.no-temporal-text", ERROR,
      statement="Dates and times aren't stored as text.",
      source="derived; PGW (date/time); S001 (`created_at text`, `open_time text`, `created_at TEXT NOT NULL DEFAULT "
             "now()`) (C6)",
      fix="Changes the type to timestamptz, date or time, from the name (and the default).",
      example="`salons.created_at text NOT NULL`")
def no_temporal_text(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(*TEXTUAL):
        c = ref.column
        if c.type.array_dims or not (names.is_temporal_name(c.name) or _clock_default(c)):
            continue
        target = _temporal_target(c.name, c.default)
        default = c.default if c.default is None or c.default.kind is ir.DefaultKind.EXPRESSION else None
        out.append(Issue(ref.path, f"{ref.path} holds a {target.sql.replace('tz', ' with time zone')} as "
                         f"{c.type.sql}: nothing stops '2024-13-45' or 'soon', and dates sort as strings.",
                         f"Use {target.sql}.", _retyped(ctx, ref, target, "", default=default)))
    return out


@rule("types.time-of-day", WARNING,
      statement="A time of day uses time, not timetz or text.",
      source="PGW \"Don't use timetz\"; S001 (`open_time`/`close_time` text)",
      fix="Changes the type to time.",
      example="`opening_hours.open_time text`, or a `timetz` column")
def time_of_day(ctx: Context, p: Params) -> list[Issue]:
    out = []
    time = ColumnType(LogicalType.TIME)
    for ref in ctx.of_types(LogicalType.TIMETZ, *TEXTUAL):
        c = ref.column
        if c.type.logical is LogicalType.TIMETZ:
            message = f"{ref.path} is a timetz: a time of day with an offset is meaningless across daylight saving."
            new = replace(time, precision=c.type.precision)
        elif names.name_words(c.name)[-1:] == ("time",) and not c.type.array_dims:
            message = f"{ref.path} holds a time of day as {c.type.sql}: '25:99' and '9am' are accepted."
            new = time
        else:
            continue
        out.append(Issue(ref.path, message, "Use time.", _retyped(ctx, ref, new, "")))
    return out


@rule("types.no-timestamp-precision-0", INFO,
      statement="Don't use timestamp(0)/timestamptz(0).",
      source="PGW \"Don't use timestamp(0) or timestamptz(0)\" (it rounds, which can put a value in the future)",
      fix="Drops the precision.",
      example="`events.occurred_at timestamptz(0)`")
def no_timestamp_precision_0(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ, LogicalType.TIME, LogicalType.TIMETZ):
        if ref.column.type.precision != 0:
            continue
        new = replace(ref.column.type, precision=None)
        out.append(Issue(ref.path, f"{ref.path} is {ref.column.type.sql}: PostgreSQL rounds to the second, so a "
                         "value can land half a second in the future.", "Drop the precision, or truncate on write.",
                         _retyped(ctx, ref, new, "")))
    return out


def _date_name(name: str) -> bool:
    parts = names.name_words(name)
    return parts[-1:] == ("date",) or parts[:2] == ("date", "of") or parts in (("birthday",), ("birth", "date"))


@rule("types.date-only", INFO,
      statement="Date-only values use date.",
      source="S003 (`date_of_birth DATE`)",
      fix="Changes the type to date.",
      example="`users.date_of_birth timestamptz`")
def date_only(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ):
        if ref.column.type.array_dims or not _date_name(ref.column.name):
            continue
        out.append(Issue(ref.path, f"{ref.path} is named as a date but holds a point in time: the time part and "
                         "the zone shift the day for some readers.", "Use date.",
                         _retyped(ctx, ref, ColumnType(LogicalType.DATE), "")))
    return out


@rule("types.no-char-n", WARNING,
      statement="Don't use char(n).",
      source="PGW \"Don't use char(n)\" (also for fixed-length ids); squawk ban-char-field",
      fix="Changes the type to text (and the keys linked to it).",
      example="`invoices.currency char(3)`")
def no_char_n(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.CHAR):
        out.append(Issue(ref.path, f"{ref.path} is {ref.column.type.sql}: values are padded with spaces, which "
                         "breaks comparisons with text, and the length is not checked the way people expect.",
                         "Use text, with CHECK (length(...) = n) when the length matters.",
                         _retyped(ctx, ref, ColumnType(LogicalType.TEXT), "")))
    return out


_SIZED: dict[tuple[str, ...], int] = {("email",): 255, ("username",): 50}


@rule("types.text-vs-varchar", INFO,
      statement="Strings use the profile's style: text (+ CHECK when a limit matters), or varchar(n) sized on "
                "purpose.",
      source="text: PGW, squawk prefer-text-field, schemalint prefer-text-to-varchar, S001. varchar: S003 "
             "(`email VARCHAR(255)`). S004 allows both (C10)",
      fix="Converts the column to the profile's style.",
      example="`users.name varchar(100)` under text_style=text",
      params={"text_style": Param("text", "text, varchar, or either", choices=("text", "varchar", "either"))})
def text_vs_varchar(ctx: Context, p: Params) -> list[Issue]:
    style = p.text("text_style")
    out = []
    for ref in ctx.of_types(LogicalType.VARCHAR, LogicalType.TEXT):
        c = ref.column
        is_varchar = c.type.logical is LogicalType.VARCHAR
        if style == "text" and is_varchar:
            out.append(Issue(ref.path, f"{ref.path} is {c.type.sql}: this profile stores strings as text (changing "
                             "a varchar's length later takes a lock).", "Use text, with a CHECK when a limit matters.",
                             _retyped(ctx, ref, ColumnType(LogicalType.TEXT), "")))
        elif is_varchar and c.type.length is None:
            out.append(Issue(ref.path, f"{ref.path} is a varchar without a length, which is text by another name.",
                             "Use text, or give it a length on purpose.",
                             _retyped(ctx, ref, ColumnType(LogicalType.TEXT), "")))
        elif style == "varchar" and not is_varchar and (size := _SIZED.get(tuple(names.name_words(c.name)))):
            new = ColumnType(LogicalType.VARCHAR, length=size)
            out.append(Issue(ref.path, f"{ref.path} is text although its limit is known; this profile sizes such "
                             "strings.", f"Use varchar({size}).", _retyped(ctx, ref, new, "")))
    return out


def _email(name: str) -> bool:
    return names.name_words(name)[-1:] == ("email",)


@rule("types.email-length", INFO,
      statement="An email held in varchar is 254-255 characters long.",
      source="S003 quality gate (\"VARCHAR for emails > 255\", \"Emails max 254 chars\")",
      fix="Makes it varchar(255).",
      example="`users.email varchar(100)`")
def email_length(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.VARCHAR):
        length = ref.column.type.length
        if not _email(ref.column.name) or length is None or 254 <= length <= 255:
            continue
        why = "cuts valid addresses" if length < 254 else "allows strings no address can be"
        out.append(Issue(ref.path, f"{ref.path} is {ref.column.type.sql}, which {why} (an address is at most 254 "
                         "characters).", "Use varchar(255).",
                         _retyped(ctx, ref, ColumnType(LogicalType.VARCHAR, length=255), "")))
    return out


@rule("types.no-money-type", ERROR,
      statement="Don't use money.",
      source="PGW \"Don't use money\"",
      fix="Changes the type to numeric(12,2).",
      example="`orders.total money`")
def no_money_type(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(ref.path, f"{ref.path} uses the money type: its format and precision follow the server's "
                  "lc_monetary setting, and it holds one currency only.", "Use numeric(12,2) (and a currency column).",
                  _retyped(ctx, ref, ColumnType(LogicalType.NUMERIC, precision=12, scale=2), ""))
            for ref in ctx.of_types(LogicalType.MONEY)]


def _money(name: str) -> bool:
    parts = names.name_words(name)
    return bool(parts) and parts[-1] in names.MONEY_WORDS


@rule("types.exact-numeric-for-money", WARNING,
      statement="Money and precise measures use numeric, not floating point.",
      source="S001 (\"Numeric for precision\", `numeric('rating', {precision: 3, scale: 2})`), S003 (`price "
             "DECIMAL(10, 2)`)",
      fix="Changes the type to numeric(12,2) (numeric(3,2) for a rating).",
      example="`products.price double precision`")
def exact_numeric_for_money(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.REAL, LogicalType.DOUBLE):
        rating = names.name_words(ref.column.name)[-1:] == ("rating",)
        if not (_money(ref.column.name) or rating):
            continue
        new = ColumnType(LogicalType.NUMERIC, precision=3 if rating else 12, scale=2)
        out.append(Issue(ref.path, f"{ref.path} is {ref.column.type.sql}: floating point cannot hold 0.10 exactly, "
                         "so sums drift.", f"Use {new.sql}.", _retyped(ctx, ref, new, "")))
    return out


@rule("types.numeric-precision", INFO,
      statement="numeric has a precision and scale.",
      source="S001, S003 (examples)",
      fix="For money names, sets numeric(12,2).",
      example="`products.weight numeric`")
def numeric_precision(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.NUMERIC):
        if ref.column.type.precision is not None:
            continue
        the_fix = (_retyped(ctx, ref, ColumnType(LogicalType.NUMERIC, precision=12, scale=2), "")
                   if _money(ref.column.name) else None)
        out.append(Issue(ref.path, f"{ref.path} is numeric without precision or scale: it accepts any number of "
                         "digits, and exports guess a size.", "Give it a precision and scale, e.g. numeric(12,2).",
                         the_fix))
    return out


@rule("types.jsonb-not-json", WARNING,
      statement="JSON is stored as jsonb, not json.",
      source="S004 (\"JSONB (not JSON)\"), S003 (\"Use JSONB for queryable JSON\"); schemalint prefer-jsonb-to-json",
      fix="Changes the type to jsonb.",
      example="`sessions.data json`")
def jsonb_not_json(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(ref.path, f"{ref.path} is json: it is stored as text, reparsed on every read, and cannot be "
                  "indexed or compared.", "Use jsonb.", _retyped(ctx, ref, ColumnType(LogicalType.JSONB), ""))
            for ref in ctx.of_types(LogicalType.JSON)]


@rule("types.jsonb-scope", INFO,
      statement="JSONB holds flexible nested data, not data that is filtered, joined or constrained.",
      source="S001 (\"JSONB for flexible nested structures that don't need queries\"); S003/S004 call JSONB "
             "queryable (C21)",
      example="a btree index on `(settings->>'user_id')`")
def jsonb_scope(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(LogicalType.JSONB, LogicalType.JSON):
        t, c = ref.table, ref.column
        why = ""
        if names.name_words(c.name)[-1:] in (("id",), ("ids",), ("status",)):
            why = "its name says it holds references or a state"
        elif any(i.method is ir.IndexMethod.BTREE and any(e.expression and uses_json_path(e.expression, c.name)
                                                          for e in i.elements) for i in t.indexes):
            why = "an index reads a key inside it"
        elif any(uses_json_path(ch.expression, c.name) for ch in ctx.checks_on(t).get(c.name, ())):
            why = "a CHECK constrains keys inside it"
        if why:
            out.append(Issue(ref.path, f"{ref.path} is JSON, but {why}: that data is queried, so it wants real "
                             "columns.", "Promote the keys you filter, join or constrain to columns (or a child "
                             "table)."))
    return out


@rule("types.jsonb-typed", INFO,
      statement="JSONB columns declare their shape.",
      source="S001 (`jsonb('business_hours').$type<BusinessHours[]>()`)",
      example="`exercises.metadata jsonb` with no comment describing it")
def jsonb_typed(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(ref.path, f"{ref.path} holds JSON of an unstated shape: every reader guesses its keys.",
                  "Describe the shape in the column's comment (exports turn it into a type).")
            for ref in ctx.of_types(LogicalType.JSONB, LogicalType.JSON) if not ref.column.comment]


@rule("types.array-of-ids", WARNING,
      statement="Arrays hold simple scalar lists, never lists of references.",
      source="S001/S004 (\"Arrays for simple lists\"); 3NF (S003, S004)",
      example="`workouts.exercise_ids uuid[]`")
def array_of_ids(ctx: Context, p: Params) -> list[Issue]:
    uuid_keys = any(_pk_logical(t) is LogicalType.UUID for t in ctx.schema.tables)
    out = []
    for ref in ctx.facet("arrays"):
        c = ref.column
        if names.name_words(c.name)[-1:] == ("ids",) or (uuid_keys and c.type.logical is LogicalType.UUID):
            out.append(Issue(ref.path, f"{ref.path} is an array of references: the database cannot check that they "
                             "exist, delete them with their target, or index the link both ways.",
                             "Use a junction table with foreign keys."))
    return out


def _pk_logical(table: ir.Table) -> LogicalType | None:
    if table.primary_key is None or len(table.primary_key.columns) != 1:
        return None
    column = table.column(table.primary_key.columns[0])
    return column.type.logical if column else None


_TRUE = frozenset({"y", "yes", "t", "true", "1"})
_FALSE = frozenset({"n", "no", "f", "false", "0"})


def _bool_default(default: ir.Default | None) -> str | None:
    if default is None or default.kind is not ir.DefaultKind.LITERAL:
        return None
    value = default.value.strip().lower()
    return "true" if value in _TRUE else "false" if value in _FALSE else None


def _flag_name(name: str) -> bool:
    parts = names.name_words(name)
    return len(parts) >= 2 and parts[0] in ("is", "has", "can")


@rule("types.boolean-native", WARNING,
      statement="Flags use boolean.",
      source="S003 (\"Booleans: Use actual boolean\"), S004 (BOOLEAN)",
      fix="Changes the type to boolean (a 'Y'/'N' or 1/0 default becomes true/false).",
      example="`users.is_active char(1) DEFAULT 'Y'`")
def boolean_native(ctx: Context, p: Params) -> list[Issue]:
    out = []
    candidates = {ref.path: ref for ref in ctx.named(_flag_name) if ref.column.type.logical is not LogicalType.BOOLEAN}
    candidates.update((ref.path, ref) for ref in ctx.facet("defaulted") if _flag_default(ref.column))
    for ref in candidates.values():
        c = ref.column
        if c.type.array_dims:
            continue
        value = _bool_default(c.default)
        default = ir.Default.literal(value) if value else None
        out.append(Issue(ref.path, f"{ref.path} is a yes/no flag stored as {c.type.sql}: other values slip in and "
                         "every reader must know the encoding.", "Use boolean.",
                         _retyped(ctx, ref, ColumnType(LogicalType.BOOLEAN), "", default=default)))
    return out


def _flag_default(c: ir.Column) -> bool:
    """A short string column defaulting to 'Y', 'N', 'T', 'F', 'yes' or 'no'."""
    t = c.type
    if t.logical not in (LogicalType.CHAR, LogicalType.VARCHAR) or (t.length or 99) > 3 or c.default is None:
        return False
    return c.default.kind is ir.DefaultKind.LITERAL and c.default.value.strip().lower() in _FLAG_WORDS


_FLAG_WORDS = frozenset({"y", "n", "yes", "no", "t", "f"})


@rule("types.uuid-native", WARNING,
      statement="UUIDs use uuid, not text/varchar(36).",
      source="derived (S001/S003/S004 use uuid); PGW \"Don't use char(n) for fixed-length identifiers\"",
      fix="Changes the type to uuid (and the keys linked to it).",
      example="`users.id varchar(36) DEFAULT gen_random_uuid()`")
def uuid_native(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for ref in ctx.of_types(*TEXTUAL):
        c, t = ref.column, ref.table
        if c.type.array_dims:
            continue
        d = c.default
        generated = d is not None and ((d.kind is ir.DefaultKind.EXPRESSION and is_uuid_generator(d.value))
                                       or (d.kind is ir.DefaultKind.CLIENT and d.value.startswith("uuid")))
        # A key named *_id: reported on the key itself; the foreign keys that follow it change with it.
        key_like = (names.name_words(c.name)[-1:] == ("id",) and c.name in ctx.pk_columns(t)
                    and c.name not in ctx.fk_columns(t))
        if not (generated or c.type.length == 36 or key_like):
            continue
        out.append(Issue(ref.path, f"{ref.path} holds UUIDs as {c.type.sql}: 36 bytes instead of 16, no validation, "
                         "and case differences make equal ids unequal.", "Use uuid.",
                         _retyped(ctx, ref, ColumnType(LogicalType.UUID), "")))
    return out


_SMALL_DOMAIN = frozenset({("age",), ("day", "of", "week"), ("weekday",), ("month",), ("hour",), ("minute",),
                           ("rating",), ("priority",), ("percent",), ("percentage",)})
_COUNTERS = frozenset({"count", "views", "clicks", "likes", "downloads", "hits", "visits"})


@rule("types.int-width", INFO,
      statement="Integer width follows the profile: the smallest fitting type, or bigint for counters.",
      source="S003 (\"Use smallest appropriate type\", `age SMALLINT`, `views BIGINT`) vs squawk "
             "prefer-bigint-over-int (C11); key columns follow integrity.prefer-bigint-keys",
      fix="Changes the width.",
      example="`users.age bigint` under int_style=smallest, or `posts.view_count integer` under int_style=bigint",
      params={"int_style": Param("bigint", "smallest, bigint, or either", choices=("smallest", "bigint", "either"))})
def int_width(ctx: Context, p: Params) -> list[Issue]:
    style = p.text("int_style")
    if style == "either":
        return []
    out = []
    for ref in ctx.of_types(*INTEGER_TYPES):
        c, t = ref.column, ref.table
        if c.type.array_dims or c.name in ctx.fk_columns(t) or c.name in ctx.pk_columns(t):
            continue
        parts = names.name_words(c.name)
        if style == "smallest" and c.type.logical is LogicalType.BIGINT and parts in _SMALL_DOMAIN:
            out.append(Issue(ref.path, f"{ref.path} holds a small number but is bigint; this profile uses the "
                             "smallest type that fits.", "Use smallint.",
                             _retyped(ctx, ref, ColumnType(LogicalType.SMALLINT), "")))
        elif (style == "bigint" and c.type.logical is not LogicalType.BIGINT and parts
              and parts[-1] in _COUNTERS):
            out.append(Issue(ref.path, f"{ref.path} counts something that only grows, as {c.type.sql}; this profile "
                             "makes counters bigint.", "Use bigint.",
                             _retyped(ctx, ref, ColumnType(LogicalType.BIGINT), "")))
    return out


ENUM_STYLES = ("pg_enum", "check", "lookup", "any")


def _lookup_code_table(table: ir.Table) -> bool:
    """A lookup table that is a list of codes (an enum in table form): a key and at most two labels."""
    pk = set(table.primary_key.columns) if table.primary_key else set()
    return "lookup" in table.tags and len([c for c in table.columns if c.name not in pk]) <= 2


def _to_enum_fix(ctx: Context, table: ir.Table, column: ir.Column, check: ir.Check,
                 values: tuple[str, ...]) -> Fix | None:
    case = ctx.text_param("naming.enum-type-case", "enum_case")
    name = names.fit(names.to_case(f"{names.singular(table.name)}_{column.name}", case))
    taken = {e.key for e in ctx.schema.enums} | {t.key for t in ctx.schema.tables}
    if (table.namespace, name) in taken or column.type.array_dims or len(set(values)) != len(values):
        return None
    if any(not v or len(v.encode()) > 63 for v in values):
        return None
    enum = ir.Enum(name, values, namespace=table.namespace)
    default = column.default if column.default is None or column.default.kind is ir.DefaultKind.LITERAL else None
    enum_column = ColumnType(LogicalType.ENUM, enum=name, enum_namespace=table.namespace)
    edits: list[Edit] = [CreateEnum(enum), retype(ctx, table, column, enum_column, default=default),
                         DeleteConstraint(table.path, "checks", check.name)]
    return fix(f"Make {table.path}.{column.name} the enum {name}", *edits)


def _to_check_fix(ctx: Context, table: ir.Table, column: ir.Column) -> Fix | None:
    enum = ctx.schema.enum(column.type.enum or "", column.type.enum_namespace)
    if enum is None or column.type.array_dims:
        return None
    listed = ", ".join(string_literal(v) for v in enum.values)
    check = ir.Check(ctx.constraint_name("check", table, [column.name], desc=f"{column.name}_valid"),
                     f"{quote_identifier(column.name)} IN ({listed})")
    return fix(f"Make {table.path}.{column.name} text with CHECK IN", retype(ctx, table, column,
                                                                           ColumnType(LogicalType.TEXT)),
               AddConstraint(table.path, check))


@rule("types.enum-representation", INFO,
      statement="Closed domains use the profile's representation: a native enum, text + CHECK IN, or a lookup "
                "table.",
      source="S000 (pgEnum), S002 (Prisma enum); squawk require-enum-value-ordering (enum changes are awkward) (C13)",
      fix="Converts between a native enum and text + CHECK IN.",
      example="`orders.status text CHECK (status IN ('new', 'paid'))` under enum_style=pg_enum",
      params={"enum_style": Param(("any",), "accepted representations: pg_enum, check, lookup, or any",
                                  choices=ENUM_STYLES)})
def enum_representation(ctx: Context, p: Params) -> list[Issue]:
    styles = p.names("enum_style")
    if "any" in styles:
        return []
    wanted = " or ".join(s.replace("pg_enum", "a native enum").replace("check", "CHECK IN")
                         .replace("lookup", "a lookup table") for s in styles)
    out = []
    for t in ctx.schema.tables:
        for c in t.columns:
            if c.type.logical is LogicalType.ENUM and "pg_enum" not in styles:
                the_fix = _to_check_fix(ctx, t, c) if "check" in styles else None
                out.append(Issue(f"{t.path}.{c.name}", f"{t.path}.{c.name} uses the enum type {c.type.enum}; this "
                                 f"profile represents closed domains as {wanted}.", f"Use {wanted}.", the_fix))
        for check in t.checks:
            found = in_list(check.expression)
            column = t.column(found[0]) if found else None
            if found is None or column is None or "check" in styles:
                continue
            the_fix = _to_enum_fix(ctx, t, column, check, found[1]) if "pg_enum" in styles else None
            out.append(Issue(f"{t.path}.{column.name}", f"{t.path}.{column.name} lists its values in CHECK "
                             f"{check.name}; this profile represents closed domains as {wanted}.", f"Use {wanted}.",
                             the_fix, key=check.name))
        if "lookup" not in styles:
            for fk in t.foreign_keys:
                target = ctx.ref_table(fk)
                if target is not None and len(fk.columns) == 1 and _lookup_code_table(target):
                    out.append(Issue(f"{t.path}.{fk.columns[0]}", f"{t.path}.{fk.columns[0]} takes its values from "
                                     f"the lookup table {target.path}; this profile represents closed domains as "
                                     f"{wanted}.", f"Use {wanted}.", key=fk.name))
    return out


@rule("types.column-alignment", INFO,
      statement="Columns are ordered to reduce padding: fixed-width widest first, variable-width last.",
      source="Atlas AR101 / PG110 (non-optimal data alignment)",
      fix="Reorders the columns (on CREATE only; never by migration).",
      example="`events (is_public boolean, id bigint, flag boolean, created_at timestamptz)`",
      params={"min_bytes": Param(4, "report a table when reordering saves at least this many bytes per row")})
def column_alignment(ctx: Context, p: Params) -> list[Issue]:
    threshold = max(1, p.number("min_bytes"))
    out = []
    for t in ctx.schema.tables:
        layouts = [layout(c) for c in t.columns]
        current = padding(layouts)
        if current < threshold:  # reordering cannot save more than the current padding
            continue
        ideal = ideal_order(t, layouts)
        saved = current - padding([layouts[i] for i in ideal])
        if saved < threshold:
            continue
        edits = [MoveColumn(t.path, t.columns[position].name, i) for i, position in enumerate(ideal)]
        out.append(Issue(t.path, f"The column order of {t.path} wastes about {saved} bytes of alignment padding in "
                         "every row.", "Put fixed-width columns first, widest first, and variable-width ones last.",
                         fix(f"Reorder the columns of {t.path}", *edits)))
    return out
