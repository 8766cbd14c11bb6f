"""Normalization heuristics (``normal.*``, rules-catalog.md section 7)."""

from __future__ import annotations

import re
from functools import lru_cache

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.edits import DeleteColumn, column_references
from designer.core.validate import names
from designer.core.validate.context import Context
from designer.core.validate.fixes import fix
from designer.core.validate.registry import Issue, Params, rule

ERROR, WARNING, INFO = Level.ERROR, Level.WARNING, Level.INFO
_NUMBERED = re.compile(r"^(.*?[A-Za-z])_?(\d+)$")


@lru_cache(maxsize=65536)
def _numbered_stem(name: str) -> str:
    """``phone`` for ``phone2`` or ``phone_2``; empty for a name without a number at its end."""
    if not name[-1:].isdigit():
        return ""
    m = _NUMBERED.match(name)
    return m.group(1) if m else ""


@rule("normal.repeating-columns", WARNING, tags=("normal",),
      statement="Incrementing column names (phone1, phone2) mean a missing child table.",
      source="SchemaSpy (\"Tables with incrementing column names\"); S003/S004 3NF",
      example="`salons.image_url_1`, `salons.image_url_2`")
def repeating_columns(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        groups: dict[str, list[str]] = {}
        for c in t.columns:
            stem = _numbered_stem(c.name)
            if stem:
                groups.setdefault(stem, []).append(c.name)
        for stem, members in groups.items():
            if len(members) < 2:
                continue
            out.append(Issue(f"{t.path}.{members[0]}", f"{t.path} repeats {stem} as {', '.join(members)}: the "
                             f"number of {stem} values is fixed by the design, and queries must look in every copy.",
                             f"Move {stem} to a child table (or an array, for a simple list).", key=stem))
    return out


@rule("normal.transitive-copy", INFO, tags=("normal",),
      statement="A column copied from a referenced table (salon_name next to salon_id) is a 3NF violation unless "
                "the table is tagged denormalized.",
      source="S004 (\"Normalize to 3NF minimum\"), S003 (\"usually 3NF\") (C12)",
      fix="Drops the copy (when nothing else uses it).",
      example="`bookings.salon_name` next to `bookings.salon_id` → `salons.name`")
def transitive_copy(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        if "denormalized" in t.tags or not t.foreign_keys:
            continue
        fk_cols = ctx.fk_columns(t)
        by_first: dict[str, list[tuple[ir.Column, tuple[str, ...]]]] | None = None
        for fk in t.foreign_keys:
            parent = ctx.ref_table(fk)
            if parent is None or len(fk.columns) != 1:
                continue
            prefixes = {names.name_words(names.singular(parent.name))}
            fk_words = names.name_words(fk.columns[0])
            if fk_words[-1:] == ("id",) and len(fk_words) > 1:
                prefixes.add(fk_words[:-1])
            starts = tuple(prefix[0] for prefix in prefixes if prefix)
            if not any(c.name.lower().startswith(starts) for c in t.columns if c.name not in fk_cols):
                continue  # no column starts like a copy: most tables stop here
            if by_first is None:
                by_first = {}
                for c in t.columns:
                    words = names.name_words(c.name)
                    if words and c.name not in fk_cols:
                        by_first.setdefault(words[0], []).append((c, words))
            candidates = [(c, w, prefix) for prefix in prefixes if prefix for c, w in by_first.get(prefix[0], ())
                          if w[: len(prefix)] == prefix and len(w) > len(prefix)]
            if not candidates:
                continue
            parent_cols = {names.name_words(c.name): c for c in parent.columns if c.name not in fk.ref_columns}
            reported: set[str] = set()
            for c, words, prefix in candidates:
                source = parent_cols.get(words[len(prefix):])
                if source is None or source.type != c.type or c.name in reported:
                    continue
                reported.add(c.name)
                used = column_references(ctx.schema, t, c.name)
                the_fix = None if used else fix(f"Drop the copy {t.path}.{c.name}", DeleteColumn(t.path, c.name))
                out.append(Issue(f"{t.path}.{c.name}", f"{t.path}.{c.name} copies {parent.path}.{source.name}, "
                                 f"which {fk.columns[0]} already reaches: the copies drift apart when the "
                                 f"{names.noun(parent.name)} changes.",
                                 "Read it through the join, or tag the table denormalized and say why.", the_fix,
                                 key=fk.name))
    return out


@rule("normal.denormalization-justified", INFO, tags=("normal",),
      statement="Tables tagged denormalized say why.",
      source="S003 (\"Denormalize when read performance critical\"), S004 (\"Selectively denormalize\")",
      example="`order_summaries` tagged denormalized with no comment")
def denormalization_justified(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(t.path, f"{t.path} is tagged denormalized but does not say why, or what keeps its copies in "
                  "step.", "Say it in the table's comment.")
            for t in ctx.tagged.get("denormalized", ()) if not t.comment]


_IMPLICIT_M2M = re.compile(r"^_([A-Za-z0-9]+)To([A-Za-z0-9]+)$")


def implicit_join_table(table: ir.Table) -> bool:
    """Prisma's implicit many-to-many table: ``_AToB`` with columns ``A`` and ``B``."""
    return _IMPLICIT_M2M.match(table.name) is not None and {c.name for c in table.columns} == {"A", "B"}


@rule("normal.many-to-many-explicit", INFO, tags=("normal",),
      statement="Many-to-many relationships are explicit junction tables, not implicit ORM join tables.",
      source="S002 (\"One-to-Many only\": the M:N is `WorkoutExercise`), S003/S004 (join tables)",
      example="Prisma's implicit `_ExerciseToTag (A, B)`")
def many_to_many_explicit(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(t.path, f"{t.path} is an implicit ORM join table: it cannot carry timestamps, soft delete, an "
                  "order or its own name, and other tools do not understand its A/B columns.",
                  "Make it an explicit junction table with named foreign key columns.")
            for t in ctx.schema.tables if implicit_join_table(t)]


@rule("normal.single-column-table", INFO, tags=("normal",),
      statement="A table with a single column is suspicious unless it is a lookup table.",
      source="SchemaSpy (\"Tables that contain a single column\")",
      example="`tags (name)`")
def single_column_table(ctx: Context, p: Params) -> list[Issue]:
    return [Issue(t.path, f"{t.path} has a single column: it is a list of values rather than a set of records.",
                  "Add the attributes it lacks, or make it an enum (or tag it lookup).")
            for t in ctx.schema.tables if len(t.columns) == 1 and "lookup" not in t.tags]


@rule("normal.orphan-table", INFO, tags=("normal",),
      statement="A table with no relationships is suspicious (unless tagged lookup, log or standalone).",
      source="SchemaSpy (\"Orphan Tables\")",
      example="`settings` with no foreign key in or out")
def orphan_table(ctx: Context, p: Params) -> list[Issue]:
    exempt = {"lookup", "log", "standalone", "append_only"}
    return [Issue(t.path, f"{t.path} has no relationship with any other table.",
                  "Link it, or tag it lookup, log or standalone if it stands alone on purpose.")
            for t in ctx.schema.tables
            if not t.foreign_keys and not ctx.referencing.get(t.key) and not exempt & set(t.tags)]


@rule("normal.consolidate-small-tables", INFO, tags=("normal",),
      statement="Fold thin one-to-one tables into their parent, and id + name lookup tables into enums.",
      source="S000 (\"Prefer integrating related concepts into existing tables\") — the opposite leaning to "
             "S003/S004 3NF (C12)",
      example="`exercise_movements (exercise_id UNIQUE, pattern)` beside `exercises`")
def consolidate_small_tables(ctx: Context, p: Params) -> list[Issue]:
    out = []
    for t in ctx.schema.tables:
        keys = set(ctx.pk_columns(t)) | ctx.fk_columns(t)
        others = [c for c in t.columns if c.name not in keys]
        one_to_one = next((fk for fk in t.foreign_keys if t.is_unique_on(fk.columns)), None)
        if one_to_one is not None and len(others) <= 3:
            out.append(Issue(t.path, f"{t.path} adds {len(others)} column(s) to {one_to_one.ref_table}, one row "
                             "each: a separate table for them costs a join on every read.",
                             f"Fold its columns into {one_to_one.ref_table}."))
        elif "lookup" in t.tags and len(t.columns) == 2 and len(ctx.pk_columns(t)) == 1 and not t.foreign_keys:
            out.append(Issue(t.path, f"{t.path} is an id and a name: a closed list of values.",
                             "Replace it with an enum."))
    return out
