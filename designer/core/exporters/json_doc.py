"""The design as the product's own JSON document (``schema.json``), the lossless format."""

from __future__ import annotations

from designer.core import document
from designer.core.exporters import register_exporter
from designer.core.exporters.base import Exporter, ExportResult, Target


@register_exporter
class JsonExporter(Exporter):
    """The JSON document: every field of the model, readable back with ``document.loads``."""

    target = Target.JSON
    description = "The design document in the product's JSON format (schema.json), which imports back unchanged"
    FILE = "schema.json"

    def run(self) -> ExportResult:
        return ExportResult({self.FILE: document.dumps(self.schema)})
