"""A page's content streams cut into pdfminer's tokens by one regular expression (issue #23).

pdfminer's tokenizer is a state machine that handles a byte or a token at a time in
Python, through a 4 KiB buffer (about a third of interpreting a page's content), and its
stack parser then handles every token again. Content streams written by Word,
LibreOffice, Chromium and fpdf2 use plain tokens: numbers, names, operators, arrays,
dictionaries, hex strings and literal strings with the usual escapes. `tokens` reads
those with the values and positions pdfminer gives them, and gives up (None) where its
reading might differ: an escape in a name, nested parentheses, a backslash before CR, an
inline image, a NUL (pdfminer skips it) or another byte it reads as a one-byte operator,
a sign or dot pdfminer would drop, a bare "/" ending a stream that is not the last. pdfminer's own
tokenizer then reads the page (`FastContentParser`). tests/test_pdf_tokens.py compares
both on every kind of token, at pdfminer's buffer boundaries and across streams.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Sequence

from pdfminer import settings
from pdfminer.pdfinterp import PDFContentParser, PDFInterpreterError, PDFPageInterpreter, log
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    KEYWORD_ARRAY_BEGIN, KEYWORD_ARRAY_END, KEYWORD_DICT_END, KWD, LIT, PSEOF, PSKeyword, PSLiteral, keyword_name,
)

# One token at a position, after the whitespace and comments before it (group 1, taken
# whole: possessive, so a failed token never reads inside a comment); any other byte,
# and a token these do not end where pdfminer's would, makes `tokens` give up. (One
# match a token, not one for the space and one for the token: half the loop's turns.)
_TOKEN = re.compile(
    rb"((?:\s|%[^\r\n]*+)*+)"
    rb"(?:(?P<float>[-+]?[0-9]*\.[0-9]*)"
    rb"|(?P<int>[-+]?[0-9]+)"
    rb"|/(?P<name>[^#/%\[\]()<>{}\s]*)"
    rb"|(?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|\((?P<string>(?:[^()\\]|\\[\s\S])*)\)"
    rb"|<(?P<hex>[0-9a-fA-F\s]*)>"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<single>[\[\]{}'\"])"
    rb"|(?P<gt>>))"  # a > that does not end a dictionary: pdfminer reads nothing
)
_REST = re.compile(rb"(?:\s|%[^\r\n]*+)*+")  # what may follow the last token
_SPACE = re.compile(rb"\s")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[\s\S])")
_ESCAPED = {b"b": b"\x08", b"t": b"\t", b"n": b"\n", b"f": b"\x0c", b"r": b"\r", b"(": b"(", b")": b")",
            b"\\": b"\\"}
_INLINE_IMAGE = frozenset((KWD(b"BI"), KWD(b"ID"), KWD(b"EI")))
_NESTING = frozenset(KWD(k) for k in (b"[", b"]", b"<<", b">>", b"{", b"}"))


def _hex(digits: bytes) -> bytes:
    """As pdfminer's _parse_hexstring: spaces out, pairs read, a last odd digit as one
    byte. `digits` holds only hex digits and spaces (_TOKEN): binascii reads the pairs
    (Chromium writes every glyph run as a hex string: a regular expression's callback a
    pair was ~5% of reading its PDFs)."""
    if not digits.isalnum():  # spaces among the digits
        digits = _SPACE.sub(b"", digits)
    if len(digits) % 2:
        return binascii.unhexlify(digits[:-1]) + bytes((int(digits[-1:], 16),))
    return binascii.unhexlify(digits)


class _Declined(Exception):
    pass


def _string(data: bytes, start: int, end: int) -> bytes:
    """A literal string's bytes (data[start:end] is what the parentheses hold), its
    escapes read as pdfminer's _parse_string_1 reads them: b t n f r ( ) \\ and up to
    three octal digits; a backslash before any other byte drops both (a line
    continuation among them)."""
    body = data[start:end]
    if b"\\" not in body:
        return body

    def read(m: re.Match) -> bytes:
        code = m.group(1)
        if 0x30 <= code[0] <= 0x37:  # octal
            value = int(code, 8)
            if value > 255:
                raise _Declined  # pdfminer fails an assertion
            return bytes((value,))
        if code == b"\r":
            raise _Declined  # backslash CR LF: pdfminer skips both only within one of
            # its 4 KiB buffers
        return _ESCAPED.get(code, b"")

    return _ESCAPE.sub(read, body)


def stream_tokens(data: bytes) -> list[tuple[int, object]] | None:
    """pdfminer's (position, token) list for one content stream's bytes, or None where
    this reading might differ from pdfminer's."""
    try:
        return _stream_tokens(data)
    except _Declined:
        return None


def _stream_tokens(data: bytes) -> list[tuple[int, object]] | None:
    out: list[tuple[int, object]] = []
    append = out.append
    pos, end = 0, len(data)
    match = _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:
            if _REST.fullmatch(data, pos):
                break  # only whitespace and comments after the last token
            return None  # a byte pdfminer reads as a one-byte keyword, skips (NUL), or
            # reads as the start of an escape (# in a name), an unbalanced ( or >
        kind = m.lastgroup
        start, pos = m.end(1), m.end()
        if kind == "gt":
            continue
        value = m.group(kind)
        if kind == "float":
            try:
                token: object = float(value)
            except ValueError:  # "." or "-.": pdfminer drops it
                return None
        elif kind == "int":
            token = int(value)
        elif kind == "name":
            if data[pos:pos + 1] == b"#":
                return None  # an escaped byte in the name
            try:
                token = LIT(str(value, "utf-8"))
            except UnicodeDecodeError:
                token = LIT(value)
        elif kind == "keyword":
            token = True if value == b"true" else False if value == b"false" else KWD(value)
            if token in _INLINE_IMAGE:
                return None
        elif kind == "string":
            token = _string(data, start + 1, pos - 1)
        elif kind == "hex":
            append((start, _hex(value)))
            if data[pos:pos + 1] == b">":
                # "<FEFF0E33>>" (LibreOffice's /ActualText): pdfminer reads the string's
                # closing > again, with the next one, as the end of a dictionary
                append((pos - 1, KEYWORD_DICT_END))
                pos += 1
            continue
        else:  # "dict", "single": keywords pdfminer's stack parser knows by identity
            token = KWD(value)
        append((start, token))
    return out


def tokens(streams: Sequence[object]) -> list[tuple[int, object]] | None:
    """The tokens of a page's content streams in order (positions are within each
    stream, as pdfminer's), or None where any stream needs pdfminer's tokenizer.
    pdfminer ends a token at the end of a stream, except a name that is only its "/"
    so far: it goes on into the next stream."""
    out: list[tuple[int, object]] = []
    datas = [stream_value(s).get_data() for s in streams]
    datas = [d for d in datas if d]
    for k, data in enumerate(datas):
        if k < len(datas) - 1 and data.endswith(b"/"):
            return None
        got = stream_tokens(data)
        if got is None:
            return None
        out.extend(got)
    return out


# the tokens pdfminer's stack parser pushes as they are
_PLAIN = (int, float, bool, str, bytes, PSLiteral)


def _plain_array(fast: list) -> tuple[int, list] | None:
    """The array that starts at the end of `fast` (tokens in reverse order), taken off
    it, where it holds only plain tokens and is closed; else None, `fast` untouched."""
    values = []
    for i in range(len(fast) - 2, -1, -1):
        token = fast[i][1]
        if isinstance(token, _PLAIN):
            values.append(token)
        elif token is KEYWORD_ARRAY_END:
            start = fast[-1][0]
            del fast[i:]
            return start, values
        else:
            return None
    return None


class FastContentParser(PDFContentParser):
    """pdfminer's content parser (its stack of arrays and dictionaries, its inline
    images) fed by `tokens` where they can read the streams, else by its own tokenizer."""

    def __init__(self, streams: Sequence[object]) -> None:
        super().__init__(streams)  # raises PSEOF for a page with no content, as pdfminer's
        try:
            fast = tokens(streams)
        except Exception:  # a stream that cannot be decoded: pdfminer's reading fails
            fast = None  # where it did, after the streams before it
        self._fast = fast[::-1] if fast is not None else None  # popped from the end

    def nexttoken(self):
        fast = self._fast
        if fast is None:
            return super().nexttoken()
        if not fast:
            self.eof = True
            raise PSEOF("Unexpected EOF")
        return fast.pop()

    def nextobject(self):
        """pdfminer's stack parser returns a token outside any array, dictionary or
        procedure as it is, as one object: so here, without its bookkeeping; and an
        array of plain tokens (a TJ's strings and numbers) as (its "[" position, its
        values), as its start_type/end_type/flush make it. Other brackets and what
        they hold go through pdfminer's."""
        fast = self._fast
        if fast is None or self.context or self.curstack or self.results:
            return super().nextobject()
        if not fast:
            self.eof = True
            raise PSEOF("Unexpected EOF")
        token = fast[-1][1]
        if token in _NESTING:
            if token is KEYWORD_ARRAY_BEGIN:
                array = _plain_array(fast)
                if array is not None:
                    return array
            return super().nextobject()
        return fast.pop()


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter with FastContentParser; `execute` is pdfminer's
    (20260107) with that parser, and each operator's method looked up once."""

    def execute(self, streams: Sequence[object]) -> None:
        valid_streams: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None:
                log.warning("Execute called on non-indirect object (inline image?) %r", stream)
                continue
            if stream.objid in self.parent_stream_ids:
                log.warning("Refusing to execute circular reference to content stream %d", stream.objid)
            else:
                valid_streams.append(stream)
                self.stream_ids.add(stream.objid)
        try:
            parser = FastContentParser(valid_streams)
        except PSEOF:
            return  # an empty page
        operators: dict = {}
        while True:
            try:
                (_, obj) = parser.nextobject()
            except PSEOF:
                break
            if isinstance(obj, PSKeyword):
                found = operators.get(obj)
                if found is None:  # the operator's method, looked up once a content stream
                    name = keyword_name(obj)
                    method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
                    func = getattr(self, method, None)
                    found = operators[obj] = (func, func.__code__.co_argcount - 1 if func else name)
                func, nargs = found
                if func is None:
                    if settings.STRICT:
                        raise PDFInterpreterError(f"Unknown operator: {nargs!r}")
                elif nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
            else:
                self.push(obj)
