"""Importers: one module per source format, one registry, pure (they never open connections).

The surfaces (upload, API, ``import_schema``) call :func:`import_source` with text or a mapping
of file paths to text; a live database is read by ``projects/introspect.py`` and its catalog
rows go to :func:`designer.core.importers.postgres.import_catalog`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import PurePosixPath

from designer.core.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    ImportSummary,
    SourceFormat,
    SourceLocation,
)

__all__ = ["ImportFailed", "ImportResult", "ImportSummary", "Importer", "SourceFormat", "SourceLocation",
           "detect_format", "get_importer", "import_source", "importers", "register_importer"]

_REGISTRY: dict[SourceFormat, type[Importer]] = {}

#: Source modules, imported on first use so that the registry is complete.
_MODULES = ("sql", "prisma", "dbml", "json_doc")

#: The name given to text that came without a file name (pasted, or from stdin).
PASTED = "<input>"


def register_importer(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make ``cls`` the importer of ``cls.format``."""
    if cls.format in _REGISTRY and _REGISTRY[cls.format] is not cls:
        raise ValueError(f"{cls.format.value} already has an importer: {_REGISTRY[cls.format].__name__}")
    _REGISTRY[cls.format] = cls
    return cls


def importers() -> dict[SourceFormat, type[Importer]]:
    """Every registered importer, in SourceFormat order."""
    for module in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise  # a real import error inside the module, not a source still to be written
    return {f: _REGISTRY[f] for f in SourceFormat if f in _REGISTRY}


def get_importer(fmt: str | SourceFormat) -> type[Importer]:
    """The importer class of ``fmt``; fails with the list of valid names."""
    available = importers()
    try:
        key = SourceFormat(str(fmt).lower())
    except ValueError:
        key = None
    if key is None or key not in available:
        raise ImportFailed(f"unknown import format {str(fmt)!r}: use one of {', '.join(f.value for f in available)}")
    return available[key]


def detect_format(files: Mapping[str, str]) -> SourceFormat:
    """The format of ``files``, from their extensions, else from what the text looks like."""
    available = importers()
    by_extension: set[SourceFormat] = set()
    for path in files:
        suffix = PurePosixPath(path).suffix.lower()
        by_extension.update(f for f, cls in available.items() if suffix in cls.extensions)
    if len(by_extension) == 1:
        return by_extension.pop()
    if len(by_extension) > 1:
        kinds = ", ".join(sorted(f.value for f in by_extension))
        raise ImportFailed(f"the files mix formats ({kinds}): import one format at a time, or name the format")
    for fmt, cls in available.items():
        if all(cls.sniff(text) for text in files.values()):
            return fmt
    raise ImportFailed("cannot tell the format of the source: name it (sql, prisma, dbml or json)")


def import_source(source: Mapping[str, str] | str, fmt: str | SourceFormat | None = None, *,
                  name: str | None = None) -> ImportResult:
    """Read a schema from text (``source``) or files (path to text).

    Args:
        fmt: ``sql``, ``prisma``, ``dbml`` or ``json``; detected from the file names or the text
            when left out.
        name: the schema's name; by default the (first) file's stem, or ``imported``.

    Raises:
        ImportFailed: the format is unknown, or the source cannot be read; it says where and why.
    """
    files = {PASTED: source} if isinstance(source, str) else dict(source)
    if not files:
        raise ImportFailed("there is nothing to import: no files were given")
    cls = get_importer(fmt) if fmt is not None else get_importer(detect_format(files))
    if not cls.multi_file and len(files) > 1:
        raise ImportFailed(f"{cls.format.value} import reads one file, not {len(files)}")
    if name is None:
        first = next(iter(files))
        name = PurePosixPath(first).stem if first != PASTED else "imported"
    return cls().run(files, name or "imported")
