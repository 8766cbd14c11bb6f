"""Projects, trash and members."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from designer.core import ir
from projects.demo import demo_load
from projects.models import Project, Role
from projects.selectors import project_get, project_list, schema_get
from projects.services import (
    ServiceError,
    membership_remove,
    membership_set,
    project_create,
    project_delete,
    project_restore,
    project_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_create_makes_the_creator_owner_and_records_version_1(owner: User) -> None:
    project = project_create(owner=owner, name="  Shop  ")
    assert project.slug == "shop" and project.name == "Shop" and project.version == 1
    assert project_get(user=owner, slug="shop").current_role == Role.OWNER  # type: ignore[attr-defined]
    assert project_create(owner=owner, name="Shop").slug == "shop-2"


def test_create_refuses_a_bad_name_or_slug(owner: User) -> None:
    with pytest.raises(ServiceError) as err:
        project_create(owner=owner, name=" ")
    assert err.value.field == "name"
    with pytest.raises(ServiceError) as err:
        project_create(owner=owner, name="x", slug="Not A Slug")
    assert err.value.field == "slug"


def test_create_refuses_an_inconsistent_schema(owner: User) -> None:
    bad = ir.Schema(tables=(ir.Table("t", primary_key=ir.PrimaryKey(("nope",))),))
    with pytest.raises(ServiceError, match="nope"):
        project_create(owner=owner, name="x", schema=bad)
    assert not Project.objects.exists()


def test_non_members_get_404_and_low_roles_403(project: Project, viewer: User) -> None:
    stranger = User.objects.create_user("stranger")
    with pytest.raises(Http404):
        project_get(user=stranger, slug=project.slug)
    with pytest.raises(PermissionDenied):
        project_get(user=viewer, slug=project.slug, role=Role.EDITOR)
    assert list(project_list(user=stranger)) == []


def test_trash_and_restore(project: Project, owner: User, editor: User) -> None:
    with pytest.raises(PermissionDenied):
        project_delete(project=project, user=editor)
    project_delete(project=project, user=owner)
    assert list(project_list(user=owner)) == []
    assert list(project_list(user=owner, trashed=True)) == [project]
    with pytest.raises(Http404):
        project_get(user=owner, slug=project.slug)
    project_restore(project=project, user=owner)
    assert list(project_list(user=owner)) == [project]
    assert schema_get(project).table("users") is not None


def test_rename(project: Project, owner: User) -> None:
    project_update(project=project, user=owner, name="Gym", description="d")
    project.refresh_from_db()
    assert project.name == "Gym"


def test_members_and_the_last_owner(project: Project, owner: User, editor: User) -> None:
    with pytest.raises(PermissionDenied):
        membership_set(project=project, actor=editor, user=editor, role=Role.OWNER)
    with pytest.raises(ServiceError, match="at least one owner"):
        membership_set(project=project, actor=owner, user=owner, role=Role.EDITOR)
    with pytest.raises(ServiceError, match="at least one owner"):
        membership_remove(project=project, actor=owner, user=owner)
    membership_set(project=project, actor=owner, user=editor, role=Role.OWNER)
    membership_set(project=project, actor=owner, user=owner, role=Role.VIEWER)
    membership_remove(project=project, actor=editor, user=owner)
    with pytest.raises(Http404):
        project_get(user=owner, slug=project.slug)


def test_demo_load_is_safe_to_run_again(db: None) -> None:
    first = demo_load(password="demo-pass-1")
    assert first.project_created and not first.password_generated
    second = demo_load()
    assert not second.project_created and second.password_generated
    user = User.objects.get(username="demo")
    assert user.check_password(second.password)
    assert Project.objects.filter(slug="demo").count() == 1
    assert len(schema_get(Project.objects.get(slug="demo")).tables) == 6
