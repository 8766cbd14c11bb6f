"""Exporters: one module per target, one registry.

The web layer's only contact is :func:`export`. A target module registers its class with
``@register_exporter``; importing this package imports every target module so the registry is
complete. Output is deterministic: the same schema and options give the same bytes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from designer.core import ir
from designer.core.consistency import check_consistency
from designer.core.exporters.base import Exporter, ExportError, ExportResult, Option, OptionValue, Target
from designer.core.gcpause import no_cycle_collection

__all__ = ["ExportError", "ExportResult", "Exporter", "Option", "Target", "export", "exporters", "get_exporter",
           "register_exporter"]

_REGISTRY: dict[Target, type[Exporter]] = {}

#: Target modules, imported on first use so that the registry is complete.
_MODULES = ("sql_ddl", "prisma", "drizzle", "sequelize", "sqlalchemy", "docs", "dbml", "mermaid", "json_doc")


def register_exporter(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make ``cls`` the exporter of ``cls.target``."""
    if cls.target in _REGISTRY and _REGISTRY[cls.target] is not cls:
        raise ValueError(f"{cls.target.value} already has an exporter: {_REGISTRY[cls.target].__name__}")
    _REGISTRY[cls.target] = cls
    return cls


def _load() -> None:
    for name in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # a real import error inside the module, not a target still to be written


def exporters() -> dict[Target, type[Exporter]]:
    """Every registered exporter, in Target order."""
    _load()
    return {t: _REGISTRY[t] for t in Target if t in _REGISTRY}


def get_exporter(target: str | Target) -> type[Exporter]:
    """The exporter class of ``target``; fails with the list of valid names."""
    available = exporters()
    try:
        key = Target(target)
    except ValueError:
        key = None
    if key is None or key not in available:
        raise ExportError(f"unknown export target {str(target)!r}: use one of {', '.join(t.value for t in available)}")
    return available[key]


def export(schema: ir.Schema, target: str | Target, options: Mapping[str, OptionValue] | None = None) -> ExportResult:
    """Export ``schema`` to ``target``.

    Raises:
        ExportError: unknown target or option, or a schema that is not well-formed.
    """
    cls = get_exporter(target)
    with no_cycle_collection():  # many small objects, all alive until the files are joined
        problems = check_consistency(schema)
        if problems:
            raise ExportError("the schema is not well-formed: "
                              + "; ".join(f"{p.path}: {p.message}" for p in problems[:5]))
        return cls(schema, options).run()


@contextmanager
def registered_temporarily(cls: type[Exporter]) -> Iterator[None]:
    """Register ``cls`` for the length of a ``with`` block (tests)."""
    previous = _REGISTRY.get(cls.target)
    _REGISTRY[cls.target] = cls
    try:
        yield
    finally:
        if previous is None:
            del _REGISTRY[cls.target]
        else:
            _REGISTRY[cls.target] = previous


