"""The validator: a project's findings under its rule settings, and applying a finding's fix."""

from __future__ import annotations

from collections import Counter

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core.validate import profiles, to_json
from projects.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    Api,
    BaseVersionSerializer,
    ChangeSerializer,
    change_data,
    errors,
)
from projects.api.serializers import Serializer
from projects.linting import fix_apply, lint_project
from projects.models import Role

LEVELS = ["info", "warning", "error"]


class FixSerializer(Serializer):
    description = serializers.CharField()
    edit = serializers.CharField(help_text="The kind of edit the fix makes (AddConstraint, RenameColumn...).")
    summary = serializers.CharField(help_text="What it changes, in one line.")


class FindingSerializer(Serializer):
    id = serializers.CharField(help_text="Stable for the same rule and object: send it to apply the fix.")
    rule = serializers.CharField(help_text="The rule's id (docs/rules.md).")
    level = serializers.ChoiceField(choices=LEVELS)
    message = serializers.CharField()
    path = serializers.CharField(allow_blank=True, help_text="The object (workouts.user_id); empty for the schema.")
    hint = serializers.CharField(allow_blank=True)
    fix = FixSerializer(allow_null=True)


class LintCountsSerializer(Serializer):
    error = serializers.IntegerField()
    warning = serializers.IntegerField()
    info = serializers.IntegerField()


class LintApi(Api):
    """Check the schema against the project's rules; POST applies a finding's automatic fix (a new version)."""

    api_tag = "lint"

    class FilterSerializer(Serializer):
        profile = serializers.ChoiceField(choices=[p.name for p in profiles()], required=False,
                                          help_text="Check with this profile instead of the project's.")
        level = serializers.ChoiceField(choices=LEVELS, required=False, help_text="Only findings of this level "
                                                                                  "or worse.")
        since = serializers.IntegerField(required=False, min_value=1,
                                         help_text="A version to compare with (the deployed one): the migration "
                                                   "rules also check the change from it to the current schema.")

    class OutputSerializer(Serializer):
        version = serializers.IntegerField(help_text="The version checked.")
        counts = LintCountsSerializer(help_text="Findings per level.")
        findings = FindingSerializer(many=True, help_text="Errors first, then by path.")

    class InputSerializer(BaseVersionSerializer):
        finding = serializers.CharField(help_text="The id of the finding whose fix to apply.")

    @extend_schema(summary="Check the schema", parameters=[FilterSerializer],
                   responses={200: OutputSerializer, **errors(400, 404)})
    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        findings = lint_project(project, profile=query.validated_data.get("profile"),
                                since=query.validated_data.get("since"))
        if "level" in query.validated_data:
            floor = LEVELS.index(query.validated_data["level"])
            findings = [f for f in findings if LEVELS.index(f.diagnostic.level.label) >= floor]
        counts = Counter(f.diagnostic.level.label for f in findings)
        return Response({"version": project.version, "counts": {level: counts[level] for level in LEVELS},
                         "findings": to_json(findings)})

    @extend_schema(summary="Apply a finding's fix", request=InputSerializer,
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        outcome = fix_apply(project=project, user=self.user(), finding_id=given.validated_data["finding"],
                            base_version=given.validated_data["base_version"])
        return Response(change_data(outcome))


class LintProfilesApi(Api):
    """The rule profiles a project can pick (the project's settings name one)."""

    api_tag = "lint"

    class OutputSerializer(Serializer):
        name = serializers.CharField()
        # A field named "source" is fine at runtime (declared fields are collected by the metaclass).
        source = serializers.CharField(  # type: ignore[assignment]
            help_text="The seed guide it comes from, or the linters it follows.")
        summary = serializers.CharField()

    @extend_schema(summary="List the rule profiles", responses={200: OutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request) -> Response:
        return Response([{"name": p.name, "source": p.source, "summary": p.summary} for p in profiles()])
