"""The Prisma importer: syntax, Prisma's own semantics, multi-file schemas, located errors."""

from __future__ import annotations

import pytest

from designer.core import ir
from designer.core.importers import ImportFailed, import_source

SCHEMA = '''
datasource db {
  provider = "postgresql"
  schemas  = ["auth", "public"]
}

/// A person.
model Account {
  id        Int       @id @default(autoincrement())
  email     String    @unique(map: "accounts_email_uq") @db.VarChar(320)
  kind      Kind      @default(HUMAN)
  tags      String[]
  balance   Decimal
  at        DateTime  @default(now()) @map("created_at")
  token     String    @default(uuid())
  posts     Post[]    @relation("authored")

  @@map("accounts")
  @@schema("auth")
}

enum Kind {
  HUMAN
  ROBOT @map("bot")

  @@schema("auth")
}
'''

POSTS = '''
model Post {
  id       BigInt   @id @default(autoincrement()) @map("post_id")
  authorId Int      @map("author_id")
  author   Account  @relation("authored", fields: [authorId], references: [id], onDelete: Cascade, map: "posts_author")
  title    String
  score    Float?   @default(0.5)

  @@index([authorId, title(sort: Desc)], map: "posts_author_title")
  @@unique([title], where: raw("score > 0"))
  @@map("posts")
}
'''


def test_models_enums_relations_and_prisma_semantics() -> None:
    result = import_source({"prisma/schema.prisma": SCHEMA, "prisma/post.prisma": POSTS})
    schema = result.schema
    assert schema.namespaces == (ir.Namespace("auth"),)
    assert schema.enums == (ir.Enum("Kind", ("HUMAN", "bot"), "auth"),)
    accounts = schema.table("accounts", "auth")
    assert accounts is not None and accounts.comment == "A person." and accounts.orm_name is None
    cols = {c.name: c for c in accounts.columns}
    assert cols["id"].default == ir.Default.sequence("accounts_id_seq") and not cols["id"].nullable
    assert cols["email"].type.sql == "varchar(320)"
    assert accounts.uniques == (ir.Unique("accounts_email_uq", ("email",)),)
    assert cols["kind"].type.enum == "Kind" and cols["kind"].default == ir.Default.literal("HUMAN")
    assert cols["tags"].type.sql == "text[]" and cols["tags"].nullable  # Prisma lists are nullable columns
    assert cols["balance"].type.sql == "numeric(65,30)"  # Prisma's Decimal
    assert cols["created_at"].type.sql == "timestamp(3)" and cols["created_at"].orm_name == "at"
    assert cols["token"].default == ir.Default.client("uuid")
    posts = schema.table("posts")
    assert posts is not None and posts.orm_name is None
    (fk,) = posts.foreign_keys
    assert (fk.name, fk.columns, fk.ref_namespace, fk.ref_table, fk.ref_columns, fk.on_delete, fk.on_update) == (
        "posts_author", ("author_id",), "auth", "accounts", ("id",), ir.Action.CASCADE, ir.Action.CASCADE)
    assert posts.indexes[0].elements[1] == ir.IndexElement(column="title", descending=True)
    assert posts.uniques == (ir.Unique("posts_title_key", ("title",), "score > 0"),)
    assert posts.column("score").default == ir.Default.literal("0.5")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    ("model A {\n  id Int @id\n  b Strin\n}\n", "neither a scalar type", 3, 3),
    ("model A {\n  id Int @id @default(\n}\n", "expected a value", 3, 1),
    ("model A {\n  id Int @id\n}\nmodel A {\n  id Int @id\n}\n", "declared twice", 4, 1),
    ("model A {\n  id Int @id\n  x Int @db.Nope\n}\n", "unknown native type", 3, 9),
    ("model A {\n  id Int @id\n  %\n}\n", "unexpected character", 3, 3),
])
def test_errors_say_file_line_and_column(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(ImportFailed) as failure:
        import_source({"schema.prisma": text})
    assert message in str(failure.value)
    assert (failure.value.file, failure.value.line, failure.value.column) == ("schema.prisma", line, column)
