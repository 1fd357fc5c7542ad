"""regiongraph: a sourced, time-aware knowledge graph of how the states around Afghanistan deal
with the Taliban-led government, and the toolkit to use it.

Importing the package does no I/O and loads no heavy library; the functions below are imported
on first use.

>>> import regiongraph
>>> regiongraph.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

# Public API: name -> module that defines it. Resolved lazily so that `regiongraph --help` and
# `import regiongraph` stay fast.
_API = {
    "load_graph": "regiongraph.load",
    "find_graph_dir": "regiongraph.locate",
    "validate_graph": "regiongraph.validate",
    "check_graph": "regiongraph.validate",
    "ValidationReport": "regiongraph.validate",
    "resolve_entity": "regiongraph.resolve",
    "list_events": "regiongraph.events",
    "describe_entity": "regiongraph.entities",
    "ladder_positions": "regiongraph.ladder",
    "graph_overview": "regiongraph.overview",
    "state_coverage": "regiongraph.coverage",
    "list_sources": "regiongraph.sources",
    "parse_date": "regiongraph.dates",
    "RegionGraphError": "regiongraph.errors",
    "table": "regiongraph.frames",
    "to_networkx": "regiongraph.network",
    "shortest_paths": "regiongraph.paths",
    "neighbours": "regiongraph.paths",
    "brokers": "regiongraph.paths",
    "changes_between": "regiongraph.changes",
    "state_timeline": "regiongraph.ladder",
    "list_queries": "regiongraph.queries",
    "find_query": "regiongraph.queries",
    "run_named_query": "regiongraph.queries",
    "run_sparql": "regiongraph.sparql",
    "run_named_query_remote": "regiongraph.remote",
    "export": "regiongraph.export",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'regiongraph' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
