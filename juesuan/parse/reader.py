"""Pick the reader by content (magic bytes), not by the file name's extension.

A file whose extension disagrees with its content is read as what it is, with a note
saying so (users rename files, and mail systems rename them for them).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from ..safetext import clean_document
from .errors import CorruptFileError, EmptyFileError, ReportError, UnsupportedFormatError
from .raw import Progress, RawDocument
from .settings import ParseSettings
from .txt import decode_text, read_text

# kind → how a user calls it (with its extension) and its short name
KIND_NAMES = {
    "pdf": ("PDF文件（.pdf）", "PDF文件"),
    "docx": ("Word文档（.docx）", "Word文档"),
    "xlsx": ("Excel表格（.xlsx）", "Excel表格"),
    "txt": ("文本文件（.txt）", "文本文件"),
}
_EXTENSION_KIND = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".txt": "txt", ".tsv": "txt"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .wps container
SUPPORTED = "支持的格式：PDF（.pdf，需有文字层）、Word（.docx）、Excel（.xlsx）、制表符分隔的文本（.txt）。"


def detect_kind(data: bytes) -> str:
    """'pdf' / 'docx' / 'xlsx' / 'txt' by content; raises UnsupportedFormatError otherwise."""
    if b"%PDF-" in data[:1024]:  # readers accept a little junk before the header
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise CorruptFileError("文件不完整或已损坏（压缩包结构无法读取），无法打开。请重新下载或导出后再上传。") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnsupportedFormatError("该文件是压缩包或其他Office格式，不是Word文档或Excel表格，无法解析。" + SUPPORTED)
    if data.startswith(_OLE2):
        raise UnsupportedFormatError(
            "该文件是旧版Word/Excel格式（.doc/.xls/.wps），无法直接解析。请用Office或WPS另存为.docx或.xlsx后上传。" + SUPPORTED
        )
    if _looks_like_text(data):
        return "txt"
    raise UnsupportedFormatError("无法识别的文件格式。" + SUPPORTED)


def _looks_like_text(data: bytes) -> bool:
    """Decodes (see text.decode_text) and has next to no control characters (binaries do)."""
    sample = data[:65536]
    text = decode_text(sample) if len(data) <= len(sample) else _decode_prefix(sample)
    if text is None:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls <= len(text) // 100


def _decode_prefix(sample: bytes) -> str | None:
    # The cut may fall inside a character: try dropping up to three trailing bytes.
    return next((t for cut in range(4) for t in [decode_text(sample[: len(sample) - cut])] if t is not None), None)


def _read(kind: str, data: bytes, settings: ParseSettings, progress: Progress | None = None) -> RawDocument:
    # Each reader's library is imported when a file of its kind comes (pdfplumber,
    # python-docx and openpyxl with numpy take about a second together to import).
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, settings, progress)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data)
    return read_text(data)


def preload_readers() -> None:
    """Import every reader's library now (a worker does this before capping its memory)."""
    from . import docx, ocr, pdf, xlsx  # noqa: F401

    ocr.preload()


def read_document(data: bytes, filename: str = "", settings: ParseSettings = ParseSettings(),
                  progress: Progress | None = None) -> RawDocument:
    """The document's blocks; `progress(done, total)` hears of each PDF page read (a
    scanned page takes seconds)."""
    if not data:
        raise EmptyFileError("文件为空（0字节），请重新选择文件。")
    if len(data) > settings.max_bytes:
        raise UnsupportedFormatError(
            f"文件过大（{len(data) / 1048576:.1f} MB），超过上限{settings.max_bytes // 1048576} MB，已停止解析。请确认文件内容或拆分后上传。"
        )
    kind = detect_kind(data)
    try:
        doc = _read(kind, data, settings, progress)
    except (ReportError, MemoryError):  # MemoryError: a worker's cap (juesuan/worker.py) says so itself
        raise
    except Exception as exc:  # a reader library choking on a malformed file: never a traceback
        raise CorruptFileError(
            f"{KIND_NAMES[kind][1]}内容已损坏或格式异常，无法读取（{type(exc).__name__}）。请重新下载或导出后再上传。"
        ) from exc
    note = extension_note(filename, kind)
    if note:
        doc.notes.append(note)
    return clean_document(doc)  # report text enters the model here: no control characters


def extension_note(filename: str, kind: str) -> str | None:
    """The note for a file whose extension names another kind than its content."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if not suffix or _EXTENSION_KIND.get(suffix) == kind:
        return None
    return f"文件扩展名为{suffix}，但内容是{KIND_NAMES[kind][0]}，已按{KIND_NAMES[kind][1]}读取。"
