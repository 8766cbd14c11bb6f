"""Forms of the designer page, and their conversion into edits of the schema.

Every schema form is an :class:`EditForm`: it carries ``base_version`` (the version the user
saw, for optimistic locking), validates what a person typed (types go through the core type
parser, so a bad type is refused with the parser's message next to the field), and turns into
one edit from ``designer.core.edits``. The views only bind a form, ask for its edit and hand it
to ``projects.services.schema_apply``; a refusal from the service comes back to the field that
caused it through :meth:`EditForm.add_service_error`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from designer.core import edits, ir
from designer.core.edits import Edit, EditError
from designer.core.identifiers import DEFAULT_NAMESPACE, quote_identifier
from designer.core.relations import singular
from designer.core.types import (
    LENGTH_TYPES,
    TIME_PRECISION_TYPES,
    ColumnType,
    LogicalType,
    TypeSyntaxError,
    parse_type,
)
from projects.models import Role

# Choices ------------------------------------------------------------------------------------

ACTIONS = [(a.value, a.sql) for a in ir.Action]
METHODS = [(m.value, m.value.upper() if m.value != "spgist" else "SP-GiST") for m in ir.IndexMethod]
ROLES = [(r.value, r.label) for r in Role]

#: The types offered first in the type picker (any PostgreSQL type can still be typed).
COMMON_TYPES = ("uuid", "text", "varchar", "integer", "bigint", "numeric", "boolean", "timestamptz", "date",
                "jsonb", "smallint", "real", "double precision", "char", "time", "timestamp", "interval",
                "json", "bytea", "inet", "citext", "tsvector")

#: The default picker: common choices are one click; the rest take a value.
DEFAULT_CHOICES = [
    ("", "none"),
    ("now()", "now()"),
    ("gen_random_uuid()", "gen_random_uuid()"),
    ("CURRENT_DATE", "CURRENT_DATE"),
    ("identity", "identity (auto-increment)"),
    ("literal", "value…"),
    ("expression", "expression…"),
    ("sequence", "sequence…"),
    ("client", "set by the app…"),
]
_PRESET_DEFAULTS = {"now()", "gen_random_uuid()", "CURRENT_DATE"}
_VALUE_DEFAULTS = {"literal": ir.DefaultKind.LITERAL, "expression": ir.DefaultKind.EXPRESSION,
                   "sequence": ir.DefaultKind.SEQUENCE, "client": ir.DefaultKind.CLIENT}

KEY_CHOICES = [("bigint", "id bigint identity"), ("uuid", "id uuid, gen_random_uuid()"), ("none", "No key column")]


def _cut(name: str) -> str:
    """A generated constraint name within PostgreSQL's 63 bytes."""
    data = name.encode("utf-8")[:63]
    return data.decode("utf-8", errors="ignore")


# Base ---------------------------------------------------------------------------------------


class EditForm(forms.Form):
    """A form that becomes one edit of the schema.

    Attributes:
        field_map: the edit's field names (``EditError.field``) mapped to this form's fields,
            where they differ.
        fallback_field: where a refusal without a known field is shown (None: above the form).
    """

    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    field_map: ClassVar[dict[str, str]] = {}
    fallback_field: ClassVar[str | None] = None

    def __init__(self, data: Any = None, *, schema: ir.Schema, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.schema = schema

    def to_edit(self) -> Edit:
        """The edit this (valid) form asks for."""
        raise NotImplementedError

    def edit_or_error(self) -> Edit | None:
        """The edit, or None with the reason added to the form (for edits refused while built)."""
        try:
            return self.to_edit()
        except EditError as exc:
            self.add_refusal(exc.message, exc.field)
            return None

    def add_refusal(self, message: str, field: str | None) -> None:
        """Show a refusal next to the field it concerns (or above the form)."""
        name = self.field_map.get(field or "", field)
        if name not in self.fields or name == "base_version":
            name = self.fallback_field
        self.add_error(name, _sentence(message))


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


class TableEditForm(EditForm):
    """An edit of one table, named by the hidden ``table`` field (its path)."""

    table = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean_table(self) -> str:
        path: str = self.cleaned_data["table"]
        if self.schema.find_table(path) is None:
            raise ValidationError(f"There is no table {path!r} any more; reload the page.")
        return path

    @property
    def target(self) -> ir.Table:
        table = self.schema.find_table(self.cleaned_data["table"])
        assert table is not None
        return table


# Tables -------------------------------------------------------------------------------------


class TableCreateForm(EditForm):
    name = forms.CharField(max_length=63, strip=True, label="Table name")
    key = forms.ChoiceField(choices=KEY_CHOICES, initial="bigint", label="Key column")
    comment = forms.CharField(required=False, label="Comment")

    def to_edit(self) -> Edit:
        name = self.cleaned_data["name"]
        key = self.cleaned_data["key"]
        columns: tuple[ir.Column, ...] = ()
        pk = None
        if key == "bigint":
            columns = (ir.Column("id", ColumnType(LogicalType.BIGINT), nullable=False,
                                 identity=ir.Identity.BY_DEFAULT),)
        elif key == "uuid":
            columns = (ir.Column("id", ColumnType(LogicalType.UUID), nullable=False,
                                 default=ir.Default.expression("gen_random_uuid()")),)
        if columns:
            pk = ir.PrimaryKey(("id",), name=_cut(f"{name}_pkey"))
        return edits.CreateTable(ir.Table(name=name, columns=columns, primary_key=pk,
                                          comment=self.cleaned_data["comment"] or None))


class TableSettingsForm(TableEditForm):
    """Name, comment, tags and group of a table."""

    name = forms.CharField(max_length=63, label="Table name")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Comment")
    tags = forms.CharField(required=False, label="Tags",
                           help_text="Comma-separated: junction, lookup, tenant_owned, audited, log…")
    group = forms.ChoiceField(required=False, label="Group")

    field_map: ClassVar[dict[str, str]] = {"new_name": "name"}
    fallback_field = "name"

    def __init__(self, data: Any = None, *, schema: ir.Schema, **kwargs: Any) -> None:
        super().__init__(data, schema=schema, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [("", "No group"), *((g.name, g.name) for g in schema.groups)]

    @classmethod
    def initial_for(cls, table: ir.Table) -> dict[str, Any]:
        return {"table": table.path, "name": table.name, "comment": table.comment or "",
                "tags": ", ".join(table.tags), "group": table.group or ""}

    def to_edit(self) -> Edit:
        t = self.target
        data = self.cleaned_data
        tags = tuple(tag.strip() for tag in data["tags"].split(",") if tag.strip())
        steps: list[Edit] = [edits.UpdateTable(t.path, comment=data["comment"] or None, tags=tags,
                                               group=data["group"] or None, position=t.position,
                                               orm_name=t.orm_name)]
        if data["name"] != t.name:
            steps.append(edits.RenameTable(t.path, data["name"]))
        return steps[0] if len(steps) == 1 else edits.Batch(tuple(steps), description=_describe(steps))


def _describe(steps: list[Edit]) -> str:
    return "; ".join(s.summary for s in steps)


class TableDeleteForm(TableEditForm):
    cascade = forms.BooleanField(required=False, label="Also delete the foreign keys that point to it")
    fallback_field = "cascade"

    def to_edit(self) -> Edit:
        return edits.DeleteTable(self.target.path, cascade=self.cleaned_data["cascade"])


# Columns ------------------------------------------------------------------------------------


def type_parts(ct: ColumnType) -> tuple[str, str, bool]:
    """How the type picker shows a type: (base type, size, array)."""
    scalar = ct.element
    size = ""
    if scalar.logical is LogicalType.ENUM or scalar.logical is LogicalType.OTHER:
        base = scalar.base_sql
    else:
        base = scalar.logical.value
        if scalar.logical in LENGTH_TYPES and scalar.length is not None:
            size = str(scalar.length)
        elif scalar.logical is LogicalType.NUMERIC and scalar.precision is not None:
            size = str(scalar.precision) + (f",{scalar.scale}" if scalar.scale is not None else "")
        elif scalar.logical in TIME_PRECISION_TYPES and scalar.precision is not None:
            size = str(scalar.precision)
    if ct.array_dims > 1:
        base += "[]" * (ct.array_dims - 1)
    return base, size, ct.array_dims > 0


def default_parts(column: ir.Column) -> tuple[str, str]:
    """How the default picker shows a column's default: (choice, value)."""
    if column.identity is not None:
        return "identity", ""
    d = column.default
    if d is None:
        return "", ""
    if d.kind is ir.DefaultKind.EXPRESSION and d.value in _PRESET_DEFAULTS:
        return d.value, ""
    return d.kind.value, d.value


class ColumnFieldsForm(TableEditForm):
    """The fields of one column (the grid row, and the add-a-column form)."""

    name = forms.CharField(max_length=63, label="Column name")
    type = forms.CharField(max_length=200, label="Type")
    size = forms.CharField(max_length=20, required=False, label="Length or precision",
                           help_text="255 for varchar(255), 12,2 for numeric(12,2)")
    array = forms.BooleanField(required=False, label="Array")
    nullable = forms.BooleanField(required=False, label="Nullable")
    pk = forms.BooleanField(required=False, label="Primary key")
    unique = forms.BooleanField(required=False, label="Unique")
    default = forms.ChoiceField(choices=DEFAULT_CHOICES, required=False, label="Default")
    default_value = forms.CharField(max_length=500, required=False, strip=False, label="Default value")
    comment = forms.CharField(max_length=2000, required=False, label="Comment")

    field_map: ClassVar[dict[str, str]] = {"columns": "pk", "column": "name"}
    fallback_field = "name"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "type" in data and "size" in data:
            try:
                data["column_type"] = self._column_type(data["type"], data["size"], data.get("array", False))
            except ValidationError as exc:
                self.add_error(exc.params["field"] if exc.params else "type", exc.messages)
        choice = data.get("default", "")
        if choice in _VALUE_DEFAULTS and not (data.get("default_value") or "").strip():
            self.add_error("default_value", "Type the default value, or pick another kind of default.")
        if data.get("pk") and data.get("nullable"):
            data["nullable"] = False  # a key column is NOT NULL; the checkbox follows
        return data

    def _column_type(self, base: str, size: str, array: bool) -> ColumnType:
        base, size = base.strip(), size.replace(" ", "")
        text = base
        if size:
            if "(" in base:
                raise ValidationError("The type already has parameters: clear the size, or remove them here.",
                                      params={"field": "size"})
            text = f"{base}({size})"
        if array and not text.endswith("]"):
            text += "[]"
        try:
            return parse_type(text, self.schema.enum_keys())
        except TypeSyntaxError as exc:
            field = "type"
            if size:
                try:
                    parse_type(base, self.schema.enum_keys())
                    field = "size"  # the base type is fine: the size is the problem
                except TypeSyntaxError:
                    pass
            raise ValidationError(_sentence(str(exc)), params={"field": field}) from None

    def column(self, old: ir.Column | None = None) -> ir.Column:
        data = self.cleaned_data
        choice = data["default"]
        default: ir.Default | None = None
        identity: ir.Identity | None = None
        if choice in _PRESET_DEFAULTS:
            default = ir.Default.expression(choice)
        elif choice == "identity":
            identity = old.identity if old is not None and old.identity else ir.Identity.BY_DEFAULT
        elif choice in _VALUE_DEFAULTS:
            default = ir.Default(_VALUE_DEFAULTS[choice], data["default_value"].strip())
        return ir.Column(
            name=data["name"],
            type=data["column_type"],
            nullable=data["nullable"],
            default=default,
            identity=identity,
            generated=old.generated if old else None,
            comment=data["comment"] or None,
            orm_name=old.orm_name if old else None,
        )

    def _key_edits(self, t: ir.Table, old_name: str | None, new_name: str) -> tuple[list[Edit], list[Edit]]:
        """Primary-key and unique edits for the checkboxes: (before the column edit, after it)."""
        before: list[Edit] = []
        after: list[Edit] = []
        pk_cols = t.primary_key.columns if t.primary_key else ()
        in_pk = old_name is not None and old_name in pk_cols
        pk_name = t.primary_key.name if t.primary_key and t.primary_key.name else _cut(f"{t.name}_pkey")
        if self.cleaned_data["pk"] and not in_pk:
            after.append(edits.SetPrimaryKey(t.path, ir.PrimaryKey((*pk_cols, new_name), name=pk_name)))
        elif not self.cleaned_data["pk"] and in_pk:
            rest = tuple(c for c in pk_cols if c != old_name)
            before.append(edits.SetPrimaryKey(t.path, ir.PrimaryKey(rest, name=pk_name) if rest else None))
        single = next((u for u in t.uniques if old_name is not None and u.columns == (old_name,) and u.where is None),
                      None)
        if self.cleaned_data["unique"] and single is None:
            after.append(edits.AddConstraint(t.path, ir.Unique(_cut(f"{t.name}_{new_name}_key"), (new_name,))))
        elif not self.cleaned_data["unique"] and single is not None:
            before.append(edits.DeleteConstraint(t.path, "uniques", single.name))
        return before, after


class ColumnAddForm(ColumnFieldsForm):
    def to_edit(self) -> Edit:
        t = self.target
        column = self.column()
        _, after = self._key_edits(t, None, column.name)
        steps: list[Edit] = [edits.AddColumn(t.path, column), *after]
        return steps[0] if len(steps) == 1 else edits.Batch(tuple(steps), description=steps[0].summary)


class ColumnUpdateForm(ColumnFieldsForm):
    column_name = forms.CharField(widget=forms.HiddenInput, strip=False)

    @classmethod
    def initial_for(cls, table: ir.Table, column: ir.Column) -> dict[str, Any]:
        base, size, array = type_parts(column.type)
        default, value = default_parts(column)
        pk = bool(table.primary_key and column.name in table.primary_key.columns)
        unique = any(u.columns == (column.name,) and u.where is None for u in table.uniques)
        return {"table": table.path, "column_name": column.name, "name": column.name, "type": base, "size": size,
                "array": array, "nullable": column.nullable, "pk": pk, "unique": unique, "default": default,
                "default_value": value, "comment": column.comment or ""}

    def clean_column_name(self) -> str:
        name: str = self.cleaned_data["column_name"]
        t = self.schema.find_table(self.data.get(self.add_prefix("table"), ""))
        if t is not None and t.column(name) is None:
            raise ValidationError(f"There is no column {name!r} any more; reload the page.")
        return name

    def to_edit(self) -> Edit:
        t = self.target
        old = t.column(self.cleaned_data["column_name"])
        assert old is not None
        column = self.column(old)
        before, after = self._key_edits(t, old.name, column.name)
        main = edits.UpdateColumn(t.path, old.name, column)
        steps: list[Edit] = [*before, main, *after]
        return steps[0] if len(steps) == 1 else edits.Batch(tuple(steps), description=main.summary)


class ColumnDeleteForm(TableEditForm):
    column_name = forms.CharField(widget=forms.HiddenInput, strip=False)
    cascade = forms.BooleanField(required=False)

    def to_edit(self) -> Edit:
        return edits.DeleteColumn(self.target.path, self.cleaned_data["column_name"],
                                  cascade=self.cleaned_data["cascade"])


class ColumnMoveForm(TableEditForm):
    column_name = forms.CharField(widget=forms.HiddenInput, strip=False)
    to = forms.IntegerField(min_value=0)

    def to_edit(self) -> Edit:
        return edits.MoveColumn(self.target.path, self.cleaned_data["column_name"], self.cleaned_data["to"])


# Relationships ------------------------------------------------------------------------------

NEW_COLUMN = "__new__"


class ForeignKeyAddForm(TableEditForm):
    """A foreign key from a column of this table (or a new one) to a key of another table."""

    column = forms.ChoiceField(label="From column")
    ref_table = forms.ChoiceField(label="To table")
    ref_column = forms.CharField(label="To column")
    on_delete = forms.ChoiceField(choices=ACTIONS, initial=ir.Action.NO_ACTION.value, label="On delete")
    on_update = forms.ChoiceField(choices=ACTIONS, initial=ir.Action.NO_ACTION.value, label="On update")
    required = forms.BooleanField(required=False, initial=True, label="Required (new column is NOT NULL)")
    name = forms.CharField(max_length=63, required=False, label="Constraint name",
                           help_text="Leave empty for fk_<table>_<column>")

    field_map: ClassVar[dict[str, str]] = {"table": "ref_table"}
    fallback_field = "ref_column"

    def __init__(self, data: Any = None, *, schema: ir.Schema, table: ir.Table | None = None, **kwargs: Any) -> None:
        super().__init__(data, schema=schema, **kwargs)
        column_field = self.fields["column"]
        ref_field = self.fields["ref_table"]
        assert isinstance(column_field, forms.ChoiceField) and isinstance(ref_field, forms.ChoiceField)
        if table is None and data is not None:
            table = schema.find_table(data.get(self.add_prefix("table"), ""))
        own = [(c.name, c.name) for c in table.columns] if table else []
        column_field.choices = [(NEW_COLUMN, "New column…"), *own]
        ref_field.choices = [(t.path, t.path) for t in schema.tables]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ref = self.schema.find_table(data.get("ref_table", ""))
        if ref is not None and "ref_column" in data and ref.column(data["ref_column"]) is None:
            self.add_error("ref_column", f"{ref.path} has no column {data['ref_column']!r}.")
        return data

    def to_edit(self) -> Edit:
        t = self.target
        data = self.cleaned_data
        ref = self.schema.find_table(data["ref_table"])
        assert ref is not None
        ref_col = ref.column(data["ref_column"])
        assert ref_col is not None
        steps: list[Edit] = []
        column = data["column"]
        if column == NEW_COLUMN:
            column = f"{singular(ref.name)}_{ref_col.name}"
            if t.column(column) is not None:
                raise EditError(f"{t.path} already has a column {column!r}: pick it as the 'from' column",
                                field="column")
            steps.append(edits.AddColumn(t.path, ir.Column(column, ref_col.type.element if ref_col.type.array_dims
                                                           else ref_col.type, nullable=not data["required"])))
        name = data["name"] or _cut(f"fk_{t.name}_{column}")
        fk = ir.ForeignKey(name=name, columns=(column,), ref_table=ref.name, ref_namespace=ref.namespace,
                           ref_columns=(ref_col.name,), on_delete=ir.Action(data["on_delete"]),
                           on_update=ir.Action(data["on_update"]))
        steps.append(edits.AddConstraint(t.path, fk))
        return steps[0] if len(steps) == 1 else edits.Batch(tuple(steps), description=steps[-1].summary)


class ForeignKeyActionsForm(TableEditForm):
    name = forms.CharField(widget=forms.HiddenInput, strip=False)
    on_delete = forms.ChoiceField(choices=ACTIONS, label="On delete")
    on_update = forms.ChoiceField(choices=ACTIONS, label="On update")
    fallback_field = "on_delete"

    def to_edit(self) -> Edit:
        t = self.target
        fk = next((f for f in t.foreign_keys if f.name == self.cleaned_data["name"]), None)
        if fk is None:
            raise EditError(f"{t.path} has no foreign key {self.cleaned_data['name']!r}", field="name")
        new = replace(fk, on_delete=ir.Action(self.cleaned_data["on_delete"]),
                      on_update=ir.Action(self.cleaned_data["on_update"]))
        return edits.UpdateConstraint(t.path, fk.name, new)


class ManyToManyForm(TableEditForm):
    other = forms.ChoiceField(label="With table")
    name = forms.CharField(max_length=63, required=False, label="Junction table name",
                           help_text="Leave empty for <this>_<other>")
    field_map: ClassVar[dict[str, str]] = {"table": "other"}
    fallback_field = "name"

    def __init__(self, data: Any = None, *, schema: ir.Schema, **kwargs: Any) -> None:
        super().__init__(data, schema=schema, **kwargs)
        other = self.fields["other"]
        assert isinstance(other, forms.ChoiceField)
        other.choices = [(t.path, t.path) for t in schema.tables]

    def to_edit(self) -> Edit:
        return edits.many_to_many(self.schema, self.target.path, self.cleaned_data["other"],
                                  self.cleaned_data["name"] or None)


class ConstraintDeleteForm(TableEditForm):
    kind = forms.ChoiceField(choices=[(k, k) for k in ("foreign_keys", "uniques", "indexes", "checks")])
    name = forms.CharField(widget=forms.HiddenInput, strip=False)

    def to_edit(self) -> Edit:
        return edits.DeleteConstraint(self.target.path, self.cleaned_data["kind"], self.cleaned_data["name"])


# Indexes and checks -------------------------------------------------------------------------


class IndexAddForm(TableEditForm):
    columns = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Columns")
    expression = forms.CharField(max_length=1000, required=False, label="Or an expression",
                                 help_text="e.g. lower(email)")
    unique = forms.BooleanField(required=False, label="Unique")
    method = forms.ChoiceField(choices=METHODS, initial="btree", label="Method")
    where = forms.CharField(max_length=2000, required=False, label="Only rows where (partial index)",
                            help_text="e.g. deleted_at IS NULL")
    name = forms.CharField(max_length=63, required=False, label="Index name")
    fallback_field = "columns"

    def __init__(self, data: Any = None, *, schema: ir.Schema, table: ir.Table | None = None, **kwargs: Any) -> None:
        super().__init__(data, schema=schema, **kwargs)
        if table is None and data is not None:
            table = schema.find_table(data.get(self.add_prefix("table"), ""))
        columns = self.fields["columns"]
        assert isinstance(columns, forms.MultipleChoiceField)
        columns.choices = [(c.name, c.name) for c in table.columns] if table else []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("columns") and not (data.get("expression") or "").strip():
            self.add_error("columns", "Pick at least one column, or type an expression.")
        return data

    def to_edit(self) -> Edit:
        t = self.target
        data = self.cleaned_data
        cols: tuple[str, ...] = tuple(data["columns"])
        expression = data["expression"].strip()
        where = data["where"].strip() or None
        method = ir.IndexMethod(data["method"])
        label = "_".join(cols) or "expr"
        if data["unique"] and not expression and method is ir.IndexMethod.BTREE:
            # The model's canonical form: a unique rule over plain columns is a Unique (partial or not).
            name = data["name"] or _cut(f"{t.name}_{label}_key")
            return edits.AddConstraint(t.path, ir.Unique(name, cols, where=where))
        elements = tuple(ir.IndexElement(column=c) for c in cols)
        if expression:
            elements += (ir.IndexElement(expression=expression),)
        name = data["name"] or _cut(f"idx_{t.name}_{label}")
        return edits.AddConstraint(t.path, ir.Index(name, elements, unique=data["unique"], method=method,
                                                    where=where))


class CheckAddForm(TableEditForm):
    expression = forms.CharField(max_length=2000, label="Check expression", help_text="e.g. price >= 0")
    name = forms.CharField(max_length=63, required=False, label="Constraint name")
    fallback_field = "expression"

    def to_edit(self) -> Edit:
        t = self.target
        name = self.cleaned_data["name"]
        if not name:
            taken = set(t.constraint_names())
            n = len(t.checks) + 1
            while (name := _cut(f"chk_{t.name}_{n}")) in taken:
                n += 1
        return edits.AddConstraint(t.path, ir.Check(name, self.cleaned_data["expression"].strip()))


# Enums and groups ---------------------------------------------------------------------------


def _values(text: str) -> tuple[str, ...]:
    parts = text.replace(",", "\n").splitlines()
    return tuple(v.strip() for v in parts if v.strip())


class EnumForm(EditForm):
    """Create an enum, or (with ``original``) change one."""

    original = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    name = forms.CharField(max_length=63, label="Enum name")
    values = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Values",
                             help_text="One per line, or separated by commas, in order")
    comment = forms.CharField(required=False, label="Comment")
    fallback_field = "name"

    @classmethod
    def initial_for(cls, enum: ir.Enum) -> dict[str, Any]:
        return {"original": enum.path, "name": enum.name, "values": "\n".join(enum.values),
                "comment": enum.comment or ""}

    def to_edit(self) -> Edit:
        data = self.cleaned_data
        if data["original"]:
            old = self.schema.enum(*reversed(_split_path(data["original"])))
            namespace = old.namespace if old else DEFAULT_NAMESPACE
            new = ir.Enum(data["name"], _values(data["values"]), namespace, data["comment"] or None)
            return edits.UpdateEnum(data["original"], new)
        return edits.CreateEnum(ir.Enum(data["name"], _values(data["values"]), comment=data["comment"] or None))


def _split_path(path: str) -> tuple[str, str]:
    namespace, dot, name = path.rpartition(".")
    return (namespace, name) if dot else (DEFAULT_NAMESPACE, path)


class EnumDeleteForm(EditForm):
    enum = forms.CharField(widget=forms.HiddenInput, strip=False)

    def to_edit(self) -> Edit:
        return edits.DeleteEnum(self.cleaned_data["enum"])


class GroupForm(EditForm):
    original = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    name = forms.CharField(max_length=255, label="Group name")
    color = forms.CharField(max_length=32, required=False, label="Color", help_text="#rrggbb or a color name")
    comment = forms.CharField(required=False, label="Comment")
    fallback_field = "name"

    def to_edit(self) -> Edit:
        data = self.cleaned_data
        group = ir.Group(data["name"].strip(), data["color"].strip() or None, data["comment"] or None)
        return edits.SaveGroup(group, name=data["original"] or None)


class GroupDeleteForm(EditForm):
    group = forms.CharField(widget=forms.HiddenInput, strip=False)

    def to_edit(self) -> Edit:
        return edits.DeleteGroup(self.cleaned_data["group"])


# Projects, members, settings (not schema edits) ---------------------------------------------


class ProjectCreateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Project name")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Description")
    start = forms.ChoiceField(choices=[("blank", "Blank schema"), ("demo", "The fitness demo schema")],
                              initial="blank", widget=forms.RadioSelect, label="Start from")


class ProjectRenameForm(forms.Form):
    name = forms.CharField(max_length=200, label="Project name")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Description")


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username")
    role = forms.ChoiceField(choices=ROLES, initial=Role.EDITOR.value, label="Role")


class SettingsForm(forms.Form):
    """The validator's profile and overrides, and the export defaults."""

    profile = forms.ChoiceField(label="Rule profile")
    rules = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), label="Rule overrides",
                            help_text="One per line: rule-id off, or rule-id info|warning|error "
                                      "(patterns such as naming.* work)")
    ignores = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Ignored findings",
                              help_text="One per line: rule-id object reason (e.g. naming.table-plural "
                                        "user_settings a one-row table)")
    export_target = forms.ChoiceField(label="Default export target")
    idempotent = forms.BooleanField(required=False, label="SQL: idempotent (IF NOT EXISTS, safe to run twice)")

    def __init__(self, *args: Any, profiles: list[str], targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile = self.fields["profile"]
        target = self.fields["export_target"]
        assert isinstance(profile, forms.ChoiceField) and isinstance(target, forms.ChoiceField)
        profile.choices = [(p, p) for p in profiles]
        target.choices = targets

    def clean_rules(self) -> dict[str, str]:
        overrides: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["rules"].splitlines(), start=1):
            if not line.strip() or line.strip().startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 2 or parts[1].lower() not in {"off", "on", "info", "warning", "error"}:
                raise ValidationError(f"Line {number}: write 'rule-id off' or 'rule-id warning', not {line.strip()!r}.")
            overrides[parts[0]] = parts[1].lower()
        return overrides

    def clean_ignores(self) -> list[dict[str, str]]:
        ignores = []
        for number, line in enumerate(self.cleaned_data["ignores"].splitlines(), start=1):
            if not line.strip() or line.strip().startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                raise ValidationError(f"Line {number}: write 'rule-id object reason': an ignore needs a reason.")
            ignores.append({"rule": parts[0], "object": parts[1], "reason": parts[2].strip()})
        return ignores

    @staticmethod
    def ignores_text(ignores: list[dict[str, Any]]) -> str:
        return "\n".join(f"{i.get('rule', '')} {i.get('object', '')} {i.get('reason', '')}".strip() for i in ignores)

    @staticmethod
    def rules_text(rules: dict[str, Any]) -> str:
        """The stored overrides as the text field shows them (parameters stay stored as they are)."""
        lines = []
        for rule, value in rules.items():
            level = value.get("severity", value.get("level", "")) if isinstance(value, dict) else value
            if isinstance(level, bool):
                level = "on" if level else "off"
            if level:
                lines.append(f"{rule} {level}")
        return "\n".join(lines)


def quoted_path(namespace: str, name: str) -> str:
    """An object's name as the type parser reads it (quoted where needed)."""
    if namespace == DEFAULT_NAMESPACE:
        return quote_identifier(name)
    return f"{quote_identifier(namespace)}.{quote_identifier(name)}"
