"""The labels file schema: :class:`ThemeLabel`, :class:`Review`, parsing with line numbers, YAML dump.

See docs/architecture.md "Labels file". Pure functions over text; the file itself is handled by
:class:`demandlens.labels.store.LabelStore`.

Example:
    >>> labels = parse_labels("version: 1\\nthemes:\\n  th-1: {name: Late, demand_type: failure}\\n")
    >>> labels["th-1"].demand_type
    'failure'
    >>> parse_labels(dump_labels(labels)) == labels
    True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import DemandLensError
from .taxonomy import Taxonomy, TaxonomyError
from .yamllines import YamlSyntaxError, line_of, load_yaml_with_lines

__all__ = [
    "ThemeLabel",
    "Review",
    "LabelsFileError",
    "DEMAND_TYPES",
    "JUDGEMENT_TYPES",
    "STATUSES",
    "parse_labels",
    "dump_labels",
    "check_against_taxonomy",
]

DEMAND_TYPES = ("failure", "value", "unclear")
JUDGEMENT_TYPES = ("failure", "value", "other")
STATUSES = ("active", "needs_review", "vanished")
HEADER = (
    "# demandlens labels — edited by the labelling workbench; safe to edit by hand.\n"
    "# One entry per theme key. demand_type: failure | value | unclear;\n"
    "# failing_process / sub_process / failure_type: ids from the taxonomy.\n"
)


class LabelsFileError(DemandLensError):
    """The labels file cannot be read; the message names the file and line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file, self.line, self.message = file, line, message
        where = ", ".join(p for p in (file, f"line {line}" if line else None) if p)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Review:
    """A review sample of one theme: the drawn ticket ids and the analyst's judgement of each."""

    seed: int | None = None
    sample: tuple[str, ...] = ()
    #: ticket id -> {"demand_type": failure|value|other, "failing_process": optional id}
    judgements: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeLabel:
    """The analyst's judgement on one theme (fields as in the labels file)."""

    name: str = ""
    demand_type: str | None = None
    failing_process: str | None = None
    sub_process: str | None = None
    failure_type: str | None = None
    root_cause: str = ""
    notes: str = ""
    labelled_by: str | None = None
    labelled_at: str | None = None
    status: str = "active"
    suggested_from: tuple[str, ...] = ()
    review: Review | None = None
    #: Set when a merge absorbed this theme into another theme key (the label is kept).
    merged_into: str | None = None

    @property
    def is_labelled(self) -> bool:
        return self.demand_type is not None


_FIELDS = [f.name for f in dataclasses.fields(ThemeLabel)]
_TEXT = ("name", "root_cause", "notes")
_OPTIONAL_IDS = ("failing_process", "sub_process", "failure_type", "labelled_by", "merged_into")


def parse_labels(text: str, source: str = "labels.yaml") -> dict[str, ThemeLabel]:
    """Parse labels-file text into ``{theme_key: ThemeLabel}``.

    Raises:
        LabelsFileError: invalid YAML or an invalid entry; the message names the line.
    """
    try:
        data, lines = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise LabelsFileError(str(exc).split(": ", 1)[-1], file=source, line=exc.line) from exc

    def fail(path: tuple[Any, ...], message: str) -> LabelsFileError:
        return LabelsFileError(message, file=source, line=line_of(lines, path))

    if data is None:
        return {}
    if not isinstance(data, dict):
        raise fail((), "the labels file must be a mapping with 'version' and 'themes'.")
    for key in data:
        if key not in ("version", "themes"):
            raise fail((key,), f"unknown top-level key '{key}' (expected version, themes).")
    if data.get("version", 1) != 1:
        raise fail(("version",), f"unsupported labels file version {data['version']!r}; expected 1.")
    themes = data.get("themes") or {}
    if not isinstance(themes, dict):
        raise fail(("themes",), "'themes' must map theme keys (th-…) to label entries.")
    return {str(k): _parse_entry(v, ("themes", k), fail) for k, v in themes.items()}


def _parse_entry(entry: Any, path: tuple[Any, ...], fail: Any) -> ThemeLabel:
    key = path[-1]
    if not isinstance(entry, dict):
        raise fail(path, f"theme {key}: the entry must be a mapping of fields (name, demand_type, …).")
    kwargs: dict[str, Any] = {}
    for name, value in entry.items():
        here = (*path, name)
        if name not in _FIELDS:
            raise fail(here, f"theme {key}: unknown field '{name}' (allowed: {', '.join(_FIELDS)}).")
        if name == "demand_type" and value is not None and value not in DEMAND_TYPES:
            raise fail(here, f"theme {key}: demand_type must be one of "
                       f"{', '.join(DEMAND_TYPES)} (got {value!r}).")
        if name == "status" and value not in STATUSES:
            raise fail(here, f"theme {key}: status must be one of {', '.join(STATUSES)} (got {value!r}).")
        if name == "suggested_from":
            if not isinstance(value, list | tuple):
                raise fail(here, f"theme {key}: suggested_from must be a list of theme keys.")
            value = tuple(str(v) for v in value)
        elif name == "review":
            value = _parse_review(value, here, fail) if value is not None else None
        elif name in _TEXT:
            value = "" if value is None else str(value)
        elif value is not None:
            value = str(value)
        kwargs[name] = value
    return ThemeLabel(**kwargs)


def _parse_review(value: Any, path: tuple[Any, ...], fail: Any) -> Review:
    if not isinstance(value, dict) or set(value) - {"seed", "sample", "judgements"}:
        raise fail(path, "review must be a mapping with seed, sample and judgements.")
    sample = value.get("sample") or []
    if not isinstance(sample, list):
        raise fail((*path, "sample"), "review.sample must be a list of ticket ids.")
    judgements: dict[str, dict[str, str]] = {}
    raw = value.get("judgements") or {}
    if not isinstance(raw, dict):
        raise fail((*path, "judgements"), "review.judgements must map ticket ids to judgements "
                   "(ZD-1: {demand_type: failure}), not a list.")
    for tid, j in raw.items():
        here = (*path, "judgements", tid)
        if not isinstance(j, dict) or j.get("demand_type") not in JUDGEMENT_TYPES:
            raise fail(here, f"judgement of ticket {tid} needs demand_type one of "
                       f"{', '.join(JUDGEMENT_TYPES)} (got {j!r}).")
        if set(j) - {"demand_type", "failing_process"}:
            raise fail(here, f"judgement of ticket {tid}: only demand_type and failing_process allowed.")
        judgements[str(tid)] = {k: str(v) for k, v in j.items() if v is not None}
    seed = value.get("seed")
    if seed is not None and not isinstance(seed, int):
        raise fail((*path, "seed"), f"review.seed must be an integer (got {seed!r}).")
    return Review(seed=seed, sample=tuple(str(s) for s in sample), judgements=judgements)


def check_against_taxonomy(
    labels: dict[str, ThemeLabel], taxonomy: Taxonomy, source: str = "labels.yaml"
) -> list[str]:
    """Messages for labels naming processes/failure types the taxonomy does not know (no raise)."""
    problems = []
    for key, lab in labels.items():
        try:
            if lab.failing_process:
                taxonomy.validate_process(lab.failing_process, lab.sub_process)
            if lab.failure_type:
                taxonomy.validate_failure_type(lab.failure_type)
            for j in (lab.review.judgements if lab.review else {}).values():
                if j.get("failing_process"):
                    taxonomy.validate_process(j["failing_process"])
        except TaxonomyError as exc:
            problems.append(f"{source}, theme {key}: {exc} The label is kept as written.")
    return problems


def label_to_dict(label: ThemeLabel) -> dict[str, Any]:
    """Plain dict in the file's fixed field order; optional empty fields are left out."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(label, name)
        if name in _OPTIONAL_IDS and value is None:
            continue
        if name == "review":
            if value is None:
                continue
            value = {"seed": value.seed, "sample": list(value.sample),
                     "judgements": {k: dict(v) for k, v in value.judgements.items()}}
        elif name == "suggested_from":
            value = list(value)
        out[name] = value
    return out


def dump_labels(labels: dict[str, ThemeLabel]) -> str:
    """YAML text of the labels file: comment header, keys sorted, fields in a fixed order."""
    body = {"version": 1, "themes": {k: label_to_dict(labels[k]) for k in sorted(labels)}}
    return HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
