"""Run a regiongraph command line in a fresh Python process and see which modules it loaded."""

from __future__ import annotations

import ast
import subprocess
import sys

_CLICK = """\
from regiongraph.cli import cli
try:
    cli(ARGUMENTS, prog_name="regiongraph")
except SystemExit:
    pass
"""
_LAUNCHER = """\
sys.argv = ["regiongraph", *ARGUMENTS]
from regiongraph.launch import main
try:
    main()
except SystemExit:
    pass
"""


def modules_loaded_by(
    arguments: list[str], watched: set[str], entry: str = "cli"
) -> tuple[str, set[str]]:
    """The output of ``arguments`` run warm (a first run fills the cache) through the click CLI
    (``entry="cli"``) or the console script's launcher (``entry="launch"``), and which of the
    ``watched`` modules the process had imported by the end (printed as a last
    line, without importing json)."""
    call = (_CLICK if entry == "cli" else _LAUNCHER).replace("ARGUMENTS", repr(arguments))
    report = f"print(sorted(set({sorted(watched)!r}) & set(sys.modules)))\n"
    code = f"import sys\n{call}{report}"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    *lines, loaded = out.stdout.strip().splitlines()
    return "\n".join(lines), set(ast.literal_eval(loaded))
