"""Documentation: ``doc/data-model.md`` (seed 000) and ``contracts/database-contracts.yaml`` (seed 003).

The Markdown describes the design for people: subject areas, enums, and per table its columns,
relationships in words (from :mod:`designer.core.relations`), what deleting a row does,
indexes, checks (the validation rules) and notes. The YAML contract is the machine-readable
layout of seed 003 (rules-catalog section 14.1): per table ``schema``, ``columns``,
``indexes`` and ``relationships``. PyYAML writes it, so any name or comment is quoted right.

Markdown escaping is written by hand on purpose: the only thing needed is "this text shows as
itself", and no Markdown library offers that as a function.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Any, ClassVar

import yaml

from designer.core import ir
from designer.core.exporters import register_exporter
from designer.core.exporters.base import Exporter, ExportResult, Target
from designer.core.exporters.naming import camel, line_comment
from designer.core.exporters.sqlparts import default_sql, unique_columns
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.relations import Cardinality, ManyToMany, many_to_many, relationship, singular
from designer.core.sqltext import referenced_names

# Markdown text --------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
#: Characters that can start Markdown inline syntax (emphasis, links, HTML, code, tables...).
_INLINE = re.compile(r"([\\`*_\[\]<>|~!#&])")
#: Line starts that would turn a paragraph into a list, a rule or a setext heading underline.
_BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """``text`` on one line, shown literally by any CommonMark/GFM renderer (also in a table cell).

    Leading and trailing white space goes: Markdown would drop it anyway, and four leading
    spaces would make a code block.
    """
    flat = _INLINE.sub(r"\\\1", _LINE_BREAKS.sub(" ", text).strip())
    match = _BLOCK_START.match(flat)
    if match is None:
        return flat
    end = match.end()
    if match.group(1)[0].isdigit():  # "1." or "1)": escape the punctuation after the number
        return f"{flat[:end]}\\{flat[end:]}"
    return f"\\{flat}"


def md_code(text: str, *, cell: bool = False) -> str:
    """``text`` as an inline code span on one line; ``cell`` when it goes in a table cell (``|`` escaped)."""
    flat = _LINE_BREAKS.sub(" ", text)
    if not flat:
        return ""
    if cell:
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    # A span that starts or ends with a backtick needs a space inside the fence; CommonMark takes one
    # space off each end when both ends have one, so such a span gets one more.
    edge = flat[:1] + flat[-1:]
    pad = " " if "`" in edge or (edge == "  " and flat.strip(" ")) else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


#: libyaml's safe dumper (PyYAML's wheels ship it) is some twenty times faster than the pure Python
#: one; the two quote a few edge cases differently, both correctly, so golden files assume libyaml.
_YAML_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=16384)  # keys, types and defaults repeat from column to column
def _resolve(kind: object, value: str, implicit: tuple[bool, bool]) -> str:
    return str(_RESOLVER.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


class _ContractDumper(_YAML_DUMPER):  # type: ignore[valid-type,misc]
    """The safe dumper, asking the tag resolver once per distinct scalar (the emitter asks for every one)."""

    def resolve(self, kind: object, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:  # libyaml passes (plain, quoted) implicitness as a list
            return _resolve(kind, value, (implicit[0], implicit[1]))
        return str(super().resolve(kind, value, implicit))


_STR, _BOOL, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _yaml_node(value: object) -> yaml.Node:
    """The node PyYAML's safe representer makes of a plain value, in block style.

    Written here because the representer, in Python, took two thirds of the contract file's time
    (0.5 s for 1,000 tables) working out aliases and styles a document of fresh dicts, lists,
    strings, numbers and booleans never needs; libyaml still emits the text.
    """
    if isinstance(value, str):
        return yaml.ScalarNode(_STR, value)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if isinstance(value, dict):
        return yaml.MappingNode(_MAP, [(yaml.ScalarNode(_STR, k), _yaml_node(v)) for k, v in value.items()],
                                flow_style=False)
    if isinstance(value, list):
        return yaml.SequenceNode(_SEQ, [_yaml_node(v) for v in value], flow_style=False)
    raise TypeError(f"no YAML for {type(value).__name__}")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


@register_exporter
class DocsExporter(Exporter):
    """The data model in Markdown, and the database contract in YAML."""

    target = Target.DOCS
    description = "Documentation: doc/data-model.md (Markdown) and contracts/database-contracts.yaml (seed 003)"
    MARKDOWN = "doc/data-model.md"
    CONTRACTS = "contracts/database-contracts.yaml"

    #: What deleting a referenced row does to the rows that point at it, in words.
    ON_DELETE_WORDS: ClassVar[dict[ir.Action, str]] = {
        ir.Action.CASCADE: "deleting {parent} also deletes its {child}",
        ir.Action.SET_NULL: "deleting {parent} sets {columns} of its {child} to null",
        ir.Action.SET_DEFAULT: "deleting {parent} sets {columns} of its {child} to their default",
        ir.Action.RESTRICT: "{parent} cannot be deleted while {child} point at it",
        ir.Action.NO_ACTION: "{parent} cannot be deleted while {child} point at it (checked at the end of the "
                             "statement)",
    }
    #: The contract's relationship types (seed 003) per cardinality seen from the referenced table.
    CONTRACT_TYPES: ClassVar[dict[Cardinality, str]] = {
        Cardinality.ONE_TO_ONE: "one_to_one",
        Cardinality.MANY_TO_ONE: "one_to_many",
        Cardinality.MANY_TO_MANY: "many_to_many",
    }

    @cached_property
    def many_to_many(self) -> list[ManyToMany]:
        return many_to_many(self.schema)

    @cached_property
    def referenced_by(self) -> dict[tuple[str, str], list[tuple[ir.Table, ir.ForeignKey]]]:
        """Every (table, foreign key) pointing at each table, built once (``Schema.referencing`` scans)."""
        out: dict[tuple[str, str], list[tuple[ir.Table, ir.ForeignKey]]] = {}
        for table in self.schema.tables:
            for fk in table.foreign_keys:
                out.setdefault(fk.ref_key, []).append((table, fk))
        return out

    def run(self) -> ExportResult:
        return ExportResult({self.MARKDOWN: self.render_markdown(), self.CONTRACTS: self.render_contracts()})

    # Markdown -------------------------------------------------------------------------------

    def render_markdown(self) -> str:
        s = self.schema
        out = [f"# Data model: {md_text(s.name)}", ""]
        if s.comment:
            out += [md_text(s.comment), ""]
        out += ["_Generated from the design by the schema designer: change the design, not this file._", ""]
        out += self.render_overview()
        if s.enums:
            out += ["## Enums", ""]
            for enum in s.enums:
                out += self.render_enum(enum)
        out += ["## Tables", ""]
        for table in s.tables:
            out += self.render_table(table)
        free_notes = [n for n in s.notes if n.table is None or s.find_table(n.table) is None]
        if free_notes:
            out += ["## Notes", "", *(f"- {md_text(n.text)}" for n in free_notes), ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def render_overview(self) -> list[str]:
        s = self.schema
        out = ["## Overview", "", f"{len(s.tables)} tables, {len(s.enums)} enums, "
               f"{sum(len(t.foreign_keys) for t in s.tables)} foreign keys.", ""]
        if s.namespaces:
            out += ["Schemas besides `public`:", ""]
            out += [f"- {md_code(n.name)}" + (f": {md_text(n.comment)}" if n.comment else "") for n in s.namespaces]
            out.append("")
        if s.groups:
            out += ["Subject areas:", ""]
            for group in s.groups:
                members = ", ".join(md_code(t.path) for t in s.tables if t.group == group.name) or "no tables yet"
                about = f" ({md_text(group.comment)})" if group.comment else ""
                out.append(f"- **{md_text(group.name)}**{about}: {members}")
            ungrouped = [t for t in s.tables if t.group is None]
            if ungrouped:
                out.append(f"- Outside any area: {', '.join(md_code(t.path) for t in ungrouped)}")
            out.append("")
        links = self.many_to_many
        if links:
            out += ["Many-to-many relationships:", ""]
            out += [f"- {md_code(self.ref_path(m.left))} and {md_code(self.ref_path(m.right))}, "
                    f"through {md_code(m.junction.path)}" for m in links]
            out.append("")
        return out

    def render_enum(self, enum: ir.Enum) -> list[str]:
        out = [f"### {md_code(enum.path)}", ""]
        if enum.comment:
            out += [md_text(enum.comment), ""]
        return [*out, f"Values: {', '.join(md_code(v) for v in enum.values)}", ""]

    def render_table(self, table: ir.Table) -> list[str]:
        out = [f"### {md_code(table.path)}", ""]
        if table.comment:
            out += [md_text(table.comment), ""]
        facts = []
        if table.group:
            facts.append(f"Subject area: {md_text(table.group)}")
        if table.tags:
            facts.append(f"Tags: {', '.join(md_code(t) for t in table.tags)}")
        if facts:
            out += [". ".join(facts) + ".", ""]
        out += self.render_columns(table)
        out += self.render_relationships(table)
        out += self.render_indexes(table)
        if table.checks:
            out += ["**Checks** (validation rules):", ""]
            out += [f"- {md_code(c.name)}: {md_code(c.expression)}" for c in table.checks]
            out.append("")
        notes = [n for n in self.schema.notes if n.table is not None and self.schema.find_table(n.table) is table]
        if notes:
            out += ["**Notes:**", "", *(f"- {md_text(n.text)}" for n in notes), ""]
        return out

    def render_columns(self, table: ir.Table) -> list[str]:
        out = ["| Column | Type | Nullable | Default | Key | Description |", "|---|---|---|---|---|---|"]
        keys = self.column_keys(table)
        for c in table.columns:
            cells = [md_code(c.name, cell=True), md_code(c.type.sql, cell=True), _yes(c.nullable),
                     self.default_markdown(c),
                     ", ".join(keys.get(c.name, [])), md_text(c.comment or "")]
            out.append(f"| {' | '.join(cells)} |")
        return [*out, ""]

    @staticmethod
    def column_keys(table: ir.Table) -> dict[str, list[str]]:
        """PK, FK and UK markers per column (UK for a single-column unique rule without condition)."""
        keys: dict[str, list[str]] = {}
        if table.primary_key is not None:
            for name in table.primary_key.columns:
                keys.setdefault(name, []).append("PK")
        for fk in table.foreign_keys:
            for name, ref in zip(fk.columns, fk.ref_columns, strict=True):
                target = fk.ref_table if fk.ref_namespace == DEFAULT_NAMESPACE else f"{fk.ref_namespace}.{fk.ref_table}"
                keys.setdefault(name, []).append(f"FK → {md_code(target, cell=True)}.{md_code(ref, cell=True)}")
        for name in unique_columns(table):
            keys.setdefault(name, []).append("UK")
        return keys

    @staticmethod
    def default_markdown(column: ir.Column) -> str:
        if column.identity is not None:
            return f"identity ({column.identity.value.replace('_', ' ')})"
        if column.generated is not None:
            return f"generated from {md_code(column.generated, cell=True)}"
        if column.default is not None and column.default.kind is ir.DefaultKind.CLIENT:
            return f"{md_code(column.default.value, cell=True)}, set by the application"
        sql = default_sql(column)
        return md_code(sql, cell=True) if sql is not None else ""

    @staticmethod
    def default_words(column: ir.Column) -> str | None:
        """The default as a reader wants it: SQL, identity, generated, or set by the application."""
        if column.identity is not None:
            return f"identity ({column.identity.value.replace('_', ' ')})"
        if column.generated is not None:
            return f"generated: {column.generated}"
        if column.default is not None and column.default.kind is ir.DefaultKind.CLIENT:
            return f"{column.default.value} (set by the application)"
        return default_sql(column)

    def render_relationships(self, table: ir.Table) -> list[str]:
        out = []
        for fk in table.foreign_keys:
            rel = relationship(table, fk)
            target = f"{md_code(self.ref_path(fk))} ({md_code(', '.join(fk.ref_columns))})"
            link = f"{md_code(', '.join(fk.columns))} → {target}"
            out.append(f"- {md_text(rel.describe())}: {link}.")
        for child, fk in self.referenced_by.get(table.key, []):
            if child is table:
                continue
            effect = self.ON_DELETE_WORDS[fk.on_delete].format(
                parent=md_text(_a(singular(table.name))), child=md_text(child.name),
                columns=md_code(", ".join(fk.columns)))
            out.append(f"- Referenced by {md_code(child.path)} ({md_code(', '.join(fk.columns))}): {effect}.")
        if not out:
            return []
        return ["**Relationships:**", "", *out, ""]

    @staticmethod
    def ref_path(fk: ir.ForeignKey) -> str:
        return fk.ref_table if fk.ref_namespace == DEFAULT_NAMESPACE else f"{fk.ref_namespace}.{fk.ref_table}"

    def render_indexes(self, table: ir.Table) -> list[str]:
        rows: list[tuple[str, str, str, bool, str | None]] = [
            (u.name, ", ".join(u.columns), "btree", True, u.where) for u in table.uniques if u.where is not None]
        rows += [(i.name, self.index_keys(i), i.method.value, i.unique, i.where) for i in table.indexes]
        if not rows:
            return []
        out = ["**Indexes:**", "", "| Name | Keys | Method | Unique | Condition |", "|---|---|---|---|---|"]
        for name, keys, method, unique, where in rows:
            out.append(f"| {md_code(name, cell=True)} | {md_code(keys, cell=True)} | {method} | {_yes(unique)} | "
                       f"{md_code(where, cell=True) if where else ''} |")
        return [*out, ""]

    @staticmethod
    def index_keys(index: ir.Index) -> str:
        parts = []
        for e in index.elements:
            part = e.column if e.column is not None else f"({e.expression})"
            if e.opclass:
                part += f" {e.opclass}"
            if e.descending:
                part += " DESC"
            if e.nulls:
                part += f" NULLS {e.nulls.value.upper()}"
            parts.append(part)
        text = ", ".join(parts)
        return f"{text} INCLUDE ({', '.join(index.include)})" if index.include else text

    # YAML contract --------------------------------------------------------------------------

    def render_contracts(self) -> str:
        s = self.schema
        doc: dict[str, Any] = {"database": s.name}
        if s.comment:
            doc["description"] = s.comment
        if s.enums:
            doc["enums"] = {e.path: self.contract_enum(e) for e in s.enums}
        doc["tables"] = {t.path: self.contract_table(t) for t in s.tables}
        # line_comment keeps the name on the comment's line, whatever line breaks it holds.
        header = f"# Database contract of {line_comment(s.name)}, generated by the schema designer (seed 003 layout).\n"
        return header + yaml.serialize(_yaml_node(doc), Dumper=_ContractDumper, allow_unicode=True, width=120)

    @staticmethod
    def contract_enum(enum: ir.Enum) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": enum.namespace, "values": list(enum.values)}
        if enum.comment:
            out["description"] = enum.comment
        return out

    def contract_table(self, table: ir.Table) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": table.namespace}
        if table.comment:
            out["description"] = table.comment
        checks = self.single_column_checks(table)
        out["columns"] = {c.name: self.contract_column(table, c, checks.get(c.name, [])) for c in table.columns}
        indexes = self.contract_indexes(table)
        if indexes:
            out["indexes"] = indexes
        relationships = self.contract_relationships(table)
        if relationships:
            out["relationships"] = relationships
        return out

    def contract_column(self, table: ir.Table, column: ir.Column, checks: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": column.type.sql}
        if table.primary_key is not None and column.name in table.primary_key.columns:
            out["primary_key"] = True
        default = self.default_words(column)
        if default is not None:
            out["default"] = default
        out["nullable"] = column.nullable
        if self.is_unique_column(table, column.name):
            out["unique"] = True
        out["backend_field"] = column.orm_name or camel(column.name) or column.name
        if column.comment:
            out["description"] = column.comment
        validation = self.validation(column, checks)
        if validation:
            out["validation"] = validation
        method = self.leading_index_method(table, column.name)
        if method is not None:
            out["index"] = method
        return out

    @staticmethod
    def is_unique_column(table: ir.Table, name: str) -> bool:
        """Unique on its own, everywhere (a partial unique rule shows in ``indexes`` instead)."""
        if table.primary_key is not None and table.primary_key.columns == (name,):
            return False  # primary_key says it already
        return name in unique_columns(table)

    @staticmethod
    def single_column_checks(table: ir.Table) -> dict[str, list[str]]:
        """The check expressions that involve exactly one column, by column."""
        names = {c.name for c in table.columns}
        out: dict[str, list[str]] = {}
        for check in table.checks:
            used = referenced_names(check.expression) & names
            if len(used) == 1:
                out.setdefault(used.pop(), []).append(check.expression)
        return out

    def validation(self, column: ir.Column, checks: list[str]) -> str | None:
        """The checks that involve only this column, and the allowed values of an enum."""
        rules = list(checks)
        if column.type.enum is not None:
            enum = self.schema.enum(column.type.enum, column.type.enum_namespace)
            if enum is not None:
                rules.append("one of: " + ", ".join(enum.values))
        return "; ".join(rules) or None

    @staticmethod
    def leading_index_method(table: ir.Table, name: str) -> str | None:
        """The method of the first index (or unique rule) whose first key is this column."""
        for u in table.uniques:
            if u.columns[0] == name:
                return "btree"
        for i in table.indexes:
            if i.elements[0].column == name:
                return i.method.value
        return None

    def contract_indexes(self, table: ir.Table) -> list[dict[str, Any]]:
        fk_columns = {fk.columns: fk.name for fk in table.foreign_keys}
        out = []
        for u in table.uniques:
            entry: dict[str, Any] = {"name": u.name, "columns": list(u.columns), "type": "btree", "unique": True}
            if u.where is not None:
                entry["where"] = u.where
            entry["reason"] = self.index_reason(u.columns, True, u.where, fk_columns)
            out.append(entry)
        for i in table.indexes:
            keys = [e.column if e.column is not None else f"({e.expression})" for e in i.elements]
            entry = {"name": i.name, "columns": keys, "type": i.method.value, "unique": i.unique}
            if i.where is not None:
                entry["where"] = i.where
            if i.include:
                entry["include"] = list(i.include)
            plain = tuple(e.column for e in i.elements if e.column is not None)
            entry["reason"] = self.index_reason(plain if len(plain) == len(keys) else (), i.unique, i.where, fk_columns)
            out.append(entry)
        return out

    @staticmethod
    def index_reason(columns: tuple[str, ...], unique: bool, where: str | None,
                     fk_columns: dict[tuple[str, ...], str]) -> str:
        """Why the index exists, as far as the design says."""
        if unique:
            reason = "Enforces uniqueness" + (f" among rows where {where}" if where else "")
        elif columns and columns in fk_columns:
            reason = f"Supports foreign key {fk_columns[columns]} (joins, and deletes of the referenced rows)"
        else:
            reason = "Speeds up queries that filter or sort by these keys" + (f" where {where}" if where else "")
        return reason

    def contract_relationships(self, table: ir.Table) -> list[dict[str, Any]]:
        """Relationships seen from this table, as seed 003 lists them (``foreign_table`` holds the key)."""
        out = []
        links = self.many_to_many
        junctions = {link.junction.key for link in links}
        for child, fk in self.referenced_by.get(table.key, []):
            if child.key in junctions:
                continue  # described below as many-to-many
            rel = relationship(child, fk)
            out.append(self.contract_relationship(fk.name, self.CONTRACT_TYPES[rel.cardinality], child, fk))
        for link in links:
            for here, there in ((link.left, link.right), (link.right, link.left)):
                if here.ref_key == table.key:
                    entry = self.contract_relationship(link.junction.name, "many_to_many", link.junction, here)
                    entry["foreign_table"] = self.ref_path(there)
                    entry["through"] = link.junction.path
                    out.append(entry)
        return out

    @staticmethod
    def contract_relationship(name: str, kind: str, child: ir.Table, fk: ir.ForeignKey) -> dict[str, Any]:
        return {
            "name": name,
            "type": kind,
            "foreign_table": child.path,
            "foreign_key": fk.columns[0] if len(fk.columns) == 1 else list(fk.columns),
            "on_delete": fk.on_delete.sql,
            "on_update": fk.on_update.sql,
        }
