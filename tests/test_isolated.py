"""Parsing in a worker process: results come back whole, failures come back as ReportErrors."""
import re

import pytest

from juesuan.parse.errors import CorruptFileError, EmptyFileError, ReportError
from juesuan.parse.isolated import ParseTimeoutError, _out_of_memory, parse_isolated

from .corpus import corpus_file


def seed_bytes() -> bytes:
    return corpus_file("yangquan-2024.pdf").read_bytes()


def test_worker_returns_the_parsed_report():
    report = parse_isolated(seed_bytes(), "yangquan-2024.pdf")
    assert report.header.unit == "阳泉市国库集中支付中心"
    assert report.tables["公开01"].value("收入.总计") is not None


def test_typed_errors_cross_the_process_boundary():
    with pytest.raises(EmptyFileError) as err:
        parse_isolated(b"", "empty.pdf")
    assert "文件为空" in err.value.message


def test_time_limit_stops_the_worker():
    with pytest.raises(ParseTimeoutError) as err:
        parse_isolated(seed_bytes(), "yangquan-2024.pdf", timeout=0.05)
    assert "解析超时" in err.value.message


def test_memory_cap_stops_the_worker():
    """With almost no memory to spare the parse fails, and the caller gets a ReportError.
    Where the failed allocation surfaces decides which: a MemoryError is ParseResourceError;
    pdfminer sometimes turns it into a syntax error first (then the file reads as damaged)."""
    with pytest.raises(ReportError) as err:
        parse_isolated(seed_bytes(), "yangquan-2024.pdf", memory_mb=1, timeout=30)
    assert re.search(r"[\u4e00-\u9fff]", err.value.message)


def test_out_of_memory_is_recognised_through_wrapped_errors():
    try:
        try:
            raise MemoryError
        except MemoryError:
            raise CorruptFileError("文件不完整或已损坏") from None
    except CorruptFileError as wrapped:
        assert _out_of_memory(wrapped)
    assert not _out_of_memory(CorruptFileError("文件不完整或已损坏"))
