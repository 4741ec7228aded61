"""Parsing in a worker process: results come back whole, failures come back as ReportErrors."""
import pytest

from juesuan.parse.errors import EmptyFileError, ReportError
from juesuan.parse.isolated import ParseResourceError, ParseTimeoutError, parse_isolated

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
    with pytest.raises(ParseResourceError) as err:
        parse_isolated(seed_bytes(), "yangquan-2024.pdf", memory_mb=1)
    assert "内存" in err.value.message
    assert isinstance(err.value, ReportError)
