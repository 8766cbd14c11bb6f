"""Running the Prisma and Drizzle toolchains (pinned in ``package.json``) on exported files.

Each export is written to a fresh folder whose ``node_modules`` links to this folder's, so the
tools and the generated code resolve the pinned packages exactly as in a user's project.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
BIN = NODE_MODULES / ".bin"
#: Prisma 7's CLI looks for its native schema engine and tries to download it (no network here);
#: validate and format use the bundled WebAssembly and only need the check skipped.
PRISMA_ENV = {"PRISMA_SCHEMA_ENGINE_BINARY": "/bin/false", "CHECKPOINT_DISABLE": "1", "PRISMA_HIDE_UPDATE_MESSAGE": "1"}


class ToolFailed(AssertionError):
    """A toolchain command failed; the message holds its command line and output."""


def run(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """Run ``command`` and return its stdout; raise :class:`ToolFailed` with all its output on failure."""
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                            check=False, timeout=300)
    if result.returncode != 0:
        raise ToolFailed(f"{' '.join(command)} exited with {result.returncode}\n"
                         f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    return result.stdout


@contextmanager
def workspace(files: Mapping[str, str]) -> Iterator[Path]:
    """A temporary project folder holding ``files`` and a link to the pinned node_modules."""
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
        root = Path(tmp)
        (root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
        for path, text in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        yield root


# Prisma -----------------------------------------------------------------------------------------


def prisma_validate(root: Path, schema: str) -> str:
    return run([str(BIN / "prisma"), "validate", "--schema", schema], root, PRISMA_ENV)


def prisma_format(root: Path, schema: str) -> str:
    """``prisma format`` applied to a copy of ``schema``; returns the formatted text."""
    copy = root / "formatted.prisma"
    copy.write_text((root / schema).read_text("utf-8"), "utf-8")
    run([str(BIN / "prisma"), "format", "--schema", str(copy)], root, PRISMA_ENV)
    return copy.read_text("utf-8")


def prisma_migration_sql(root: Path, schema: str, url: str) -> str:
    """The SQL Prisma's schema engine writes to take an empty database to ``schema``."""
    return run(["node", str(HERE / "prisma_diff.mjs"), str(root / schema), url], root)


# Drizzle ----------------------------------------------------------------------------------------

TSCONFIG = HERE / "tsconfig.json"


def typescript_check(root: Path) -> str:
    """``tsc --noEmit --strict --moduleResolution bundler`` over every .ts file in ``root``."""
    (root / "tsconfig.json").write_text('{"extends": "' + str(TSCONFIG) + '", "include": ["**/*.ts"]}\n', "utf-8")
    return run([str(BIN / "tsc"), "--noEmit", "-p", str(root / "tsconfig.json")], root)


def typescript_errors(projects: Mapping[str, Mapping[str, str]]) -> dict[str, list[str]]:
    """Type-check several exports in one ``tsc`` run (it costs seconds to start); errors per project.

    Each project's files go to a folder of their own, so a project's errors are the lines of
    tsc's report that start with that folder.
    """
    folders = {f"p{i}": name for i, name in enumerate(projects)}
    files = {f"{folder}/{path}": text for folder, name in folders.items() for path, text in projects[name].items()}
    errors: dict[str, list[str]] = {name: [] for name in projects}
    with workspace(files) as root:
        try:
            typescript_check(root)
        except ToolFailed as failure:
            report = str(failure)
            for line in report.splitlines():
                folder = line.split("/", 1)[0]
                if folder in folders:
                    errors[folders[folder]].append(line)
            if not any(errors.values()):
                raise  # tsc failed for another reason: show all of it
    return errors


def drizzle_migration_sql(root: Path, schema: str) -> str:
    """The SQL ``drizzle-kit generate`` writes for ``schema`` (a first migration, from nothing)."""
    out = root / "drizzle-out"
    output = run([str(BIN / "drizzle-kit"), "generate", "--dialect", "postgresql", "--schema", schema,
                  "--out", str(out)], root)
    scripts = sorted(out.glob("*.sql"))
    if len(scripts) != 1:  # drizzle-kit reports some failures on stdout and exits 0
        raise ToolFailed(f"drizzle-kit generate wrote {len(scripts)} migrations, expected one:\n{output}")
    # drizzle-kit separates statements with a marker comment for its migrator; psql needs none.
    return scripts[0].read_text("utf-8").replace("--> statement-breakpoint", "")
