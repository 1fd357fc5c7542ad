"""A read-only, sealed SPARQL 1.1 Protocol endpoint over the graph, with a small offline HTML page.

- ``GET /sparql?query=...``, ``POST /sparql`` (form or ``application/sparql-query`` body).
- Results by content negotiation (or ``format=``): SPARQL JSON, XML, CSV, TSV for SELECT and
  ASK; Turtle, N-Triples, JSON-LD for CONSTRUCT and DESCRIBE.
- ``GET /sparql`` without a query: the SPARQL service description (Turtle).
- ``GET /queries``: the named queries as JSON; ``GET /queries/NAME?param=value``: run one.
- ``GET /``: the HTML page (no external resources; works offline).

Sealed: updates, ``LOAD``, ``SERVICE``, ``FROM``/``FROM NAMED`` and dataset parameters are
refused with a clear error; rdflib's loading of remote or local graphs is switched off. Each
query runs in a forked child process with a time limit and a result cap; a query past them is
stopped and answered with an error while the server goes on serving.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD, Namespace
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from regiongraph import __version__
from regiongraph.errors import RegionGraphError
from regiongraph.queries import NamedQuery, bind_parameters, list_queries
from regiongraph.sparql import (
    QueryResult,
    bind_as_values,
    oxigraph_store,
    parse_query,
    run_on_oxigraph,
    seal_engine,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

# media type -> (rdflib serializer, format name) for each kind of answer
ROW_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}


@dataclass(frozen=True)
class Limits:
    """Per-query limits of the endpoint."""

    timeout: float = 10.0
    max_results: int = 10000
    max_concurrent: int = 4
    max_request_bytes: int = 1_000_000


class EndpointRefusal(RegionGraphError):  # noqa: N818 - a refusal, reported to the client
    """A request the endpoint answers with an error status and message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        self.status = status
        super().__init__(message)


def choose_type(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type that best matches an Accept header (q-values honoured).

    >>> choose_type("text/csv;q=0.5, application/sparql-results+json", ROW_TYPES, "x")
    'application/sparql-results+json'
    >>> choose_type("*/*", ROW_TYPES, "application/sparql-results+json")
    'application/sparql-results+json'
    """
    if not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        ranked.append((q, -position, media))
    for q, _, media in sorted(ranked, reverse=True):
        if q <= 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def execute_in_child(
    g: Graph,
    query: Query,
    bindings: dict[str, Any],
    accept: str,
    limits: Limits,
    text: str | None = None,
) -> tuple[HTTPStatus, str, bytes]:
    """Run one query in a forked child; stop it past the time limit. ``text`` is the query as
    sent (already checked as ``query``): on a merged Oxigraph store it runs in Oxigraph's own
    engine, as the command line does, instead of rdflib's."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(g, query, bindings, accept, limits.max_results, sender, text),
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if receiver.poll(limits.timeout):
            try:
                status, media, body = receiver.recv()
            except EOFError:
                status, media, body = _error(
                    HTTPStatus.INTERNAL_SERVER_ERROR, "the query process ended without an answer"
                )
        else:
            status, media, body = _error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran past the time limit of {limits.timeout:g} s and was stopped: "
                "narrow it (a LIMIT, a more specific pattern) or ask the operator for a longer "
                "--timeout",
            )
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(1)
    return HTTPStatus(status), media, body


def _child(
    g: Graph,
    query: Query,
    bindings: dict[str, Any],
    accept: str,
    max_results: int,
    sender: Connection,
    text: str | None = None,
) -> None:
    try:
        sender.send(_answer(g, query, bindings, accept, max_results, text))
    except Exception as error:
        sender.send(_error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {error}"))
    finally:
        sender.close()


def _answer(
    g: Graph,
    query: Query,
    bindings: dict[str, Any],
    accept: str,
    max_results: int,
    text: str | None = None,
) -> tuple[int, str, bytes]:
    seal_engine()
    native = oxigraph_store(g)
    if native is not None and text is not None:
        answer = run_on_oxigraph(native, bind_as_values(text, bindings) if bindings else text)
        if answer.kind == "SELECT" and len(answer) > max_results:
            return _error(HTTPStatus.BAD_REQUEST, _too_many(len(answer), max_results, "rows"))
        result = as_rdflib_result(answer)
    else:
        result = g.query(query, initBindings={Variable(k): v for k, v in bindings.items()})
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        media = choose_type(accept, GRAPH_TYPES, "text/turtle")
        if media is None:
            return _error(HTTPStatus.NOT_ACCEPTABLE, _not_acceptable(GRAPH_TYPES))
        graph = result.graph if result.graph is not None else Graph()
        if len(graph) > max_results:
            return _error(HTTPStatus.BAD_REQUEST, _too_many(len(graph), max_results, "triples"))
        return HTTPStatus.OK, media, graph.serialize(format=GRAPH_TYPES[media]).encode("utf-8")
    media = choose_type(accept, ROW_TYPES, "application/sparql-results+json")
    if media is None:
        return _error(HTTPStatus.NOT_ACCEPTABLE, _not_acceptable(ROW_TYPES))
    if result.type == "SELECT" and len(result.bindings) > max_results:
        return _error(HTTPStatus.BAD_REQUEST, _too_many(len(result.bindings), max_results, "rows"))
    if ROW_TYPES[media] == "tsv":
        return HTTPStatus.OK, media, results_tsv(result).encode("utf-8")
    body = result.serialize(format=ROW_TYPES[media])
    return HTTPStatus.OK, media, body if isinstance(body, bytes) else str(body).encode("utf-8")


def as_rdflib_result(answer: QueryResult) -> Result:
    """An rdflib query result holding ``answer``, for rdflib's result serialisers."""
    result = Result("SELECT" if answer.kind == "SELECT" else answer.kind)
    if answer.kind == "ASK":
        result.askAnswer = answer.answer
    elif answer.graph is not None:
        result.graph = answer.graph
    else:
        result.vars = [Variable(name) for name in answer.variables]
        result.bindings = [
            {Variable(name): term for name, term in row.items()} for row in answer.bindings
        ]
    return result


def results_tsv(result: Any) -> str:
    """SPARQL 1.1 TSV results (rdflib has no serializer for it): a header of ?variables, then
    one line per solution with terms in Turtle syntax, tabs and newlines escaped."""
    if result.type == "ASK":
        return "?_askResult\n" + ("true" if result.askAnswer else "false") + "\n"
    names = [str(v) for v in result.vars]
    lines = ["\t".join("?" + n for n in names)]
    for row in result.bindings:
        cells = []
        for name in names:
            term = row.get(Variable(name))
            text = term.n3() if term is not None else ""
            cells.append(text.replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _too_many(count: int, cap: int, unit: str) -> str:
    return (
        f"the query returned more than {cap} {unit} (the result cap) and was stopped: add a "
        f"LIMIT or narrow the pattern"
    )


def _not_acceptable(offered: dict[str, str]) -> str:
    return f"no acceptable result format: this answer can be {', '.join(offered)}"


def _error(status: HTTPStatus, message: str) -> tuple[int, str, bytes]:
    return int(status), "text/plain; charset=utf-8", (f"Error: {message}\n").encode()


def service_description(endpoint: str, triples: int) -> Graph:
    """The SPARQL 1.1 service description of the endpoint."""
    sd = Graph()
    sd.bind("sd", SD)
    sd.bind("void", VOID)
    service = URIRef(endpoint)
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, service))
    sd.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    sd.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD"):  # fmt: skip
        sd.add((service, SD.resultFormat, FORMATS[name]))
    from rdflib import BNode

    dataset, default = BNode(), BNode()
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    sd.add((dataset, SD.defaultGraph, default))
    sd.add((default, RDF.type, SD.Graph))
    sd.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return sd


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; holds the graph, the named queries and the limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], g: Graph, graph_dir: Path, limits: Limits) -> None:
        super().__init__(address, RequestHandler)
        self.graph = g
        self.named = {q.name: q for q in list_queries(graph_dir)}
        self.limits = limits
        self.slots = threading.BoundedSemaphore(limits.max_concurrent)
        self.page = resources.files("regiongraph").joinpath("page.html").read_bytes()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class RequestHandler(BaseHTTPRequestHandler):
    """Routes requests; every error is a plain-text message with a fitting status."""

    server: SparqlServer
    server_version = f"regiongraph/{__version__}"

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("REGIONGRAPH_SERVE_LOG"):
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _handle(self, route: Callable[[urllib.parse.ParseResult], None]) -> None:
        try:
            route(urllib.parse.urlparse(self.path))
        except EndpointRefusal as refusal:
            self._send(*_error(refusal.status, str(refusal)))
        except RegionGraphError as error:
            self._send(*_error(HTTPStatus.BAD_REQUEST, str(error)))

    def _get(self, url: urllib.parse.ParseResult) -> None:
        params = _single(urllib.parse.parse_qs(url.query, keep_blank_values=True))
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page)
        elif url.path == "/sparql":
            if "update" in params:
                raise _refuse_update()
            if "query" not in params:
                self._service_description()
                return
            self._run(params["query"], params)
        elif url.path == "/queries":
            listing = [_describe(q) for q in self.server.named.values()]
            self._send(HTTPStatus.OK, "application/json", json.dumps(listing).encode("utf-8"))
        elif url.path.startswith("/queries/"):
            name = url.path.removeprefix("/queries/")
            named = self.server.named.get(name)
            if named is None:
                raise EndpointRefusal(HTTPStatus.NOT_FOUND, f"no named query {name!r}")
            values = {k: v for k, v in params.items() if k != "format"}
            bindings = dict(bind_parameters(self.server.graph, named, values))
            self._run(named.text, params, bindings, where=f"named query {name}")
        else:
            raise EndpointRefusal(HTTPStatus.NOT_FOUND, f"nothing at {url.path}: try /sparql")

    def _post(self, url: urllib.parse.ParseResult) -> None:
        if url.path != "/sparql":
            raise EndpointRefusal(HTTPStatus.NOT_FOUND, f"nothing to POST at {url.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.limits.max_request_bytes:
            raise EndpointRefusal(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = _single(urllib.parse.parse_qs(url.query, keep_blank_values=True))
        if media == "application/sparql-update":
            raise _refuse_update()
        if media == "application/sparql-query":
            self._run(body, params)
        elif media == "application/x-www-form-urlencoded":
            params.update(_single(urllib.parse.parse_qs(body, keep_blank_values=True)))
            if "update" in params:
                raise _refuse_update()
            if "query" not in params:
                raise EndpointRefusal(HTTPStatus.BAD_REQUEST, "the form has no 'query' field")
            self._run(params["query"], params)
        else:
            raise EndpointRefusal(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST a query as application/x-www-form-urlencoded (query=...) or as "
                "application/sparql-query",
            )

    def _run(
        self,
        text: str,
        params: dict[str, str],
        bindings: dict[str, Any] | None = None,
        where: str = "query",
    ) -> None:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise EndpointRefusal(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri and named-graph-uri are refused: the endpoint answers over "
                "its own graph only",
            )
        query = parse_query(text, where)
        accept = self.headers.get("Accept") or ""
        if params.get("format"):
            wanted = FORMAT_ALIASES.get(params["format"].lower(), params["format"])
            accept = wanted
        if not self.server.slots.acquire(timeout=self.server.limits.timeout):
            raise EndpointRefusal(HTTPStatus.SERVICE_UNAVAILABLE, "the endpoint is busy: retry")
        try:
            answer = execute_in_child(
                self.server.graph, query, bindings or {}, accept, self.server.limits, text
            )
        finally:
            self.server.slots.release()
        self._send(*answer)

    def _service_description(self) -> None:
        sd = service_description(self.server.base_url + "/sparql", len(self.server.graph))
        media = choose_type(self.headers.get("Accept") or "", GRAPH_TYPES, "text/turtle")
        media = media or "text/turtle"
        self._send(HTTPStatus.OK, media, sd.serialize(format=GRAPH_TYPES[media]).encode())

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def make_server(
    g: Graph,
    graph_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
) -> SparqlServer:
    """A server bound to ``host:port`` (port 0 picks a free one); call ``serve_forever()``."""
    seal_engine()
    return SparqlServer((host, port), g, graph_dir, limits or Limits())


def _describe(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [p.as_dict() for p in query.parameters],
        "text": query.text,
    }


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in values.items() if v}


def _refuse_update() -> EndpointRefusal:
    return EndpointRefusal(
        HTTPStatus.FORBIDDEN,
        "updates (INSERT, DELETE, LOAD, CLEAR...) are refused: this endpoint is read-only",
    )
