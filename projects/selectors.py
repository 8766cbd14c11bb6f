"""Reads: projects a user may see, schemas, versions and what changed between them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from designer.core import document, ir
from designer.core.diff import Change, schema_changes
from projects import schema_cache
from projects.models import Membership, Project, Role, Version
from projects.serialization import schema_load

UserLike = User | AnonymousUser


def project_list(*, user: UserLike, query: str = "", trashed: bool = False) -> QuerySet[Project]:
    """The projects ``user`` is a member of (live ones, or those in the trash)."""
    if not user.is_authenticated:
        return Project.objects.none()
    projects = Project.objects.filter(memberships__user_id=user.pk)
    projects = projects.trashed() if trashed else projects.live()
    if query.strip():
        q = query.strip()
        projects = projects.filter(Q(name__icontains=q) | Q(slug__icontains=q) | Q(description__icontains=q))
    return projects.order_by("name").distinct()


def role_of(project: Project, user: UserLike) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(project=project, user_id=user.pk).values_list("role", flat=True).first()


def project_get(*, user: UserLike, slug: str, role: Role = Role.VIEWER, trashed: bool = False) -> Project:
    """The project ``slug`` if ``user`` has at least ``role`` on it.

    A user who is not a member gets 404, as if the project did not exist (so project names
    cannot be probed); a member without the role gets PermissionDenied (403), also for a project
    in the other state (live or trashed) than asked for; only then does that state give 404.
    """
    project = Project.objects.filter(slug=slug).first()
    current = role_of(project, user) if project is not None else None
    if project is None or current is None:
        raise Http404("No such project.")
    if Role.rank(current) < Role.rank(role):
        raise PermissionDenied(f"This needs the {role.label.lower()} role on {project.name}.")
    if (project.deleted_at is not None) != trashed:
        raise Http404("This project is in the trash." if project.deleted_at else "This project is not in the trash.")
    project.current_role = current  # type: ignore[attr-defined]
    return project


def schema_get(project: Project) -> ir.Schema:
    """The project's current schema: kept in memory per version, else decoded from the latest
    version's snapshot (the same schema as the rows, and several times faster to read), else
    read from the rows."""
    # One small query for the latest version number, so a stale ``project`` object still gets
    # the current schema.
    version = Project.objects.filter(pk=project.pk).values_list("version", flat=True).first() or 0
    found = schema_cache.lookup(project, version)
    if found is not None:
        return found
    latest = Version.objects.filter(project=project, number=version).only("snapshot").first()
    schema = document.loads(latest.document_json()) if latest is not None else schema_load(project)
    return schema_cache.remember(project, version, schema)


def version_list(project: Project) -> QuerySet[Version]:
    return Version.objects.filter(project=project).select_related("author").defer("snapshot").order_by("-number")


@dataclass(frozen=True)
class HistoryLinks:
    """What Undo and Redo would do now, in words (None: nothing to undo or redo)."""

    undo: str | None
    redo: str | None


def history_links(project: Project) -> HistoryLinks:
    """The latest version's undo and redo links (one query, whatever the history's length)."""
    redo_change = Version.objects.filter(project=OuterRef("project"), number=OuterRef("redo_to")).values("change")[:1]
    row = (Version.objects.filter(project=project, number=project.version)
           .annotate(redo_change=Subquery(redo_change)).values("undo_to", "change", "redo_change").first())
    if row is None:
        return HistoryLinks(None, None)
    return HistoryLinks(row["change"] if row["undo_to"] is not None else None, row["redo_change"])


def version_get(project: Project, number: int) -> Version:
    version = Version.objects.filter(project=project, number=number).select_related("author").first()
    if version is None:
        raise Http404(f"No version {number}.")
    return version


def version_schema(project: Project, number: int) -> ir.Schema:
    """The schema as it was at version ``number`` (kept in memory like the current one: a
    deployed version is read again by every check)."""
    found = schema_cache.lookup(project, number)
    if found is not None:
        return found
    return schema_cache.remember(project, number, document.loads(version_get(project, number).document_json()))


def version_changes(project: Project, old: int, new: int) -> list[Change]:
    """What changed from version ``old`` to version ``new``, in words."""
    return schema_changes(version_schema(project, old), version_schema(project, new))


def members(project: Project) -> QuerySet[Membership]:
    return Membership.objects.filter(project=project).select_related("user").order_by("user__username")

