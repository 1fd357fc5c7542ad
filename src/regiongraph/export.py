"""Export the graph for other tools: GraphML, GEXF (with dynamic start and end, so Gephi's
timeline works), node-link JSON, Cytoscape.js JSON, the events as CSV, and the RDF
serialisations (Turtle, N-Triples, JSON-LD, TriG with one named graph per file).

Files are written to a temporary name and moved into place, so an existing file is never left
half-written.

In GEXF, an event's edge starts on the last day its date may denote and stays (the graph as of a
date shows every event up to it); a situation's edge starts when it began and ends when it ended.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph

from regiongraph.errors import RegionGraphError
from regiongraph.network import to_networkx

NETWORK_FORMATS = ("graphml", "gexf", "node-link", "cytoscape")
RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "trig": "trig"}
EXPORT_FORMATS = (*NETWORK_FORMATS, "events-csv", *RDF_FORMATS)
# GEXF gives these edge attribute names a meaning of its own
_GEXF_RESERVED = ("type", "label", "id", "weight")


def export(ds: Dataset, fmt: str, output: str, as_of: str | date | None = None) -> str:
    """Write the graph in ``fmt`` to ``output`` (a path, or ``-`` for standard output) and
    return a one-line description of what was written."""
    if fmt not in EXPORT_FORMATS:
        raise RegionGraphError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if fmt in RDF_FORMATS:
        if as_of is not None:
            raise RegionGraphError(
                "--as-of applies to the network and events formats; RDF exports hold every "
                "dated claim (filter them with SPARQL)"
            )
        text = _rdf(ds, fmt)
        _write(output, text.encode("utf-8"))
        return f"wrote the graph as {fmt} to {output}"
    if fmt == "events-csv":
        from regiongraph.events import list_events
        from regiongraph.output import render
        from regiongraph.tables import EVENT_COLUMNS

        rows = [e.as_row() for e in list_events(ds, as_of)]
        _write(output, render(rows, "csv", EVENT_COLUMNS).encode("utf-8"))
        return f"wrote {len(rows)} events as CSV to {output}"
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(to_networkx(ds, as_of))
    writers: dict[str, Callable[[nx.MultiDiGraph[str]], bytes]] = {
        "graphml": _graphml,
        "gexf": _gexf,
        "node-link": lambda H: json.dumps(nx.node_link_data(H, edges="edges"), indent=1).encode(),
        "cytoscape": lambda H: json.dumps(cytoscape(H), indent=1).encode(),
    }
    _write(output, writers[fmt](G))
    return f"wrote {G.number_of_nodes()} nodes and {G.number_of_edges()} edges as {fmt} to {output}"


def flat(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy whose attribute values are all strings or numbers (GraphML and GEXF need that):
    lists become "; "-joined text."""
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=G.graph.get("name", "regiongraph"))
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: _scalar(v) for k, v in data.items()})
    return H


def cytoscape(G: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """Cytoscape.js elements JSON; each edge's ``id`` is its event or situation IRI plus its
    endpoints, so parallel edges stay distinct."""
    data = nx.cytoscape_data(G)
    for element in data["elements"]["edges"]:
        attributes = element["data"]
        attributes["id"] = f"{attributes['key']}#{attributes['source']}>{attributes['target']}"
    return dict(data)


def _graphml(G: nx.MultiDiGraph[str]) -> bytes:
    with io.BytesIO() as buffer:
        nx.write_graphml(flat(G), buffer)
        return buffer.getvalue()


def _gexf(G: nx.MultiDiGraph[str]) -> bytes:
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(mode="dynamic")
    for node, data in flat(G).nodes(data=True):
        H.add_node(node, **data)
    for u, v, key, data in flat(G).edges(keys=True, data=True):
        attributes = {
            ("rg_" + k if k in ("type", "label", "id") else k): v for k, v in data.items()
        }
        if data["kind"] == "event" and data["latest"]:
            attributes["start"] = data["latest"]
        elif data["kind"] == "situation":
            if data["latest"]:
                attributes["start"] = data["latest"]
            if data["end_earliest"]:
                attributes["end"] = data["end_earliest"]
        H.add_edge(u, v, key=key, **attributes)
    with io.BytesIO() as buffer:
        nx.write_gexf(H, buffer)
        return buffer.getvalue()


def _rdf(ds: Dataset, fmt: str) -> str:
    if fmt == "trig":
        return ds.serialize(format="trig")
    union = Graph()
    for prefix, namespace in ds.namespaces():
        union.bind(prefix, namespace)
    for triple in ds.triples((None, None, None)):
        union.add(triple)
    return union.serialize(format=RDF_FORMATS[fmt])


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise RegionGraphError(f"{output} is a directory: give a file name, e.g. {output}/graph")
    if not target.parent.exists():
        raise RegionGraphError(f"cannot write {output}: the folder {target.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
