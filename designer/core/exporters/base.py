"""What every exporter is: a class per target that turns a schema into files."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from designer.core import ir
from designer.core.diagnostics import Diagnostic


class Target(StrEnum):
    """Every export target; the registry's keys."""

    SQL = "sql"
    PRISMA = "prisma"
    DRIZZLE = "drizzle"
    SEQUELIZE = "sequelize"
    SQLALCHEMY = "sqlalchemy"
    DOCS = "docs"
    DBML = "dbml"
    MERMAID = "mermaid"
    JSON = "json"


OptionValue = str | bool | int


@dataclass(frozen=True)
class Option:
    """An export option: its default and a one-line explanation for the UI, API and CLI."""

    default: OptionValue
    help: str
    choices: tuple[str, ...] = ()


class ExportError(ValueError):
    """An export that cannot run: unknown target, bad option, inconsistent schema."""


@dataclass(frozen=True)
class ExportResult:
    """The files an export produced (path to text, in a stable order) and what it could not express.

    Attributes:
        files: relative path (``prisma/schema.prisma``) to file content.
        diagnostics: what the target could not express, and where it went instead.
    """

    files: dict[str, str]
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def main_path(self) -> str:
        return next(iter(self.files))

    @property
    def main(self) -> str:
        """The first (main) file's text."""
        return self.files[self.main_path]


class Exporter(ABC):
    """Base of every target's exporter.

    Subclasses set ``target`` and ``description``, declare ``OPTIONS``, and implement
    :meth:`run`. They never drop what they cannot express: they add a Diagnostic and carry on.
    """

    target: ClassVar[Target]
    description: ClassVar[str]
    #: The options this target understands, with defaults.
    OPTIONS: ClassVar[dict[str, Option]] = {}

    def __init__(self, schema: ir.Schema, options: Mapping[str, OptionValue] | None = None) -> None:
        self.schema = schema
        self.options = self.resolve_options(options or {})
        self.diagnostics: list[Diagnostic] = []

    @classmethod
    def resolve_options(cls, given: Mapping[str, OptionValue]) -> dict[str, OptionValue]:
        unknown = set(given) - set(cls.OPTIONS)
        if unknown:
            known = ", ".join(sorted(cls.OPTIONS)) or "none"
            names = ", ".join(sorted(unknown))
            raise ExportError(f"{cls.target.value} export has no option {names} (options: {known})")
        out: dict[str, OptionValue] = {}
        for name, option in cls.OPTIONS.items():
            value = given.get(name, option.default)
            if isinstance(option.default, bool):
                value = value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
            elif isinstance(option.default, int) and not isinstance(option.default, bool):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise ExportError(f"option {name} must be a whole number, not {value!r}") from None
            else:
                value = str(value)
            if option.choices and value not in option.choices:
                raise ExportError(f"option {name} must be one of {', '.join(option.choices)}, not {value!r}")
            out[name] = value
        return out

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    @abstractmethod
    def run(self) -> ExportResult:
        """Produce the files."""
