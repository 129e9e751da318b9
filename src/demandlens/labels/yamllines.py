"""Load YAML and remember the line of every key, so validation errors can name the line.

Example:
    >>> data, lines = load_yaml_with_lines("a:\\n  b: 1\\n")
    >>> data, lines[("a", "b")]
    ({'a': {'b': 1}}, 2)
"""

from __future__ import annotations

from typing import Any

import yaml

from ..fileio import SafeYamlLoader, load_yaml

__all__ = ["load_yaml_with_lines", "line_of", "YamlSyntaxError"]

Path_ = tuple[Any, ...]


class YamlSyntaxError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based (or None when unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        self.line = line
        super().__init__(message)


def load_yaml_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` safely; return the data and a map of key paths to 1-based lines.

    Paths are tuples of mapping keys and sequence indices, e.g. ``("themes", "th-1", "name")``.

    Raises:
        YamlSyntaxError: the text is not valid YAML (the message names the line).
    """
    try:
        node = yaml.compose(text, Loader=SafeYamlLoader)
        data = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        raise YamlSyntaxError(f"line {line}: invalid YAML ({problem})", line) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML ({exc})", None) from exc
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of ``path`` or of its closest ancestor that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), None)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node)) if key_node.tag else key_node.value
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines)
