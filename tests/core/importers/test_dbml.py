"""The DBML importer (pydbml): mapping and located syntax errors."""

from __future__ import annotations

import pytest

from designer.core import ir
from designer.core.importers import ImportFailed, import_source


def test_references_and_indexes() -> None:
    schema = import_source('''
Table authors {
  id serial [pk]
  name "character varying(80)" [not null]
}
Table books {
  id int [pk]
  author_id int
  isbn char(13)
  indexes {
    isbn [unique, name: 'books_isbn']
    `lower(isbn)` [type: hash]
  }
}
Ref: books.author_id > authors.id [delete: set null]
''', "dbml").schema
    authors = schema.table("authors")
    assert authors is not None
    assert authors.column("id").default == ir.Default.sequence("authors_id_seq")  # type: ignore[union-attr]
    assert authors.column("name").type.sql == "varchar(80)"  # type: ignore[union-attr]
    books = schema.table("books")
    assert books is not None
    assert books.uniques == (ir.Unique("books_isbn", ("isbn",)),)
    assert books.indexes == (ir.Index("books_lower_idx", (ir.IndexElement(expression="lower(isbn)"),),
                                      method=ir.IndexMethod.HASH),)
    (fk,) = books.foreign_keys
    assert fk.on_delete is ir.Action.SET_NULL and fk.name == "books_author_id_fkey"


def test_syntax_errors_are_located() -> None:
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.dbml": "Table t {\n  a int [pk\n}\n"})
    assert (failure.value.file, failure.value.line) == ("s.dbml", 3)
    assert "DBML syntax error" in str(failure.value)


def test_unknown_reference_fails() -> None:
    with pytest.raises(ImportFailed, match="not present"):
        import_source({"s.dbml": "Table t {\n  a int\n}\nRef: t.a > u.b\n"})
