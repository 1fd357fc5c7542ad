"""Benchmark: building the networkx projection, against rdflib parsing the same data.

Run: .venv/bin/python bench/projection.py
Prints one line per figure: our time, the anchor's time and their ratio (ours / anchor).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from regiongraph.load import load_graph, parse_graph_dir
from regiongraph.locate import find_graph_dir
from regiongraph.network import build_projection, to_networkx


def timed(function: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``function`` over ``repeat`` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    directory = find_graph_dir()
    ds = load_graph(directory)
    parse = timed(lambda: parse_graph_dir(directory), repeat=3)
    build = timed(lambda: build_projection(ds))
    to_networkx(ds)  # build and cache once
    view = timed(lambda: to_networkx(ds, "2024-06-30", ["talks"]).number_of_edges())
    print(f"{'figure':<40} {'ours':>9} {'anchor':>9} {'ratio':>7}")
    print(
        f"{'projection build vs rdflib parse':<40} {build:9.3f} {parse:9.3f} {build / parse:7.2f}"
    )
    print(f"{'as-of view vs projection build':<40} {view:9.3f} {build:9.3f} {view / build:7.2f}")


if __name__ == "__main__":
    main()
