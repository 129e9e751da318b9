"""The CLI: exit codes scripts can trust, clear errors, init never overwrites."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from demandlens.app.cli import EXIT_INPUT, app

runner = CliRunner()


def test_missing_input_file_exits_2_with_a_clear_message(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "r")])
    assert result.exit_code == EXIT_INPUT
    assert "nope.csv" in result.output


def test_bad_mode_exits_2(tmp_path):
    result = runner.invoke(
        app, ["run", "x.csv", "--out", str(tmp_path / "r"), "--mode", "sideways"]
    )
    assert result.exit_code == EXIT_INPUT
    assert "rebuild" in result.output


def test_bad_config_key_exits_2_naming_the_key(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("cluster:\n  min_cluster_sise: 5\n")
    result = runner.invoke(
        app, ["run", "x.csv", "--out", str(tmp_path / "r"), "--config", str(cfg)]
    )
    assert result.exit_code == EXIT_INPUT
    assert "cluster.min_cluster_sise" in result.output


def test_init_creates_a_project_and_never_overwrites(tmp_path):
    project = tmp_path / "proj"
    first = runner.invoke(app, ["init", str(project)])
    assert first.exit_code == 0, first.output
    for name in ("demandlens.yaml", "labels.yaml", "taxonomy.yaml"):
        assert (project / name).exists()
    assert (project / "data" / "raw").is_dir()
    assert (project / "notebooks" / "03_label.ipynb").exists()
    (project / "labels.yaml").write_text("# mine\nversion: 1\nthemes: {}\n")
    second = runner.invoke(app, ["init", str(project)])
    assert second.exit_code == 0
    assert (project / "labels.yaml").read_text().startswith("# mine")
    assert "kept" in second.output


@pytest.mark.slow
def test_run_then_rerun_from_the_command_line(tmp_path, sample_slices, sample_project):
    first, second = sample_slices
    a, b = tmp_path / "a", tmp_path / "b"
    common = ["--project", str(sample_project), "--labels", str(tmp_path / "labels.yaml"), "-q"]
    result = runner.invoke(app, ["run", str(first), "--out", str(a), *common])
    assert result.exit_code == 0, result.output
    assert "rows read" in result.output and "themes" in result.output
    result = runner.invoke(
        app, ["run", str(second), "--out", str(b), "--previous", str(a), "--mode", "assign", *common]
    )
    assert result.exit_code == 0, result.output
    assert (b / "mapping.parquet").exists()
    strict = runner.invoke(app, ["run", str(second), "--out", str(b), "--strict", *common])
    assert strict.exit_code == 3  # nothing labelled yet
