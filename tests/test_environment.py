"""environment.yml (conda users) stays in step with pyproject.toml (pip users)."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    requirements = {r for r in pip_section if r != "-e ."}
    assert requirements == set(project["dependencies"])
    assert "-e ." in pip_section


def test_torch_is_never_an_unpinned_core_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("torch") for d in project["dependencies"])


def test_readme_configuration_reference_is_up_to_date():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "config_reference.py"), "--check"], cwd=ROOT
    )
    assert result.returncode == 0, "run `python scripts/config_reference.py`"
