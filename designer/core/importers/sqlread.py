"""Phase 1 of the SQL import: parsed statements to blueprints (names as strings, nothing resolved).

Each statement the model cares about becomes one operation (:class:`CreateTable`,
:class:`AlterTable`, :class:`CreateIndex`...), in file order; the rest become :class:`Skip` with
a label such as ``CREATE FUNCTION``. Unqualified names carry the ``search_path`` in force where
they were written, because pg_dump and hand-written scripts both change it as they go.
Resolving those names (and types, and defaults) is phase 2's job, in ``sql.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from designer.core import ir
from designer.core.importers.base import SourceLocation
from designer.core.importers.pgtree import Json, body, const_value, kind, list_items, strings
from designer.core.importers.sqlscript import Statement

# Blueprints -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QName:
    """A possibly qualified name, with the search path that resolves it when unqualified."""

    namespace: str | None
    name: str
    path: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


@dataclass(frozen=True)
class TypeRef:
    """A type as written: its name parts, modifiers (JSON nodes), array dimensions."""

    names: tuple[str, ...]
    mods: tuple[Json, ...]
    array_dims: int
    node: Json
    path: tuple[str, ...]
    at: SourceLocation

    @property
    def text(self) -> str:
        return ".".join(self.names)


@dataclass
class ConstraintBP:
    """A PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or EXCLUDE constraint as written."""

    kind: str  # primary, unique, foreign, check, exclusion
    at: SourceLocation
    name: str | None = None
    columns: tuple[str, ...] = ()
    ref: QName | None = None
    ref_columns: tuple[str, ...] = ()
    on_delete: ir.Action = ir.Action.NO_ACTION
    on_update: ir.Action = ir.Action.NO_ACTION
    deferrable: bool = False
    initially_deferred: bool = False
    expr: Json | None = None
    nulls_not_distinct: bool = False
    include: tuple[str, ...] = ()
    using_index: str | None = None
    #: what the model cannot keep about it (``MATCH FULL``, ``NOT VALID``...), for warnings.
    lost: list[str] = field(default_factory=list)


@dataclass
class ColumnBP:
    name: str
    type: TypeRef
    at: SourceLocation
    not_null: bool = False
    default: Json | None = None
    identity: ir.Identity | None = None
    identity_options: tuple[Json, ...] = ()
    generated: Json | None = None
    serial: bool = False
    lost: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ElementBP:
    column: str | None
    expr: Json | None
    descending: bool
    nulls: ir.NullsOrder | None
    opclass: str | None
    collation: str | None


@dataclass(frozen=True)
class CreateTable:
    table: QName
    columns: tuple[ColumnBP, ...]
    constraints: tuple[ConstraintBP, ...]
    at: SourceLocation
    if_not_exists: bool
    lost: tuple[str, ...]
    #: ``INHERITS (parent)``: the child has its parents' columns first (and their CHECKs).
    inherits: tuple[QName, ...] = ()


@dataclass(frozen=True)
class CreateIndex:
    name: str | None
    table: QName
    elements: tuple[ElementBP, ...]
    unique: bool
    method: str
    where: Json | None
    include: tuple[str, ...]
    nulls_not_distinct: bool
    if_not_exists: bool
    at: SourceLocation


@dataclass(frozen=True)
class CreateEnum:
    name: QName
    values: tuple[str, ...]
    at: SourceLocation


@dataclass(frozen=True)
class AlterEnum:
    name: QName
    value: str
    neighbor: str | None
    after: bool
    old_value: str | None
    if_not_exists: bool
    at: SourceLocation


@dataclass(frozen=True)
class CreateSchema:
    name: str
    if_not_exists: bool
    at: SourceLocation


@dataclass(frozen=True)
class CreateSequence:
    name: QName
    at: SourceLocation


@dataclass(frozen=True)
class Comment:
    """``COMMENT ON <target> <names> IS <text>`` (``text`` None for ``IS NULL``)."""

    target: str  # table, column, type, schema
    names: tuple[str, ...]
    text: str | None
    path: tuple[str, ...]
    at: SourceLocation


@dataclass(frozen=True)
class Drop:
    target: str  # table, type, index, schema
    names: tuple[tuple[str, ...], ...]
    missing_ok: bool
    path: tuple[str, ...]
    at: SourceLocation


@dataclass(frozen=True)
class AlterAction:
    """One action of ALTER TABLE."""

    action: str  # add_column, drop_column, add_constraint, drop_constraint, set_default,
    # set_not_null, drop_not_null, add_identity, drop_identity, set_type, rename_column, rename_table
    column: str | None = None
    new_column: ColumnBP | None = None
    constraint: ConstraintBP | None = None
    constraint_name: str | None = None
    expr: Json | None = None
    type: TypeRef | None = None
    identity: ir.Identity | None = None
    identity_options: tuple[Json, ...] = ()
    new_name: str | None = None
    missing_ok: bool = False


@dataclass(frozen=True)
class AlterTable:
    table: QName
    actions: tuple[AlterAction, ...]
    missing_ok: bool
    at: SourceLocation


@dataclass(frozen=True)
class Skip:
    """A statement the model does not hold (``kind`` is its label), or a part of one."""

    kind: str
    at: SourceLocation
    #: the relation it creates, if any, so statements about it later are skipped too.
    relation: QName | None = None
    warn: str | None = None
    #: the domain it creates (``CREATE DOMAIN``), so columns of that type can be pointed out.
    domain: QName | None = None


Op = (CreateTable | CreateIndex | CreateEnum | AlterEnum | CreateSchema | CreateSequence | Comment | Drop
      | AlterTable | Skip)


# Reading --------------------------------------------------------------------------------------------

_ACTIONS = {"a": ir.Action.NO_ACTION, "r": ir.Action.RESTRICT, "c": ir.Action.CASCADE, "n": ir.Action.SET_NULL,
            "d": ir.Action.SET_DEFAULT}
_SERIALS = frozenset({"smallserial", "serial2", "serial", "serial4", "bigserial", "serial8"})
_NULLS = {"SORTBY_NULLS_FIRST": ir.NullsOrder.FIRST, "SORTBY_NULLS_LAST": ir.NullsOrder.LAST}

#: Labels of statements that are always skipped, by parse node.
_LABELS = {
    "InsertStmt": "INSERT", "UpdateStmt": "UPDATE", "DeleteStmt": "DELETE", "MergeStmt": "MERGE",
    "CopyStmt": "COPY", "SelectStmt": "SELECT", "VariableSetStmt": "SET", "TransactionStmt": "transaction control",
    "CreateTrigStmt": "CREATE TRIGGER", "CreateEventTrigStmt": "CREATE EVENT TRIGGER",
    "CreatePolicyStmt": "CREATE POLICY", "AlterPolicyStmt": "ALTER POLICY", "RuleStmt": "CREATE RULE",
    "ViewStmt": "CREATE VIEW", "CreateExtensionStmt": "CREATE EXTENSION", "AlterExtensionStmt": "ALTER EXTENSION",
    "AlterOwnerStmt": "ALTER ... OWNER TO", "AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES",
    "CreateDomainStmt": "CREATE DOMAIN", "AlterDomainStmt": "ALTER DOMAIN",
    "CompositeTypeStmt": "CREATE TYPE (composite)",
    "CreateRangeStmt": "CREATE TYPE (range)", "CreateForeignTableStmt": "CREATE FOREIGN TABLE",
    "CreateFdwStmt": "CREATE FOREIGN DATA WRAPPER", "CreateForeignServerStmt": "CREATE SERVER",
    "CreateUserMappingStmt": "CREATE USER MAPPING", "CreateRoleStmt": "CREATE ROLE", "AlterRoleStmt": "ALTER ROLE",
    "CreatedbStmt": "CREATE DATABASE", "AlterDatabaseStmt": "ALTER DATABASE",
    "AlterDatabaseSetStmt": "ALTER DATABASE", "CreateCastStmt": "CREATE CAST",
    "CreateConversionStmt": "CREATE CONVERSION",
    "CreateOpClassStmt": "CREATE OPERATOR CLASS", "CreateOpFamilyStmt": "CREATE OPERATOR FAMILY",
    "CreatePublicationStmt": "CREATE PUBLICATION", "CreateSubscriptionStmt": "CREATE SUBSCRIPTION",
    "CreateStatsStmt": "CREATE STATISTICS", "CreateTableSpaceStmt": "CREATE TABLESPACE", "DoStmt": "DO",
    "CreateTransformStmt": "CREATE TRANSFORM", "CreatePLangStmt": "CREATE LANGUAGE", "SecLabelStmt": "SECURITY LABEL",
    "AlterFunctionStmt": "ALTER FUNCTION", "AlterObjectSchemaStmt": "ALTER ... SET SCHEMA",
    "AlterTSConfigurationStmt": "ALTER TEXT SEARCH CONFIGURATION", "ClusterStmt": "CLUSTER", "VacuumStmt": "VACUUM",
    "RefreshMatViewStmt": "REFRESH MATERIALIZED VIEW", "LockStmt": "LOCK", "NotifyStmt": "NOTIFY",
    "ListenStmt": "LISTEN", "TruncateStmt": "TRUNCATE", "CallStmt": "CALL", "ExplainStmt": "EXPLAIN",
    "CheckPointStmt": "CHECKPOINT", "DiscardStmt": "DISCARD", "VariableShowStmt": "SHOW",
    "ReindexStmt": "REINDEX", "ConstraintsSetStmt": "SET CONSTRAINTS", "AlterEnumStmt": "ALTER TYPE",
}

_OBJECTS = {"OBJECT_TABLE": "table", "OBJECT_COLUMN": "column", "OBJECT_TYPE": "type", "OBJECT_DOMAIN": "domain",
            "OBJECT_SCHEMA": "schema", "OBJECT_INDEX": "index", "OBJECT_SEQUENCE": "sequence", "OBJECT_VIEW": "view",
            "OBJECT_MATVIEW": "materialized view", "OBJECT_FOREIGN_TABLE": "foreign table",
            "OBJECT_TABCONSTRAINT": "constraint", "OBJECT_FUNCTION": "function", "OBJECT_PROCEDURE": "procedure",
            "OBJECT_EXTENSION": "extension", "OBJECT_TRIGGER": "trigger", "OBJECT_POLICY": "policy",
            "OBJECT_DATABASE": "database", "OBJECT_ROLE": "role", "OBJECT_AGGREGATE": "aggregate",
            "OBJECT_RULE": "rule", "OBJECT_OPERATOR": "operator", "OBJECT_COLLATION": "collation"}


def _object(objtype: str) -> str:
    return _OBJECTS.get(objtype, objtype.removeprefix("OBJECT_").lower().replace("_", " "))


class Reader:
    """Turns parsed statements into operations, tracking ``search_path`` as psql would."""

    def __init__(self) -> None:
        self.path: tuple[str, ...] = ("public",)
        #: the ``_<NodeType>`` methods, by node type
        self._handlers: dict[str, Callable[[Statement, Json], Iterator[Op]]] = {
            name[1:]: getattr(self, name) for name in dir(self) if name.startswith("_") and name.endswith("Stmt")}

    def read(self, stmt: Statement) -> Iterator[Op]:
        handler = self._handlers.get(stmt.kind)
        if handler is not None:
            yield from handler(stmt, stmt.node)
        else:
            yield Skip(self._label(stmt.kind, stmt.node), stmt.location())

    @staticmethod
    def _label(node_kind: str, node: Json) -> str:
        if node_kind in _LABELS:
            return _LABELS[node_kind]
        if node_kind == "CreateFunctionStmt":
            return "CREATE PROCEDURE" if node.get("is_procedure") else "CREATE FUNCTION"
        if node_kind == "GrantStmt":
            return "GRANT" if node.get("is_grant") else "REVOKE"
        if node_kind == "GrantRoleStmt":
            return "GRANT role" if node.get("is_grant") else "REVOKE role"
        if node_kind == "DefineStmt":
            return f"CREATE {_object(node.get('kind', '')).upper()}"
        if node_kind == "CreateTableAsStmt":
            return "CREATE MATERIALIZED VIEW" if node.get("objtype") == "OBJECT_MATVIEW" else "CREATE TABLE AS"
        if node_kind == "DropStmt":
            return f"DROP {_object(node.get('removeType', '')).upper()}"
        if node_kind == "CommentStmt":
            return f"COMMENT ON {_object(node.get('objtype', '')).upper()}"
        words = re.findall(r"[A-Z][a-z]*", node_kind.removesuffix("Stmt"))
        return " ".join(words).upper() or node_kind

    def qname(self, rangevar: Json) -> QName:
        return QName(rangevar.get("schemaname"), rangevar.get("relname", ""), self.path)

    def qname_of(self, names: tuple[str, ...]) -> QName:
        if len(names) >= 2:
            return QName(names[-2], names[-1], self.path)
        return QName(None, names[-1] if names else "", self.path)

    # search_path ------------------------------------------------------------------------------------

    def _VariableSetStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        if node.get("name") == "search_path":
            if node.get("kind") == "VAR_SET_VALUE":
                self._set_path([str(const_value(body(a))) if kind(a) == "A_Const" else _colref(a)
                                for a in node.get("args", [])])
            elif node.get("kind") in ("VAR_SET_DEFAULT", "VAR_RESET"):
                self.path = ("public",)
            return
        yield Skip("SET", stmt.location())

    def _SelectStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        # pg_dump: SELECT pg_catalog.set_config('search_path', '', false);
        targets = node.get("targetList") or []
        if len(targets) == 1 and not node.get("fromClause"):
            val = targets[0]["ResTarget"].get("val", {})
            call = val.get("FuncCall")
            if call and strings(call.get("funcname"))[-1:] == ("set_config",):
                args = call.get("args", [])
                if (len(args) >= 2 and all(kind(a) == "A_Const" for a in args[:2])
                        and const_value(body(args[0])) == "search_path"):
                    self._set_path(_split_path(str(const_value(body(args[1])))))
                    return
        yield Skip("SELECT", stmt.location())

    def _set_path(self, entries: list[str]) -> None:
        path = tuple(e for e in entries if e and not e.startswith("$") and e != "pg_catalog")
        self.path = path or ("public",)

    # CREATE SCHEMA / TYPE / SEQUENCE ------------------------------------------------------------------

    def _CreateSchemaStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        name = node.get("schemaname") or node.get("authrole", {}).get("rolename", "")
        yield CreateSchema(name, bool(node.get("if_not_exists")), stmt.location())
        saved = self.path
        self.path = (name, *saved)
        try:
            for element in node.get("schemaElts", []):
                yield from self.read(stmt.sub(element))
        finally:
            self.path = saved

    def _CreateEnumStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield CreateEnum(self.qname_of(strings(node.get("typeName"))), strings(node.get("vals")), stmt.location())

    def _AlterEnumStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield AlterEnum(self.qname_of(strings(node.get("typeName"))), node.get("newVal", ""),
                        node.get("newValNeighbor"), bool(node.get("newValIsAfter")), node.get("oldVal"),
                        bool(node.get("skipIfNewValExists")), stmt.location())

    def _CreateSeqStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield CreateSequence(self.qname(node["sequence"]), stmt.location())

    def _AlterSeqStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        options = [body(o).get("defname") for o in node.get("options", [])]
        if options and all(o == "owned_by" for o in options):
            return  # part of a serial column: the default already says which sequence it uses
        yield Skip("ALTER SEQUENCE", stmt.location())

    # CREATE TABLE -----------------------------------------------------------------------------------

    def _CreateStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        rel = node["relation"]
        table = self.qname(rel)
        where = stmt.location(rel.get("location"))
        if node.get("partbound") is not None:
            yield Skip("CREATE TABLE ... PARTITION OF", where, table,
                       warn=f"partition {table} is not imported: the model has no partitions (its parent is)")
            return
        if rel.get("relpersistence") == "t":
            yield Skip("CREATE TEMPORARY TABLE", where, table)
            return
        lost: list[str] = []
        if rel.get("relpersistence") == "u":
            lost.append("UNLOGGED")
        if node.get("partspec") is not None:
            lost.append("PARTITION BY (imported as a plain table)")
        inherits = tuple(self.qname(body(r)) for r in node.get("inhRelations", []))
        if inherits:
            lost.append("INHERITS (imported with its parent's columns copied in)")
        if node.get("ofTypename") is not None:
            lost.append("OF type")
        columns: list[ColumnBP] = []
        constraints: list[ConstraintBP] = []
        for element in node.get("tableElts", []):
            element_kind, fields = kind(element), body(element)
            if element_kind == "ColumnDef":
                column, inline = self.column(stmt, fields)
                columns.append(column)
                constraints.extend(inline)
            elif element_kind == "Constraint":
                constraint = self.constraint(stmt, fields, None)
                if constraint is not None:
                    constraints.append(constraint)
            else:
                lost.append("LIKE" if element_kind == "TableLikeClause" else element_kind)
        yield CreateTable(table, tuple(columns), tuple(constraints), where, bool(node.get("if_not_exists")),
                          tuple(lost), inherits)

    def type_ref(self, stmt: Statement, node: Json) -> TypeRef:
        return TypeRef(strings(node.get("names")), tuple(node.get("typmods", ())), len(node.get("arrayBounds", ())),
                       node, self.path, stmt.location(node.get("location")))

    def column(self, stmt: Statement, fields: Json) -> tuple[ColumnBP, list[ConstraintBP]]:
        type_ref = self.type_ref(stmt, fields.get("typeName", {}))
        column = ColumnBP(fields.get("colname", ""), type_ref, stmt.location(fields.get("location")))
        if type_ref.names and len(type_ref.names) == 1 and type_ref.names[0] in _SERIALS and not type_ref.array_dims:
            column.serial = True
            column.not_null = True
        if fields.get("collClause"):
            column.lost.append(f"COLLATE {'.'.join(strings(fields['collClause'].get('collname')))}")
        if fields.get("raw_default"):
            column.default = fields["raw_default"]
        constraints: list[ConstraintBP] = []
        for raw in fields.get("constraints", ()):
            c = raw["Constraint"]
            contype = c.get("contype")
            if contype == "CONSTR_NOTNULL":
                column.not_null = True
            elif contype == "CONSTR_NULL":
                column.not_null = False
            elif contype == "CONSTR_DEFAULT":
                column.default = c.get("raw_expr")
            elif contype == "CONSTR_IDENTITY":
                column.identity = ir.Identity.ALWAYS if c.get("generated_when") == "a" else ir.Identity.BY_DEFAULT
                column.identity_options = tuple(c.get("options", ()))
                column.not_null = True
            elif contype == "CONSTR_GENERATED":
                column.generated = c.get("raw_expr")
                if c.get("generated_kind") == "v":
                    column.lost.append("VIRTUAL (imported as STORED)")
            elif contype in ("CONSTR_ATTR_DEFERRABLE", "CONSTR_ATTR_NOT_DEFERRABLE", "CONSTR_ATTR_DEFERRED",
                             "CONSTR_ATTR_IMMEDIATE"):
                if constraints:
                    _deferral(constraints[-1], contype)
            else:
                constraint = self.constraint(stmt, c, column.name)
                if constraint is not None:
                    constraints.append(constraint)
        return column, constraints

    def constraint(self, stmt: Statement, c: Json, column: str | None) -> ConstraintBP | None:
        """A constraint; ``column`` is the column it was written on, for inline ones."""
        contype = c.get("contype", "")
        where = stmt.location(c.get("location"))
        own = (column,) if column is not None else ()
        name = c.get("conname")
        lost = []
        if c.get("skip_validation"):
            lost.append("NOT VALID")
        if contype == "CONSTR_PRIMARY":
            bp = ConstraintBP("primary", where, name, strings(c.get("keys")) or own, using_index=c.get("indexname"))
        elif contype == "CONSTR_UNIQUE":
            bp = ConstraintBP("unique", where, name, strings(c.get("keys")) or own,
                              nulls_not_distinct=bool(c.get("nulls_not_distinct")), include=strings(c.get("including")),
                              using_index=c.get("indexname"))
        elif contype == "CONSTR_FOREIGN":
            if c.get("fk_matchtype", "s") == "f":
                lost.append("MATCH FULL")
            if c.get("fk_del_set_cols"):
                lost.append("ON DELETE SET NULL/DEFAULT (columns)")
            bp = ConstraintBP("foreign", where, name, strings(c.get("fk_attrs")) or own, ref=self.qname(c["pktable"]),
                              ref_columns=strings(c.get("pk_attrs")),
                              on_delete=_ACTIONS.get(c.get("fk_del_action", "a"), ir.Action.NO_ACTION),
                              on_update=_ACTIONS.get(c.get("fk_upd_action", "a"), ir.Action.NO_ACTION),
                              deferrable=bool(c.get("deferrable")), initially_deferred=bool(c.get("initdeferred")))
        elif contype == "CONSTR_CHECK":
            if c.get("is_no_inherit"):
                lost.append("NO INHERIT")
            bp = ConstraintBP("check", where, name, own, expr=c.get("raw_expr"))
        elif contype == "CONSTR_EXCLUSION":
            bp = ConstraintBP("exclusion", where, name, own)
        elif contype == "CONSTR_NOTNULL":
            # PostgreSQL 18's table-level "NOT NULL col": the column's nullability, nothing more.
            bp = ConstraintBP("not_null", where, name, strings(c.get("keys")) or own)
        else:
            return None
        if c.get("deferrable") and bp.kind != "foreign":
            lost.append("DEFERRABLE")
        bp.lost.extend(lost)
        return bp

    # CREATE INDEX ---------------------------------------------------------------------------------------

    def _IndexStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        elements = []
        for raw in node.get("indexParams", []):
            e = body(raw)
            ordering = e.get("ordering", "SORTBY_DEFAULT")
            nulls = e.get("nulls_ordering", "SORTBY_NULLS_DEFAULT")
            opclass = strings(e.get("opclass"))
            if opclass[:1] == ("pg_catalog",):
                opclass = opclass[1:]
            elements.append(ElementBP(
                column=e.get("name"), expr=e.get("expr"), descending=ordering == "SORTBY_DESC",
                nulls=_NULLS.get(nulls),
                opclass=".".join(opclass) or None,
                collation=".".join(strings(e.get("collation"))) or None,
            ))
        include = tuple(body(i).get("name", "") for i in node.get("indexIncludingParams", []))
        yield CreateIndex(node.get("idxname"), self.qname(node["relation"]), tuple(elements), bool(node.get("unique")),
                          node.get("accessMethod", "btree"), node.get("whereClause"), include,
                          bool(node.get("nulls_not_distinct")), bool(node.get("if_not_exists")), stmt.location())

    # ALTER TABLE ----------------------------------------------------------------------------------------

    def _AlterTableStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        objtype = node.get("objtype", "OBJECT_TABLE")
        if objtype != "OBJECT_TABLE":
            subtypes = {body(c).get("subtype") for c in node.get("cmds", [])}
            what = _object(objtype).upper()
            yield Skip(f"ALTER {what} ... OWNER TO" if subtypes == {"AT_ChangeOwner"} else f"ALTER {what}",
                       stmt.location())
            return
        table = self.qname(node["relation"])
        actions: list[AlterAction] = []
        for raw in node.get("cmds", []):
            cmd = body(raw)
            action = self.alter_action(stmt, cmd)
            if isinstance(action, str):
                yield Skip(action, stmt.location())
            else:
                actions.append(action)
        if actions:
            yield AlterTable(table, tuple(actions), bool(node.get("missing_ok")), stmt.location())

    def alter_action(self, stmt: Statement, cmd: Json) -> AlterAction | str:
        """The action of one ALTER TABLE command, or the label to skip it under."""
        subtype = cmd.get("subtype", "")
        name = cmd.get("name")
        definition = cmd.get("def")
        missing_ok = bool(cmd.get("missing_ok"))
        if subtype == "AT_AddColumn" and definition is not None:
            column, inline = self.column(stmt, body(definition))
            if len(inline) > 1:
                return "ALTER TABLE ADD COLUMN (several constraints)"
            return AlterAction("add_column", new_column=column, constraint=inline[0] if inline else None,
                               missing_ok=missing_ok)
        if subtype == "AT_DropColumn":
            return AlterAction("drop_column", column=name, missing_ok=missing_ok)
        if subtype == "AT_AddConstraint" and definition is not None:
            constraint = self.constraint(stmt, body(definition), None)
            return AlterAction("add_constraint", constraint=constraint) if constraint else "ALTER TABLE ADD CONSTRAINT"
        if subtype == "AT_DropConstraint":
            return AlterAction("drop_constraint", constraint_name=name, missing_ok=missing_ok)
        if subtype == "AT_ColumnDefault":
            return AlterAction("set_default", column=name, expr=definition)
        if subtype == "AT_SetNotNull":
            return AlterAction("set_not_null", column=name)
        if subtype == "AT_DropNotNull":
            return AlterAction("drop_not_null", column=name)
        if subtype == "AT_AddIdentity" and definition is not None:
            c = body(definition)
            identity = ir.Identity.ALWAYS if c.get("generated_when") == "a" else ir.Identity.BY_DEFAULT
            return AlterAction("add_identity", column=name, identity=identity,
                               identity_options=tuple(c.get("options", ())))
        if subtype == "AT_DropIdentity":
            return AlterAction("drop_identity", column=name, missing_ok=missing_ok)
        if subtype == "AT_AlterColumnType" and definition is not None:
            return AlterAction("set_type", column=name, type=self.type_ref(stmt, body(definition).get("typeName", {})))
        if subtype == "AT_ChangeOwner":
            return "ALTER TABLE ... OWNER TO"
        words = subtype.removeprefix("AT_")
        return "ALTER TABLE " + " ".join(re.findall(r"[A-Z][a-z]*", words)).upper()

    def _RenameStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        rename = node.get("renameType")
        # relationType is only set for columns (``ALTER TABLE t RENAME COLUMN``); a table rename has renameType.
        is_table_column = rename == "OBJECT_COLUMN" and node.get("relationType") == "OBJECT_TABLE"
        if rename == "OBJECT_TABLE" or is_table_column:
            action = "rename_column" if rename == "OBJECT_COLUMN" else "rename_table"
            yield AlterTable(self.qname(node["relation"]),
                             (AlterAction(action, column=node.get("subname"), new_name=node.get("newname")),),
                             bool(node.get("missing_ok")), stmt.location())
            return
        yield Skip(f"ALTER {_object(rename or '').upper()} ... RENAME", stmt.location())

    # COMMENT ON, DROP -----------------------------------------------------------------------------------

    def _CommentStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        objtype = node.get("objtype", "")
        target = _object(objtype)
        obj = node.get("object") or {}
        if target in ("table", "column"):
            names = strings(list_items(obj))
        elif target in ("type", "domain") and "TypeName" in obj:
            names = strings(obj["TypeName"].get("names"))
        elif target == "schema" and "String" in obj:
            names = (obj["String"].get("sval", ""),)
        else:
            yield Skip(f"COMMENT ON {target.upper()}", stmt.location())
            return
        yield Comment(target, names, node.get("comment"), self.path, stmt.location())

    def _DropStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        target = _object(node.get("removeType", ""))
        names: list[tuple[str, ...]] = []
        for obj in node.get("objects", []):
            if "List" in obj:
                names.append(strings(list_items(obj)))
            elif "TypeName" in obj:
                names.append(strings(obj["TypeName"].get("names")))
            elif "String" in obj:
                names.append((obj["String"].get("sval", ""),))
        if target in ("table", "type", "index", "schema"):
            yield Drop(target, tuple(names), bool(node.get("missing_ok")), self.path, stmt.location())
        else:
            yield Skip(f"DROP {target.upper()}", stmt.location())

    # Relations the model does not hold, remembered so that later statements about them are skipped too.

    def _CreateDomainStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield Skip("CREATE DOMAIN", stmt.location(), domain=self.qname_of(strings(node.get("domainname"))))

    def _ViewStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield Skip("CREATE VIEW", stmt.location(), self.qname(node["view"]))

    def _CreateTableAsStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield Skip(self._label("CreateTableAsStmt", node), stmt.location(), self.qname(node["into"]["rel"]))

    def _CreateForeignTableStmt(self, stmt: Statement, node: Json) -> Iterator[Op]:
        yield Skip("CREATE FOREIGN TABLE", stmt.location(), self.qname(node["base"]["relation"]))


def _deferral(bp: ConstraintBP, contype: str) -> None:
    if contype == "CONSTR_ATTR_DEFERRABLE":
        bp.deferrable = True
    elif contype == "CONSTR_ATTR_NOT_DEFERRABLE":
        bp.deferrable = False
    elif contype == "CONSTR_ATTR_DEFERRED":
        bp.initially_deferred = True
    else:
        bp.initially_deferred = False
    if bp.kind != "foreign" and bp.deferrable and "DEFERRABLE" not in bp.lost:
        bp.lost.append("DEFERRABLE")


def _colref(node: Json) -> str:
    return ".".join(strings(node.get("ColumnRef", {}).get("fields")))


def _split_path(text: str) -> list[str]:
    """The schemas of a ``search_path`` value such as ``"$user", public, "My Schema"``."""
    out = []
    for part in re.findall(r'"(?:[^"]|"")*"|[^,\s]+', text):
        out.append(part[1:-1].replace('""', '"') if part.startswith('"') else part.lower())
    return out
