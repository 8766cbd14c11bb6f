"""Storage: a project's schema as editable rows, its members, and its versions.

Rows mirror the core model (``designer.core.ir``) one to one, with explicit ``position`` for
order; ``projects.serialization`` converts both ways without loss. Every edit goes through
``projects.services``, which rewrites only the tables that changed and records a version
(a compressed snapshot of the whole schema), so any earlier state can be viewed and restored.
"""

from __future__ import annotations

import zlib
from typing import Any

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    """Timestamps on every row, as the seeds ask of every table."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


# Projects and people --------------------------------------------------------------------------


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"

    @classmethod
    def rank(cls, role: str) -> int:
        return {cls.VIEWER: 1, cls.EDITOR: 2, cls.OWNER: 3}[cls(role)]


class ProjectQuerySet(models.QuerySet["Project"]):
    def live(self) -> ProjectQuerySet:
        return self.filter(deleted_at__isnull=True)

    def trashed(self) -> ProjectQuerySet:
        return self.filter(deleted_at__isnull=False)


class Project(TimeStamped):
    """A schema design with its members, settings and history.

    ``version`` is the number of the latest version; every edit names the version it was
    based on and is refused when that is no longer the latest (optimistic locking).
    Deleting a project moves it to the trash (``deleted_at``); it can be restored from there.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    # Schema-level attributes of the design (the rest lives in the rows below).
    schema_name = models.CharField(max_length=200, default="schema")
    schema_comment = models.TextField(null=True, blank=True)
    dialect = models.CharField(max_length=20, default="postgresql")
    dialect_version = models.CharField(max_length=10, default="16")
    # Validator and export settings: {"profile": ..., "rules": {...}, "ignores": [...]}.
    lint_settings = models.JSONField(default=dict, blank=True)
    export_settings = models.JSONField(default=dict, blank=True)
    deployed_version = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The version running in production: checks add the migration risks of the change since it.")
    deleted_at = models.DateTimeField(null=True, blank=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="projects")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="uniq_membership_project_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"


class Version(TimeStamped):
    """One saved state of a project's schema: who, when, what in one line, and a snapshot."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    summary = models.CharField(max_length=500)
    # Undo and redo walk these links, not the version numbers: an undo is recorded as a new
    # version too, so "the version before" would only undo the undo (see services.schema_undo).
    undo_to = models.PositiveIntegerField(null=True, blank=True,
                                          help_text="The version whose schema Undo brings back from this one.")
    redo_to = models.PositiveIntegerField(null=True, blank=True,
                                          help_text="The version whose schema Redo brings back from this one.")
    change = models.CharField(max_length=500, blank=True,
                              help_text="The change that made this schema from the one Undo brings back.")
    # The schema's JSON document, zlib-compressed (a 1,000-table schema is megabytes of JSON).
    snapshot = models.BinaryField()
    size = models.PositiveIntegerField(default=0, help_text="Uncompressed size of the snapshot in bytes.")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="uniq_version_project_number")]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"

    @staticmethod
    def pack(document_json: str) -> bytes:
        return zlib.compress(document_json.encode("utf-8"), 6)

    def document_json(self) -> str:
        return zlib.decompress(bytes(self.snapshot)).decode("utf-8")


# Schema rows ----------------------------------------------------------------------------------


class Ordered(TimeStamped):
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]


class SchemaNamespace(Ordered):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="namespaces")
    name = models.CharField(max_length=255)
    comment = models.TextField(null=True, blank=True)

    class Meta(Ordered.Meta):
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="uniq_namespace_project_name")]

    def __str__(self) -> str:
        return self.name


class SchemaEnum(Ordered):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="enums")
    namespace = models.CharField(max_length=255, default="public")
    name = models.CharField(max_length=255)
    values = models.JSONField(default=list)
    comment = models.TextField(null=True, blank=True)

    class Meta(Ordered.Meta):
        constraints = [models.UniqueConstraint(fields=["project", "namespace", "name"],
                                               name="uniq_enum_project_namespace_name")]

    def __str__(self) -> str:
        return self.name


class SchemaGroup(Ordered):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=255)
    color = models.CharField(max_length=32, null=True, blank=True)
    comment = models.TextField(null=True, blank=True)

    class Meta(Ordered.Meta):
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="uniq_group_project_name")]

    def __str__(self) -> str:
        return self.name


class SchemaNote(Ordered):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    table = models.CharField(max_length=600, null=True, blank=True)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text[:40]


class SchemaTable(Ordered):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tables")
    namespace = models.CharField(max_length=255, default="public")
    name = models.CharField(max_length=255)
    comment = models.TextField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    group = models.CharField(max_length=255, null=True, blank=True)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    orm_name = models.CharField(max_length=255, null=True, blank=True)
    pk_name = models.CharField(max_length=255, null=True, blank=True)
    pk_columns = models.JSONField(null=True, blank=True, help_text="Primary key columns; null when there is none.")

    class Meta(Ordered.Meta):
        constraints = [models.UniqueConstraint(fields=["project", "namespace", "name"],
                                               name="uniq_table_project_namespace_name")]

    def __str__(self) -> str:
        return self.name if self.namespace == "public" else f"{self.namespace}.{self.name}"


class TablePart(Ordered):
    """A row that belongs to one table (column, key, index, check), in the table's order."""

    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)

    class Meta(Ordered.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.name


class SchemaColumn(TablePart):
    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="columns")
    # The type in PostgreSQL syntax (varchar(255)[]), as in the JSON document.
    type = models.CharField(max_length=1000)
    nullable = models.BooleanField(default=True)
    default_kind = models.CharField(max_length=20, null=True, blank=True)
    default_value = models.TextField(null=True, blank=True)
    identity = models.CharField(max_length=20, null=True, blank=True)
    generated = models.TextField(null=True, blank=True)
    comment = models.TextField(null=True, blank=True)
    orm_name = models.CharField(max_length=255, null=True, blank=True)

    class Meta(TablePart.Meta):
        constraints = [models.UniqueConstraint(fields=["table", "name"], name="uniq_column_table_name")]


class SchemaForeignKey(TablePart):
    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="foreign_keys")
    columns = models.JSONField(default=list)
    ref_namespace = models.CharField(max_length=255, default="public")
    ref_table = models.CharField(max_length=255)
    ref_columns = models.JSONField(default=list)
    on_delete = models.CharField(max_length=20, default="no_action")
    on_update = models.CharField(max_length=20, default="no_action")
    deferrable = models.BooleanField(default=False)
    initially_deferred = models.BooleanField(default=False)
    relation_name = models.CharField(max_length=255, null=True, blank=True)
    back_relation_name = models.CharField(max_length=255, null=True, blank=True)


class SchemaUnique(TablePart):
    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="uniques")
    columns = models.JSONField(default=list)
    where = models.TextField(null=True, blank=True)
    nulls_not_distinct = models.BooleanField(default=False)


class SchemaIndex(TablePart):
    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="indexes")
    # [{"column": ..., "expression": ..., "descending": ..., "nulls": ..., "opclass": ...}]
    elements = models.JSONField(default=list)
    unique = models.BooleanField(default=False)
    method = models.CharField(max_length=20, default="btree")
    where = models.TextField(null=True, blank=True)
    include = models.JSONField(default=list, blank=True)


class SchemaCheck(TablePart):
    table = models.ForeignKey(SchemaTable, on_delete=models.CASCADE, related_name="checks")
    expression = models.TextField()


