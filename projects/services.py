"""Writes: every change to projects, members and schemas (HackSoft-style services).

Each service runs in one transaction. Schema changes all go through :func:`schema_apply`,
which takes an edit from ``designer.core.edits`` and the version it was based on, refuses a
stale edit (optimistic locking), applies it, stores the changed rows and records a version:
nothing a user does can lose data, since every earlier state can be restored.

``user=None`` means a trusted local operator (management commands); otherwise the user's role
is checked here, so the page, the API and the command line share one set of rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from designer.core import document, ir
from designer.core.consistency import check_consistency
from designer.core.diagnostics import Diagnostic
from designer.core.edits import Edit, EditError, ReplaceSchema
from designer.core.gcpause import no_cycle_collection
from projects import schema_cache
from projects.models import Membership, Project, Role, Version
from projects.serialization import schema_load, schema_store

UserLike = User | AnonymousUser | None


class ServiceError(Exception):
    """A refused change, with a message for a person and the input field that caused it."""

    def __init__(self, message: str, *, field: str | None = None, path: str = "",
                 problems: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.path = path
        self.problems = problems or []


class ConflictError(ServiceError):
    """The edit was based on an older version than the latest: someone else changed the schema."""

    def __init__(self, *, based_on: int | None, latest: Version | None) -> None:
        who = ""
        if latest is not None and latest.author is not None:
            who = f" by {latest.author.get_username()}"
        summary = f" ({latest.summary})" if latest is not None else ""
        super().__init__(
            f"The schema was changed{who} since you loaded it: you edited version {based_on}, the latest is "
            f"version {latest.number if latest else 0}{summary}. Reload to see the change, then redo yours.",
            field="base_version",
        )
        self.latest = latest


def _role(project: Project, user: UserLike) -> str | None:
    if user is None:
        return Role.OWNER  # a local operator (management command)
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(project=project, user_id=user.pk).first()
    return membership.role if membership else None


def require_role(project: Project, user: UserLike, needed: Role) -> None:
    """Refuse (PermissionDenied) unless ``user`` has at least ``needed`` on ``project``."""
    role = _role(project, user)
    if role is None or Role.rank(role) < Role.rank(needed):
        raise PermissionDenied(f"this needs the {needed.label.lower()} role on {project.name}")


# Projects -------------------------------------------------------------------------------------


def _unique_slug(name: str, wanted: str | None = None) -> str:
    base = slugify(wanted or name)[:70] or "project"
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def project_create(*, owner: User | None, name: str, slug: str | None = None, description: str = "",
                   schema: ir.Schema | None = None, summary: str = "Created the project") -> Project:
    """Create a project owned by ``owner``, with ``schema`` (empty by default) as version 1."""
    name = name.strip()
    if not name:
        raise ServiceError("A project needs a name.", field="name")
    if slug is not None:
        if slugify(slug) != slug:
            raise ServiceError(f"{slug!r} is not a valid slug: use lower-case letters, digits and hyphens.",
                               field="slug")
        if Project.objects.filter(slug=slug).exists():
            raise ServiceError(f"A project with the slug {slug!r} already exists.", field="slug")
    schema = schema or ir.Schema(name=name)
    problems = check_consistency(schema)
    if problems:
        raise ServiceError(f"The schema has {len(problems)} problem(s): {problems[0].path}: {problems[0].message}",
                           problems=problems)
    project = Project.objects.create(slug=slug or _unique_slug(name), name=name, description=description.strip())
    if owner is not None:
        Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    with no_cycle_collection():  # a big schema's rows and snapshot are many short-lived objects
        schema_store(project, None, schema)
        _record(project, owner, schema, summary)
    schema_cache.remember(project, project.version, schema)
    return project


@dataclass(frozen=True)
class HistoryStep:
    """Where Undo and Redo lead from a new version, and the change Undo from it takes back.

    An ordinary edit undoes to the version before it and clears Redo. Undo and redo record
    their own versions (history is never rewritten) and carry the links on, so Undo can go
    back step by step and Redo forward again; see :func:`schema_undo`.
    """

    undo_to: int | None
    redo_to: int | None
    change: str


def _record(project: Project, user: UserLike, schema: ir.Schema, summary: str,
            step: HistoryStep | None = None) -> Version:
    if step is None:
        step = HistoryStep(undo_to=project.version or None, redo_to=None, change=summary)
    project.version += 1
    project.save()
    text = document.dumps(schema, indent=None)
    author = user if user is not None and user.is_authenticated else None
    return Version.objects.create(project=project, number=project.version, author=author, summary=summary[:500],
                                  undo_to=step.undo_to, redo_to=step.redo_to, change=step.change[:500],
                                  snapshot=Version.pack(text), size=len(text))


@transaction.atomic
def project_update(*, project: Project, user: UserLike, name: str, description: str = "") -> Project:
    require_role(project, user, Role.OWNER)
    if not name.strip():
        raise ServiceError("A project needs a name.", field="name")
    project.name = name.strip()
    project.description = description.strip()
    project.save(update_fields=["name", "description", "updated_at"])
    return project


@transaction.atomic
def project_delete(*, project: Project, user: UserLike) -> Project:
    """Move a project to the trash (it can be restored)."""
    require_role(project, user, Role.OWNER)
    project.deleted_at = timezone.now()
    project.save(update_fields=["deleted_at", "updated_at"])
    return project


@transaction.atomic
def project_restore(*, project: Project, user: UserLike) -> Project:
    require_role(project, user, Role.OWNER)
    project.deleted_at = None
    project.save(update_fields=["deleted_at", "updated_at"])
    return project


@transaction.atomic
def project_settings_update(*, project: Project, user: UserLike, lint_settings: Mapping[str, Any] | None = None,
                            export_settings: Mapping[str, Any] | None = None) -> Project:
    """Store the rule profile and overrides, and export defaults (validated by their owners' parsers)."""
    require_role(project, user, Role.EDITOR)
    fields = ["updated_at"]
    if lint_settings is not None:
        project.lint_settings = dict(lint_settings)
        fields.append("lint_settings")
    if export_settings is not None:
        project.export_settings = dict(export_settings)
        fields.append("export_settings")
    project.save(update_fields=fields)
    return project


@transaction.atomic
def project_deployed_set(*, project: Project, user: UserLike, number: int | None) -> Project:
    """Record which version runs in production (None: none is), so that checks also list the
    migration risks of the change since it."""
    require_role(project, user, Role.EDITOR)
    if number is not None and not Version.objects.filter(project=project, number=number).exists():
        raise ServiceError(f"There is no version {number}.", field="deployed_version")
    project.deployed_version = number
    project.save(update_fields=["deployed_version", "updated_at"])
    return project


# Members --------------------------------------------------------------------------------------


@transaction.atomic
def membership_set(*, project: Project, actor: UserLike, user: User, role: str) -> Membership:
    """Add ``user`` to the project, or change their role."""
    require_role(project, actor, Role.OWNER)
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}: use owner, editor or viewer.", field="role")
    membership, created = Membership.objects.get_or_create(project=project, user=user, defaults={"role": role})
    if not created and membership.role != role:
        if membership.role == Role.OWNER and role != Role.OWNER:
            _keep_an_owner(project, membership)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def _keep_an_owner(project: Project, leaving: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Role.OWNER).exclude(pk=leaving.pk)
    if not others.exists():
        raise ServiceError("A project needs at least one owner: make someone else owner first.", field="role")


@transaction.atomic
def membership_remove(*, project: Project, actor: UserLike, user: User) -> None:
    require_role(project, actor, Role.OWNER)
    membership = Membership.objects.filter(project=project, user=user).first()
    if membership is None:
        raise ServiceError(f"{user.get_username()} is not a member of this project.", field="user")
    if membership.role == Role.OWNER:
        _keep_an_owner(project, membership)
    membership.delete()


# Schema edits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditOutcome:
    """What :func:`schema_apply` did: the version recorded (or the unchanged latest) and the schema."""

    version: Version
    schema: ir.Schema
    changed: bool


@transaction.atomic
def schema_apply(*, project: Project, user: UserLike, edit: Edit, base_version: int | None,
                 step: HistoryStep | None = None) -> EditOutcome:
    """Apply ``edit`` to the project's schema and record a version.

    Args:
        base_version: the version the user saw when making the edit. None skips the check
            (only for trusted callers such as imports from the command line).
        step: the new version's undo and redo links (undo and redo set them; an edit undoes
            to the version before it).

    Raises:
        ConflictError: ``base_version`` is not the latest version.
        ServiceError: the edit is refused (with the field and object concerned).
        PermissionDenied: the user may not edit this project.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    require_role(locked, user, Role.EDITOR)
    if locked.deleted_at is not None:
        raise ServiceError("This project is in the trash: restore it before editing.")
    if base_version is not None and base_version != locked.version:
        latest = Version.objects.filter(project=locked).select_related("author").first()
        raise ConflictError(based_on=base_version, latest=latest)
    # The kept schema of this exact version (locked above) is the rows' content; else read the rows.
    old = schema_cache.lookup(locked, locked.version) or schema_load(locked)
    try:
        new = edit.apply(old)
    except EditError as exc:
        raise ServiceError(exc.message, field=exc.field, path=exc.path) from None
    if new == old:
        latest = Version.objects.filter(project=locked).get(number=locked.version)
        return EditOutcome(latest, old, changed=False)
    problems = check_consistency(new)
    if problems:
        first = problems[0]
        raise ServiceError(first.message + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""),
                           path=first.path, problems=problems)
    with no_cycle_collection():
        schema_store(locked, old, new, edit.table_renames(old))
        version = _record(locked, user, new, edit.summary, step)
    schema_cache.remember(locked, locked.version, new)
    project.refresh_from_db()  # the caller's instance now shows the new version and schema name
    return EditOutcome(version, new, changed=True)


def version_restore(*, project: Project, user: UserLike, number: int, base_version: int | None) -> EditOutcome:
    """Make version ``number``'s schema the current one (recorded as a new version)."""
    version = Version.objects.filter(project=project, number=number).first()
    if version is None:
        raise ServiceError(f"There is no version {number}.", field="number")
    schema = document.loads(version.document_json())
    return schema_apply(project=project, user=user, base_version=base_version,
                        edit=ReplaceSchema(schema, reason=f"Restored version {number}"))


@transaction.atomic
def schema_undo(*, project: Project, user: UserLike, base_version: int | None) -> EditOutcome:
    """Undo the latest change, then the one before it on the next call, and so on.

    The undo is a new version with the schema the latest version's ``undo_to`` points at; it
    undoes further back (that version's own ``undo_to``) and redoes to the latest version.
    """
    latest = _latest_locked(project)
    if latest is None or latest.undo_to is None:
        raise ServiceError("There is nothing to undo.")
    target = Version.objects.get(project=project, number=latest.undo_to)
    step = HistoryStep(undo_to=target.undo_to, redo_to=latest.number, change=target.change)
    return schema_apply(project=project, user=user, base_version=base_version, step=step,
                        edit=ReplaceSchema(document.loads(target.document_json()), reason=f"Undid: {latest.change}"))


@transaction.atomic
def schema_redo(*, project: Project, user: UserLike, base_version: int | None) -> EditOutcome:
    """Redo the change the latest undo took back (possible until another change is made)."""
    latest = _latest_locked(project)
    if latest is None or latest.redo_to is None:
        raise ServiceError("There is nothing to redo.")
    target = Version.objects.get(project=project, number=latest.redo_to)
    step = HistoryStep(undo_to=latest.number, redo_to=target.redo_to, change=target.change)
    return schema_apply(project=project, user=user, base_version=base_version, step=step,
                        edit=ReplaceSchema(document.loads(target.document_json()), reason=f"Redid: {target.change}"))


def _latest_locked(project: Project) -> Version | None:
    """The latest version, with the project locked so that no edit slips in before the undo or redo."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    return Version.objects.filter(project=project).order_by("-number").first()
