"""A fast path for ``regiongraph query NAME``: the named query runs in Oxigraph's engine on a
compiled copy of the curated graph (or on a merged store), without importing rdflib.

The curated graph is compiled once per content digest into an on-disk Oxigraph store in the
cache folder (``oxigraph-<digest>``); later commands open it read-only. Named queries come from
graph/queries and are trusted, so they need no sealing check; parameters are checked, resolved
with a SPARQL lookup and serialised as terms. Whenever the fast path cannot answer exactly as the
library would (pyoxigraph missing, a name that is not an exact label, alias or code), it returns
None and the caller takes the ordinary path, which gives the same answer or a clear error.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from pathlib import Path

from regiongraph.cache import cache_dir, code_digest, graph_digest
from regiongraph.dates import as_of_date, parse_date
from regiongraph.prefixes import PREFIXES
from regiongraph.queries import NamedQuery, Parameter
from regiongraph.sparqltext import values_into_text, with_project_prefixes

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any

_XSD = "http://www.w3.org/2001/XMLSchema#"
_LOOKUP = """
SELECT DISTINCT ?entity WHERE {{
  {restriction}
  {{ ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?name }}
  UNION {{ ?entity <http://www.w3.org/2004/02/skos/core#altLabel> ?name }}
  UNION {{ ?entity <https://w3id.org/regiongraph/ontology#isoAlpha3> ?name }}
  FILTER (LCASE(STR(?name)) = LCASE({literal}))
  FILTER (STRSTARTS(STR(?entity), "https://w3id.org/regiongraph/id/"))
}}"""


def answer(
    graph_dir: Path,
    query: NamedQuery,
    values: Mapping[str, str],
    as_of: str | None,
    store_dir: str | None = None,
) -> tuple[list[str], list[dict[str, str | None]]] | None:
    """Variables and rows of a named SELECT query, or None to take the ordinary path."""
    try:
        import pyoxigraph
    except ImportError:
        return None
    store = _open(pyoxigraph, graph_dir, store_dir)
    if store is None:
        return None
    terms = _bind(store, query, values, as_of)
    if terms is None:
        return None
    text = values_into_text(query.text, list(terms), list(terms.values())) if terms else query.text
    result = store.query(with_project_prefixes(text))
    if not isinstance(result, pyoxigraph.QuerySolutions):
        return None
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({name: _text(solution[name]) for name in variables})
    return variables, rows


def rendered(
    graph_dir: Path,
    query: NamedQuery,
    values: Mapping[str, str],
    as_of: str | None,
    fmt: str,
    store_dir: str | None = None,
) -> str | None:
    """The answer as the ``query`` command prints it (table, json, csv or tsv), or None to take
    the ordinary path."""
    from regiongraph.output import render
    from regiongraph.prefixes import shorten

    if as_of is not None:
        parse_date(as_of)
    found = answer(graph_dir, query, values, as_of, store_dir)
    if found is None:
        return None
    variables, rows = found
    if fmt == "table":
        ours = "https://w3id.org/regiongraph/"
        rows = [
            {k: shorten(v) if v and v.startswith(ours) else v for k, v in row.items()}
            for row in rows
        ]
    return render(rows, fmt, variables)


def compiled_store(graph_dir: Path) -> Path:
    """The folder of the compiled Oxigraph copy of the curated graph (built if missing)."""
    import pyoxigraph

    target = cache_dir() / f"oxigraph-{graph_digest(graph_dir)}-{code_digest()}"
    if target.exists():
        return target
    from rdflib import Graph

    from regiongraph.load import load_graph

    union = Graph()
    for triple in load_graph(graph_dir).triples((None, None, None)):
        union.add(triple)
    target.parent.mkdir(parents=True, exist_ok=True)
    import shutil
    import tempfile

    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=".oxigraph-"))
    try:
        store = pyoxigraph.Store(str(building))
        store.bulk_load(union.serialize(format="nt").encode("utf-8"),
                        format=pyoxigraph.RdfFormat.N_TRIPLES)  # fmt: skip
        store.flush()
        del store
        gc.collect()  # closes the writer for certain (see regiongraph.stores.merge_files)
        os.replace(building, target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not target.exists():
            raise
    return target


def _open(pyoxigraph: Any, graph_dir: Path, store_dir: str | None) -> Any:
    try:
        if store_dir is not None:
            if not (Path(store_dir) / "regiongraph-store.json").exists():
                return None
            return pyoxigraph.Store.read_only(str(store_dir))
        return pyoxigraph.Store.read_only(str(compiled_store(graph_dir)))
    except OSError:
        return None


def _bind(
    store: Any, query: NamedQuery, values: Mapping[str, str], as_of: str | None
) -> dict[str, str] | None:
    given = dict(values)
    if as_of is not None:
        given.setdefault("as_of", as_of)
    known = {p.name for p in query.parameters}
    if set(given) - known:
        return None  # the ordinary path names the unknown parameter
    terms: dict[str, str] = {}
    for param in query.parameters:
        raw = given.get(param.name, param.default)
        if raw is None or raw == "":
            continue
        term = _term(store, param, raw)
        if term is None:
            return None
        terms[param.name] = term
    return terms


def _term(store: Any, param: Parameter, raw: str) -> str | None:
    if param.type == "date":
        day = as_of_date(None) if raw == "today" else (
            parse_date(raw).latest if param.name in ("as_of", "until") else parse_date(raw).earliest
        )  # fmt: skip
        return f'"{day.isoformat()}"^^<{_XSD}date>'
    if param.type == "integer":
        try:
            return f'"{int(raw)}"^^<{_XSD}integer>'
        except ValueError:
            return None
    if param.type == "string":
        return _literal(raw)
    restriction = "?entity a <https://schema.org/Country> ." if param.type == "country" else ""
    text = raw.strip()
    if ":" in text and text.split(":", 1)[0] in PREFIXES:
        text = PREFIXES[text.split(":", 1)[0]] + text.split(":", 1)[1]
    if text.startswith(("http://", "https://")):
        return None  # IRIs are checked by the ordinary path
    found = list(store.query(_LOOKUP.format(restriction=restriction, literal=_literal(text))))
    if len(found) != 1:
        return None
    return f"<{found[0]['entity'].value}>"


def _literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _text(value: Any) -> str | None:
    return None if value is None else str(value.value)
