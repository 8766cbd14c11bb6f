"""Findings as data: plain JSON for the API, and SARIF 2.1.0 for code-scanning tools.

SARIF (the OASIS Static Analysis Results Interchange Format) is what GitHub code scanning and
other CI dashboards read; each finding becomes a ``result`` whose ``ruleId`` is the catalog slug
and whose logical location is the object path (``workouts.user_id``). A stable
``partialFingerprints`` entry (the finding id) lets those tools follow a finding across runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from designer.core.diagnostics import Level
from designer.core.validate.registry import Finding, Registry, registry

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}
TOOL_URI = "https://github.com/designer/designer/blob/main/docs/rules.md"


def to_json(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Each finding as a JSON-ready dict: id, rule, level, message, path, hint, fix."""
    out = []
    for f in findings:
        d = f.diagnostic
        item: dict[str, Any] = {"id": f.id, "rule": d.code, "level": d.level.label, "message": d.message,
                                "path": d.path, "hint": d.hint, "fix": None}
        if f.fix is not None:
            item["fix"] = {"description": f.fix.description, "edit": type(f.fix.edit).__name__,
                           "summary": f.fix.edit.summary}
        out.append(item)
    return out


def _kind(path: str) -> str:
    return "table" if path and "." not in path else "member" if path else "module"


def to_sarif(findings: Iterable[Finding], *, artifact_uri: str | None = None, lines: Mapping[str, int] | None = None,
             tool_version: str = "1.0", rules: Registry | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run.

    Args:
        findings: what :func:`~designer.core.validate.lint` returned.
        artifact_uri: the file the schema lives in (``schema.json``), so code-scanning tools can
            place results; without it results carry logical locations only.
        lines: the line of each object path in that file, when known (line 1 otherwise).
        tool_version: the designer's version.
    """
    reg = rules or registry
    found = list(findings)
    used = list(dict.fromkeys(f.rule for f in found))
    index = {rule_id: n for n, rule_id in enumerate(used)}
    descriptors = []
    for rule_id in used:
        entry: dict[str, Any] = {"id": rule_id, "name": rule_id, "helpUri": f"{TOOL_URI}#{rule_id.replace('.', '')}"}
        if rule_id in reg:
            r = reg[rule_id]
            entry.update({"shortDescription": {"text": r.statement},
                          "fullDescription": {"text": f"{r.statement} Source: {r.source}."},
                          "help": {"text": r.fix or r.statement},
                          "defaultConfiguration": {"level": SARIF_LEVELS[r.level]},
                          "properties": {"tags": list(r.tags)}})
        descriptors.append(entry)
    results = []
    for f in found:
        d = f.diagnostic
        text = f"{d.message} {d.hint}".strip() if d.hint else d.message
        location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": d.path or "schema",
                                                          "kind": _kind(d.path)}]}
        if artifact_uri is not None:
            line = (lines or {}).get(d.path, 1)
            location["physicalLocation"] = {"artifactLocation": {"uri": artifact_uri},
                                            "region": {"startLine": max(1, line)}}
        result: dict[str, Any] = {"ruleId": d.code, "ruleIndex": index[d.code], "level": SARIF_LEVELS[d.level],
                                  "message": {"text": text}, "locations": [location],
                                  "partialFingerprints": {"findingId/v1": f.id}}
        if f.fix is not None:
            result["properties"] = {"fix": f.fix.description}
        results.append(result)
    run: dict[str, Any] = {"tool": {"driver": {"name": "designer-validate", "version": tool_version,
                                               "informationUri": TOOL_URI, "rules": descriptors}},
                           "results": results}
    if artifact_uri is not None:
        run["artifacts"] = [{"location": {"uri": artifact_uri}}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
