"""The README's CLI examples are real: each block marked ``<!-- example -->`` is run and its output
must match. Regenerate them with ``python tests/test_readme.py --update``."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(
    r"<!-- example -->\n```console\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)```", re.S
)
WIDTH = "100"


def run_example(command: str) -> str:
    """Run ``regiongraph ARGS [| head -n N | tail -n N]`` in process and return what it prints."""
    from regiongraph.cli import cli

    head = tail = grep = None
    if "| grep " in command:
        command, _, pattern = command.partition("| grep ")
        grep = pattern.strip().strip("'")
    if "| head -n" in command:
        command, _, count = command.partition("| head -n")
        head = int(count)
    if "| tail -n" in command:
        command, _, count = command.partition("| tail -n")
        tail = int(count)
    args = shlex.split(command)
    assert args[0] == "regiongraph"
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        result = CliRunner().invoke(cli, args[1:], catch_exceptions=False)
    finally:
        if old is None:
            os.environ.pop("COLUMNS")
        else:
            os.environ["COLUMNS"] = old
    lines = result.output.splitlines()
    if grep is not None:
        lines = [line for line in lines if grep in line]
    if head is not None:
        lines = lines[:head]
    if tail is not None:
        lines = lines[-tail:]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def examples() -> list[tuple[str, str]]:
    return [(m["command"], m["output"]) for m in BLOCK.finditer(README.read_text("utf-8"))]


def test_readme_has_examples():
    assert len(examples()) >= 4


@pytest.mark.parametrize(("command", "output"), examples(), ids=[c for c, _ in examples()])
def test_readme_example_output_is_current(command, output):
    assert run_example(command) == output, (
        "README example is stale: run `python tests/test_readme.py --update`"
    )


DIAGRAM = re.compile(r"<!-- diagram -->\n```console\n\$ (?P<command>[^\n]+)\n```")


def diagrams() -> list[str]:
    return [m["command"] for m in DIAGRAM.finditer(README.read_text("utf-8"))]


def draw(command: str, output: Path) -> None:
    """Run a README diagram command with its -o pointing at ``output``."""
    from regiongraph.cli import cli

    args = shlex.split(command)[1:]
    args[args.index("-o") + 1] = str(output)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_readme_has_every_diagram():
    assert {c.split()[2] for c in diagrams()} >= {
        "network",
        "timeline",
        "ladder",
        "projects",
        "snapshots",
    }


@pytest.mark.parametrize("command", diagrams(), ids=lambda c: c.split()[-1])
def test_readme_image_is_current(command, tmp_path):
    """The committed image is what the command draws today (pixel for pixel, within a small
    tolerance for font rasterisation)."""
    import numpy as np
    from matplotlib.image import imread

    committed = README.parent / shlex.split(command)[-1]
    fresh = tmp_path / committed.name
    draw(command, fresh)
    old, new = imread(committed), imread(fresh)
    assert old.shape == new.shape, "README image is stale: python tests/test_readme.py --update"
    assert float(np.abs(old - new).mean()) < 0.002, (
        "README image is stale: python tests/test_readme.py --update"
    )


def update() -> None:
    text = README.read_text("utf-8")

    def replace(match: re.Match[str]) -> str:
        command = match["command"]
        return f"<!-- example -->\n```console\n$ {command}\n{run_example(command)}```"

    README.write_text(BLOCK.sub(replace, text), "utf-8")
    for command in diagrams():
        draw(command, README.parent / shlex.split(command)[-1])


if __name__ == "__main__" and "--update" in sys.argv:
    update()


def test_readme_python_example_runs(capsys):
    text = README.read_text("utf-8")
    section = text.split("## From Python", 1)[1]
    code = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "2024-01-30" in printed or "2023-09-13" in printed
    assert "accepts-ambassador" in printed
    assert "2023-12-29 delisting ban-lifted" in printed
