"""A SQL script as psql runs it: meta-commands and COPY data taken out, statements parsed in chunks.

pg_dump writes psql scripts, not plain SQL: ``\\connect``, ``\\restrict``, ``\\.`` and the data
lines of ``COPY ... FROM stdin`` are read by psql itself and would be syntax errors to
PostgreSQL's parser. :func:`read_script` blanks those lines (keeping every line's number and
every other character's position in its line, so errors still point at the right place),
reports what it took out and notes where statements end. :func:`parse_statements` then parses
the rest with PostgreSQL's parser, many statements a call, to JSON trees (see ``pgtree`` for why
JSON).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import orjson
from pglast.parser import ParseError, parse_sql_json, split

from designer.core.importers.base import ImportFailed, LineIndex, SourceLocation
from designer.core.importers.pgtree import Json

# What the scanner must step over to find line starts that are really outside any statement
# text: string literals (E'' ones allow \'), quoted identifiers, comments, dollar quotes.
_INTERESTING = re.compile(r"""[eE]'|'|"|--|/\*|\$(?:[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$|;|\n[ \t]*\\""")
_E_STRING_END = re.compile(r"(?:[^'\\]|\\.|'')*'", re.DOTALL)
_STRING_END = re.compile(r"(?:[^']|'')*'")
_IDENT_END = re.compile(r'(?:[^"]|"")*"')
_COMMENT_TOKEN = re.compile(r"/\*|\*/")
# Consecutive comment lines in one step: pg_dump heads every object with three of them.
_LINE_COMMENTS = re.compile(r"--[^\n]*(?:\n[ \t]*--[^\n]*)*")
_COPY_FROM_STDIN = re.compile(r"\s*(?:(?:--|\\)[^\n]*\n\s*)*COPY\b.*\bFROM\s+stdin\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class MetaCommand:
    """A psql meta-command line that was taken out (``\\connect app``), or a COPY data block."""

    command: str
    line: int


@dataclass(frozen=True)
class Script:
    """A psql script made plain SQL.

    Attributes:
        text: the script with meta-command lines and COPY data blanked.
        removed: what was taken out, in order.
        ends: offsets in ``text`` just past each semicolon outside literals and comments, where
            a statement most likely ends (a ``BEGIN ATOMIC`` body or a rule's actions hold
            semicolons too, which the parser sorts out).
    """

    text: str
    removed: list[MetaCommand]
    ends: list[int]


def clean_script(text: str) -> tuple[str, list[MetaCommand]]:
    """``text`` with psql meta-command lines and COPY data blanked; what was taken out."""
    script = read_script(text)
    return script.text, script.removed


def read_script(text: str) -> Script:
    """``text`` with psql meta-command lines and COPY data blanked, what was taken out, where statements end."""
    out: list[str] = []
    removed: list[MetaCommand] = []
    ends: list[int] = []
    last = 0  # text[last:pos] is copied unchanged
    dropped = 0  # characters of text[:last] not in the output
    statement_start = 0
    pos = 0
    n = len(text)
    if text.lstrip(" \t").startswith("\\"):
        pos = -1  # a meta-command on the first line: pretend a newline precedes it
    while True:
        if pos == -1:
            m = None
            start, mark = -1, "\n\\"
        else:
            m = _INTERESTING.search(text, pos)
            if m is None:
                break
            start, mark = m.start(), m.group()
        if mark.startswith("\n") or pos == -1:
            line_start = start + 1
            line_end = text.find("\n", line_start)
            line_end = n if line_end == -1 else line_end
            command = text[line_start:line_end].strip()
            removed.append(MetaCommand(command.split()[0] if command.split() else "\\", _line_of(text, line_start)))
            out.append(text[last:line_start])
            dropped += line_end - line_start
            last = pos = line_end
            continue
        end = start + len(mark)
        if mark in ("e'", "E'"):
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                pos = start + 1  # an identifier ending in e, followed by a string
                continue
            close = _E_STRING_END.match(text, end)
            pos = close.end() if close else n
        elif mark == "'":
            close = _STRING_END.match(text, end)
            pos = close.end() if close else n
        elif mark == '"':
            close = _IDENT_END.match(text, end)
            pos = close.end() if close else n
        elif mark == "--":
            comments = _LINE_COMMENTS.match(text, start)
            pos = comments.end() if comments else n
        elif mark == "/*":
            pos = _block_comment_end(text, end)
        elif mark == ";":
            pos = end
            ends.append(end - dropped)
            if _COPY_FROM_STDIN.match(text, statement_start, start):
                pos, blanked = _skip_copy_data(text, pos, out, last, removed)
                dropped += blanked
                last = pos
            statement_start = pos
        else:  # a dollar quote: runs to the same tag
            close_at = text.find(mark, end)
            pos = n if close_at == -1 else close_at + len(mark)
    out.append(text[last:])
    return Script("".join(out), removed, ends)


def _block_comment_end(text: str, pos: int) -> int:
    depth = 1  # PostgreSQL block comments nest
    while depth:
        m = _COMMENT_TOKEN.search(text, pos)
        if m is None:
            return len(text)
        depth += 1 if m.group() == "/*" else -1
        pos = m.end()
    return pos


def _skip_copy_data(text: str, pos: int, out: list[str], last: int, removed: list[MetaCommand]) -> tuple[int, int]:
    """Blank the data lines after ``COPY ... FROM stdin;`` up to and including ``\\.``.

    Returns where the scan goes on, and how many characters were left out of ``out``.
    """
    data_start = text.find("\n", pos)
    if data_start == -1:  # the script ends right after the statement: no data to blank
        out.append(text[last:pos])
        return pos, 0
    data_start += 1
    out.append(text[last:data_start])
    removed.append(MetaCommand("COPY data", _line_of(text, data_start)))
    cursor = data_start
    while cursor < len(text):
        line_end = text.find("\n", cursor)
        line_end = len(text) if line_end == -1 else line_end
        if text[cursor:line_end].rstrip("\r") == "\\.":
            cursor = line_end
            break
        cursor = line_end + 1
    newlines = text.count("\n", data_start, cursor)
    out.append("\n" * newlines)
    return cursor, cursor - data_start - newlines


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# Statements ---------------------------------------------------------------------------------------

#: Characters of script parsed in one call: big enough that the cost per call (a parse, an
#: ``orjson.loads``) vanishes, small enough that a chunk's tree stays a few megabytes.
CHUNK = 1 << 18


class _Chunk:
    """A piece of the script parsed in one call (node locations are byte offsets into it)."""

    __slots__ = ("encoded", "start")

    def __init__(self, text: str, start: int) -> None:
        self.start = start  # in the script, in characters
        self.encoded = None if text.isascii() else text.encode("utf-8")


class Statement:
    """One parsed statement: its JSON tree (``kind`` and ``node``) and where it is.

    :meth:`location` turns node locations (libpg_query's byte offsets) into source locations
    whose line and column are only worked out when a message needs them.
    """

    __slots__ = ("_base_byte", "_base_char", "_chunk", "kind", "lines", "node", "offset")

    kind: str
    node: Json

    def __init__(self, tree: Json, offset: int, lines: LineIndex, chunk: _Chunk, base_byte: int = 0,
                 base_char: int = 0) -> None:
        ((self.kind, self.node),) = tree.items()
        self.offset = offset  # where the statement starts in the script, in characters
        self.lines = lines
        self._chunk = chunk
        # Where the statement starts in its chunk, in bytes and in characters (to convert offsets).
        self._base_byte = base_byte
        self._base_char = base_char

    def sub(self, tree: Json) -> Statement:
        """A statement nested in this one (``CREATE SCHEMA s CREATE TABLE ...``)."""
        return Statement(tree, self.offset, self.lines, self._chunk, self._base_byte, self._base_char)

    def location(self, byte_offset: int | None = None) -> SourceLocation:
        """Where a node of this statement is (the statement's start without an offset)."""
        if byte_offset is None or byte_offset < 0:
            return self.lines.deferred(self.offset)
        chunk = self._chunk
        if chunk.encoded is None:  # ASCII: bytes are characters
            return self.lines.deferred(chunk.start + byte_offset)
        tail = chunk.encoded[self._base_byte:byte_offset].decode("utf-8", errors="ignore")
        return self.lines.deferred(chunk.start + self._base_char + len(tail))

    @property
    def first_line(self) -> str:
        return self.lines.line_text(self.location().line)


def statements(text: str, file: str) -> Iterator[Statement]:
    """The statements of a psql script, parsed; a syntax error fails with its file, line and column.

    Raises:
        ImportFailed: at the first syntax error, with the offending line.
    """
    script = read_script(text)
    yield from parse_statements(script.text, LineIndex(script.text, file), script.ends)


def parse_statements(cleaned: str, lines: LineIndex, ends: Sequence[int] | None = None) -> Iterator[Statement]:
    """Parse a script that :func:`read_script` already cleaned; ``ends`` are its :attr:`Script.ends`.

    The script is parsed in chunks cut after semicolons, so each statement is parsed once (not
    split by one parse, then parsed again) and many share one call. Every chunk is parsed before
    the first statement is returned, so a syntax error anywhere is reported before anything else.

    Raises:
        ImportFailed: at the first syntax error, with the offending line.
    """
    if ends is None:
        ends = read_script(cleaned).ends
    parsed = _parse_chunks(cleaned, ends, lines)
    parsed.reverse()
    while parsed:
        chunk, tree = parsed.pop()  # drop each chunk's JSON text once read: together they outweigh the script
        encoded = chunk.encoded
        byte_pos = char_pos = 0
        for raw in orjson.loads(tree).get("stmts", ()):
            base_byte = raw.get("stmt_location", 0)
            if encoded is not None:  # statements start on character boundaries: count the ones in between
                char_pos += len(encoded[byte_pos:base_byte].decode("utf-8"))
                byte_pos = base_byte
            base_char = base_byte if encoded is None else char_pos  # the statement's first token
            yield Statement(raw["stmt"], chunk.start + base_char, lines, chunk, base_byte, base_char)


def _parse_chunks(cleaned: str, ends: Sequence[int], lines: LineIndex) -> list[tuple[_Chunk, str]]:
    """``cleaned`` cut after semicolons into pieces of about :data:`CHUNK` characters, each parsed to JSON."""
    out = []
    start, n = 0, len(cleaned)
    exact = False  # whether ``ends`` come from the parser itself
    while start < n:
        i = bisect_left(ends, start + CHUNK)
        stop = ends[i] if i < len(ends) else n
        text = cleaned[start:stop]
        try:
            tree = parse_sql_json(text)
        except ParseError as exc:
            if exact:
                raise _syntax_error(exc, lines, start, text) from None
            # A syntax error, or a cut inside a statement whose body holds semicolons
            # (BEGIN ATOMIC, a rule's actions): the parser's own split of the rest tells which.
            rest = cleaned[start:]
            try:
                slices = split(rest, with_parser=True, only_slices=True)
            except ParseError as error:
                raise _syntax_error(error, lines, start, rest) from None
            ends, exact = [start + s.stop for s in slices], True
            continue
        out.append((_Chunk(text, start), tree))
        start = stop
    return out


def _syntax_error(exc: ParseError, lines: LineIndex, base: int, text: str) -> ImportFailed:
    """The failure for a parse error in ``text``, which starts at ``base`` in the script."""
    message = str(exc.args[0]) if exc.args else "syntax error"
    if len(exc.args) > 1 and isinstance(exc.args[1], int):
        offset = base + exc.args[1]
    else:  # "at end of input": PostgreSQL points past the end; point at the last character
        offset = base + max(len(text.rstrip()) - 1, 0)
    where = lines.location(offset)
    line = lines.line_text(where.line)
    pointer = " " * (where.column - 1) + "^"
    return ImportFailed(f"syntax error: {message}", where, f"{line}\n    {pointer}" if line.strip() else "")
