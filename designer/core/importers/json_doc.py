"""Import the designer's own JSON document format (``designer.core.document``)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from designer.core import document
from designer.core.importers import register_importer
from designer.core.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    LineIndex,
    Skips,
    SourceFormat,
    SourceLocation,
    finish,
)


@register_importer
class JsonImporter(Importer):
    """A schema document written by the JSON export (or by hand, following docs/schema-document.schema.json)."""

    format = SourceFormat.JSON
    description = "the designer's JSON schema document"
    extensions = (".json",)

    @classmethod
    def sniff(cls, text: str) -> bool:
        return text.lstrip().startswith("{") and f'"{document.FORMAT}"' in text[:2000]

    def run(self, files: Mapping[str, str], name: str) -> ImportResult:
        (path, text), = files.items()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            where = SourceLocation(path, exc.lineno, exc.colno)
            raise ImportFailed(f"invalid JSON: {exc.msg}", where, LineIndex(text, path).line_text(exc.lineno)) from None
        try:
            schema = document.schema_from_document(data)
        except document.DocumentError as exc:
            raise ImportFailed(f"{exc.where}: {exc.message}" if exc.where else exc.message,
                               SourceLocation(path, 1, 1)) from None
        return finish(schema, (), Skips())
