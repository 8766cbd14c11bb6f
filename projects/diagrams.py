"""ER diagrams rendered by Graphviz ``dot``: the edge around :mod:`designer.core.render.er`.

The page, the API and the management command all call one function::

    from projects.diagrams import DiagramError, DiagramOptions, render_diagram

    render_diagram(schema: ir.Schema, fmt: str = "svg", options: DiagramOptions | None = None,
                   *, content_key: str | None = None)
        -> RenderResult(data: bytes, content_type: str, fallback_note: str | None,
                        strategy: str, detail: str, cached: bool)

    render_diagram(schema, "svg", DiagramOptions(focus="users", depth=2, detail=Detail.KEYS,
                                                 url_template="/p/demo/?table={table}"))

- ``fmt`` is ``svg``, ``png``, ``pdf`` or ``dot`` (the DOT text, not laid out).
- ``options`` are :class:`designer.core.render.er.DiagramOptions`: ``detail`` (``full``,
  ``keys``, ``names``), ``focus`` + ``depth``, ``group``, ``search``, ``url_template``,
  ``legend``, ``notes``, ``clusters``, ``junctions_as_edges``, ``strategy`` (``overview`` draws a
  map of table names). Query parameters map onto them one to one.
- The SVG is made to be inlined (``RenderResult.inline_svg()`` drops the XML prolog): each table
  is ``<g class="node table" id="table-<path, percent-encoded>">`` holding an ``<a>`` with the
  URL from ``url_template`` and the comments as its title; each foreign key is ``<g class="edge
  relation" id="fk-<table>-<constraint>">``; groups are ``<g class="cluster" id="group-<name>">``;
  the legend and notes have the classes ``legend`` and ``note``. No name or comment can add an
  element or attribute (``tests/integration/test_render_dot.py``).
- ``dot`` (``settings.GRAPHVIZ_DOT``) runs with a time limit (``settings.DIAGRAM_TIMEOUT_SECONDS``
  per attempt). When it runs out, the diagram is drawn again with the next strategy of less
  detail (``designer.core.render.layout.fallback_strategy``: full, then keys, then names), and
  ``fallback_note`` says so, for the page to show.
- Results are cached through Django's cache (local memory by default, Redis when configured)
  under a hash of the schema's JSON document, the options, the format and the renderer's own
  code, so an unchanged schema is never laid out twice. Hashing the document means serializing
  the schema (about 65 ms for 300 tables, 240 ms for 1,000); a caller that already knows an
  exact identity of the content, such as ``f"{project.pk}:v{project.version}"`` (versions never
  change), passes it as ``content_key`` and a cached render then costs a cache lookup.
- :class:`DiagramError` carries a message for the user: an unknown format, bad options (an
  unknown focus table, group or strategy, a negative depth), ``dot`` missing or failing, or a
  layout too slow even with table names only.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from designer.core import document, ir
from designer.core.render import er, escaping, layout
from designer.core.render.er import DiagramOptionError, DiagramOptions, ErDiagram, to_dot
from designer.core.render.layout import Detail, fallback_strategy

logger = logging.getLogger(__name__)

__all__ = ["CONTENT_TYPES", "Detail", "DiagramError", "DiagramOptions", "RenderResult", "render_diagram"]

CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
}


class DiagramError(Exception):
    """A diagram that cannot be drawn; the message says why, for the user."""


@dataclass(frozen=True)
class RenderResult:
    """A rendered diagram.

    Attributes:
        data: the file's bytes.
        content_type: its MIME type.
        fallback_note: set when the full layout ran out of time and a faster one was used.
        strategy: the layout strategy used (``layout.STRATEGIES``).
        detail: the detail drawn (``full``, ``keys``, ``names``).
        cached: True when the result came from the cache without running ``dot``.
    """

    data: bytes
    content_type: str
    fallback_note: str | None
    strategy: str
    detail: str
    cached: bool = False

    def inline_svg(self) -> str:
        """An SVG result as markup to put inside a page: the ``<svg>`` element without the XML
        declaration and DOCTYPE that Graphviz writes before it."""
        if self.content_type != CONTENT_TYPES["svg"]:
            raise DiagramError(f"a {self.content_type} diagram cannot be inlined in a page")
        text = self.data.decode("utf-8")
        return text[text.index("<svg") :]


def render_diagram(schema: ir.Schema, fmt: str = "svg", options: DiagramOptions | None = None, *,
                   content_key: str | None = None) -> RenderResult:
    """The ER diagram of ``schema`` as ``fmt`` (see the module docstring).

    Args:
        schema: the schema to draw.
        fmt: ``svg``, ``png``, ``pdf`` or ``dot``.
        options: what to draw (detail, focus, group, search, links...).
        content_key: an exact identity of ``schema``'s content to cache under instead of a hash
            of its document; it must change whenever the schema does.

    Raises:
        DiagramError: an unknown format, options that do not fit the schema, ``dot`` missing or
            failing, or a layout too slow even with table names only.
    """
    if fmt not in CONTENT_TYPES:
        raise DiagramError(f"unknown diagram format {fmt!r}; choose one of {', '.join(CONTENT_TYPES)}")
    options = options or DiagramOptions()
    key = _cache_key(f"key:{content_key}" if content_key is not None else schema_digest(schema), options, fmt)
    try:
        hit = cache.get(key)
    except Exception:  # a cache that is down (Redis) must not stop the diagram, only slow it
        logger.warning("diagram cache unavailable", exc_info=True)
        hit = None
    if isinstance(hit, dict):
        return RenderResult(**hit, cached=True)
    result = _render(schema, fmt, options)
    try:
        cache.set(key, {k: v for k, v in asdict(result).items() if k != "cached"}, timeout=None)
    except Exception:
        logger.warning("diagram cache unavailable", exc_info=True)
    return result


def _render(schema: ir.Schema, fmt: str, options: DiagramOptions) -> RenderResult:
    try:
        diagram = to_dot(schema, options)
    except DiagramOptionError as error:
        raise DiagramError(str(error)) from error
    if fmt == "dot":
        return RenderResult(diagram.source.encode("utf-8"), CONTENT_TYPES[fmt], None, diagram.strategy.name,
                            diagram.detail.value)
    limit = float(settings.DIAGRAM_TIMEOUT_SECONDS)
    first = diagram
    while True:
        data = _run_dot(diagram, fmt, limit)
        if data is not None:
            break
        cheaper = fallback_strategy(diagram.strategy)
        if cheaper is None:
            raise DiagramError(
                f"the diagram of {first.tables} tables took longer than {limit:g} s to lay out even with "
                f"{diagram.strategy.description}; show fewer tables (focus on one, a group or a search)"
            )
        diagram = to_dot(schema, options, cheaper)
    note = None
    if diagram is not first:
        note = (f"The full layout of {first.tables} tables took longer than {limit:g} s, so this diagram was "
                f"drawn with a faster strategy: {diagram.strategy.description} ({diagram.detail.value} detail).")
    return RenderResult(data, CONTENT_TYPES[fmt], note, diagram.strategy.name, diagram.detail.value)


def _run_dot(diagram: ErDiagram, fmt: str, limit: float) -> bytes | None:
    """The rendered bytes, or None when ``dot`` ran past ``limit`` seconds (it is then killed)."""
    command = [settings.GRAPHVIZ_DOT, f"-K{diagram.strategy.engine}", f"-T{fmt}"]
    try:
        done = subprocess.run(command, input=diagram.source.encode("utf-8"), capture_output=True, timeout=limit,
                              check=False)
    except FileNotFoundError:
        raise DiagramError(f"Graphviz is not installed: {settings.GRAPHVIZ_DOT!r} was not found "
                           "(install the graphviz package, or set GRAPHVIZ_DOT to the path of dot)") from None
    except PermissionError:
        raise DiagramError(f"Graphviz {settings.GRAPHVIZ_DOT!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode}"
        raise DiagramError(f"Graphviz could not draw the diagram: {detail}")
    return done.stdout


# Cache keys --------------------------------------------------------------------------------------

# The renderer's own code is part of the key, so a new version never serves an old drawing.
_RENDERER_VERSION = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (er, escaping, layout) if module.__file__)
).hexdigest()[:16]

# Serializing a 1,000-table schema takes a fifth of a second; a schema object rendered in
# several formats or views is hashed once (frozen objects cannot change under us).
_digests: dict[int, str] = {}


def schema_digest(schema: ir.Schema) -> str:
    """The SHA-256 of ``schema``'s JSON document."""
    found = _digests.get(id(schema))
    if found is None:
        found = hashlib.sha256(document.dumps(schema).encode("utf-8")).hexdigest()
        _digests[id(schema)] = found
        weakref.finalize(schema, _digests.pop, id(schema), None)
    return found


def _cache_key(content: str, options: DiagramOptions, fmt: str) -> str:
    # The time limit is in the key too: a drawing that fell back under a short limit is not the
    # answer under a longer one.
    parts = "\0".join((content, options.cache_key(), fmt, _RENDERER_VERSION,
                       str(settings.GRAPHVIZ_DOT), str(settings.DIAGRAM_TIMEOUT_SECONDS)))
    return "diagram:" + hashlib.sha256(parts.encode("utf-8")).hexdigest()
