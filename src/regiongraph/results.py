"""Render query results for the command line: tables, JSON, CSV, TSV, and Turtle for graphs.

>>> from rdflib import Literal
>>> from regiongraph.sparql import QueryResult
>>> print(render_result(QueryResult("SELECT", ["n"], [{"n": Literal(1)}]), "csv"), end="")
n
1
"""

from __future__ import annotations

from rdflib import URIRef

from regiongraph.errors import RegionGraphError
from regiongraph.output import render
from regiongraph.sparql import QueryResult
from regiongraph.validate import curie

RESULT_FORMATS = ("table", "json", "csv", "tsv", "turtle")


def render_result(result: QueryResult, fmt: str) -> str:
    """Text for a query result in one of :data:`RESULT_FORMATS`."""
    if result.kind == "ASK":
        if fmt == "json":
            return "true\n" if result.answer else "false\n"
        return ("yes" if result.answer else "no") + "\n"
    if result.graph is not None:
        if fmt in ("turtle", "table"):
            return result.graph.serialize(format="turtle")
        if fmt == "json":
            return result.graph.serialize(format="json-ld")
        raise RegionGraphError(f"a {result.kind} query returns a graph: use -f turtle or -f json")
    if fmt == "turtle":
        raise RegionGraphError("a SELECT query returns rows: use -f table, json, csv or tsv")
    rows = result.rows()
    if fmt == "table":
        # Tables are read on screen: show CURIEs; the other formats keep full IRIs.
        rows = [{k: _short(v) for k, v in row.items()} for row in rows]
    return render(rows, fmt, result.variables)


def _short(value: str | None) -> str | None:
    if value is None or not value.startswith("https://w3id.org/regiongraph/"):
        return value
    return curie(URIRef(value))
