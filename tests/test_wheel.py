"""The wheel carries graph/: built, installed into a fresh virtual environment and run from a
directory outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_validates_and_lists_events(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(dist), str(REPO)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = dist.glob("regiongraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "regiongraph/graph/ontology/regiongraph.ttl" in names
    assert "regiongraph/graph/shapes/events.ttl" in names
    assert "regiongraph/graph/rules/recognizes.rq" in names
    assert any(n.startswith("regiongraph/graph/data/events/") for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr[-2000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIONGRAPH", "PYTHON"))}
    env["REGIONGRAPH_CACHE"] = str(tmp_path / "cache")
    command = str(env_dir / "bin" / "regiongraph")

    info = subprocess.run([command, "info"], cwd=elsewhere, env=env, capture_output=True,
                          text=True)  # fmt: skip
    assert info.returncode == 0, info.stderr
    assert str(env_dir) in info.stdout and str(REPO) not in info.stdout

    validate = subprocess.run([command, "validate"], cwd=elsewhere, env=env, capture_output=True,
                              text=True)  # fmt: skip
    assert validate.returncode == 0, validate.stderr
    assert "OK: the graph conforms" in validate.stdout

    events = subprocess.run([command, "events", "--country", "RUS", "-f", "csv"], cwd=elsewhere,
                            env=env, capture_output=True, text=True)  # fmt: skip
    assert events.returncode == 0, events.stderr
    assert "event:2025-07-03-rus-afg-recognition,recognition,2025-07-03" in events.stdout
