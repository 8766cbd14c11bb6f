"""Members: who may read (viewer), edit (editor) or manage (owner) a project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from projects import selectors, services
from projects.api.base import READ_ERRORS, Api, ListApi, errors
from projects.api.serializers import Serializer
from projects.models import Membership, Project, Role


class MemberSerializer(Serializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.values)
    since = serializers.DateTimeField()


def member_data(m: Membership) -> dict[str, Any]:
    return {"username": m.user.get_username(), "role": m.role, "since": m.created_at}


def _membership(project: Project, username: str) -> Membership:
    membership = selectors.members(project).filter(user__username=username).first()
    if membership is None:
        raise Http404(f"{username} is not a member of this project.")
    return membership


class MemberListApi(ListApi):
    """The project's members (any member may see them), or add one (owners)."""

    api_tag = "members"

    class InputSerializer(Serializer):
        username = serializers.CharField(max_length=150)
        role = serializers.ChoiceField(choices=Role.values, default=Role.VIEWER)

    @extend_schema(summary="List the members", responses={200: MemberSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        def serialize(page: Sequence[Membership]) -> list[Any]:
            return [member_data(m) for m in page]

        return self.paginate(selectors.members(self.project(slug)), serialize)

    @extend_schema(summary="Add a member (or change their role)", request=InputSerializer,
                   responses={201: MemberSerializer, **errors(400, 403, 404)})
    def post(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.OWNER)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user: User | None = get_user_model().objects.filter(username=given.validated_data["username"]).first()
        if user is None:
            raise services.ServiceError(f"There is no user {given.validated_data['username']!r}.", field="username")
        membership = services.membership_set(project=project, actor=self.user(), user=user,
                                             role=given.validated_data["role"])
        return Response(member_data(membership), status=status.HTTP_201_CREATED)


class MemberDetailApi(Api):
    """One member: see their role, change it or remove them (owners; a project keeps at least one owner)."""

    api_tag = "members"

    class InputSerializer(Serializer):
        role = serializers.ChoiceField(choices=Role.values)

    @extend_schema(summary="Read a member", responses={200: MemberSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str, username: str) -> Response:
        return Response(member_data(_membership(self.project(slug), username)))

    @extend_schema(summary="Change a member's role", request=InputSerializer,
                   responses={200: MemberSerializer, **errors(400, 403, 404)})
    def patch(self, request: Request, slug: str, username: str) -> Response:
        project = self.project(slug, Role.OWNER)
        membership = _membership(project, username)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        membership = services.membership_set(project=project, actor=self.user(), user=membership.user,
                                             role=given.validated_data["role"])
        return Response(member_data(membership))

    @extend_schema(summary="Remove a member", responses={204: None, **errors(400, 403, 404)})
    def delete(self, request: Request, slug: str, username: str) -> Response:
        project = self.project(slug, Role.OWNER)
        membership = _membership(project, username)
        services.membership_remove(project=project, actor=self.user(), user=membership.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
