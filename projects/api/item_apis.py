"""The schema's named pieces as REST resources: one pattern for columns, keys, indexes, checks, enums, groups.

Every piece is addressed by name in the URL (``/tables/users/columns/email``), read and written
in its document JSON, and changed through an edit from ``designer.core.edits`` applied by
``services.schema_apply``, so each write names the version it was based on (409 when stale) and
records a version. A :class:`Collection` says where its pieces live and which edits change
them; the two generic views below serve any collection, and each concrete view is a few lines.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import edits, ir
from projects.api.base import READ_ERRORS, WRITE_ERRORS, Api, ChangeSerializer, ListApi, base_version_field, change_data
from projects.api.serializers import PieceKind, Serializer, piece_json, read_piece
from projects.models import Project, Role
from projects.selectors import schema_get
from projects.services import ConflictError, EditOutcome, ServiceError, UserLike, schema_apply

# Collections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """Where the pieces of one kind live in a schema and which edits create, change and delete them.

    Table-level collections (columns, keys...) take the table's path as ``owner``; schema-level
    ones (enums, groups) take None.
    """

    kind: PieceKind
    serializer: type[Serializer]
    #: Whether a new piece can be placed (``at``), and a deletion can take its dependants along (``cascade``).
    positioned: bool = False
    cascades: bool = False

    def items(self, schema: ir.Schema, owner: ir.Table | None) -> Sequence[Any]:
        return getattr(owner if owner is not None else schema, self.kind.key)  # type: ignore[no-any-return]

    def key(self, item: Any) -> str:
        """How the URL names a piece: its name, or its path (``billing.status``) for namespaced ones."""
        return getattr(item, "path", None) or item.name  # type: ignore[no-any-return]

    def find(self, schema: ir.Schema, owner: ir.Table | None, key: str) -> Any:
        for item in self.items(schema, owner):
            if self.key(item) == key:
                return item
        where = f" in {owner.path}" if owner is not None else ""
        raise Http404(f"There is no {self.kind.label} {key!r}{where}.")

    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        raise NotImplementedError

    def update(self, owner: str | None, key: str, item: Any) -> edits.Edit:
        raise NotImplementedError

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        raise NotImplementedError

    def move(self, owner: str | None, key: str, to: int) -> edits.Edit:
        raise NotImplementedError


@dataclass(frozen=True)
class Columns(Collection):
    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        assert owner is not None
        return edits.AddColumn(owner, item, at)

    def update(self, owner: str | None, key: str, item: Any) -> edits.Edit:
        assert owner is not None
        return edits.UpdateColumn(owner, key, item)

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        assert owner is not None
        return edits.DeleteColumn(owner, key, cascade)

    def move(self, owner: str | None, key: str, to: int) -> edits.Edit:
        assert owner is not None
        return edits.MoveColumn(owner, key, to)


@dataclass(frozen=True)
class Constraints(Collection):
    """Foreign keys, unique constraints, indexes or checks of a table."""

    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        assert owner is not None
        return edits.AddConstraint(owner, item)

    def update(self, owner: str | None, key: str, item: Any) -> edits.Edit:
        assert owner is not None
        return edits.UpdateConstraint(owner, key, item)

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        assert owner is not None
        return edits.DeleteConstraint(owner, self.kind.key, key)


@dataclass(frozen=True)
class Tables(Collection):
    """Tables are created and deleted here; changing one is TableDetailApi's (its parts have their own URLs)."""

    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        return edits.CreateTable(item, at)

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        return edits.DeleteTable(key, cascade)


@dataclass(frozen=True)
class Enums(Collection):
    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        return edits.CreateEnum(item)

    def update(self, owner: str | None, key: str, item: Any) -> edits.Edit:
        return edits.UpdateEnum(key, item)

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        return edits.DeleteEnum(key)


@dataclass(frozen=True)
class Groups(Collection):
    def create(self, owner: str | None, item: Any, at: int | None) -> edits.Edit:
        return edits.SaveGroup(item)

    def update(self, owner: str | None, key: str, item: Any) -> edits.Edit:
        return edits.SaveGroup(item, name=key)

    def delete(self, owner: str | None, key: str, cascade: bool) -> edits.Edit:
        return edits.DeleteGroup(key)


# Helpers ------------------------------------------------------------------------------------------

# The input field a consistency problem of a single piece is about (by the problem's code).
_PROBLEM_FIELDS = {
    "schema.bad-type": "type", "schema.unknown-enum": "type", "schema.bad-default": "default",
    "schema.default-conflict": "default", "schema.identity-nullable": "identity", "schema.identity-type": "identity",
    "schema.pk-nullable": "nullable", "schema.illegal-name": "name", "schema.duplicate-name": "name",
    "schema.empty-enum": "values", "schema.bad-color": "color", "schema.unknown-group": "group",
    "schema.index-element": "elements", "schema.bad-opclass": "elements", "schema.unknown-column": "columns",
    "schema.empty-key": "columns", "schema.fk-arity": "ref_columns", "schema.fk-target-not-unique": "ref_columns",
    "schema.unknown-table": "ref_table", "schema.unknown-namespace": "namespace",
}
# An expression is the check's, or a partial index's WHERE, or a generated column's.
_EXPRESSION_FIELDS = {"checks": "expression", "uniques": "where", "indexes": "where", "columns": "generated"}


def apply_piece(kind: PieceKind, *, project: Project, user: UserLike, edit: edits.Edit,
                base_version: int) -> EditOutcome:
    """``schema_apply`` for an edit of one piece: a consistency refusal names the input field it is about."""
    try:
        return schema_apply(project=project, user=user, edit=edit, base_version=base_version)
    except ServiceError as exc:
        # A whole table's problem could be in any of its parts: its path says which, not a field.
        if exc.field is None and exc.problems and not isinstance(exc, ConflictError) and kind.key != "tables":
            code = exc.problems[0].code
            exc.field = _EXPRESSION_FIELDS.get(kind.key) if code == "schema.bad-expression" else \
                _PROBLEM_FIELDS.get(code)
        raise


def table_or_404(schema: ir.Schema, path: str) -> ir.Table:
    table = schema.find_table(path)
    if table is None:
        raise Http404(f"There is no table {path!r}.")
    return table


def optional_fields(serializer: type[Serializer], name: str, **extra: serializers.Field[Any, Any, Any, Any]
                    ) -> type[Serializer]:
    """A copy of ``serializer`` whose fields are all optional, plus ``extra`` (for PATCH bodies)."""
    fields: dict[str, Any] = {}
    for field_name, field in serializer().fields.items():
        field = copy.deepcopy(field)
        # Serializers deep-copy their declared fields per instance, rebuilding each from its
        # constructor arguments: the change must be made there too, not only on the attribute.
        field._kwargs["required"] = False  # type: ignore[attr-defined]
        field.required = False
        fields[field_name] = field
    return type(name, (Serializer,), {**fields, **extra, "__doc__": "The fields to change (any of them)."})


def write_result(serializer: type[Serializer], name: str) -> type[Serializer]:
    """The answer to a create or change: what was recorded, and the piece as it now is."""
    return type(name, (ChangeSerializer,), {"item": serializer()})


class DeleteQuerySerializer(Serializer):
    base_version = base_version_field()
    cascade = serializers.BooleanField(required=False, default=False,
                                       help_text="Also delete what depends on it (keys, indexes, references).")


# Generic views ------------------------------------------------------------------------------------


class ItemListApi(ListApi):
    """List the pieces of a collection, or add one.

    Subclasses set ``collection`` and ``api_tag``; the input and output serializers and their
    OpenAPI description are derived from the collection when the subclass is created.
    """

    collection: ClassVar[Collection]
    InputSerializer: ClassVar[type[Serializer]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        item, label = cls.collection.serializer, cls.collection.kind.label
        extra: dict[str, Any] = {"base_version": base_version_field()}
        if cls.collection.positioned:
            extra["at"] = serializers.IntegerField(required=False, min_value=0, help_text="Place it here (0 first).")
        entity = cls.__name__.removesuffix("ListApi")
        cls.InputSerializer = type(f"{entity}CreateInput", (item,), extra)
        output = write_result(item, f"{entity}Created")
        where = " of the table" if cls.collection.kind.in_table else ""
        extend_schema_view(
            get=extend_schema(summary=f"List the {label}s", description=cls.__doc__ or f"The {label}s{where}, "
                              "each as in the schema document.", responses={200: item(many=True), **READ_ERRORS}),
            post=extend_schema(summary=f"Add a {label}", description=f"Add a {label}{where}; base_version is the "
                               "version you saw (409 when it is no longer the latest).", request=cls.InputSerializer,
                               responses={201: output, **WRITE_ERRORS}),
        )(cls)

    def owner(self, schema: ir.Schema, table: str | None) -> ir.Table | None:
        return None if table is None else table_or_404(schema, table)

    def get(self, request: Request, slug: str, table: str | None = None) -> Response:
        schema = schema_get(self.project(slug))
        items = self.collection.items(schema, self.owner(schema, table))
        return self.paginate(items, lambda page: [piece_json(self.collection.kind, i) for i in page])

    def post(self, request: Request, slug: str, table: str | None = None) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        base_version, at = data.pop("base_version"), data.pop("at", None)
        schema = schema_get(project)
        owner = self.owner(schema, table)
        item = read_piece(schema, self.collection.kind, data)
        outcome = apply_piece(self.collection.kind, project=project, user=self.user(), base_version=base_version,
                              edit=self.collection.create(owner.path if owner else None, item, at))
        new_owner = self.owner(outcome.schema, owner.path if owner else None)
        created = self.collection.find(outcome.schema, new_owner, self.collection.key(item))
        return Response({**change_data(outcome), "item": piece_json(self.collection.kind, created)},
                        status=status.HTTP_201_CREATED)


class ItemDetailApi(Api):
    """Read, replace (PUT), change some fields of (PATCH) or delete one piece, named in the URL."""

    collection: ClassVar[Collection]
    InputSerializer: ClassVar[type[Serializer]]
    PatchSerializer: ClassVar[type[Serializer]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        item, label = cls.collection.serializer, cls.collection.kind.label
        entity = cls.__name__.removesuffix("DetailApi")
        cls.InputSerializer = type(f"{entity}ReplaceInput", (item,), {"base_version": base_version_field()})
        extra: dict[str, Any] = {"base_version": base_version_field()}
        if cls.collection.positioned:
            extra["move_to"] = serializers.IntegerField(required=False, min_value=0,
                                                        help_text="Its new place (0 first).")
        cls.PatchSerializer = optional_fields(item, f"{entity}UpdateInput", **extra)
        output = write_result(item, f"{entity}Changed")
        delete_parameters = [OpenApiParameter("base_version", int, required=True, description="The version your "
                                              "change is based on.")]
        if cls.collection.cascades:
            delete_parameters.append(OpenApiParameter("cascade", bool, description="Also delete what uses it."))
        doc = cls.__doc__ or f"One {label}, named in the URL."
        extend_schema_view(
            get=extend_schema(summary=f"Read a {label}", description=doc, responses={200: item, **READ_ERRORS}),
            put=extend_schema(summary=f"Replace a {label}", description=f"{doc} A new name renames it everywhere "
                              "it is used.", request=cls.InputSerializer, responses={200: output, **WRITE_ERRORS}),
            patch=extend_schema(summary=f"Change some fields of a {label}", description=f"{doc} Fields left out "
                                "keep their value; null resets one to its default.", request=cls.PatchSerializer,
                                responses={200: output, **WRITE_ERRORS}),
            delete=extend_schema(summary=f"Delete a {label}", description=doc, parameters=delete_parameters,
                                 responses={200: ChangeSerializer, **WRITE_ERRORS}),
        )(cls)

    def owner(self, schema: ir.Schema, table: str | None) -> ir.Table | None:
        return None if table is None else table_or_404(schema, table)

    def get(self, request: Request, slug: str, name: str, table: str | None = None) -> Response:
        schema = schema_get(self.project(slug))
        item = self.collection.find(schema, self.owner(schema, table), name)
        return Response(piece_json(self.collection.kind, item))

    def put(self, request: Request, slug: str, name: str, table: str | None = None) -> Response:
        return self._change(slug, table, name, self.InputSerializer, merge=False)

    def patch(self, request: Request, slug: str, name: str, table: str | None = None) -> Response:
        return self._change(slug, table, name, self.PatchSerializer, merge=True)

    def _change(self, slug: str, table: str | None, name: str, input_serializer: type[Serializer],
                *, merge: bool) -> Response:
        project = self.project(slug, Role.EDITOR)
        schema = schema_get(project)
        owner = self.owner(schema, table)
        old = self.collection.find(schema, owner, name)
        given = input_serializer(data=self.request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        base_version, move_to = data.pop("base_version"), data.pop("move_to", None)
        if merge:
            data = {**piece_json(self.collection.kind, old), **data}
        item = read_piece(schema, self.collection.kind, data)
        owner_path = owner.path if owner else None
        edit = self.collection.update(owner_path, name, item)
        if move_to is not None:  # after the update, which may have renamed it
            move = self.collection.move(owner_path, self.collection.key(item), move_to)
            edit = move if item == old else edits.Batch((edit, move), description=edit.summary)
        outcome = apply_piece(self.collection.kind, project=project, user=self.user(), base_version=base_version,
                              edit=edit)
        changed = self.collection.find(outcome.schema, self.owner(outcome.schema, owner_path),
                                       self.collection.key(item))
        return Response({**change_data(outcome), "item": piece_json(self.collection.kind, changed)})

    def delete(self, request: Request, slug: str, name: str, table: str | None = None) -> Response:
        project = self.project(slug, Role.EDITOR)
        query = DeleteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        schema = schema_get(project)
        owner = self.owner(schema, table)
        self.collection.find(schema, owner, name)
        outcome = schema_apply(project=project, user=self.user(), base_version=query.validated_data["base_version"],
                               edit=self.collection.delete(owner.path if owner else None, name,
                                                           query.validated_data["cascade"]))
        return Response(change_data(outcome))
