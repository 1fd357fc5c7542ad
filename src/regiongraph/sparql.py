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
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from regiongraph.errors import RegionGraphError
from regiongraph.prefixes import PREFIXES
from regiongraph.sparqltext import may_reach_outside, values_into_text, with_project_prefixes


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


class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT.

    When Oxigraph answered, ``solutions`` holds its own terms, row by row in the order of
    ``variables``: ``rows()`` reads them directly, and ``bindings`` (rdflib terms) is made from
    them on first use, since building rdflib literals takes longer than many queries do.
    """

    def __init__(
        self,
        kind: str,
        variables: list[str] | None = None,
        bindings: list[dict[str, Identifier]] | None = None,
        answer: bool | None = None,
        graph: Graph | None = None,
        solutions: list[tuple[Any, ...]] | None = None,
    ) -> None:
        self.kind = kind
        self.variables = variables or []
        self.answer = answer
        self.graph = graph
        self.solutions = solutions
        self._bindings = bindings

    @property
    def bindings(self) -> list[dict[str, Identifier]]:
        """One dict per solution, variable name to rdflib term, unbound variables left out."""
        if self._bindings is None:
            self._bindings = [
                {name: _term(term) for name, term in zip(self.variables, row, strict=True)
                 if term is not None}
                for row in self.solutions or []
            ]  # fmt: skip
        return self._bindings

    def rows(self) -> list[dict[str, Any]]:
        """Rows as plain strings, one dict per solution, unbound variables as None."""
        if self._bindings is None and self.solutions is not None:
            return [
                {name: (None if term is None else term.value)
                 for name, term in zip(self.variables, row, strict=True)}
                for row in self.solutions
            ]  # fmt: skip
        return [{v: (str(b[v]) if v in b else None) for v in self.variables} for b in self.bindings]

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        if self.solutions is not None:
            return len(self.solutions)
        return len(self.bindings)

    def __repr__(self) -> str:
        if self.answer is not None:
            return f"<QueryResult {self.kind} {self.answer}>"
        return f"<QueryResult {self.kind}, {len(self)} results>"


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
    native = oxigraph_store(g)
    if native is not None and isinstance(query, str):
        # Oxigraph parses the text itself and runs no update through query(); rdflib's parser
        # (about 10 ms a query) is needed only when the text may hold SERVICE or FROM, and to
        # explain a query that Oxigraph refused, with its line and column. The prefixes go on
        # before the bindings: the text of a named query is the same object on every call, so
        # the answer is found in with_project_prefixes' cache without hashing the bound text.
        if may_reach_outside(query):
            parse_query(query, where)
        text = with_project_prefixes(query)
        if bindings:
            text = bind_as_values(text, bindings)
        try:
            return _run_declared(native, text, where)
        except QueryFailedError:
            parse_query(query, where)
            raise
    seal_engine()
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
    """Run query text in Oxigraph's own engine (with the project's prefixes it uses declared)."""
    return _run_declared(store, with_project_prefixes(text), where)


def _run_declared(store: Any, text: str, where: str) -> QueryResult:
    """Run query text that declares every prefix it uses in Oxigraph's own engine."""
    import pyoxigraph

    try:
        answer = store.query(text)
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
    solutions = [tuple(solution) for solution in answer]
    return QueryResult("SELECT", variables=variables, solutions=solutions)


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
        if not isinstance(value, URIRef | Literal | BNode):
            raise RegionGraphError(f"parameter {name} is not an RDF term")
    return values_into_text(text, list(bindings), [_n3(v) for v in bindings.values()])


def _n3(value: Identifier) -> str:
    if isinstance(value, Literal) and value.datatype is None and value.language is None:
        return Literal(str(value)).n3()
    return value.n3()


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
