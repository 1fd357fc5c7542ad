"""Run SPARQL queries over the graph, sealed: read-only, no SERVICE calls, no FROM clauses that
would fetch remote graphs or read local files. Parameters are bound as RDF terms, never pasted
into the query text.

>>> from regiongraph.load import load_graph
>>> result = run_sparql(load_graph(), "ASK { ?s a <https://schema.org/Country> }")
>>> result.answer
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from regiongraph.errors import RegionGraphError
from regiongraph.namespaces import PREFIXES


class QuerySyntaxError(RegionGraphError):
    """A query that does not parse; names the line and column."""

    def __init__(self, where: str, line: int | None, column: int | None, problem: str) -> None:
        self.line, self.column = line, column
        position = f", line {line}, column {column}" if line is not None else ""
        super().__init__(f"{where}{position}: SPARQL syntax error: {problem}")


class QueryRefusedError(RegionGraphError):
    """A query the sealed engine will not run (update, SERVICE, FROM)."""


class QueryFailedError(RegionGraphError):
    """A query that parsed but failed while running."""


_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


@dataclass
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT."""

    kind: str
    variables: list[str] = field(default_factory=list)
    bindings: list[dict[str, Identifier]] = field(default_factory=list)
    answer: bool | None = None
    graph: Graph | None = None

    def rows(self) -> list[dict[str, Any]]:
        """Rows as plain strings, one dict per solution, unbound variables as None."""
        return [{v: (str(b[v]) if v in b else None) for v in self.variables} for b in self.bindings]

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.bindings)


def parse_query(text: str, where: str = "query") -> Query:
    """Parse a query with the project's prefixes; refuse updates, SERVICE and FROM clauses."""
    if _UPDATE.match(_strip_comments(text)):
        raise QueryRefusedError(
            f"{where}: updates (INSERT, DELETE, LOAD, CLEAR...) are refused: the graph is "
            "read-only; edit the Turtle files in graph/ instead"
        )
    try:
        query = prepareQuery(text, initNs=PREFIXES)
    except Exception as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "col", None)
        message = getattr(error, "msg", None) or str(error)
        raise QuerySyntaxError(where, line, column, message) from None
    check_sealed(query, where)
    return query


def seal_engine() -> None:
    """Switch off rdflib's loading of graphs named in queries (FROM, GRAPH) from the web or from
    local files: the engine only ever reads the graph it is given."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def check_sealed(query: Query, where: str = "query") -> None:
    """Refuse what would reach outside the graph: SERVICE and FROM / FROM NAMED."""
    if getattr(query.algebra, "datasetClause", None):
        raise QueryRefusedError(
            f"{where}: FROM and FROM NAMED are refused: queries run over the loaded graph only "
            "and never fetch or read other graphs; remove the FROM clause"
        )
    for node in _walk(query.algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryRefusedError(
                f"{where}: SERVICE is refused: queries never call other endpoints; "
                "remove the SERVICE clause"
            )


def run_sparql(
    g: Graph,
    query: str | Query,
    bindings: Mapping[str, Identifier] | None = None,
    where: str = "query",
) -> QueryResult:
    """Run a query over ``g`` with ``bindings`` (variable name -> RDF term) bound before
    evaluation."""
    seal_engine()
    native = oxigraph_store(g)
    if native is not None and isinstance(query, str):
        parse_query(query, where)  # syntax and sealing, as for every query
        text = bind_as_values(query, bindings) if bindings else query
        return run_on_oxigraph(native, text, where)
    prepared = parse_query(query, where) if isinstance(query, str) else query
    init = {str(Variable(k)): v for k, v in (bindings or {}).items()}
    try:
        result = g.query(prepared, initBindings=init)
        if result.type == "ASK":
            return QueryResult("ASK", answer=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = result.graph if result.graph is not None else Graph()
            return QueryResult(result.type, graph=graph)
        variables = [str(v) for v in (result.vars or [])]
        rows = [{str(k): v for k, v in row.items() if v is not None} for row in result.bindings]
    except RegionGraphError:
        raise
    except Exception as error:
        raise QueryFailedError(f"{where}: the query failed while running: {error}") from None
    return QueryResult("SELECT", variables=variables, bindings=rows)


def oxigraph_store(g: Graph) -> Any:
    """The pyoxigraph Store behind an oxrdflib-backed graph, or None."""
    store = getattr(g, "store", None)
    inner = getattr(store, "_store", None)
    return inner if type(inner).__module__.startswith("pyoxigraph") else None


def run_on_oxigraph(store: Any, text: str, where: str = "query") -> QueryResult:
    """Run query text in Oxigraph's own engine (the project's prefixes are declared first)."""
    import pyoxigraph

    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    try:
        answer = store.query(declared + text)
    except (SyntaxError, ValueError, OSError) as error:
        raise QueryFailedError(f"{where}: the query failed while running: {error}") from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult("ASK", answer=bool(answer))
    if isinstance(answer, pyoxigraph.QueryTriples):
        graph = Graph()
        for triple in answer:
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
        return QueryResult("CONSTRUCT", graph=graph)
    variables = [v.value for v in answer.variables]
    rows = []
    for solution in answer:
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = _term(value)
        rows.append(row)
    return QueryResult("SELECT", variables=variables, bindings=rows)


def _term(value: Any) -> Identifier:
    import pyoxigraph

    if isinstance(value, pyoxigraph.NamedNode):
        return URIRef(value.value)
    if isinstance(value, pyoxigraph.BlankNode):
        return BNode(value.value)
    language = getattr(value, "language", None)
    datatype = None if language else URIRef(value.datatype.value)
    return Literal(value.value, lang=language, datatype=datatype)


def bind_as_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query text with ``bindings`` placed in a VALUES block at the start of each WHERE
    group that uses them (subqueries included, as rdflib's own bindings reach them), for
    endpoints that cannot take bindings separately. Each value is serialised by rdflib
    (``n3()``), so no user text is pasted into the query.

    >>> text = bind_as_values("SELECT ?x WHERE { ?x ?p ?n }", {"n": Literal(3)})
    >>> text.replace("http://www.w3.org/2001/XMLSchema#", "xsd:")
    'SELECT ?x WHERE { VALUES (?n) { ("3"^^<xsd:integer>) }  ?x ?p ?n }'
    """
    if not bindings:
        return text
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise RegionGraphError(f"invalid parameter name {name!r}")
        if not isinstance(value, URIRef | Literal | BNode):
            raise RegionGraphError(f"parameter {name} is not an RDF term")
    masked = _mask(text)
    groups = [(m.end(), _closing_brace(masked, m.end() - 1)) for m in _WHERE.finditer(masked)]
    if not groups:
        raise RegionGraphError(
            "cannot bind parameters into a query without a 'WHERE {' clause: add the WHERE keyword"
        )
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(_n3(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    used = re.compile(r"[?$](" + "|".join(map(re.escape, bindings)) + r")\b")
    targets = [start for start, end in groups if used.search(_own_text(masked, start, end, groups))]
    for start in sorted(targets or [groups[0][0]], reverse=True):
        text = text[:start] + block + text[start:]
    return text


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _closing_brace(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _own_text(text: str, start: int, end: int, groups: list[tuple[int, int]]) -> str:
    """A group's text without the bodies of the subqueries nested in it."""
    own = text[start:end]
    for inner_start, inner_end in groups:
        if start < inner_start and inner_end <= end:
            offset = inner_start - start
            own = (
                own[:offset]
                + " " * (inner_end - inner_start)
                + own[offset + inner_end - inner_start :]
            )
    return own


def _n3(value: Identifier) -> str:
    if isinstance(value, Literal) and value.datatype is None and value.language is None:
        return Literal(str(value)).n3()
    return value.n3()


def _mask(text: str) -> str:
    """The text with comments, strings and IRIs blanked out, same length, so keywords inside
    them are not matched."""
    pattern = re.compile(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>')
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _strip_comments(text: str) -> str:
    return re.sub(r"#[^\n]*", "", text)


def _walk(node: Any) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)
