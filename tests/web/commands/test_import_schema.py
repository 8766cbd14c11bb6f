"""import_schema: a file, a folder, stdin or a live database, as a new version or a new project."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth.models import User

from designer.core import ir
from projects.models import Project
from projects.selectors import schema_get, version_list
from tests.support.pgdb import run_sql
from tests.web.commands.conftest import fails, run

SHOP = """
CREATE TYPE order_status AS ENUM ('open', 'paid');
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status order_status NOT NULL DEFAULT 'open'
);
INSERT INTO customers VALUES (1, 'a@example.com');
"""


def _tables(project: Project) -> list[str]:
    return [t.name for t in schema_get(project).tables]


def test_a_sql_file_becomes_a_new_version(project: Project, demo_schema: ir.Schema, tmp_path: Path) -> None:
    source = tmp_path / "shop.sql"
    source.write_text(SHOP)
    out = run("import_schema", str(source), "--project", "fitness")
    assert "Read 2 table(s)" in out.stdout and "skipped 1 x INSERT" in out.stdout
    assert "now at version 2" in out.stdout
    assert _tables(project) == ["customers", "orders"]
    assert [v.number for v in version_list(project)] == [2, 1]  # the history keeps the demo


def test_create_makes_a_new_project(owner: object, tmp_path: Path) -> None:
    source = tmp_path / "shop.sql"
    source.write_text(SHOP)
    out = run("import_schema", str(source), "--project", "shop", "--create", "--name", "Shop")
    assert "Created project shop" in out.stdout
    shop = Project.objects.get(slug="shop")
    assert shop.name == "Shop" and _tables(shop) == ["customers", "orders"]


def test_preview_writes_nothing(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "shop.sql"
    source.write_text(SHOP)
    out = run("import_schema", str(source), "--project", "fitness", "--preview")
    assert "Read 2 table(s)" in out.stdout and "nothing was written" in out.stdout
    project.refresh_from_db()
    assert project.version == 1


def test_a_folder_of_prisma_files(project: Project, tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "a.prisma").write_text('datasource db {\n  provider = "postgresql"\n}\n\n'
                                                 "model Author {\n  id Int @id\n  books Book[]\n}\n")
    (tmp_path / "schema" / "b.prisma").write_text("model Book {\n  id Int @id\n  authorId Int\n"
                                                 "  author Author @relation(fields: [authorId], references: [id])\n}\n")
    run("import_schema", str(tmp_path / "schema"), "--project", "fitness")
    assert sorted(_tables(project)) == ["Author", "Book"]


def test_standard_input(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Table cities {\n  id int [pk]\n  name text\n}\n"))
    run("import_schema", "-", "--project", "fitness", "--format", "dbml")
    assert _tables(project) == ["cities"]


def test_a_syntax_error_names_file_line_and_column_and_writes_nothing(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "bad.sql"
    source.write_text("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY,,);\n")
    failure = fails("import_schema", str(source), "--project", "fitness")
    assert "bad.sql:2:" in failure.message
    project.refresh_from_db()
    assert project.version == 1


@pytest.mark.postgres
def test_a_live_database(project: Project, scratch_db: str) -> None:
    run_sql(scratch_db, SHOP)
    out = run("import_schema", scratch_db, "--project", "fitness")
    assert "Read 2 table(s)" in out.stdout
    assert _tables(project) == ["customers", "orders"]


@pytest.mark.postgres
def test_a_database_that_refuses_does_not_print_the_password(project: Project, scratch_db: str) -> None:
    parts = urlsplit(scratch_db)
    url = urlunsplit(parts._replace(netloc=f"nobody:s3cret-pw@{parts.hostname}:{parts.port or 5432}"))
    failure = fails("import_schema", url, "--project", "fitness")
    assert "nobody" in failure.message
    assert "s3cret-pw" not in failure.message


@pytest.mark.parametrize(("args", "message"), [
    (["gone.sql", "--project", "fitness"], "no such file"),
    (["x.sql", "--project", "nope"], "There is no project 'nope'"),
    (["x.sql", "--project", "fitness", "--create"], "already exists"),
    (["x.sql", "--project", "fitness", "--format", "postgres"], "give a postgresql:// URL"),
    (["x.sql", "--project", "fitness", "--user", "ghost"], "There is no user 'ghost'"),
])
def test_failures_say_what_is_wrong(project: Project, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "x.sql").write_text(SHOP)
    args = [str(tmp_path / a) if a.endswith(".sql") else a for a in args]
    assert message in str(fails("import_schema", *args))


def test_a_user_without_the_editor_role_is_refused(project: Project, tmp_path: Path) -> None:
    User.objects.create_user("stan")
    (tmp_path / "x.sql").write_text(SHOP)
    failure = fails("import_schema", str(tmp_path / "x.sql"), "--project", "fitness", "--user", "stan")
    assert "Not allowed" in failure.message
