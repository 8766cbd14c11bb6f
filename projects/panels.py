"""The page's panels, each an adapter to the module of the area that owns it.

The diagram (``projects.diagrams``), the export service (``projects.exporting``), the validator
(``projects.linting``) and the importers (``designer.core.importers``) are written by other
areas; the views reach them only through the functions here, which turn their results into
template context and their errors into messages. A module that has not landed yet makes its
panel show a placeholder (``available()``), so the page works at every stage.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import ModuleType
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import mark_safe

from designer.core import document, ir
from designer.core.diagnostics import Diagnostic, Level
from designer.core.importers import PASTED, ImportResult
from projects import diagrams, exporting, highlighting, importing, services
from projects.models import Project
from projects.services import EditOutcome, UserLike

logger = logging.getLogger(__name__)


def _optional(name: str) -> ModuleType | None:
    """A module of another area, or None while it is still being written (or cannot be imported:
    the page must keep working, and the panel says the feature is not available)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None  # not written yet
        logger.warning("%s is not available", name, exc_info=True)
        return None
    except ImportError:
        logger.warning("%s is not available", name, exc_info=True)
        return None


def available() -> dict[str, bool]:
    return {"problems": _optional("projects.linting") is not None, "export": bool(exporting.export_targets()),
            "import": bool(import_formats())}


def demo_schema() -> ir.Schema:
    from projects.demo import DEMO_SCHEMA

    return document.loads(DEMO_SCHEMA.read_text("utf-8"))


# Diagram ----------------------------------------------------------------------------------------


def diagram_options(query: QueryDict, *, url_template: str) -> diagrams.DiagramOptions:
    from designer.core.render.layout import Detail

    detail = query.get("detail", "full")
    depth = query.get("depth", "1")
    return diagrams.DiagramOptions(
        detail=Detail(detail) if detail in {d.value for d in Detail} else Detail.FULL,
        focus=query.get("focus") or None,
        depth=int(depth) if depth.isdigit() and 0 < int(depth) < 10 else 1,
        search=query.get("search") or None,
        group=query.get("group") or None,
        url_template=url_template,
    )


def diagram_inline(schema: ir.Schema, options: diagrams.DiagramOptions, *,
                   content_key: str | None = None) -> dict[str, Any]:
    """The SVG for the canvas, or the reason it cannot be drawn."""
    if not schema.tables:
        return {"svg": None, "error": None, "empty": True}
    try:
        result = diagrams.render_diagram(schema, "svg", options, content_key=content_key)
    except diagrams.DiagramError as exc:
        return {"svg": None, "error": str(exc)}
    svg = result.data.decode("utf-8")
    svg = svg[svg.find("<svg"):]  # drop the XML prolog and DOCTYPE: the SVG goes inline into HTML
    # The renderer escapes every label (designer.core.render.escaping): the markup is its own.
    return {"svg": mark_safe(svg), "error": None, "note": result.fallback_note,  # noqa: S308
            "strategy": result.strategy, "detail": result.detail}


def diagram_file(project: Project, schema: ir.Schema, fmt: str, options: diagrams.DiagramOptions, *,
                 content_key: str | None = None) -> HttpResponse:
    try:
        result = diagrams.render_diagram(schema, fmt, options, content_key=content_key)
    except diagrams.DiagramError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-diagram.{fmt}"'
    return response


# Problems (the validator) -------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingView:
    """One finding as the panel shows it."""

    id: str
    level: str
    code: str
    message: str
    hint: str
    path: str
    table: str | None
    fixable: bool
    fix_summary: str


#: Findings listed per level; a large schema can have thousands (the counts stay exact).
_SHOWN_PER_LEVEL = 200


def _owner_table(schema: ir.Schema, path: str) -> str | None:
    """The table a finding's path names or lies in (``workouts.user_id`` is in ``workouts``)."""
    for candidate in (path, path.rsplit(".", 1)[0], path.split(".", 1)[0]):
        found = schema.find_table(candidate) if candidate else None
        if found is not None:
            return found.path
    return None


def problems(project: Project, schema: ir.Schema) -> dict[str, Any]:
    """The validator's findings for the panel, grouped by level (worst first)."""
    linting = _optional("projects.linting")
    if linting is None:
        return {"problems_available": False}
    try:
        findings = linting.lint_project(project, schema=schema)
    except services.ServiceError as exc:
        return {"problems_available": True, "settings_error": exc.message, "groups": [], "counts": {}, "total": 0,
                "flagged_json": "[]"}
    groups = []
    counts = {level.label: 0 for level in Level}
    flagged: set[str] = set()
    shown: dict[str, list[FindingView]] = {level.label: [] for level in Level}
    for finding in findings:
        label = finding.level.label
        counts[label] += 1
        table = _owner_table(schema, finding.path)
        if table and finding.level >= Level.WARNING:  # the diagram and list mark what needs attention
            flagged.add(table)
        if len(shown[label]) < _SHOWN_PER_LEVEL:
            d = finding.diagnostic
            fix = finding.fix if finding.fixable else None
            shown[label].append(FindingView(id=finding.id, level=label, code=d.code, message=d.message,
                                            hint=d.hint or "", path=d.path or "", table=table,
                                            fixable=fix is not None, fix_summary=fix.description if fix else ""))
    for level in (Level.ERROR, Level.WARNING, Level.INFO):
        if shown[level.label]:
            groups.append({"level": level.label, "findings": shown[level.label],
                           "hidden": counts[level.label] - len(shown[level.label])})
    return {"problems_available": True, "groups": groups, "counts": counts, "total": len(findings),
            "attention": counts["error"] + counts["warning"],
            "flagged_json": json.dumps(sorted(flagged)),
            "profile": (project.lint_settings or {}).get("profile", "recommended"),
            "deployed": project.deployed_version if project.deployed_version != project.version else None}


def fix_apply(*, project: Project, user: UserLike, finding_id: str, base_version: int | None) -> EditOutcome:
    linting = _optional("projects.linting")
    if linting is None:
        raise services.ServiceError("The validator is not available yet.")
    outcome: EditOutcome = linting.fix_apply(project=project, user=user, finding_id=finding_id,
                                             base_version=base_version)
    return outcome


def lint_profiles() -> list[str]:
    validate = _optional("designer.core.validate")
    if validate is not None:
        return [p.name for p in validate.profiles()]
    return ["recommended"]


def lint_settings_save(*, project: Project, user: UserLike, settings: Mapping[str, Any]) -> None:
    """Store rule settings once the validator accepts them (ServiceError with the reason otherwise)."""
    linting = _optional("projects.linting")
    if linting is None:
        services.project_settings_update(project=project, user=user, lint_settings=settings)
        return
    linting.lint_settings_update(project=project, user=user, settings=settings)


# Export -------------------------------------------------------------------------------------------

_TARGET_LABELS = {"sql": "PostgreSQL", "prisma": "Prisma", "drizzle": "Drizzle", "sequelize": "Sequelize",
                  "sqlalchemy": "SQLAlchemy", "docs": "Docs", "dbml": "DBML", "mermaid": "Mermaid", "json": "JSON"}
def export_target_choices() -> list[tuple[str, str]]:
    return [(t.value, _TARGET_LABELS.get(t.value, t.value)) for t in exporting.export_targets()]


def default_target(project: Project) -> str:
    targets = [t.value for t in exporting.export_targets()]
    wanted = (project.export_settings or {}).get("default_target", "sql")
    return wanted if wanted in targets else (targets[0] if targets else "sql")


def export_preview(project: Project, target: str, file: str | None) -> dict[str, Any]:
    targets = export_target_choices()
    context: dict[str, Any] = {"targets": targets, "target": target, "label": _TARGET_LABELS.get(target, target)}
    if not targets:
        return {**context, "export_error": "No exporter is available yet."}
    try:
        result = exporting.export_project(project, target)
    except services.ServiceError as exc:
        return {**context, "export_error": exc.message}
    paths = list(result.files)
    chosen = file if file in result.files else paths[0]
    text = result.files[chosen]
    big = len(text) > 400_000  # colouring megabytes of text takes seconds: show it plain
    return {**context, "files": paths, "file": chosen, "text": text, "lines": text.count("\n") + 1,
            "code": None if big else highlighting.highlighted(chosen, text),
            "diagnostics": [_diagnostic_view(d) for d in result.diagnostics]}


def _diagnostic_view(d: Diagnostic) -> dict[str, str]:
    return {"level": d.level.label, "message": d.message, "path": d.path or "", "hint": d.hint or ""}


def export_download(project: Project, target: str, file: str | None) -> HttpResponse:
    try:
        result = exporting.export_project(project, target)
    except services.ServiceError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    if file:
        if file not in result.files:
            return HttpResponse(f"The {target} export has no file {file!r}.", status=404,
                                content_type="text/plain; charset=utf-8")
        response = HttpResponse(result.files[file], content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{PurePosixPath(file).name}"'
        return response
    response = HttpResponse(exporting.export_zip(result.files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exporting.zip_name(project, target)}"'
    return response


# Import -------------------------------------------------------------------------------------------


def import_formats() -> list[str]:
    """The formats the import form offers (named, without importing every reader up front)."""
    importers = _optional("designer.core.importers")
    if importers is None:
        return []
    return [f.value for f in importers.SourceFormat]


_MAX_IMPORT_BYTES = 50 * 1024 * 1024


def import_read(post: QueryDict, files: MultiValueDict[str, UploadedFile]) -> dict[str, Any]:
    """Read the pasted text or uploaded file of an import form; nothing is written."""
    url = (post.get("database_url") or "").strip()
    if url:
        return _import_database(post, url)
    fmt = post.get("format") or None
    uploads = files.getlist("file")
    if uploads:
        if sum(u.size or 0 for u in uploads) > _MAX_IMPORT_BYTES:
            return {"error": f"The files are larger than {_MAX_IMPORT_BYTES // (1024 * 1024)} MB.", "text": ""}
        try:
            sources = {u.name or f"upload-{i}": u.read().decode("utf-8-sig") for i, u in enumerate(uploads)}
        except UnicodeDecodeError:
            return {"error": "A file is not UTF-8 text.", "text": "", "format": fmt or ""}
    elif post.get("bundle"):
        sources = _bundle(post.get("bundle") or "")
    else:
        sources = {post.get("source_name") or PASTED: post.get("text") or ""}
    if not sources:
        return {"error": "The files of the import were lost on the way: choose them again.", "text": ""}
    if len(sources) > 1:
        # Several files (a Prisma schema folder): carried to the confirm step as one JSON field.
        return _import_result(post, sources, fmt, json.dumps(sources), "several files")
    name, text = next(iter(sources.items()))
    return _import_result(post, {name: text}, fmt, None, name)


def _import_database(post: QueryDict, url: str) -> dict[str, Any]:
    """Read a live database for the preview. The confirm step gets the schema as a JSON document,
    so the URL and its password never go back to the browser."""
    context: dict[str, Any] = {"text": "", "source_name": "database.json", "bundle": "", "format": "json",
                               "formats": import_formats(), "name": post.get("name", "")}
    schemas = [s.strip() for s in (post.get("schemas") or "").split(",") if s.strip()] or None
    try:
        result = importing.import_read_database(url, schemas, checked=True)
    except services.ServiceError as exc:
        return {**context, "error": exc.message}
    return {**context, **_preview(result), "text": document.dumps(result.schema),
            "name": context["name"] or result.schema.name, "origin": f"the database {importing.database_label(url)}"}


def _preview(result: ImportResult) -> dict[str, Any]:
    """What the preview shows of an import: its summary, tables and the importer's notes."""
    tables = [{"path": t.path, "columns": len(t.columns), "fks": len(t.foreign_keys)} for t in result.schema.tables]
    return {"result": result, "summary": result.summary.lines(), "tables": tables[:300],
            "more_tables": max(0, len(tables) - 300), "diagnostics": [_diagnostic_view(d) for d in result.diagnostics]}


def _bundle(text: str) -> dict[str, str]:
    """The files of a several-file import, as the preview carried them (empty if tampered with)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}
    return data


def _import_result(post: QueryDict, sources: dict[str, str], fmt: str | None, bundle: str | None,
                   name: str) -> dict[str, Any]:
    text = next(iter(sources.values())) if bundle is None else ""
    context: dict[str, Any] = {"text": text, "source_name": name, "bundle": bundle or "", "format": fmt or "",
                               "formats": import_formats(), "name": post.get("name", "")}
    if not any(t.strip() for t in sources.values()):
        return {**context, "error": "Paste a schema or choose a file to import."}
    try:
        source: dict[str, str] | str = sources if bundle is not None or name != PASTED else text
        result = importing.import_read(source, fmt)
    except services.ServiceError as exc:
        return {**context, "error": exc.message}
    origin = ("pasted text" if name == PASTED else PurePosixPath(name).name if bundle is None
              else f"{len(sources)} files")
    return {**context, **_preview(result), "name": context["name"] or result.schema.name,
            "origin": post.get("origin") or origin}
