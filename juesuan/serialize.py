"""Report ↔ JSON-able dict, exactly: `report_from_dict(report_to_dict(r)) == r`.

The dict is what the report library stores and what an export can write with `json.dumps`.
Money stays exact: every Decimal is written as its string ('272.930' keeps its zeros).
Decoding follows the model's own type hints, so a model field added later needs no code
here; keys the current model does not know are ignored and missing ones take the field's
default, which lets a stored report written by an older parser still load.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from .model import Report

FORMAT = 1  # bump when a field changes meaning (not when one is merely added)


def to_jsonable(value: Any) -> Any:
    """Dataclasses → dicts, Decimal → str, recursively; JSON scalars as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def report_to_dict(report: Report) -> dict:
    return {"format": FORMAT, **to_jsonable(report)}


def report_from_dict(data: dict) -> Report:
    data = {k: v for k, v in data.items() if k != "format"}
    return _decode(Report, data)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _decode(options[0], value)
        # a union of scalars (e.g. str | int): the JSON value already has the right type
        return value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in value]
    if origin is tuple:  # fixed-length, e.g. a bbox
        return tuple(_decode(item, v) for item, v in zip(typing.get_args(tp), value))
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: _decode(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        known = {f.name for f in dataclasses.fields(tp) if f.init}
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in known})
    if tp is Decimal:
        return Decimal(value)
    return value
