"""Syntax highlighting of export previews with Pygments.

Pygments has lexers for SQL, TypeScript, JavaScript, Python, Markdown, YAML and JSON, but none
for Prisma schemas or DBML, two of our targets; the two small lexers below fill that gap (their
grammars are a handful of keywords, attributes, types, strings and comments).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer, RegexLexer, bygroups, words
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace
from pygments.util import ClassNotFound


class PrismaLexer(RegexLexer):
    """Prisma schema language: blocks, fields, types, ``@``/``@@`` attributes, functions."""

    name = "Prisma"
    aliases: ClassVar[list[str]] = ["prisma"]
    filenames: ClassVar[list[str]] = ["*.prisma"]
    tokens: ClassVar[dict[str, list]] = {  # type: ignore[type-arg]
        "root": [
            (r"\s+", Whitespace),
            (r"///?.*?$", Comment.Single),
            (r"(model|enum|view|type|datasource|generator)(\s+)(\w+)",
             bygroups(Keyword.Declaration, Whitespace, Name.Class)),  # type: ignore[no-untyped-call]
            (r"@@?[\w.]+", Name.Decorator),
            (words(("String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes",
                    "Unsupported"), suffix=r"\b"), Keyword.Type),
            (r"(true|false|null)\b", Keyword.Constant),
            (r'"(\\\\|\\"|[^"])*"', String.Double),
            (r"\d+(\.\d+)?", Number),
            (r"(\w+)(\()", bygroups(Name.Function, Punctuation)),  # type: ignore[no-untyped-call]
            (r"[A-Z]\w*", Name.Class),
            (r"\w+", Name),
            (r"[?\[\]]", Operator),
            (r"[{}(),:=.]", Punctuation),
            (r".", Text),
        ],
    }


class DbmlLexer(RegexLexer):
    """DBML: Table/Enum/Ref/TableGroup/Project blocks, settings in brackets, notes."""

    name = "DBML"
    aliases: ClassVar[list[str]] = ["dbml"]
    filenames: ClassVar[list[str]] = ["*.dbml"]
    tokens: ClassVar[dict[str, list]] = {  # type: ignore[type-arg]
        "root": [
            (r"\s+", Whitespace),
            (r"//.*?$", Comment.Single),
            (r"/\*[\s\S]*?\*/", Comment.Multiline),
            (r"(?i)(table|enum|ref|tablegroup|project|indexes|note|records)\b", Keyword.Declaration),
            (r"(?i)(pk|increment|unique|not null|null|default|primary key|delete|update|cascade|restrict|"
             r"set null|set default|no action|as|type|name)\b", Keyword),
            (r"'''[\s\S]*?'''", String.Doc),
            (r"'(\\\\|\\'|[^'])*'", String.Single),
            (r'"(\\\\|\\"|[^"])*"', Name),
            (r"`[^`]*`", String.Backtick),
            (r"\d+(\.\d+)?", Number),
            (r"[<>-]", Operator),
            (r"[{}\[\](),:.]", Punctuation),
            (r"\w+", Name),
            (r".", Text),
        ],
    }


_BY_SUFFIX: dict[str, type[Lexer]] = {".prisma": PrismaLexer, ".dbml": DbmlLexer}
_FORMATTER = HtmlFormatter(cssclass="hl", wrapcode=True)


def lexer_for(path: str) -> Lexer:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]()
    if suffix == ".sql":
        return get_lexer_by_name("postgresql")
    if suffix in {".mmd", ".mermaid"}:
        return get_lexer_by_name("text")
    try:
        return get_lexer_for_filename(path)
    except ClassNotFound:
        return get_lexer_by_name("text")


def highlighted(path: str, text: str) -> SafeString:
    """``text`` as HTML with colour classes; Pygments escapes the text itself."""
    return mark_safe(highlight(text, lexer_for(path), _FORMATTER))  # noqa: S308


def style_css() -> str:
    """The colours of highlighted code (copied into static/app.css)."""
    return str(HtmlFormatter(style="default").get_style_defs(".hl"))  # type: ignore[no-untyped-call]
