"""The console script's entry point. ``regiongraph query NAME`` with its plain options (``--store``,
``--graph``, ``-p``, ``--as-of``, ``-f``) answers here from the compiled graph without importing
click, which is about a third of such an answer's time; any other command line, and anything the
fast path cannot answer exactly as the library would, goes to the click CLI, which then answers
or explains. A test checks that both give the same output.

>>> parts = fast_arguments(["--store", "s", "query", "posts-held", "-f", "csv", "-p", "c=TJK"])
>>> parts["store"], parts["name"], parts["params"], parts["fmt"]
('s', 'posts-held', {'c': 'TJK'}, 'csv')
>>> fast_arguments(["query", "posts-held", "--help"]) is None
True
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any

_FORMATS = ("table", "json", "csv", "tsv")
_OPTIONS = {
    "--store": "store", "--graph": "graph", "-p": "param", "--param": "param",
    "--as-of": "as_of", "-f": "fmt", "--format": "fmt",
}  # fmt: skip


def main() -> None:
    """Run ``regiongraph``."""
    try:
        if _answer(sys.argv[1:]):
            return
    except BrokenPipeError:
        _quiet_exit()
    from regiongraph.cli import main as cli_main

    cli_main()


def fast_arguments(argv: list[str]) -> dict[str, Any] | None:
    """The parts of a plain ``[--store P] [--graph G] query NAME [-p K=V]... [--as-of D]
    [-f FMT]`` command line, or None for any other."""
    found: dict[str, Any] = {"store": None, "graph": None, "name": None, "params": {},
                                "as_of": None, "fmt": "table"}  # fmt: skip
    params: dict[str, str] = {}
    seen: set[str] = set()
    words = list(argv)
    command_seen = False
    while words:
        word = words.pop(0)
        option, equals, attached = word.partition("=")
        key = _OPTIONS.get(option if word.startswith("--") else word)
        if word == "query" and not command_seen:
            command_seen = True
            continue
        if key is None:
            if word.startswith("-") or not command_seen or found["name"] is not None:
                return None
            if word.endswith(".rq"):
                return None
            found["name"] = word
            continue
        if (key in ("store", "graph")) == command_seen:
            return None  # global options before the command, the others after it
        if equals and not word.startswith("--"):
            return None
        if not equals:
            if not words:
                return None
            attached = words.pop(0)
        if key == "param":
            name, sep, value = attached.partition("=")
            if not sep or not name.strip():
                return None
            params[name.strip()] = value.strip()
            continue
        if key in seen:
            return None
        seen.add(key)
        found[key] = attached
    if found["name"] is None or found["fmt"] not in _FORMATS:
        return None
    found["params"] = params
    return found


def _answer(argv: list[str]) -> bool:
    parts = fast_arguments(argv)
    if parts is None or os.environ.get("REGIONGRAPH_NO_CACHE"):
        return False
    from regiongraph import fastquery
    from regiongraph.errors import RegionGraphError
    from regiongraph.locate import find_graph_dir
    from regiongraph.queries import find_query

    graph = parts["graph"] or os.environ.get("REGIONGRAPH_GRAPH") or None
    store = parts["store"] or os.environ.get("REGIONGRAPH_STORE") or None
    try:
        graph_dir = find_graph_dir(str(graph) if graph else None)
        query = find_query(graph_dir, str(parts["name"]))
        text = fastquery.rendered(graph_dir, query, parts["params"], parts["as_of"], parts["fmt"],
                                  str(store) if store else None)  # fmt: skip
    except (RegionGraphError, OSError):
        return False  # the click CLI gives the error its full explanation
    if text is None:
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


def _quiet_exit() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)
