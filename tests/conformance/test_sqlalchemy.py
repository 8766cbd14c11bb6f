"""The SQLAlchemy export, proven by SQLAlchemy 2.0 and Alembic themselves.

For every case: ``models.py`` and the Alembic revision compile and pass ``mypy --strict``; the
models' ``metadata.create_all()`` (psycopg 3) builds a database that, read back from pg_catalog,
equals the one the SQL export builds apart from differences the exporter reported as diagnostics
on those very objects (``EXPLAINS``); the revision's ``upgrade()``, run through Alembic's own
``Operations``, builds that database too, and ``downgrade()`` leaves it empty. Hypothesis then
tries hostile names and comments: the files still compile and both paths build exactly them.
"""

from __future__ import annotations

import functools
import importlib.util
import py_compile
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from hypothesis import HealthCheck, Phase, given, settings

from designer.core import ir
from designer.core.exporters import ExportResult, export
from designer.core.exporters.sqlalchemy import MODELS_PATH, REVISION_PATH
from tests.conformance.coverage import Explains, uncovered
from tests.conformance.materialize import run
from tests.support.cases import CASES, load_case
from tests.support.catalog import snapshot
from tests.support.pgdb import run_sql, scratch_database
from tests.support.strategies import schemas

pytestmark = [pytest.mark.conformance, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
MYPY = ROOT / ".venv" / "bin" / "mypy"

#: Which database differences each SQLAlchemy diagnostic announces. Anything else is a failure.
#: (Enum and schema comments are not part of the catalog snapshot, so their diagnostics explain nothing.)
EXPLAINS: Explains = {}


@contextmanager
def loaded(path: Path) -> Iterator[ModuleType]:
    """``path`` imported as a fresh module, forgotten afterwards."""
    name = f"generated_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # SQLAlchemy resolves the models' string annotations through it
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


def write(result: ExportResult, root: Path) -> tuple[Path, Path]:
    for path, text in result.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return root / MODELS_PATH, root / REVISION_PATH


def engine_for(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def create_all(models: Path, url: str) -> None:
    """What a user of the models runs: map the classes, then ``metadata.create_all()``."""
    with loaded(models) as module:
        module.Base.registry.configure()  # relationships resolve (foreign_keys, back_populates...)
        engine = engine_for(url)
        try:
            module.Base.metadata.create_all(engine)
        finally:
            engine.dispose()


def migrate(revision: Path, url: str, step: str) -> None:
    """Run the revision's ``upgrade`` or ``downgrade`` through Alembic's migration context."""
    with loaded(revision) as module:
        engine = engine_for(url)
        try:
            with engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
                getattr(module, step)()
        finally:
            engine.dispose()


def baseline(schema: ir.Schema) -> dict[str, Any]:
    with scratch_database("sqlbase") as url:
        run_sql(url, export(schema, "sql").main)
        return snapshot(url)


@functools.cache
def case_baseline(name: str) -> dict[str, Any]:
    """The SQL export's database of a case, built once for every test that compares with it."""
    return baseline(load_case(name))


def assert_covered(expected: dict[str, Any], actual: dict[str, Any], result: ExportResult) -> None:
    missing = uncovered(expected, actual, result.diagnostics, EXPLAINS)
    assert not missing, "differences no diagnostic announced:\n" + "\n".join(map(str, missing))


def test_models_and_revision_pass_mypy_strict(tmp_path: Path) -> None:
    # One mypy run over every case (each under its own module names) keeps this quick.
    files = []
    for name in sorted(CASES):
        models, revision = write(export(load_case(name), "sqlalchemy"), tmp_path / name)
        for path, kind in ((models, "models"), (revision, "revision")):
            renamed = tmp_path / f"{name.replace('-', '_')}_{kind}.py"
            path.rename(renamed)
            py_compile.compile(str(renamed), doraise=True)
            files.append(str(renamed))
    # The cache lives on between runs (var/ is not versioned): analysing SQLAlchemy's own typing
    # is most of mypy's work, and it only changes with the pinned SQLAlchemy.
    run([str(MYPY), "--strict", "--cache-dir", str(ROOT / "var" / "mypy-conformance"), *files], tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_create_all_builds_the_database_of_the_sql_export(name: str, tmp_path: Path) -> None:
    schema = load_case(name)
    result = export(schema, "sqlalchemy")
    models, _ = write(result, tmp_path)
    with scratch_database("sqlalchemy") as url:
        create_all(models, url)
        actual = snapshot(url)
    assert_covered(case_baseline(name), actual, result)


@pytest.mark.parametrize("name", sorted(CASES))
def test_alembic_upgrade_builds_it_and_downgrade_empties_it(name: str, tmp_path: Path) -> None:
    schema = load_case(name)
    result = export(schema, "sqlalchemy")
    _, revision = write(result, tmp_path)
    with scratch_database("alembic") as url:
        empty = snapshot(url)
        migrate(revision, url, "upgrade")
        actual = snapshot(url)
        migrate(revision, url, "downgrade")
        assert snapshot(url) == empty
    assert_covered(case_baseline(name), actual, result)


# Each example builds three databases: no shrinking (minutes), the failing schema is printed as is.
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(schema=schemas(names="hostile", max_tables=3))
def test_hostile_names_reach_the_database_unchanged(schema: ir.Schema, tmp_path_factory: pytest.TempPathFactory) \
        -> None:
    result = export(schema, "sqlalchemy")
    models, revision = write(result, tmp_path_factory.mktemp("hostile"))
    py_compile.compile(str(models), doraise=True)
    py_compile.compile(str(revision), doraise=True)
    expected = baseline(schema)
    with scratch_database("sqlalchemy") as url:
        create_all(models, url)
        assert_covered(expected, snapshot(url), result)
    with scratch_database("alembic") as url:
        migrate(revision, url, "upgrade")
        assert_covered(expected, snapshot(url), result)
        migrate(revision, url, "downgrade")
        assert not snapshot(url)["tables"]
