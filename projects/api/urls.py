"""API routes: projects and their schemas by name, the OpenAPI document and its browsable docs.

Schema objects are addressed by their names (``/projects/demo/tables/users/columns/email``);
a table or enum outside ``public`` by its path (``billing.invoices``). Other characters are
percent-encoded as usual, but a ``/`` cannot be (servers decode ``%2F`` before routing), so in a
name segment ``~1`` stands for ``/`` and ``~0`` for ``~``, as in a JSON Pointer (RFC 6901).
"""

from __future__ import annotations

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response

from projects.api import (
    diagram_apis,
    enum_apis,
    export_apis,
    import_apis,
    lint_apis,
    member_apis,
    project_apis,
    schema_apis,
    table_apis,
    token_apis,
    version_apis,
)
from projects.api.base import Api


class NameConverter:
    """A name as one path segment: PostgreSQL names may hold spaces, quotes, dots, line breaks and
    slashes; a slash is written ``~1`` (and so a tilde ``~0``)."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value.replace("~1", "/").replace("~0", "~")  # this order: "~01" is "~1", not "/"

    def to_url(self, value: str) -> str:
        return value.replace("~", "~0").replace("/", "~1")


register_converter(NameConverter, "name")


class NotFoundApi(Api):
    """Any other /api/ URL: a JSON 404 rather than the site's HTML page."""

    permission_classes = []
    authentication_classes = []
    schema = None  # not part of the OpenAPI document

    def get(self, request: Request, rest: str = "") -> Response:
        return Response({"message": f"There is no API endpoint /api/{rest}.", "field": None, "path": ""}, status=404)

    post = put = patch = delete = get


P = "projects/<slug:slug>"
T = f"{P}/tables/<name:table>"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Tokens
    path("tokens", token_apis.TokenListApi.as_view(), name="api-tokens"),
    path("tokens/<name:key>", token_apis.TokenDetailApi.as_view(), name="api-token"),
    # Projects and their settings
    path("projects", project_apis.ProjectListApi.as_view(), name="api-projects"),
    path(P, project_apis.ProjectDetailApi.as_view(), name="api-project"),
    path(f"{P}/restore", project_apis.ProjectRestoreApi.as_view(), name="api-project-restore"),
    path(f"{P}/settings", project_apis.ProjectSettingsApi.as_view(), name="api-project-settings"),
    path(f"{P}/members", member_apis.MemberListApi.as_view(), name="api-members"),
    path(f"{P}/members/<name:username>", member_apis.MemberDetailApi.as_view(), name="api-member"),
    # The schema: whole, and piece by piece
    path(f"{P}/schema", schema_apis.SchemaDocumentApi.as_view(), name="api-schema-document"),
    path(f"{P}/undo", schema_apis.SchemaUndoApi.as_view(), name="api-undo"),
    path(f"{P}/redo", schema_apis.SchemaRedoApi.as_view(), name="api-redo"),
    path(f"{P}/many-to-many", schema_apis.ManyToManyCreateApi.as_view(), name="api-many-to-many"),
    path(f"{P}/tables", table_apis.TableListApi.as_view(), name="api-tables"),
    path(T, table_apis.TableDetailApi.as_view(), name="api-table"),
    path(f"{T}/columns", table_apis.ColumnListApi.as_view(), name="api-columns"),
    path(f"{T}/columns/<name:name>", table_apis.ColumnDetailApi.as_view(), name="api-column"),
    path(f"{T}/foreign-keys", table_apis.ForeignKeyListApi.as_view(), name="api-foreign-keys"),
    path(f"{T}/foreign-keys/<name:name>", table_apis.ForeignKeyDetailApi.as_view(), name="api-foreign-key"),
    path(f"{T}/uniques", table_apis.UniqueListApi.as_view(), name="api-uniques"),
    path(f"{T}/uniques/<name:name>", table_apis.UniqueDetailApi.as_view(), name="api-unique"),
    path(f"{T}/indexes", table_apis.IndexListApi.as_view(), name="api-indexes"),
    path(f"{T}/indexes/<name:name>", table_apis.IndexDetailApi.as_view(), name="api-index"),
    path(f"{T}/checks", table_apis.CheckListApi.as_view(), name="api-checks"),
    path(f"{T}/checks/<name:name>", table_apis.CheckDetailApi.as_view(), name="api-check"),
    path(f"{P}/enums", enum_apis.EnumListApi.as_view(), name="api-enums"),
    path(f"{P}/enums/<name:name>", enum_apis.EnumDetailApi.as_view(), name="api-enum"),
    path(f"{P}/groups", enum_apis.GroupListApi.as_view(), name="api-groups"),
    path(f"{P}/groups/<name:name>", enum_apis.GroupDetailApi.as_view(), name="api-group"),
    # History
    path(f"{P}/versions", version_apis.VersionListApi.as_view(), name="api-versions"),
    path(f"{P}/versions/diff", version_apis.VersionDiffApi.as_view(), name="api-version-diff"),
    path(f"{P}/versions/report", version_apis.VersionReportApi.as_view(), name="api-version-report"),
    path(f"{P}/versions/<int:number>", version_apis.VersionDetailApi.as_view(), name="api-version"),
    path(f"{P}/versions/<int:number>/restore", version_apis.VersionRestoreApi.as_view(), name="api-version-restore"),
    # Outputs and inputs
    path("export-targets", export_apis.ExportTargetsApi.as_view(), name="api-export-targets"),
    path(f"{P}/export/<name:target>", export_apis.ExportApi.as_view(), name="api-export"),
    path("lint-profiles", lint_apis.LintProfilesApi.as_view(), name="api-lint-profiles"),
    path(f"{P}/lint", lint_apis.LintApi.as_view(), name="api-lint"),
    path(f"{P}/diagram.svg", diagram_apis.DiagramSvgApi.as_view(), name="api-diagram-svg"),
    path(f"{P}/diagram.png", diagram_apis.DiagramPngApi.as_view(), name="api-diagram-png"),
    path(f"{P}/diagram.pdf", diagram_apis.DiagramPdfApi.as_view(), name="api-diagram-pdf"),
    path(f"{P}/import", import_apis.ProjectImportApi.as_view(), name="api-import"),
    re_path(r"^(?P<rest>[\s\S]*)$", NotFoundApi.as_view()),  # [\s\S]: a newline too
]
