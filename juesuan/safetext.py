"""Text from outside (report files, file names) made safe at the one place it comes in.

`clean` is applied to every text a reader produced before the model is built
(`clean_document`, called by juesuan.parse.reader.read_document), so nothing
downstream — the store (PostgreSQL refuses NUL), the pages, the exports — ever sees a
control character or a bidi override that would hide or reorder what a reader sees.
`shown` is for printing a file name a user gave: a name in another encoding (a GBK name
on a UTF-8 system arrives as surrogate escapes) is decoded, anything invisible is shown
as an escape, so printing it never fails and never misleads.
"""
from __future__ import annotations

import os

# Invisible characters that change how text reads: C0/C1 controls (tab and line breaks are
# text), DEL, zero-width and joiner marks, bidi embeddings/overrides/isolates, BOM, the
# interlinear annotation marks.
_INVISIBLE = (
    [c for c in range(0x20) if chr(c) not in "\t\n\r"]
    + list(range(0x7F, 0xA0))
    + list(range(0x200B, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + [0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
)
_STRIP = dict.fromkeys(_INVISIBLE)
_ESCAPE = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _INVISIBLE + [ord("\t"), ord("\n"), ord("\r")]}


def clean(text: str) -> str:
    """The text without invisible control characters (see _INVISIBLE)."""
    return text.translate(_STRIP)


def clean_document(doc):
    """A reader's RawDocument with every line and grid cell cleaned: where report text
    enters the model (juesuan.parse.reader.read_document calls this)."""
    for block in doc.blocks:
        if hasattr(block, "rows"):
            block.rows = [[None if c is None else clean(c) for c in row] for row in block.rows]
        else:
            block.text = clean(block.text)
    return doc


def decoded(name: str) -> str:
    """A file name as its author wrote it: bytes that were not UTF-8 (surrogate escapes
    from the file system) are read as GBK, the usual encoding of Chinese Windows names,
    and kept as escapes when they are not GBK either."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="backslashreplace")


def shown(name: str) -> str:
    """A user's file name or path, safe to print: decoded, invisible characters escaped."""
    return decoded(str(name)).translate(_ESCAPE)


def stored_name(name: str) -> str:
    """A file name as the library keeps it: decoded, invisible characters removed."""
    return clean(decoded(str(name)).replace("\t", " ").replace("\n", " ").replace("\r", " "))
