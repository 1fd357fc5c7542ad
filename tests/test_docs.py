"""Every command has help with an example, and the README shows them."""

from __future__ import annotations

import re
from pathlib import Path

import click

from regiongraph.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_command_has_help_and_an_example():
    for name, command in cli.commands.items():
        assert command.help, name
        assert "Example:" in command.help, name
        assert re.search(rf"regiongraph( --\S+ \S+)* {name}\b", command.help), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"


def test_readme_mentions_every_command():
    text = README.read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"regiongraph {name}" in text, name
