"""The SPARQL endpoint, tested with real clients against a server started by the tests: the
protocol, content negotiation, the service description, sealing (no outbound requests, no local
files), limits, a load test, and the HTML page in headless Chromium."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph

from servers import regiongraph_server

COUNTRIES = "SELECT ?c WHERE { ?c a <https://schema.org/Country> } ORDER BY ?c"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with regiongraph_server("--timeout", "4", "--max-results", "2000") as base:
        yield base


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:  # fmt: skip
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def get(base: str, query: str, accept: str = "") -> tuple[int, str, bytes]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    return http(url, headers={"Accept": accept} if accept else {})


def post_form(base: str, **fields: str) -> tuple[int, str, bytes]:
    return http(base + "/sparql", urllib.parse.urlencode(fields).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def test_sparqlwrapper_select_ask_construct(endpoint):
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(COUNTRIES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) == 16
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 16
    client.setQuery("ASK { ?s a <https://w3id.org/regiongraph/ontology#Government> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?c a ?t } WHERE { ?c a ?t . ?c a <https://schema.org/Country> }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(set(graph.subjects())) == 16


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json",
         lambda body: len(json.loads(body)["results"]["bindings"]) == 16),
        ("application/sparql-results+xml", "application/sparql-results+xml",
         lambda body: body.count(b"<result>") == 16),
        ("text/csv", "text/csv", lambda body: body.decode().splitlines()[0].strip() == "c"),
        ("text/tab-separated-values", "text/tab-separated-values",
         lambda body: body.decode().splitlines()[0].strip() == "?c"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml",
         lambda body: b"<sparql" in body),
        ("", "application/sparql-results+json", lambda body: b'"bindings"' in body),
    ],
)  # fmt: skip
def test_content_negotiation_for_results(endpoint, accept, media, check):
    status, content_type, body = get(endpoint, COUNTRIES, accept)
    assert status == 200 and content_type.startswith(media)
    assert check(body)


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_content_negotiation_for_graphs(endpoint, accept, media, fmt):
    query = "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t . ?c a <https://schema.org/Country> }"
    status, content_type, body = get(endpoint, query, accept)
    assert status == 200 and content_type.startswith(media)
    assert len(Graph().parse(data=body.decode(), format=fmt)) == 16


def test_post_form_and_direct_body(endpoint):
    status, _, body = post_form(endpoint, query=COUNTRIES)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 16
    status, _, body = http(endpoint + "/sparql", COUNTRIES.encode(),
                           {"Content-Type": "application/sparql-query",
                            "Accept": "text/csv"})  # fmt: skip
    assert status == 200 and len(body.decode().splitlines()) == 17


def test_not_acceptable_format(endpoint):
    status, _, body = get(endpoint, COUNTRIES, "image/png")
    assert status == 406 and b"no acceptable result format" in body


def test_service_description(endpoint):
    status, content_type, body = http(endpoint + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and content_type.startswith("text/turtle")
    sd = Graph().parse(data=body.decode(), format="turtle")
    answer = sd.query("""
        PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        ASK { ?s a sd:Service ; sd:endpoint ?e ; sd:supportedLanguage sd:SPARQL11Query ;
              sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> }""")
    assert answer.askAnswer


def test_named_queries_over_http(endpoint):
    status, _, body = http(endpoint + "/queries")
    names = {q["name"] for q in json.loads(body)}
    assert {"recognitions", "ladder-as-of"} <= names
    status, _, body = http(endpoint + "/queries/recognitions?format=csv")
    assert status == 200 and b"Russia" in body
    status, _, body = http(endpoint + "/queries/events-of-a-state?country=Kyrgyzstn")
    assert status == 400 and b"Did you mean: Kyrgyzstan" in body


@pytest.mark.parametrize(
    ("send", "status", "message"),
    [
        (lambda b: post_form(b, update="INSERT DATA { <urn:a> <urn:b> <urn:c> }"), 403,
         b"read-only"),
        (lambda b: http(b + "/sparql", b"DELETE WHERE { ?s ?p ?o }",
                        {"Content-Type": "application/sparql-update"}), 403, b"read-only"),
        (lambda b: post_form(b, query="LOAD <http://127.0.0.1:9/x>"), 400, b"read-only"),
        (lambda b: get(b, "SELECT ?x WHERE {\n ?x a\n}"), 400, b"line 2, column 2"),
        (lambda b: http(b + "/sparql", b"x", {"Content-Type": "text/plain"}), 415, b"POST a query"),
    ],
)  # fmt: skip
def test_refusals(endpoint, send, status, message):
    code, content_type, body = send(endpoint)
    assert code == status and message in body
    assert content_type.startswith("text/plain")


def test_no_outbound_request_whatever_the_query(endpoint, listener):
    target = f"http://127.0.0.1:{listener.port}/graph"
    refused = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]
    for query in refused:
        status, _, body = get(endpoint, query)
        assert status == 400, query
        assert b"refused" in body
    answered = [
        f"SELECT * WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{target}>",
        f"ASK {{ <{target}> ?p ?o }}",
    ]
    for query in answered:
        status, _, _ = get(endpoint, query)
        assert status == 200, query
    params = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "default-graph-uri": target})
    status, _, body = http(endpoint + "/sparql?" + params)
    assert status == 400 and b"refused" in body
    time.sleep(0.5)
    assert listener.connections == 0


def test_never_reads_a_local_file(endpoint, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text('<urn:secret> <urn:is> "TOP-SECRET-MARKER" .\n')
    iri = secret.as_uri()
    for query in (f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
                  "SELECT ?o WHERE { <urn:secret> <urn:is> ?o }"):  # fmt: skip
        _, _, body = get(endpoint, query)
        assert b"TOP-SECRET-MARKER" not in body


def test_time_limit_and_result_cap(endpoint):
    started = time.monotonic()
    status, _, body = get(endpoint, RUNAWAY)
    assert status == 503 and b"time limit of 4 s" in body
    assert time.monotonic() - started < 12
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and b"more than 2000 rows" in body
    status, _, body = get(endpoint, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


EXPECTED = [
    ("ASK { ?s a <https://w3id.org/regiongraph/ontology#Government> }",
     lambda data: data["boolean"] is True),
    (COUNTRIES, lambda data: len(data["results"]["bindings"]) == 16),
    ("SELECT ?d WHERE { <https://w3id.org/regiongraph/id/event/2025-07-03-rus-afg-recognition> "
     "<https://schema.org/startDate> ?d }",
     lambda data: data["results"]["bindings"][0]["d"]["value"] == "2025-07-03"),
    ("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }",
     lambda data: int(data["results"]["bindings"][0]["n"]["value"]) >= 150),
]  # fmt: skip


def test_load_eight_clients_and_a_runaway(endpoint):
    deadline = time.monotonic() + 8
    failures: list[str] = []

    def client(number: int) -> int:
        done = 0
        while time.monotonic() < deadline:
            query, check = EXPECTED[(number + done) % len(EXPECTED)]
            status, _, body = get(endpoint, query, "application/sparql-results+json")
            if status != 200 or not check(json.loads(body)):
                failures.append(f"client {number}: {status} {body[:200]!r}")
            done += 1
        return done

    with ThreadPoolExecutor(max_workers=9) as pool:
        runaway = pool.submit(get, endpoint, RUNAWAY)
        answered = list(pool.map(client, range(8)))
        status, _, body = runaway.result()
    assert not failures, failures[:3]
    assert all(count >= 3 for count in answered), answered
    assert status == 503 and b"time limit" in body
    status, _, body = get(endpoint, "ASK {}")
    assert status == 200


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_page_in_headless_chromium(endpoint):
    if CHROMIUM is None:
        pytest.skip("Debian package chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    outside: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page()

        def guard(route):
            host = urllib.parse.urlparse(route.request.url).hostname
            if host not in ("127.0.0.1", "localhost"):
                outside.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)
        page.goto(endpoint + "/")
        page.wait_for_selector("#named option[value='recognitions']", state="attached")
        page.select_option("#named", "recognitions")
        page.click("#run")
        page.wait_for_selector("#results td")
        cells = page.locator("#results td").all_inner_texts()
        assert "Russia" in cells
        assert "2025-07-03" in cells
        page.select_option("#named", "")
        page.fill("#query", "ASK { ?s a <https://schema.org/Country> }")
        page.click("#run")
        page.wait_for_function("document.querySelector('#results td')?.textContent === 'true'")
        page.fill("#query", "SELECT ?x WHERE {")
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert "SPARQL syntax error" in page.inner_text("#status")
        browser.close()
    assert outside == []


def test_serve_refuses_a_taken_port(runner):
    from regiongraph.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 1 and "cannot listen on 127.0.0.1" in result.output


def test_page_is_self_contained():
    from importlib import resources

    page = resources.files("regiongraph").joinpath("page.html").read_text("utf-8")
    assert "http://" not in page.replace("http://www.w3.org/2000/01/rdf-schema#", "")
    assert "https://" not in page.replace("https://schema.org/", "")
    assert "<script src" not in page and "<link" not in page
