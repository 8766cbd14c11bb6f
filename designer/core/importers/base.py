"""What every importer is: a class per source format that turns text into a schema.

Importers work in two phases (STYLE.md, section 5): they first parse the source into loose
blueprints (names as strings, positions kept), then resolve names into a :class:`~designer.core.ir.Schema`.
Either phase can fail with :class:`ImportFailed`, which says where (file, line, column, the
offending text) and why; nothing is ever half-imported. What the model cannot hold is never
dropped silently: it is counted in :class:`ImportSummary` and explained by a diagnostic.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from designer.core import ir
from designer.core.consistency import check_consistency
from designer.core.diagnostics import Diagnostic, Level


class SourceFormat(StrEnum):
    """Every source an importer reads from text; the registry's keys."""

    SQL = "sql"
    PRISMA = "prisma"
    DBML = "dbml"
    JSON = "json"


# Where things are ------------------------------------------------------------------------------


class SourceLocation:
    """A position in a source file; ``line`` and ``column`` count from 1.

    A location made by :meth:`LineIndex.deferred` works out its line and column only when
    asked: an import records tens of thousands of positions and reports a handful.
    """

    __slots__ = ("_column", "_index", "_line", "_offset", "file")

    def __init__(self, file: str, line: int, column: int) -> None:
        self.file = file
        self._line = line
        self._column = column
        self._index: LineIndex | None = None
        self._offset = 0

    @classmethod
    def _deferred(cls, index: LineIndex, offset: int) -> SourceLocation:
        at = cls.__new__(cls)
        at.file = index.file
        at._index = index
        at._offset = offset
        return at

    def _resolve(self) -> None:
        assert self._index is not None
        self._line, self._column = self._index.line_column(self._offset)
        self._index = None

    @property
    def line(self) -> int:
        if self._index is not None:
            self._resolve()
        return self._line

    @property
    def column(self) -> int:
        if self._index is not None:
            self._resolve()
        return self._column

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceLocation):
            return NotImplemented
        return (self.file, self.line, self.column) == (other.file, other.line, other.column)

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.column))

    def __repr__(self) -> str:
        return f"SourceLocation(file={self.file!r}, line={self.line}, column={self.column})"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class LineIndex:
    """Turns character offsets of a text into :class:`SourceLocation` (1-based line and column)."""

    #: Lookups answered by counting newlines (cheap for a few) before the index of line starts is built.
    COUNTED = 16

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self._starts: array[int] | None = None
        self._counted = 0

    @property
    def starts(self) -> array[int]:
        """Where each line starts (built on first use: most imports ask for a few lines, or none)."""
        if self._starts is None:
            starts = array("q", [0])
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def line_column(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        if self._starts is None and self._counted < self.COUNTED:
            self._counted += 1
            line_start = self.text.rfind("\n", 0, offset) + 1
            return self.text.count("\n", 0, line_start) + 1, offset - line_start + 1
        starts = self.starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def location(self, offset: int) -> SourceLocation:
        return SourceLocation(self.file, *self.line_column(offset))

    def deferred(self, offset: int) -> SourceLocation:
        """The location of ``offset``, with line and column worked out when first read."""
        return SourceLocation._deferred(self, offset)

    def line_text(self, line: int) -> str:
        """The text of line ``line`` (1-based), without its newline."""
        starts = self.starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end]


class ImportFailed(ValueError):
    """An import that cannot complete: a syntax error, an unknown name, or an inconsistent result.

    Attributes:
        message: what is wrong, for a person.
        location: where in the source, when known.
        text: the offending source text (a line, a token), when known.
        problems: every problem found, for failures that have several (the first is ``message``).
    """

    def __init__(self, message: str, location: SourceLocation | None = None, text: str = "",
                 problems: Sequence[Diagnostic] = ()) -> None:
        self.message = message
        self.location = location
        self.text = text
        self.problems = tuple(problems)
        super().__init__(self._render())

    @property
    def file(self) -> str:
        return self.location.file if self.location else ""

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    def _render(self) -> str:
        head = f"{self.location}: {self.message}" if self.location else self.message
        if self.text:
            head += f"\n    {self.text.strip()}"
        extra = [str(p) for p in self.problems[1:10]]
        if len(self.problems) > 10:
            extra.append(f"... and {len(self.problems) - 10} more")
        return "\n".join([head, *extra])


# What an import produced ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import created and what it left out, for the preview before a person confirms.

    Attributes:
        skipped: statement (or declaration) kind, such as ``INSERT`` or ``CREATE FUNCTION``, to how
            many of them the source had that the model does not hold.
    """

    tables: int = 0
    columns: int = 0
    enums: int = 0
    namespaces: int = 0
    foreign_keys: int = 0
    indexes: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, schema: ir.Schema, skipped: Mapping[str, int]) -> ImportSummary:
        return cls(
            tables=len(schema.tables),
            columns=sum(len(t.columns) for t in schema.tables),
            enums=len(schema.enums),
            namespaces=len(schema.namespaces),
            foreign_keys=sum(len(t.foreign_keys) for t in schema.tables),
            indexes=sum(len(t.indexes) + len(t.uniques) for t in schema.tables),
            skipped=dict(sorted(skipped.items())),
        )

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def lines(self) -> list[str]:
        """The summary in words, one line per fact."""
        out = [f"{self.tables} tables, {self.columns} columns, {self.enums} enums, "
               f"{self.foreign_keys} foreign keys, {self.indexes} indexes and unique rules"]
        if self.namespaces:
            out.append(f"{self.namespaces} schemas besides public")
        out.extend(f"skipped {count} × {kind}" for kind, count in self.skipped.items())
        return out


@dataclass(frozen=True)
class ImportResult:
    """A schema read from a source, with what the reader noticed and a summary for the preview."""

    schema: ir.Schema
    diagnostics: tuple[Diagnostic, ...] = ()
    summary: ImportSummary = field(default_factory=ImportSummary)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level >= Level.WARNING)


class Skips:
    """Counts what an importer leaves out, by kind, and remembers where each kind first occurred."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.first: dict[str, SourceLocation | str] = {}

    def add(self, kind: str, where: SourceLocation | str = "") -> None:
        self.counts[kind] += 1
        if kind not in self.first:
            self.first[kind] = where

    def diagnostics(self, code: str, hint: str = "") -> list[Diagnostic]:
        """One info diagnostic per kind skipped (not one per statement: a dump can have thousands)."""
        out = []
        for kind, count in sorted(self.counts.items()):
            times = "once" if count == 1 else f"{count} times"
            out.append(Diagnostic(Level.INFO, code, f"skipped {kind} ({times}): the schema model does not hold it",
                                  hint=hint, location=str(self.first.get(kind, ""))))
        return out


def finish(schema: ir.Schema, diagnostics: Iterable[Diagnostic], skips: Skips,
           locations: Mapping[str, SourceLocation] | Callable[[], Mapping[str, SourceLocation]] | None = None,
           ) -> ImportResult:
    """Check the built schema and wrap it up; an inconsistent schema fails the import.

    Args:
        locations: where each object (by diagnostic path, such as ``users`` or ``billing.invoices``)
            was declared, so that well-formedness problems point into the source; or a function
            that makes them, called only when there are problems.
    """
    problems = check_consistency(schema)
    if problems:
        if callable(locations):
            locations = locations()
        located = [_locate(p, locations or {}) for p in problems]
        first = located[0]
        where = None
        if first.location and locations:
            where = next((loc for loc in locations.values() if str(loc) == first.location), None)
        raise ImportFailed(f"the imported schema is not well-formed: {first.message}", where, problems=located)
    return ImportResult(schema, tuple(diagnostics), ImportSummary.of(schema, skips.counts))


def _locate(problem: Diagnostic, locations: Mapping[str, SourceLocation]) -> Diagnostic:
    path = problem.path
    while path:
        if path in locations:
            return Diagnostic(problem.level, problem.code, problem.message, problem.path, problem.hint,
                              str(locations[path]))
        path = path.rpartition(".")[0]
    return problem


# The importer base class --------------------------------------------------------------------------


class Importer(ABC):
    """Base of every source format's importer.

    Subclasses set ``format``, ``extensions`` and ``description``, and implement :meth:`sniff`
    (does this text look like my format?) and :meth:`run`.
    """

    format: ClassVar[SourceFormat]
    description: ClassVar[str]
    #: File name endings this format uses, with the dot (``.sql``).
    extensions: ClassVar[tuple[str, ...]]
    #: Whether several files make one schema (a Prisma folder); otherwise exactly one is read.
    multi_file: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def sniff(cls, text: str) -> bool:
        """True when ``text`` looks like this format (used when neither name nor format tells)."""

    @abstractmethod
    def run(self, files: Mapping[str, str], name: str) -> ImportResult:
        """Read ``files`` (path to text) into a schema called ``name``."""
