"""export_schema: stdout, --out DIR, --out FILE.zip, --file without a server, and every failure."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from designer.core import document, ir
from designer.core.exporters import export
from projects.models import Project
from tests.conftest import DEMO_SCHEMA, ROOT
from tests.web.commands.conftest import fails, run


def test_a_single_file_target_goes_to_stdout(project: Project, demo_schema: ir.Schema) -> None:
    out = run("export_schema", "fitness", "--target", "sql")
    assert out.stdout == export(demo_schema, "sql").main


def test_out_dir_writes_every_file_of_the_target(project: Project, demo_schema: ir.Schema, tmp_path: Path) -> None:
    run("export_schema", "fitness", "--target", "prisma", "--out", str(tmp_path / "out"))
    expected = export(demo_schema, "prisma").files
    written = {str(p.relative_to(tmp_path / "out")): p.read_text("utf-8")
               for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert written == expected


def test_out_zip_holds_every_file(project: Project, demo_schema: ir.Schema, tmp_path: Path) -> None:
    run("export_schema", "fitness", "--target", "prisma", "--out", str(tmp_path / "prisma.zip"))
    with zipfile.ZipFile(tmp_path / "prisma.zip") as archive:
        assert {n: archive.read(n).decode() for n in archive.namelist()} == export(demo_schema, "prisma").files


def test_diagnostics_go_to_stderr_not_into_the_output(project: Project, demo_schema: ir.Schema,
                                                       tmp_path: Path) -> None:
    result = export(demo_schema, "prisma")
    assert result.diagnostics, "the demo uses checks, which Prisma cannot declare"
    out = run("export_schema", "fitness", "--target", "prisma", "--out", str(tmp_path))
    assert result.diagnostics[0].message in out.stderr
    assert out.stdout == ""


def test_a_multi_file_target_without_out_is_refused(project: Project) -> None:
    error = fails("export_schema", "fitness", "--target", "prisma")
    assert "--out" in str(error) and "files" in str(error)
    assert error.returncode == 1


def test_options_override_the_defaults(project: Project, demo_schema: ir.Schema) -> None:
    out = run("export_schema", "fitness", "--target", "sql", "--option", "idempotent=true")
    assert out.stdout == export(demo_schema, "sql", {"idempotent": True}).main
    assert out.stdout != export(demo_schema, "sql").main


@pytest.mark.parametrize(("args", "message"), [
    (["nope", "--target", "sql"], "There is no project 'nope' (projects: fitness)"),
    (["fitness", "--target", "cobol"], "unknown export target 'cobol'"),
    (["fitness", "--target", "sql", "--option", "nonsense"], "write it as name=value"),
    (["fitness", "--target", "sql", "--option", "colour=blue"], "has no option colour"),
    (["--target", "sql"], "Name a project (SLUG) or a schema file (--file)"),
    (["fitness", "--file", "x.json", "--target", "sql"], "one of the two"),
])
def test_failures_say_what_is_wrong(project: Project, args: list[str], message: str) -> None:
    assert message in str(fails("export_schema", *args))


def test_out_that_is_a_file_is_refused(project: Project, tmp_path: Path) -> None:
    existing = tmp_path / "taken.txt"
    existing.write_text("x")
    assert "is a file" in str(fails("export_schema", "fitness", "--target", "prisma", "--out", str(existing)))


@pytest.mark.django_db
def test_a_schema_file_exports_without_a_project(demo_schema: ir.Schema) -> None:
    out = run("export_schema", "--file", str(DEMO_SCHEMA), "--target", "dbml")
    assert out.stdout == export(demo_schema, "dbml").main


@pytest.mark.django_db
def test_a_sql_file_is_read_by_the_importer(tmp_path: Path) -> None:
    source = tmp_path / "shop.sql"
    source.write_text("CREATE TABLE shops (id bigint PRIMARY KEY, name text NOT NULL);\n")
    out = run("export_schema", "--file", str(source), "--target", "json")
    schema = document.loads(out.stdout)
    assert [c.name for c in schema.tables[0].columns] == ["id", "name"]


@pytest.mark.django_db
def test_a_broken_file_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.sql"
    source.write_text("CREATE TABLE ok (id int);\nCREATE TABLE broken (id int,,);\n")
    error = str(fails("export_schema", "--file", str(source), "--target", "sql"))
    assert "broken.sql:2" in error


@pytest.mark.django_db
def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    assert "no such file" in str(fails("export_schema", "--file", str(tmp_path / "gone.json"), "--target", "sql"))


def test_the_real_command_line_exports_a_file_and_exits_non_zero_on_failure(tmp_path: Path,
                                                                           demo_schema: ir.Schema) -> None:
    """As a pipeline runs it: a separate process, no server, the default embedded storage."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}", "DJANGO_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, str(ROOT / "manage.py"), "export_schema", "--file", str(DEMO_SCHEMA)]
    ok = subprocess.run([*command, "--target", "mermaid"], capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == export(demo_schema, "mermaid").main
    bad = subprocess.run([*command, "--target", "cobol"], capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1
    assert "unknown export target 'cobol'" in bad.stderr
    zipped = subprocess.run([*command, "--target", "sql", "--out", str(tmp_path / "sql.zip")], capture_output=True,
                            env=env, check=False)
    assert zipped.returncode == 0
    archive = zipfile.ZipFile(io.BytesIO((tmp_path / "sql.zip").read_bytes()))
    assert archive.namelist() == list(export(demo_schema, "sql").files)
