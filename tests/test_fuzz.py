"""Property: whatever is done to a report's text, the parser returns a model or raises its own
typed error — never anything else, never a hang."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.model import Report
from juesuan.parse import ReportError, parse_report

from .corpus import corpus_file

SEED_LINES = corpus_file("yangquan-2024.txt").read_text(encoding="utf-8").splitlines()
NUMBER = re.compile(r"\d+(?:\.\d+)?")
JUNK = st.text(alphabet=st.sampled_from(list("0123456789.,-—\t 表合计公开01万元%（）\x00\ufeff<>*#")), max_size=40)


@st.composite
def mutated(draw) -> list[str]:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["drop", "junk", "swap", "truncate", "duplicate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i : i + draw(st.integers(1, 30))]
        elif op == "junk":
            lines.insert(i, draw(JUNK))
        elif op == "swap":  # two numbers of the report change places
            j = draw(st.integers(0, len(lines) - 1))
            a, b = NUMBER.search(lines[i]), NUMBER.search(lines[j])
            if a and b and i != j:
                lines[i] = lines[i][: a.start()] + b.group() + lines[i][a.end() :]
                lines[j] = lines[j][: b.start()] + a.group() + lines[j][b.end() :]
        elif op == "truncate":
            lines = lines[:i]
        else:
            lines[i:i] = lines[i : i + draw(st.integers(1, 20))]
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_text_gives_a_model_or_a_typed_error(lines):
    data = "\n".join(lines).encode("utf-8")
    try:
        report = parse_report(data, "mutated.txt")
    except ReportError as err:
        assert err.message and re.search(r"[\u4e00-\u9fff]", err.message)
    else:
        assert isinstance(report, Report)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.pdf", "x.txt", "x.docx", "x.xlsx", "x"]))
def test_arbitrary_bytes_give_a_model_or_a_typed_error(data, name):
    try:
        parse_report(data, name)
    except ReportError as err:
        assert re.search(r"[\u4e00-\u9fff]", err.message)
