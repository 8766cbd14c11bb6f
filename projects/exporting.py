"""Exports of a stored project: the page, the API and the command line all come through here.

A project keeps per-target defaults in ``project.export_settings`` (``{"prisma": {"provider":
...}}``); options given for one export override them. The work itself is
``designer.core.exporters.export``; this module only adds the project's defaults, turns the
core's ``ExportError`` into a :class:`~projects.services.ServiceError` naming the input field,
and packs files into a zip.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from designer.core import ir
from designer.core.exporters import ExportError, ExportResult, Target, exporters, get_exporter
from designer.core.exporters import export as core_export
from designer.core.exporters.base import OptionValue
from projects.models import Project
from projects.selectors import schema_get
from projects.services import ServiceError

__all__ = ["ExportResult", "export_project", "export_schema", "export_targets", "export_zip", "zip_name"]

# A fixed timestamp for every zip entry: the same files always give the same zip bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def export_targets() -> list[Target]:
    """The targets that have an exporter, in the registry's order."""
    return list(exporters())


def _project_defaults(project: Project, target: str) -> dict[str, OptionValue]:
    """The project's stored options for ``target`` that the exporter still understands.

    Stored settings can outlive an option (an exporter drops or renames one); a stale entry must
    not make every later export fail, so unknown names are left out here. Options the caller
    passes explicitly are checked strictly by the exporter.
    """
    stored = (project.export_settings or {}).get(target)
    if not isinstance(stored, Mapping):
        return {}
    known = get_exporter(target).OPTIONS
    return {name: value for name, value in stored.items() if name in known}


def export_schema(schema: ir.Schema, target: str, options: Mapping[str, Any] | None = None) -> ExportResult:
    """Export a schema that is not stored (a file given to the command line).

    Raises:
        ServiceError: unknown target (field ``target``), bad option (``options``), or a schema that
            is not well-formed.
    """
    try:
        get_exporter(target)
    except ExportError as exc:
        raise ServiceError(str(exc), field="target") from None
    try:
        return core_export(schema, target, dict(options or {}))
    except ExportError as exc:
        field = "options" if "option" in str(exc) else None
        raise ServiceError(str(exc), field=field) from None


def export_project(project: Project, target: str, options: Mapping[str, Any] | None = None) -> ExportResult:
    """Export the project's current schema to ``target``.

    Args:
        options: overrides of the project's stored defaults for this target.

    Raises:
        ServiceError: as :func:`export_schema`.
    """
    try:
        defaults = _project_defaults(project, target)
    except ExportError as exc:
        raise ServiceError(str(exc), field="target") from None
    return export_schema(schema_get(project), target, {**defaults, **(options or {})})


def export_zip(files: Mapping[str, str]) -> bytes:
    """The files as a zip archive; the same files always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            entry = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # a plain readable file once unpacked
            archive.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def zip_name(project: Project, target: str) -> str:
    """The download name of a project's export archive: ``demo-prisma.zip``."""
    return f"{project.slug}-{target}.zip"
