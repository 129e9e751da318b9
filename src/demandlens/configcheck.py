"""Typed validation of the pipeline configuration, derived from the config dataclasses.

Every field of every stage config is checked against its type hint (``int``, ``float``,
``bool``, ``str``, ``Literal[...]``, ``X | None``, ``tuple[str, ...]``, ``dict[str, float]``
…), then against the bounds and choices in :data:`BOUNDS` and :data:`CHOICES`. A field
someone adds later is type-checked without any change here; add a line to a table when it
needs a range. Errors name the key, the value and what is allowed.

Example:
    >>> from demandlens.config import PipelineConfig
    >>> PipelineConfig.from_dict({"cluster": {"min_cluster_size": "ten"}})
    Traceback (most recent call last):
    ...
    demandlens.config.ConfigError: cluster.min_cluster_size must be a whole number or null (nothing), got 'ten'.
"""

from __future__ import annotations

import codecs
import dataclasses
import math
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin

__all__ = ["check_config", "coerce", "BOUNDS", "CHOICES", "MASK_TYPES", "describe"]

#: Placeholder types :mod:`demandlens.ingest.mask` knows (kept equal by a test).
MASK_TYPES = (
    "EMAIL", "URL", "IBAN", "CARD", "PERSONNUMMER", "FODSELSNUMMER", "CPR", "PHONE", "NAME"
)
#: Inclusive ``(low, high)`` per dotted key; ``None`` leaves a side open. Numbers without an
#: entry must be finite and at least 0.
BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "seed": (0, 2**32 - 1),
    "ingest.chunksize": (1, None),
    "ingest.min_text_chars": (0, 10_000),
    "clean.max_chars": (1, None),
    "clean.boilerplate_min_tickets": (2, None),
    "clean.boilerplate_max_similarity": (-1, 1),
    "clean.boilerplate_sample_size": (2, None),
    "clean.names_min_tickets": (1, None),
    "clean.names_min_capitalised": (0, 1),
    "clean.names_min_languages": (1, None),
    "language.min_confidence": (0, 1),
    "embed.batch_size": (1, None),
    "embed.cache_write_every": (1, None),
    "embed.centering_min_count": (1, None),
    "reduce.n_components": (2, 100),
    "reduce.n_neighbors": (2, None),
    "reduce.min_dist": (0, 1),
    "reduce.fit_sample_size": (10, None),
    "cluster.min_cluster_size": (2, None),
    "cluster.min_samples": (1, None),
    "cluster.reassign_quantile": (0, 1),
    "cluster.reassign_threshold": (-1, 1),
    "describe.top_n_keywords": (1, None),
    "describe.n_representatives": (1, None),
    "describe.min_language_tickets": (1, None),
    "describe.diversity_threshold": (-1, 1),
    "describe.min_ngram_count": (1, None),
    "describe.ngram_range": (1, 5),
    "match.assign_threshold": (-1, 1),
    "match.neighbours": (1, 200),
    "match.assign_precision": (0.5, 1),
    "match.match_threshold": (-1, 1),
    "match.overlap_threshold": (0, 1),
    "match.match_overlap": (0, 1),
    "match.group_threshold": (-1, 1),
    "match.min_new_tickets": (2, None),
    "quantify.confidence": (0.5, 0.999),
    "quantify.review_sample_size": (1, None),
    "quantify.draws": (100, None),
    "scale.fit_sample_size": (10, None),
    "scale.assign_batch_size": (1, None),
    "scale.tiered_above": (100, None),
    "scale.tier_sample_share": (0.01, 1),
    "scale.tier_sample_max": (100, None),
    "scale.tier_unsure_share": (0, 1),
    "alerts.fdr": (0.0001, 0.5),
    "alerts.min_ratio": (1, None),
    "alerts.min_count": (1, None),
    "alerts.recent_weeks": (1, 52),
    "alerts.min_baseline_weeks": (1, 52),
    "alerts.top_words": (0, 50),
    "alerts.n_examples": (0, 50),
    "repeats.window_days": (1, 365),
}


def _encoding(value: str) -> str | None:
    try:
        codecs.lookup(value)
    except LookupError:
        return "a text encoding Python knows, e.g. utf-8, utf-8-sig, cp1252, latin-1 or utf-16"
    return None


def _delimiter(value: str) -> str | None:
    ok = len(value) == 1 and value not in "\"\r\n"
    return None if ok else "one character, e.g. ',' ';' '|' or '\\t'"


def _date_format(value: str) -> str | None:
    return None if "%" in value else "a strftime format with % codes, e.g. '%d.%m.%Y %H:%M'"


def _range(value: tuple[int, int]) -> str | None:
    return None if value[0] <= value[1] else "(low, high) with low <= high, e.g. [1, 2]"


def _mask_types(value: tuple[str, ...]) -> str | None:
    unknown = [v for v in value if v not in MASK_TYPES]
    if not unknown:
        return None
    hint = [v.upper() for v in unknown if v.upper() in MASK_TYPES]
    fix = f" (types are upper-case: {', '.join(hint)})" if hint else ""
    return f"a list of these types: {', '.join(MASK_TYPES)}; unknown: {', '.join(map(repr, unknown))}{fix}"


#: Extra checks per dotted key: ``check(value) -> None`` when fine, else what is allowed.
CHOICES: dict[str, Callable[[Any], str | None]] = {
    "ingest.encoding": _encoding,
    "ingest.delimiter": _delimiter,
    "ingest.date_format": _date_format,
    "describe.ngram_range": _range,
    "mask.types": _mask_types,
}


def describe(hint: Any) -> str:
    """Plain words for a type hint: ``int | None`` -> "a whole number or null (nothing)"."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        parts = [describe(a) for a in args if a is not type(None)]
        if type(None) in args:
            parts.append("null (nothing)")
        return " or ".join(parts)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a list of {_plural(args[0])}"
        return f"a list of {len(args)} items ({', '.join(describe(a) for a in args)})"
    if origin is dict:
        return f"a mapping of {_plural(args[0])} to {_plural(args[1])}"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a text",
            type(None): "null (nothing)", Any: "anything"}.get(hint, getattr(hint, "__name__", str(hint)))


def _plural(hint: Any) -> str:
    return {int: "whole numbers", float: "numbers", str: "texts", bool: "true/false values"}.get(
        hint, describe(hint))


class _Mismatch(Exception):
    pass


def coerce(value: Any, hint: Any) -> Any:
    """``value`` as the type ``hint`` names (lists become tuples); raises ``_Mismatch``."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce(value, arg)
            except _Mismatch:
                continue
        raise _Mismatch
    if origin is Literal:
        if value in args and type(value) in {type(a) for a in args}:
            return value
        raise _Mismatch
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise _Mismatch
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _Mismatch
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
        raise _Mismatch
    if hint is str:
        if isinstance(value, str):
            return value
        raise _Mismatch
    if hint is type(None):
        if value is None:
            return None
        raise _Mismatch
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise _Mismatch
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(coerce(v, args[0]) for v in value)
        if len(value) != len(args):
            raise _Mismatch
        return tuple(coerce(v, a) for v, a in zip(value, args, strict=True))
    if origin is dict:
        if not isinstance(value, dict):
            raise _Mismatch
        return {coerce(k, args[0]): coerce(v, args[1]) for k, v in value.items()}
    if isinstance(hint, type):
        if isinstance(value, hint):
            return value
        raise _Mismatch
    return value


def check_field(key: str, value: Any, hint: Any, error: type[Exception]) -> Any:
    """The checked, coerced value of one field; raises ``error`` naming ``key``."""
    mapping = _dict_hint(hint)
    if mapping is not None and isinstance(value, dict):  # name the entry that is wrong
        key_hint, value_hint = get_args(mapping)
        out = {}
        for k, v in value.items():
            try:
                k = coerce(k, key_hint)
            except _Mismatch:
                raise error(f"{key} keys must be {_plural(key_hint)}, got {k!r}.") from None
            out[k] = check_field(f"{key}.{k}", v, value_hint, error)
        bounds_key = key
        value = out
        check = CHOICES.get(bounds_key)
        allowed = check(value) if check is not None else None
        if allowed:
            raise error(f"{key} must be {allowed}; got {value!r}.")
        return value
    try:
        value = coerce(value, hint)
    except _Mismatch:
        raise error(f"{key} must be {describe(hint)}, got {value!r}.") from None
    bounds = BOUNDS.get(key)
    for number in _numbers(value):
        low, high = bounds if bounds else (0, None)
        if (low is not None and number < low) or (high is not None and number > high):
            allowed = (f"between {low} and {high}" if low is not None and high is not None
                       else f"at least {low}" if low is not None else f"at most {high}")
            raise error(f"{key} must be {allowed}, got {value!r}.")
    check = CHOICES.get(key)
    if check is not None and value is not None:
        allowed = check(value)
        if allowed:
            raise error(f"{key} must be {allowed}; got {value!r}.")
    return value


def _dict_hint(hint: Any) -> Any:
    """The ``dict[...]`` part of ``hint`` (also inside ``X | None``), else None."""
    if get_origin(hint) is dict:
        return hint
    if get_origin(hint) in (Union, types.UnionType):
        found = [a for a in get_args(hint) if get_origin(a) is dict]
        return found[0] if found else None
    return None


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [value]
    if isinstance(value, tuple):
        return [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return []


def check_config(config: Any, error: type[Exception], prefix: str = "") -> None:
    """Check every field of a (nested) config dataclass instance; raises ``error``."""
    hints = typing.get_type_hints(type(config))
    for f in dataclasses.fields(config):
        key = f"{prefix}{f.name}"
        value = getattr(config, f.name)
        if dataclasses.is_dataclass(value):
            check_config(value, error, f"{key}.")
            continue
        checked = check_field(key, value, hints[f.name], error)
        if checked is not value and checked != value or type(checked) is not type(value):
            object.__setattr__(config, f.name, checked)
