"""Documentation rules (``doc.*``, rules-catalog.md section 8)."""

from __future__ import annotations

import keyword
import re
from dataclasses import replace
from functools import lru_cache

from designer.core.diagnostics import Level
from designer.core.edits import UpdateConstraint
from designer.core.types import NUMBER_TYPES, LogicalType
from designer.core.validate import names
from designer.core.validate.context import Context
from designer.core.validate.fixes import change_column, fix
from designer.core.validate.registry import Issue, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO


# The two description rules offer no automatic fix on purpose: a description only a person can
# write, and a generated stub ("Weeks.") would silence the finding without documenting anything.


@rule("doc.table-comment", WARNING, tags=("doc",),
      statement="Every table has a description.",
      source="S004 (\"Every table and column should be documented\"), S003 (\"All tables documented\"), S000 "
             "(`doc/data-model.md`)",
      example="`workout_exercises` with no comment")
def table_comment(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        if t.comment:
            continue
        out.append(Issue(t.path, f"{t.path} has no description: readers of the diagram, the docs and the database "
                         "must guess what a row is.", "Describe what one row stands for."))
    return out


@rule("doc.column-comment", INFO, tags=("doc",),
      statement="Every column has a description (id and the audit columns are exempt).",
      source="S004, S003 (\"All columns with types and constraints\", contract `description`)",
      example="`programs.weeks` with no comment")
def column_comment(ctx: Context, p: Params) -> list[Issue]:
    standard = {"id", *(name for n in ("created_at", "updated_at", "deleted_at", "created_by", "updated_by")
                        for name in ctx.spellings(n))}
    return [Issue(ref.path, f"{ref.path} has no description.", "Say what it holds (and its unit or format).")
            for ref in ctx.facet("uncommented") if ref.column.name not in standard]


_QUANTITIES = frozenset({"duration", "rest", "weight", "distance", "time", "length", "height", "width", "depth",
                         "speed", "pace", "size", "volume", "temperature", "elapsed", "timeout", "delay", "interval"})
_UNITS = frozenset({"seconds", "secs", "sec", "s", "minutes", "mins", "min", "hours", "hrs", "days", "weeks", "months",
                    "years", "ms", "us", "ns", "kg", "g", "mg", "lb", "lbs", "oz", "m", "km", "cm", "mm", "mi", "miles",
                    "meters", "metres", "ft", "bytes", "kb", "mb", "gb", "pct", "percent", "celsius", "fahrenheit",
                    "kph", "mph", "bpm"})


@rule("doc.units", INFO, tags=("doc",),
      statement="Columns holding quantities say their unit in the name or the comment.",
      source="derived from S002 (`duration Int? // weeks`, `rest Int? // seconds`: units only in ORM comments)",
      example="`workout_exercises.rest integer` (seconds? minutes?)")
def units(ctx: Context, p: Params) -> list[Issue]:
    out = []
    numeric = set(NUMBER_TYPES) - {LogicalType.MONEY}
    for ref in ctx.of_types(*numeric):
        parts = names.name_words(ref.column.name)
        if ref.column.comment or not _QUANTITIES & set(parts) or _UNITS & set(parts):
            continue
        out.append(Issue(ref.path, f"{ref.path} is a quantity without a unit: one reader stores seconds, another "
                         "minutes.", f"Put the unit in the name ({ref.column.name}_seconds) or in the comment."))
    return out


_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


@rule("doc.backend-field-mapping", INFO, tags=("doc",),
      statement="Every column has a usable backend field name (its mechanical camelCase, or an explicit one).",
      source="S003 (contract `backend_field`, \"Backend field mapping provided\"), S001 (API-DB consistency)",
      fix="Sets the property name to a legal identifier derived from the column name.",
      example="a column `2fa_enabled`, whose camelCase `2faEnabled` is not an identifier")
def backend_field_mapping(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        seen: dict[str, str] = {}
        for c in t.columns:
            if c.orm_name:
                seen.setdefault(c.orm_name, c.name)
                continue
            derived = names.camel_case(c.name)
            problem = _illegal_property(derived)
            if not problem and derived in seen:
                problem = f"its camelCase {derived!r} is also the property of {seen[derived]}"
            seen.setdefault(derived, c.name)
            if not problem:
                continue
            candidate = names.backend_name(c.name)
            n = 2
            while candidate in seen:
                candidate, n = f"{names.backend_name(c.name)}{n}", n + 1
            seen[candidate] = c.name
            out.append(Issue(f"{t.path}.{c.name}", f"{t.path}.{c.name} has no usable backend field name: {problem}.",
                             f"Set its property name, e.g. {candidate!r}.",
                             fix(f"Name the property of {t.path}.{c.name} {candidate}",
                                 change_column(t, c, orm_name=candidate))))
    return out


@lru_cache(maxsize=65536)
def _illegal_property(derived: str) -> str:
    if not _JS_IDENTIFIER.match(derived) or keyword.iskeyword(derived):
        return f"its camelCase {derived!r} is not a legal property name"
    return ""


@rule("doc.relationship-described", INFO, tags=("doc",),
      statement="Relationships are named by role where a table has two foreign keys to the same table.",
      source="S003 (contract `relationships[]`), S000 (\"Provide clear entity relationships\")",
      fix="Names the relation after its column (`author_id` -> `author`).",
      example="`posts.author_id` and `posts.editor_id` both → `users`, without relation names")
def relationship_described(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        by_target: dict[tuple[str, str], int] = {}
        for fk in t.foreign_keys:
            by_target[fk.ref_key] = by_target.get(fk.ref_key, 0) + 1
        for fk in t.foreign_keys:
            if by_target[fk.ref_key] < 2 or fk.relation_name:
                continue
            words = names.name_words(fk.columns[0]) if len(fk.columns) == 1 else ()
            role = "_".join(words[:-1]) if words[-1:] == ("id",) and len(words) > 1 else ""
            the_fix = None
            if role and t.column(role) is None:
                the_fix = fix(f"Name the relation {t.path}.{fk.name} {role}",
                              UpdateConstraint(t.path, fk.name, replace(fk, relation_name=role)))
            out.append(Issue(f"{t.path}.{fk.name}", f"{t.path} has several relationships to {fk.ref_table}; "
                             f"{fk.name} has no role name, so docs and exports must invent one.",
                             "Name each relation by its role (author, editor).", the_fix))
    return out
