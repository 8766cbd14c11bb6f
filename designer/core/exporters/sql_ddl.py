"""PostgreSQL DDL: a script that builds the design in an empty database (``schema.sql``).

The script runs in one transaction (BEGIN ... COMMIT, unless the ``transaction`` option is off),
in this order: schemas, enum types, sequences, then the tables in foreign-key dependency order,
each followed by its comments and indexes; foreign keys that close a cycle are added with ALTER
TABLE once every table exists (self-references right after their table, so the key they point at
exists whatever kind it is).

One transaction takes a lock on every object it creates and holds them all until COMMIT: a
design of several thousand tables exceeds a default server's lock table ("out of shared memory;
increase max_locks_per_transaction"). ``transaction=False`` leaves BEGIN/COMMIT out for those.

The ``idempotent`` variant is the migration style seed 001 demands: it runs again on a
database it already built without error. Where PostgreSQL has ``IF NOT EXISTS`` it is used;
types and constraints are created in DO blocks guarded by a ``pg_catalog`` lookup by name,
table *and* schema (the seed's own guards read ``information_schema`` without the schema or
the table and can match the wrong object; rules-catalog section 13).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import ClassVar

from designer.core import ir
from designer.core.diagnostics import info
from designer.core.exporters import register_exporter
from designer.core.exporters.base import Exporter, ExportResult, Option, OptionValue, Target
from designer.core.exporters.naming import line_comment
from designer.core.exporters.sqlparts import default_sql, dependency_order, dollar_quoted, sequence_users
from designer.core.exporters.sqlparts import string_literal as literal
from designer.core.identifiers import DEFAULT_NAMESPACE, qualified, quote_identifier
from designer.core.types import INTEGER_TYPES, type_sql_name

#: Statements are separated by one blank line; a table's own statements follow it directly.
_BLANK = ""
_NEWLINE = "\n"
# Enum members bound once: ``ir.DefaultKind.CLIENT`` costs a Python-level lookup in Python 3.11,
# and these are compared for every column.
_CLIENT = ir.DefaultKind.CLIENT
#: Referential actions as SQL (``Action.sql`` works it out on every call).
_ACTION_SQL: dict[ir.Action, str] = {action: action.sql for action in ir.Action}
# A design repeats its names (id, created_at...) in every table, and is exported again and again:
# each name is quoted once.
_quote = lru_cache(maxsize=65536)(quote_identifier)
_qualified = lru_cache(maxsize=65536)(qualified)


@register_exporter
class SqlExporter(Exporter):
    """PostgreSQL DDL for the whole design, plain or idempotent."""

    target = Target.SQL
    description = "PostgreSQL DDL: schemas, enums, tables, constraints, indexes and comments (schema.sql)"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "idempotent": Option(False, "guard every statement (IF NOT EXISTS, DO blocks) so the script can run twice"),
        "transaction": Option(True, "wrap the script in BEGIN/COMMIT; turn off for designs of thousands of tables, "
                                    "whose one transaction can exceed the server's max_locks_per_transaction"),
    }
    FILE = "schema.sql"

    #: Index methods are written only when they are not PostgreSQL's default.
    DEFAULT_INDEX_METHOD = ir.IndexMethod.BTREE
    #: Referential actions are written only when they are not PostgreSQL's default.
    DEFAULT_ACTION = ir.Action.NO_ACTION
    #: How an identity column's kind is spelled.
    IDENTITY_SQL: ClassVar[dict[ir.Identity, str]] = {
        ir.Identity.ALWAYS: "ALWAYS",
        ir.Identity.BY_DEFAULT: "BY DEFAULT",
    }

    def __init__(self, schema: ir.Schema, options: Mapping[str, OptionValue] | None = None) -> None:
        super().__init__(schema, options)
        self.quote = _quote
        self.table_name = _qualified
        self._idempotent = bool(self.options["idempotent"])
        self._if_not_exists = "IF NOT EXISTS " if self._idempotent else ""

    def columns(self, names: Iterable[str]) -> str:
        return ", ".join(map(self.quote, names))

    def table_sql(self, table: ir.Table) -> str:
        return self.table_name(table.namespace, table.name)

    @property
    def idempotent(self) -> bool:
        return self._idempotent

    @property
    def transaction(self) -> bool:
        return bool(self.options["transaction"])

    def run(self) -> ExportResult:
        s = self.schema
        order, deferred = dependency_order(s)
        out: list[str] = [self.render_header(), "BEGIN;", _BLANK] if self.transaction else [self.render_header(),
                                                                                            _BLANK]
        for namespace in s.namespaces:
            out += [self.render_namespace(namespace), _BLANK]
        for enum in s.enums:
            out += [self.render_enum(enum), _BLANK]
        sequences = self.sequence_users()
        for name, users in sequences.items():
            out += [self.render_sequence(name, users), _BLANK]
        for table in order:
            out += [self.render_table_section(table, deferred), _BLANK]
        cyclic = [(t, fk) for t in order for fk in t.foreign_keys if (t.key, fk.name) in deferred] if deferred else []
        if cyclic:
            out.append("-- Foreign keys that close a cycle, added once every table exists.")
            for t, fk in cyclic:
                out += self.render_add_constraints(t, [(fk.name, self.render_foreign_key(fk))])
            out.append(_BLANK)
        owned = [self.render_sequence_owner(name, users[0])
                 for name, users in sequences.items() if self.owns(name, users)]
        if owned:
            out += [*owned, _BLANK]
        if self.transaction:
            out.append("COMMIT;")
        elif out[-1] == _BLANK:
            out.pop()
        return ExportResult({self.FILE: "\n".join(out) + "\n"}, tuple(self.diagnostics))

    # Script parts ---------------------------------------------------------------------------

    def render_header(self) -> str:
        s = self.schema
        lines = [f"-- {line_comment(s.name)}: PostgreSQL {line_comment(s.dialect_version)} schema, "
                 "generated by the schema designer."]
        if s.comment:
            lines.append(f"-- {line_comment(s.comment)}")
        if self.idempotent:
            lines.append("-- Idempotent: yes, this script can run again on a database it already built.")
        if not self.transaction:
            lines.append("-- Not one transaction: a statement that fails leaves the ones before it done.")
        return "\n".join(lines)

    def render_namespace(self, namespace: ir.Namespace) -> str:
        name = self.quote(namespace.name)
        lines = []
        if namespace.name != DEFAULT_NAMESPACE:  # public always exists
            exists = "IF NOT EXISTS " if self.idempotent else ""
            lines.append(f"CREATE SCHEMA {exists}{name};")
        if namespace.comment is not None:  # (the public schema is listed only to carry a comment)
            lines.append(f"COMMENT ON SCHEMA {name} IS {literal(namespace.comment)};")
        return "\n".join(lines)

    def render_enum(self, enum: ir.Enum) -> str:
        name = type_sql_name(enum.namespace, enum.name)
        values = ", ".join(literal(v) for v in enum.values)
        create = f"CREATE TYPE {name} AS ENUM ({values});"
        if self.idempotent:
            create = self.guarded([(self.type_exists(enum), create)])
        if enum.comment is not None:
            create += f"\nCOMMENT ON TYPE {name} IS {literal(enum.comment)};"
        return create

    def sequence_users(self) -> dict[str, list[tuple[ir.Table, ir.Column]]]:
        """Each sequence that a column default draws from, with the columns that use it (do not change it)."""
        return sequence_users(self.schema)

    def render_sequence(self, name: str, users: list[tuple[ir.Table, ir.Column]]) -> str:
        # The sequence is created unqualified, where ``nextval('name')`` in the default finds it.
        exists = "IF NOT EXISTS " if self.idempotent else ""
        types = {column.type.sql for _, column in users}
        kind = users[0][1].type
        as_type = f" AS {kind.sql}" if len(types) == 1 and kind.logical in INTEGER_TYPES and not kind.array_dims else ""
        return f"CREATE SEQUENCE {exists}{self.quote(name)}{as_type};"

    @staticmethod
    def owns(name: str, users: list[tuple[ir.Table, ir.Column]]) -> bool:
        """A sequence named as ``serial`` names its own (``table_column_seq``) belongs to that column.

        OWNED BY needs the table in the sequence's schema, and drops the sequence with it.
        """
        if len(users) != 1:
            return False
        table, column = users[0]
        return table.namespace == DEFAULT_NAMESPACE and name == f"{table.name}_{column.name}_seq"

    def render_sequence_owner(self, name: str, user: tuple[ir.Table, ir.Column]) -> str:
        table, column = user
        owner = f"{self.table_sql(table)}.{self.quote(column.name)}"
        return f"ALTER SEQUENCE {self.quote(name)} OWNED BY {owner};"

    # Tables ---------------------------------------------------------------------------------

    def render_table_section(self, table: ir.Table, deferred: set[tuple[tuple[str, str], str]]) -> str:
        """A table with everything that belongs to it, in an order PostgreSQL accepts."""
        inline_fks: list[ir.ForeignKey] = []
        self_fks: list[ir.ForeignKey] = []
        if table.foreign_keys:
            key = table.key
            for fk in table.foreign_keys:
                if fk.ref_table == table.name and fk.ref_namespace == table.namespace:
                    self_fks.append(fk)
                elif (key, fk.name) not in deferred:
                    inline_fks.append(fk)
        constraints = self.table_constraints(table, inline_fks)
        if self._idempotent:
            parts = [self.render_create_table(table, []), *self.render_add_constraints(table, constraints)]
        else:
            parts = [self.render_create_table(table, constraints)]
        parts += self.render_comments(table)
        parts += [self.render_partial_unique(table, u) for u in table.uniques if u.where is not None]
        parts += [self.render_index(table, i) for i in table.indexes]
        if self_fks:
            parts += self.render_add_constraints(table, [(fk.name, self.render_foreign_key(fk)) for fk in self_fks])
        for column in table.columns:
            default = column.default
            if default is not None and default.kind is _CLIENT:
                self.report(info("sql.client-default", f"the default of {table.path}.{column.name} "
                                 f"({default.value}) is set by the application, so the database has none",
                                 f"{table.path}.{column.name}"))
        return "\n".join(parts)

    def table_constraints(self, table: ir.Table, fks: list[ir.ForeignKey]) -> list[tuple[str | None, str]]:
        """(name, body) of the constraints written with the table: key, uniques, checks, foreign keys."""
        out: list[tuple[str | None, str]] = []
        if table.primary_key is not None:
            out.append((table.primary_key.name, self.render_primary_key(table.primary_key)))
        out += [(u.name, self.render_unique(u)) for u in table.uniques if u.where is None]
        out += [(c.name, self.render_check(c)) for c in table.checks]
        out += [(fk.name, self.render_foreign_key(fk)) for fk in fks]
        return out

    def render_create_table(self, table: ir.Table, constraints: list[tuple[str | None, str]]) -> str:
        lines = [self.render_column(c) for c in table.columns]
        lines += [self.named(name, body) for name, body in constraints]
        body = "    " + ",\n    ".join(lines) if lines else ""
        return f"CREATE TABLE {self._if_not_exists}{self.table_sql(table)} (\n{body}\n);"

    def render_column(self, column: ir.Column) -> str:
        line = f"{self.quote(column.name)} {column.type.sql}"
        if column.generated is not None:
            line += f" GENERATED ALWAYS AS ({column.generated}) STORED"
        elif column.identity is not None:
            line += f" GENERATED {self.IDENTITY_SQL[column.identity]} AS IDENTITY"
        if not column.nullable:
            line += " NOT NULL"
        if column.default is not None:
            default = default_sql(column)
            if default is not None:
                line += " DEFAULT " + default
        return line

    def named(self, name: str | None, body: str) -> str:
        return body if name is None else f"CONSTRAINT {self.quote(name)} {body}"

    # Constraints ----------------------------------------------------------------------------

    def render_primary_key(self, pk: ir.PrimaryKey) -> str:
        return f"PRIMARY KEY ({self.columns(pk.columns)})"

    def render_unique(self, unique: ir.Unique) -> str:
        nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        return f"UNIQUE{nulls} ({self.columns(unique.columns)})"

    @staticmethod
    def render_check(check: ir.Check) -> str:
        return f"CHECK ({check.expression})"

    def render_foreign_key(self, fk: ir.ForeignKey) -> str:
        ref = self.table_name(fk.ref_namespace, fk.ref_table)
        out = f"FOREIGN KEY ({self.columns(fk.columns)}) REFERENCES {ref} ({self.columns(fk.ref_columns)})"
        if fk.on_delete is not self.DEFAULT_ACTION:
            out += " ON DELETE " + _ACTION_SQL[fk.on_delete]
        if fk.on_update is not self.DEFAULT_ACTION:
            out += " ON UPDATE " + _ACTION_SQL[fk.on_update]
        if fk.deferrable:
            out += " DEFERRABLE INITIALLY DEFERRED" if fk.initially_deferred else " DEFERRABLE"
        return out

    def render_add_constraints(self, table: ir.Table, constraints: list[tuple[str | None, str]]) -> list[str]:
        """ALTER TABLE statements adding ``constraints``; one guarded DO block when idempotent."""
        target = self.table_sql(table)
        statements = [f"ALTER TABLE {target} ADD {self.named(name, body)};" for name, body in constraints]
        if not self._idempotent or not statements:
            return statements
        return [self.guarded([(self.constraint_exists(table, name), statement)
                              for (name, _), statement in zip(constraints, statements, strict=True)])]

    # Comments and indexes -------------------------------------------------------------------

    def render_comments(self, table: ir.Table) -> list[str]:
        name = self.table_sql(table)
        out = []
        if table.comment is not None:
            out.append(f"COMMENT ON TABLE {name} IS {literal(table.comment)};")
        for c in table.columns:
            if c.comment is not None:
                out.append(f"COMMENT ON COLUMN {name}.{self.quote(c.name)} IS {literal(c.comment)};")
        return out

    def render_partial_unique(self, table: ir.Table, unique: ir.Unique) -> str:
        """A partial unique rule: PostgreSQL can only enforce it as a unique index."""
        nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        return (f"CREATE UNIQUE INDEX {self._if_not_exists}{self.quote(unique.name)} ON {self.table_sql(table)} "
                f"({self.columns(unique.columns)}){nulls} WHERE {unique.where};")

    def render_index(self, table: ir.Table, index: ir.Index) -> str:
        unique = "UNIQUE " if index.unique else ""
        using = f" USING {index.method.value}" if index.method is not self.DEFAULT_INDEX_METHOD else ""
        elements = ", ".join([self.render_index_element(e) for e in index.elements])
        out = (f"CREATE {unique}INDEX {self._if_not_exists}{self.quote(index.name)} "
               f"ON {self.table_sql(table)}{using} ({elements})")
        if index.include:
            out += f" INCLUDE ({self.columns(index.include)})"
        if index.where is not None:
            out += f" WHERE {index.where}"
        return out + ";"

    def render_index_element(self, element: ir.IndexElement) -> str:
        out = self.quote(element.column) if element.column is not None else f"({element.expression})"
        if element.opclass is not None:
            out += f" {element.opclass}"
        if element.descending:
            out += " DESC"
        if element.nulls is not None:
            out += f" NULLS {element.nulls.value.upper()}"
        return out

    @property
    def if_not_exists(self) -> str:
        return self._if_not_exists

    # Guards for the idempotent variant -------------------------------------------------------

    @staticmethod
    def guarded(steps: list[tuple[list[str], str]]) -> str:
        """A DO block that runs each statement only when its catalog lookup finds nothing."""
        body = ["", "BEGIN"]
        for lookup, statement in steps:
            body += ["    IF NOT EXISTS (", *(f"        {line}" for line in lookup), "    ) THEN",
                     f"        {statement}", "    END IF;"]
        body += ["END", ""]
        return f"DO {dollar_quoted(_NEWLINE.join(body))};"

    @staticmethod
    def namespace_sql(namespace: str) -> str:
        """The schema an object lands in: unqualified names go to ``current_schema()``."""
        return "current_schema()" if namespace == DEFAULT_NAMESPACE else literal(namespace)

    def type_exists(self, enum: ir.Enum) -> list[str]:
        return [
            "SELECT 1 FROM pg_catalog.pg_type t",
            "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace",
            f"WHERE t.typname = {literal(enum.name)} AND n.nspname = {self.namespace_sql(enum.namespace)}",
        ]

    def constraint_exists(self, table: ir.Table, name: str | None) -> list[str]:
        """The constraint of that name (for an unnamed primary key: the primary key) on that table."""
        which = "c.contype = 'p'" if name is None else f"c.conname = {literal(name)}"
        return [
            "SELECT 1 FROM pg_catalog.pg_constraint c",
            "JOIN pg_catalog.pg_class r ON r.oid = c.conrelid",
            "JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace",
            f"WHERE {which} AND r.relname = {literal(table.name)}",
            f"  AND n.nspname = {self.namespace_sql(table.namespace)}",
        ]
