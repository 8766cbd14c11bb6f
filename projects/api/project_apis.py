"""Projects: list and search, create (blank, from the demo, from a document), update, trash, restore, settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import document
from designer.core.exporters import ExportError, get_exporter
from projects import selectors, services
from projects.api.base import READ_ERRORS, Api, ListApi, errors
from projects.api.import_apis import ImportSourceSerializer, import_origin, read_import
from projects.api.serializers import DocumentSerializer, Serializer, read_document, refuse_nul
from projects.demo import DEMO_SCHEMA
from projects.importing import import_new_project
from projects.linting import lint_settings_update
from projects.models import Membership, Project, Role


class ProjectSerializer(Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="The latest version of the schema.")
    role = serializers.ChoiceField(choices=Role.values, help_text="Your role in the project.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    deleted_at = serializers.DateTimeField(allow_null=True, help_text="When it was moved to the trash.")


def project_data(project: Project, role: str) -> dict[str, Any]:
    return {"slug": project.slug, "name": project.name, "description": project.description,
            "version": project.version, "role": role, "created_at": project.created_at,
            "updated_at": project.updated_at, "deleted_at": project.deleted_at}


def _current_role(project: Project) -> str:
    return str(getattr(project, "current_role", Role.VIEWER))


class ProjectListApi(ListApi):
    """Your projects (search by name, slug or description; ``trashed=true`` for the trash), or create one."""

    api_tag = "projects"

    class FilterSerializer(Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        trashed = serializers.BooleanField(required=False, default=False)

    class InputSerializer(Serializer):
        name = serializers.CharField(max_length=200)
        slug = serializers.SlugField(required=False, max_length=70)
        description = serializers.CharField(required=False, allow_blank=True)
        template = serializers.ChoiceField(choices=["blank", "demo"], required=False, default="blank",
                                           help_text="Start empty or from the fitness demo schema.")
        document = DocumentSerializer(required=False, help_text="Start from this schema document instead.")
        import_source = ImportSourceSerializer(required=False, help_text="Start from an imported schema instead "
                                                                         "(SQL, Prisma, DBML, JSON).")

    @extend_schema(parameters=[FilterSerializer], responses={200: ProjectSerializer(many=True), **errors(400)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        projects = selectors.project_list(user=request.user, query=filters.validated_data.get("q", ""),
                                          trashed=filters.validated_data["trashed"])

        def serialize(page: Sequence[Project]) -> list[Any]:
            roles = dict(Membership.objects.filter(user=self.user(), project__in=page)
                         .values_list("project_id", "role"))
            return [project_data(p, roles[p.pk]) for p in page]

        return self.paginate(projects, serialize)

    @extend_schema(request=InputSerializer, responses={201: ProjectSerializer, **errors(400)})
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        refuse_nul(dict(data))
        starts = [k for k in ("document", "import_source") if k in data]
        if data["template"] != "blank":
            starts.append("template")
        if len(starts) > 1:
            raise services.ServiceError(f"Start from one thing: {' or '.join(starts)}, not both.", field=starts[1])
        if "import_source" in data:
            result = read_import(data["import_source"], name=data["name"], prefix="import_source.")
            with transaction.atomic():  # the project and its description, or nothing
                project = import_new_project(owner=self.user(), name=data["name"], result=result,
                                             slug=data.get("slug"),
                                             origin=import_origin(data["import_source"]))
                if data.get("description"):
                    project = services.project_update(project=project, user=self.user(), name=project.name,
                                                      description=data["description"])
            return Response(project_data(project, Role.OWNER), status=status.HTTP_201_CREATED)
        schema, summary = None, "Created the project"
        if "document" in data:
            schema, summary = read_document(data["document"]), "Created the project from a document"
        elif data["template"] == "demo":
            schema, summary = document.loads(DEMO_SCHEMA.read_text("utf-8")), "Created the project from the demo"
        project = services.project_create(owner=self.user(), name=data["name"], slug=data.get("slug"),
                                          description=data.get("description", ""), schema=schema, summary=summary)
        return Response(project_data(project, Role.OWNER), status=status.HTTP_201_CREATED)


class ProjectDetailApi(Api):
    """One project: read it (any member), rename or describe it, or move it to the trash (owners)."""

    api_tag = "projects"

    class InputSerializer(Serializer):
        name = serializers.CharField(max_length=200, required=False)
        description = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(responses={200: ProjectSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        return Response(project_data(project, _current_role(project)))

    @extend_schema(request=InputSerializer, responses={200: ProjectSerializer, **errors(400, 403, 404)})
    def patch(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.OWNER)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        refuse_nul(dict(given.validated_data))
        project = services.project_update(project=project, user=request.user,
                                          name=given.validated_data.get("name", project.name),
                                          description=given.validated_data.get("description", project.description))
        return Response(project_data(project, Role.OWNER))

    @extend_schema(responses={204: None, **errors(403, 404)})
    def delete(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.OWNER)
        services.project_delete(project=project, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectRestoreApi(Api):
    """Bring a project back from the trash (owners)."""

    api_tag = "projects"

    @extend_schema(request=None, responses={200: ProjectSerializer, **errors(403, 404)})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.project_get(user=request.user, slug=slug, role=Role.OWNER, trashed=True)
        project = services.project_restore(project=project, user=request.user)
        return Response(project_data(project, Role.OWNER))


DEPLOYED_HELP = ("The version running in production: lint then adds the migration risks of the change since it "
                 "(as with ?since=N).")


class ProjectSettingsApi(Api):
    """The project's rule settings (profile, overrides, ignores) and export defaults per target."""

    api_tag = "projects"

    class OutputSerializer(Serializer):
        lint_settings = serializers.DictField(help_text='{"profile": ..., "rules": {...}, "ignores": [...]}')
        export_settings = serializers.DictField(help_text='Defaults per export target: {"prisma": {...}}')
        deployed_version = serializers.IntegerField(allow_null=True, help_text=DEPLOYED_HELP)

    class InputSerializer(Serializer):
        lint_settings = serializers.DictField(required=False)
        export_settings = serializers.DictField(child=serializers.DictField(), required=False,
                                                help_text="Options per target; see GET /api/export-targets.")
        deployed_version = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                    help_text=DEPLOYED_HELP + " null: none is.")

        def validate_export_settings(self, value: dict[str, Any]) -> dict[str, Any]:
            for target, options in value.items():
                try:
                    get_exporter(target).resolve_options(options)
                except ExportError as exc:
                    raise serializers.ValidationError(f"{target}: {exc}") from None
            return value

    @extend_schema(responses={200: OutputSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        return Response(_settings_data(project))

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, **errors(400, 403, 404)})
    def patch(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        refuse_nul(dict(given.validated_data))
        if "lint_settings" in given.validated_data:  # checked by the validator's own parser
            project = lint_settings_update(project=project, user=self.user(),
                                           settings=given.validated_data["lint_settings"])
        if "export_settings" in given.validated_data:
            project = services.project_settings_update(project=project, user=self.user(),
                                                       export_settings=given.validated_data["export_settings"])
        if "deployed_version" in given.validated_data:
            project = services.project_deployed_set(project=project, user=self.user(),
                                                    number=given.validated_data["deployed_version"])
        return Response(_settings_data(project))


def _settings_data(project: Project) -> dict[str, Any]:
    return {"lint_settings": project.lint_settings, "export_settings": project.export_settings,
            "deployed_version": project.deployed_version}
