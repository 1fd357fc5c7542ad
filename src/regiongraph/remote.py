"""Talk to external SPARQL servers: run queries over the SPARQL 1.1 Protocol and load the graph
with the SPARQL 1.1 Graph Store Protocol. Only the standard library's HTTP client is used.

Queries are checked locally first (syntax, no updates, no SERVICE, no FROM) and their parameters
are placed in VALUES blocks built from RDF terms (:func:`regiongraph.sparql.bind_as_values`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from regiongraph.errors import RegionGraphError
from regiongraph.queries import NamedQuery, bind_parameters
from regiongraph.sparql import QueryResult, bind_as_values, parse_query

SELECT_TYPES = "application/sparql-results+json"
GRAPH_TYPES = "text/turtle"


class EndpointError(RegionGraphError):
    """An endpoint that cannot be reached or answers with an error."""


def run_named_query_remote(
    endpoint: str,
    query: NamedQuery,
    values: Mapping[str, str] | None,
    as_of: str | None,
    g: Graph,
    timeout: float = 60.0,
) -> QueryResult:
    """Run a named query on ``endpoint``; parameters are resolved against the local graph ``g``
    (so a country may be given by any of its names) and bound as VALUES."""
    prepared = parse_query(query.text, str(query.path))
    bindings = bind_parameters(g, query, values or {}, as_of)
    text = bind_as_values(query.text, bindings)
    return run_remote(endpoint, text, kind=prepared.algebra.name, timeout=timeout)


def run_remote(
    endpoint: str, text: str, kind: str = "SelectQuery", timeout: float = 60.0
) -> QueryResult:
    """POST ``text`` to ``endpoint`` (SPARQL 1.1 Protocol) and parse the answer."""
    graph_query = kind in ("ConstructQuery", "DescribeQuery")
    accept = GRAPH_TYPES if graph_query else SELECT_TYPES
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        _checked_url(endpoint),
        data=body,
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    payload = _send(request, timeout, endpoint)
    if graph_query:
        graph = Graph()
        graph.parse(data=payload.decode("utf-8"), format="turtle")
        return QueryResult("CONSTRUCT", graph=graph)
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        raise EndpointError(f"{endpoint} did not answer with SPARQL JSON results") from None
    if "boolean" in data:
        return QueryResult("ASK", answer=bool(data["boolean"]))
    variables = list(data.get("head", {}).get("vars", []))
    rows = [
        {name: term_from_json(value) for name, value in binding.items()}
        for binding in data.get("results", {}).get("bindings", [])
    ]
    return QueryResult("SELECT", variables=variables, bindings=rows)


def push_graph(
    endpoint: str,
    g: Graph,
    graph_iri: str,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120.0,
) -> int:
    """Replace the named graph ``graph_iri`` on a Graph Store Protocol ``endpoint`` with ``g``
    (HTTP PUT, Turtle); returns the number of triples sent. HTTP basic and digest
    authentication are both offered when a user is given."""
    data = g.serialize(format="turtle").encode("utf-8")
    url = _checked_url(endpoint)
    separator = "&" if "?" in url else "?"
    target = url + separator + urllib.parse.urlencode({"graph": graph_iri})
    request = urllib.request.Request(
        target, data=data, headers={"Content-Type": GRAPH_TYPES}, method="PUT"
    )
    if user is not None:
        # Answer the server's challenge before sending the body: a server may close the
        # connection on an unauthenticated upload before reading it (a broken pipe).
        header = _authorization(request, user, password or "", timeout, endpoint)
        if header:
            request.add_unredirected_header("Authorization", header)
    opener = _opener(url, user, password)
    _send(request, timeout, endpoint, opener)
    return len(g)


def _authorization(
    request: urllib.request.Request, user: str, password: str, timeout: float, endpoint: str
) -> str | None:
    """The Authorization header for ``request``, from the challenge a bodiless GET gets."""
    import base64

    probe = urllib.request.Request(request.full_url, method="GET")
    try:
        with urllib.request.urlopen(probe, timeout=timeout):
            return None  # no authentication asked for
    except urllib.error.HTTPError as error:
        challenge = error.headers.get("WWW-Authenticate", "")
        error.read()
    except (urllib.error.URLError, OSError) as error:
        raise EndpointError(f"cannot reach {endpoint}: {getattr(error, 'reason', error)}") from None
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return f"Basic {token}"
    if scheme.lower() == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, request.full_url, user, password)
        handler = urllib.request.HTTPDigestAuthHandler(manager)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        return handler.get_authorization(request, fields)
    return None


def term_from_json(value: Mapping[str, Any]) -> Identifier:
    """An RDF term from a SPARQL JSON results binding.

    >>> term_from_json({"type": "literal", "value": "x", "xml:lang": "en"})
    rdflib.term.Literal('x', lang='en')
    """
    kind = value.get("type")
    text = str(value.get("value", ""))
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    datatype = value.get("datatype")
    return Literal(
        text, lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


def _checked_url(endpoint: str) -> str:
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EndpointError(
            f"{endpoint!r} is not an http(s) endpoint URL, e.g. http://127.0.0.1:8890/sparql"
        )
    return endpoint


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, user, password or "")
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(manager),
        urllib.request.HTTPBasicAuthHandler(manager),
    )


def _send(
    request: urllib.request.Request,
    timeout: float,
    endpoint: str,
    opener: urllib.request.OpenerDirector | None = None,
) -> bytes:
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        first = detail[0][:300] if detail else ""
        raise EndpointError(
            f"{endpoint} answered HTTP {error.code} {error.reason}: {first}"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise EndpointError(f"cannot reach {endpoint}: {reason}") from None
