"""Pick the reader by content (magic bytes), not by the file name's extension."""
from __future__ import annotations

from .errors import EmptyFileError
from .pdf import read_pdf
from .raw import RawDocument
from .settings import ParseSettings


def read_document(data: bytes, filename: str = "", settings: ParseSettings = ParseSettings()) -> RawDocument:
    if not data:
        raise EmptyFileError("文件为空（0字节），请重新选择文件。")
    if data.startswith(b"%PDF"):
        return read_pdf(data)
    raise NotImplementedError  # TODO(readers): txt, docx, xlsx
