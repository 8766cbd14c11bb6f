"""What every rule reads: the schema, the resolved plan, and indexes computed once per run.

Rules ask the context instead of walking the schema themselves: the columns of a type, the
columns of a name, the keys (PK, uniques, indexes) of a table, who references a table, whether
a table is soft-deletable. Each index is built lazily on first use and then shared, so a
1,000-table schema is walked a handful of times per run rather than once per rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from typing import NamedTuple

from designer.core import ir
from designer.core.diagnostics import Level
from designer.core.identifiers import quote_identifier
from designer.core.relations import is_junction
from designer.core.types import ColumnType, LogicalType
from designer.core.validate import names
from designer.core.validate.config import Plan, Settings
from designer.core.validate.expressions import names_in, predicate
from designer.core.validate.registry import ParamValue

TableKey = tuple[str, str]


class ColRef(NamedTuple):
    """A column with its table; a tuple, because a large schema makes tens of thousands."""

    table: ir.Table
    column: ir.Column

    @property
    def path(self) -> str:
        """How findings name the column: ``workouts.user_id`` (made only for the few reported)."""
        return f"{self.table.path}.{self.column.name}"


class Key(NamedTuple):
    """A primary key, unique constraint or index, seen the same way (an "index-like").

    Attributes:
        kind: the table field it lives in: ``primary_key``, ``uniques`` or ``indexes``.
        columns: the key's columns in order, None for an expression element.
    """

    kind: str
    name: str
    columns: tuple[str | None, ...]
    unique: bool
    method: ir.IndexMethod
    where: str | None
    item: ir.PrimaryKey | ir.Unique | ir.Index
    elements: tuple[tuple[str, bool, str, str], ...]
    """Each key as (column or expression, descending, nulls, opclass): what makes two keys the same."""

    @property
    def plain(self) -> bool:
        """Only plain columns (no expressions, no DESC or operator classes)."""
        if isinstance(self.item, ir.Index):
            return all(e.is_plain for e in self.item.elements)
        return True

    def leads_with(self, columns: Iterable[str]) -> bool:
        """True when the first ``len(columns)`` keys are exactly ``columns``, in any order."""
        wanted = set(columns)
        head = self.columns[: len(wanted)]
        return len(head) == len(wanted) and None not in head and set(head) == wanted


def _plain_elements(columns: tuple[str, ...]) -> tuple[tuple[str, bool, str, str], ...]:
    return tuple((c, False, "", "") for c in columns)


def _keys_of(table: ir.Table) -> list[Key]:
    out = []
    if table.primary_key is not None:
        pk = table.primary_key
        out.append(Key("primary_key", pk.name or f"{table.name}_pkey", pk.columns, True, ir.IndexMethod.BTREE, None,
                       pk, _plain_elements(pk.columns)))
    for u in table.uniques:
        out.append(Key("uniques", u.name, u.columns, True, ir.IndexMethod.BTREE, u.where, u,
                       _plain_elements(u.columns)))
    for i in table.indexes:
        elements = tuple((e.column if e.column is not None else "(" + " ".join((e.expression or "").split()) + ")",
                          e.descending, e.nulls.value if e.nulls else "", e.opclass or "") for e in i.elements)
        out.append(Key("indexes", i.name, tuple(e.column for e in i.elements), i.unique, i.method, i.where, i,
                       elements))
    return out


class Context:
    """The schema and plan of one lint run, with lazily built indexes."""

    def __init__(self, schema: ir.Schema, plan: Plan, old: ir.Schema | None = None) -> None:
        self.schema = schema
        self.plan = plan
        #: The schema before the change the migration rules check; None: they do not run.
        self.old = old
        self.settings: Settings = plan.settings
        # Per-table caches keyed by id(table), cheaper than building Table.key each time; every
        # table cached is kept alive in _seen so its id cannot be reused during the run.
        self._fk_columns: dict[int, frozenset[str]] = {}
        self._junctions: dict[int, bool] = {}
        self._keys: dict[int, list[Key]] = {}
        self._checks: dict[int, dict[str, list[ir.Check]]] = {}
        self._seen: dict[int, ir.Table] = {}
        self._spellings: dict[str, tuple[str, ...]] = {}

    @cached_property
    def changed_tables(self) -> list[tuple[ir.Table, ir.Table]]:
        """(old, new) for every table in both schemas that differs: what the migration rules check."""
        if self.old is None:
            return []
        out = []
        for t in self.schema.tables:
            before = self.old.table(t.name, t.namespace)
            if before is not None and before is not t and before != t:
                out.append((before, t))
        return out

    # Plan ------------------------------------------------------------------------------------

    def level(self, rule_id: str) -> Level | None:
        return self.plan.level(rule_id)

    def param(self, rule_id: str, name: str) -> ParamValue:
        """Another rule's parameter (column_case, the naming patterns...), on or off."""
        return self.plan.params[rule_id].as_dict()[name]

    def text_param(self, rule_id: str, name: str) -> str:
        value = self.param(rule_id, name)
        assert isinstance(value, str)
        return value

    @cached_property
    def pg_version(self) -> int:
        if self.settings.pg_version is not None:
            return self.settings.pg_version
        digits = "".join(ch for ch in self.schema.dialect_version.split(".")[0] if ch.isdigit())
        return int(digits) if digits else 16

    @cached_property
    def column_case(self) -> str:
        return self.text_param("naming.column-case", "column_case")

    def col_name(self, snake_name: str) -> str:
        """A canonical column name (``created_at``) in the project's column case (``createdAt``)."""
        return names.to_case(snake_name, self.column_case) if self.column_case != "snake" else snake_name

    @cached_property
    def soft_delete_name(self) -> str:
        """The soft-delete column's name for new columns (the project setting)."""
        return self.settings.soft_delete_column

    def spellings(self, canonical: str) -> tuple[str, ...]:
        """The names an audit column (``created_at``, ``deleted_at``...) is recognised by: the
        project's spelling first, then the snake_case and camelCase ones, so a camelCase schema
        linted under a snake_case profile still has its timestamps (naming.column-case reports
        the case)."""
        found = self._spellings.get(canonical)
        if found is None:
            own = self.soft_delete_name if canonical == "deleted_at" else self.col_name(canonical)
            words = "_".join(names.name_words(own))
            found = self._spellings[canonical] = tuple(dict.fromkeys((own, words, names.to_case(words, "camel"))))
        return found

    @cached_property
    def soft_delete_names(self) -> frozenset[str]:
        return frozenset(self.spellings("deleted_at"))

    def audit_column(self, table: ir.Table, canonical: str) -> ir.Column | None:
        """The table's audit column ``canonical`` under any of its spellings."""
        for name in self.spellings(canonical):
            column = table.column(name)
            if column is not None:
                return column
        return None

    def audit_refs(self, canonical: str) -> list[ColRef]:
        """Every audit column ``canonical`` of the schema, under any of its spellings."""
        return [ref for name in self.spellings(canonical) for ref in self.by_name.get(name, ())]

    # Columns ---------------------------------------------------------------------------------

    @cached_property
    def columns(self) -> list[ColRef]:
        return [ColRef(t, c) for t in self.schema.tables for c in t.columns]

    @cached_property
    def _facets(self) -> dict[str, list[ColRef]]:
        """Columns sorted into the few groups several rules scan, in one pass."""
        out: dict[str, list[ColRef]] = {"nullable": [], "defaulted": [], "arrays": [], "uncommented": [],
                                        "orm_named": [], "identity": []}
        nullable, defaulted, arrays = out["nullable"], out["defaulted"], out["arrays"]
        uncommented, orm_named, identity = out["uncommented"], out["orm_named"], out["identity"]
        for ref in self.columns:
            c = ref.column
            if c.nullable:
                nullable.append(ref)
            if c.default is not None:
                defaulted.append(ref)
            if c.type.array_dims:
                arrays.append(ref)
            if not c.comment:
                uncommented.append(ref)
            if c.orm_name:
                orm_named.append(ref)
            if c.identity is not None:
                identity.append(ref)
        return out

    def facet(self, name: str) -> list[ColRef]:
        """``nullable``, ``defaulted``, ``arrays``, ``uncommented``, ``orm_named`` or ``identity`` columns."""
        return self._facets[name]

    @cached_property
    def by_logical(self) -> dict[LogicalType, list[ColRef]]:
        """Columns by the logical type of their element (``text[]`` is under TEXT)."""
        out: dict[LogicalType, list[ColRef]] = defaultdict(list)
        for ref in self.columns:
            out[ref.column.type.logical].append(ref)
        return out

    def of_types(self, *types: LogicalType) -> list[ColRef]:
        out: list[ColRef] = []
        for t in types:
            out.extend(self.by_logical.get(t, ()))
        return out

    @cached_property
    def by_name(self) -> dict[str, list[ColRef]]:
        out: dict[str, list[ColRef]] = defaultdict(list)
        for ref in self.columns:
            out[ref.column.name].append(ref)
        return out

    def named(self, predicate_fn: object) -> list[ColRef]:
        """Columns whose name satisfies ``predicate_fn`` (tested once per distinct name)."""
        assert callable(predicate_fn)
        out: list[ColRef] = []
        for name, refs in self.by_name.items():
            if predicate_fn(name):
                out.extend(refs)
        return out

    # Tables ----------------------------------------------------------------------------------

    def fk_columns(self, table: ir.Table) -> frozenset[str]:
        key = id(table)
        found = self._fk_columns.get(key)
        if found is None:
            self._seen[key] = table
            found = self._fk_columns[key] = frozenset(c for fk in table.foreign_keys for c in fk.columns)
        return found

    def pk_columns(self, table: ir.Table) -> tuple[str, ...]:
        return table.primary_key.columns if table.primary_key else ()

    def soft_delete(self, table: ir.Table) -> ir.Column | None:
        """The table's soft-delete column, if it has one."""
        return self.audit_column(table, "deleted_at")

    def tags(self, table: ir.Table) -> frozenset[str]:
        """The table's tags, with ``junction`` added when the heuristic says it is one (the catalog's
        "defaults come from heuristics")."""
        return frozenset((*table.tags, "junction")) if self.is_junction(table) else frozenset(table.tags)

    def is_junction(self, table: ir.Table) -> bool:
        """The relations heuristic, blind to the audit columns: adding created_at or deleted_at
        to a junction table does not make it a data table."""
        key = id(table)
        found = self._junctions.get(key)
        if found is None:
            audit = {name for canonical in ("created_at", "updated_at", "deleted_at", "created_by", "updated_by")
                     for name in self.spellings(canonical)}
            if "junction" in table.tags or len(table.foreign_keys) != 2 or not audit & {c.name for c in table.columns}:
                found = is_junction(table)
            else:
                # Judge the table without its audit columns, and with unique rules over live rows
                # counted as unique: soft-deleting a junction's rows does not make it a data table.
                fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
                lean = replace(table, columns=tuple(c for c in table.columns
                                                   if c.name not in audit or c.name in fk_columns),
                               uniques=tuple(replace(u, where=None) if u.where is not None and
                                             predicate(u.where).pinned <= self.soft_delete_names else u
                                             for u in table.uniques))
                found = is_junction(lean)
            self._seen[key] = table
            self._junctions[key] = found
        return found

    def keys(self, table: ir.Table) -> list[Key]:
        """The PK, unique constraints and indexes of ``table`` as :class:`Key` objects."""
        key = id(table)
        found = self._keys.get(key)
        if found is None:
            self._seen[key] = table
            found = self._keys[key] = _keys_of(table)
        return found

    def covered(self, table: ir.Table, columns: Iterable[str], *, allow_soft_delete_partial: bool = True) -> bool:
        """True when some btree key of ``table`` leads with ``columns`` (so lookups by them are fast).

        A partial key counts only when its condition is the live-rows filter (``deleted_at IS NULL``)
        and ``allow_soft_delete_partial`` says so.
        """
        wanted = tuple(columns)
        for k in self.keys(table):
            if k.method not in (ir.IndexMethod.BTREE, ir.IndexMethod.HASH) or not k.leads_with(wanted):
                continue
            if k.method is ir.IndexMethod.HASH and len(wanted) != 1:
                continue
            if k.where is None:
                return True
            if allow_soft_delete_partial and predicate(k.where).pinned <= self.soft_delete_names:
                return True
        return False

    def unique_over(self, table: ir.Table, columns: Iterable[str], *, extra: Iterable[str] = ()) -> bool:
        """True when a unique key's columns include ``columns`` and lie within ``columns`` + ``extra``.

        A partial unique counts when its condition only filters out soft-deleted rows.
        """
        wanted = set(columns)
        allowed = wanted | set(extra)
        for k in self.keys(table):
            if not k.unique or None in k.columns:
                continue
            cols = {c for c in k.columns if c is not None}
            if not wanted <= cols or not cols <= allowed:
                continue
            if k.where is None or predicate(k.where).pinned <= self.soft_delete_names:
                return True
        return False

    def checks_on(self, table: ir.Table) -> dict[str, list[ir.Check]]:
        """The CHECK constraints that mention each column."""
        key = id(table)
        found = self._checks.get(key)
        if found is None:
            found = defaultdict(list)
            for check in table.checks:
                for name in names_in(check.expression):
                    found[name].append(check)
            self._seen[key] = table
            self._checks[key] = found
        return found

    @cached_property
    def referencing(self) -> dict[TableKey, list[tuple[ir.Table, ir.ForeignKey]]]:
        out: dict[TableKey, list[tuple[ir.Table, ir.ForeignKey]]] = defaultdict(list)
        for t in self.schema.tables:
            for fk in t.foreign_keys:
                out[fk.ref_key].append((t, fk))
        return out

    def ref_table(self, fk: ir.ForeignKey) -> ir.Table | None:
        return self.schema.table(fk.ref_table, fk.ref_namespace)

    def ref_column(self, fk: ir.ForeignKey, index: int) -> ir.Column | None:
        target = self.ref_table(fk)
        if target is None or index >= len(fk.ref_columns):
            return None
        return target.column(fk.ref_columns[index])

    @cached_property
    def tables_by_singular(self) -> dict[str, list[ir.Table]]:
        """Tables by the lower-case singular of their name (``users`` and ``User`` under ``user``)."""
        out: dict[str, list[ir.Table]] = defaultdict(list)
        for t in self.schema.tables:
            out[names.singular(t.name).lower()].append(t)
            joined = "".join(names.name_words(names.singular(t.name)))
            if joined != names.singular(t.name).lower():
                out[joined].append(t)
        return out

    @cached_property
    def tagged(self) -> dict[str, list[ir.Table]]:
        out: dict[str, list[ir.Table]] = defaultdict(list)
        for t in self.schema.tables:
            for tag in t.tags:
                out[tag].append(t)
        return out

    @cached_property
    def fk_links(self) -> dict[tuple[TableKey, str], set[tuple[TableKey, str]]]:
        """Column-to-column links made by foreign keys, both ways (for retyping a key family)."""
        out: dict[tuple[TableKey, str], set[tuple[TableKey, str]]] = defaultdict(set)
        for t in self.schema.tables:
            for fk in t.foreign_keys:
                for col, ref in zip(fk.columns, fk.ref_columns, strict=False):
                    a, b = (t.key, col), (fk.ref_key, ref)
                    out[a].add(b)
                    out[b].add(a)
        return out

    def key_family(self, table: ir.Table, column: str) -> list[tuple[ir.Table, ir.Column]]:
        """``table.column`` and every column linked to it through foreign keys, transitively."""
        start = (table.key, column)
        seen = {start}
        todo = [start]
        while todo:
            for nxt in self.fk_links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        out = []
        for tkey, cname in sorted(seen, key=lambda k: (k[0], k[1])):
            t = self.schema.table(tkey[1], tkey[0])
            c = t.column(cname) if t else None
            if t is not None and c is not None:
                out.append((t, c))
        return out

    # Names that fixes may take ---------------------------------------------------------------

    @cached_property
    def _relation_names(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for t in self.schema.tables:
            ns = out[t.namespace]
            ns.add(t.name)
            ns.update(u.name for u in t.uniques)
            ns.update(i.name for i in t.indexes)
            if t.primary_key is not None:
                ns.add(t.primary_key.name or f"{t.name}_pkey")
        return out

    def free_name(self, table: ir.Table, base: str, *, relation: bool) -> str:
        """``base`` (cut to 63 bytes), or ``base_2``... so it clashes with nothing in its scope.

        Index-backed names (indexes, uniques, primary keys) share a namespace-wide scope with
        tables; foreign keys and checks only need to be unique on their table.
        """
        taken = set(table.constraint_names())
        if relation:
            taken |= self._relation_names[table.namespace]
        name, n = names.fit(base), 2
        while name in taken:
            suffix = f"_{n}"
            name = names.fit(base)[: 63 - len(suffix)] + suffix
            n += 1
        return name

    def constraint_name(self, kind: str, table: ir.Table, columns: Iterable[str] = (),
                        ref_table: str | None = None, desc: str = "") -> str:
        """A new name for a constraint of ``kind`` (index, unique, fk, check), from the profile's pattern."""
        rule_param = {"index": ("naming.index-name", "index_pattern"),
                      "unique": ("naming.unique-name", "unique_pattern"),
                      "fk": ("naming.fk-constraint-name", "fk_pattern"),
                      "check": ("naming.check-name", "check_pattern")}[kind]
        pattern = self.text_param(*rule_param)
        cols = [names.snake(c) or "col" for c in columns]  # a name pattern wants word characters
        values: dict[str, str | tuple[str, ...]] = dict(names.table_words(table.name))
        values["columns"] = "_".join(cols) or desc or "key"
        values["column"] = cols[0] if cols else desc or "value"
        values["ref_table"] = ref_table or ""
        values["desc"] = desc or ("_".join(cols) + "_valid" if cols else "valid")
        name = names.render_pattern(pattern, values)
        return self.free_name(table, name, relation=kind in ("index", "unique"))

    # Choices the fixes make ------------------------------------------------------------------

    def default_on_delete(self, table: ir.Table, fk_columns: tuple[str, ...], nullable: bool,
                          ref: ir.Table | None) -> ir.Action:
        """The ON DELETE action a fix writes: the profile's default, made legal for the columns."""
        choice = self.text_param("integrity.fk-on-delete-explicit", "default_on_delete")
        if choice == "by_cardinality":
            one = table.is_unique_on(fk_columns) or self.is_junction(table)
            choice = "cascade" if one or not nullable else "set_null"
        action = ir.Action(choice)
        soft = self.soft_delete(table) is not None or (ref is not None and self.soft_delete(ref) is not None)
        if action is ir.Action.CASCADE and soft and self.level("integrity.cascade-vs-soft-delete") is not None:
            return ir.Action.RESTRICT
        if action is ir.Action.SET_NULL and not nullable:
            return ir.Action.RESTRICT
        return action

    @cached_property
    def audit_type(self) -> ColumnType:
        """The type fixes give new audit timestamps: the schema's usual one (timestamps.consistent-type),
        unless a rule at error forbids that type; then ``timestamptz``."""
        counts: dict[ColumnType, int] = defaultdict(int)
        for canonical in ("created_at", "updated_at", "deleted_at"):
            for ref in self.audit_refs(canonical):
                counts[ref.column.type] += 1
        preferred = ColumnType(LogicalType.TIMESTAMPTZ)
        if not counts:
            return preferred
        best = max(counts, key=lambda t: (counts[t], t == preferred))
        allowed = self.param("softdelete.column-shape", "allowed_types")
        assert isinstance(allowed, tuple)
        if best.logical is LogicalType.TIMESTAMPTZ:
            return best
        if best.logical.value not in allowed or best.array_dims:
            return preferred
        if best.logical is LogicalType.TIMESTAMP:
            return preferred if self.level("types.timestamptz") == Level.ERROR else best
        if best.logical in (LogicalType.TEXT, LogicalType.VARCHAR):
            return preferred if self.level("types.no-temporal-text") == Level.ERROR else best
        return preferred

    def id_column(self, table: ir.Table, name: str = "id") -> ir.Column:
        """A surrogate key column following the profile's id strategy (its first choice)."""
        strategies = self.param("integrity.pk-type", "id_strategy")
        assert isinstance(strategies, tuple)
        strategy = next((s for s in strategies if s != "any"), "bigint_identity")
        if strategy == "uuid":
            return ir.Column(name, ColumnType(LogicalType.UUID), nullable=False,
                             default=ir.Default.expression("gen_random_uuid()"))
        if strategy == "bigserial":
            return ir.Column(name, ColumnType(LogicalType.BIGINT), nullable=False,
                             default=ir.Default.sequence(names.fit(f"{table.name}_{name}_seq")))
        if strategy == "int_serial":
            return ir.Column(name, ColumnType(LogicalType.INTEGER), nullable=False,
                             default=ir.Default.sequence(names.fit(f"{table.name}_{name}_seq")))
        return ir.Column(name, ColumnType(LogicalType.BIGINT), nullable=False, identity=ir.Identity.BY_DEFAULT)

    def live_rows(self, table: ir.Table, where: str | None = None) -> str:
        """The table's soft-delete filter, joined to ``where`` when there is one."""
        column = self.soft_delete(table)
        clause = f"{self.quoted(column.name if column else self.soft_delete_name)} IS NULL"
        return clause if where is None else f"({where}) AND {clause}"

    @staticmethod
    def quoted(name: str) -> str:
        return quote_identifier(name)
