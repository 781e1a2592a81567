"""Every command is documented: in its --help, with an example, and in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_help_gives_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"pipeline.py {name}" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_readme_shows_every_command(name):
    assert f"pipeline.py {name}" in README


def test_readme_gives_the_two_setup_commands():
    assert "make demo" in README and "make test" in README
